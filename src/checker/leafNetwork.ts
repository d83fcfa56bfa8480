/**
 * The network the leaf bounds work on: the leaf functions (leafExact.ts, leafRigorous.ts) bound
 * c·z of an affine last layer, so a network that ends with a ReLU layer (or has no layer) gets an
 * identity layer appended — the same function, whose last ReLU layer is now a hidden layer with
 * its own relaxation (and can be split). The checker and the engine use the same extension, so
 * the slopes and phase splits of a certificate index the same layers.
 */
import Fraction from 'fraction.js';
import { type Layer, type Network, outputSize } from '../network/model.js';
import { type KernelLayer, kernelLayers } from './kernel/network.js';

const extended = new WeakMap<Network, Network>();

/** `net` itself when its last layer is affine, else `net` followed by an identity layer (cached). */
export function boundNetwork(net: Network): Network {
  const last = net.layers[net.layers.length - 1];
  if (last !== undefined && last.activation === 'identity') return net;
  const hit = extended.get(net);
  if (hit !== undefined) return hit;
  const m = outputSize(net);
  const identity: Layer = {
    inputs: m,
    outputs: m,
    rows: Array.from({ length: m }, (_, i) => ({ cols: [i], values: [new Fraction(1)] })),
    bias: new Array<Fraction>(m).fill(new Fraction(0)),
    activation: 'identity',
    storage: 'sparse',
  };
  const out: Network = { inputs: net.inputs, layers: [...net.layers, identity] };
  extended.set(net, out);
  return out;
}

/** The network as the leaf functions read it: the kernel's integer layers over one denominator each. */
export interface LeafNetwork {
  readonly inputs: number;
  readonly outputs: number;
  readonly layers: readonly KernelLayer[];
}

/** The kernel's integer layers of `net` (cached by the kernel per network object). */
export function leafNetwork(net: Network): LeafNetwork {
  const layers = kernelLayers(net);
  return { inputs: net.inputs, outputs: layers.length === 0 ? net.inputs : (layers[layers.length - 1] as KernelLayer).outputs, layers };
}

/**
 * δ bounds |fl(w) − w| / |fl(w)| for a rational converted as fl(fl(p)/fl(q)): three correctly
 * rounded steps give |fl(w) − w| ≤ γ_3 |w| and |w| ≤ |fl(w)|/(1 − γ_3), hence ≤ 2^-51 |fl(w)|;
 * 2^-50 leaves a factor 2 of slack (Higham, §2.2 and §3.1). The checker states it itself rather
 * than borrowing the engine's evaluator constants.
 */
export const FLOAT_CONVERSION_DELTA = 2 ** -50;
const FLOAT_MIN_MAGNITUDE = 2 ** -1020;
const FLOAT_MAX_MAGNITUDE = 2 ** 1020;

/**
 * fl(p/q), or NaN when the relative error model cannot be trusted for it (nonzero and outside
 * [2^-1020, 2^1020], away from subnormals and overflow). Number(bigint) rounds to nearest
 * (ECMA-262 §21.1.1.1) and division is correctly rounded.
 */
export function rationalToFloat(p: bigint, q: bigint): number {
  if (p === 0n) return 0;
  const v = Number(p) / Number(q);
  const a = Math.abs(v);
  return a >= FLOAT_MIN_MAGNITUDE && a <= FLOAT_MAX_MAGNITUDE ? v : Number.NaN;
}
