/**
 * The exact leaf bound: a valid rational lower bound of a nonnegative combination of margins
 * Σ_r λ_r (c_r·N(x) + d_r) over a leaf (a box with rational bounds, optionally with ReLU phase
 * constraints), computed in BigInt arithmetic. No floating-point value enters: this is the
 * function a checker kernel runs to confirm that a leaf is closed (bound > 0, strictly: VNN-LIB
 * semantics are closed, a margin exactly 0 is a violation). Imports: src/exact and the network
 * model and the kernel's integer layers (leafNetwork.ts) only.
 *
 * ## What is computed (docs/bounds.md restates this with the proofs)
 * Notation: layers k = 0..L−1, z_k = W_k h_{k−1} + b_k, h_k = act_k(z_k), h_{−1} = x; the leaf is
 * X = {x ∈ [lo, hi] : z_k,i(x) ≥ 0 for phase +1, ≤ 0 for phase −1}. Coordinates x = lo + w∘ξ,
 * w = hi − lo ≥ 0, ξ ∈ [0, 1]^n.
 *
 * 1. Intermediate bounds, forward (Neurify / DeepPoly-forward). Each hidden neuron gets linear
 *    functions ZL(ξ) ≤ z ≤ ZU(ξ) valid on X, with integer coefficients over 2^S:
 *    - layer 0: z = (W_0∘w)ξ + (W_0 lo + b_0) exactly; then every coefficient and the constant is
 *      rounded DOWN for ZL and UP for ZU. Because ξ ≥ 0, ⌊a⌋ξ ≤ aξ, so a lower function stays a
 *      lower function (and symmetrically): rounding is outward with nothing to absorb.
 *    - concretisation: l = ZL₀ + Σ min(ZL_t, 0) ≤ min_ξ ZL, u = ZU₀ + Σ max(ZU_t, 0); exact.
 *      Phase +1 replaces l by max(l, 0), phase −1 u by min(u, 0) (valid on X by definition of X);
 *      l > u proves X empty.
 *    - ReLU relaxation on [l, u] (an identity layer keeps h = z): u ≤ 0 gives h = 0, l ≥ 0 gives
 *      h = z; otherwise, for any s' ∈ [0, 1] (s' = u/(u−l) rounded to {@link SLOPE_BITS} bits)
 *      and t = max(−s'l, (1−s')u): h ≤ s'z + t holds at z = l and z = u, hence on [l, u] by
 *      convexity of relu; and h ≥ αz for any α ∈ [0, 1] (relu(z) ≥ max(0, z)). With s', α ≥ 0,
 *      HU = s'·ZU + t and HL = α·ZL are valid on X. α = 1 if u ≥ −l else 0 (`adaptive`,
 *      DeepPoly's rule) or α = s' (`parallel`, Neurify's).
 *    - next layer: ZL = Σ_j w_ij·(w_ij > 0 ? HL_j : HU_j) + b_i (and the mirror for ZU), exact in
 *      BigInt, then rounded outward to 2^S as for layer 0.
 *    1b. Refinement (CROWN intermediate bounds): a neuron of a hidden layer k ≥ 1 still unstable
 *      after concretisation and free of phase constraints is re-bounded by step 2 applied to the
 *      objectives +z_k,i and −z_k,i with the bounds of layers < k (valid for the same reason as
 *      step 2); the tighter of the two bounds is kept, rounded outward (⌊·⌋ for l, ⌈·⌉ for u) to
 *      2^-S. Only then is the neuron relaxed.
 * 2. The final bound, backward, as a Lagrangian decomposition (Dvijotham et al. 2018; a CROWN
 *    pass is one choice of its multipliers, Salman et al. 2019). With c = Σλ_r c_r, d = Σλ_r d_r,
 *    g_{L−2} = W_{L−1}ᵀc and, for ANY vectors μ_k, g_{k−1} = W_kᵀμ_k:
 *      c·N(x) + d = c·b_{L−1} + d + Σ_k μ_k·b_k + Σ_{k ≤ L−2} Σ_i φ_k,i(z_k,i) + g_{−1}·x,
 *    with φ(z) = g_i·act(z) − μ_i·z — an identity, because every added term μ_k·(W_k h_{k−1} +
 *    b_k − z_k) is 0. Each φ is piecewise linear with one kink at 0, so on [l, u] it is ≥ its
 *    least value at l, u (and 0 when l < 0 < u); g_{−1}·x ≥ Σ_t min(g_t lo_t, g_t hi_t). Every
 *    piece is evaluated exactly, so the sum is a valid lower bound for every μ: the μ are
 *    CROWN's (slope × g, slopes from the bounds and the given α), shifted by the β of phase-split
 *    neurons, ROUNDED to {@link MU_BITS} significant bits of the layer's largest |g_i| and of each
 *    of its β — the rounding costs tightness only, never validity
 *    (the Neumaier–Shcherbina principle: any multipliers, exact correction).
 * 3. Proven iff the bound is > 0 or X is empty. Then no x in X has every margin ≤ 0: if all were,
 *    Σλ_r m_r(x) ≤ 0 since λ ≥ 0.
 * The constants {@link FORWARD_BITS}, {@link SLOPE_BITS} and {@link MU_BITS} only set how short the
 * numbers stay; no choice of them can make the result invalid.
 */
import Fraction from 'fraction.js';
import { bitLength, lcmBig } from '../exact/integer.js';
import { denominator, numerator } from '../exact/rational.js';
import type { KernelLayer } from './kernel/network.js';
import { type LeafNetwork, leafNetwork } from './leafNetwork.js';
import type { Network } from '../network/model.js';

/** Significant bits kept per forward coefficient (relative to the largest of its layer). */
export const FORWARD_BITS = 48;
/** Bits of the rounded chord slope s' ∈ [0, 1]. */
export const SLOPE_BITS = 20;
/** Significant bits kept per backward multiplier μ (relative to the largest of its layer). */
export const MU_BITS = 40;
/** Lower slopes α of the backward pass are given as integers a ∈ [0, 2^ALPHA_BITS]: α = a / 2^ALPHA_BITS. */
export const ALPHA_BITS = 8;

/** The rule for the lower slope of an unstable neuron in the forward pass (see the module comment). */
export type ForwardSlopeRule = 'adaptive' | 'parallel';

/** A leaf: a box and optional phase constraints (per layer, per neuron: +1, −1 or 0). */
export interface ExactLeaf {
  readonly lo: readonly Fraction[];
  readonly hi: readonly Fraction[];
  readonly phases?: readonly (ArrayLike<number> | undefined)[];
}

/**
 * A margin row c·N(x) + x_coef·x + d; a leaf point violates a conjunction when every row is ≤ 0.
 * The input part `x` (optional, zero when absent) carries VNN-LIB's mixed rows and, with c = 0, the
 * input constraints a·x − b ≤ 0 of a case (a nonnegative multiple of one is ≤ 0 on the case's
 * input set, so adding it keeps every violating point's combination ≤ 0).
 */
export interface ExactRow {
  readonly c: readonly Fraction[];
  readonly d: Fraction;
  readonly x?: readonly Fraction[];
}

/** Σ_r λ_r x_r, the input part of the combination (undefined when every row has none). */
export function combineInputParts(rows: readonly ExactRow[], lambda: readonly Fraction[], inputs: number): Fraction[] | undefined {
  let acc: Fraction[] | undefined;
  rows.forEach((row, r) => {
    const l = lambda[r] as Fraction;
    if (row.x === undefined || l.n === 0n) return;
    if (row.x.length !== inputs) throw new RangeError(`row ${r} has ${row.x.length} input coefficients, the network has ${inputs} inputs`);
    if (row.x.every((v) => v.n === 0n)) return;
    acc ??= new Array<Fraction>(inputs).fill(new Fraction(0));
    row.x.forEach((v, t) => {
      if (v.n !== 0n) (acc as Fraction[])[t] = ((acc as Fraction[])[t] as Fraction).add(v.mul(l));
    });
  });
  return acc;
}

/** What a certificate may carry for a leaf besides the leaf itself. */
export interface ExactLeafParameters {
  /**
   * Backward lower slopes per hidden layer (numerators over 2^{@link ALPHA_BITS}, each in
   * [0, 2^ALPHA_BITS]); used for unstable neurons whose coefficient is ≥ 0. Default: CROWN's rule.
   */
  readonly alpha?: readonly (ArrayLike<number> | undefined)[];
  /** The forward lower-slope rule (default `adaptive`). */
  readonly forward?: ForwardSlopeRule;
  /**
   * Multipliers β of phase-split constraints, per hidden layer: neuron → β, only at neurons with
   * a phase (+1 or −1) on the leaf. The backward multiplier there becomes μ_i − s_i β_i (s_i the
   * phase): β-CROWN's term −β_i s_i z_i (Wang et al. 2021), which is ≤ 0 on the leaf for β ≥ 0. Step 2
   * holds for every μ, so every β gives a valid bound; a good one makes it tight.
   */
  readonly beta?: readonly (ReadonlyMap<number, Fraction> | undefined)[];
}

/** The result of {@link exactLeafBound}. */
export interface ExactLeafBound {
  /** Whether the leaf is closed: X empty, or the bound > 0. */
  readonly proven: boolean;
  /** Whether a phase constraint was proven infeasible on the box. */
  readonly empty: boolean;
  /** The lower bound of Σλ_r m_r over X (undefined when X is empty). */
  readonly bound: Fraction | undefined;
}

/** Pre-activation bounds of the hidden layers: l = lo[k][i] / 2^scale[k] (integers). */
export interface ExactLayerBounds {
  readonly lo: bigint[][];
  readonly hi: bigint[][];
  readonly scale: number[];
}

/** ⌊a / b⌋ for b > 0 (BigInt division truncates toward 0). */
function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a < 0n && q * b !== a ? q - 1n : q;
}

/** ⌈a / b⌉ for b > 0. */
function ceilDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a > 0n && q * b !== a ? q + 1n : q;
}

/** The nearest integer to a / b for b > 0 (ties up). */
function roundDiv(a: bigint, b: bigint): bigint {
  return floorDiv(2n * a + b, 2n * b);
}

/** The scale S ≥ 0 that keeps `bits` significant bits of the largest |x|/den. */
function scaleFor(maxAbs: bigint, den: bigint, bits: number): number {
  if (maxAbs === 0n) return 0;
  return Math.max(0, bits - (bitLength(maxAbs) - bitLength(den)));
}

function checkLeaf(net: Network, leaf: ExactLeaf): void {
  if (leaf.lo.length !== net.inputs || leaf.hi.length !== net.inputs) {
    throw new RangeError(`the leaf box has ${leaf.lo.length}/${leaf.hi.length} bounds, the network has ${net.inputs} inputs`);
  }
  leaf.lo.forEach((l, t) => {
    if (l.compare(leaf.hi[t] as Fraction) > 0) throw new RangeError(`leaf box coordinate ${t}: lower bound above upper bound`);
  });
  if (leaf.phases !== undefined && leaf.phases.length > net.layers.length) throw new RangeError('phase constraints for more layers than the network has');
  leaf.phases?.forEach((p, k) => {
    if (p === undefined) return;
    if (p.length !== (net.layers[k]?.outputs ?? 0)) throw new RangeError(`phase constraints of layer ${k}: ${p.length} entries for ${net.layers[k]?.outputs} neurons`);
    for (let i = 0; i < p.length; i++) if (p[i] !== 0 && p[i] !== 1 && p[i] !== -1) throw new RangeError(`phase constraint of layer ${k} neuron ${i} is ${p[i]}, not −1, 0 or 1`);
  });
}

/**
 * Step 1 of the module comment: outward-rounded forward bounds of every hidden pre-activation
 * over the leaf, or `undefined` when a phase constraint proves the leaf empty.
 */
export function exactLayerBounds(net: Network, leaf: ExactLeaf, rule: ForwardSlopeRule = 'adaptive'): ExactLayerBounds | undefined {
  checkLeaf(net, leaf);
  const cn = leafNetwork(net);
  const n0 = net.inputs;
  const m = n0 + 1;
  // Box over a common denominator q: lo_t = LO[t]/q, w_t = WD[t]/q.
  let q = 1n;
  for (const v of [...leaf.lo, ...leaf.hi]) q = lcmBig(q, denominator(v));
  const LO = leaf.lo.map((v) => numerator(v) * (q / denominator(v)));
  const WD = leaf.hi.map((v, t) => numerator(v) * (q / denominator(v)) - (LO[t] as bigint));
  const out: ExactLayerBounds = { lo: [], hi: [], scale: [] };
  const hidden = cn.layers.length - 1;
  // The current layer's inputs as functions: HL[j][t], HU[j][t] over 2^hScale.
  let HL: bigint[][] = [];
  let HU: bigint[][] = [];
  let hScale = 0;
  for (let k = 0; k < hidden; k++) {
    const layer = cn.layers[k] as KernelLayer;
    // Exact numerators of ZL, ZU over `zden`, row by row.
    const exactL: bigint[][] = [];
    const exactU: bigint[][] = [];
    let zden: bigint;
    if (k === 0) {
      zden = layer.den * q;
      for (let i = 0; i < layer.outputs; i++) {
        const f = new Array<bigint>(m).fill(0n);
        f[n0] = (layer.bias[i] as bigint) * q;
        const cols = layer.cols[i] as readonly number[];
        const nums = layer.nums[i] as readonly bigint[];
        for (let p = 0; p < cols.length; p++) {
          const t = cols[p] as number;
          const w = nums[p] as bigint;
          f[t] = w * (WD[t] as bigint);
          f[n0] = (f[n0] as bigint) + w * (LO[t] as bigint);
        }
        exactL.push(f);
        exactU.push(f);
      }
    } else {
      zden = layer.den << BigInt(hScale);
      for (let i = 0; i < layer.outputs; i++) {
        const fl = new Array<bigint>(m).fill(0n);
        const fu = new Array<bigint>(m).fill(0n);
        const bias = (layer.bias[i] as bigint) << BigInt(hScale);
        fl[n0] = bias;
        fu[n0] = bias;
        const cols = layer.cols[i] as readonly number[];
        const nums = layer.nums[i] as readonly bigint[];
        for (let p = 0; p < cols.length; p++) {
          const j = cols[p] as number;
          const w = nums[p] as bigint;
          const forL = (w > 0n ? HL[j] : HU[j]) as bigint[];
          const forU = (w > 0n ? HU[j] : HL[j]) as bigint[];
          for (let t = 0; t < m; t++) {
            const a = forL[t] as bigint;
            if (a !== 0n) fl[t] = (fl[t] as bigint) + w * a;
            const b = forU[t] as bigint;
            if (b !== 0n) fu[t] = (fu[t] as bigint) + w * b;
          }
        }
        exactL.push(fl);
        exactU.push(fu);
      }
    }
    // Outward rounding to 2^-S: floor for lower functions, ceil for upper (ξ ≥ 0).
    let maxAbs = 0n;
    for (const f of [...exactL, ...exactU]) for (const v of f) if ((v < 0n ? -v : v) > maxAbs) maxAbs = v < 0n ? -v : v;
    const S = scaleFor(maxAbs, zden, FORWARD_BITS);
    const up = 1n << BigInt(S);
    const ZL = exactL.map((f) => f.map((v) => floorDiv(v * up, zden)));
    const ZU = exactU.map((f) => f.map((v) => ceilDiv(v * up, zden)));
    // Concretise, clamp by phase, relax.
    const lo: bigint[] = [];
    const hi: bigint[] = [];
    const nextL: bigint[][] = [];
    const nextU: bigint[][] = [];
    const sigma = BigInt(SLOPE_BITS);
    const one = 1n << sigma;
    const phase = leaf.phases?.[k];
    for (let i = 0; i < layer.outputs; i++) {
      const zl = ZL[i] as bigint[];
      const zu = ZU[i] as bigint[];
      let l = zl[n0] as bigint;
      let u = zu[n0] as bigint;
      for (let t = 0; t < n0; t++) {
        const a = zl[t] as bigint;
        const b = zu[t] as bigint;
        if (a < 0n) l += a;
        if (b > 0n) u += b;
      }
      const p = phase === undefined ? 0 : phase[i];
      if (k > 0 && layer.relu && l < 0n && u > 0n && p === 0) {
        // Step 1b: re-bound by the backward pass with objective ±e_i (valid for the same
        // reason as step 2), rounded outward to 2^-S, keeping the tighter bound.
        const unit = new Array<bigint>(layer.outputs).fill(0n);
        unit[i] = 1n;
        const below = lagrangianBound(cn, out, leaf, k, unit, 1n, 0n, undefined);
        const lb = floorDiv(numerator(below) << BigInt(S), denominator(below));
        if (lb > l) l = lb;
        unit[i] = -1n;
        const above = lagrangianBound(cn, out, leaf, k, unit, 1n, 0n, undefined);
        const ub = ceilDiv(-numerator(above) << BigInt(S), denominator(above));
        if (ub < u) u = ub;
      }
      if (p === 1 && l < 0n) l = 0n;
      if (p === -1 && u > 0n) u = 0n;
      if (l > u) return undefined;
      lo.push(l);
      hi.push(u);
      // h's functions over 2^(S + SLOPE_BITS).
      if (!layer.relu || l >= 0n) {
        nextL.push(zl.map((v) => v << sigma));
        nextU.push(zu.map((v) => v << sigma));
      } else if (u <= 0n) {
        nextL.push(new Array<bigint>(m).fill(0n));
        nextU.push(new Array<bigint>(m).fill(0n));
      } else {
        // s' = ⌊u·2^σ/(u − l)⌋/2^σ ∈ [0, 1]; t = max(−s'l, (1 − s')u), both over 2^(S+σ).
        const s = (u << sigma) / (u - l);
        const t0 = -s * l;
        const t1 = (one - s) * u;
        const fu = zu.map((v) => s * v);
        fu[n0] = (fu[n0] as bigint) + (t0 > t1 ? t0 : t1);
        nextU.push(fu);
        const alpha = rule === 'parallel' ? s : u >= -l ? one : 0n;
        nextL.push(zl.map((v) => alpha * v));
      }
    }
    out.lo.push(lo);
    out.hi.push(hi);
    out.scale.push(S);
    HL = nextL;
    HU = nextU;
    hScale = S + SLOPE_BITS;
  }
  return out;
}

/**
 * Σ_r λ_r c_r and Σ_r λ_r d_r as exact rationals (last entry: d), after checking sizes and λ ≥ 0.
 * @throws RangeError on a size mismatch or a negative multiplier.
 */
export function combineRows(rows: readonly ExactRow[], lambda: readonly Fraction[], outputs: number): Fraction[] {
  if (rows.length !== lambda.length) throw new RangeError(`${rows.length} rows but ${lambda.length} multipliers`);
  const acc = new Array<Fraction>(outputs + 1).fill(new Fraction(0));
  rows.forEach((row, r) => {
    const l = lambda[r] as Fraction;
    if (l.s < 0n && l.n !== 0n) throw new RangeError(`multiplier λ_${r} is negative`);
    if (row.c.length !== outputs) throw new RangeError(`row ${r} has ${row.c.length} output coefficients, the network has ${outputs} outputs`);
    if (l.n === 0n) return;
    row.c.forEach((v, i) => {
      acc[i] = (acc[i] as Fraction).add(v.mul(l));
    });
    acc[outputs] = (acc[outputs] as Fraction).add(row.d.mul(l));
  });
  return acc;
}

/** {@link combineRows} as an integer vector over a common denominator. */
function combinedIntegers(rows: readonly ExactRow[], lambda: readonly Fraction[], outputs: number): { num: bigint[]; den: bigint } {
  const acc = combineRows(rows, lambda, outputs);
  let den = 1n;
  for (const v of acc) den = lcmBig(den, denominator(v));
  return { num: acc.map((v) => numerator(v) * (den / denominator(v))), den };
}

/**
 * A valid lower bound of Σ_r λ_r (c_r·N(x) + d_r) over the leaf, exactly (see the module
 * comment for the relaxation and the proof). λ must be ≥ 0; `params.alpha` as documented.
 * @throws RangeError on malformed input (sizes, λ < 0, α outside [0, 2^ALPHA_BITS], lo > hi).
 */
export function exactLeafBound(net: Network, leaf: ExactLeaf, rows: readonly ExactRow[], lambda: readonly Fraction[], params: ExactLeafParameters = {}): ExactLeafBound {
  const cn = leafNetwork(net);
  const bounds = exactLayerBounds(net, leaf, params.forward ?? 'adaptive');
  const c = combinedIntegers(rows, lambda, cn.outputs);
  const inputPart = combineInputParts(rows, lambda, cn.inputs);
  if (bounds === undefined) return { proven: true, empty: true, bound: undefined };
  const value = lagrangianBound(cn, bounds, leaf, cn.layers.length - 1, c.num.slice(0, cn.outputs), c.den, c.num[cn.outputs] as bigint, params.alpha, inputPart, params.beta);
  return { proven: value.s > 0n && value.n !== 0n, empty: false, bound: value };
}

/**
 * Step 2 of the module comment for the objective (c/cden)·z_top + d/cden at layer `top` (the
 * network's outputs for the leaf bound; a hidden layer for step 1b), given valid bounds of the
 * layers below `top`: the Lagrangian bound with CROWN multipliers rounded to MU_BITS bits.
 */
function lagrangianBound(
  cn: LeafNetwork,
  bounds: ExactLayerBounds,
  leaf: ExactLeaf,
  top: number,
  c: readonly bigint[],
  cden: bigint,
  d: bigint,
  alphas: ExactLeafParameters['alpha'],
  inputPart?: readonly Fraction[],
  betas?: ExactLeafParameters['beta'],
): Fraction {
  const L = top + 1;
  const last = cn.layers[top] as KernelLayer;
  // value = d + c·b_{L−1}, kept as a Fraction (a handful of additions per leaf).
  let cb = 0n;
  for (let i = 0; i < last.outputs; i++) cb += (c[i] as bigint) * (last.bias[i] as bigint);
  let value = new Fraction(d, cden).add(new Fraction(cb, cden * last.den));
  // g = W_{L−1}ᵀ c over gden.
  let g = transposeTimes(last, c);
  let gden = cden * last.den;
  for (let k = L - 2; k >= 0; k--) {
    const layer = cn.layers[k] as KernelLayer;
    const lo = bounds.lo[k] as bigint[];
    const hi = bounds.hi[k] as bigint[];
    const S = bounds.scale[k] as number;
    const alpha = alphas?.[k];
    if (alpha !== undefined && alpha.length !== layer.outputs) throw new RangeError(`alpha of layer ${k}: ${alpha.length} entries for ${layer.outputs} neurons`);
    // μ_i by CROWN's rule, exact, then rounded to 2^-F: MU_BITS significant bits of the largest
    // |g_i| and of every β of the layer (a grid set by g alone rounds a β far below g — every β
    // when g = 0, as behind a layer of neurons all off — to 0 and loses the bound it gives).
    let maxG = 0n;
    for (const v of g) if ((v < 0n ? -v : v) > maxG) maxG = v < 0n ? -v : v;
    const beta = betas?.[k];
    let F = scaleFor(maxG, gden, MU_BITS);
    if (beta !== undefined) for (const b of beta.values()) if (b.n !== 0n) F = Math.max(F, scaleFor(b.n, b.d, MU_BITS));
    const up = 1n << BigInt(F);
    const mu = new Array<bigint>(layer.outputs);
    for (let i = 0; i < layer.outputs; i++) {
      const gi = g[i] as bigint;
      const l = lo[i] as bigint;
      const u = hi[i] as bigint;
      if (!layer.relu || l >= 0n) mu[i] = roundDiv(gi * up, gden);
      else if (u <= 0n || gi === 0n) mu[i] = 0n;
      else if (gi < 0n) mu[i] = roundDiv(gi * u * up, gden * (u - l));
      else {
        const a = alpha === undefined ? (u >= -l ? 1n << BigInt(ALPHA_BITS) : 0n) : BigInt(alphaAt(alpha, k, i));
        mu[i] = roundDiv(gi * a * up, gden << BigInt(ALPHA_BITS));
      }
    }
    // β at phase-split neurons: μ_i − s_i β_i, with β rounded to 2^-F (any μ is valid).
    if (beta !== undefined) {
      for (const [i, b] of beta) {
        const sign = phaseAt(leaf, k, i);
        mu[i] = (mu[i] as bigint) - BigInt(sign) * roundDiv(numerator(b) * up, denominator(b));
      }
    }
    // Σ_i min over z ∈ {l, u, 0 if l < 0 < u} of g_i act(z) − μ_i z, over gden·2^(F+S);
    // and Σ μ_i b_i over 2^F·den_k.
    let terms = 0n;
    let mb = 0n;
    for (let i = 0; i < layer.outputs; i++) {
      const gi = (g[i] as bigint) * up; // g_i over gden·2^F
      const mi = (mu[i] as bigint) * gden; // μ_i over gden·2^F
      const l = lo[i] as bigint;
      const u = hi[i] as bigint;
      const act = (z: bigint): bigint => (layer.relu && z < 0n ? 0n : z);
      let best = gi * act(l) - mi * l;
      const atU = gi * act(u) - mi * u;
      if (atU < best) best = atU;
      if (l < 0n && u > 0n && best > 0n) best = 0n;
      terms += best;
      mb += (mu[i] as bigint) * (layer.bias[i] as bigint);
    }
    value = value.add(new Fraction(terms, (gden << BigInt(F)) << BigInt(S))).add(new Fraction(mb, layer.den << BigInt(F)));
    g = transposeTimes(layer, mu);
    gden = layer.den << BigInt(F);
  }
  // (g + inputPart)·x over the box: Σ min(G_t lo_t, G_t hi_t), exact.
  for (let t = 0; t < cn.inputs; t++) {
    const gt = g[t] as bigint;
    const extra = inputPart?.[t];
    if (extra === undefined || extra.n === 0n) {
      if (gt === 0n) continue;
      value = value.add(new Fraction(gt, gden).mul(gt > 0n ? (leaf.lo[t] as Fraction) : (leaf.hi[t] as Fraction)));
      continue;
    }
    const G = new Fraction(gt, gden).add(extra);
    if (G.n === 0n) continue;
    value = value.add(G.mul(G.s > 0n ? (leaf.lo[t] as Fraction) : (leaf.hi[t] as Fraction)));
  }
  return value;
}

/** The phase (+1 or −1) of neuron i of layer k on the leaf; a RangeError when it has none (β belongs to a split). */
function phaseAt(leaf: ExactLeaf, k: number, i: number): 1 | -1 {
  const p = leaf.phases?.[k]?.[i];
  if (p !== 1 && p !== -1) throw new RangeError(`beta of layer ${k} neuron ${i}: the neuron has no phase constraint on this leaf`);
  return p;
}

function alphaAt(alpha: ArrayLike<number>, k: number, i: number): number {
  const a = alpha[i] as number;
  if (!Number.isInteger(a) || a < 0 || a > 2 ** ALPHA_BITS) throw new RangeError(`alpha of layer ${k} neuron ${i} is ${a}, not an integer in [0, ${2 ** ALPHA_BITS}]`);
  return a;
}

/** Wᵀv in integers for a compiled layer (v over its outputs; result over its inputs, den_k·den(v)). */
function transposeTimes(layer: KernelLayer, v: readonly bigint[]): bigint[] {
  const out = new Array<bigint>(layer.inputs).fill(0n);
  for (let i = 0; i < layer.outputs; i++) {
    const vi = v[i] as bigint;
    if (vi === 0n) continue;
    const cols = layer.cols[i] as readonly number[];
    const nums = layer.nums[i] as readonly bigint[];
    for (let p = 0; p < cols.length; p++) {
      const j = cols[p] as number;
      out[j] = (out[j] as bigint) + (nums[p] as bigint) * vi;
    }
  }
  return out;
}
