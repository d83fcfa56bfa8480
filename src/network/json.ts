/**
 * The `relucert.network/1` JSON encoding of a {@link Network}: decoding with validation that
 * locates every problem by its JSON path, and the canonical encoding (reduced fractions, fixed
 * key order, storage chosen from the values) whose SHA-256 names a network in certificates.
 *
 * This lives with the model (not in formats/) because the independent checker reads embedded
 * networks and recomputes their hashes, and may import only the exact core and network/.
 */
import type Fraction from 'fraction.js';
import { InputError } from '../errors.js';
import { lcmBig } from '../exact/integer.js';
import { denominator, describeJson, formatRational, rationalFromJson } from '../exact/rational.js';
import {
  type Activation,
  type Layer,
  type Network,
  type SparseEntry,
  checkNetworkShape,
  checkWidth,
  denseLayer,
  denseWeights,
  nonzeroWeights,
  sparseLayer,
} from './model.js';

/** The format tag of network files. */
export const NETWORK_FORMAT = 'relucert.network/1';

/** How many problems a failed validation lists before it stops. */
const MAX_REPORTED = 5;

/**
 * The deepest nesting of arrays and objects accepted in any JSON input (networks, certificates,
 * domain files). relucert's own files nest at most about 20 levels; free-form `metadata` nested
 * thousands of levels deep would otherwise overflow the stack of every recursive walk (sorting
 * keys, hashing, writing). JSON.parse itself is iterative, so the check runs on the parsed value.
 */
export const MAX_JSON_DEPTH = 256;

/**
 * The JSON path of the first array or object nested deeper than `limit` levels (the top-level
 * value is level 1), or undefined when none is. Iterative, so it cannot overflow the stack itself.
 */
export function tooDeepPath(value: unknown, limit: number = MAX_JSON_DEPTH): string | undefined {
  // Each entry remembers its parent and key, so a path is built only for the one value reported.
  interface Entry {
    readonly value: unknown;
    readonly depth: number;
    readonly parent: Entry | undefined;
    readonly key: string | number;
  }
  const pathOf = (e: Entry): string => {
    let out = '';
    for (let at: Entry | undefined = e; at?.parent !== undefined; at = at.parent) {
      const head = typeof at.key === 'number' ? `[${at.key}]` : at.key;
      out = out === '' || out.startsWith('[') ? `${head}${out}` : `${head}.${out}`;
    }
    return out;
  };
  const stack: Entry[] = [{ value, depth: 1, parent: undefined, key: '' }];
  while (stack.length > 0) {
    const top = stack.pop() as Entry;
    if (typeof top.value !== 'object' || top.value === null) continue;
    if (top.depth > limit) return pathOf(top);
    if (Array.isArray(top.value)) {
      top.value.forEach((item, i) => {
        if (typeof item === 'object' && item !== null) stack.push({ value: item, depth: top.depth + 1, parent: top, key: i });
      });
    } else {
      for (const [key, item] of Object.entries(top.value)) {
        if (typeof item === 'object' && item !== null) stack.push({ value: item, depth: top.depth + 1, parent: top, key });
      }
    }
  }
  return undefined;
}

/** Throws an InputError naming the file and the first path nested deeper than {@link MAX_JSON_DEPTH}. */
export function checkJsonDepth(value: unknown, file?: string): void {
  const path = tooDeepPath(value);
  if (path !== undefined) {
    throw new InputError('range', `nested more than ${MAX_JSON_DEPTH} levels deep (arrays and objects); relucert reads JSON up to that depth`, { path, file });
  }
}

/**
 * The most digits a layer's common denominator (the lcm of its weights' and biases' denominators)
 * may have. Every exact computation scales a layer to integers over this denominator (see
 * network/compiled.ts), so weights with many distinct large denominators would multiply into one
 * huge number; real networks stay far below (float32 weights: at most 45 digits, .nnet decimals:
 * their decimal places).
 */
export const MAX_LAYER_DENOMINATOR_DIGITS = 20_000;

/**
 * The most digits a layer may have once scaled to integers over its common denominator, estimated
 * as (nonzero weights + biases) × digits of the denominator: the memory the exact layer takes.
 * A million float32 weights need about 4.5·10^7.
 */
export const MAX_LAYER_SCALED_DIGITS = 200_000_000;

let denominatorBound: bigint | undefined;

/** Checks a layer's common denominator against {@link MAX_LAYER_DENOMINATOR_DIGITS} and {@link MAX_LAYER_SCALED_DIGITS}. */
function checkLayerDenominators(layer: Layer, path: string): void {
  denominatorBound ??= 10n ** BigInt(MAX_LAYER_DENOMINATOR_DIGITS);
  let den = 1n;
  let count = 0;
  const include = (v: Fraction): void => {
    const d = denominator(v);
    count++;
    if (d === 1n || den % d === 0n) return;
    den = lcmBig(den, d);
    if (den >= (denominatorBound as bigint)) {
      throw new InputError('range', `the common denominator of this layer's weights and biases has more than ${MAX_LAYER_DENOMINATOR_DIGITS} digits (too many distinct denominators); relucert computes with each layer over one denominator`, { path });
    }
  };
  for (const row of layer.rows) row.values.forEach(include);
  layer.bias.forEach(include);
  const digits = den.toString().length;
  if (digits > 1 && count * digits > MAX_LAYER_SCALED_DIGITS) {
    throw new InputError('range', `over its common denominator of ${digits} digits this layer's ${count} weights and biases need about ${count * digits} digits; at most ${MAX_LAYER_SCALED_DIGITS} are supported`, { path });
  }
}

/** Gathers the first problems of a document, then throws them as one {@link InputError}. */
class Problems {
  readonly list: InputError[] = [];
  add(error: InputError): void {
    if (this.list.length < MAX_REPORTED) this.list.push(error);
  }
  attempt<T>(path: string, read: () => T): T | undefined {
    try {
      return read();
    } catch (e) {
      if (e instanceof InputError) {
        this.add(e.path === undefined ? new InputError(e.code, e.detail, { path }) : e);
        return undefined;
      }
      throw e;
    }
  }
  throwIfAny(file?: string): void {
    const first = this.list[0];
    if (first === undefined) return;
    const rest = this.list.slice(1).map((e) => `${e.path ?? ''}: ${e.detail}`);
    const detail = rest.length === 0 ? first.detail : `${first.detail} (also: ${rest.join('; ')}${this.list.length >= MAX_REPORTED ? '; …' : ''})`;
    throw new InputError(first.code, detail, { path: first.path, file });
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function expectArray(v: unknown, path: string, what: string): unknown[] {
  if (!Array.isArray(v)) throw new InputError('type', `expected ${what}, got ${describeJson(v)}`, { path });
  return v;
}

function expectCount(v: unknown, path: string): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) {
    throw new InputError('type', `expected a nonnegative integer, got ${describeJson(v)}`, { path });
  }
  return v;
}

function readRationals(v: unknown, path: string, problems: Problems, length?: number): Fraction[] {
  const items = expectArray(v, path, 'an array of rationals');
  if (length !== undefined && items.length !== length) {
    throw new InputError('dimension', `expected ${length} entries, got ${items.length}`, { path });
  }
  return items.map((item, i) => problems.attempt(`${path}[${i}]`, () => rationalFromJson(item, `${path}[${i}]`)) as Fraction);
}

function readNames(v: unknown, path: string): string[] {
  const items = expectArray(v, path, 'an array of strings');
  items.forEach((item, i) => {
    if (typeof item !== 'string') throw new InputError('type', `expected a string, got ${describeJson(item)}`, { path: `${path}[${i}]` });
  });
  return items as string[];
}

function readLayer(v: unknown, path: string, inputs: number, problems: Problems): Layer | undefined {
  if (!isRecord(v)) throw new InputError('type', `expected a layer object, got ${describeJson(v)}`, { path });
  for (const key of Object.keys(v)) {
    if (!['weights', 'bias', 'activation'].includes(key)) {
      problems.add(new InputError('type', `unknown key ${JSON.stringify(key)} (a layer has weights, bias, activation)`, { path: `${path}.${key}` }));
    }
  }
  const activation = v.activation;
  if (activation !== 'relu' && activation !== 'identity') {
    problems.add(
      new InputError(activation === undefined ? 'type' : 'unsupported', `${activation === undefined ? 'no activation' : `unknown activation ${describeJson(activation)}`}; expected "relu" or "identity"`, {
        path: `${path}.activation`,
      }),
    );
  }
  const act = activation as Activation;
  const w = v.weights;
  const wPath = `${path}.weights`;
  if (Array.isArray(w)) {
    checkWidth(w.length, wPath, 'the number of weight rows');
    const rows = w.map((row, i) => {
      const rowPath = `${wPath}[${i}]`;
      return problems.attempt(rowPath, () => readRationals(row, rowPath, problems, inputs)) ?? [];
    });
    const bias = problems.attempt(`${path}.bias`, () => readRationals(v.bias, `${path}.bias`, problems, rows.length));
    if (bias === undefined || problems.list.length > 0) return undefined;
    const layer = denseLayer(rows, bias, act, inputs);
    checkLayerDenominators(layer, path);
    return layer;
  }
  if (isRecord(w)) {
    for (const key of Object.keys(w)) {
      if (key !== 'shape' && key !== 'entries') {
        problems.add(new InputError('type', `unknown key ${JSON.stringify(key)} (sparse weights have shape, entries)`, { path: `${wPath}.${key}` }));
      }
    }
    const shape = expectArray(w.shape, `${wPath}.shape`, 'a shape [rows, columns]');
    if (shape.length !== 2) throw new InputError('dimension', `expected [rows, columns], got ${shape.length} numbers`, { path: `${wPath}.shape` });
    const m = expectCount(shape[0], `${wPath}.shape[0]`);
    const n = expectCount(shape[1], `${wPath}.shape[1]`);
    checkWidth(m, `${wPath}.shape[0]`, 'the number of rows');
    checkWidth(n, `${wPath}.shape[1]`, 'the number of columns');
    if (n !== inputs) {
      throw new InputError('dimension', `shape has ${n} columns but the layer receives ${inputs} inputs`, { path: `${wPath}.shape[1]` });
    }
    const entries: SparseEntry[] = [];
    expectArray(w.entries, `${wPath}.entries`, 'an array of [row, column, value] entries').forEach((e, k) => {
      const ePath = `${wPath}.entries[${k}]`;
      problems.attempt(ePath, () => {
        const triple = expectArray(e, ePath, 'an entry [row, column, value]');
        if (triple.length !== 3) throw new InputError('type', `expected [row, column, value], got ${triple.length} items`, { path: ePath });
        const i = expectCount(triple[0], `${ePath}[0]`);
        const j = expectCount(triple[1], `${ePath}[1]`);
        if (i >= m || j >= n) throw new InputError('dimension', `entry (${i}, ${j}) is outside the shape [${m}, ${n}]`, { path: ePath });
        entries.push([i, j, rationalFromJson(triple[2], `${ePath}[2]`)]);
      });
    });
    const bias = problems.attempt(`${path}.bias`, () => readRationals(v.bias, `${path}.bias`, problems, m));
    if (bias === undefined || problems.list.length > 0) return undefined;
    const layer = problems.attempt(wPath, () => sparseLayer([m, n], entries, bias, act));
    if (layer !== undefined) checkLayerDenominators(layer, path);
    return layer;
  }
  throw new InputError('type', `expected a matrix (array of rows) or {"shape", "entries"}, got ${describeJson(w)}`, { path: wPath });
}

/**
 * Decodes and validates a `relucert.network/1` document (already parsed JSON).
 * @param file named in error messages.
 * @throws InputError naming the JSON path of the first problems found.
 */
export function networkFromJson(doc: unknown, file?: string): Network {
  const problems = new Problems();
  if (!isRecord(doc)) throw new InputError('type', `expected a network object, got ${describeJson(doc)}`, { file });
  // Documents that did not come through readJsonFile (the library API, embedded networks) are checked here.
  checkJsonDepth(doc, file);
  if (doc.format !== NETWORK_FORMAT) {
    throw new InputError('type', `expected "format": "${NETWORK_FORMAT}", got ${describeJson(doc.format)}`, { path: 'format', file });
  }
  const known = ['format', 'inputs', 'layers', 'name', 'inputNames', 'outputNames', 'metadata'];
  for (const key of Object.keys(doc)) {
    if (!known.includes(key)) problems.add(new InputError('type', `unknown key (expected one of ${known.join(', ')})`, { path: key }));
  }
  const inputs = problems.attempt('inputs', () => {
    const n = expectCount(doc.inputs, 'inputs');
    if (n < 1) throw new InputError('range', 'a network needs at least one input', { path: 'inputs' });
    checkWidth(n, 'inputs', 'the number of inputs');
    return n;
  });
  problems.throwIfAny(file);
  const layersRaw = problems.attempt('layers', () => expectArray(doc.layers, 'layers', 'an array of layers')) ?? [];
  const layers: Layer[] = [];
  let width = inputs as number;
  for (let k = 0; k < layersRaw.length; k++) {
    const layer = problems.attempt(`layers[${k}]`, () => readLayer(layersRaw[k], `layers[${k}]`, width, problems));
    if (layer === undefined) break; // later layers' sizes depend on this one
    layers.push(layer);
    width = layer.outputs;
  }
  const name = doc.name === undefined ? undefined : problems.attempt('name', () => {
    if (typeof doc.name !== 'string') throw new InputError('type', `expected a string, got ${describeJson(doc.name)}`, { path: 'name' });
    return doc.name;
  });
  const inputNames = doc.inputNames === undefined ? undefined : problems.attempt('inputNames', () => readNames(doc.inputNames, 'inputNames'));
  const outputNames = doc.outputNames === undefined ? undefined : problems.attempt('outputNames', () => readNames(doc.outputNames, 'outputNames'));
  let metadata: Record<string, unknown> | undefined;
  if (doc.metadata !== undefined) {
    if (isRecord(doc.metadata)) metadata = doc.metadata;
    else problems.add(new InputError('type', `expected an object, got ${describeJson(doc.metadata)}`, { path: 'metadata' }));
  }
  problems.throwIfAny(file);
  const net: Network = {
    inputs: inputs as number,
    layers,
    ...(name !== undefined ? { name } : {}),
    ...(inputNames !== undefined ? { inputNames } : {}),
    ...(outputNames !== undefined ? { outputNames } : {}),
    ...(metadata !== undefined ? { metadata } : {}),
  };
  try {
    checkNetworkShape(net);
  } catch (e) {
    throw e instanceof InputError ? e.inFile(file ?? '') : e;
  }
  return net;
}

/** Whether the canonical encoding writes a layer sparse: when fewer than a third of its weights are nonzero. */
export function canonicalStorage(layer: Layer): 'dense' | 'sparse' {
  return 3 * nonzeroWeights(layer) < layer.outputs * layer.inputs ? 'sparse' : 'dense';
}

/** The JSON value of one layer, with the given storage. */
function layerToJson(layer: Layer, storage: 'dense' | 'sparse'): Record<string, unknown> {
  const weights =
    storage === 'dense'
      ? denseWeights(layer).map((row) => row.map(formatRational))
      : {
          shape: [layer.outputs, layer.inputs],
          entries: layer.rows.flatMap((row, i) => row.cols.map((j, k) => [i, j, formatRational(row.values[k] as Fraction)])),
        };
  return { weights, bias: layer.bias.map(formatRational), activation: layer.activation };
}

/** Recursively sorts object keys so that free-form metadata has one text form. */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (isRecord(value)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) out[key] = sortKeys(value[key]);
    return out;
  }
  return value;
}

/**
 * The canonical JSON value of a network: keys in the fixed order format, inputs, layers, name,
 * inputNames, outputNames, metadata (metadata keys sorted); reduced fractions as strings;
 * each layer dense or sparse by {@link canonicalStorage}.
 * @param part `'function'` keeps only format, inputs and layers: what the network computes,
 *   which is what certificates hash (renaming or annotating a network keeps its certificates).
 */
export function networkToJson(net: Network, part: 'all' | 'function' = 'all'): Record<string, unknown> {
  const out: Record<string, unknown> = {
    format: NETWORK_FORMAT,
    inputs: net.inputs,
    layers: net.layers.map((layer) => layerToJson(layer, canonicalStorage(layer))),
  };
  if (part === 'function') return out;
  if (net.name !== undefined) out.name = net.name;
  if (net.inputNames !== undefined) out.inputNames = [...net.inputNames];
  if (net.outputNames !== undefined) out.outputNames = [...net.outputNames];
  if (net.metadata !== undefined) out.metadata = sortKeys(net.metadata);
  return out;
}

/**
 * Canonical text of a network: {@link networkToJson} with one layer row per line for dense
 * matrices is not needed for hashing, so the hashed form is compact JSON; files use
 * {@link formatNetworkFile}.
 */
export function canonicalNetworkText(net: Network, part: 'all' | 'function' = 'function'): string {
  return JSON.stringify(networkToJson(net, part));
}

/** The text of a network file: canonical content, readable layout (one matrix row or sparse entry per line). */
export function formatNetworkFile(net: Network): string {
  const doc = networkToJson(net, 'all');
  // JSON.stringify with an indent puts every number on its own line; compact the innermost arrays.
  return `${JSON.stringify(doc, null, 2).replace(/\[\s+([^[\]{}]*?)\s+\]/g, (_m, inner: string) => `[${inner.split(/,\s+/).join(', ')}]`)}\n`;
}
