/**
 * Integer vectors with a common denominator: the representation of rational vectors in every
 * hot loop (evaluation, elimination, certificate checks). fraction.js dot products were measured
 * 12–19× slower than BigInt arithmetic on a shared denominator.
 */
import Fraction from 'fraction.js';
import { gcdBig, lcmBig } from './integer.js';
import { denominator, numerator } from './rational.js';

/** The rational vector `num / den` (den > 0). Not necessarily reduced. */
export interface IntegerVector {
  readonly num: bigint[];
  readonly den: bigint;
}

/** Packs rationals over their least common denominator. */
export function toIntegerVector(values: readonly Fraction[]): IntegerVector {
  let den = 1n;
  for (const v of values) den = lcmBig(den, denominator(v));
  const num = values.map((v) => numerator(v) * (den / denominator(v)));
  return { num, den };
}

/** Unpacks to reduced rationals. */
export function fromIntegerVector(v: IntegerVector): Fraction[] {
  return v.num.map((n) => new Fraction(n, v.den));
}

/** Divides numerators and denominator by their common gcd. */
export function reduceIntegerVector(v: IntegerVector): IntegerVector {
  let g = v.den;
  for (const n of v.num) {
    if (g === 1n) return v;
    g = gcdBig(g, n);
  }
  if (g <= 1n) return v;
  return { num: v.num.map((n) => n / g), den: v.den / g };
}

/** Common denominator (lcm) of a list of rationals. */
export function commonDenominator(values: Iterable<Fraction>): bigint {
  let den = 1n;
  for (const v of values) den = lcmBig(den, denominator(v));
  return den;
}

/** a·x for integer vectors (zero entries of a skipped: the vectors of the engine are sparse in practice). */
export function dotInteger(a: readonly bigint[], x: readonly bigint[]): bigint {
  let s = 0n;
  for (let j = 0; j < a.length; j++) {
    const v = a[j] as bigint;
    if (v !== 0n) s += v * (x[j] as bigint);
  }
  return s;
}
