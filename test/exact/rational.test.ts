import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { formatDecimal, toDecimal } from '../../src/exact/decimal.js';
import {
  denominator,
  float32BitsToRational,
  float32ToRational,
  float64ToRational,
  formatRational,
  Fraction,
  numerator,
  parseRational,
  ratio,
} from '../../src/exact/rational.js';

/** The error thrown by `f`, which must be an InputError. */
function inputErrorOf(f: () => unknown): InputError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return e as InputError;
  }
  throw new Error('expected an InputError, nothing was thrown');
}

/** Reduced "p/q" text, computed here from BigInts (independent of formatRational). */
function pq(p: bigint, q: bigint): string {
  let a = p < 0n ? -p : p;
  let b = q;
  while (b !== 0n) [a, b] = [b, a % b];
  const g = a === 0n ? q : a;
  const n = p / g;
  const d = q / g;
  return d === 1n ? `${n}` : `${n}/${d}`;
}

const show = (r: Fraction): string => formatRational(r);

describe('parseRational', () => {
  it.each([
    ['0', '0'],
    ['-7', '-7'],
    ['+12', '12'],
    ['123456789012345678901234567890', '123456789012345678901234567890'],
    ['3/4', '3/4'],
    ['-6/4', '-3/2'],
    ['6/-4', '-3/2'],
    ['0/5', '0'],
    ['-0.125', '-1/8'],
    ['.5', '1/2'],
    ['5.', '5'],
    ['0.1', '1/10'],
    ['3e-4', '3/10000'],
    ['1.5E+2', '150'],
    ['-2.5e-3', '-1/400'],
    ['1e0', '1'],
    ['  42 ', '42'],
    ['\t-1/3\n', '-1/3'],
    ['7 / 21', '1/3'],
  ])('%j → %s', (text, want) => {
    expect(show(parseRational(text))).toBe(want);
  });

  it.each(['1/0', 'NaN', 'Infinity', '-inf', '', '   ', '1/', 'abc', '.', 'e5', '1e', '0x10', '1,5', '1.2.3'])(
    'rejects %j with an InputError',
    (text) => {
      inputErrorOf(() => parseRational(text));
    },
  );

  it('rejects absurd exponents with code "range" (without building the number)', () => {
    expect(inputErrorOf(() => parseRational('1e999999')).code).toBe('range');
    expect(inputErrorOf(() => parseRational('1e-999999')).code).toBe('range');
    expect(inputErrorOf(() => parseRational(`1e${'9'.repeat(500)}`)).code).toBe('range');
  });

  it('puts the path in the error and its message', () => {
    const e = inputErrorOf(() => parseRational('abc', 'layers[0].bias[2]'));
    expect(e.path).toBe('layers[0].bias[2]');
    expect(e.message).toContain('layers[0].bias[2]');
    expect(inputErrorOf(() => parseRational('1/0', 'weights[1]')).message).toContain('weights[1]');
  });

  it('reads p/q text exactly (property over BigInt pairs)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }), fc.bigInt({ min: 1n, max: 10n ** 30n }), (p, q) => {
        expect(show(parseRational(`${p}/${q}`))).toBe(pq(p, q));
      }),
    );
  });

  it('reads decimal and scientific text exactly (property: digits·10^e built independently)', () => {
    fc.assert(
      fc.property(
        fc.boolean(),
        fc.stringMatching(/^[0-9]{1,12}$/),
        fc.stringMatching(/^[0-9]{0,12}$/),
        fc.integer({ min: -40, max: 40 }),
        (negative, whole, frac, e) => {
          const text = `${negative ? '-' : ''}${whole}.${frac}e${e}`;
          // value = ±(whole·frac as an integer) · 10^(e − |frac|)
          const digits = BigInt(whole + frac) * (negative ? -1n : 1n);
          const shift = e - frac.length;
          const want = shift >= 0 ? pq(digits * 10n ** BigInt(shift), 1n) : pq(digits, 10n ** BigInt(-shift));
          expect(show(parseRational(text))).toBe(want);
        },
      ),
    );
  });
});

describe('float64ToRational', () => {
  it('known values', () => {
    expect(show(float64ToRational(0.1))).toBe('3602879701896397/36028797018963968');
    expect(show(float64ToRational(0.5))).toBe('1/2');
    expect(show(float64ToRational(-0.75))).toBe('-3/4');
    expect(show(float64ToRational(0))).toBe('0');
    expect(show(float64ToRational(-0))).toBe('0');
    expect(show(float64ToRational(2 ** 53 + 2))).toBe(String(2n ** 53n + 2n));
    // MIN_VALUE is the smallest subnormal 2^-1074; MAX_VALUE is (2^53 − 1)·2^971.
    expect(show(float64ToRational(Number.MIN_VALUE))).toBe(pq(1n, 2n ** 1074n));
    expect(show(float64ToRational(Number.MAX_VALUE))).toBe(String((2n ** 53n - 1n) * 2n ** 971n));
    expect(show(float64ToRational(-Number.MAX_VALUE))).toBe(String(-(2n ** 53n - 1n) * 2n ** 971n));
  });

  it('decodes subnormals: 1e-320 = m·2^-1074', () => {
    // 1e-320 is subnormal, hence an integer multiple m of MIN_VALUE; the float division is exact.
    const m = 1e-320 / Number.MIN_VALUE;
    expect(Number.isInteger(m)).toBe(true);
    expect(show(float64ToRational(1e-320))).toBe(pq(BigInt(m), 2n ** 1074n));
  });

  it('rejects NaN and infinities with code "range"', () => {
    for (const x of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      expect(inputErrorOf(() => float64ToRational(x)).code).toBe('range');
    }
  });

  it('matches the IEEE-754 definition for random (sign, exponent, mantissa) triples', () => {
    const view = new DataView(new ArrayBuffer(8));
    fc.assert(
      fc.property(
        fc.boolean(),
        fc.integer({ min: 0, max: 2046 }),
        fc.bigInt({ min: 0n, max: 2n ** 52n - 1n }),
        (negative, biased, mantissa) => {
          view.setBigUint64(0, ((negative ? 1n : 0n) << 63n) | (BigInt(biased) << 52n) | mantissa);
          const x = view.getFloat64(0);
          // value = (−1)^s · 0.m · 2^-1022 (subnormal) or (−1)^s · 1.m · 2^(E−1023)
          const significand = biased === 0 ? mantissa : mantissa + 2n ** 52n;
          const e = (biased === 0 ? 1 : biased) - 1075;
          const signed = negative ? -significand : significand;
          const want = e >= 0 ? pq(signed * 2n ** BigInt(e), 1n) : pq(signed, 2n ** BigInt(-e));
          expect(show(float64ToRational(x))).toBe(want);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('scaling back by the denominator recovers the numerator in float arithmetic', () => {
    // Independent of the bit layout: for r = n / 2^k, x·2^k (exact power-of-two scaling, done in
    // two steps so each factor is a finite double) must equal the integer n.
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        const r = float64ToRational(x);
        const d = denominator(r);
        const k = d.toString(2).length - 1;
        expect(d).toBe(2n ** BigInt(k));
        expect(k).toBeLessThanOrEqual(1074);
        const first = Math.min(k, 1000);
        const scaled = x * 2 ** first * 2 ** (k - first);
        expect(scaled === Number(numerator(r))).toBe(true); // === so that −0 equals 0
        if (k > 0) expect(numerator(r) % 2n).not.toBe(0n); // reduced
      }),
      { numRuns: 500 },
    );
  });
});

describe('float32BitsToRational and float32ToRational', () => {
  it('known values', () => {
    expect(show(float32BitsToRational(0x3f800000))).toBe('1');
    expect(show(float32BitsToRational(0xbf800000))).toBe('-1');
    expect(show(float32BitsToRational(0x00000000))).toBe('0');
    expect(show(float32BitsToRational(0x80000000))).toBe('0');
    expect(show(float32BitsToRational(0x00000001))).toBe(pq(1n, 2n ** 149n));
    expect(show(float32BitsToRational(0x007fffff))).toBe(pq(2n ** 23n - 1n, 2n ** 149n));
    expect(show(float32BitsToRational(0x7f7fffff))).toBe(String((2n ** 24n - 1n) * 2n ** 104n));
    // 0.1f = 13421773 · 2^-27
    expect(show(float32BitsToRational(0x3dcccccd))).toBe('13421773/134217728');
    expect(show(float32ToRational(0.1))).toBe('13421773/134217728');
    expect(show(float32ToRational(0.5))).toBe('1/2');
  });

  it('rejects infinities and NaNs with code "range"', () => {
    for (const bits of [0x7f800000, 0xff800000, 0x7fc00000, 0x7f800001, 0xffffffff]) {
      expect(inputErrorOf(() => float32BitsToRational(bits)).code).toBe('range');
    }
    expect(inputErrorOf(() => float32ToRational(Number.NaN)).code).toBe('range');
    expect(inputErrorOf(() => float32ToRational(1e300)).code).toBe('range'); // rounds to Infinity in float32
  });

  it('matches the IEEE-754 definition for random finite bit patterns', () => {
    fc.assert(
      fc.property(fc.boolean(), fc.integer({ min: 0, max: 254 }), fc.integer({ min: 0, max: 2 ** 23 - 1 }), (negative, biased, mantissa) => {
        const bits = ((negative ? 0x80000000 : 0) | (biased << 23) | mantissa) >>> 0;
        const significand = BigInt(biased === 0 ? mantissa : mantissa + 2 ** 23);
        const e = (biased === 0 ? 1 : biased) - 150;
        const signed = negative ? -significand : significand;
        const want = e >= 0 ? pq(signed * 2n ** BigInt(e), 1n) : pq(signed, 2n ** BigInt(-e));
        expect(show(float32BitsToRational(bits))).toBe(want);
      }),
      { numRuns: 500 },
    );
  });

  it('agrees with exact widening to float64 for random bit patterns', () => {
    // Every float32 is exactly a float64, and DataView widens exactly.
    const view = new DataView(new ArrayBuffer(4));
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), (bits) => {
        view.setUint32(0, bits);
        const x = view.getFloat32(0);
        if (!Number.isFinite(x)) {
          expect(() => float32BitsToRational(bits)).toThrow(InputError);
          return;
        }
        expect(show(float32BitsToRational(bits))).toBe(show(float64ToRational(x)));
      }),
      { numRuns: 500 },
    );
  });
});

describe('formatRational, numerator, denominator', () => {
  it('prints reduced p/q, integers plain', () => {
    expect(formatRational(ratio(3n, 4n))).toBe('3/4');
    expect(formatRational(ratio(-7n))).toBe('-7');
    expect(formatRational(ratio(0n))).toBe('0');
    expect(formatRational(ratio(6n, -4n))).toBe('-3/2');
    expect(formatRational(ratio(10n, 5n))).toBe('2');
  });

  it('round-trips through parseRational', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }), fc.bigInt({ min: 1n, max: 10n ** 20n }), (p, q) => {
        const r = ratio(p, q);
        expect(parseRational(formatRational(r)).equals(r)).toBe(true);
        expect(numerator(r) * q).toBe(p * denominator(r));
        expect(denominator(r) > 0n).toBe(true);
      }),
    );
  });

  it('ratio rejects a zero denominator', () => {
    expect(() => ratio(1n, 0n)).toThrow(RangeError);
  });
});

describe('toDecimal and formatDecimal', () => {
  it('rounds and says so', () => {
    expect(toDecimal(ratio(1n, 3n), 4)).toEqual({ text: '0.3333', rounded: true });
    expect(formatDecimal(ratio(1n, 3n), 4)).toBe('≈0.3333');
    expect(toDecimal(ratio(2n, 3n), 4)).toEqual({ text: '0.6667', rounded: true });
    expect(toDecimal(ratio(-2n, 3n), 2)).toEqual({ text: '-0.67', rounded: true });
  });

  it('is exact when the expansion terminates', () => {
    expect(toDecimal(ratio(1n, 8n), 4)).toEqual({ text: '0.125', rounded: false });
    expect(formatDecimal(ratio(1n, 8n), 4)).toBe('0.125');
    expect(formatDecimal(ratio(-5n), 4)).toBe('-5');
    expect(formatDecimal(ratio(0n))).toBe('0');
    expect(formatDecimal(ratio(123456789n, 1000n), 3)).toBe('123456.789');
  });

  it('rounds half to even', () => {
    // 1/8 = 0.125 to two places: the tie goes to the even digit, 0.12; 3/8 = 0.375 → 0.38.
    expect(toDecimal(ratio(1n, 8n), 2)).toEqual({ text: '0.12', rounded: true });
    expect(toDecimal(ratio(3n, 8n), 2)).toEqual({ text: '0.38', rounded: true });
  });

  it('never switches to exponential notation', () => {
    expect(formatDecimal(ratio(10n ** 30n))).toBe(`1${'0'.repeat(30)}`);
    expect(formatDecimal(ratio(1n, 10n ** 12n), 12)).toBe('0.000000000001');
  });
});

describe('parseRational on fraction.js boundaries', () => {
  it('returns Fraction instances usable in arithmetic', () => {
    const r = parseRational('1/3').add(parseRational('1/6'));
    expect(r).toBeInstanceOf(Fraction);
    expect(formatRational(r)).toBe('1/2');
  });
});
