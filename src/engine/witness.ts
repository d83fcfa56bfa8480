/**
 * Interior witnesses: a rational point strictly inside a node's polyhedron, kept both as
 * Fractions and as integers over one common denominator (the form the exact sign tests use).
 */
import Fraction from 'fraction.js';
import { gcdBig, lcmBig } from '../exact/integer.js';
import { denominator, numerator } from '../exact/rational.js';
import { dotInteger as dot } from '../exact/vector.js';
import type { IntegerRow } from '../exact/integerRow.js';
import { simplestBetween } from '../exact/simplest.js';
import { reducedFraction } from '../exact/smallGcd.js';
import { bigRatioToFloat } from '../../solvers/exactLinear.js';
import { floatRowOf, trustedFloat } from '../../solvers/integerInterior.js';

/** A point as integers over a common denominator (and as Fractions). */
export interface Witness {
  readonly num: readonly bigint[];
  readonly den: bigint;
  readonly rational: readonly Fraction[];
}

/** The witness form of a rational point. */
export function witnessOf(point: readonly Fraction[]): Witness {
  let den = 1n;
  for (const v of point) den = lcmBig(den, denominator(v));
  return { num: point.map((v) => numerator(v) * (den / denominator(v))), den, rational: point };
}

/** z(w)·den_w for z = a·x + c: its sign is the sign of z at the witness. */
export function valueAt(a: readonly bigint[], c: bigint, w: Witness): bigint {
  return dot(a, w.num) + c * w.den;
}

/**
 * Moves from the interior point w along direction s·a (s = ±1) until z = a·x + c changes sign,
 * staying strictly inside every row of P. Returns a witness strictly on the other side, or
 * undefined when the ray leaves P first (then another decider must decide).
 */
export function shoot(rows: readonly IntegerRow[], w: Witness, a: readonly bigint[], c: bigint, s: 1 | -1): Witness | undefined {
  // Along x(t) = w + t·s·a: z(x(t)) = zw + t·s·|a|², with zw = z(w) = (a·num + c·den)/den.
  // All comparisons are of rationals p/q (q > 0) by cross-multiplication in BigInt; Fractions
  // only for the chosen step and the point (the ray decider runs at most nodes).
  const den = w.den;
  const zwNum = dot(a, w.num) + c * den; // z(w) = zwNum / den
  let aa = 0n;
  for (const v of a) aa += v * v;
  // z(x(t)) crosses 0 at t = −s·zw/aa = crossNum / crossDen (≥ 0 because s opposes zw's sign).
  const crossNum = s > 0 ? -zwNum : zwNum;
  const crossDen = den * aa;
  return beyond(rows, w, a.map((v) => (s > 0 ? v : -v)), crossNum, crossDen);
}

/**
 * The common end of {@link shoot} and {@link shootAlong}: along x(t) = w + t·dir, z crosses 0 at
 * t = crossNum/crossDen (≥ 0); the point at the simplest t strictly between that crossing and the
 * first exit from P (exact ratio test), or undefined when P is left first.
 */
function beyond(rows: readonly IntegerRow[], w: Witness, direction: readonly bigint[], crossNum: bigint, crossDen: bigint): Witness | undefined {
  const den = w.den;
  // row.a·x(t) = row.a·w + t·rate < row.b ⇔ t < (row.b·den − row.a·num)/(den·rate).
  let exitNum: bigint | undefined;
  let exitDen = 1n;
  for (const row of rows) {
    const rate = dot(row.a, direction);
    if (rate <= 0n) continue;
    const num = row.b * den - dot(row.a, w.num);
    const d = den * rate;
    if (exitNum === undefined || num * exitDen < exitNum * d) {
      exitNum = num;
      exitDen = d;
    }
  }
  if (exitNum !== undefined && exitNum * crossDen <= crossNum * exitDen) return undefined;
  const tCross = new Fraction(crossNum, crossDen);
  const t = exitNum === undefined ? (crossNum === 0n ? new Fraction(1n) : tCross.mul(2n)) : simplestBetween(tCross, new Fraction(exitNum, exitDen));
  if (t.compare(tCross) <= 0) return undefined;
  // x = w + t·dir over the integers: (num·q + p·dir·den)/(den·q) with t = p/q, reduced by the gcd
  // of all of it — the same numbers witnessOf gives for the reduced Fractions (the lcm of the
  // reduced denominators is den·q over that gcd), with no Fraction arithmetic per coordinate.
  const p = t.s < 0n ? -t.n : t.n;
  const q = t.d;
  const D = den * q;
  return reducedWitness(
    w.num.map((v, j) => v * q + p * (direction[j] as bigint) * den),
    D,
  );
}

/** The witness of num/den (den > 0) in lowest terms (divided by the gcd of den and every num), as {@link integerWitness} wants it. */
export function reducedWitness(num: readonly bigint[], den: bigint): Witness {
  let g = den;
  for (const v of num) if (g !== 1n && v !== 0n) g = gcdBig(g, v);
  return g === 1n ? integerWitness(num, den) : integerWitness(num.map((v) => v / g), den / g);
}

/**
 * A witness from integers over a positive common denominator, reduced (the gcd of den and all
 * nums is 1: the form {@link witnessOf} gives), its Fractions built only when first read (the
 * sign tests and rays read the integers only). reducedFraction: the same Fractions as
 * new Fraction(v, den), without fraction.js's BigInt gcd.
 */
export function integerWitness(num: readonly bigint[], den: bigint): Witness {
  let rational: readonly Fraction[] | undefined;
  return {
    num,
    den,
    get rational(): readonly Fraction[] {
      rational ??= num.map((v) => reducedFraction(v, den));
      return rational;
    },
  };
}

/** Float coordinates of witnesses, by witness object (a witness is shared by a node and its descendants). */
const floatPoints = new WeakMap<Witness, Float64Array>();

/**
 * Float coordinates of a witness, NaN where a nonzero coordinate is below the normal range: the
 * relative error model of {@link signAt} (and of the filters) holds only for normal floats, and
 * a subnormal or flushed coordinate times a huge coefficient would carry an absolute error no
 * bound here covers. NaN makes every float test fail, so the exact one decides.
 */
export function floatPoint(w: Witness): Float64Array {
  let f = floatPoints.get(w);
  if (f === undefined) {
    f = Float64Array.from(w.num, (v) => trustedFloat(v, bigRatioToFloat(v, w.den)));
    floatPoints.set(w, f);
  }
  return f;
}

/** Float slacks b − a·w of rows at a point and the sums of their terms' sizes (for the filters' error terms). */
export interface FloatSlacks {
  readonly slack: Float64Array;
  readonly size: Float64Array;
}

/** The float slacks of `rows` at w (one pass; the filters of many rays from one point share it). */
export function floatSlacks(rows: readonly IntegerRow[], w: Witness): FloatSlacks {
  const x = floatPoint(w);
  const slack = new Float64Array(rows.length);
  const size = new Float64Array(rows.length);
  rows.forEach((row, r) => {
    const f = floatRowOf(row);
    if (!f.normal) {
      slack[r] = Number.NaN; // no skip because of this row (see ScaledFloatRow.normal)
      return;
    }
    const g = f.coefficients;
    let s = f.rhs;
    let m = Math.abs(f.rhs);
    for (let j = 0; j < x.length; j++) {
      const t = (g[j] as number) * (x[j] as number);
      s -= t;
      m += Math.abs(t);
    }
    slack[r] = s;
    size[r] = m;
  });
  return { slack, size };
}

/** Relative margin by which the float exit must precede the float crossing to skip a ray. */
const SKIP_MARGIN = 1e-6;

/**
 * Whether floats show plainly that the ray of {@link shoot} from w along s·a leaves P before it
 * crosses z = 0, so that the exact ratio test would return undefined. Only a filter, to save
 * the exact test where it is hopeless: it decides nothing (a skipped ray leaves the question to
 * the next decider, exactly as a failed one), and it answers false whenever the floats are not
 * clear by a wide margin (SKIP_MARGIN, and error terms for the cancellations in z(w) and the
 * slacks). Float arithmetic is deterministic, so every thread skips the same rays.
 */
export function rayPlainlyBlocked(rows: readonly IntegerRow[], w: Witness, a: readonly bigint[], c: bigint, s: 1 | -1): boolean {
  const n = a.length;
  const x = floatPoint(w);
  // The ratio test is invariant under scaling a, so a is converted as it is (entries beyond the
  // float range leave no form, and then no skip).
  const form = floatFormOf(a, c);
  if (form === undefined) return false;
  const d = new Float64Array(n);
  let zw = form.c;
  let zwAbs = Math.abs(zw);
  let aa = 0;
  for (let j = 0; j < n; j++) {
    const aj = form.a[j] as number;
    d[j] = s > 0 ? aj : -aj;
    zw += aj * (x[j] as number);
    zwAbs += Math.abs(aj * (x[j] as number));
    aa += aj * aj;
  }
  if (!(aa > 0) || !Number.isFinite(aa) || !Number.isFinite(zwAbs)) return false;
  // The crossing t = −s·z(w)/|a|², less its error bound (z(w)'s cancellation).
  const cross = ((s > 0 ? -zw : zw) - 1e-12 * zwAbs) / aa;
  if (!Number.isFinite(cross) || cross <= 0) return false;
  for (const row of rows) {
    const f = floatRowOf(row);
    if (!f.normal) continue; // its float rate may have the wrong sign: never a reason to skip
    const g = f.coefficients;
    let rate = 0;
    let rateAbs = 0;
    let slack = f.rhs;
    let slackAbs = Math.abs(f.rhs);
    for (let j = 0; j < n; j++) {
      const gj = g[j] as number;
      rate += gj * (d[j] as number);
      rateAbs += Math.abs(gj * (d[j] as number));
      slack -= gj * (x[j] as number);
      slackAbs += Math.abs(gj * (x[j] as number));
    }
    // Only rows whose rate is certainly positive, and their exit with its error bound added.
    if (!(rate > 1e-12 * rateAbs)) continue;
    const exit = (slack + 1e-12 * slackAbs) / (rate - 1e-12 * rateAbs);
    if (Number.isFinite(exit) && exit < cross * (1 - SKIP_MARGIN)) return true;
  }
  return false;
}

/** The size the direction towards a target is rounded to (its largest entry, in absolute value). */
const DIRECTION_SCALE = 2 ** 20;

/**
 * A small integer direction from w towards q: the float difference q − w, scaled so that its
 * largest entry is 2^20 and rounded. Any direction gives exact rays (the ratio test is exact along
 * it); the exact difference would carry the product of both points' denominators into every later
 * witness of the subtree. Undefined when the floats cannot tell the points apart.
 */
export function towardDirection(w: Witness, q: Witness): bigint[] | undefined {
  const x = floatPoint(w);
  const y = floatPoint(q);
  let max = 0;
  for (let j = 0; j < x.length; j++) max = Math.max(max, Math.abs((y[j] as number) - (x[j] as number)));
  if (!(max > 0) || !Number.isFinite(max)) return undefined;
  const d = Array.from(x, (v, j) => BigInt(Math.round((((y[j] as number) - v) / max) * DIRECTION_SCALE)));
  return d.some((v) => v !== 0n) ? d : undefined;
}

/**
 * The ray from w along the integer direction d, as {@link shoot} does along ∓∇z: when z changes
 * sign along it before the ray leaves P, a point strictly beyond z = 0 and strictly inside P
 * (exact ratio test); else undefined.
 */
export function shootAlong(rows: readonly IntegerRow[], w: Witness, a: readonly bigint[], c: bigint, dir: readonly bigint[]): Witness | undefined {
  const den = w.den;
  const zwNum = dot(a, w.num) + c * den;
  const ad = dot(a, dir);
  // z(x(t)) = zwNum/den + t·ad crosses 0 at t = −zwNum/(den·ad), which must be positive.
  if (ad === 0n || zwNum === 0n || zwNum > 0n === ad > 0n) return undefined;
  let crossNum = -zwNum;
  let crossDen = den * ad;
  if (crossDen < 0n) {
    crossNum = -crossNum;
    crossDen = -crossDen;
  }
  return beyond(rows, w, dir, crossNum, crossDen);
}

/** {@link shootAlong} towards a point q (typically an ancestor's point outside P), along {@link towardDirection}. */
export function shootToward(rows: readonly IntegerRow[], w: Witness, a: readonly bigint[], c: bigint, q: Witness): Witness | undefined {
  const dir = towardDirection(w, q);
  return dir === undefined ? undefined : shootAlong(rows, w, a, c, dir);
}

/**
 * {@link rayPlainlyBlocked} for the ray of {@link shootAlong}: whether floats show plainly that
 * it leaves P before z changes sign. A filter only, false unless clear by a wide margin.
 */
export function alongPlainlyBlocked(rows: readonly IntegerRow[], w: Witness, a: readonly bigint[], c: bigint, dir: readonly bigint[], slacks: FloatSlacks = floatSlacks(rows, w)): boolean {
  const n = a.length;
  const x = floatPoint(w);
  const form = floatFormOf(a, c);
  if (form === undefined) return false;
  const d = Float64Array.from(dir, (v) => Number(v));
  let zw = form.c;
  let zwAbs = Math.abs(zw);
  let ad = 0;
  let adAbs = 0;
  for (let j = 0; j < n; j++) {
    const aj = form.a[j] as number;
    zw += aj * (x[j] as number);
    zwAbs += Math.abs(aj * (x[j] as number));
    ad += aj * (d[j] as number);
    adAbs += Math.abs(aj * (d[j] as number));
  }
  if (!Number.isFinite(zwAbs) || !Number.isFinite(adAbs)) return false;
  if (!(Math.abs(ad) > 1e-9 * adAbs) || zw > 0 === ad > 0) return false;
  const cross = (Math.abs(zw) - 1e-12 * zwAbs) / (Math.abs(ad) + 1e-9 * adAbs);
  if (!Number.isFinite(cross) || cross <= 0) return false;
  for (let r = 0; r < rows.length; r++) {
    const f = floatRowOf(rows[r] as IntegerRow);
    if (!f.normal) continue; // as in rayPlainlyBlocked
    const g = f.coefficients;
    let rate = 0;
    let rateAbs = 0;
    for (let j = 0; j < n; j++) {
      const t = (g[j] as number) * (d[j] as number);
      rate += t;
      rateAbs += Math.abs(t);
    }
    if (!(rate > 1e-9 * rateAbs)) continue;
    const exit = ((slacks.slack[r] as number) + 1e-12 * (slacks.size[r] as number)) / (rate - 1e-9 * rateAbs);
    if (Number.isFinite(exit) && exit < cross * (1 - SKIP_MARGIN)) return true;
  }
  return false;
}

/** {@link alongPlainlyBlocked} towards a point q, along {@link towardDirection} (false when there is none). */
export function towardPlainlyBlocked(rows: readonly IntegerRow[], w: Witness, a: readonly bigint[], c: bigint, q: Witness): boolean {
  const dir = towardDirection(w, q);
  return dir !== undefined && alongPlainlyBlocked(rows, w, a, c, dir);
}

/** z = a·x + c in floats (see {@link signAt}). */
export interface FloatForm {
  readonly a: Float64Array;
  readonly c: number;
}

/** Float forms by coefficient array: a layer's pre-activation rows are shared by every node of its subtree. */
const floatForms = new WeakMap<readonly bigint[], { readonly c: bigint; readonly form: FloatForm | undefined }>();

/**
 * The float form of z = a·x + c; undefined when an entry does not convert to a finite double or
 * n > 1000 (where {@link signAt}'s error bound stops). Cached by the array `a` (and c): the
 * engine asks the same neuron's row at many nodes, and converting it was 3 % of r8's time. The
 * engine never changes a coefficient array in place (its affine maps are built anew per pattern).
 */
export function floatFormOf(a: readonly bigint[], c: bigint): FloatForm | undefined {
  const cached = floatForms.get(a);
  if (cached !== undefined && cached.c === c) return cached.form;
  const form = computeFloatForm(a, c);
  floatForms.set(a, { c, form });
  return form;
}

function computeFloatForm(a: readonly bigint[], c: bigint): FloatForm | undefined {
  if (a.length > 1000) return undefined;
  const f = Float64Array.from(a, (v) => bigRatioToFloat(v, 1n));
  const cf = bigRatioToFloat(c, 1n);
  return Number.isFinite(cf) && f.every(Number.isFinite) ? { a: f, c: cf } : undefined;
}

/**
 * The exact sign of z = a·x + c at w: a float evaluation first, whose sign is taken only when
 * it exceeds a rigorous bound on its error, and the exact value (BigInt) otherwise. The bound:
 * every double here is within 3ε of its rational (one rounding of each of numerator and
 * denominator, one of the quotient; ε = 2⁻⁵³), each product adds one rounding, and a sum of
 * n + 1 terms at most (n + 1)ε·Σ|terms|, so |float − exact| ≤ (n + 8)ε·Σ|terms|(1 + ε) plus
 * underflow's absolute 2⁻¹⁰⁷⁴ per term; for n ≤ 1000 that is below 10⁻¹²·Σ|terms| + 10⁻³⁰⁰.
 * The 3ε holds for normal floats only: a nonzero coordinate below the normal range reads as NaN
 * (floatPoint), and the sign is then exact; the coefficients are nonzero integers, never below it.
 */
export function signAt(form: FloatForm | undefined, a: readonly bigint[], c: bigint, w: Witness): -1 | 0 | 1 {
  if (form !== undefined) {
    const x = floatPoint(w);
    let sum = form.c;
    let size = Math.abs(form.c);
    for (let j = 0; j < x.length; j++) {
      const t = (form.a[j] as number) * (x[j] as number);
      sum += t;
      size += Math.abs(t);
    }
    if (Number.isFinite(size) && Math.abs(sum) > 1e-12 * size + 1e-300) return sum > 0 ? 1 : -1;
  }
  const v = valueAt(a, c, w);
  return v > 0n ? 1 : v < 0n ? -1 : 0;
}
