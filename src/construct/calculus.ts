/**
 * The network calculus: exact combinators on {@link Network} values, after Huybrechs 2025
 * (arXiv 2506.19104; code `AlgorithmicNeuralNets.jl`, `src/calculus.jl`, notes
 * ../shared/papers/NOTES.md §A.3).
 *
 * Every combinator works on networks in *standard form*: every layer but the last is a ReLU
 * layer, the last is affine (activation `identity`). Then
 * - {@link compose}`(f, g)` = f ∘ g multiplies g's last affine map into f's first one
 *   (W = W_f1 · W_gK, b = W_f1 · b_gK + b_f1, `hcat_model`): hidden layers add, no layer is added;
 * - {@link parallel} stacks networks block-diagonally (`vcat_model`) after padding the shallower
 *   ones with identity pairs relu(y) − relu(−y) so that all have the same depth;
 * - {@link skipRemainder} applies a network to the first outputs of another and carries the rest
 *   through identity pairs (`hcat_model_skipremainder`);
 * - {@link arrange} / {@link inPlace} apply several networks to chosen wires side by side.
 *
 * Products are sparse × sparse row products: constructed networks are mostly zeros (the bitonic
 * sorter for n = 1024 has 503,808 nonzero weights among 230 million), so nothing dense is formed.
 *
 * ## The construction trace (`metadata.trace`, format `relucert.trace/1`)
 * Each combinator records *which gadget acts on which wires at which layer*, so that a checker
 * can rebuild every weight matrix from the trace alone (src/properties/sorting/traceCheck.ts)
 * and read off the algorithm (e.g. the comparator network of a sorter). The shape is
 * {@link ConstructionTrace}: a list of *stages*; a stage maps a vector of `inputs` wires to a
 * vector of `outputs` wires through `hiddenLayers` ReLU layers and is a list of *ops*, each a
 * gadget reading the stage input wires `in` (in the gadget's input order) and writing the stage
 * output wires `out`. The rules that fix every weight:
 * 1. every stage output wire is written by exactly one op; input wires may be read by several
 *    ops or by none;
 * 2. in each hidden layer of a stage the ops' neurons come in the order the ops are listed;
 * 3. an op whose gadget has h hidden layers in a stage with H > h hidden layers is padded after
 *    the gadget by H − h layers of identity pairs on its outputs (neurons (+y_k, −y_k) per
 *    output k; Huybrechs' `ann_id(n, depth)`);
 * 4. the stage's first affine map reads the stage inputs, its last one writes the stage outputs;
 *    consecutive stages are composed as in {@link compose}: the last affine map of a stage and
 *    the first affine map of the next one are multiplied into one network layer. A stage with
 *    H hidden layers therefore spans network layers `layer` … `layer + H` (the last one shared
 *    with the next stage), where `layer` is the sum of the hidden layers of the stages before;
 *    a stage with 0 hidden layers is a pure affine map folded into network layer `layer`.
 * Traces are kept normalized: a 0-hidden stage made only of `wire` ops (a selection or
 * permutation of wires, as {@link arrange} creates) is absorbed into the next stage's `in`
 * wires, or, when it is last and a permutation, into the previous stage's `out` wires.
 * Gadgets are named in the trace; their matrices are fixed by name and `params` (the table in
 * docs/constructions.md; an `affine` op carries its exact matrix in `params`).
 */
import type Fraction from 'fraction.js';
import { InputError } from '../errors.js';
import { ONE, ZERO, formatRational, isZero, ratio } from '../exact/rational.js';
import type { Activation, Layer, Network, WeightRow } from '../network/model.js';
import { outputSize } from '../network/model.js';

/** The format tag of a construction trace. */
export const TRACE_FORMAT = 'relucert.trace/1';

/** One gadget application inside a stage (see the module comment for the rules). */
export interface TraceOp {
  /** Gadget name: `sort2`, `max2`, `min2`, `abs`, `identity`, `wire`, `tent`, `zigzag`, `affine`. */
  readonly gadget: string;
  /** Gadget parameters (rationals as strings), when the gadget has any. */
  readonly params?: Readonly<Record<string, unknown>>;
  /** Stage input wires read, in the gadget's input order. */
  readonly in: readonly number[];
  /** Stage output wires written, in the gadget's output order. */
  readonly out: readonly number[];
}

/** One stage of a trace: ops acting side by side through `hiddenLayers` ReLU layers. */
export interface TraceStage {
  /** Index of the network layer holding this stage's first affine map. */
  readonly layer: number;
  readonly hiddenLayers: number;
  readonly inputs: number;
  readonly outputs: number;
  readonly ops: readonly TraceOp[];
}

/** The construction trace stored in `metadata.trace` (format `relucert.trace/1`). */
export interface ConstructionTrace {
  readonly format: typeof TRACE_FORMAT;
  readonly inputs: number;
  readonly outputs: number;
  readonly stages: readonly TraceStage[];
}

// ---------------------------------------------------------------------------------------------
// Small exact helpers

const MINUS_ONE = ratio(-1n);
const SMALL_POSITIVE: Fraction[] = [ZERO, ONE, ratio(2n), ratio(3n), ratio(4n)];
const SMALL_NEGATIVE: Fraction[] = [ZERO, MINUS_ONE, ratio(-2n), ratio(-3n), ratio(-4n)];

/**
 * Shares one object for the small integers that make up almost every constructed weight: the
 * n = 4096 sorter has 2.9 million nonzero weights, all ±1, and one Fraction each would cost
 * hundreds of megabytes.
 */
function intern(v: Fraction): Fraction {
  if (v.d === 1n && v.n <= 4n) return (v.s < 0n ? SMALL_NEGATIVE : SMALL_POSITIVE)[Number(v.n)] as Fraction;
  return v;
}

/** An integer as an exact rational (only for safe integers). */
export function int(v: number): Fraction {
  if (!Number.isSafeInteger(v)) throw new RangeError(`${v} is not a safe integer`);
  return intern(ratio(BigInt(v)));
}

/** Builds a layer from sparse rows; storage follows the canonical one-third rule. */
export function makeLayer(inputs: number, rows: WeightRow[], bias: readonly Fraction[], activation: Activation): Layer {
  if (rows.length !== bias.length) throw new InputError('dimension', `${rows.length} rows but ${bias.length} biases`);
  let nnz = 0;
  for (const row of rows) nnz += row.cols.length;
  return { inputs, outputs: rows.length, rows, bias, activation, storage: 3 * nnz < rows.length * inputs ? 'sparse' : 'dense' };
}

/** A sparse row from a dense array of integers or rationals (zeros dropped). */
export function rowOf(values: readonly (number | Fraction)[]): WeightRow {
  const cols: number[] = [];
  const vals: Fraction[] = [];
  values.forEach((v, j) => {
    const f = typeof v === 'number' ? int(v) : intern(v);
    if (!isZero(f)) {
      cols.push(j);
      vals.push(f);
    }
  });
  return { cols, values: vals };
}

/** A layer from a small dense matrix (integers or rationals) and bias. */
export function smallLayer(
  matrix: readonly (readonly (number | Fraction)[])[],
  bias: readonly (number | Fraction)[],
  activation: Activation,
  inputs: number = matrix[0]?.length ?? 0,
): Layer {
  return makeLayer(
    inputs,
    matrix.map((r) => rowOf(r)),
    bias.map((b) => (typeof b === 'number' ? int(b) : b)),
    activation,
  );
}

/**
 * The rows of A·B for sparse A (rows over B's outputs) and sparse B (rows over `width` columns),
 * with an accumulator array reused across rows; exact zeros (cancellations) are dropped.
 */
function productRows(a: readonly WeightRow[], b: readonly WeightRow[], width: number): WeightRow[] {
  const acc: (Fraction | undefined)[] = new Array<Fraction | undefined>(width);
  const touched: number[] = [];
  return a.map((row) => {
    for (let k = 0; k < row.cols.length; k++) {
      const ak = row.values[k] as Fraction;
      const brow = b[row.cols[k] as number] as WeightRow;
      for (let t = 0; t < brow.cols.length; t++) {
        const col = brow.cols[t] as number;
        const p = ak.mul(brow.values[t] as Fraction);
        const cur = acc[col];
        if (cur === undefined) {
          acc[col] = p;
          touched.push(col);
        } else {
          acc[col] = cur.add(p);
        }
      }
    }
    touched.sort((x, y) => x - y);
    const cols: number[] = [];
    const values: Fraction[] = [];
    for (const col of touched) {
      const v = acc[col] as Fraction;
      if (!isZero(v)) {
        cols.push(col);
        values.push(intern(v));
      }
      acc[col] = undefined;
    }
    touched.length = 0;
    return { cols, values };
  });
}

/** The affine map of `outer` after that of `inner` as one layer with `outer`'s activation. */
function multiplyLayers(outer: Layer, inner: Layer): Layer {
  const rows = productRows(outer.rows, inner.rows, inner.inputs);
  const bias = outer.rows.map((row, i) => {
    let s = outer.bias[i] as Fraction;
    row.cols.forEach((j, k) => {
      s = s.add((row.values[k] as Fraction).mul(inner.bias[j] as Fraction));
    });
    return intern(s);
  });
  return makeLayer(inner.inputs, rows, bias, outer.activation);
}

// ---------------------------------------------------------------------------------------------
// Standard form, traces

/** Number of hidden (ReLU) layers of a network in standard form. */
export function hiddenLayers(net: Network): number {
  return Math.max(0, net.layers.length - 1);
}

/** Throws unless every layer but the last is ReLU and the last is affine. */
export function assertStandardForm(net: Network, what = 'network'): void {
  if (net.layers.length === 0) throw new InputError('unsupported', `${what} has no layers`);
  net.layers.forEach((layer, k) => {
    const expected: Activation = k === net.layers.length - 1 ? 'identity' : 'relu';
    if (layer.activation !== expected) {
      throw new InputError('unsupported', `${what}: layer ${k} has activation ${layer.activation}, the calculus needs ${expected} (ReLU hidden layers, affine output layer)`);
    }
  });
}

/** The construction trace of a network, if it carries one. */
export function traceOf(net: Network): ConstructionTrace | undefined {
  const t = net.metadata?.trace as ConstructionTrace | undefined;
  return t !== undefined && t.format === TRACE_FORMAT ? t : undefined;
}

function withTrace(inputs: number, layers: Layer[], trace: ConstructionTrace | undefined): Network {
  return trace === undefined ? { inputs, layers } : { inputs, layers, metadata: { trace } };
}

function isWireStage(s: TraceStage): boolean {
  return s.hiddenLayers === 0 && s.ops.every((op) => op.gadget === 'wire');
}

/** Recomputes stage layer indices and absorbs pure wire stages (see the module comment). */
function normalizeStages(inputs: number, stages: readonly TraceStage[]): ConstructionTrace {
  const list = [...stages];
  for (let i = 0; i < list.length && list.length > 1; ) {
    const s = list[i] as TraceStage;
    if (!isWireStage(s)) {
      i++;
      continue;
    }
    const src: number[] = new Array<number>(s.outputs);
    for (const op of s.ops) src[op.out[0] as number] = op.in[0] as number;
    const next = list[i + 1];
    if (next !== undefined) {
      list[i + 1] = { ...next, inputs: s.inputs, ops: next.ops.map((op) => ({ ...op, in: op.in.map((w) => src[w] as number) })) };
      list.splice(i, 1);
      continue;
    }
    const prev = list[i - 1] as TraceStage;
    const dest: number[] = new Array<number>(s.inputs).fill(-1);
    let bijective = s.inputs === s.outputs;
    src.forEach((w, j) => {
      if (dest[w] !== -1) bijective = false;
      dest[w] = j;
    });
    if (!bijective) {
      i++;
      continue;
    }
    list[i - 1] = { ...prev, outputs: s.outputs, ops: prev.ops.map((op) => ({ ...op, out: op.out.map((w) => dest[w] as number) })) };
    list.splice(i, 1);
  }
  let layer = 0;
  const out = list.map((s) => {
    const stage = { ...s, layer };
    layer += s.hiddenLayers;
    return stage;
  });
  const last = out[out.length - 1];
  return { format: TRACE_FORMAT, inputs, outputs: last === undefined ? inputs : last.outputs, stages: out };
}

/** A network made of one gadget: one stage with one op on all wires. */
export function gadgetNetwork(gadget: string, params: Record<string, unknown> | undefined, inputs: number, layers: Layer[]): Network {
  const net: Network = { inputs, layers };
  assertStandardForm(net, `gadget ${gadget}`);
  const outputs = outputSize(net);
  const op: TraceOp = {
    gadget,
    ...(params !== undefined ? { params } : {}),
    in: range(inputs),
    out: range(outputs),
  };
  const stage: TraceStage = { layer: 0, hiddenLayers: layers.length - 1, inputs, outputs, ops: [op] };
  return withTrace(inputs, layers, { format: TRACE_FORMAT, inputs, outputs, stages: [stage] });
}

function range(n: number, from = 0): number[] {
  return Array.from({ length: n }, (_, i) => from + i);
}

// ---------------------------------------------------------------------------------------------
// Primitive networks

const isRational = (v: unknown): v is Fraction =>
  typeof v === 'object' && v !== null && typeof (v as Fraction).n === 'bigint' && typeof (v as Fraction).d === 'bigint' && typeof (v as Fraction).s === 'bigint';

/**
 * The arguments of {@link affineNetwork} as a library caller may get them wrong (a dense row
 * `[1, 2]` instead of `rowOf([1, 2])`, a plain number for a rational): an InputError naming the
 * argument, not a TypeError from deep inside.
 */
function checkAffineArguments(inputs: number, rows: readonly WeightRow[], bias: readonly Fraction[]): void {
  if (!Number.isSafeInteger(inputs) || inputs < 0) throw new InputError('type', `expected a number of inputs (a nonnegative integer), got ${String(inputs)}`, { path: 'inputs' });
  if (!Array.isArray(rows)) throw new InputError('type', 'expected an array of sparse rows { cols, values }', { path: 'rows' });
  if (!Array.isArray(bias)) throw new InputError('type', 'expected an array of rationals (Fraction)', { path: 'bias' });
  rows.forEach((row: unknown, i) => {
    const r = row as Partial<WeightRow> | null;
    if (typeof r !== 'object' || r === null || Array.isArray(r) || !Array.isArray(r.cols) || !Array.isArray(r.values)) {
      throw new InputError('type', `expected a sparse row { cols, values }${Array.isArray(row) ? ', got a dense array (convert it with rowOf)' : ''}`, { path: `rows[${i}]` });
    }
    if (r.cols.length !== r.values.length) throw new InputError('dimension', `${r.cols.length} columns but ${r.values.length} values`, { path: `rows[${i}]` });
    r.cols.forEach((c, k) => {
      if (!Number.isInteger(c) || c < 0 || c >= inputs || (k > 0 && c <= (r.cols?.[k - 1] as number))) {
        throw new InputError('range', `expected ascending column indices in 0..${inputs - 1}, got ${String(c)}`, { path: `rows[${i}].cols[${k}]` });
      }
    });
    r.values.forEach((v, k) => {
      if (!isRational(v)) throw new InputError('type', `expected a rational (Fraction), got ${typeof v}`, { path: `rows[${i}].values[${k}]` });
    });
  });
  bias.forEach((v, i) => {
    if (!isRational(v)) throw new InputError('type', `expected a rational (Fraction), got ${typeof v}`, { path: `bias[${i}]` });
  });
}

/**
 * The affine map x ↦ W x + b as a network: one affine layer, no hidden layer.
 * Traced as one `affine` op carrying its exact matrix (entries [row, col, "p/q"]) and bias.
 */
export function affineNetwork(inputs: number, rows: readonly WeightRow[], bias: readonly Fraction[]): Network {
  checkAffineArguments(inputs, rows, bias);
  const layer = makeLayer(
    inputs,
    rows.map((r) => ({ cols: [...r.cols], values: r.values.map(intern) })),
    bias.map(intern),
    'identity',
  );
  const params = {
    inputs,
    weights: layer.rows.flatMap((row, i) => row.cols.map((j, k) => [i, j, formatRational(row.values[k] as Fraction)])),
    bias: layer.bias.map(formatRational),
  };
  return gadgetNetwork('affine', params, inputs, [layer]);
}

/**
 * The wiring x ↦ (x_{s_0}, …, x_{s_{m−1}}): a 0/1 selection (copies and permutations allowed).
 * Traced as one `wire` op per output, which trace normalization folds into neighbouring stages.
 */
export function wireNetwork(inputs: number, sources: readonly number[]): Network {
  sources.forEach((s, j) => {
    if (!(Number.isInteger(s) && s >= 0 && s < inputs)) throw new InputError('dimension', `wire ${j} reads input ${s}, outside 0..${inputs - 1}`);
  });
  const layer = makeLayer(
    inputs,
    sources.map((s) => ({ cols: [s], values: [ONE] })),
    sources.map(() => ZERO),
    'identity',
  );
  const ops: TraceOp[] = sources.map((s, j) => ({ gadget: 'wire', in: [s], out: [j] }));
  const stage: TraceStage = { layer: 0, hiddenLayers: 0, inputs, outputs: sources.length, ops };
  return withTrace(inputs, [layer], { format: TRACE_FORMAT, inputs, outputs: sources.length, stages: [stage] });
}

/**
 * The identity on R^m carried through `depth` hidden layers as y = relu(y) − relu(−y)
 * (Huybrechs `ann_id(n, depth)`): first layer rows (e_k, −e_k) for k = 0..m−1, middle layers
 * the 2×2 blocks [[1, −1], [−1, 1]] (the product of [1 −1] and [1; −1]), last layer [1 −1] per
 * wire; 2m neurons per hidden layer. With depth 0 it is the affine identity ({@link wireNetwork}).
 * Traced as one stage of `identity` ops, one per wire.
 */
export function identityNetwork(m: number, depth = 1): Network {
  if (depth === 0) return wireNetwork(m, range(m));
  const layers: Layer[] = [];
  const first: WeightRow[] = [];
  const middle: WeightRow[] = [];
  const last: WeightRow[] = [];
  for (let k = 0; k < m; k++) {
    first.push({ cols: [k], values: [ONE] }, { cols: [k], values: [MINUS_ONE] });
    middle.push({ cols: [2 * k, 2 * k + 1], values: [ONE, MINUS_ONE] }, { cols: [2 * k, 2 * k + 1], values: [MINUS_ONE, ONE] });
    last.push({ cols: [2 * k, 2 * k + 1], values: [ONE, MINUS_ONE] });
  }
  const zeros = (n: number): Fraction[] => new Array<Fraction>(n).fill(ZERO);
  layers.push(makeLayer(m, first, zeros(2 * m), 'relu'));
  for (let d = 1; d < depth; d++) layers.push(makeLayer(2 * m, middle, zeros(2 * m), 'relu'));
  layers.push(makeLayer(2 * m, last, zeros(m), 'identity'));
  const ops: TraceOp[] = range(m).map((k) => ({ gadget: 'identity', in: [k], out: [k] }));
  const stage: TraceStage = { layer: 0, hiddenLayers: depth, inputs: m, outputs: m, ops };
  return withTrace(m, layers, { format: TRACE_FORMAT, inputs: m, outputs: m, stages: [stage] });
}

// ---------------------------------------------------------------------------------------------
// Combinators

/**
 * Sequential composition f ∘ g (g first). g's last affine map is multiplied into f's first
 * layer exactly (Huybrechs `hcat_model`): the result has hidden(f) + hidden(g) hidden layers,
 * no extra layer. The trace is g's stages followed by f's.
 * @throws InputError when the sizes do not fit or a network is not in standard form.
 */
export function compose(f: Network, g: Network): Network {
  assertStandardForm(f, 'compose: the outer network');
  assertStandardForm(g, 'compose: the inner network');
  const gOut = outputSize(g);
  if (f.inputs !== gOut) throw new InputError('dimension', `compose: the outer network takes ${f.inputs} inputs, the inner one gives ${gOut}`);
  const gLast = g.layers[g.layers.length - 1] as Layer;
  const merged = multiplyLayers(f.layers[0] as Layer, gLast);
  const layers = [...g.layers.slice(0, -1), merged, ...f.layers.slice(1)];
  const tf = traceOf(f);
  const tg = traceOf(g);
  const trace = tf !== undefined && tg !== undefined ? normalizeStages(g.inputs, [...tg.stages, ...tf.stages]) : undefined;
  return withTrace(g.inputs, layers, trace);
}

/** f_k ∘ … ∘ f_1 for the list [f_1, …, f_k] (the first network acts first). */
export function composeAll(nets: readonly Network[]): Network {
  const first = nets[0];
  if (first === undefined) throw new InputError('usage', 'composeAll: no networks');
  let acc = first;
  for (let i = 1; i < nets.length; i++) acc = compose(nets[i] as Network, acc);
  return acc;
}

/**
 * The network padded to `depth` hidden layers with identity pairs after it:
 * identity(depth − hidden) ∘ net. Its trace is net's with the last stage deepened by the same
 * amount (trace rule 3: the ops of the last stage are padded after their gadgets).
 */
export function padTo(net: Network, depth: number): Network {
  assertStandardForm(net);
  const h = hiddenLayers(net);
  if (h === depth) return net;
  if (h > depth) throw new InputError('dimension', `cannot pad a network with ${h} hidden layers to ${depth}`);
  const out = outputSize(net);
  const padded = compose(stripTrace(identityNetwork(out, depth - h)), stripTrace(net));
  const t = traceOf(net);
  if (t === undefined) return padded;
  const stages = t.stages.map((s, i) => (i === t.stages.length - 1 ? { ...s, hiddenLayers: s.hiddenLayers + depth - h } : s));
  return withTrace(net.inputs, [...padded.layers], { ...t, stages });
}

function stripTrace(net: Network): Network {
  return { inputs: net.inputs, layers: net.layers };
}

/**
 * Parallel composition: x = (x¹, …, xᵏ) ↦ (N₁(x¹), …, N_k(xᵏ)) with block-diagonal weights and
 * concatenated biases (Huybrechs `vcat_model`). Shallower networks are first padded with
 * identity-pair layers ({@link padTo}) so that all have the same depth. The traces are merged
 * stage by stage when every branch has the same sequence of stage depths (always so for the
 * single-stage branches the constructions use); otherwise the result carries no trace.
 */
export function parallel(...nets: Network[]): Network {
  if (nets.length === 0) throw new InputError('usage', 'parallel: no networks');
  for (const n of nets) assertStandardForm(n, 'parallel: a branch');
  const depth = Math.max(...nets.map(hiddenLayers));
  const padded = nets.map((n) => padTo(n, depth));
  const layers: Layer[] = [];
  for (let d = 0; d <= depth; d++) {
    const rows: WeightRow[] = [];
    const bias: Fraction[] = [];
    let offset = 0;
    for (const n of padded) {
      const layer = n.layers[d] as Layer;
      for (const row of layer.rows) rows.push(offset === 0 ? row : { cols: row.cols.map((c) => c + offset), values: row.values });
      for (const b of layer.bias) bias.push(b);
      offset += layer.inputs;
    }
    layers.push(makeLayer(offset, rows, bias, d === depth ? 'identity' : 'relu'));
  }
  const inputs = padded.reduce((s, n) => s + n.inputs, 0);
  return withTrace(inputs, layers, mergeTraces(padded));
}

function mergeTraces(nets: readonly Network[]): ConstructionTrace | undefined {
  const traces = nets.map(traceOf);
  if (traces.some((t) => t === undefined)) return undefined;
  const ts = traces as ConstructionTrace[];
  const shape = (t: ConstructionTrace): string => t.stages.map((s) => s.hiddenLayers).join(',');
  const first = ts[0] as ConstructionTrace;
  if (ts.some((t) => shape(t) !== shape(first))) return undefined;
  const stages: TraceStage[] = first.stages.map((s0, k) => {
    let inOff = 0;
    let outOff = 0;
    const ops: TraceOp[] = [];
    for (const t of ts) {
      const s = t.stages[k] as TraceStage;
      for (const op of s.ops) ops.push({ ...op, in: op.in.map((w) => w + inOff), out: op.out.map((w) => w + outOff) });
      inOff += s.inputs;
      outOff += s.outputs;
    }
    return { layer: s0.layer, hiddenLayers: s0.hiddenLayers, inputs: inOff, outputs: outOff, ops };
  });
  return normalizeStages(
    ts.reduce((s, t) => s + t.inputs, 0),
    stages,
  );
}

/**
 * g applied to the first g.inputs outputs of f, the remaining outputs of f carried through g's
 * depth by identity pairs (Huybrechs `hcat_model_skipremainder`): (g ⊕ id) ∘ f.
 */
export function skipRemainder(g: Network, f: Network): Network {
  const extra = outputSize(f) - g.inputs;
  if (extra < 0) throw new InputError('dimension', `skipRemainder: g takes ${g.inputs} inputs, f gives only ${outputSize(f)}`);
  if (extra === 0) return compose(g, f);
  return compose(parallel(g, identityNetwork(extra, hiddenLayers(g))), f);
}

/** A network applied to chosen wires: reads `in`, writes `out` (see {@link arrange}). */
export interface WirePart {
  readonly net: Network;
  readonly in: readonly number[];
  readonly out: readonly number[];
}

/**
 * Several networks side by side on a vector of `inputs` wires, producing `outputs` wires: part p
 * reads the wires `in` (in its input order; wires may be read by several parts) and writes the
 * wires `out`; every output wire must be written by exactly one part. Built as
 * scatter ∘ parallel(parts) ∘ select, where select and scatter are wirings folded exactly into
 * the first and last layers; in the trace they become the ops' `in` and `out` wires.
 */
export function arrange(inputs: number, outputs: number, parts: readonly WirePart[]): Network {
  const written = new Array<number>(outputs).fill(-1);
  const allIn: number[] = [];
  const allOut: number[] = [];
  parts.forEach((p, k) => {
    const pOut = outputSize(p.net);
    if (p.in.length !== p.net.inputs || p.out.length !== pOut) {
      throw new InputError('dimension', `arrange: part ${k} has ${p.net.inputs}→${pOut} wires but is given ${p.in.length}→${p.out.length}`);
    }
    for (const w of p.in) {
      if (!(Number.isInteger(w) && w >= 0 && w < inputs)) throw new InputError('dimension', `arrange: part ${k} reads wire ${w}, outside 0..${inputs - 1}`);
      allIn.push(w);
    }
    for (const w of p.out) {
      if (!(Number.isInteger(w) && w >= 0 && w < outputs)) throw new InputError('dimension', `arrange: part ${k} writes wire ${w}, outside 0..${outputs - 1}`);
      if (written[w] !== -1) throw new InputError('dimension', `arrange: wire ${w} is written by parts ${written[w]} and ${k}`);
      written[w] = allOut.length;
      allOut.push(w);
    }
  });
  const missing = written.indexOf(-1);
  if (missing !== -1) throw new InputError('dimension', `arrange: no part writes output wire ${missing}`);
  const block = parallel(...parts.map((p) => p.net));
  return compose(wireNetwork(allOut.length, written), compose(block, wireNetwork(inputs, allIn)));
}

/**
 * Networks applied in place to disjoint sets of wires of an n-vector (each part writes back to
 * the wires it reads); every other wire is carried through by an identity pair. Parts are laid
 * out in the order of their smallest wire, carried wires included, so neurons follow the wires.
 */
export function inPlace(n: number, parts: readonly { readonly net: Network; readonly wires: readonly number[] }[]): Network {
  const covered = new Array<boolean>(n).fill(false);
  for (const p of parts) {
    for (const w of p.wires) {
      if (!(Number.isInteger(w) && w >= 0 && w < n)) throw new InputError('dimension', `inPlace: wire ${w} outside 0..${n - 1}`);
      if (covered[w] === true) throw new InputError('dimension', `inPlace: wire ${w} is used by two parts`);
      covered[w] = true;
    }
  }
  const depth = Math.max(0, ...parts.map((p) => hiddenLayers(p.net)));
  const carried = range(n).filter((w) => covered[w] !== true);
  const carry = carried.length === 0 ? undefined : identityNetwork(1, depth);
  const all: WirePart[] = [
    ...parts.map((p) => ({ net: p.net, in: p.wires, out: p.wires })),
    ...carried.map((w) => ({ net: carry as Network, in: [w], out: [w] })),
  ];
  all.sort((a, b) => Math.min(...a.in) - Math.min(...b.in));
  return arrange(n, n, all);
}
