/**
 * The float filters of the ray decider (rayPlainlyBlocked and towardPlainlyBlocked,
 * src/engine/witness.ts) and the points decider. A filter decides nothing, but it must never
 * skip a ray that the exact ratio test would have shot through: on random polytopes around a
 * random interior point, whenever it says "blocked", the exact `shoot` (`shootToward`) returns
 * undefined. And it must skip some (else it is useless). A point shot towards a target is
 * strictly inside and strictly on the other side.
 */
import Fraction from 'fraction.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pointsDecider } from '../../src/engine/deciders/index.js';
import { floatFormOf, rayPlainlyBlocked, shoot, shootToward, signAt, towardPlainlyBlocked, valueAt, witnessOf } from '../../src/engine/witness.js';
import type { IntegerRow } from '../../src/exact/integerRow.js';
import { boxRowsOf, contextOf, nodeOn, question, strictlyInside, valueOf } from './support.js';

describe('rayPlainlyBlocked', () => {
  it('never skips a ray the exact ratio test shoots through (random polytopes, points and directions)', () => {
    let skipped = 0;
    let shot = 0;
    let towardSkipped = 0;
    let towardShot = 0;
    const int = fc.integer({ min: -9, max: 9 });
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 8 }),
        fc.array(fc.array(int, { minLength: 9, maxLength: 9 }), { minLength: 1, maxLength: 12 }),
        fc.array(fc.integer({ min: -90, max: 90 }), { minLength: 8, maxLength: 8 }),
        fc.array(int, { minLength: 9, maxLength: 9 }),
        fc.integer({ min: 1, max: 97 }),
        (n, general, point, z, den) => {
          // Rows through random directions, each shifted to pass at a random positive slack of the point.
          const x = point.slice(0, n).map((v) => new Fraction(v, 100));
          const w = witnessOf(x);
          const rows: IntegerRow[] = [...boxRowsOf(new Array(n).fill(-1), new Array(n).fill(1))];
          for (const g of general) {
            const a = g.slice(0, n).map(BigInt);
            // b = ⌈a·x⌉ + slack ≥ a·x + slack/den: strictly inside.
            const ax = a.reduce((s, v, j) => s.add((x[j] as Fraction).mul(v)), new Fraction(0));
            rows.push({ a, b: BigInt(ax.ceil().valueOf()) + BigInt(1 + (Math.abs(g[8] as number) % den)) });
          }
          const a = z.slice(0, n).map(BigInt);
          if (a.every((v) => v === 0n)) return;
          const c = BigInt(z[8] as number);
          for (const s of [1, -1] as const) {
            const blocked = rayPlainlyBlocked(rows, w, a, c, s);
            const exact = shoot(rows, w, a, c, s);
            if (blocked) {
              skipped++;
              expect(exact).toBeUndefined();
            } else if (exact !== undefined) shot++;
          }
          // Towards a target: the point pushed out along z's gradient, typically outside P.
          for (const s of [1, -1] as const) {
            const target = witnessOf(x.map((v, j) => v.add(new Fraction(s * Number(a[j] as bigint), 3))));
            const blocked = towardPlainlyBlocked(rows, w, a, c, target);
            const exact = shootToward(rows, w, a, c, target);
            if (exact !== undefined) {
              expect(strictlyInside(rows, exact.rational)).toBe(true);
              expect(Math.sign(valueOf(z.slice(0, n), z[8] as number, exact.rational).valueOf())).toBe(-Math.sign(valueOf(z.slice(0, n), z[8] as number, x).valueOf()));
            }
            if (blocked) {
              towardSkipped++;
              expect(exact).toBeUndefined();
            } else if (exact !== undefined) towardShot++;
          }
        },
      ),
      { numRuns: 3000, seed: 15 },
    );
    expect(skipped).toBeGreaterThan(100);
    expect(shot).toBeGreaterThan(100);
    expect(towardSkipped).toBeGreaterThan(100);
    expect(towardShot).toBeGreaterThan(100);
  });

  it('a ray blocked by a near row is skipped; a clear one is not', () => {
    // On [−1, 1]², from (0, 0): z = x − 3 needs x > 3 (blocked by x ≤ 1); z = x − 1/2 is reached at x = 1/2.
    const rows = boxRowsOf([-1, -1], [1, 1]);
    const w = witnessOf([new Fraction(0), new Fraction(0)]);
    expect(rayPlainlyBlocked(rows, w, [1n, 0n], -3n, 1)).toBe(true);
    expect(rayPlainlyBlocked(rows, w, [2n, 0n], -1n, 1)).toBe(false);
    expect(shoot(rows, w, [2n, 0n], -1n, 1)).toBeDefined();
  });
});

describe('signAt: the float filter with an error bound, then the exact value', () => {
  it('gives the exact sign of z at rational points, including points on z = 0 and huge entries', () => {
    const big = fc.bigInt({ min: -(2n ** 80n), max: 2n ** 80n });
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.integer({ min: -9, max: 9 }).map(BigInt), big), { minLength: 1, maxLength: 8 }), fc.array(fc.integer({ min: -50, max: 50 }), { minLength: 8, maxLength: 8 }), fc.integer({ min: 1, max: 60 }), fc.boolean(), (a, xs, den, onPlane) => {
        const n = a.length;
        const x = xs.slice(0, n).map((v) => new Fraction(v, den));
        // c from the point's own value (z = 0 there), or a random one.
        let ax = new Fraction(0);
        a.forEach((v, j) => {
          ax = ax.add((x[j] as Fraction).mul(v));
        });
        const c = onPlane && ax.d === 1n ? -(ax.s * ax.n) : BigInt(xs[7] as number);
        const w = witnessOf(x);
        const exact = valueAt(a, c, w);
        expect(signAt(floatFormOf(a, c), a, c, w)).toBe(exact > 0n ? 1 : exact < 0n ? -1 : 0);
      }),
      { numRuns: 3000, seed: 15 },
    );
  });

  it('does not trust a coordinate below the normal range: a subnormal x_0 times a huge coefficient (regression)', () => {
    // x = (1/(3·2^1068), −(124/125)·2^−74), a = (3·2^994, 1), c = 0: z = 2^−74·(1 − 124/125) > 0,
    // but fl(x_0) is a subnormal 1.6 % off, and the float sum is negative beyond any relative bound.
    const den = 375n * 2n ** 1068n;
    const w = { num: [125n, -372n * 2n ** 994n], den, rational: [new Fraction(125n, den), new Fraction(-372n * 2n ** 994n, den)] };
    const a = [3n * 2n ** 994n, 1n];
    expect(valueAt(a, 0n, w) > 0n).toBe(true);
    expect(signAt(floatFormOf(a, 0n), a, 0n, w)).toBe(1);
  });

  it('gives the exact sign at points with coordinates near and below the normal range', () => {
    fc.assert(
      fc.property(fc.array(fc.bigInt({ min: -(2n ** 60n), max: 2n ** 60n }), { minLength: 2, maxLength: 4 }), fc.array(fc.bigInt({ min: -(2n ** 1000n), max: 2n ** 1000n }), { minLength: 4, maxLength: 4 }), fc.integer({ min: 1000, max: 1100 }), fc.bigInt({ min: -5n, max: 5n }), (num, a, shift, c) => {
        const n = num.length;
        const w = { num, den: 2n ** BigInt(shift) + 1n, rational: [] as Fraction[] };
        const row = a.slice(0, n);
        const exact = valueAt(row, c, w);
        expect(signAt(floatFormOf(row, c), row, c, w)).toBe(exact > 0n ? 1 : exact < 0n ? -1 : 0);
      }),
      { numRuns: 2000, seed: 16 },
    );
  });
});

describe('points decider', () => {
  const square = boxRowsOf([0, 0], [1, 1]);
  const node = nodeOn(square, [new Fraction(1, 4), new Fraction(1, 4)]);
  const inside = (x: number, y: number) => witnessOf([new Fraction(x), new Fraction(y)]);
  it('splits when the witness and a further point lie strictly on either side, with those points', () => {
    const withPoints = { ...node, points: [inside(0.5, 0.5), inside(0.75, 0.75)] };
    // z = x + y − 1: −1/2 at the witness, 0 at (1/2, 1/2) (neither side), +1/2 at (3/4, 3/4).
    const q = question(withPoints, [1, 1], -1);
    const d = pointsDecider.decide(q, contextOf(2));
    expect(d.kind).toBe('split');
    if (d.kind !== 'split') return;
    expect(d.positive.witness.rational.map((v) => v.valueOf())).toEqual([0.75, 0.75]);
    expect(d.negative.witness).toBe(node.witness);
    for (const [side, s] of [[d.positive, 1], [d.negative, -1]] as const) {
      expect(strictlyInside(square, side.witness.rational)).toBe(true);
      expect(valueOf([1, 1], -1, side.witness.rational).compare(0)).toBe(s);
    }
  });

  it('is undecided with points on one side only, or none', () => {
    expect(pointsDecider.decide(question({ ...node, points: [inside(0.5, 0.5)] }, [1, 1], -1), contextOf(2)).kind).toBe('undecided');
    expect(pointsDecider.decide(question(node, [1, 1], -1), contextOf(2)).kind).toBe('undecided');
  });
});
