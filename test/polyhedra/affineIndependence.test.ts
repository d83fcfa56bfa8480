/**
 * The modular filter of the greedy affinely-independent choice (src/polyhedra/affineIndependence.ts)
 * against the definition: a point is kept iff the rank over Q of the kept points' rows (x, 1)
 * grows by one — computed here by plain Gaussian elimination on fraction.js rationals. Generated
 * point sets are full of dependencies (repeated points, midpoints, collinear and coplanar
 * points); the prime lists include tiny primes, for which images are often dependent when the
 * points are not, so that every fallback (exact elimination) is exercised too.
 */
import fc from 'fast-check';
import Fraction from 'fraction.js';
import { describe, expect, it } from 'vitest';
import { type HomogeneousPoint, INDEPENDENCE_PRIMES, affinelyIndependentPoints } from '../../src/polyhedra/affineIndependence.js';

const SAFE = 2n ** 53n;

/** A point num/den, reduced by nothing (the filter needs no reduced input), with its float copy when exact. */
function point(num: bigint[], den: bigint): HomogeneousPoint {
  const all = [...num, den];
  const small = all.every((x) => x < SAFE && x > -SAFE) ? Float64Array.from(all, (x) => Number(x)) : undefined;
  return { num, den, small };
}

/** Rank over Q by Gaussian elimination on Fractions. */
function rankQ(rows: Fraction[][]): number {
  const M = rows.map((r) => [...r]);
  let r = 0;
  const cols = M[0]?.length ?? 0;
  for (let c = 0; c < cols && r < M.length; c++) {
    const k = M.findIndex((row, i) => i >= r && !(row[c] as Fraction).equals(0));
    if (k < 0) continue;
    [M[r], M[k]] = [M[k] as Fraction[], M[r] as Fraction[]];
    const P = M[r] as Fraction[];
    for (let i = r + 1; i < M.length; i++) {
      const R = M[i] as Fraction[];
      const f = (R[c] as Fraction).div(P[c] as Fraction);
      for (let j = c; j < cols; j++) R[j] = (R[j] as Fraction).sub(f.mul(P[j] as Fraction));
    }
    r++;
  }
  return r;
}

/** The greedy choice by its definition (indices into points). */
function reference(points: readonly HomogeneousPoint[], order: readonly number[], limit: number): number[] {
  const kept: number[] = [];
  for (const i of order) {
    if (kept.length >= limit) break;
    const rows = [...kept, i].map((k) => {
      const v = points[k] as HomogeneousPoint;
      return [...v.num.map((x) => new Fraction(x, v.den)), new Fraction(1)];
    });
    if (rankQ(rows) === kept.length + 1) kept.push(i);
  }
  return kept;
}

function chosen(points: readonly HomogeneousPoint[], order: readonly number[], n: number, limit: number, primes?: readonly number[]): number[] {
  return affinelyIndependentPoints(points, order, n, limit, primes).map((v) => points.indexOf(v));
}

/** Point sets with many dependencies: random small points, then repeats, midpoints and affine combinations of earlier ones. */
const pointSets = fc.integer({ min: 1, max: 6 }).chain((n) =>
  fc.record({
    n: fc.constant(n),
    base: fc.array(fc.record({ num: fc.array(fc.integer({ min: -4, max: 4 }), { minLength: n, maxLength: n }), den: fc.integer({ min: 1, max: 5 }) }), { minLength: 1, maxLength: 6 }),
    derived: fc.array(fc.record({ i: fc.nat(), k: fc.nat(), t: fc.integer({ min: -2, max: 3 }) }), { maxLength: 10 }),
    scale: fc.constantFrom(1n, 3n ** 40n, 2n ** 70n + 1n),
    shuffle: fc.array(fc.nat(), { maxLength: 16 }),
  }),
);

function build(spec: { n: number; base: { num: number[]; den: number }[]; derived: { i: number; k: number; t: number }[]; scale: bigint }): HomogeneousPoint[] {
  // Rationals first, then each point written over its own denominator times `scale` (big numbers, same point).
  const pts: Fraction[][] = spec.base.map((b) => b.num.map((x) => new Fraction(x, b.den)));
  for (const { i, k, t } of spec.derived) {
    const p = pts[i % pts.length] as Fraction[];
    const q = pts[k % pts.length] as Fraction[];
    // p + (t/2)(q − p): repeats (t = 0), midpoints (t = 1), collinear points beyond.
    pts.push(p.map((x, j) => x.add((q[j] as Fraction).sub(x).mul(t, 2))));
  }
  return pts.map((x) => {
    let den = 1n;
    for (const v of x) den = (den * BigInt(v.d)) / gcd(den, BigInt(v.d));
    den *= spec.scale;
    return point(
      x.map((v) => (BigInt(v.s) * BigInt(v.n) * den) / BigInt(v.d)),
      den,
    );
  });
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a < 0n ? -a : a;
}

describe('affinelyIndependentPoints', () => {
  it('uses distinct primes below 2^26', () => {
    const isPrime = (p: number): boolean => {
      for (let d = 2; d * d <= p; d++) if (p % d === 0) return false;
      return p > 1;
    };
    expect(new Set(INDEPENDENCE_PRIMES).size).toBe(INDEPENDENCE_PRIMES.length);
    for (const p of INDEPENDENCE_PRIMES) {
      expect(p < 2 ** 26).toBe(true);
      expect(isPrime(p)).toBe(true);
    }
  });

  it('keeps exactly the points the definition keeps, for every prime list', () => {
    const primeLists: (readonly number[] | undefined)[] = [undefined, [3, 5, 7], [2], [101, 103, 107, 109, 113, 127, 131], [65521, 65519]];
    fc.assert(
      fc.property(pointSets, (spec) => {
        const points = build(spec);
        const order = points.map((_, i) => i);
        // A permutation from the shuffle draws (the engine orders by denominator; any order must work).
        spec.shuffle.forEach((s, i) => {
          const a = i % order.length;
          const b = s % order.length;
          [order[a], order[b]] = [order[b] as number, order[a] as number];
        });
        for (const limit of [spec.n + 1, 2]) {
          const want = reference(points, order, limit);
          for (const primes of primeLists) expect(chosen(points, order, spec.n, limit, primes)).toEqual(want);
        }
      }),
      { numRuns: 300, seed: 15 },
    );
  });

  it('falls back to exact elimination when the images are dependent but the points are not', () => {
    // Rows (x, 1): (0,0,1), (5,0,1), (0,5,1) are independent over Q, but ≡ (0,0,1) three times mod 5.
    const points = [point([0n, 0n], 1n), point([5n, 0n], 1n), point([0n, 5n], 1n), point([5n, 5n], 1n)];
    expect(chosen(points, [0, 1, 2, 3], 2, 3, [5])).toEqual([0, 1, 2]);
    expect(chosen(points, [0, 1, 3, 2], 2, 3, [5])).toEqual([0, 1, 3]);
    // Dependent over Q (the fourth corner of the square is in the plane of the first three): only the limit stops at 3.
    expect(chosen(points, [0, 1, 2, 3], 2, 4, [5])).toEqual([0, 1, 2]);
    expect(chosen(points, [0, 1, 2, 3], 2, 4)).toEqual([0, 1, 2]);
  });

  it('proves dependence only with enough primes for the Hadamard bound', () => {
    // On the line: rows (0, 1) and (77, 1) are ≡ (0, 1) mod 7 and mod 11, yet independent; 7·11 = 77 is
    // below the Hadamard bound of these rows (|det| = 77 can be a multiple of 77), so the exact test decides.
    const line = [point([0n], 1n), point([77n], 1n)];
    expect(chosen(line, [0, 1], 1, 2, [7, 11])).toEqual([0, 1]);
    expect(chosen(line, [0, 1], 1, 2, [7, 11, 13, 17])).toEqual([0, 1]);
    // A truly dependent point is rejected by each route: a repeat of 0 written over 2^60 (no float copy).
    const big = 2n ** 60n;
    const repeat = [point([0n], 1n), point([0n], big), point([3n * big], big)];
    for (const primes of [[7, 11], [7, 11, 13, 17], undefined]) expect(chosen(repeat, [0, 1, 2], 1, 2, primes)).toEqual([0, 2]);
  });
});
