/**
 * The `.nnet` text format (Kyle Julian, Stanford 2016; the ACAS Xu networks of Reluplex).
 *
 * Layout, after optional `//` comment lines at the head (every line comma separated, a trailing
 * comma is normal):
 * 1. `numLayers,inputSize,outputSize,maxLayerSize`
 * 2. the `numLayers + 1` layer sizes, input first
 * 3. a flag line (historically "symmetric"; unused)
 * 4. input minimums (inputSize numbers), 5. input maximums (inputSize),
 * 6. means (inputSize + 1: the last is the output mean), 7. ranges (inputSize + 1: the last is the output range)
 * 8. per layer: one line per weight row (as many numbers as the layer has inputs), then one line
 *    per bias.
 *
 * Hidden layers are ReLU, the last layer is affine. Every number is decimal text and is read
 * exactly as written: `5.40062e-02` is 540062/10^7, not the nearest binary float.
 */
import type Fraction from 'fraction.js';
import { InputError } from '../errors.js';
import { ONE, ZERO, denominator, formatRational, numerator, parseRational } from '../exact/rational.js';
import { type Activation, type Layer, type Network, checkNetworkShape, checkWidth, denseLayer, denseWeights } from '../network/model.js';
import { checkDenseExport } from './limits.js';

/** A parsed `.nnet` file: the stored network and its normalization constants. */
export interface NnetFile {
  /** The network as stored: ReLU on hidden layers, identity on the last; acts on normalized units. */
  network: Network;
  /** Lower clipping bounds of the inputs, in physical units. */
  inputMinimums: Fraction[];
  /** Upper clipping bounds of the inputs, in physical units. */
  inputMaximums: Fraction[];
  /** Per-input means subtracted by the input normalization. */
  inputMeans: Fraction[];
  /** Per-input ranges divided by in the input normalization. */
  inputRanges: Fraction[];
  /** Added to every output by the output de-normalization (after scaling). */
  outputMean: Fraction;
  /** Every output is multiplied by this in the output de-normalization. */
  outputRange: Fraction;
}

/**
 * Which network a `.nnet` file denotes.
 * - `'raw'`: the stored network. It acts on normalized inputs (x − mean)/range and produces
 *   normalized outputs. This is what VNN-LIB properties (and the VNN-COMP ONNX versions of the
 *   ACAS Xu networks) refer to, so it is the default everywhere a `.nnet` file is read.
 * - `'normalized'`: input normalization and output de-normalization folded exactly into the first
 *   and last layers, so the network acts on physical units.
 */
export type NnetSemantics = 'raw' | 'normalized';

/** One significant (non-blank) line of the file with its 1-based line number. */
interface SourceLine {
  readonly text: string;
  readonly number: number;
}

/** Walks the significant lines, reporting a truncated file with what was expected next. */
class LineCursor {
  private index = 0;
  constructor(
    private readonly lines: readonly SourceLine[],
    private readonly lastLineNumber: number,
  ) {}

  next(expected: string): SourceLine {
    const line = this.lines[this.index];
    if (line === undefined) {
      throw new InputError('parse', `the file ends early: expected ${expected}`, { path: `line ${this.lastLineNumber + 1}` });
    }
    this.index++;
    return line;
  }

  rest(): SourceLine | undefined {
    return this.lines[this.index];
  }
}

/** The comma separated cells of a line; one trailing comma (or trailing empty cell) is dropped. */
function cells(line: SourceLine): string[] {
  const parts = line.text.split(',').map((s) => s.trim());
  if (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  return parts;
}

/** Reads exactly `count` rationals from a line (`count` undefined: any number of them). */
function numbers(line: SourceLine, count: number | undefined, what: string): Fraction[] {
  const parts = cells(line);
  const path = `line ${line.number}`;
  if (count !== undefined && parts.length !== count) {
    throw new InputError('dimension', `expected ${count} number${count === 1 ? '' : 's'} (${what}), got ${parts.length}`, { path });
  }
  return parts.map((part, k) => {
    if (part === '') throw new InputError('parse', `entry ${k + 1} is empty (${what})`, { path });
    try {
      return parseRational(part, path);
    } catch (e) {
      if (e instanceof InputError) throw new InputError(e.code, `entry ${k + 1} (${what}): ${e.detail}`, { path });
      throw e;
    }
  });
}

/** Reads a line of positive integers (sizes). */
function counts(line: SourceLine, count: number | undefined, what: string): number[] {
  const parts = cells(line);
  const path = `line ${line.number}`;
  if (count !== undefined && parts.length !== count) {
    throw new InputError('dimension', `expected ${count} integers (${what}), got ${parts.length}`, { path });
  }
  return parts.map((part, k) => {
    if (!/^\d+$/.test(part) || part.length > 9 || Number(part) < 1) {
      throw new InputError('parse', `entry ${k + 1} (${what}): expected a positive integer, got ${JSON.stringify(part)}`, { path });
    }
    return Number(part);
  });
}

/** The file name without folders and without the `.nnet` extension, for the network's name. */
function baseName(file: string): string {
  const last = file.split(/[\\/]/).pop() ?? file;
  return last.replace(/\.nnet$/i, '');
}

/**
 * Parses `.nnet` text. Every number is read exactly as written (decimal text → rational).
 * The returned {@link NnetFile.network} is the raw stored network; its metadata records the
 * normalization constants (see {@link nnetNetwork}).
 * @param file named in error messages (and, without folders and extension, the network's name).
 * @throws InputError naming the file and the line number: truncated file, a cell that is not a
 *   number, a line with the wrong number of cells, inconsistent sizes, trailing content.
 */
export function parseNnet(text: string, file?: string): NnetFile {
  try {
    return parseNnetText(text, file);
  } catch (e) {
    throw e instanceof InputError && file !== undefined ? e.inFile(file) : e;
  }
}

function parseNnetText(text: string, file: string | undefined): NnetFile {
  const raw = text.split(/\r?\n/);
  const lines: SourceLine[] = [];
  let inHeader = true;
  raw.forEach((t, i) => {
    const trimmed = t.trim();
    if (inHeader && trimmed.startsWith('//')) return;
    if (trimmed === '') return; // blank lines carry nothing; line numbers stay those of the file
    inHeader = false;
    lines.push({ text: trimmed, number: i + 1 });
  });
  if (lines.length === 0) throw new InputError('parse', 'the file is empty (no .nnet header line)');
  let lastLineNumber = raw.length;
  while (lastLineNumber > 0 && (raw[lastLineNumber - 1] ?? '').trim() === '') lastLineNumber--;
  const cursor = new LineCursor(lines, lastLineNumber);

  const headerLine = cursor.next('the header numLayers,inputSize,outputSize,maxLayerSize');
  const [numLayers, inputSize, outputSize, maxLayerSize] = counts(headerLine, 4, 'numLayers,inputSize,outputSize,maxLayerSize') as [
    number,
    number,
    number,
    number,
  ];
  const sizesLine = cursor.next(`the ${numLayers + 1} layer sizes`);
  const sizes = counts(sizesLine, numLayers + 1, 'layer sizes, input first');
  const at = `line ${sizesLine.number}`;
  // Before any row is read: a header may declare sizes no file of that length could hold.
  sizes.forEach((size, k) => checkWidth(size, at, k === 0 ? 'the input size' : `layer size ${k + 1}`));
  if (sizes[0] !== inputSize) {
    throw new InputError('dimension', `the first layer size ${sizes[0]} differs from inputSize ${inputSize} (line ${headerLine.number})`, { path: at });
  }
  if (sizes[numLayers] !== outputSize) {
    throw new InputError('dimension', `the last layer size ${sizes[numLayers]} differs from outputSize ${outputSize} (line ${headerLine.number})`, {
      path: at,
    });
  }
  if (Math.max(...sizes) !== maxLayerSize) {
    throw new InputError('dimension', `the largest layer size ${Math.max(...sizes)} differs from maxLayerSize ${maxLayerSize} (line ${headerLine.number})`, {
      path: at,
    });
  }
  cursor.next('the flag line'); // historically a "symmetric" flag; no reader uses it
  const inputMinimums = numbers(cursor.next('the input minimums'), inputSize, 'input minimums');
  const inputMaximums = numbers(cursor.next('the input maximums'), inputSize, 'input maximums');
  const means = numbers(cursor.next('the means'), inputSize + 1, 'input means, then the output mean');
  const ranges = numbers(cursor.next('the ranges'), inputSize + 1, 'input ranges, then the output range');

  const layers: Layer[] = [];
  for (let k = 0; k < numLayers; k++) {
    const inputs = sizes[k] as number;
    const outputs = sizes[k + 1] as number;
    const rows: Fraction[][] = [];
    for (let i = 0; i < outputs; i++) {
      const what = `layer ${k + 1} weight row ${i + 1} of ${outputs}`;
      rows.push(numbers(cursor.next(what), inputs, what));
    }
    const bias: Fraction[] = [];
    for (let i = 0; i < outputs; i++) {
      const what = `layer ${k + 1} bias ${i + 1} of ${outputs}`;
      bias.push((numbers(cursor.next(what), 1, what) as [Fraction])[0]);
    }
    const activation: Activation = k === numLayers - 1 ? 'identity' : 'relu';
    layers.push(denseLayer(rows, bias, activation, inputs));
  }
  const extra = cursor.rest();
  if (extra !== undefined) {
    throw new InputError('parse', `unexpected content after the last layer's biases: ${JSON.stringify(extra.text.slice(0, 40))}`, {
      path: `line ${extra.number}`,
    });
  }
  const parsed: NnetFile = {
    network: { inputs: inputSize, layers },
    inputMinimums,
    inputMaximums,
    inputMeans: means.slice(0, inputSize),
    inputRanges: ranges.slice(0, inputSize),
    outputMean: means[inputSize] as Fraction,
    outputRange: ranges[inputSize] as Fraction,
  };
  parsed.network = {
    inputs: inputSize,
    layers,
    ...(file !== undefined ? { name: baseName(file) } : {}),
    metadata: nnetMetadata(parsed, 'raw'),
  };
  return parsed;
}

/** (x − mean)/range per input: the raw network's view of a physical point. */
function normalizeInputs(parsed: NnetFile, values: readonly Fraction[]): Fraction[] {
  return values.map((v, i) => v.sub(parsed.inputMeans[i] as Fraction).div(parsed.inputRanges[i] as Fraction));
}

/**
 * The metadata a `.nnet` network carries: where it came from, which semantics, the constants,
 * and `domainMinimums`/`domainMaximums`: the file's clipping box expressed in the coordinates the
 * returned network acts on (physical for 'normalized', normalized for 'raw'; absent for 'raw' when
 * an input range is 0). All as strings.
 */
function nnetMetadata(parsed: NnetFile, semantics: NnetSemantics): Record<string, unknown> {
  const text = (values: readonly Fraction[]): string[] => values.map(formatRational);
  // A zero range has no raw-coordinate image of the box (nnetNetwork 'normalized' rejects it too).
  const mappable = semantics === 'normalized' || parsed.inputRanges.every((r) => !r.equals(ZERO));
  const domain = mappable
    ? {
        domainMinimums: text(semantics === 'raw' ? normalizeInputs(parsed, parsed.inputMinimums) : parsed.inputMinimums),
        domainMaximums: text(semantics === 'raw' ? normalizeInputs(parsed, parsed.inputMaximums) : parsed.inputMaximums),
      }
    : {};
  return {
    source: 'nnet',
    nnetSemantics: semantics,
    inputMinimums: text(parsed.inputMinimums),
    inputMaximums: text(parsed.inputMaximums),
    inputMeans: text(parsed.inputMeans),
    inputRanges: text(parsed.inputRanges),
    outputMean: formatRational(parsed.outputMean),
    outputRange: formatRational(parsed.outputRange),
    ...domain,
  };
}

/**
 * The network a parsed `.nnet` file denotes under the given semantics (see {@link NnetSemantics};
 * readers default to `'raw'`).
 *
 * `'normalized'` folds x ↦ (x − mean)/range into the first layer (W' = W·diag(1/range),
 * b' = b − W·(mean/range)) and y ↦ y·outputRange + outputMean into the last layer, exactly.
 * The reference implementation also clips every input to [min, max] before normalizing; the
 * folded network does not clip: it is the affine-ReLU network, and clipping belongs to the
 * domain. The minimums and maximums are recorded in `metadata` (`inputMinimums`,
 * `inputMaximums`, and `domainMinimums`/`domainMaximums` in the returned network's own input
 * coordinates) so a caller can take them as the input box.
 * @throws InputError('range') when folding needs to divide by a zero input range.
 */
export function nnetNetwork(parsed: NnetFile, semantics: NnetSemantics): Network {
  const base = parsed.network;
  if (semantics === 'raw') return { ...base, metadata: nnetMetadata(parsed, 'raw') };
  if (base.layers.length === 0) return { ...base, metadata: nnetMetadata(parsed, 'normalized') };
  parsed.inputRanges.forEach((r, j) => {
    if (r.equals(ZERO)) throw new InputError('range', `input ${j + 1} has range 0: its normalization divides by zero`, { path: 'inputRanges' });
  });
  const layers = base.layers.map((layer, k) => {
    let weights = denseWeights(layer);
    let bias = [...layer.bias];
    if (k === 0) {
      // W(x − m)/r + b = (W/r) x + (b − W m/r)
      bias = bias.map((b, i) =>
        (weights[i] as Fraction[]).reduce(
          (acc, w, j) => acc.sub(w.mul(parsed.inputMeans[j] as Fraction).div(parsed.inputRanges[j] as Fraction)),
          b,
        ),
      );
      weights = weights.map((row) => row.map((w, j) => w.div(parsed.inputRanges[j] as Fraction)));
    }
    if (k === base.layers.length - 1) {
      const scale = parsed.outputRange;
      weights = weights.map((row) => row.map((w) => w.mul(scale)));
      bias = bias.map((b) => b.mul(scale).add(parsed.outputMean));
    }
    return denseLayer(weights, bias, layer.activation, layer.inputs);
  });
  const net: Network = { ...base, layers, metadata: nnetMetadata(parsed, 'normalized') };
  checkNetworkShape(net);
  return net;
}

/** V8's longest string (2^29 − 24 characters). */
const MAX_TEXT_LENGTH = 2 ** 29 - 24;

/** The input clipping bound the writer records: far beyond any value a user means. */
const NO_CLIP = '1e30';

/**
 * Exact decimal text of a rational whose denominator is 2^a·5^b, or undefined when the
 * rational has no finite decimal expansion.
 */
function exactDecimal(r: Fraction): string | undefined {
  let d = denominator(r);
  let twos = 0;
  let fives = 0;
  while (d % 2n === 0n) {
    d /= 2n;
    twos++;
  }
  while (d % 5n === 0n) {
    d /= 5n;
    fives++;
  }
  if (d !== 1n) return undefined;
  const places = Math.max(twos, fives);
  const n = numerator(r);
  const scaled = (n < 0n ? -n : n) * (10n ** BigInt(places) / denominator(r));
  let digits = scaled.toString();
  if (places > 0) {
    digits = digits.padStart(places + 1, '0');
    digits = `${digits.slice(0, digits.length - places)}.${digits.slice(digits.length - places)}`;
  }
  return n < 0n ? `-${digits}` : digits;
}

/**
 * Writes a network as `.nnet` text. The format fixes the activations (ReLU on hidden layers,
 * identity on the last) and holds decimals, so every weight and bias must be a finite decimal
 * (denominator 2^a·5^b); it is then written exactly. The normalization is the identity (means 0,
 * ranges 1) and the clipping bounds are ±1e30, so the file's raw and normalized semantics are
 * both the given network.
 * @throws InputError('unsupported') naming the first weight or bias that is not a finite decimal,
 *   or the first layer whose activation the format cannot express.
 */
export function formatNnet(net: Network): string {
  const layers = net.layers;
  if (layers.length === 0) throw new InputError('unsupported', '.nnet cannot hold a network without layers', { path: 'layers' });
  layers.forEach((layer, k) => {
    const expected: Activation = k === layers.length - 1 ? 'identity' : 'relu';
    if (layer.activation !== expected) {
      throw new InputError(
        'unsupported',
        `.nnet networks have ReLU on hidden layers and the identity on the last; this layer is ${layer.activation}`,
        { path: `layers[${k}].activation` },
      );
    }
  });
  const write = (r: Fraction, path: string): string => {
    const text = exactDecimal(r);
    if (text === undefined) {
      throw new InputError('unsupported', `${formatRational(r)} has no finite decimal expansion; .nnet holds decimal numbers only`, { path });
    }
    return text;
  };
  checkDenseExport(net, '.nnet');
  const sizes = [net.inputs, ...layers.map((l) => l.outputs)];
  const n = net.inputs;
  const line = (values: readonly string[]): string => `${values.join(',')},`;
  const out: string[] = [
    '// Written by relucert: exact decimal weights, identity normalization.',
    line([String(layers.length), String(n), String(sizes[sizes.length - 1]), String(Math.max(...sizes))]),
    line(sizes.map(String)),
    '0,',
    line(new Array<string>(n).fill(`-${NO_CLIP}`)),
    line(new Array<string>(n).fill(NO_CLIP)),
    line(new Array<string>(n + 1).fill(formatRational(ZERO))),
    line(new Array<string>(n + 1).fill(formatRational(ONE))),
  ];
  // Long decimals can still make the text longer than a JavaScript string: count as it grows.
  let length = out.reduce((sum, l) => sum + l.length + 1, 0);
  const push = (text: string, path: string): void => {
    length += text.length + 1;
    if (length > MAX_TEXT_LENGTH) throw new InputError('unsupported', `the .nnet text would be longer than ${MAX_TEXT_LENGTH} characters, the longest string JavaScript holds`, { path });
    out.push(text);
  };
  layers.forEach((layer, k) => {
    denseWeights(layer).forEach((row, i) => push(line(row.map((w, j) => write(w, `layers[${k}].weights[${i}][${j}]`))), `layers[${k}].weights[${i}]`));
    layer.bias.forEach((b, i) => push(line([write(b, `layers[${k}].bias[${i}]`)]), `layers[${k}].bias[${i}]`));
  });
  return `${out.join('\n')}\n`;
}
