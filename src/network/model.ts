/**
 * The network model: a feed-forward network of affine layers, each followed by ReLU or the
 * identity, with exact rational weights. Layer k maps its input h to act(W h + b).
 *
 * Weights are stored as sparse rows (column indices ascending, nonzero values only) whatever
 * form they were given in: constructed networks are mostly zeros (the bitonic sorter for
 * n = 1024 has 503,808 nonzero weights among 230 million), and dense networks lose nothing.
 */
import type Fraction from 'fraction.js';
import { InputError } from '../errors.js';
import { ZERO, isZero } from '../exact/rational.js';

/** The activation applied after a layer's affine map. */
export type Activation = 'relu' | 'identity';

/** One row of a weight matrix: the nonzero entries, by ascending column. */
export interface WeightRow {
  readonly cols: readonly number[];
  readonly values: readonly Fraction[];
}

/** One layer x ↦ act(W x + b) with W of shape outputs × inputs. */
export interface Layer {
  readonly inputs: number;
  readonly outputs: number;
  /** The rows of W, sparse. */
  readonly rows: readonly WeightRow[];
  readonly bias: readonly Fraction[];
  readonly activation: Activation;
  /** How the weights are written when the layer is serialized. */
  readonly storage: 'dense' | 'sparse';
}

/**
 * The largest input size and layer width any reader accepts. Far above every network relucert
 * handles (ACAS Xu: 5 inputs, width 50; MNIST: 784; the bitonic sorter for n = 1024: width 2048),
 * it stops a 70-byte file declaring 10^9 inputs before anything of that size is allocated.
 */
export const MAX_NETWORK_WIDTH = 1_000_000;

/**
 * The largest dense affine map (rows × columns entries) a command that builds them accepts: the
 * region engine, injectivity, sorting and equivalence proofs and the checker hold maps of
 * width × inputs exact integers (the pre-activations as functions of the input), and the identity
 * map inputs × inputs. The bitonic sorter for n = 1024 needs 2048 × 1024 ≈ 2.1 million.
 */
export const MAX_DENSE_MAP_ENTRIES = 4_000_000;

/** Throws an InputError at `path` when a declared size exceeds {@link MAX_NETWORK_WIDTH}. */
export function checkWidth(size: number, path: string, what: string): void {
  if (size > MAX_NETWORK_WIDTH) {
    throw new InputError('range', `${what} is ${size}, more than the limit of ${MAX_NETWORK_WIDTH.toLocaleString('en-US')} (see docs/network-format.md)`, { path });
  }
}

/**
 * Checks that the dense affine maps `command` builds fit in {@link MAX_DENSE_MAP_ENTRIES}: for
 * every layer width × inputs, and inputs × inputs (the identity map of the input). Throws an
 * InputError naming `inputs` or the widest layer, before anything of that size is allocated.
 */
export function checkDenseMapSize(net: Network, command: string): void {
  const n = net.inputs;
  let widest = -1;
  let width = n;
  net.layers.forEach((layer, k) => {
    if (layer.outputs > width) {
      width = layer.outputs;
      widest = k;
    }
  });
  const entries = width * n;
  if (entries <= MAX_DENSE_MAP_ENTRIES) return;
  const limit = MAX_DENSE_MAP_ENTRIES.toLocaleString('en-US');
  if (widest < 0) {
    throw new InputError('range', `${command} builds dense maps of inputs × inputs = ${n} × ${n} entries; at most ${limit} are supported`, { path: 'inputs' });
  }
  throw new InputError('range', `${command} builds dense maps of width × inputs = ${width} × ${n} entries for this layer; at most ${limit} are supported`, { path: `layers[${widest}]` });
}

/** A feed-forward ReLU network with exact rational weights. */
export interface Network {
  readonly inputs: number;
  readonly layers: readonly Layer[];
  readonly name?: string;
  readonly inputNames?: readonly string[];
  readonly outputNames?: readonly string[];
  /** Free-form JSON (e.g. a construction trace). */
  readonly metadata?: Readonly<Record<string, unknown>>;
}

/** Number of outputs of the network (its input size if it has no layers). */
export function outputSize(net: Network): number {
  const last = net.layers[net.layers.length - 1];
  return last === undefined ? net.inputs : last.outputs;
}

/** Builds a layer from a dense matrix (rows of length `inputs`). Zeros are dropped. */
export function denseLayer(
  weights: readonly (readonly Fraction[])[],
  bias: readonly Fraction[],
  activation: Activation,
  inputs: number = weights[0]?.length ?? 0,
): Layer {
  const rows: WeightRow[] = weights.map((row) => {
    const cols: number[] = [];
    const values: Fraction[] = [];
    row.forEach((v, j) => {
      if (!isZero(v)) {
        cols.push(j);
        values.push(v);
      }
    });
    return { cols, values };
  });
  return checkedLayer({ inputs, outputs: weights.length, rows, bias, activation, storage: 'dense' });
}

/** A sparse entry (row, column, value) of a weight matrix. */
export type SparseEntry = readonly [row: number, col: number, value: Fraction];

/**
 * Builds a layer from sparse entries. Entries may come in any order; a repeated (row, column)
 * is an error rather than a silent sum.
 */
export function sparseLayer(
  shape: readonly [outputs: number, inputs: number],
  entries: Iterable<SparseEntry>,
  bias: readonly Fraction[],
  activation: Activation,
): Layer {
  const [outputs, inputs] = shape;
  const buckets: [number, Fraction][][] = Array.from({ length: outputs }, () => []);
  for (const [i, j, v] of entries) {
    if (!(i >= 0 && i < outputs && j >= 0 && j < inputs)) {
      throw new InputError('dimension', `entry (${i}, ${j}) is outside the shape [${outputs}, ${inputs}]`);
    }
    if (!isZero(v)) (buckets[i] as [number, Fraction][]).push([j, v]);
  }
  const rows: WeightRow[] = buckets.map((bucket, i) => {
    bucket.sort((a, b) => a[0] - b[0]);
    for (let k = 1; k < bucket.length; k++) {
      if ((bucket[k] as [number, Fraction])[0] === (bucket[k - 1] as [number, Fraction])[0]) {
        throw new InputError('dimension', `entry (${i}, ${(bucket[k] as [number, Fraction])[0]}) is given twice`);
      }
    }
    return { cols: bucket.map((e) => e[0]), values: bucket.map((e) => e[1]) };
  });
  return checkedLayer({ inputs, outputs, rows, bias, activation, storage: 'sparse' });
}

function checkedLayer(layer: Layer): Layer {
  if (layer.bias.length !== layer.outputs) {
    throw new InputError('dimension', `bias has ${layer.bias.length} entries, the weights have ${layer.outputs} rows`);
  }
  return layer;
}

/** W[i][j] of a layer (zero when not stored). */
export function weightAt(layer: Layer, i: number, j: number): Fraction {
  const row = layer.rows[i] as WeightRow;
  // Rows are short or sorted: a binary search keeps this O(log nnz).
  let lo = 0;
  let hi = row.cols.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const c = row.cols[mid] as number;
    if (c === j) return row.values[mid] as Fraction;
    if (c < j) lo = mid + 1;
    else hi = mid - 1;
  }
  return ZERO;
}

/** The dense weight matrix of a layer (outputs × inputs). */
export function denseWeights(layer: Layer): Fraction[][] {
  return layer.rows.map((row) => {
    const dense: Fraction[] = new Array<Fraction>(layer.inputs).fill(ZERO);
    row.cols.forEach((j, k) => {
      dense[j] = row.values[k] as Fraction;
    });
    return dense;
  });
}

/** Number of nonzero weights of a layer. */
export function nonzeroWeights(layer: Layer): number {
  let count = 0;
  for (const row of layer.rows) count += row.cols.length;
  return count;
}

/**
 * Checks that consecutive layers fit (layer k's inputs = layer k−1's outputs, the first layer's
 * inputs = the network's) and that names have the right lengths. Throws an {@link InputError}
 * whose path names the first misfit.
 */
export function checkNetworkShape(net: Network): void {
  if (!Number.isSafeInteger(net.inputs) || net.inputs < 1) {
    throw new InputError('dimension', `expected a positive integer number of inputs, got ${net.inputs}`, { path: 'inputs' });
  }
  checkWidth(net.inputs, 'inputs', 'the number of inputs');
  let width = net.inputs;
  net.layers.forEach((layer, k) => {
    if (layer.inputs !== width) {
      const from = k === 0 ? 'the network has' : `layers[${k - 1}] outputs`;
      throw new InputError('dimension', `expects ${layer.inputs} inputs but ${from} ${width}`, { path: `layers[${k}].weights` });
    }
    checkWidth(layer.outputs, `layers[${k}]`, 'the layer width');
    width = layer.outputs;
  });
  if (net.inputNames !== undefined && net.inputNames.length !== net.inputs) {
    throw new InputError('dimension', `${net.inputNames.length} names for ${net.inputs} inputs`, { path: 'inputNames' });
  }
  if (net.outputNames !== undefined && net.outputNames.length !== width) {
    throw new InputError('dimension', `${net.outputNames.length} names for ${width} outputs`, { path: 'outputNames' });
  }
}
