/**
 * The bent ray of src/engine/projectedPath.ts: whatever its float plan does, a point it returns is
 * strictly inside every row and strictly on the asked side of z = 0 (checked here in BigInt,
 * never by engine output), and it returns nothing where that side is empty.
 */
import Fraction from 'fraction.js';
import { describe, expect, it } from 'vitest';
import { projectedPath } from '../../src/engine/projectedPath.js';
import { shoot, witnessOf, type Witness } from '../../src/engine/witness.js';
import type { IntegerRow } from '../../src/exact/integerRow.js';
import { exactSign, lcg, strictlyInsideExact } from '../support/exactPoints.js';

/** The box [−1, 1]^n as rows x_j ≤ 1, −x_j ≤ 1. */
function box(n: number): IntegerRow[] {
  const rows: IntegerRow[] = [];
  for (let j = 0; j < n; j++) {
    rows.push({ a: Array.from({ length: n }, (_, q) => (q === j ? 1n : 0n)), b: 1n });
    rows.push({ a: Array.from({ length: n }, (_, q) => (q === j ? -1n : 0n)), b: 1n });
  }
  return rows;
}

describe('projectedPath', () => {
  it('reaches a thin far side that the straight ray misses (a wedge under a ceiling)', () => {
    // P = [−1, 1]² ∩ {y ≤ 1/2} (2y ≤ 1), w = 0, z = y + x/10 − 11/20 (times 20: 20y + 2x − 11).
    // z > 0 on P needs y > 11/20 − x/10 with y < 1/2, so x > 1/2: the wedge near x = 1 (e.g.
    // (9/10, 49/100): 9.8 + 1.8 − 11 = 0.6 > 0). The straight ray along ∇z = (2, 20) meets
    // y = 1/2 at x = 1/20, where z < 0.
    const rows = [...box(2), { a: [0n, 2n], b: 1n }];
    const w = witnessOf([new Fraction(0), new Fraction(0)]);
    const a = [2n, 20n];
    const c = -11n;
    expect(exactSign(a, c, witnessOf([new Fraction(9, 10), new Fraction(49, 100)]))).toBe(1);
    expect(shoot(rows, w, a, c, 1)).toBeUndefined();
    const p = projectedPath(rows, w, a, c, 1);
    expect(p).toBeDefined();
    expect(strictlyInsideExact(rows, p as Witness)).toBe(true);
    expect(exactSign(a, c, p as Witness)).toBe(1);
  });

  it('returns nothing where the side asked for is empty (z > 0 nowhere on the box)', () => {
    // z = x + y − 2 < 0 on the open box: no strictly positive point exists.
    const rows = box(2);
    const w = witnessOf([new Fraction(1, 3), new Fraction(-1, 5)]);
    expect(projectedPath(rows, w, [1n, 1n], -2n, 1)).toBeUndefined();
    // … and none at all when z = 0 is a facet: x ≥ 1 meets the open box nowhere.
    expect(projectedPath(rows, w, [1n, 0n], -1n, 1)).toBeUndefined();
  });

  it('on random polytopes, every point it returns is strictly inside and on the asked side', () => {
    const random = lcg(20261204);
    const int = (k: number): bigint => BigInt(Math.floor(random() * (2 * k + 1)) - k);
    let found = 0;
    let asked = 0;
    for (let trial = 0; trial < 400; trial++) {
      const n = 2 + (trial % 7);
      // The box and random rows a·x ≤ b with b > 0, so the origin is strictly inside.
      const rows = box(n);
      const extra = 1 + Math.floor(random() * 12);
      for (let r = 0; r < extra; r++) rows.push({ a: Array.from({ length: n }, () => int(20)), b: 1n + BigInt(Math.floor(random() * 10)) });
      const w = witnessOf(Array.from({ length: n }, () => new Fraction(0)));
      const a = Array.from({ length: n }, () => int(30));
      if (a.every((v) => v === 0n)) continue;
      // c puts the origin on the negative side, sometimes far (an empty or thin far side).
      const c = -1n - BigInt(Math.floor(random() * 60));
      const s = exactSign(a, c, w);
      expect(s).toBe(-1);
      asked++;
      const p = projectedPath(rows, w, a, c, 1);
      if (p === undefined) continue;
      found++;
      expect(strictlyInsideExact(rows, p)).toBe(true);
      expect(exactSign(a, c, p)).toBe(1);
      // The same with the roles swapped: from p (positive) towards the negative side.
      const back = projectedPath(rows, p, a, c, -1);
      if (back !== undefined) {
        expect(strictlyInsideExact(rows, back)).toBe(true);
        expect(exactSign(a, c, back)).toBe(-1);
      }
    }
    // Not vacuous: the path does find points, and not always.
    expect(found).toBeGreaterThan(asked / 10);
    expect(found).toBeLessThan(asked);
  });
});
