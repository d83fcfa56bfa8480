/**
 * The leaf bound of exactLeaf.ts computed in float64 with a rigorous a-priori error bound: a
 * filter in front of the exact function, as the sign filter of evaluate.ts is in front of the
 * exact interpreter. It returns a float that is PROVABLY ≤ the true minimum of Σλ_r m_r over the
 * leaf, so "proven" (that float > 0) is a theorem, not an estimate; when the error bound does not
 * allow a proof, the caller falls back to {@link exactLeafBound}. Same relaxation as exactLeaf.ts
 * (forward `adaptive` rule, chord upper bound, Lagrangian backward with CROWN multipliers).
 * Imports: src/exact and the network model and the kernel's integer layers (leafNetwork.ts) only.
 *
 * ## Error analysis (Higham, Accuracy and Stability of Numerical Algorithms, 2nd ed., §3.1)
 * u = 2^-53. Stored weights ŵ = fl(fl(p)/fl(q)) satisfy |ŵ − w| ≤ δ|ŵ|, δ = 2^-50 (leafNetwork.ts);
 * the same for biases. For a dot product of n exact-float operands with exact rational weights,
 * |fl(b̂ + Σŵ_j X_j) − (b + Σ w_j X_j)| ≤ a_n (|b̂| + Σ|ŵ_j||X_j|), a_n = (n + 2)u + δ
 * (γ_{n+1} ≤ (n+2)u, plus the conversion error) — evaluate.ts's bound with exact inputs.
 * Three devices keep every stored quantity valid as a rational:
 * - up(x) = x + (|x|·2^-52 + 2^-1000) and down(x) likewise: if x is one correctly rounded
 *   operation, its exact value lies within half an ulp of x, and ulp(x) ≤ 2^-52|x| for normal x
 *   (2^-1000 covers subnormals and underflow), so the exact value is ≤ up(x) (≥ down(x)).
 * - Sums of nonnegative error terms computed in float are multiplied by 1 + (m + 8)·2^-52
 *   ≥ (1 − u)^-(m+…) for their m roundings, and get 2^-1000 per term against underflow.
 * - Forward functions live in ξ-coordinates (ξ ∈ [0, 1]^n): a coefficient error e_t changes the
 *   function by at most |e_t| on the box, so every error is absorbed into the constant — lower
 *   functions move down, upper functions up — and coefficients need no rounding direction.
 * Forward step for neuron i, side lower (upper mirrored): with X_j the input functions chosen by
 * the sign of w_ij, the exact A = b + Σ_j w_ij X_j and the computed Â differ on the box by at most
 * a_n (|b̂| + Σ_j |ŵ_ij| N_j), N_j = Σ_t |X_jt| (the L1 norm of X_j, constant included).
 * Layer 0 is the same step with the input functions x_t = lo_t + w_t ξ_t, where lo_t ≤ the exact
 * lower bound and lo_t + w_t ≥ the exact upper bound (outward conversion, checked exactly).
 * Backward: μ are floats, hence exact rationals, and the Lagrangian bound holds for any μ, so
 * errors do not propagate through layers: each g = Wᵀμ is known within a'_m Σ_i |ŵ_ij||μ_i|
 * (m = column length), and a term g·act(z) − μz with g ∈ [ĝ ± ε] is ≥ its value at ĝ minus
 * ε·max|act(z)|; each term's evaluation error is ≤ 3u(|ĝ||act(z)| + |μ||z|). The total is
 * the computed sum minus the sum of all error bounds plus γ_K times the sum of absolute values.
 * Overflow shows as a non-finite value and gives up (not proven).
 * An input part e·x of the objective (mixed rows, input constraints; leafExact.ts) is added to the
 * final coefficient: G = fl(g + ê) with ê within δ|ê| of e, so G is within ε + δ|ê| + 2^-52|G|.
 */
import Fraction from 'fraction.js';
import { float64ToRational } from '../exact/rational.js';
import { denominator, numerator } from '../exact/rational.js';
import { FLOAT_CONVERSION_DELTA, leafNetwork, rationalToFloat } from './leafNetwork.js';
import type { Network } from '../network/model.js';
import { ALPHA_BITS, type ExactLeaf, type ExactLeafParameters, type ExactRow, combineInputParts, combineRows } from './leafExact.js';

const U = 2 ** -53;
const E52 = 2 ** -52;
const ETA = 2 ** -1000;
const DELTA = FLOAT_CONVERSION_DELTA;

/** x rounded toward +∞ past its own rounding error (see the module comment). */
function up(x: number): number {
  return x + (Math.abs(x) * E52 + ETA);
}
/** x rounded toward −∞ past its own rounding error. */
function down(x: number): number {
  return x - (Math.abs(x) * E52 + ETA);
}

/** One layer's float64 image for the rigorous pass (dense). */
interface RigorousLayer {
  readonly inputs: number;
  readonly outputs: number;
  readonly relu: boolean;
  /** Row-major ŵ and |ŵ|. */
  readonly w: Float64Array;
  readonly wAbs: Float64Array;
  readonly b: Float64Array;
  /** a_n for rows (fan-in n) and for columns (length m). */
  readonly aRow: number;
  readonly aCol: number;
}

const images = new WeakMap<Network, readonly RigorousLayer[] | null>();

/** The float64 image, or null when a weight is outside the trusted float range (then use exact). */
function imageOf(net: Network): readonly RigorousLayer[] | null {
  const hit = images.get(net);
  if (hit !== undefined) return hit;
  const cn = leafNetwork(net);
  let image: RigorousLayer[] | null = [];
  for (const layer of cn.layers) {
    const n = layer.inputs;
    const m = layer.outputs;
    const w = new Float64Array(m * n);
    let ok = true;
    for (let i = 0; i < m && ok; i++) {
      const cols = layer.cols[i] as readonly number[];
      const nums = layer.nums[i] as readonly bigint[];
      for (let p = 0; p < cols.length; p++) {
        const v = rationalToFloat(nums[p] as bigint, layer.den);
        if (Number.isNaN(v)) ok = false;
        w[i * n + (cols[p] as number)] = v;
      }
    }
    const b = Float64Array.from(layer.bias, (v) => rationalToFloat(v, layer.den));
    if (!ok || b.some(Number.isNaN) || n + m > 2 ** 40) {
      image = null;
      break;
    }
    image.push({ inputs: n, outputs: m, relu: layer.relu, w, wAbs: w.map(Math.abs), b, aRow: (n + 2) * U + DELTA, aCol: (m + 2) * U + DELTA });
  }
  images.set(net, image);
  return image;
}

/** The largest float ≤ r (exactly checked). */
function floatBelow(r: Fraction): number {
  let v = approximateFloat(r);
  if (!Number.isFinite(v)) return Number.NEGATIVE_INFINITY;
  while (float64ToRational(v).compare(r) > 0) v = down(v);
  return v;
}

/**
 * A float near r, only a starting point for the exact correction loops of floatAbove/floatBelow:
 * when numerator and denominator are both beyond the float range (a box cut a thousand times has
 * denominators near 2^1000), their common low bits are dropped first, where Number(p)/Number(q)
 * and fraction.js's valueOf would both give ∞/∞ = NaN.
 */
function approximateFloat(r: Fraction): number {
  const p = numerator(r);
  const q = denominator(r);
  const v = rationalToFloat(p, q);
  if (!Number.isNaN(v)) return v;
  const bits = (x: bigint): number => (x < 0n ? -x : x).toString(2).length;
  const shift = BigInt(Math.max(0, Math.max(bits(p), bits(q)) - 1000));
  const w = Number(p >> shift) / Number(q >> shift);
  return Number.isNaN(w) ? r.valueOf() : w;
}
/** The smallest float ≥ r (exactly checked). */
function floatAbove(r: Fraction): number {
  let v = approximateFloat(r);
  // Beyond the float range: +∞ is still an upper bound, and the bound computed from it is not finite (not proven).
  if (!Number.isFinite(v)) return Number.POSITIVE_INFINITY;
  while (float64ToRational(v).compare(r) < 0) v = up(v);
  return v;
}

/** What {@link rigorousLeafBound} returns. */
export interface RigorousLeafBound {
  /** The float pass was possible (weights in range, no overflow). */
  readonly available: boolean;
  /** X empty (a phase constraint infeasible), proven by the rigorous forward bounds. */
  readonly empty: boolean;
  /** bound > 0 (or empty): the leaf is closed, rigorously. */
  readonly proven: boolean;
  /** A float ≤ min over the leaf of Σλ_r m_r (−∞ when unavailable or empty). */
  readonly bound: number;
}

const UNAVAILABLE: RigorousLeafBound = { available: false, empty: false, proven: false, bound: Number.NEGATIVE_INFINITY };

/** The float box of a leaf: lo ≤ exact lo and lo + width ≥ exact hi, with its widths. */
export function rigorousBox(leaf: ExactLeaf): { lo: Float64Array; width: Float64Array; hi: Float64Array } {
  const n = leaf.lo.length;
  const lo = new Float64Array(n);
  const hi = new Float64Array(n);
  const width = new Float64Array(n);
  for (let t = 0; t < n; t++) {
    lo[t] = floatBelow(leaf.lo[t] as Fraction);
    hi[t] = floatAbove(leaf.hi[t] as Fraction);
    width[t] = up((hi[t] as number) - (lo[t] as number));
  }
  return { lo, width, hi };
}

/**
 * The rigorous float64 leaf bound (module comment). Same inputs as exactLeafBound; `box` may
 * pass a precomputed {@link rigorousBox} of the leaf.
 */
export function rigorousLeafBound(
  net: Network,
  leaf: ExactLeaf,
  rows: readonly ExactRow[],
  lambda: readonly Fraction[],
  params: ExactLeafParameters = {},
  box?: RigorousBox,
): RigorousLeafBound {
  if ((params.forward ?? 'adaptive') !== 'adaptive') return UNAVAILABLE;
  const image = imageOf(net);
  if (image === null) return UNAVAILABLE;
  let forward: ForwardPass;
  if (box !== undefined) {
    forward = forwardPass(image, net, leaf, box);
  } else {
    // The forward pass depends on the network and the leaf only, not on the rows, λ, α or β:
    // a leaf's bound entries (one per conjunction) share it.
    const cached = forwardPasses.get(leaf);
    if (cached !== undefined && cached.net === net) {
      forward = cached.forward;
    } else {
      forward = forwardPass(image, net, leaf, rigorousBox(leaf));
      forwardPasses.set(leaf, { net, forward });
    }
  }
  if (!('lows' in forward)) return forward;
  return backward(image, leaf, rows, lambda, params, forward.box, forward.lows, forward.highs);
}

/** A leaf's float box ({@link rigorousBox}). */
type RigorousBox = { readonly lo: Float64Array; readonly width: Float64Array; readonly hi: Float64Array };

/** The forward pass of a leaf: its box and rigorous pre-activation bounds, or the bound it already decides (unavailable, empty). */
type ForwardPass = { readonly box: RigorousBox; readonly lows: readonly Float64Array[]; readonly highs: readonly Float64Array[] } | RigorousLeafBound;

/**
 * Forward passes by leaf object (leaves are immutable values: the checker and the engine build a
 * new one per tree node). The entry records the network, so a leaf met with another network is
 * computed afresh.
 */
const forwardPasses = new WeakMap<ExactLeaf, { readonly net: Network; readonly forward: ForwardPass }>();

/** The forward step of {@link rigorousLeafBound} (module comment): rigorous bounds of every hidden layer's pre-activations. */
function forwardPass(image: readonly RigorousLayer[], net: Network, leaf: ExactLeaf, box: RigorousBox): ForwardPass {
  const n0 = net.inputs;
  const m = n0 + 1;
  const L = image.length;
  // Input functions x_t = lo_t + width_t ξ_t, exact in floats.
  let hl = new Float64Array(n0 * m);
  let hu = hl;
  let nl = new Float64Array(n0);
  let nu = nl;
  for (let t = 0; t < n0; t++) {
    hl[t * m + t] = box.width[t] as number;
    hl[t * m + n0] = box.lo[t] as number;
    nl[t] = up(Math.abs(box.width[t] as number) + Math.abs(box.lo[t] as number));
  }
  const lows: Float64Array[] = [];
  const highs: Float64Array[] = [];
  let widest = n0;
  for (const layer of image) widest = Math.max(widest, layer.outputs);
  const unit = new Float64Array(widest);
  for (let k = 0; k < L - 1; k++) {
    const layer = image[k] as RigorousLayer;
    const n = layer.inputs;
    const out = layer.outputs;
    const zl = new Float64Array(out * m);
    const zu = new Float64Array(out * m);
    const lo = new Float64Array(out);
    const hi = new Float64Array(out);
    const inflate = 1 + (2 * n + n0 + 8) * E52;
    for (let i = 0; i < out; i++) {
      const base = i * m;
      const row = i * n;
      const bi = layer.b[i] as number;
      zl[base + n0] = bi;
      zu[base + n0] = bi;
      let el = Math.abs(bi);
      let eu = el;
      for (let j = 0; j < n; j++) {
        const w = layer.w[row + j] as number;
        if (w === 0) continue;
        const wa = layer.wAbs[row + j] as number;
        const src = j * m;
        if (w > 0) {
          for (let t = 0; t < m; t++) {
            zl[base + t] = (zl[base + t] as number) + w * (hl[src + t] as number);
            zu[base + t] = (zu[base + t] as number) + w * (hu[src + t] as number);
          }
          el += wa * (nl[j] as number);
          eu += wa * (nu[j] as number);
        } else {
          for (let t = 0; t < m; t++) {
            zl[base + t] = (zl[base + t] as number) + w * (hu[src + t] as number);
            zu[base + t] = (zu[base + t] as number) + w * (hl[src + t] as number);
          }
          el += wa * (nu[j] as number);
          eu += wa * (nl[j] as number);
        }
      }
      zl[base + n0] = down((zl[base + n0] as number) - (layer.aRow * el * inflate + ETA));
      zu[base + n0] = up((zu[base + n0] as number) + (layer.aRow * eu * inflate + ETA));
    }
    // Concretise (each addition rounded outward), clamp by phase, relax.
    const phase = leaf.phases?.[k];
    const nhl = new Float64Array(out * m);
    const nhu = new Float64Array(out * m);
    const nnl = new Float64Array(out);
    const nnu = new Float64Array(out);
    for (let i = 0; i < out; i++) {
      const base = i * m;
      let l = zl[base + n0] as number;
      let u = zu[base + n0] as number;
      for (let t = 0; t < n0; t++) {
        const a = zl[base + t] as number;
        const c = zu[base + t] as number;
        if (a < 0) l = down(l + a);
        if (c > 0) u = up(u + c);
      }
      if (!Number.isFinite(l) || !Number.isFinite(u)) return UNAVAILABLE;
      const p = phase === undefined ? 0 : phase[i];
      if (k > 0 && layer.relu && l < 0 && u > 0 && p === 0) {
        // Step 1b of exactLeaf.ts: the backward bound with objective ±e_i (rigorous, below).
        unit.fill(0);
        unit[i] = 1;
        const below = lagrangian(image, k, unit.subarray(0, out), 0, 0, 0, lows, highs, box, undefined);
        if (below > l) l = below;
        unit[i] = -1;
        const above = -lagrangian(image, k, unit.subarray(0, out), 0, 0, 0, lows, highs, box, undefined);
        if (above < u) u = above;
        if (!Number.isFinite(l) || !Number.isFinite(u)) return UNAVAILABLE;
      }
      if (p === 1 && l < 0) l = 0;
      if (p === -1 && u > 0) u = 0;
      if (l > u) return { available: true, empty: true, proven: true, bound: Number.POSITIVE_INFINITY };
      lo[i] = l;
      hi[i] = u;
      if (!layer.relu || l >= 0) {
        for (let t = 0; t < m; t++) {
          nhl[base + t] = zl[base + t] as number;
          nhu[base + t] = zu[base + t] as number;
        }
      } else if (u <= 0) {
        // h = 0: both functions stay 0.
      } else {
        // h ≤ s z + T with s ∈ [0, 1] any float, T ≥ max(−s l, (1 − s) u) rounded up.
        const s = Math.min(1, Math.max(0, u / (u - l)));
        const T = Math.max(up(s * -l), up(up(1 - s) * u));
        let abs = 0;
        for (let t = 0; t < m; t++) {
          const v = s * (zu[base + t] as number);
          nhu[base + t] = v;
          abs += Math.abs(v);
        }
        const e = abs * E52 * (1 + (n0 + 4) * E52) + (n0 + 2) * ETA;
        nhu[base + n0] = up(up((nhu[base + n0] as number) + T) + e);
        if (u >= -l) for (let t = 0; t < m; t++) nhl[base + t] = zl[base + t] as number;
      }
      let sl = 0;
      let su = 0;
      for (let t = 0; t < m; t++) {
        sl += Math.abs(nhl[base + t] as number);
        su += Math.abs(nhu[base + t] as number);
      }
      nnl[i] = sl * (1 + (m + 2) * E52) + ETA;
      nnu[i] = su * (1 + (m + 2) * E52) + ETA;
    }
    lows.push(lo);
    highs.push(hi);
    hl = nhl;
    hu = nhu;
    nl = nnl;
    nu = nnu;
  }
  return { box, lows, highs };
}

/** The leaf objective Σλ_r m_r as floats (c within δ|ĉ|, d within δ|d̂|), then the backward pass. */
function backward(
  image: readonly RigorousLayer[],
  leaf: ExactLeaf,
  rows: readonly ExactRow[],
  lambda: readonly Fraction[],
  params: ExactLeafParameters,
  box: { lo: Float64Array; hi: Float64Array },
  lows: readonly Float64Array[],
  highs: readonly Float64Array[],
): RigorousLeafBound {
  const L = image.length;
  const outputs = (image[L - 1] as RigorousLayer).outputs;
  const cx = combineRows(rows, lambda, outputs);
  if (leaf.lo.length !== (image[0] as RigorousLayer).inputs) throw new RangeError('leaf box and network inputs differ');
  const toFloat = (v: Fraction): number => (v.n === 0n ? 0 : rationalToFloat(numerator(v), denominator(v)));
  // The input part (mixed rows, input constraints) as floats, each within δ|ê| of the exact value.
  const ex = combineInputParts(rows, lambda, leaf.lo.length);
  const e = ex === undefined ? undefined : Float64Array.from(ex, toFloat);
  if (e !== undefined && e.some(Number.isNaN)) return UNAVAILABLE;
  const c = Float64Array.from(cx.slice(0, outputs), toFloat);
  const d = toFloat(cx[outputs] as Fraction);
  if (c.some(Number.isNaN) || Number.isNaN(d)) return UNAVAILABLE;
  // β at phase-split neurons as float shifts −s_i β_i of μ_i: any float μ keeps step 2 valid, so
  // the shift needs no error term (the same float is used throughout).
  const shifts = params.beta?.map((beta, k) => {
    if (beta === undefined) return undefined;
    const out = new Map<number, number>();
    for (const [i, v] of beta) {
      const p = leaf.phases?.[k]?.[i];
      if (p !== 1 && p !== -1) throw new RangeError(`beta of layer ${k} neuron ${i}: the neuron has no phase constraint on this leaf`);
      out.set(i, -p * approximateFloat(v));
    }
    return out;
  });
  if (shifts?.some((m) => m !== undefined && [...m.values()].some((v) => !Number.isFinite(v)))) return UNAVAILABLE;
  const bound = lagrangian(image, L - 1, c, DELTA, d, DELTA, lows, highs, box, params.alpha, e, shifts);
  if (!Number.isFinite(bound)) return UNAVAILABLE;
  return { available: true, empty: false, proven: bound > 0, bound };
}

/**
 * A float ≤ min over the leaf of c·z_top + d, for a float objective c known within cRel·|ĉ| of
 * the exact one (0 when exact) and d within dRel·|d|: the Lagrangian bound of exactLeaf.ts step 2
 * with CROWN multipliers, every error bounded as in the module comment. −∞ on overflow.
 */
function lagrangian(
  image: readonly RigorousLayer[],
  top: number,
  c: Float64Array,
  cRel: number,
  d: number,
  dRel: number,
  lows: readonly Float64Array[],
  highs: readonly Float64Array[],
  box: { lo: Float64Array; hi: Float64Array },
  alphas: ExactLeafParameters['alpha'],
  inputPart?: Float64Array,
  shifts?: readonly (ReadonlyMap<number, number> | undefined)[],
): number {
  const last = image[top] as RigorousLayer;
  const outputs = last.outputs;
  // Running sums: value, Σ|terms| (for the summation error), Σ error bounds; K terms.
  let value = d;
  let absValue = Math.abs(d);
  let err = dRel * Math.abs(d);
  let K = 1;
  // g = W_topᵀ c with ε_j = (a'_m + 2·cRel) Σ_i |ŵ_ij||ĉ_i|.
  let g = new Float64Array(last.inputs);
  let eps = new Float64Array(last.inputs);
  transposeTimes(last, c, g, eps, last.aCol + 2 * cRel);
  {
    let cb = 0;
    let cbAbs = 0;
    for (let i = 0; i < outputs; i++) {
      const v = (c[i] as number) * (last.b[i] as number);
      cb += v;
      cbAbs += Math.abs(v);
    }
    value += cb;
    absValue += Math.abs(cb);
    err += ((outputs + 2) * U + DELTA + 2 * cRel) * cbAbs * (1 + (outputs + 4) * E52) + ETA;
    K++;
  }
  for (let k = top - 1; k >= 0; k--) {
    const layer = image[k] as RigorousLayer;
    const lo = lows[k] as Float64Array;
    const hi = highs[k] as Float64Array;
    const alpha = alphas?.[k];
    if (alpha !== undefined && alpha.length !== layer.outputs) throw new RangeError(`alpha of layer ${k}: ${alpha.length} entries for ${layer.outputs} neurons`);
    const mu = new Float64Array(layer.outputs);
    let terms = 0;
    let termsAbs = 0;
    let termErr = 0;
    let mb = 0;
    let mbAbs = 0;
    for (let i = 0; i < layer.outputs; i++) {
      const gi = g[i] as number;
      const l = lo[i] as number;
      const u = hi[i] as number;
      let m = gi;
      if (layer.relu && l < 0) {
        if (u <= 0 || gi === 0) m = 0;
        else if (gi < 0) m = gi * (u / (u - l));
        else {
          const a = alpha === undefined ? (u >= -l ? 1 : 0) : alphaValue(alpha, k, i);
          m = gi * a;
        }
      }
      const shift = shifts?.[k]?.get(i);
      if (shift !== undefined) m += shift;
      mu[i] = m;
      const actL = layer.relu && l < 0 ? 0 : l;
      const actU = layer.relu && u < 0 ? 0 : u;
      let best = gi * actL - m * l;
      const atU = gi * actU - m * u;
      if (atU < best) best = atU;
      if (l < 0 && u > 0 && best > 0) best = 0;
      terms += best;
      termsAbs += Math.abs(best);
      const actMax = Math.max(Math.abs(actL), Math.abs(actU));
      const zMax = Math.max(Math.abs(l), Math.abs(u));
      termErr += (eps[i] as number) * actMax + 3 * U * (Math.abs(gi) * actMax + Math.abs(m) * zMax);
      const v = m * (layer.b[i] as number);
      mb += v;
      mbAbs += Math.abs(v);
    }
    const nOut = layer.outputs;
    value += terms + mb;
    absValue += Math.abs(terms) + termsAbs + Math.abs(mb) + mbAbs;
    err += termErr * (1 + (2 * nOut + 8) * E52) + (nOut + 2) * ETA;
    err += ((nOut + 2) * U + DELTA) * mbAbs * (1 + (nOut + 4) * E52) + ETA;
    // Inside-layer summation of the terms: γ_n of their absolute sum.
    err += (nOut + 2) * U * termsAbs * (1 + (nOut + 4) * E52);
    K += 2;
    const gNew = new Float64Array(layer.inputs);
    const eNew = new Float64Array(layer.inputs);
    transposeTimes(layer, mu, gNew, eNew, layer.aCol);
    g = gNew;
    eps = eNew;
  }
  // g·x over the box, x ∈ [lo_f, hi_f] ⊇ the exact box.
  for (let t = 0; t < g.length; t++) {
    // With an input part ê (within δ|ê| of the exact one): G = fl(g + ê) is within
    // ε_t + δ|ê_t| + 2^-52|G| of the exact coefficient.
    const et = inputPart === undefined ? 0 : (inputPart[t] as number);
    const gt = et === 0 ? (g[t] as number) : (g[t] as number) + et;
    const epsT = et === 0 ? (eps[t] as number) : ((eps[t] as number) + DELTA * Math.abs(et) + E52 * Math.abs(gt)) * (1 + 4 * E52) + ETA;
    const x = gt >= 0 ? (box.lo[t] as number) : (box.hi[t] as number);
    const v = gt * x;
    value += v;
    absValue += Math.abs(v);
    err += epsT * Math.max(Math.abs(box.lo[t] as number), Math.abs(box.hi[t] as number)) + E52 * Math.abs(v) + ETA;
    K++;
  }
  const total = err * (1 + (K + 8) * E52) + (K + 2) * U * absValue * (1 + (K + 8) * E52) + K * ETA;
  const bound = down(value - up(total));
  return Number.isFinite(bound) ? bound : Number.NEGATIVE_INFINITY;
}

function alphaValue(alpha: ArrayLike<number>, k: number, i: number): number {
  const a = alpha[i] as number;
  if (!Number.isInteger(a) || a < 0 || a > 2 ** ALPHA_BITS) throw new RangeError(`alpha of layer ${k} neuron ${i} is ${a}, not an integer in [0, ${2 ** ALPHA_BITS}]`);
  return a / 2 ** ALPHA_BITS; // exact: a power-of-two scaling of a small integer
}

/**
 * g = Wᵀv in float with its error bound ε_j = a·Σ_i |ŵ_ij||v_i| (inflated; v exact floats),
 * summed row by row over the nonzero v_i (an exact zero contributes nothing, not even rounding;
 * the bound of the module comment holds for any summation order).
 */
function transposeTimes(layer: RigorousLayer, v: Float64Array, g: Float64Array, eps: Float64Array, a: number): void {
  const n = layer.inputs;
  const inflate = 1 + (layer.outputs + 4) * E52;
  g.fill(0);
  eps.fill(0);
  for (let i = 0; i < layer.outputs; i++) {
    const x = v[i] as number;
    if (x === 0) continue;
    const row = i * n;
    const xa = Math.abs(x);
    for (let j = 0; j < n; j++) {
      g[j] = (g[j] as number) + (layer.w[row + j] as number) * x;
      eps[j] = (eps[j] as number) + (layer.wAbs[row + j] as number) * xa;
    }
  }
  for (let j = 0; j < n; j++) eps[j] = a * (eps[j] as number) * inflate + ETA;
}
