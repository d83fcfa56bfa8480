/**
 * Shared test helpers: exact rational generators (random, ties, negatives, large magnitudes) and
 * reference functions computed directly from their mathematical definitions.
 */
import fc from 'fast-check';
import type Fraction from 'fraction.js';
import { formatRational, ratio } from '../../src/exact/rational.js';

/** A rational p/q with |p| up to 10^30 and q up to 10^12 (large magnitudes, fine resolution). */
export const bigRational: fc.Arbitrary<Fraction> = fc
  .tuple(fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }), fc.bigInt({ min: 1n, max: 10n ** 12n }))
  .map(([p, q]) => ratio(p, q));

/** A small rational (numerator and denominator below 20): many ties and sign changes. */
export const smallRational: fc.Arbitrary<Fraction> = fc
  .tuple(fc.integer({ min: -20, max: 20 }), fc.integer({ min: 1, max: 4 }))
  .map(([p, q]) => ratio(BigInt(p), BigInt(q)));

/** Either kind, mixed. */
export const anyRational: fc.Arbitrary<Fraction> = fc.oneof(bigRational, smallRational, fc.constant(ratio(0n)));

/** A vector of n rationals drawn so that ties are frequent (a pool of 3 values reused) or not. */
export function vectorOf(n: number): fc.Arbitrary<Fraction[]> {
  const free = fc.array(anyRational, { minLength: n, maxLength: n });
  const tied = fc
    .tuple(fc.array(anyRational, { minLength: 3, maxLength: 3 }), fc.array(fc.integer({ min: 0, max: 2 }), { minLength: n, maxLength: n }))
    .map(([pool, picks]) => picks.map((i) => pool[i] as Fraction));
  return fc.oneof(free, tied);
}

/** Exact comparison for sorting. */
export const cmp = (a: Fraction, b: Fraction): number => a.compare(b);

/** Ascending sort of rationals (the mathematical reference). */
export const sorted = (x: readonly Fraction[]): Fraction[] => [...x].sort(cmp);

/** Rationals as reduced text, for readable equality assertions. */
export const text = (xs: readonly Fraction[]): string[] => xs.map(formatRational);

/** p/q from integers. */
export const r = (p: number | bigint, q: number | bigint = 1): Fraction => ratio(BigInt(p), BigInt(q));
