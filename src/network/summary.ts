/**
 * Size figures of a network, as `relucert info` reports them.
 */
import { bitLength } from '../exact/integer.js';
import { denominator, numerator } from '../exact/rational.js';
import { networkSha256 } from './hash.js';
import { type Network, nonzeroWeights, outputSize } from './model.js';

/** What `relucert info` reports about a network. */
export interface NetworkSummary {
  readonly name: string | null;
  readonly inputs: number;
  readonly outputs: number;
  /** Number of layers (affine maps). */
  readonly layers: number;
  /** Layers before the last one: the usual count of hidden layers. */
  readonly hiddenLayers: number;
  /** Output width of each layer. */
  readonly widths: number[];
  /** Largest hidden-layer width (0 without hidden layers). */
  readonly maxHiddenWidth: number;
  readonly activations: string[];
  /** ReLU neurons in all layers. */
  readonly reluNeurons: number;
  /** Weights and biases as if every matrix were dense: Σ (m·n + m). */
  readonly denseParameters: number;
  /** Nonzero weights (biases not counted). */
  readonly nonzeroWeights: number;
  /** Largest bit size of a numerator and of a denominator among weights and biases. */
  readonly maxNumeratorBits: number;
  readonly maxDenominatorBits: number;
  /** The SHA-256 naming the network in certificates. */
  readonly sha256: string;
}

/** Computes the size figures of a network. */
export function networkSummary(net: Network): NetworkSummary {
  let dense = 0;
  let nonzero = 0;
  let relu = 0;
  let numBits = 0;
  let denBits = 0;
  for (const layer of net.layers) {
    dense += layer.outputs * layer.inputs + layer.outputs;
    nonzero += nonzeroWeights(layer);
    if (layer.activation === 'relu') relu += layer.outputs;
    const values = [...layer.rows.flatMap((row) => row.values), ...layer.bias];
    for (const v of values) {
      numBits = Math.max(numBits, bitLength(numerator(v)));
      denBits = Math.max(denBits, bitLength(denominator(v)));
    }
  }
  const widths = net.layers.map((layer) => layer.outputs);
  const hidden = widths.slice(0, -1);
  return {
    name: net.name ?? null,
    inputs: net.inputs,
    outputs: outputSize(net),
    layers: net.layers.length,
    hiddenLayers: Math.max(0, net.layers.length - 1),
    widths,
    maxHiddenWidth: hidden.length === 0 ? 0 : Math.max(...hidden),
    activations: net.layers.map((layer) => layer.activation),
    reluNeurons: relu,
    denseParameters: dense,
    nonzeroWeights: nonzero,
    maxNumeratorBits: numBits,
    maxDenominatorBits: denBits,
    sha256: networkSha256(net),
  };
}
