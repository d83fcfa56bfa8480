/**
 * BigInt integer helpers used by every hot loop (gcd, lcm, bit sizes).
 */

/** |a| for a BigInt. */
export function absBig(a: bigint): bigint {
  return a < 0n ? -a : a;
}

/** Greatest common divisor (nonnegative; gcd(0, 0) = 0). */
export function gcdBig(a: bigint, b: bigint): bigint {
  a = absBig(a);
  b = absBig(b);
  while (b !== 0n) {
    const t = a % b;
    a = b;
    b = t;
  }
  return a;
}

/** Least common multiple of positive integers. */
export function lcmBig(a: bigint, b: bigint): bigint {
  if (a === 0n || b === 0n) return 0n;
  return absBig((a / gcdBig(a, b)) * b);
}

/** Number of bits of |a| (0 for 0). */
export function bitLength(a: bigint): number {
  a = absBig(a);
  if (a === 0n) return 0;
  // toString(16) is fast for BigInt and avoids a loop of shifts.
  const hex = a.toString(16);
  const lead = Number.parseInt(hex[0] as string, 16);
  return (hex.length - 1) * 4 + (32 - Math.clz32(lead));
}

/** Sign of a BigInt: -1, 0 or 1. */
export function signBig(a: bigint): -1 | 0 | 1 {
  return a > 0n ? 1 : a < 0n ? -1 : 0;
}
