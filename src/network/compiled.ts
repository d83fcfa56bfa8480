/**
 * A network compiled for exact integer arithmetic: each layer's weights and bias as BigInt
 * numerators over one common layer denominator. Every hot loop (evaluation, affine maps of
 * activation patterns, certificate checks) runs on this form.
 *
 * Each layer also carries a float64 copy of its weights (column-compressed) for the sign filter
 * of evaluate.ts, which decides a neuron's sign in floating point only when a rigorous error
 * bound proves it. The float copy never reaches a result by itself.
 */
import type Fraction from 'fraction.js';
import { denominator, numerator } from '../exact/rational.js';
import { lcmBig } from '../exact/integer.js';
import type { Network } from './model.js';
import { FLOAT_CONVERSION_DELTA, UNIT_ROUNDOFF, rationalToFloat } from '../exact/float.js';

/**
 * The float64 image of a layer, column-compressed (CSC) so that the filter can skip the inputs
 * that are exactly zero (every ReLU that is off) at the cost of one test per column.
 * Column j's entries are `rowIndex[p]`, `weight[p]` for p in [colStart[j], colStart[j+1]).
 */
export interface FloatLayer {
  readonly colStart: Int32Array;
  readonly rowIndex: Int32Array;
  /** fl(w) for each stored weight: the correctly rounded quotient of its fl(numerator), fl(denominator). */
  readonly weight: Float64Array;
  /** |fl(w)|. */
  readonly weightAbs: Float64Array;
  /** fl(b). */
  readonly bias: Float64Array;
  /** α·|fl(b)| with α the layer's rounding factor (see evaluate.ts). */
  readonly biasBound: Float64Array;
  /** Relative rounding factor α = γ_{n+1} + δ for this layer's fan-in n (see evaluate.ts). */
  readonly alpha: number;
  /** Inflation c ≥ 1/(1−u)^(n+6): covers the roundings made while evaluating the bound itself. */
  readonly inflate: number;
}

/** One layer as integers: row i computes (Σ_k nums[i][k] · x[cols[i][k]] + bias[i]) / den. */
export interface CompiledLayer {
  readonly inputs: number;
  readonly outputs: number;
  readonly relu: boolean;
  /** Common denominator of every weight and bias of the layer (> 0). */
  readonly den: bigint;
  readonly cols: readonly Int32Array[];
  readonly nums: readonly (readonly bigint[])[];
  readonly bias: readonly bigint[];
  /** Every row stores every column (cols[i][k] = k), so rows can be indexed by column directly. */
  readonly dense: boolean;
  /**
   * The float64 image for the sign filter; undefined when some weight is outside the range in
   * which the relative error model holds (|w| ∉ [2^-1020, 2^1020]), which disables the filter.
   */
  readonly float: FloatLayer | undefined;
}

/** A network as integer layers. */
export interface CompiledNetwork {
  readonly inputs: number;
  readonly outputs: number;
  readonly layers: readonly CompiledLayer[];
  /** Widest vector met during evaluation (inputs included): sizes the scratch buffers. */
  readonly maxWidth: number;
  /** Whether every layer has a float image, i.e. whether the sign filter may be used at all. */
  readonly filterable: boolean;
}

const U = UNIT_ROUNDOFF;

function floatLayer(rows: readonly { cols: readonly number[]; values: readonly Fraction[] }[], bias: readonly Fraction[], inputs: number): FloatLayer | undefined {
  const outputs = rows.length;
  const colStart = new Int32Array(inputs + 1);
  let fanIn = 0;
  for (const row of rows) {
    fanIn = Math.max(fanIn, row.cols.length);
    for (const j of row.cols) (colStart[j + 1] as number)++;
  }
  for (let j = 0; j < inputs; j++) colStart[j + 1] = (colStart[j + 1] as number) + (colStart[j] as number);
  const nnz = colStart[inputs] as number;
  const rowIndex = new Int32Array(nnz);
  const weight = new Float64Array(nnz);
  const next = colStart.slice(0, inputs);
  for (let i = 0; i < outputs; i++) {
    const row = rows[i] as { cols: readonly number[]; values: readonly Fraction[] };
    for (let k = 0; k < row.cols.length; k++) {
      const j = row.cols[k] as number;
      const v = row.values[k] as Fraction;
      const w = rationalToFloat(numerator(v), denominator(v));
      if (Number.isNaN(w)) return undefined;
      const p = (next[j] as number)++;
      rowIndex[p] = i;
      weight[p] = w;
    }
  }
  // γ_{n+1} = (n+1)u/(1−(n+1)u) ≤ (n+2)u while (n+1)u < 1/(n+2); fan-ins beyond 2^40 are not
  // supported by this bound and disable the filter.
  if (fanIn + 1 > 2 ** 40) return undefined;
  const alpha = (fanIn + 2) * U + FLOAT_CONVERSION_DELTA;
  const fb = new Float64Array(outputs);
  for (let i = 0; i < outputs; i++) {
    const b = bias[i] as Fraction;
    const v = rationalToFloat(numerator(b), denominator(b));
    if (Number.isNaN(v)) return undefined;
    fb[i] = v;
  }
  return {
    colStart,
    rowIndex,
    weight,
    weightAbs: weight.map(Math.abs),
    bias: fb,
    biasBound: fb.map((b) => alpha * Math.abs(b)),
    alpha,
    // 1/(1−u)^m ≤ 1 + 1.01·m·u ≤ 1 + m·2^-52 for m·u < 0.01, with m = n + 6 roundings.
    inflate: 1 + (fanIn + 6) * 2 ** -52,
  };
}

const cache = new WeakMap<Network, CompiledNetwork>();

/** Compiles (once per network object; networks are immutable) to integer layers. */
export function compileNetwork(net: Network): CompiledNetwork {
  const hit = cache.get(net);
  if (hit !== undefined) return hit;
  let maxWidth = net.inputs;
  let filterable = true;
  const layers = net.layers.map((layer): CompiledLayer => {
    let den = 1n;
    for (const row of layer.rows) for (const v of row.values) den = lcmBig(den, denominator(v));
    for (const b of layer.bias) den = lcmBig(den, denominator(b));
    const scale = (v: Fraction): bigint => numerator(v) * (den / denominator(v));
    maxWidth = Math.max(maxWidth, layer.outputs);
    const float = floatLayer(layer.rows, layer.bias, layer.inputs);
    if (float === undefined) filterable = false;
    return {
      inputs: layer.inputs,
      outputs: layer.outputs,
      relu: layer.activation === 'relu',
      den,
      cols: layer.rows.map((row) => Int32Array.from(row.cols)),
      nums: layer.rows.map((row) => row.values.map(scale)),
      bias: layer.bias.map(scale),
      dense: layer.rows.every((row) => row.cols.length === layer.inputs),
      float,
    };
  });
  const compiled: CompiledNetwork = {
    inputs: net.inputs,
    outputs: layers.length === 0 ? net.inputs : (layers[layers.length - 1] as CompiledLayer).outputs,
    layers,
    maxWidth,
    filterable,
  };
  cache.set(net, compiled);
  return compiled;
}
