/**
 * Adversarial inputs for the bent ray (src/engine/projectedPath.ts): huge and tiny coefficients,
 * rows that are not normal in floats, n = 1, all-zero rows, duplicate and parallel rows, z parallel
 * to a row, unbounded P, witnesses with huge denominators, sides that are empty or a hair thin.
 * Every point returned is checked here in BigInt (never by engine code); nothing may throw.
 */
import { describe, expect, it } from 'vitest';
import { projectedPath } from '../../src/engine/projectedPath.js';
import { type Witness, integerWitness } from '../../src/engine/witness.js';
import type { IntegerRow } from '../../src/exact/integerRow.js';
import { exactSign, lcg, strictlyInsideExact } from '../support/exactPoints.js';

/** Box |x_j| < h (h = num/den as rows den·x_j < num). */
function box(n: number, hNum: bigint, hDen = 1n): IntegerRow[] {
  const rows: IntegerRow[] = [];
  for (let j = 0; j < n; j++) {
    rows.push({ a: Array.from({ length: n }, (_, q) => (q === j ? hDen : 0n)), b: hNum });
    rows.push({ a: Array.from({ length: n }, (_, q) => (q === j ? -hDen : 0n)), b: hNum });
  }
  return rows;
}
const origin = (n: number, den = 1n): Witness => integerWitness(Array.from({ length: n }, () => 0n), den);

/** Every answer checked exactly; returns how many were points (so a test can insist some were). */
function check(rows: readonly IntegerRow[], w: Witness, a: readonly bigint[], c: bigint, s: 1 | -1): number {
  const p = projectedPath(rows, w, a, c, s);
  if (p === undefined) return 0;
  expect(p.den > 0n).toBe(true);
  expect(strictlyInsideExact(rows, p)).toBe(true);
  expect(exactSign(a, c, p)).toBe(s);
  return 1;
}

describe('projectedPath, adversarial', () => {
  it('empty far sides by a hair: z = x − h on |x| < h (n = 1), and with coefficients near 2^600', () => {
    for (const e of [0n, 1n, 60n, 600n, 1000n, 1100n]) {
      const h = 1n << e;
      // z = x − h > 0 nowhere on x < h; z = −x − h < ... asked positive: also empty.
      expect(projectedPath(box(1, h), origin(1), [1n], -h, 1)).toBeUndefined();
      expect(projectedPath(box(1, h), origin(1), [-1n], -h, 1)).toBeUndefined();
      // The same in 3 inputs with a huge row next to small ones: z = x0 − h, row 2^600·x0 < 2^600·h.
      const rows = [...box(3, h), { a: [1n << 600n, 1n, 1n], b: (1n << 600n) * h - 1n }];
      expect(projectedPath(rows, origin(3), [1n, 0n, 0n], -h, 1)).toBeUndefined();
    }
  });

  it('a hair-thin nonempty side: z = x − (h − 2^−k), every answer exact', () => {
    let found = 0;
    for (const k of [1n, 10n, 40n, 52n, 53n, 60n, 200n, 900n, 1000n]) {
      const d = 1n << k;
      // z·d = d·x − (d − 1): positive only on x ∈ ((d − 1)/d, 1).
      found += check(box(2, 1n), origin(2), [d, 0n], -(d - 1n), 1);
      found += check(box(2, 1n), origin(2), [d, 1n], -(d - 1n), 1);
    }
    expect(found).toBeGreaterThan(0);
  });

  it('random polyhedra with huge, tiny, non-normal, zero, duplicate and parallel rows never give a wrong point or throw', () => {
    const rnd = lcg(20261204);
    const big = (): bigint => {
      const r = rnd();
      const mag = r < 0.2 ? 1n << BigInt(Math.floor(rnd() * 1200)) : r < 0.4 ? BigInt(Math.floor(rnd() * 2 ** 52)) * (1n << 64n) + 12345n : BigInt(Math.floor(rnd() * 7));
      return rnd() < 0.5 ? -mag : mag;
    };
    let points = 0;
    for (let trial = 0; trial < 1500; trial++) {
      const n = 1 + Math.floor(rnd() * 6);
      const hE = BigInt(Math.floor(rnd() * 4) === 0 ? Math.floor(rnd() * 700) : 0);
      const rows: IntegerRow[] = rnd() < 0.15 ? [] : box(n, 1n << hE); // sometimes unbounded
      const extra = Math.floor(rnd() * 6);
      for (let e = 0; e < extra; e++) {
        const a = Array.from({ length: n }, big);
        // b keeps the origin strictly inside (b > 0); sometimes huge, sometimes 1.
        const b = rnd() < 0.3 ? 1n : (rnd() < 0.5 ? 1n << BigInt(Math.floor(rnd() * 1100)) : BigInt(1 + Math.floor(rnd() * 1000)));
        const row = { a, b };
        rows.push(row);
        if (rnd() < 0.2) rows.push({ a: [...a], b }); // duplicate
        if (rnd() < 0.2) rows.push({ a: a.map((v) => 3n * v), b: 3n * b + 1n }); // parallel, looser
      }
      if (rnd() < 0.1) rows.push({ a: Array.from({ length: n }, () => 0n), b: 1n }); // all-zero row
      let a = Array.from({ length: n }, big);
      if (rnd() < 0.2 && rows.length > 0) a = [...(rows[Math.floor(rnd() * rows.length)] as IntegerRow).a]; // z parallel to a row
      const c = rnd() < 0.3 ? 0n : big();
      // The origin, sometimes written with a huge denominator.
      const den = rnd() < 0.3 ? (1n << BigInt(Math.floor(rnd() * 1200))) + 1n : 1n;
      const w = origin(n, den);
      for (const s of [1, -1] as const) points += check(rows, w, a, c, s);
    }
    expect(points).toBeGreaterThan(100);
  });

  it('a start exactly on z = 0 and a start at a huge-denominator interior point near a face', () => {
    const rows = box(3, 1n);
    // On z = 0 the plan has no crossing to pass (it declines; the decider never starts there).
    check(rows, origin(3), [1n, 1n, 1n], 0n, 1);
    check(rows, origin(3), [1n, 1n, 1n], 0n, -1);
    const d = (1n << 1100n) + 1n;
    const w = integerWitness([d - 1n, 0n, 0n], d); // x0 = 1 − 1/d, subnormal distance to x0 < 1
    check(rows, w, [1n, 0n, 0n], -1n, 1); // z = x0 − 1 > 0: empty, must not be claimed
    expect(projectedPath(rows, w, [1n, 0n, 0n], -1n, 1)).toBeUndefined();
    check(rows, w, [-1n, 1n, 0n], 0n, 1);
  });
});
