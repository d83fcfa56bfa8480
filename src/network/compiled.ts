/**
 * A network compiled for exact integer arithmetic: each layer's weights and bias as BigInt
 * numerators over one common layer denominator. Every hot loop (evaluation, affine maps of
 * activation patterns, certificate checks) runs on this form.
 */
import type Fraction from 'fraction.js';
import { denominator, numerator } from '../exact/rational.js';
import { lcmBig } from '../exact/integer.js';
import type { Network } from './model.js';

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
}

/** A network as integer layers. */
export interface CompiledNetwork {
  readonly inputs: number;
  readonly outputs: number;
  readonly layers: readonly CompiledLayer[];
}

const cache = new WeakMap<Network, CompiledNetwork>();

/** Compiles (once per network object; networks are immutable) to integer layers. */
export function compileNetwork(net: Network): CompiledNetwork {
  const hit = cache.get(net);
  if (hit !== undefined) return hit;
  const layers = net.layers.map((layer): CompiledLayer => {
    let den = 1n;
    for (const row of layer.rows) for (const v of row.values) den = lcmBig(den, denominator(v));
    for (const b of layer.bias) den = lcmBig(den, denominator(b));
    const scale = (v: Fraction): bigint => numerator(v) * (den / denominator(v));
    return {
      inputs: layer.inputs,
      outputs: layer.outputs,
      relu: layer.activation === 'relu',
      den,
      cols: layer.rows.map((row) => Int32Array.from(row.cols)),
      nums: layer.rows.map((row) => row.values.map(scale)),
      bias: layer.bias.map(scale),
    };
  });
  const compiled: CompiledNetwork = {
    inputs: net.inputs,
    outputs: layers.length === 0 ? net.inputs : (layers[layers.length - 1] as CompiledLayer).outputs,
    layers,
  };
  cache.set(net, compiled);
  return compiled;
}
