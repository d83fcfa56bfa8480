/**
 * Exact IEEE-754 binary floats: which rationals a format represents, and the exact value of
 * float16 bits (float32/float64 decoding lives in src/exact/rational.ts).
 */
import type Fraction from 'fraction.js';
import { InputError } from '../../errors.js';
import { bitLength } from '../../exact/integer.js';
import { denominator, numerator, ratio } from '../../exact/rational.js';

/** Parameters of an IEEE-754 binary format: significand bits, lowest and highest bit exponents. */
export interface BinaryFormat {
  readonly name: string;
  readonly precision: number;
  readonly minBit: number;
  readonly maxBit: number;
}

export const FLOAT16: BinaryFormat = { name: 'float16', precision: 11, minBit: -24, maxBit: 15 };
export const FLOAT32: BinaryFormat = { name: 'float32', precision: 24, minBit: -149, maxBit: 127 };
export const FLOAT64: BinaryFormat = { name: 'float64', precision: 53, minBit: -1074, maxBit: 1023 };

/**
 * The JavaScript number equal to `r` when `r` is exactly representable in `format` (so that
 * storing it as that format loses nothing), else undefined. r = m·2^e with m odd is
 * representable iff m has at most `precision` bits, its lowest bit is at or above the smallest
 * subnormal and its highest bit at or below the largest exponent.
 */
export function exactBinaryValue(r: Fraction, format: BinaryFormat): number | undefined {
  const n = numerator(r);
  if (n === 0n) return 0;
  const d = denominator(r);
  if ((d & (d - 1n)) !== 0n) return undefined; // not dyadic
  let m = n < 0n ? -n : n;
  let e = -(bitLength(d) - 1);
  while ((m & 1n) === 0n) {
    m >>= 1n;
    e++;
  }
  const length = bitLength(m);
  if (length > format.precision || e < format.minBit || e + length - 1 > format.maxBit) return undefined;
  // m has at most 53 bits and the product is representable, so both operations are exact.
  const value = Number(m) * 2 ** e;
  return n < 0n ? -value : value;
}

/** The exact value of IEEE-754 binary16 bits. */
export function float16BitsToRational(bits: number, path: string): Fraction {
  const negative = (bits & 0x8000) !== 0;
  const biased = (bits >>> 10) & 0x1f;
  let mantissa = BigInt(bits & 0x3ff);
  if (biased === 0x1f) throw new InputError('range', mantissa === 0n ? 'non-finite float16 (Infinity)' : 'non-finite float16 (NaN)', { path });
  let exponent = -24;
  if (biased !== 0) {
    mantissa |= 1n << 10n;
    exponent = biased - 25;
  }
  if (negative) mantissa = -mantissa;
  return exponent >= 0 ? ratio(mantissa << BigInt(exponent)) : ratio(mantissa, 1n << BigInt(-exponent));
}
