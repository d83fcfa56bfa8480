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
  /** Per hidden layer: ∂bound/∂μ_i through μ_i's constant and the layers below (filled with alphaGrad). */
  readonly muGrad: Float64Array[];
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
    muGrad: per(),
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
function alphaGradient(f: FloatNet, box: FloatBox, ws: BackwardWorkspace, inputPart?: Float64Array): void {
  let below = ws.down;
  let above = ws.up;
  // The input minimiser: lo_t or hi_t by the sign of the final coefficient (g + e with an input part e).
  for (let t = 0; t < f.inputs; t++) below[t] = (ws.inputCoef[t] as number) + (inputPart === undefined ? 0 : (inputPart[t] as number)) >= 0 ? (box.lo[t] as number) : (box.hi[t] as number);
  for (let k = 0; k < f.layers.length - 1; k++) {
    const layer = f.layers[k] as FloatLayer;
    const g = ws.g[k] as Float64Array;
    const slope = ws.slope[k] as Float64Array;
    const offset = ws.offset[k] as Float64Array;
    const free = ws.free[k] as Uint8Array;
    const grad = ws.alphaGrad[k] as Float64Array;
    const muGrad = ws.muGrad[k] as Float64Array;
    const n = layer.inputs;
    for (let i = 0; i < layer.outputs; i++) {
      let mbar = layer.b[i] as number;
      const row = i * n;
      for (let j = 0; j < n; j++) mbar += (layer.w[row + j] as number) * (below[j] as number);
      muGrad[i] = mbar;
      grad[i] = free[i] === 1 ? mbar * (g[i] as number) : 0;
      above[i] = (slope[i] as number) * mbar + (offset[i] as number);
    }
    [below, above] = [above, below];
  }
}

/** One projected sign-gradient step on the slopes: α ← clip(α + η·sign(∂bound/∂α), 0, 1), from `ws.alphaGrad`. */
function signStep(alpha: Float64Array[], ws: BackwardWorkspace, eta: number): void {
  for (let k = 0; k < alpha.length; k++) {
    const a = alpha[k] as Float64Array;
    const grad = ws.alphaGrad[k] as Float64Array;
    for (let i = 0; i < a.length; i++) {
      const gr = grad[i] as number;
      if (gr !== 0) a[i] = Math.min(1, Math.max(0, (a[i] as number) + (gr > 0 ? eta : -eta)));
    }
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
    signStep(alpha, ws, eta);
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

/** A phase-split neuron: hidden layer, neuron, and its phase s (+1: z ≥ 0 on the leaf, −1: z ≤ 0). */
export interface SplitNeuron {
  readonly layer: number;
  readonly neuron: number;
  readonly sign: 1 | -1;
}

/** Adam's moment decay rates and the step decay per iteration of {@link optimizeAlphaBeta} (β-CROWN's defaults). */
const ADAM_B1 = 0.9;
const ADAM_B2 = 0.999;
const STEP_DECAY = 0.98;
/** Adam's step for α ∈ [0, 1], and for β relative to the largest |g| of the split neuron's layer. */
const ALPHA_RATE = 0.1;
const BETA_RATE = 0.05;

/**
 * β-CROWN on one margin (Wang et al. 2021): joint projected gradient ascent (Adam) on the lower
 * slopes α ∈ [0, 1] and the multipliers β ≥ 0 of the leaf's phase-split constraints s_i z_i ≥ 0,
 * which enter the backward pass as the shift δ_i = −s_i β_i of μ_i (the checker's μ_i − s_i β_i,
 * checker/leafExact.ts). The bound is the Lagrangian min f − Σ β_i s_i z_i over the relaxation, so
 * any β is valid and a good one restores what the relaxation forgets of the split (a neuron split
 * on is relaxed as h = z, which ignores z ≥ 0).
 *
 * ∂bound/∂δ_i = μ̄_i − z*_i, μ̄_i the derivative through μ_i (as for α) and z*_i the end of [l_i, u_i]
 * minimising −δ_i z (l_i for s_i = +1, u_i for s_i = −1, since β ≥ 0); ∂/∂β_i = −s_i ∂/∂δ_i.
 *
 * `e` is an input part moved into the final linear function (as SpecExpander.bound does). `alpha`
 * and `beta` (one entry per split, in `splits` order) are the start and receive the best point
 * seen; the start counts, so the result is never below the start's bound. Stops early once the
 * bound is above `stopAbove`. Returns the best bound. The workspace is left at the last point tried.
 */
export function optimizeAlphaBeta(
  f: FloatNet,
  bounds: LayerBounds,
  box: FloatBox,
  c: Float64Array,
  d: number,
  e: Float64Array | undefined,
  ws: BackwardWorkspace,
  alpha: Float64Array[],
  splits: readonly SplitNeuron[],
  beta: Float64Array,
  steps: number,
  stopAbove = Number.POSITIVE_INFINITY,
): number {
  const shift: (Float64Array | undefined)[] = alpha.map(() => undefined);
  for (const { layer } of splits) shift[layer] ??= new Float64Array((alpha[layer] as Float64Array).length);
  const evaluate = (gradient: boolean): number => {
    splits.forEach(({ layer, neuron, sign }, q) => ((shift[layer] as Float64Array)[neuron] = -sign * (beta[q] as number)));
    let v = backwardBound(f, bounds, box, c, d, ws, alpha, false, f.layers.length - 1, shift);
    if (e !== undefined) v += inputPartCorrection(box, ws.inputCoef, e);
    if (gradient) alphaGradient(f, box, ws, e);
    return v;
  };
  const bestAlpha = alpha.map((a) => Float64Array.from(a));
  const bestBeta = Float64Array.from(beta);
  let bestValue = evaluate(true);
  // β's step per split, from the scale of the layer's backward coefficients at the start.
  const betaRate = splits.map(({ layer }) => {
    let top = 0;
    for (const v of ws.g[layer] as Float64Array) top = Math.max(top, Math.abs(v));
    return BETA_RATE * (top > 0 ? top : 1);
  });
  const mA = alpha.map((a) => new Float64Array(a.length));
  const vA = alpha.map((a) => new Float64Array(a.length));
  const mB = new Float64Array(splits.length);
  const vB = new Float64Array(splits.length);
  const gradB = new Float64Array(splits.length);
  let decay = 1;
  for (let step = 1; step <= steps && bestValue <= stopAbove; step++) {
    const c1 = 1 - ADAM_B1 ** step;
    const c2 = 1 - ADAM_B2 ** step;
    const adam = (m: Float64Array, v: Float64Array, i: number, grad: number): number => {
      m[i] = ADAM_B1 * (m[i] as number) + (1 - ADAM_B1) * grad;
      v[i] = ADAM_B2 * (v[i] as number) + (1 - ADAM_B2) * grad * grad;
      return (m[i] as number) / c1 / (Math.sqrt((v[i] as number) / c2) + 1e-12);
    };
    for (let k = 0; k < alpha.length; k++) {
      const a = alpha[k] as Float64Array;
      const grad = ws.alphaGrad[k] as Float64Array;
      for (let i = 0; i < a.length; i++) {
        const gr = grad[i] as number;
        if (gr === 0 && (mA[k] as Float64Array)[i] === 0) continue;
        a[i] = Math.min(1, Math.max(0, (a[i] as number) + ALPHA_RATE * decay * adam(mA[k] as Float64Array, vA[k] as Float64Array, i, gr)));
      }
    }
    betaGradient(bounds, ws, splits, gradB);
    for (let q = 0; q < splits.length; q++) beta[q] = Math.max(0, (beta[q] as number) + (betaRate[q] as number) * decay * adam(mB, vB, q, gradB[q] as number));
    decay *= STEP_DECAY;
    const value = evaluate(true);
    if (value > bestValue) {
      bestValue = value;
      for (let k = 0; k < alpha.length; k++) (bestAlpha[k] as Float64Array).set(alpha[k] as Float64Array);
      bestBeta.set(beta);
    }
  }
  for (let k = 0; k < alpha.length; k++) (alpha[k] as Float64Array).set(bestAlpha[k] as Float64Array);
  beta.set(bestBeta);
  return bestValue;
}

/**
 * ∂bound/∂β_q of the last bound computed with its gradient (optimizeAlphaBeta's module comment:
 * −s(μ̄ − z*), z* = l for s = +1 and u for s = −1, the bounds of the split neuron as clamped by its
 * phase), for β ≥ 0, into `out` (one entry per split).
 */
export function betaGradient(bounds: LayerBounds, ws: BackwardWorkspace, splits: readonly SplitNeuron[], out: Float64Array): void {
  splits.forEach(({ layer, neuron, sign }, q) => {
    const zStar = sign > 0 ? ((bounds.lo[layer] as Float64Array)[neuron] as number) : ((bounds.hi[layer] as Float64Array)[neuron] as number);
    out[q] = -sign * (((ws.muGrad[layer] as Float64Array)[neuron] as number) - zStar);
  });
}

/**
 * What an input part e adds to a bound whose final linear function g·x was minimised over the
 * box: min (g + e)·x − min g·x, added term by term to `from` (so that a caller adding it to a
 * bound gets the same float sum as adding the terms one by one).
 */
export function inputPartCorrection(box: FloatBox, g: Float64Array, e: Float64Array, from = 0): number {
  let w = from;
  for (let t = 0; t < e.length; t++) {
    const gt = g[t] as number;
    const lo = box.lo[t] as number;
    const hi = box.hi[t] as number;
    const ge = gt + (e[t] as number);
    w += -(gt >= 0 ? gt * lo : gt * hi) + (ge >= 0 ? ge * lo : ge * hi);
  }
  return w;
}

/**
 * The output y* of the relaxation's minimiser for the last {@link backwardBound} computed with its
 * gradient: the input at the box corner its final coefficient picks, carried up through each
 * hidden layer's chosen linear piece (slope·z + offset; z* is `ws.muGrad`, alphaGradient), then
 * the last affine layer. The bound equals c·y* + d, so for rows c_r, d_r combined by λ the row
 * values c_r·y* + d_r are a supergradient of the bound in λ (it is the minimum over the relaxation
 * of a function linear in λ, hence concave).
 */
export function minimiserOutput(f: FloatNet, ws: BackwardWorkspace, out: Float64Array): void {
  const L = f.layers.length;
  const last = f.layers[L - 1] as FloatLayer;
  const h = ws.up;
  if (L === 1) throw new RangeError('minimiserOutput needs a hidden layer');
  const k = L - 2;
  const z = ws.muGrad[k] as Float64Array;
  const slope = ws.slope[k] as Float64Array;
  const offset = ws.offset[k] as Float64Array;
  for (let i = 0; i < last.inputs; i++) h[i] = (slope[i] as number) * (z[i] as number) + (offset[i] as number);
  for (let i = 0; i < last.outputs; i++) {
    let v = last.b[i] as number;
    const row = i * last.inputs;
    for (let j = 0; j < last.inputs; j++) v += (last.w[row + j] as number) * (h[j] as number);
    out[i] = v;
  }
}

/**
 * Σ_r λ_r (c_r, d_r) in float64: the combined c into `c` (overwritten), the combined d returned.
 * Rows with λ_r = 0 are skipped, so the sums are those of the rows that count, in row order.
 */
export function combineFloatRows(rowC: readonly Float64Array[], rowD: readonly number[], lambda: ArrayLike<number>, c: Float64Array): number {
  c.fill(0);
  let d = 0;
  rowC.forEach((cr, r) => {
    const l = lambda[r] as number;
    if (l === 0) return;
    for (let i = 0; i < c.length; i++) c[i] = (c[i] as number) + l * (cr[i] as number);
    d += l * (rowD[r] as number);
  });
  return d;
}

/** Euclidean projection of v onto the probability simplex {λ ≥ 0, Σλ = 1}, in place (sort-based). */
export function projectOntoSimplex(v: Float64Array): void {
  const u = Float64Array.from(v).sort().reverse();
  let sum = 0;
  let theta = 0;
  for (let i = 0; i < u.length; i++) {
    sum += u[i] as number;
    const t = (sum - 1) / (i + 1);
    if ((u[i] as number) - t > 0) theta = t;
  }
  for (let i = 0; i < v.length; i++) v[i] = Math.max(0, (v[i] as number) - theta);
}

/**
 * α-CROWN with the conjunction's multipliers optimised too: the bound of Σ_r λ_r (c_r·y + d_r)
 * over the relaxation, maximised jointly over the lower slopes α ∈ [0, 1] (sign-gradient steps,
 * as {@link optimizeAlpha}) and λ on the simplex (projected supergradient steps, the row values at
 * the minimiser, {@link minimiserOutput}). The best λ is the LP dual of the conjunction over the
 * relaxation, which the singles and pairs of fixed weights only approximate: where the largest
 * output changes inside a box, no single row or even pair is positive on it while a weighted
 * combination of three or four is. `lambda` (on the simplex) and `alpha` are the start and receive
 * the best point seen; returns its bound. The workspace is left at the last point tried.
 */
export function optimizeAlphaLambda(
  f: FloatNet,
  bounds: LayerBounds,
  box: FloatBox,
  rowC: readonly Float64Array[],
  rowD: readonly number[],
  lambda: Float64Array,
  ws: BackwardWorkspace,
  alpha: Float64Array[],
  steps: number,
  stopAbove = Number.POSITIVE_INFINITY,
): number {
  const m = f.outputs;
  const c = new Float64Array(m);
  const y = new Float64Array(m);
  const grad = new Float64Array(rowC.length);
  const evaluate = (): number => backwardBound(f, bounds, box, c, combineFloatRows(rowC, rowD, lambda, c), ws, alpha, true);
  const bestAlpha = alpha.map((a) => Float64Array.from(a));
  const bestLambda = Float64Array.from(lambda);
  let bestValue = evaluate();
  let eta = 0.5;
  let etaLambda = 0.5;
  for (let step = 0; step < steps && bestValue <= stopAbove; step++) {
    minimiserOutput(f, ws, y);
    let scale = 0;
    rowC.forEach((cr, r) => {
      let v = rowD[r] as number;
      for (let i = 0; i < m; i++) v += (cr[i] as number) * (y[i] as number);
      grad[r] = v;
      scale = Math.max(scale, Math.abs(v));
    });
    if (scale > 0) for (let r = 0; r < rowC.length; r++) lambda[r] = (lambda[r] as number) + (etaLambda * (grad[r] as number)) / scale;
    projectOntoSimplex(lambda);
    signStep(alpha, ws, eta);
    const value = evaluate();
    if (value > bestValue) {
      bestValue = value;
      for (let k = 0; k < alpha.length; k++) (bestAlpha[k] as Float64Array).set(alpha[k] as Float64Array);
      bestLambda.set(lambda);
    }
    eta *= 0.7;
    etaLambda *= 0.8;
  }
  for (let k = 0; k < alpha.length; k++) (alpha[k] as Float64Array).set(bestAlpha[k] as Float64Array);
  lambda.set(bestLambda);
  return bestValue;
}
