/**
 * Forward symbolic linear bounds in float64 (Neurify / DeepPoly-forward; proposes only), and the
 * hybrid intermediate bounds the engine uses: forward functions, tightened per unstable neuron by
 * CROWN back-substitution (backward.ts), layer by layer.
 *
 * Coordinates: x = lo + (hi − lo)∘ξ with ξ ∈ [0, 1]^n, so a linear function a·ξ + a₀ has its
 * minimum over the box at a₀ + Σ min(a_t, 0) and its maximum at a₀ + Σ max(a_t, 0).
 * Every neuron carries a lower and an upper linear function of ξ for its pre-activation z; the
 * ReLU is relaxed per neuron from the concretised interval [l, u] (phase constraints clamp it):
 * - u ≤ 0: h = 0;  l ≥ 0: h = z;
 * - l < 0 < u: h ≤ s·(z − l) with s = u/(u − l) (the chord), and h ≥ α·z with α ∈ [0, 1] given by
 *   the rule {@link LowerSlopeRule}. The next layer combines the lower/upper functions by the
 *   sign of each weight.
 * The same relaxation, with outward rounding, is what exactLeaf.ts and rigorousLeaf.ts recompute.
 */
import { type BackwardWorkspace, backwardBound } from './backward.js';
import type { FloatBox, FloatLayer, FloatNet, LayerBounds, Phases } from './floatNetwork.js';

/**
 * The lower ReLU slope of an unstable neuron in the forward pass: `parallel` α = s (Neurify's
 * symbolic interval), `adaptive` α = 1 if u ≥ −l else 0 (DeepPoly's area rule), `zero` α = 0.
 */
export type LowerSlopeRule = 'parallel' | 'adaptive' | 'zero';

/** The lower slope of an unstable neuron (l < 0 < u) under a rule. */
export function lowerSlope(rule: LowerSlopeRule, l: number, u: number): number {
  if (rule === 'parallel') return u / (u - l);
  if (rule === 'adaptive') return u >= -l ? 1 : 0;
  return 0;
}

/** Reusable buffers for {@link symbolicBounds} on one network. */
export interface SymbolicWorkspace {
  /** Lower / upper functions of the current layer's outputs h, (n₀+1) entries per neuron. */
  hl: Float64Array;
  hu: Float64Array;
  zl: Float64Array;
  zu: Float64Array;
  readonly width: Float64Array;
  /** ±e_i objective for the CROWN refinement. */
  readonly unit: Float64Array;
}

/** Buffers for a network. */
export function symbolicWorkspace(f: FloatNet): SymbolicWorkspace {
  const size = f.maxWidth * (f.inputs + 1);
  return {
    hl: new Float64Array(size),
    hu: new Float64Array(size),
    zl: new Float64Array(size),
    zu: new Float64Array(size),
    width: new Float64Array(f.inputs),
    unit: new Float64Array(f.maxWidth),
  };
}

/** zl/zu (rows of n₀+1) = the forward functions of layer k's pre-activations from hl/hu. */
function forwardFunctions(layer: FloatLayer, k: number, box: FloatBox, ws: SymbolicWorkspace, n0: number): void {
  const m = n0 + 1;
  const { hl, hu, zl, zu, width } = ws;
  const n = layer.inputs;
  for (let i = 0; i < layer.outputs; i++) {
    const row = i * n;
    const base = i * m;
    if (k === 0) {
      // z = W(lo + width∘ξ) + b: one exact-in-form function, lower = upper.
      let c0 = layer.b[i] as number;
      for (let t = 0; t < n0; t++) {
        const w = layer.w[row + t] as number;
        c0 += w * (box.lo[t] as number);
        const a = w * (width[t] as number);
        zl[base + t] = a;
        zu[base + t] = a;
      }
      zl[base + n0] = c0;
      zu[base + n0] = c0;
      continue;
    }
    for (let t = 0; t < n0; t++) {
      zl[base + t] = 0;
      zu[base + t] = 0;
    }
    zl[base + n0] = layer.b[i] as number;
    zu[base + n0] = layer.b[i] as number;
    for (let j = 0; j < n; j++) {
      const w = layer.w[row + j] as number;
      if (w === 0) continue;
      const src = j * m;
      const forLower = w > 0 ? hl : hu;
      const forUpper = w > 0 ? hu : hl;
      for (let t = 0; t < m; t++) {
        zl[base + t] = (zl[base + t] as number) + w * (forLower[src + t] as number);
        zu[base + t] = (zu[base + t] as number) + w * (forUpper[src + t] as number);
      }
    }
  }
}

/**
 * Bounds computed before on the same box whose first `layers` hidden layers are what
 * {@link symbolicBounds} computes here: a phase split's parent, when the split is in layer
 * `layers − 1` (the layers below it see the same box and phases, and in its own layer only the
 * split neuron, which is not refined, differs).
 */
export interface ReusedBounds {
  readonly bounds: LayerBounds;
  readonly layers: number;
  /**
   * The bounds are an enclosing box's (valid here, not this box's own): a neuron the forward
   * functions leave unstable gets the intersection of their interval with these instead of the
   * CROWN passes — looser than the refined bounds, for a fraction of their cost (the split
   * scoring of expand.ts, which only ranks candidates).
   */
  readonly enclosing?: boolean;
}

/**
 * Fills `out` with the pre-activation bounds of every hidden layer (phase constraints applied):
 * forward symbolic bounds, and with `refine` (a backward workspace) each neuron still unstable
 * after them re-bounded by CROWN back-substitution, keeping the tighter bound, before the layer
 * is relaxed. In the layers `reuse` covers, the refined bounds are taken from it instead of
 * recomputed: the same numbers, without the CROWN passes that are most of a node's cost
 * (benchmarks/RESULTS.md, issue 14). Returns false when a phase constraint makes the leaf empty.
 */
export function symbolicBounds(
  f: FloatNet,
  box: FloatBox,
  out: LayerBounds,
  ws: SymbolicWorkspace,
  rule: LowerSlopeRule = 'adaptive',
  phases?: Phases,
  refine?: BackwardWorkspace,
  reuse?: ReusedBounds,
): boolean {
  const n0 = f.inputs;
  const m = n0 + 1;
  for (let t = 0; t < n0; t++) ws.width[t] = (box.hi[t] as number) - (box.lo[t] as number);
  for (let k = 0; k < f.layers.length - 1; k++) {
    const layer = f.layers[k] as FloatLayer;
    const lo = out.lo[k] as Float64Array;
    const hi = out.hi[k] as Float64Array;
    const ph = phases?.[k];
    forwardFunctions(layer, k, box, ws, n0);
    const { zl, zu } = ws;
    for (let i = 0; i < layer.outputs; i++) {
      const base = i * m;
      let l = zl[base + n0] as number;
      let u = zu[base + n0] as number;
      for (let t = 0; t < n0; t++) {
        const a = zl[base + t] as number;
        const c = zu[base + t] as number;
        if (a < 0) l += a;
        if (c > 0) u += c;
      }
      const p = ph === undefined ? 0 : (ph[i] as number);
      if (refine !== undefined && k > 0 && layer.relu && l < 0 && u > 0 && p === 0 && reuse !== undefined && k < reuse.layers) {
        const rl = (reuse.bounds.lo[k] as Float64Array)[i] as number;
        const ru = (reuse.bounds.hi[k] as Float64Array)[i] as number;
        l = reuse.enclosing === true ? Math.max(l, rl) : rl;
        u = reuse.enclosing === true ? Math.min(u, ru) : ru;
      } else if (refine !== undefined && k > 0 && layer.relu && l < 0 && u > 0 && p === 0) {
        const c = ws.unit.subarray(0, layer.outputs);
        c.fill(0);
        c[i] = 1;
        l = Math.max(l, backwardBound(f, out, box, c, 0, refine, undefined, false, k));
        c[i] = -1;
        u = Math.min(u, -backwardBound(f, out, box, c, 0, refine, undefined, false, k));
      }
      if (p > 0 && l < 0) l = 0;
      if (p < 0 && u > 0) u = 0;
      if (l > u) return false;
      lo[i] = l;
      hi[i] = u;
      // Turn z's functions into those of h = act(z), in place.
      if (!layer.relu || l >= 0) continue;
      if (u <= 0) {
        for (let t = 0; t < m; t++) {
          zl[base + t] = 0;
          zu[base + t] = 0;
        }
        continue;
      }
      const s = u / (u - l);
      const a = lowerSlope(rule, l, u);
      for (let t = 0; t < m; t++) {
        zl[base + t] = a * (zl[base + t] as number);
        zu[base + t] = s * (zu[base + t] as number);
      }
      zu[base + n0] = (zu[base + n0] as number) - s * l;
    }
    // zl/zu now hold this layer's outputs h: they become the next layer's inputs.
    [ws.hl, ws.zl] = [ws.zl, ws.hl];
    [ws.hu, ws.zu] = [ws.zu, ws.hu];
  }
  return true;
}
