/**
 * The simplest rational in an open interval: the one with the smallest denominator (and then the
 * smallest numerator), found by walking the Stern–Brocot tree with continued fractions. Witness
 * points chosen this way keep numbers small along long search paths.
 */
import Fraction from 'fraction.js';
import { denominator, numerator } from './rational.js';

/** floor(p/q) for q > 0. */
function floorDiv(p: bigint, q: bigint): bigint {
  const d = p / q;
  return p % q !== 0n && p < 0n ? d - 1n : d;
}

/** Simplest rational strictly between a/b and c/d with 0 ≤ a/b < c/d (b, d > 0). */
function simplestPositive(a: bigint, b: bigint, c: bigint, d: bigint): [bigint, bigint] {
  // Integer part: if an integer fits strictly inside, the smallest such is simplest.
  const fl = floorDiv(a, b);
  if ((fl + 1n) * d < c) return [fl + 1n, 1n];
  // Otherwise both ends share the integer part fl (a/b ≥ fl, c/d ≤ fl + 1): recurse on the
  // reciprocals of the fractional parts, which swaps the interval's ends.
  const ra = a - fl * b; // fractional part of a/b is ra/b (≥ 0)
  const rc = c - fl * d; // fractional part of c/d is rc/d (> 0, ≤ 1)
  if (ra === 0n) {
    // a/b is the integer fl: answer fl + 1/k with k the smallest integer with 1/k < rc/d.
    const k = floorDiv(d, rc) + 1n;
    return [fl * k + 1n, k];
  }
  // fl + 1/y with y strictly between d/rc and b/ra.
  const [p, q] = simplestPositive(d, rc, b, ra);
  return [fl * p + q, p];
}

/** The simplest rational strictly between `low` and `high` (low < high). */
export function simplestBetween(low: Fraction, high: Fraction): Fraction {
  if (low.compare(high) >= 0) throw new RangeError('simplestBetween needs low < high');
  if (low.compare(0) < 0 && high.compare(0) > 0) return new Fraction(0n);
  if (high.compare(0) <= 0) return simplestBetween(high.neg(), low.neg()).neg();
  const [p, q] = simplestPositive(numerator(low), denominator(low), numerator(high), denominator(high));
  return new Fraction(p, q);
}
