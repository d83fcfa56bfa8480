/**
 * Backward linear bounds of a margin c·N(x) + d in float64 (CROWN / DeepPoly back-substitution,
 * proposes only), with optimisable lower ReLU slopes α (α-CROWN) and the smear used to choose a
 * split coordinate.
 *
 * Given valid pre-activation bounds [l, u] of every hidden layer (symbolic.ts or interval.ts),
 * start from g = W_Lᵀc and walk down: each ReLU's h is replaced by its relaxation according to
 * the sign of its coefficient g_i (upper chord s(z − l), s = u/(u−l), when g_i < 0; lower α z
 * when g_i ≥ 0), giving the coefficient μ_i of z_i; then z = W h + b gives g ← Wᵀμ. At the input,
 * the linear function g·x + const is minimised over the box in closed form.
 *
 * The multipliers μ of each layer are what a certificate needs: exactLeaf.ts recomputes the
 * bound from them (any μ is valid there — Lagrangian decomposition), so a float slip here costs
 * tightness, never soundness.
 */
import type { FloatBox, FloatLayer, FloatNet, LayerBounds } from './floatNetwork.js';

/** Reusable buffers of {@link backwardBound} for one network. */
export interface BackwardWorkspace {
  /** Per hidden layer: the coefficient g of h before relaxation. */
  readonly g: Float64Array[];
  /** Per hidden layer: μ_i = slope_i · g_i, slope in {0, 1, α_i, s_i}. */
  readonly slope: Float64Array[];
  /** Per hidden layer: the constant per unit of g_i (−s_i l_i on the chord, else 0). */
  readonly offset: Float64Array[];
  /** Per hidden layer: 1 where the bound depends on α_i (unstable neuron with g_i ≥ 0). */
  readonly free: Uint8Array[];
  /** Per hidden layer: ∂bound/∂α_i (filled when asked for). */
  readonly alphaGrad: Float64Array[];
  /** The coefficient of x in the final linear bound (length = inputs). */
  readonly inputCoef: Float64Array;
  /** Scratch vectors of the widest layer. */
  readonly mu: Float64Array;
  readonly up: Float64Array;
  readonly down: Float64Array;
}

/** Buffers for a network. */
export function backwardWorkspace(f: FloatNet): BackwardWorkspace {
  const hidden = f.layers.slice(0, -1);
  const per = (): Float64Array[] => hidden.map((l) => new Float64Array(l.outputs));
  return {
    g: per(),
    slope: per(),
    offset: per(),
    free: hidden.map((l) => new Uint8Array(l.outputs)),
    alphaGrad: per(),
    inputCoef: new Float64Array(f.inputs),
    mu: new Float64Array(f.maxWidth),
    up: new Float64Array(f.maxWidth),
    down: new Float64Array(f.maxWidth),
  };
}

/** CROWN's default lower slope of an unstable neuron: 1 if u ≥ −l else 0. */
export function defaultAlpha(l: number, u: number): number {
  return u >= -l ? 1 : 0;
}

/** Lower slopes per hidden layer, set to CROWN's default from the bounds. */
export function defaultAlphas(f: FloatNet, bounds: LayerBounds, out?: Float64Array[]): Float64Array[] {
  const alpha = out ?? bounds.lo.map((l) => new Float64Array(l.length));
  bounds.lo.forEach((lo, k) => {
    const hi = bounds.hi[k] as Float64Array;
    const a = alpha[k] as Float64Array;
    for (let i = 0; i < lo.length; i++) a[i] = defaultAlpha(lo[i] as number, hi[i] as number);
  });
  return alpha;
}

/**
 * The CROWN lower bound of c·N(x) + d over the box given hidden-layer bounds, with lower slopes
 * `alpha` (per hidden layer; CROWN's default where undefined). Fills `ws.inputCoef` and the
 * per-layer records; with `gradient`, also `ws.alphaGrad`. `shift` (per hidden layer, zero where
 * undefined) adds δ_i to the multiplier μ_i of a neuron the bounds fix (l ≥ 0 or u ≤ 0: a phase
 * split's −s_i β_i, checker/leafExact.ts), with its term min(−δ_i l, −δ_i u).
 */
export function backwardBound(
  f: FloatNet,
  bounds: LayerBounds,
  box: FloatBox,
  c: Float64Array,
  d: number,
  ws: BackwardWorkspace,
  alpha?: readonly Float64Array[],
  gradient = false,
  top = f.layers.length - 1,
  shift?: readonly (Float64Array | undefined)[],
): number {
  const L = top + 1;
  const last = f.layers[top] as FloatLayer;
  let value = d;
  // g = W_Lᵀ c, value += c·b_L.
  let g: Float64Array = L === 1 ? ws.inputCoef : (ws.g[L - 2] as Float64Array);
  transposeTimes(last, c, g);
  for (let i = 0; i < last.outputs; i++) value += (c[i] as number) * (last.b[i] as number);
  for (let k = L - 2; k >= 0; k--) {
    const layer = f.layers[k] as FloatLayer;
    const lo = bounds.lo[k] as Float64Array;
    const hi = bounds.hi[k] as Float64Array;
    const slope = ws.slope[k] as Float64Array;
    const offset = ws.offset[k] as Float64Array;
    const free = ws.free[k] as Uint8Array;
    const a = alpha?.[k];
    const sh = shift?.[k];
    const mu = ws.mu;
    for (let i = 0; i < layer.outputs; i++) {
      const gi = g[i] as number;
      const l = lo[i] as number;
      const u = hi[i] as number;
      let s = 1;
      let o = 0;
      let fr = 0;
      if (layer.relu) {
        if (u <= 0) s = 0;
        else if (l < 0) {
          if (gi < 0) {
            s = u / (u - l);
            o = -s * l;
          } else {
            s = a === undefined ? defaultAlpha(l, u) : (a[i] as number);
            fr = 1;
          }
        }
      }
      slope[i] = s;
      offset[i] = o;
      free[i] = fr;
      let m = s * gi;
      const delta = sh === undefined ? 0 : (sh[i] as number);
      if (delta !== 0) {
        m += delta;
        value += Math.min(-delta * l, -delta * u);
      }
      mu[i] = m;
      value += o * gi + m * (layer.b[i] as number);
    }
    g = k === 0 ? ws.inputCoef : (ws.g[k - 1] as Float64Array);
    transposeTimes(layer, mu, g);
  }
  for (let t = 0; t < f.inputs; t++) {
    const gt = g[t] as number;
    value += gt >= 0 ? gt * (box.lo[t] as number) : gt * (box.hi[t] as number);
  }
  if (gradient) alphaGradient(f, box, ws);
  return value;
}

/**
 * CROWN intermediate bounds (DeepPoly back-substitution per neuron): layer by layer, each
 * pre-activation's lower and upper bound by {@link backwardBound} with objective ±e_i at that
 * layer, using the bounds of the layers below (and CROWN's default slopes). Tighter than the
 * forward functions of symbolic.ts, at about (hidden layers)/2 backward passes per neuron.
 * With `keepTighter`, each bound is the tighter of the one already in `out` and the new one.
 * Returns false when a phase constraint makes the leaf empty.
 */
export function crownLayerBounds(f: FloatNet, box: FloatBox, out: LayerBounds, ws: BackwardWorkspace, keepTighter = false, phases?: readonly (Int8Array | undefined)[]): boolean {
  const e = new Float64Array(f.maxWidth);
  for (let k = 0; k < f.layers.length - 1; k++) {
    const layer = f.layers[k] as FloatLayer;
    const lo = out.lo[k] as Float64Array;
    const hi = out.hi[k] as Float64Array;
    const c = e.subarray(0, layer.outputs);
    const ph = phases?.[k];
    for (let i = 0; i < layer.outputs; i++) {
      c.fill(0);
      c[i] = 1;
      let l = backwardBound(f, out, box, c, 0, ws, undefined, false, k);
      c[i] = -1;
      let u = -backwardBound(f, out, box, c, 0, ws, undefined, false, k);
      if (keepTighter) {
        l = Math.max(l, lo[i] as number);
        u = Math.min(u, hi[i] as number);
      }
      const p = ph === undefined ? 0 : (ph[i] as number);
      if (p > 0 && l < 0) l = 0;
      if (p < 0 && u > 0) u = 0;
      if (l > u) return false;
      lo[i] = l;
      hi[i] = u;
    }
  }
  return true;
}

/**
 * out = Wᵀ v for one layer (v over its outputs, out over its inputs), as Σ_i v_i·(row i of W)
 * over the nonzero v_i only: an objective ±e_i costs one row, and every neuron that is off
 * (μ_i = 0) is skipped.
 */
function transposeTimes(layer: FloatLayer, v: Float64Array, out: Float64Array): void {
  const n = layer.inputs;
  out.fill(0, 0, n);
  for (let i = 0; i < layer.outputs; i++) {
    const vi = v[i] as number;
    if (vi === 0) continue;
    const row = i * n;
    for (let j = 0; j < n; j++) out[j] = (out[j] as number) + (layer.w[row + j] as number) * vi;
  }
}

/**
 * Reverse-mode derivative of the last {@link backwardBound} with respect to each α_i: with ḡ the
 * derivative of the bound with respect to a layer's g (ḡ_x = lo or hi by the sign of the input
 * coefficient), μ̄ = W ḡ_below + b, ∂/∂α_i = μ̄_i g_i where α_i is used, ḡ_i = slope_i μ̄_i + offset_i.
 */
function alphaGradient(f: FloatNet, box: FloatBox, ws: BackwardWorkspace): void {
  let below = ws.down;
  let above = ws.up;
  for (let t = 0; t < f.inputs; t++) below[t] = (ws.inputCoef[t] as number) >= 0 ? (box.lo[t] as number) : (box.hi[t] as number);
  for (let k = 0; k < f.layers.length - 1; k++) {
    const layer = f.layers[k] as FloatLayer;
    const g = ws.g[k] as Float64Array;
    const slope = ws.slope[k] as Float64Array;
    const offset = ws.offset[k] as Float64Array;
    const free = ws.free[k] as Uint8Array;
    const grad = ws.alphaGrad[k] as Float64Array;
    const n = layer.inputs;
    for (let i = 0; i < layer.outputs; i++) {
      let mbar = layer.b[i] as number;
      const row = i * n;
      for (let j = 0; j < n; j++) mbar += (layer.w[row + j] as number) * (below[j] as number);
      grad[i] = free[i] === 1 ? mbar * (g[i] as number) : 0;
      above[i] = (slope[i] as number) * mbar + (offset[i] as number);
    }
    [below, above] = [above, below];
  }
}

/**
 * α-CROWN on one margin: a few projected sign-gradient ascent steps on the lower slopes
 * (α ← clip(α + η·sign(∂bound/∂α), 0, 1), η halving each step), keeping the best. `alpha` is the
 * start (CROWN's default if omitted) and receives the best slopes. Returns the best bound.
 */
export function optimizeAlpha(
  f: FloatNet,
  bounds: LayerBounds,
  box: FloatBox,
  c: Float64Array,
  d: number,
  ws: BackwardWorkspace,
  alpha: Float64Array[],
  steps: number,
  stopAbove = Number.POSITIVE_INFINITY,
): number {
  const best = alpha.map((a) => Float64Array.from(a));
  let bestValue = backwardBound(f, bounds, box, c, d, ws, alpha, true);
  let eta = 0.5;
  for (let step = 0; step < steps && bestValue <= stopAbove; step++) {
    for (let k = 0; k < alpha.length; k++) {
      const a = alpha[k] as Float64Array;
      const grad = ws.alphaGrad[k] as Float64Array;
      for (let i = 0; i < a.length; i++) {
        const gr = grad[i] as number;
        if (gr !== 0) a[i] = Math.min(1, Math.max(0, (a[i] as number) + (gr > 0 ? eta : -eta)));
      }
    }
    const value = backwardBound(f, bounds, box, c, d, ws, alpha, true);
    if (value > bestValue) {
      bestValue = value;
      for (let k = 0; k < alpha.length; k++) (best[k] as Float64Array).set(alpha[k] as Float64Array);
    }
    eta *= 0.5;
  }
  for (let k = 0; k < alpha.length; k++) (alpha[k] as Float64Array).set(best[k] as Float64Array);
  // Leave the workspace describing the best slopes (inputCoef for the smear, records for μ).
  return backwardBound(f, bounds, box, c, d, ws, alpha, false);
}

/** The input coordinate with the largest smear |∂bound/∂x_t|·(hi_t − lo_t) of the last bound. */
export function largestSmear(box: FloatBox, inputCoef: Float64Array): number {
  let best = 0;
  let bestValue = -1;
  for (let t = 0; t < inputCoef.length; t++) {
    const v = Math.abs(inputCoef[t] as number) * ((box.hi[t] as number) - (box.lo[t] as number));
    if (v > bestValue) {
      bestValue = v;
      best = t;
    }
  }
  return best;
}
