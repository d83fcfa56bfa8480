/**
 * A network as a chain of *stages* for the layer-wise injectivity argument: each identity layer is
 * an affine map and composes exactly into the layer after it, so the network becomes
 *
 *     ReLU(W_1 x + b_1) → ReLU(W_2 · + b_2) → … → (optionally) one affine map L y + c,
 *
 * every ReLU stage one layer x ↦ ReLU(W x + b) (identity layers before it folded in: W = W'M,
 * b = W'c + b'), and trailing identity layers one affine stage. A network without ReLU layers is a
 * single affine stage (the identity on R^n when it has no layers at all).
 *
 * Why stages: a composition of maps each injective on the set it receives is injective, and the
 * set a ReLU stage after the first receives lies in the nonnegative orthant (NOTES.md B.3, "deep
 * layers"); folding affine layers keeps each stage a single ReLU layer, where the cell criterion
 * is exact.
 */
import Fraction from 'fraction.js';
import { denseLayer, denseWeights, type Layer, type Network } from '../../network/model.js';

/** One stage: a one-layer network (ReLU or identity activation). */
export interface Stage {
  readonly kind: 'relu' | 'affine';
  /** A network with exactly one layer computing this stage. */
  readonly network: Network;
  /** Indices of the original layers folded into this stage. */
  readonly layers: readonly number[];
}

function compose(layer: Layer, pending: { matrix: Fraction[][]; offset: Fraction[] } | undefined): { matrix: Fraction[][]; offset: Fraction[] } {
  const W = denseWeights(layer);
  if (pending === undefined) return { matrix: W, offset: [...layer.bias] };
  const inner = pending.matrix[0]?.length ?? 0;
  const matrix = W.map((row) =>
    Array.from({ length: inner }, (_, j) => row.reduce((s, w, k) => (w.n === 0n ? s : s.add(w.mul((pending.matrix[k] as Fraction[])[j] as Fraction))), new Fraction(0n))),
  );
  const offset = W.map((row, i) => row.reduce((s, w, k) => (w.n === 0n ? s : s.add(w.mul(pending.offset[k] as Fraction))), layer.bias[i] as Fraction));
  return { matrix, offset };
}

/** Splits a network into stages (see the module comment). */
export function networkStages(net: Network): Stage[] {
  const stages: Stage[] = [];
  let pending: { matrix: Fraction[][]; offset: Fraction[] } | undefined;
  let pendingLayers: number[] = [];
  let width = net.inputs;
  net.layers.forEach((layer, k) => {
    const composed = compose(layer, pending);
    if (layer.activation === 'relu') {
      const inputs = composed.matrix[0]?.length ?? width;
      stages.push({ kind: 'relu', network: { inputs, layers: [denseLayer(composed.matrix, composed.offset, 'relu', inputs)] }, layers: [...pendingLayers, k] });
      pending = undefined;
      pendingLayers = [];
      width = layer.outputs;
    } else {
      pending = composed;
      pendingLayers.push(k);
    }
  });
  if (pending !== undefined || stages.length === 0) {
    const affine = pending ?? {
      matrix: Array.from({ length: width }, (_, i) => Array.from({ length: width }, (_, j) => new Fraction(i === j ? 1n : 0n))),
      offset: Array.from({ length: width }, () => new Fraction(0n)),
    };
    const inputs = affine.matrix[0]?.length ?? width;
    stages.push({ kind: 'affine', network: { inputs: width, layers: [denseLayer(affine.matrix, affine.offset, 'identity', inputs)] }, layers: pendingLayers });
  }
  return stages;
}
