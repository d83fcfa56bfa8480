/**
 * Engine-side gcd and Fraction construction for small operands (the vertex path's hot loops):
 * float64 Euclid below 2^52, and reduced Fractions without fraction.js's BigInt gcd. Kept apart
 * from exact/integer.ts and exact/rational.ts, which are part of the checker's trusted base
 * (test/checker/independence.test.ts): the checker needs none of this.
 */
import Fraction from 'fraction.js';
import { absBig } from './integer.js';

const HALF_SAFE = 2n ** 52n;

/**
 * gcd(|a|, |b|) like exact/integer.ts gcdBig, faster on small operands: BigInt steps only until
 * both operands are below 2^52, then Euclid in float64 without fmod (a C call in V8): the remainder
 * x − y·⌊fl(x/y)⌋ is exact because every product and difference is an integer below 2^53 (the
 * float quotient is within 1 of the true one, so y·q ≤ x + y < 2^53), and a quotient one off is
 * corrected by one comparison. A BigInt remainder allocates; a float one does not.
 */
export function gcdSmallFirst(a: bigint, b: bigint): bigint {
  a = absBig(a);
  b = absBig(b);
  while (b !== 0n && !(a < HALF_SAFE && b < HALF_SAFE)) {
    const t = a % b;
    a = b;
    b = t;
  }
  if (b === 0n) return a;
  return BigInt(gcdFloat(Number(a), Number(b)));
}

/** gcd of nonnegative integer-valued doubles below 2^52 (see {@link gcdSmallFirst}). */
export function gcdFloat(x: number, y: number): number {
  while (y !== 0) {
    let t = x - y * Math.floor(x / y);
    if (t < 0) t += y;
    else if (t >= y) t -= y;
    x = y;
    y = t;
  }
  return x;
}

/**
 * p/q (q ≠ 0) as a Fraction, equal in every field to `new Fraction(p, q)` but cheaper for the
 * engine's numbers: the constructor reduces by a BigInt Euclid, one allocation per step, while
 * this reduces by {@link gcdSmallFirst} (float64 Euclid below 2^53) and then builds the reduced
 * object the way fraction.js itself does (its internal newFraction: the prototype and the public
 * fields s = ±1n, n ≥ 0n, d > 0n that exact/rational.ts numerator/denominator read). The tests compare the two on
 * every sign and size class.
 */
export function reducedFraction(p: bigint, q: bigint): Fraction {
  if (q === 0n) throw new RangeError('zero denominator');
  if (q < 0n) {
    p = -p;
    q = -q;
  }
  const negative = p < 0n;
  const n = negative ? -p : p;
  const g = n === 0n ? q : gcdSmallFirst(n, q);
  const f = Object.create(Fraction.prototype) as Fraction;
  const fields = f as unknown as { s: bigint; n: bigint; d: bigint };
  fields.s = negative ? -1n : 1n;
  fields.n = g === 1n ? n : n / g;
  fields.d = g === 1n ? q : q / g;
  return f;
}

