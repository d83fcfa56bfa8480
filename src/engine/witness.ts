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
  // Along x(t) = w + t·s·a: z(x(t))·w.den = zw + t·s·|a|²·w.den (with t scaled by 1/w.den below).
  // Work with rationals: t ranges over (tCross, tExit) where tCross is where z crosses 0.
  const zw = new Fraction(dot(a, w.num) + c * w.den, w.den); // z(w) (up to the positive factor 1/den_z)
  let aa = 0n;
  for (const v of a) aa += v * v;
  // z(x(t)) = zw + t·s·aa: crosses 0 at t = −s·zw/aa (≥ 0 because s opposes zw's sign).
  const tCross = zw.mul(-s).div(aa);
  let tExit: Fraction | undefined;
  const direction = a.map((v) => (s > 0 ? v : -v));
  for (const row of rows) {
    const rate = dot(row.a, direction);
    if (rate <= 0n) continue;
    // row.a·x(t) = row.a·w + t·rate < row.b ⇔ t < (row.b − row.a·w)/rate.
    const slack = new Fraction(row.b * w.den - dot(row.a, w.num), w.den);
    const t = slack.div(rate);
    if (tExit === undefined || t.compare(tExit) < 0) tExit = t;
  }
  if (tExit !== undefined && tExit.compare(tCross) <= 0) return undefined;
  const t = tExit === undefined ? (tCross.compare(0) === 0 ? new Fraction(1n) : tCross.mul(2n)) : simplestBetween(tCross, tExit);
  if (t.compare(tCross) <= 0) return undefined;
  const point = w.rational.map((v, j) => v.add(t.mul(direction[j] as bigint)));
  return witnessOf(point);
}
