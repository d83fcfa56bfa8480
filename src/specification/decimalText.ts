/**
 * Exact decimal text of a rational, when there is one: p/q has a finite decimal expansion exactly
 * when q (reduced) has no prime factor other than 2 and 5 — every dyadic rational (a float32 or
 * float64 value) and every decimal read from a file qualifies.
 */
import type Fraction from 'fraction.js';
import { denominator, numerator } from '../exact/rational.js';

/**
 * The exact decimal expansion of `r` with at least one digit after the point (`3.0`, `-0.5`,
 * `0.000244140625`), or undefined when it does not terminate (1/3). Never rounded.
 */
export function exactDecimalText(r: Fraction): string | undefined {
  let d = denominator(r);
  let twos = 0;
  let fives = 0;
  while (d % 2n === 0n) {
    d /= 2n;
    twos++;
  }
  while (d % 5n === 0n) {
    d /= 5n;
    fives++;
  }
  if (d !== 1n) return undefined;
  // r = n / (2^a 5^b) = n · 2^(k−a) 5^(k−b) / 10^k with k = max(a, b).
  const k = Math.max(twos, fives);
  const n = numerator(r);
  const scaled = (n < 0n ? -n : n) * 2n ** BigInt(k - twos) * 5n ** BigInt(k - fives);
  const digits = scaled.toString().padStart(k + 1, '0');
  const whole = digits.slice(0, digits.length - k);
  const fraction = k === 0 ? '0' : digits.slice(digits.length - k);
  return `${n < 0n ? '-' : ''}${whole}.${fraction}`;
}

/** Exact decimal text when it terminates, else `p/q`: for messages. */
export function readableRational(r: Fraction): string {
  const decimal = exactDecimalText(r);
  if (decimal !== undefined) return decimal.endsWith('.0') ? decimal.slice(0, -2) : decimal;
  const n = numerator(r);
  return `${n}/${denominator(r)}`;
}
