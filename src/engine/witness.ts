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
