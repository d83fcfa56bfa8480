/**
 * The dense float simplex (solvers/denseSimplex.ts) against LPs whose answers are known from
 * mathematics — a cube, the standard simplex, degenerate vertices, infeasible and unbounded
 * systems — and against the exact rational simplex on random bounded LPs; a warm start after one
 * added row reaches the cold start's value. It is a proposer: these are float checks (to 1e-9),
 * never verdicts.
 */
import fc from 'fast-check';
import Fraction from 'fraction.js';
import { describe, expect, it } from 'vitest';
import { DenseSimplex } from '../../solvers/denseSimplex.js';
import { exactMaximize } from '../../solvers/exactSimplex.js';
import type { LpProblem, LpRow } from '../../solvers/lp.js';

const simplex = new DenseSimplex();
const le = (coefficients: number[], upper: number): LpRow => ({ coefficients, lower: -Infinity, upper });
const maximize = (objective: number[], rows: LpRow[]): LpProblem => ({ direction: 'maximize', objective, rows });

/** The cube [−1, 1]^n as rows ±x_j ≤ 1. */
function cube(n: number): LpRow[] {
  const rows: LpRow[] = [];
  for (let j = 0; j < n; j++) {
    for (const s of [1, -1]) rows.push(le(Array.from({ length: n }, (_, k) => (k === j ? s : 0)), 1));
  }
  return rows;
}

describe('dense simplex: known optima', () => {
  it('the cube: max c·x over [−1, 1]^n is Σ|c_j|, at x = sign(c)', () => {
    const c = [3, -2, 0.5, -7];
    const r = simplex.solve(maximize(c, cube(4)));
    expect(r.status).toBe('optimal');
    expect(r.value).toBeCloseTo(12.5, 9);
    expect(r.primal).toEqual([1, -1, 1, -1].map((v) => expect.closeTo(v, 9)));
    // Duals: y on x_j ≤ 1 is c_j when c_j > 0, on −x_j ≤ 1 it is −c_j when c_j < 0.
    expect(r.rowDuals).toEqual([3, 0, 0, 2, 0.5, 0, 0, 7].map((v) => expect.closeTo(v, 9)));
  });

  it('minimization: min c·x over the cube is −Σ|c_j|, with duals of a minimisation', () => {
    const r = simplex.solve({ direction: 'minimize', objective: [1, -1], rows: cube(2) });
    expect(r.status).toBe('optimal');
    expect(r.value).toBeCloseTo(-2, 9);
    expect(r.primal).toEqual([-1, 1].map((v) => expect.closeTo(v, 9)));
  });

  it('the standard simplex x ≥ 0, Σx ≤ 1: max c·x is max(0, max_j c_j)', () => {
    const n = 5;
    const rows = [...Array.from({ length: n }, (_, j) => le(Array.from({ length: n }, (_, k) => (k === j ? -1 : 0)), 0)), le(new Array(n).fill(1), 1)];
    for (const c of [
      [1, 2, 3, 4, 5],
      [-1, -2, -3, -4, -5],
      [0.5, -1, 2, 2, -3],
    ]) {
      const r = simplex.solve(maximize(c, rows));
      expect(r.status).toBe('optimal');
      expect(r.value).toBeCloseTo(Math.max(0, ...c), 9);
    }
  });

  it('a degenerate vertex: many rows through the apex of a cone, and a box', () => {
    // Rows cos(θ)x + sin(θ)y ≤ 0 for 12 angles in (π/2, 3π/2) all pass through 0; max x is 0 there.
    const rows: LpRow[] = [...cube(2).map((r) => ({ ...r, upper: 5 }))];
    for (let k = 0; k < 12; k++) {
      const theta = Math.PI / 2 + ((k + 1) * Math.PI) / 13;
      rows.push(le([-Math.cos(theta), -Math.sin(theta)], 0));
      rows.push(le([-Math.cos(theta), -Math.sin(theta)], 0)); // and each twice
    }
    const r = simplex.solve(maximize([1, 0], rows));
    expect(r.status).toBe('optimal');
    expect(r.value).toBeCloseTo(0, 9);
  });

  it('Beale-style degeneracy does not cycle: the 3-cube with every facet repeated and the objective on a diagonal', () => {
    const rows = [...cube(3), ...cube(3), ...cube(3)];
    const r = simplex.solve(maximize([1, 1, 1], rows));
    expect(r.status).toBe('optimal');
    expect(r.value).toBeCloseTo(3, 9);
  });

  it('infeasible: x ≤ −1 and −x ≤ −1', () => {
    expect(simplex.solve(maximize([1], [le([1], -1), le([-1], -1)])).status).toBe('infeasible');
    expect(simplex.solve(maximize([0, 1], [le([1, 0], -1), le([-1, 0], -1), le([0, 1], 1)])).status).toBe('infeasible');
  });

  it('unbounded: max x subject to −x ≤ 0, and max y with y free of every row', () => {
    expect(simplex.solve(maximize([1], [le([-1], 0)])).status).toBe('unbounded');
    expect(simplex.solve(maximize([0, 1], [le([1, 0], 1), le([-1, 0], 1)])).status).toBe('unbounded');
  });

  it('refuses what it does not handle (equality and two-sided rows) with status error', () => {
    expect(simplex.solve(maximize([1], [{ coefficients: [1], lower: 0, upper: 0 }])).status).toBe('error');
    expect(simplex.solve(maximize([1], [{ coefficients: [1], lower: -1, upper: 1 }])).status).toBe('error');
  });
});

describe('dense simplex: warm starts', () => {
  it('after one added row, the warm start from the old basis reaches the cold value', () => {
    const base = cube(3);
    const first = simplex.solveFrom(maximize([1, 2, 3], base), undefined);
    expect(first.status).toBe('optimal');
    expect(first.basis).toBeDefined();
    const cut = [...base, le([1, 1, 1], 0.5)];
    const warm = simplex.solveFrom(maximize([1, 2, 3], cut), first.basis);
    const cold = simplex.solveFrom(maximize([1, 2, 3], cut), undefined);
    expect(warm.warm).toBe(true);
    expect(cold.warm).toBe(false);
    expect(warm.status).toBe('optimal');
    expect(warm.value).toBeCloseTo(cold.value, 9);
    // With x + y + z ≤ 1/2 the weight goes to z, then y, taken from x: x = −1 (its bound), then
    // y + z ≤ 3/2 puts z = 1, y = 1/2 — the optimum (−1, 1/2, 1), value −1 + 1 + 3 = 3.
    expect(warm.value).toBeCloseTo(3, 9);
  });

  it('a basis that is not one of the problem (wrong size, unknown row, singular) is ignored: cold start, same optimum', () => {
    const rows = cube(2);
    const cold = simplex.solveFrom(maximize([1, 1], rows), undefined);
    for (const basis of [[0], [0, 99], [0, 1], [0, 0]]) {
      const r = simplex.solveFrom(maximize([1, 1], rows), basis);
      expect(r.warm).toBe(false);
      expect(r.value).toBeCloseTo(cold.value, 9);
    }
  });

  it('random bounded LPs: the same value as the exact simplex, cold and warm after an added row', () => {
    const int = fc.integer({ min: -5, max: 5 });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.array(fc.tuple(fc.array(int, { minLength: 5, maxLength: 5 }), fc.integer({ min: -3, max: 6 })), { minLength: 1, maxLength: 12 }), fc.array(int, { minLength: 5, maxLength: 5 }), (n, raw, cRaw) => {
        const rows = [...cube(n).map((r) => ({ ...r, upper: 4 })), ...raw.map(([a, b]) => le(a.slice(0, n), b))];
        const c = cRaw.slice(0, n);
        const exact = (rs: LpRow[]) =>
          exactMaximize(
            c.map((v) => new Fraction(v)),
            { variables: n, constraints: rs.map((r) => ({ coefficients: r.coefficients.map((v) => new Fraction(v)), relation: '<=' as const, rhs: new Fraction(r.upper) })) },
          );
        const head = rows.slice(0, rows.length - 1);
        const e1 = exact(head);
        const r1 = simplex.solveFrom(maximize(c, head), undefined);
        if (e1.kind === 'infeasible') {
          expect(r1.status).toBe('infeasible');
          return;
        }
        expect(e1.kind).toBe('optimal');
        expect(r1.status).toBe('optimal');
        if (e1.kind === 'optimal') expect(r1.value).toBeCloseTo(e1.value.valueOf(), 7);
        const e2 = exact(rows);
        const r2 = simplex.solveFrom(maximize(c, rows), r1.basis);
        if (e2.kind === 'infeasible') expect(r2.status).toBe('infeasible');
        else if (e2.kind === 'optimal') {
          expect(r2.status).toBe('optimal');
          expect(r2.value).toBeCloseTo(e2.value.valueOf(), 7);
        }
      }),
      { numRuns: 300, seed: 15 },
    );
  });
});
