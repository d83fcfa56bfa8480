/**
 * Interior witnesses: a rational point strictly inside a node's polyhedron, kept both as
 * Fractions and as integers over one common denominator (the form the exact sign tests use).
 */
import Fraction from 'fraction.js';
import { lcmBig } from '../exact/integer.js';
import { denominator, numerator } from '../exact/rational.js';
import { dotInteger as dot } from '../exact/vector.js';
import type { IntegerRow } from '../exact/integerRow.js';
import { simplestBetween } from '../exact/simplest.js';
import { bigRatioToFloat } from '../../solvers/exactLinear.js';
import { floatRowOf } from '../../solvers/integerInterior.js';

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
  const direction = a.map((v) => (s > 0 ? v : -v));
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
  const point = w.rational.map((v, j) => v.add(t.mul(direction[j] as bigint)));
  return witnessOf(point);
}

/** Float coordinates of witnesses, by witness object (a witness is shared by a node and its descendants). */
const floatPoints = new WeakMap<Witness, Float64Array>();

function floatPoint(w: Witness): Float64Array {
  let f = floatPoints.get(w);
  if (f === undefined) {
    f = Float64Array.from(w.num, (v) => bigRatioToFloat(v, w.den));
    floatPoints.set(w, f);
  }
  return f;
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
  // The ratio test is invariant under scaling a, so a is converted as it is (huge entries give
  // non-finite sums, and then no skip).
  const d = new Float64Array(n);
  let zw = bigRatioToFloat(c, 1n);
  let zwAbs = Math.abs(zw);
  let aa = 0;
  for (let j = 0; j < n; j++) {
    const aj = bigRatioToFloat(a[j] as bigint, 1n);
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

/**
 * The ray from w towards a point q (anywhere: typically an ancestor's point outside this node),
 * as {@link shoot} does along ∓∇z: when z changes sign along it before the ray leaves P, a
 * point strictly beyond z = 0 and strictly inside P (exact ratio test); else undefined.
 */
export function shootToward(rows: readonly IntegerRow[], w: Witness, a: readonly bigint[], c: bigint, q: Witness): Witness | undefined {
  // Along x(t) = w + t·d with d = (q − w)·den_w·den_q, an integer vector.
  const dir = w.num.map((v, j) => (q.num[j] as bigint) * w.den - v * q.den);
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
  let exitNum: bigint | undefined;
  let exitDen = 1n;
  for (const row of rows) {
    const rate = dot(row.a, dir);
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
  const t = exitNum === undefined ? tCross.mul(2n) : simplestBetween(tCross, new Fraction(exitNum, exitDen));
  if (t.compare(tCross) <= 0) return undefined;
  return witnessOf(w.rational.map((v, j) => v.add(t.mul(dir[j] as bigint))));
}

/**
 * {@link rayPlainlyBlocked} for the ray of {@link shootToward}: whether floats show plainly
 * that it leaves P before z changes sign. A filter only, false unless clear by a wide margin.
 */
export function towardPlainlyBlocked(rows: readonly IntegerRow[], w: Witness, a: readonly bigint[], c: bigint, q: Witness): boolean {
  const n = a.length;
  const x = floatPoint(w);
  const y = floatPoint(q);
  const d = new Float64Array(n);
  let size = 0;
  let length = 0;
  let zw = bigRatioToFloat(c, 1n);
  let zwAbs = Math.abs(zw);
  let ad = 0;
  let adAbs = 0;
  for (let j = 0; j < n; j++) {
    const dj = (y[j] as number) - (x[j] as number);
    d[j] = dj;
    size += Math.abs(y[j] as number) + Math.abs(x[j] as number);
    length += Math.abs(dj);
    const aj = bigRatioToFloat(a[j] as bigint, 1n);
    zw += aj * (x[j] as number);
    zwAbs += Math.abs(aj * (x[j] as number));
    ad += aj * dj;
    adAbs += Math.abs(aj * dj);
  }
  // The direction itself is a difference: no skip when it cancels.
  if (!(length > 1e-6 * size) || !Number.isFinite(size) || !Number.isFinite(zwAbs) || !Number.isFinite(adAbs)) return false;
  if (!(Math.abs(ad) > 1e-9 * adAbs) || zw > 0 === ad > 0) return false;
  const cross = (Math.abs(zw) - 1e-12 * zwAbs) / (Math.abs(ad) + 1e-9 * adAbs);
  if (!Number.isFinite(cross) || cross <= 0) return false;
  for (const row of rows) {
    const f = floatRowOf(row);
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
    if (!(rate > 1e-9 * rateAbs)) continue;
    const exit = (slack + 1e-12 * slackAbs) / (rate - 1e-9 * rateAbs);
    if (Number.isFinite(exit) && exit < cross * (1 - SKIP_MARGIN)) return true;
  }
  return false;
}
