/**
 * Exact tests of a point against rows and an affine function, in BigInt, apart from the engine
 * (the tests of engine point finders check their answers with these), and a small seeded generator.
 */
import type { Witness } from '../../src/engine/witness.js';
import type { IntegerRow } from '../../src/exact/integerRow.js';

/** Whether p satisfies every row a·x ≤ b strictly. */
export function strictlyInsideExact(rows: readonly IntegerRow[], p: Witness): boolean {
  return rows.every((r) => r.a.reduce((s, v, j) => s + v * (p.num[j] as bigint), 0n) < r.b * p.den);
}

/** The sign of a·p + c. */
export function exactSign(a: readonly bigint[], c: bigint, p: Witness): number {
  const v = a.reduce((s, x, j) => s + x * (p.num[j] as bigint), 0n) + c * p.den;
  return v > 0n ? 1 : v < 0n ? -1 : 0;
}

/** A deterministic generator in [0, 1) (the tests must not depend on Math.random). */
export function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}
