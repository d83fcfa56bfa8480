/**
 * The region engine's interior oracle on integer rows (solvers/integerInterior.ts): known
 * answers, agreement with the general certified path on random systems, every answer checked by
 * the test-side exact helpers, and wrong proposals refused by its exact checks (mutation style:
 * the floats propose, only the checks decide).
 */
import fc from 'fast-check';
import Fraction from 'fraction.js';
import { describe, expect, it } from 'vitest';
import { createLpStats, interiorPoint } from '../../solvers/certified.js';
import { certifyProposal, integerInteriorFrom, integerKernelVector, refutesStrict, strictlyInside, supportKernel } from '../../solvers/integerInterior.js';
import type { IntegerRow } from '../../src/exact/integerRow.js';
import type { LinearSystem } from '../../src/polyhedra/system.js';
import { motzkinHolds, pointSatisfies } from './helpers.js';

const system = (rows: readonly IntegerRow[], n: number): LinearSystem => ({
  variables: n,
  constraints: rows.map((r) => ({ coefficients: r.a.map((v) => new Fraction(v)), relation: '<' as const, rhs: new Fraction(r.b) })),
});

/** The open cube (−h, h)^n as rows ±x_j < h. */
function cube(n: number, h = 1n): IntegerRow[] {
  const rows: IntegerRow[] = [];
  for (let j = 0; j < n; j++) for (const s of [1n, -1n]) rows.push({ a: Array.from({ length: n }, (_, k) => (k === j ? s : 0n)), b: h });
  return rows;
}

function answerHolds(rows: readonly IntegerRow[], n: number, r: ReturnType<typeof interiorPoint>): boolean {
  const s = system(rows, n);
  return r.kind === 'interior' ? pointSatisfies(s, r.point) : motzkinHolds(s, r.multipliers);
}

describe('integer interior oracle: known answers', () => {
  it('the open cube has interior points; a point is strictly inside', () => {
    const stats = createLpStats();
    const r = integerInteriorFrom(cube(4), 4, undefined, { stats });
    expect(r.result.kind).toBe('interior');
    expect(answerHolds(cube(4), 4, r.result)).toBe(true);
    expect(stats).toMatchObject({ certified: 1, warmSolves: 1, warmStarts: 0, warmRejected: 0 });
  });

  it('x < 0 and −x < 0: no point, and the multipliers (1, 1) say why', () => {
    const rows: IntegerRow[] = [
      { a: [1n, 0n], b: 0n },
      { a: [-1n, 0n], b: 0n },
      ...cube(2),
    ];
    const r = integerInteriorFrom(rows, 2, undefined);
    expect(r.result.kind).toBe('empty-interior');
    expect(answerHolds(rows, 2, r.result)).toBe(true);
  });

  it('the cube cut by x_1 + x_2 < −2 (a touching corner): no interior point, proved', () => {
    const rows = [...cube(2), { a: [1n, 1n], b: -2n }];
    const r = integerInteriorFrom(rows, 2, undefined);
    expect(r.result.kind).toBe('empty-interior');
    expect(answerHolds(rows, 2, r.result)).toBe(true);
  });

  it('a warm start from the parent basis (the cube) for the cube plus one row: same kind of answer, started warm', () => {
    const stats = createLpStats();
    const parent = integerInteriorFrom(cube(3), 3, undefined, { stats });
    const child = [...cube(3), { a: [1n, 2n, -1n], b: 1n }];
    const r = integerInteriorFrom(child, 3, parent.basis, { stats });
    expect(r.result.kind).toBe('interior');
    expect(answerHolds(child, 3, r.result)).toBe(true);
    expect(stats.warmStarts).toBe(1);
  });
});

describe('integer interior oracle: random systems against the general certified path', () => {
  it('the same kind of answer as interiorPoint (glpk.js + exact checks), each one valid, warm along a path of added rows', () => {
    const int = fc.integer({ min: -4, max: 4 });
    let empty = 0;
    let interior = 0;
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.array(fc.tuple(fc.array(int, { minLength: 6, maxLength: 6 }), fc.integer({ min: -3, max: 3 })), { minLength: 1, maxLength: 10 }), (n, raw) => {
        const rows: IntegerRow[] = cube(n, 3n);
        let basis: readonly number[] | undefined;
        // Rows added one at a time, each question warm-started from the last, as down a path.
        for (const [a, b] of raw) {
          rows.push({ a: a.slice(0, n).map(BigInt), b: BigInt(b) });
          const r = integerInteriorFrom(rows, n, basis);
          const reference = interiorPoint(system(rows, n));
          expect(r.result.kind).toBe(reference.kind);
          expect(answerHolds(rows, n, r.result)).toBe(true);
          if (r.result.kind === 'interior') {
            interior++;
            basis = r.basis;
          } else {
            empty++;
            rows.pop(); // an empty side is not kept in the tree either
          }
        }
      }),
      { numRuns: 200, seed: 15 },
    );
    expect(empty).toBeGreaterThan(20);
    expect(interior).toBeGreaterThan(20);
  });
});

describe('integer interior oracle: the exact checks refuse wrong proposals', () => {
  const rows = cube(2);
  it('strictlyInside (float filter first) agrees with the plain BigInt test, boundary points and huge entries included', () => {
    const exact = (rows: readonly IntegerRow[], num: readonly bigint[], den: bigint): boolean =>
      rows.every((r) => r.a.reduce((s, v, j) => s + v * (num[j] as bigint), 0n) < r.b * den);
    const big = fc.oneof(fc.bigInt(-20n, 20n), fc.bigInt(-(2n ** 70n), 2n ** 70n), fc.bigInt(-(2n ** 1100n), 2n ** 1100n));
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }).chain((n) => fc.tuple(fc.array(fc.array(big, { minLength: n, maxLength: n }), { minLength: 1, maxLength: 6 }), fc.array(big, { minLength: n, maxLength: n }), fc.bigInt(1n, 2n ** 80n), fc.array(fc.integer({ min: -1, max: 1 }), { minLength: 6, maxLength: 6 }))), ([as, num, den, offsets]) => {
        // b chosen so that a·num − b·den is −den·k… around 0: on the boundary, just inside, just outside.
        const rows: IntegerRow[] = as.map((a, i) => {
          const dot = a.reduce((s, v, j) => s + v * (num[j] as bigint), 0n);
          const q = dot / den;
          return { a, b: q + BigInt(offsets[i] ?? 0) };
        });
        expect(strictlyInside(rows, num, den)).toBe(exact(rows, num, den));
      }),
      { numRuns: 400 },
    );
    // Found by this property: a row's scaled float coefficient that underflows (1/2^1101 → 0)
    // beside a coordinate near the float maximum.
    const a = [0n, 0n, 1n, 2n ** 1100n];
    const num = [0n, 0n, -(2n ** 1038n) - 12345n, 0n];
    const den = 20269n;
    const dot = a.reduce((s, v, j) => s + v * (num[j] as bigint), 0n);
    const row = { a, b: dot / den };
    expect(strictlyInside([row], num, den)).toBe(exact([row], num, den));
  });

  it('strictlyInside: inside, on the boundary, outside', () => {
    expect(strictlyInside(rows, [1n, -1n], 2n)).toBe(true); // (1/2, −1/2)
    expect(strictlyInside(rows, [1n, 0n], 1n)).toBe(false); // on x_1 = 1
    expect(strictlyInside(rows, [3n, 0n], 2n)).toBe(false); // outside
  });

  it('refutesStrict: a true refutation, and each of its conditions broken', () => {
    const pair: IntegerRow[] = [
      { a: [1n], b: 0n },
      { a: [-1n], b: 0n },
      { a: [1n], b: 1n },
    ];
    expect(refutesStrict(pair, [1n, 1n, 0n], 1)).toBe(true);
    expect(refutesStrict(pair, [2n, 1n, 0n], 1)).toBe(false); // Σ y a ≠ 0
    expect(refutesStrict(pair, [0n, 1n, 1n], 1)).toBe(false); // Σ y b = 1 > 0
    expect(refutesStrict(pair, [-1n, -1n, 0n], 1)).toBe(false); // negative multipliers
    expect(refutesStrict(pair, [0n, 0n, 0n], 1)).toBe(false); // all zero
    expect(refutesStrict(pair, [1n, 1n], 1)).toBe(false); // wrong length
  });

  it('certifyProposal: a proposed point outside, or a slack t that overstates the margin, is refused', () => {
    // (x, t) = (2, 0, 1/2): x outside the cube.
    expect(certifyProposal(rows, 2, Float64Array.from([2, 0, 0.5]), new Float64Array(5))).toBeUndefined();
    // (x, t) = (0.999, 0, 0.5): the margin t/(4n) lets the snap reach x_1 = 1, on the boundary.
    expect(certifyProposal(rows, 2, Float64Array.from([0.9999, 0, 0.5]), new Float64Array(5))).toBeUndefined();
    // A true proposal passes.
    expect(certifyProposal(rows, 2, Float64Array.from([0, 0, 1]), new Float64Array(5))).toMatchObject({ kind: 'interior' });
  });

  it('certifyProposal: duals on a wrong support give no multipliers', () => {
    // The cube has interior points: t ≤ 0 proposed with duals on x_1 < 1 and x_2 < 1 (no kernel vector ≥ 0 refutes).
    expect(certifyProposal(rows, 2, Float64Array.from([0, 0, -1]), Float64Array.from([1, 0, 1, 0, 0]))).toBeUndefined();
    // Duals on x_1 < 1 and −x_1 < 1: a kernel vector (1, 1), but Σ y b = 2 > 0.
    expect(certifyProposal(rows, 2, Float64Array.from([0, 0, -1]), Float64Array.from([1, 1, 0, 0, 0]))).toBeUndefined();
  });
});

describe('integerKernelVector', () => {
  it('known kernels', () => {
    expect(integerKernelVector([[1n, 0n], [-1n, 0n]], 2)).toEqual([1n, 1n]);
    expect(integerKernelVector([[2n], [4n]], 1)).toEqual([-2n, 1n].map((v) => v)); // 2·(−2) + 4·1 = 0
    expect(integerKernelVector([[1n, 0n], [0n, 1n]], 2)).toBeUndefined(); // trivial kernel
    expect(integerKernelVector([[1n], [2n], [3n]], 1)).toBeUndefined(); // two-dimensional kernel
  });

  it('random n×(r+1) integer matrices of rank r: Σ y_k column_k = 0 exactly, y ≠ 0, gcd 1', () => {
    const int = fc.integer({ min: -20, max: 20 });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), fc.array(fc.array(int, { minLength: 8, maxLength: 8 }), { minLength: 2, maxLength: 9 }), (n, cols) => {
        const columns = cols.map((c) => c.slice(0, n).map(BigInt));
        const y = integerKernelVector(columns, n);
        if (y === undefined) return;
        expect(y.some((v) => v !== 0n)).toBe(true);
        for (let j = 0; j < n; j++) {
          let s = 0n;
          columns.forEach((c, k) => {
            s += (y[k] as bigint) * (c[j] as bigint);
          });
          expect(s).toBe(0n);
        }
        let g = 0n;
        for (const v of y) g = gcd(g, v < 0n ? -v : v);
        expect(g).toBe(1n);
      }),
      { numRuns: 500, seed: 15 },
    );
  });
});

describe('supportKernel: unit columns (box rows) eliminated first', () => {
  it('known kernels: a box row and its opposite, a box row beside a general one', () => {
    expect(supportKernel([[1n, 0n], [-1n, 0n]], 2)).toEqual([1n, 1n]);
    // (2, 0) + (−2, 0) = 0, and (0, 3) alone on coordinate 1 must have multiplier 0.
    expect(supportKernel([[2n, 0n], [-2n, 0n], [0n, 3n]], 2)).toEqual([1n, 1n, 0n]);
    expect(supportKernel([[1n, 0n], [0n, -1n], [2n, 3n]], 2)).toEqual([-2n, 3n, 1n]); // −2·e_0 + 3·(−e_1) + (2, 3) = 0
    expect(supportKernel([[1n, 0n], [0n, 1n]], 2)).toBeUndefined(); // independent unit columns
  });

  it('random supports of box rows (±d·e_j) and general rows: the kernel of integerKernelVector, up to sign', () => {
    const int = fc.integer({ min: -20, max: 20 });
    const unit = fc.record({ j: fc.integer({ min: 0, max: 7 }), d: fc.integer({ min: -3, max: 3 }).filter((d) => d !== 0) });
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 8 }),
        fc.array(fc.oneof(unit.map((u) => ({ unit: u })), fc.array(int, { minLength: 8, maxLength: 8 }).map((c) => ({ general: c }))), { minLength: 1, maxLength: 10 }),
        (n, specs) => {
          const columns = specs.map((c) => ('unit' in c ? Array.from({ length: n }, (_, j) => (j === c.unit.j % n ? BigInt(c.unit.d) : 0n)) : c.general.slice(0, n).map(BigInt)));
          const expected = integerKernelVector(columns, n);
          const y = supportKernel(columns, n);
          if (expected === undefined) {
            expect(y).toBeUndefined();
            return;
          }
          expect(y).toBeDefined();
          const flip = (y as bigint[]).findIndex((v) => v !== 0n);
          const s = (y as bigint[])[flip] === expected[flip] ? 1n : -1n;
          expect((y as bigint[]).map((v) => s * v)).toEqual(expected);
        },
      ),
      { numRuns: 2000, seed: 15 },
    );
  });
});

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}
