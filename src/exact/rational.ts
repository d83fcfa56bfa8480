/**
 * Exact rationals at API boundaries: parsing from text, exact IEEE-754 decoding, printing.
 *
 * fraction.js (BigInt-backed since v5) is the public scalar type. It is never constructed from a
 * JavaScript number that is not an exact integer: `new Fraction(0.1)` approximates, so binary
 * floats are decoded bit by bit ({@link float64ToRational}) and decimal text is parsed as written.
 */
import Fraction from 'fraction.js';
import { InputError } from '../errors.js';

export { Fraction };
/** An exact rational number (fraction.js). */
export type Rational = Fraction;

/** Largest decimal exponent accepted in scientific notation: beyond it the value is almost surely a mistake. */
export const MAX_DECIMAL_EXPONENT = 4096;
/** Largest number of digits accepted in one numeral (numerator, denominator or mantissa). */
export const MAX_DIGITS = 20000;

const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;
const QUOTIENT = /^([+-]?\d+)\s*\/\s*([+-]?\d+)$/;

/** The rational 0. */
export const ZERO: Fraction = new Fraction(0n);
/** The rational 1. */
export const ONE: Fraction = new Fraction(1n);

/** Builds p/q from BigInts (q ≠ 0); the result is reduced. */
export function ratio(p: bigint, q: bigint = 1n): Fraction {
  if (q === 0n) throw new RangeError('zero denominator');
  return new Fraction(p, q);
}

/**
 * Parses a rational from text, exactly: integers (`-7`), quotients (`3/4`), decimals (`-0.125`,
 * `.5`), scientific notation (`3e-4`, `1.5E+2`). Surrounding white space is ignored.
 * Rejects empty text, `NaN`, `Infinity`, zero denominators, and exponents beyond
 * ±{@link MAX_DECIMAL_EXPONENT} (so `1e999999` fails at once instead of building a huge number).
 * @param path where the text came from, for the error message (`layers[0].bias[2]`).
 */
export function parseRational(text: string, path?: string): Fraction {
  const s = text.trim();
  const bad = (why: string): InputError =>
    new InputError('parse', `${JSON.stringify(text)} is not a rational${why === '' ? '' : `: ${why}`}`, { path });
  if (s === '') throw bad('empty text');
  if (s.length > 2 * MAX_DIGITS + 16) throw bad(`more than ${MAX_DIGITS} digits`);
  const q = QUOTIENT.exec(s);
  if (q !== null) {
    const num = BigInt(q[1] as string);
    const den = BigInt(q[2] as string);
    if (den === 0n) throw bad('zero denominator');
    return new Fraction(num, den);
  }
  const d = DECIMAL.exec(s);
  if (d === null || ((d[2] ?? '') === '' && (d[3] ?? '') === '')) {
    if (/^[+-]?(nan|inf(inity)?)$/i.test(s)) throw bad('not a finite number');
    throw bad('expected an integer, p/q, a decimal or scientific notation');
  }
  const negative = d[1] === '-';
  const intDigits = d[2] ?? '';
  const fracDigits = d[3] ?? '';
  let exponent = 0;
  if (d[4] !== undefined) {
    // Compare as text first so that an exponent with thousands of digits cannot overflow Number.
    const expText = d[4].replace(/^[+-]/, '').replace(/^0+/, '');
    if (expText.length > 6 || Number(expText) > MAX_DECIMAL_EXPONENT) {
      throw new InputError('range', `${JSON.stringify(text)}: exponent out of range (at most ±${MAX_DECIMAL_EXPONENT})`, {
        path,
      });
    }
    exponent = Number(d[4]);
  }
  if (intDigits.length + fracDigits.length > MAX_DIGITS) throw bad(`more than ${MAX_DIGITS} digits`);
  let mantissa = BigInt(intDigits + fracDigits === '' ? '0' : intDigits + fracDigits);
  if (negative) mantissa = -mantissa;
  const scale = exponent - fracDigits.length;
  return scale >= 0 ? new Fraction(mantissa * 10n ** BigInt(scale), 1n) : new Fraction(mantissa, 10n ** BigInt(-scale));
}

/**
 * Reads a rational from a JSON value: a string in any {@link parseRational} syntax, or a JSON
 * integer. A non-integer JSON number is rejected: JSON numbers are binary floats once parsed, so
 * `0.1` would silently become 3602879701896397/36028797018963968; the message says to quote it.
 */
export function rationalFromJson(value: unknown, path: string): Fraction {
  if (typeof value === 'string') return parseRational(value, path);
  if (typeof value === 'number') {
    if (Number.isSafeInteger(value)) return new Fraction(BigInt(value), 1n);
    if (!Number.isFinite(value)) throw new InputError('parse', `${value} is not a finite number`, { path });
    if (Number.isInteger(value)) {
      throw new InputError('type', `the integer ${value} is too large to be read exactly from a JSON number; quote it, e.g. "${BigInt(value)}"`, { path });
    }
    throw new InputError('type', `the JSON number ${value} is not exact once parsed; write it as a string, e.g. "${value}"`, { path });
  }
  throw new InputError('type', `expected a rational (a string such as "3/4" or a JSON integer), got ${describeJson(value)}`, { path });
}

/** A short description of a JSON value's type for error messages. */
export function describeJson(value: unknown): string {
  if (value === undefined) return 'nothing (the field is missing)';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  return `${typeof value} ${String(value)}`;
}

const F64 = new DataView(new ArrayBuffer(8));

/**
 * The exact rational denoted by an IEEE-754 binary64 value, decoded from its bits
 * (sign · mantissa · 2^exponent, subnormals included). NaN and ±Infinity are rejected.
 */
export function float64ToRational(x: number, path?: string): Fraction {
  if (!Number.isFinite(x)) throw new InputError('range', `non-finite float ${x}`, { path });
  F64.setFloat64(0, x);
  const hi = F64.getUint32(0);
  const lo = F64.getUint32(4);
  const negative = hi >>> 31 === 1;
  const biased = (hi >>> 20) & 0x7ff;
  let mantissa = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let exponent: number;
  if (biased === 0) {
    exponent = -1074; // subnormal: 0.mantissa · 2^-1022
  } else {
    mantissa |= 1n << 52n;
    exponent = biased - 1075;
  }
  return dyadic(negative ? -mantissa : mantissa, exponent);
}

/**
 * The exact rational denoted by an IEEE-754 binary32 value given by its 32 raw bits
 * (as read little- or big-endian by the caller). NaN and ±Infinity are rejected.
 */
export function float32BitsToRational(bits: number, path?: string): Fraction {
  const negative = bits >>> 31 === 1;
  const biased = (bits >>> 23) & 0xff;
  let mantissa = BigInt(bits & 0x7fffff);
  if (biased === 0xff) throw new InputError('range', mantissa === 0n ? 'non-finite float32 (Infinity)' : 'non-finite float32 (NaN)', { path });
  let exponent: number;
  if (biased === 0) {
    exponent = -149;
  } else {
    mantissa |= 1n << 23n;
    exponent = biased - 150;
  }
  return dyadic(negative ? -mantissa : mantissa, exponent);
}

const F32 = new DataView(new ArrayBuffer(4));

/** The exact rational denoted by the float32 nearest to `x` (Math.fround semantics), from its bits. */
export function float32ToRational(x: number, path?: string): Fraction {
  F32.setFloat32(0, x);
  return float32BitsToRational(F32.getUint32(0), path);
}

/** m · 2^e as a reduced fraction. */
function dyadic(m: bigint, e: number): Fraction {
  return e >= 0 ? new Fraction(m << BigInt(e), 1n) : new Fraction(m, 1n << BigInt(-e));
}

/** Reduced `p/q` text (integers plain): the form used in every output and certificate. */
export function formatRational(r: Fraction): string {
  const n = (r.s < 0n ? -r.n : r.n) as bigint;
  const d = r.d as bigint;
  return d === 1n ? n.toString() : `${n}/${d}`;
}

/** Numerator (signed) of a reduced fraction. */
export function numerator(r: Fraction): bigint {
  return (r.s < 0n ? -r.n : r.n) as bigint;
}

/** Denominator (positive) of a reduced fraction. */
export function denominator(r: Fraction): bigint {
  return r.d as bigint;
}

/** Whether the rational is exactly zero. */
export function isZero(r: Fraction): boolean {
  return r.n === 0n;
}
