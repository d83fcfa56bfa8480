/**
 * The float64 image of a network for the bound engine: dense row-major weights per layer plus
 * the transpose (the backward pass reads columns), and the workspace buffers every bound routine
 * of this folder reuses, so inner loops allocate nothing.
 *
 * Everything built from this image only *proposes* (splits, multipliers, slopes, candidate
 * points): a float value here never decides. Proofs go through exactLeaf.ts or rigorousLeaf.ts.
 */
import type { Network } from '../network/model.js';

/** One affine layer act(W h + b) in float64. */
export interface FloatLayer {
  readonly inputs: number;
  readonly outputs: number;
  readonly relu: boolean;
  /** W row-major: w[i·inputs + j]. */
  readonly w: Float64Array;
  /** Wᵀ row-major: wt[j·outputs + i]. */
  readonly wt: Float64Array;
  readonly b: Float64Array;
}

/** A network as float64 layers (an approximation of the exact one: proposes only). */
export interface FloatNet {
  readonly inputs: number;
  readonly outputs: number;
  readonly layers: readonly FloatLayer[];
  /** Widest layer, inputs included. */
  readonly maxWidth: number;
}

const cache = new WeakMap<Network, FloatNet>();

/** The float64 image of a network (nearest doubles of the exact weights), cached per network. */
export function floatNetwork(net: Network): FloatNet {
  const hit = cache.get(net);
  if (hit !== undefined) return hit;
  let maxWidth = net.inputs;
  const layers = net.layers.map((layer): FloatLayer => {
    const n = layer.inputs;
    const m = layer.outputs;
    maxWidth = Math.max(maxWidth, m);
    const w = new Float64Array(m * n);
    const wt = new Float64Array(m * n);
    layer.rows.forEach((row, i) => {
      row.cols.forEach((j, k) => {
        const v = (row.values[k] as { valueOf(): number }).valueOf();
        w[i * n + j] = v;
        wt[j * m + i] = v;
      });
    });
    const b = Float64Array.from(layer.bias, (v) => v.valueOf());
    return { inputs: n, outputs: m, relu: layer.activation === 'relu', w, wt, b };
  });
  const outputs = layers.length === 0 ? net.inputs : (layers[layers.length - 1] as FloatLayer).outputs;
  const image: FloatNet = { inputs: net.inputs, outputs, layers, maxWidth };
  cache.set(net, image);
  return image;
}

/** An input box in float64 (the engine's working copy; exact boxes live with the caller). */
export interface FloatBox {
  readonly lo: Float64Array;
  readonly hi: Float64Array;
}

/**
 * Forced ReLU phases of a leaf: per layer, per neuron, +1 (z ≥ 0), −1 (z ≤ 0) or 0 (free);
 * `undefined` for a layer without constraints.
 */
export type Phases = readonly (Int8Array | undefined)[];

/**
 * Pre-activation bounds of every layer but the last: lo[k][i] ≤ z_k,i ≤ hi[k][i] on the leaf
 * (phase constraints already applied). Filled in place by the bound routines.
 */
export interface LayerBounds {
  readonly lo: Float64Array[];
  readonly hi: Float64Array[];
}

/** Fresh bound buffers for the hidden layers of a network. */
export function layerBounds(f: FloatNet): LayerBounds {
  const hidden = f.layers.slice(0, -1);
  return { lo: hidden.map((l) => new Float64Array(l.outputs)), hi: hidden.map((l) => new Float64Array(l.outputs)) };
}
