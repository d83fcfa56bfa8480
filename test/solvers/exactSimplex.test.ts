import fc from 'fast-check';
import type Fraction from 'fraction.js';
import { describe, expect, it } from 'vitest';
import { exactMaximize } from '../../solvers/exactSimplex.js';
import { F, motzkinHolds, optimumHolds, q, rayHolds, row, sys, degenerateSystem, objectiveFor } from './helpers.js';
import type { LinearSystem } from '../../src/polyhedra/system.js';

const nonnegative = (n: number) =>
  Array.from({ length: n }, (_, j) => row(Array.from({ length: n }, (_, k) => (k === j ? -1 : 0)), '<=', 0));

function expectOptimal(c: Fraction[], s: LinearSystem, value: string, primal?: string[]) {
  const r = exactMaximize(c, s);
  expect(r.kind).toBe('optimal');
  if (r.kind !== 'optimal') return r;
  expect(r.value.toFraction()).toBe(value);
  if (primal) expect(r.primal.map((v) => v.toFraction())).toEqual(primal);
  expect(optimumHolds(c, s, r.value, r.primal, r.dual)).toBe(true);
  return r;
}

describe('exact simplex: known answers', () => {
  it('solves the Wyndor Glass LP (Hillier–Lieberman) with its textbook dual', () => {
    const s = sys(2, [row([1, 0], '<=', 4), row([0, 2], '<=', 12), row([3, 2], '<=', 18), ...nonnegative(2)]);
    const r = expectOptimal([F(3), F(5)], s, '36', ['2', '6']);
    if (r.kind === 'optimal') expect(r.dual.map((v) => v.toFraction())).toEqual(['0', '3/2', '1', '0', '0']);
  });

  it('solves a small LP with a fractional vertex', () => {
    const s = sys(2, [row([1, 2], '<=', 4), row([3, 1], '<=', 6), ...nonnegative(2)]);
    const r = expectOptimal([F(1), F(1)], s, '14/5', ['8/5', '6/5']);
    if (r.kind === 'optimal') expect(r.dual.map((v) => v.toFraction()).slice(0, 2)).toEqual(['2/5', '1/5']);
  });

  it('solves the 3-D Klee–Minty cube', () => {
    const s = sys(3, [
      row([1, 0, 0], '<=', 1),
      row([20, 1, 0], '<=', 100),
      row([200, 20, 1], '<=', 10000),
      ...nonnegative(3),
    ]);
    const r = expectOptimal([F(100), F(10), F(1)], s, '10000', ['0', '0', '10000']);
    expect(r.pivots).toBeGreaterThan(0);
  });

  it("terminates on Beale's cycling example (optimum 5/4)", () => {
    // max 3/4 x4 − 20 x5 + 1/2 x6 − 6 x7 (Beale 1955), which cycles under the textbook rule.
    const s = sys(4, [
      row(['1/4', -8, -1, 9], '<=', 0),
      row(['1/2', -12, '-1/2', 3], '<=', 0),
      row([0, 0, 1, 0], '<=', 1),
      ...nonnegative(4),
    ]);
    expectOptimal([q('3/4'), F(-20), q('1/2'), F(-6)], s, '5/4', ['1', '0', '1', '0']);
  });

  it('handles free variables, equalities and redundant equalities', () => {
    const s = sys(3, [
      row([1, 1, 1], '=', 3),
      row([2, 2, 2], '=', 6),
      row([1, -1, 0], '=', 0),
      row([0, 0, 1], '<=', 5),
      row([0, 0, -1], '<=', 5),
    ]);
    // x = y, z = 3 − 2x ≥ −5 ⇒ x ≤ 4; maximize x.
    expectOptimal([F(1), F(0), F(0)], s, '4', ['4', '4', '-5']);
  });

  it('handles a negative optimum and rows with negative right-hand sides', () => {
    const s = sys(1, [row([-1], '<=', -3), row([1], '<=', 7)]);
    expectOptimal([F(-1)], s, '-3', ['3']);
  });

  it('returns Farkas multipliers for infeasible systems', () => {
    for (const s of [
      sys(1, [row([1], '<=', 1), row([-1], '<=', -2)]),
      sys(2, [row([1, 1], '=', 1), row([1, 1], '=', 2)]),
      sys(2, [row([1, 0], '<=', 0), row([0, 1], '<=', 0), row([-1, -1], '<=', '-1/1000')]),
      sys(1, [row([0], '<=', -1)]),
    ]) {
      const r = exactMaximize([F(1), ...(s.variables > 1 ? [F(0)] : [])], s);
      expect(r.kind).toBe('infeasible');
      if (r.kind === 'infeasible') expect(motzkinHolds(s, r.multipliers)).toBe(true);
    }
  });

  it('returns a point and a ray for unbounded problems', () => {
    const s = sys(2, [row([0, 1], '<=', 1), row([-1, 0], '<=', 0)]);
    const c = [F(1), F(1)];
    const r = exactMaximize(c, s);
    expect(r.kind).toBe('unbounded');
    if (r.kind === 'unbounded') expect(rayHolds(c, s, r.point, r.ray)).toBe(true);
    const empty = sys(2, []);
    const u = exactMaximize(c, empty);
    expect(u.kind).toBe('unbounded');
    const z = exactMaximize([F(0), F(0)], empty);
    expect(z.kind).toBe('optimal');
  });

  it('handles a degenerate vertex with many rows through it', () => {
    // Pyramid apex at (0,0,1): eight rows through it, plus the base.
    const rows = [];
    for (const [a, b] of [[1, 0], [0, 1], [-1, 0], [0, -1], [1, 1], [1, -1], [-1, 1], [-1, -1]]) rows.push(row([a as number, b as number, 1], '<=', 1));
    rows.push(row([0, 0, -1], '<=', 0));
    const s = sys(3, rows);
    expectOptimal([F(0), F(0), F(1)], s, '1', ['0', '0', '1']);
  });
});

describe('exact simplex: certificates on random degenerate systems', () => {
  it('every answer carries a valid exact certificate', () => {
    fc.assert(
      fc.property(degenerateSystem.chain((s) => fc.tuple(fc.constant(s), objectiveFor(s.variables))), ([s, c]) => {
        const closed: LinearSystem = { variables: s.variables, constraints: s.constraints.map((r) => (r.relation === '<' ? { ...r, relation: '<=' } : r)) };
        const r = exactMaximize(c, closed);
        if (r.kind === 'optimal') return optimumHolds(c, closed, r.value, r.primal, r.dual);
        if (r.kind === 'unbounded') return rayHolds(c, closed, r.point, r.ray);
        return motzkinHolds(closed, r.multipliers);
      }),
      { numRuns: 300 },
    );
  });
});
