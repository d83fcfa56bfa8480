/**
 * Interval bound propagation in float64 (proposes only): each affine map by the sign split of W,
 * lo' = W⁺lo + W⁻hi + b, hi' = W⁺hi + W⁻lo + b, then the ReLU, with phase constraints clamping
 * the pre-activation interval. The weakest bound of this folder; a reference for the others.
 */
import type { FloatBox, FloatLayer, FloatNet, LayerBounds, Phases } from './floatNetwork.js';

/**
 * Fills `out` with interval pre-activation bounds of every hidden layer and returns the bounds
 * of the outputs, or `undefined` when a phase constraint makes the leaf empty.
 */
export function intervalBounds(f: FloatNet, box: FloatBox, out: LayerBounds, phases?: Phases): { lo: Float64Array; hi: Float64Array } | undefined {
  let hlo = Float64Array.from(box.lo);
  let hhi = Float64Array.from(box.hi);
  for (let k = 0; k < f.layers.length; k++) {
    const layer = f.layers[k] as FloatLayer;
    const last = k === f.layers.length - 1;
    const zlo = last ? new Float64Array(layer.outputs) : (out.lo[k] as Float64Array);
    const zhi = last ? new Float64Array(layer.outputs) : (out.hi[k] as Float64Array);
    const n = layer.inputs;
    for (let i = 0; i < layer.outputs; i++) {
      let a = layer.b[i] as number;
      let c = a;
      const row = i * n;
      for (let j = 0; j < n; j++) {
        const w = layer.w[row + j] as number;
        if (w > 0) {
          a += w * (hlo[j] as number);
          c += w * (hhi[j] as number);
        } else if (w < 0) {
          a += w * (hhi[j] as number);
          c += w * (hlo[j] as number);
        }
      }
      const ph = phases?.[k]?.[i] ?? 0;
      if (ph > 0 && a < 0) a = 0;
      if (ph < 0 && c > 0) c = 0;
      if (a > c) return undefined;
      zlo[i] = a;
      zhi[i] = c;
    }
    if (last) return { lo: zlo, hi: zhi };
    hlo = Float64Array.from(zlo, (v) => (layer.relu ? Math.max(v, 0) : v));
    hhi = Float64Array.from(zhi, (v) => (layer.relu ? Math.max(v, 0) : v));
  }
  return { lo: hlo, hi: hhi };
}
