import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatRational, ratio } from '../../src/exact/rational.js';
import { commonDenominator, fromIntegerVector, reduceIntegerVector, toIntegerVector } from '../../src/exact/vector.js';

const rational = fc
  .tuple(fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }), fc.bigInt({ min: 1n, max: 10n ** 6n }))
  .map(([p, q]) => ratio(p, q));

function gcd(a: bigint, b: bigint): bigint {
  a = a < 0n ? -a : a;
  b = b < 0n ? -b : b;
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

describe('toIntegerVector / fromIntegerVector', () => {
  it('known answer: 1/2, 1/3, −2 over 6', () => {
    expect(toIntegerVector([ratio(1n, 2n), ratio(1n, 3n), ratio(-2n)])).toEqual({ num: [3n, 2n, -12n], den: 6n });
  });

  it('empty and integer vectors have denominator 1', () => {
    expect(toIntegerVector([])).toEqual({ num: [], den: 1n });
    expect(toIntegerVector([ratio(4n), ratio(0n), ratio(-9n)])).toEqual({ num: [4n, 0n, -9n], den: 1n });
  });

  it('round trip preserves every value; the denominator is the least common one', () => {
    fc.assert(
      fc.property(fc.array(rational, { maxLength: 8 }), (values) => {
        const v = toIntegerVector(values);
        expect(v.den > 0n).toBe(true);
        expect(fromIntegerVector(v).map(formatRational)).toEqual(values.map(formatRational));
        // Each entry's denominator divides den, and den is the lcm: gcd(den, all numerators) = 1.
        for (const x of values) expect(v.den % x.d).toBe(0n);
        expect(v.num.reduce(gcd, v.den)).toBe(1n);
        expect(commonDenominator(values)).toBe(v.den);
      }),
    );
  });
});

describe('reduceIntegerVector', () => {
  it('known answers', () => {
    expect(reduceIntegerVector({ num: [2n, 4n], den: 6n })).toEqual({ num: [1n, 2n], den: 3n });
    expect(reduceIntegerVector({ num: [-10n, 0n, 15n], den: 5n })).toEqual({ num: [-2n, 0n, 3n], den: 1n });
    expect(reduceIntegerVector({ num: [0n, 0n], den: 4n })).toEqual({ num: [0n, 0n], den: 1n });
    expect(reduceIntegerVector({ num: [3n, 5n], den: 7n })).toEqual({ num: [3n, 5n], den: 7n });
    expect(reduceIntegerVector({ num: [], den: 9n })).toEqual({ num: [], den: 1n });
  });

  it('preserves the values and leaves no common factor', () => {
    fc.assert(
      fc.property(
        fc.array(fc.bigInt({ min: -1000n, max: 1000n }), { maxLength: 6 }),
        fc.bigInt({ min: 1n, max: 1000n }),
        fc.bigInt({ min: 1n, max: 50n }),
        (num, den, factor) => {
          const v = { num: num.map((x) => x * factor), den: den * factor };
          const r = reduceIntegerVector(v);
          expect(r.den > 0n).toBe(true);
          expect(r.num.reduce(gcd, r.den)).toBe(1n);
          expect(fromIntegerVector(r).map(formatRational)).toEqual(fromIntegerVector(v).map(formatRational));
        },
      ),
    );
  });
});
