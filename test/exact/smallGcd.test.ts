/**
 * src/exact/smallGcd.ts: gcdSmallFirst against plain BigInt Euclid (gcdBig) and known values, on
 * operands around the 2^52 switch to float64 and beyond (the float remainder must be exact);
 * reducedFraction against the fraction.js constructor.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gcdBig } from '../../src/exact/integer.js';
import { Fraction, formatRational } from '../../src/exact/rational.js';
import { gcdFloat, gcdSmallFirst, reducedFraction } from '../../src/exact/smallGcd.js';

describe('gcdSmallFirst', () => {
  const sized = fc.oneof(
    fc.bigInt({ min: -1000n, max: 1000n }),
    fc.bigInt({ min: 2n ** 52n - 5000n, max: 2n ** 52n - 1n }),
    fc.bigInt({ min: -(2n ** 53n), max: 2n ** 53n }),
    fc.bigInt({ min: -(2n ** 140n), max: 2n ** 140n }),
  );
  it('agrees with BigInt Euclid, also with a common factor', () => {
    fc.assert(
      fc.property(sized, sized, fc.bigInt({ min: 1n, max: 2n ** 40n }), (a, b, k) => {
        expect(gcdSmallFirst(a, b)).toBe(gcdBig(a, b));
        expect(gcdSmallFirst(a * k, b * k)).toBe(gcdBig(a * k, b * k));
      }),
      { numRuns: 2000, seed: 52 },
    );
  });
  it('gives known values', () => {
    expect(gcdSmallFirst(0n, 0n)).toBe(0n);
    expect(gcdSmallFirst(0n, -7n)).toBe(7n);
    expect(gcdSmallFirst(-12n, 18n)).toBe(6n);
    // Consecutive Fibonacci numbers (the longest Euclid) are coprime; F_75 < 2^52 < F_76.
    const fib = [0n, 1n];
    for (let i = 2; i <= 80; i++) fib.push((fib[i - 1] as bigint) + (fib[i - 2] as bigint));
    for (let i = 60; i < 80; i++) expect(gcdSmallFirst(fib[i + 1] as bigint, fib[i] as bigint)).toBe(1n);
    // 2^52 − 1 = 3·5·53·157·1613·2731·8191 and 2^26 + 1 = 5·53·157·1613 share 5·53·157·1613 = 2^26 + 1.
    expect(gcdSmallFirst(2n ** 52n - 1n, 2n ** 26n + 1n)).toBe(2n ** 26n + 1n);
    expect(gcdFloat(2 ** 52 - 1, 2 ** 51 - 1)).toBe(1);
  });
});

describe('reducedFraction', () => {
  // Integers of every size class: zero, small, around 2^53 (the float gcd's threshold), beyond 2^64.
  const sized = fc.oneof(
    fc.bigInt({ min: -50n, max: 50n }),
    fc.bigInt({ min: -(2n ** 54n), max: 2n ** 54n }),
    fc.bigInt({ min: -(2n ** 130n), max: 2n ** 130n }),
  );
  it('equals new Fraction(p, q) field by field, and behaves as one', () => {
    fc.assert(
      fc.property(sized, sized, sized, (p, q0, k) => {
        const q = q0 === 0n ? 1n : q0;
        // Common factors k make the reduction do work.
        for (const [a, b] of [
          [p, q],
          [p * k, q * (k === 0n ? 1n : k)],
        ] as const) {
          const f = reducedFraction(a, b);
          const want = new Fraction(a, b);
          expect([f.s, f.n, f.d]).toEqual([want.s, want.n, want.d]);
          expect(Object.keys(f)).toEqual(Object.keys(want));
          expect(f).toBeInstanceOf(Fraction);
          expect(f.add(1).equals(want.add(1))).toBe(true);
        }
      }),
      { numRuns: 400, seed: 7 },
    );
  });
  it('reduces and signs like the constructor on known values', () => {
    expect(formatRational(reducedFraction(-6n, -4n))).toBe('3/2');
    expect(formatRational(reducedFraction(6n, -4n))).toBe('-3/2');
    expect(formatRational(reducedFraction(0n, -7n))).toBe('0');
    expect(reducedFraction(0n, -7n).d).toBe(1n);
    expect(() => reducedFraction(1n, 0n)).toThrow(RangeError);
  });
});
