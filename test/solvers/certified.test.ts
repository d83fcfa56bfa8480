import fc from 'fast-check';
import type Fraction from 'fraction.js';
import { describe, expect, it } from 'vitest';
import {
  createLpStats,
  defaultLpSolver,
  feasiblePoint,
  interiorPoint,
  maximize,
  type LpStats,
} from '../../solvers/certified.js';
import type { LpProblem, LpResult, LpSolver } from '../../solvers/lp.js';
import { parseRational } from '../../src/exact/rational.js';
import { closedVersion, strictVersion, type LinearConstraint, type LinearSystem } from '../../src/polyhedra/system.js';
import { F, degenerateSystem, motzkinHolds, objectiveFor, optimumHolds, pointSatisfies, rayHolds, row, sys } from './helpers.js';

const P = parseRational;
const exactOnly = { solver: null } as const;

/** A box −bound ≤ x_j ≤ bound on every coordinate, appended as rows ±x_j ≤ bound. */
function withBox(s: LinearSystem, bound: Fraction): LinearSystem {
  const box: LinearConstraint[] = [];
  for (let j = 0; j < s.variables; j++) {
    for (const sign of [1, -1]) {
      box.push({ coefficients: Array.from({ length: s.variables }, (_, k) => F(k === j ? sign : 0)), relation: '<=', rhs: bound });
    }
  }
  return { variables: s.variables, constraints: [...s.constraints, ...box] };
}

function checkInterior(s: LinearSystem, r: ReturnType<typeof interiorPoint>): boolean {
  return r.kind === 'interior' ? pointSatisfies(strictVersion(s), r.point) : motzkinHolds(strictVersion(s), r.multipliers);
}

function checkFeasible(s: LinearSystem, r: ReturnType<typeof feasiblePoint>): boolean {
  return r.kind === 'feasible' ? pointSatisfies(s, r.point) : motzkinHolds(s, r.multipliers);
}

function checkMax(c: Fraction[], s: LinearSystem, r: ReturnType<typeof maximize>): boolean {
  const closed = closedVersion(s);
  if (r.kind === 'optimal') return optimumHolds(c, closed, r.value, r.primal, r.dual);
  if (r.kind === 'unbounded') return rayHolds(c, closed, r.point, r.ray);
  return motzkinHolds(closed, r.multipliers);
}

describe('certified LP: random degenerate systems against the exact simplex', () => {
  it('interiorPoint agrees with the exact-only mode and every answer checks', () => {
    const stats = createLpStats();
    const kinds = new Set<string>();
    let equalitiesOnly = 0; // answered by exact elimination directly: neither float success nor fallback
    fc.assert(
      fc.property(degenerateSystem, (s) => {
        if (s.constraints.every((c) => c.relation === '=')) equalitiesOnly++;
        const r = interiorPoint(s, { stats });
        const e = interiorPoint(s, { ...exactOnly, stats: createLpStats() });
        kinds.add(r.kind);
        return r.kind === e.kind && checkInterior(s, r) && checkInterior(s, e);
      }),
      { numRuns: 400 },
    );
    expect(kinds).toEqual(new Set(['interior', 'empty-interior']));
    expect(stats.certified).toBe(400);
    expect(stats.floatSuccesses + stats.fallbacks).toBe(400 - equalitiesOnly);
  });

  it('feasiblePoint (rows as written, strict and non-strict mixed) agrees and checks', () => {
    const kinds = new Set<string>();
    fc.assert(
      fc.property(degenerateSystem, (s) => {
        const r = feasiblePoint(s, { stats: createLpStats() });
        const e = feasiblePoint(s, exactOnly);
        kinds.add(r.kind);
        const closed = closedVersion(s);
        const rc = feasiblePoint(closed, { stats: createLpStats() });
        const ec = feasiblePoint(closed, exactOnly);
        return r.kind === e.kind && checkFeasible(s, r) && rc.kind === ec.kind && checkFeasible(closed, rc);
      }),
      { numRuns: 400 },
    );
    expect(kinds).toEqual(new Set(['feasible', 'infeasible']));
  });

  it('maximize agrees on kind and value, with and without a box, and checks', () => {
    const kinds = new Set<string>();
    fc.assert(
      fc.property(
        degenerateSystem.chain((s) => fc.tuple(fc.constant(s), objectiveFor(s.variables), fc.boolean())),
        ([raw, c, boxed]) => {
          const s = boxed ? withBox(closedVersion(raw), F(10)) : closedVersion(raw);
          const r = maximize(c, s, { stats: createLpStats() });
          const e = maximize(c, s, exactOnly);
          kinds.add(r.kind);
          if (r.kind !== e.kind || !checkMax(c, s, r)) return false;
          return r.kind !== 'optimal' || (e.kind === 'optimal' && r.value.equals(e.value));
        },
      ),
      { numRuns: 400 },
    );
    expect(kinds).toEqual(new Set(['optimal', 'unbounded', 'infeasible']));
  });
});

describe('certified LP: degenerate hand-built cases', () => {
  it('opposite rows: empty interior, nonempty closure', () => {
    const s = sys(2, [row([1, 1], '<=', 1), row([-1, -1], '<=', -1), row([1, 0], '<=', 3), row([-1, 0], '<=', 3)]);
    const r = interiorPoint(s);
    expect(r.kind).toBe('empty-interior');
    expect(checkInterior(s, r)).toBe(true);
    const f = feasiblePoint(s);
    expect(f.kind).toBe('feasible');
    expect(checkFeasible(s, f)).toBe(true);
  });

  it('equalities stay exact inside an interior point', () => {
    const s = sys(3, [row([1, 1, 1], '=', 1), row([-1, 0, 0], '<=', 0), row([0, -1, 0], '<=', 0), row([0, 0, -1], '<=', 0)]);
    const r = interiorPoint(s);
    expect(r.kind).toBe('interior');
    expect(checkInterior(s, r)).toBe(true);
    const bad = sys(2, [row([1, 1], '=', 1), row([1, 1], '=', 2), row([1, 0], '<=', 1)]);
    const b = interiorPoint(bad);
    expect(b.kind).toBe('empty-interior');
    expect(checkInterior(bad, b)).toBe(true);
    const onlyEq = sys(2, [row([1, 1], '=', 1), row([1, -1], '=', 0)]);
    const o = feasiblePoint(onlyEq);
    expect(o.kind === 'feasible' && o.point.map((v) => v.toFraction())).toEqual(['1/2', '1/2']);
  });

  it('a strict row against a closed infeasible part gets Motzkin multipliers with Σyb < 0', () => {
    const s = sys(1, [row([1], '<', 5), row([1], '<=', 0), row([-1], '<=', -1)]);
    const r = feasiblePoint(s);
    expect(r.kind).toBe('infeasible');
    expect(checkFeasible(s, r)).toBe(true);
  });

  it('rows through a common point: only the apex, so the interior is empty', () => {
    const rows = [];
    for (const [a, b] of [[1, 0], [0, 1], [-1, -1]]) rows.push(row([a as number, b as number], '<=', 0));
    const s = sys(2, rows);
    const r = interiorPoint(s);
    expect(r.kind).toBe('empty-interior');
    expect(checkInterior(s, r)).toBe(true);
    const f = feasiblePoint(s);
    expect(f.kind === 'feasible' && f.point.every((v) => v.equals(0))).toBe(true);
  });

  it('a zero row with a negative right-hand side', () => {
    const s = sys(2, [row([0, 0], '<=', -1), row([1, 0], '<=', 1)]);
    const r = feasiblePoint(s);
    expect(r.kind === 'infeasible' && checkFeasible(s, r)).toBe(true);
  });
});

describe('certified LP: floats that cannot be trusted', () => {
  it('tiny slivers come out exact', () => {
    for (const width of ['1e-12', '1e-20', '1e-40']) {
      const s = sys(1, [row([1], '<=', P(width)), row([-1], '<=', 0)]);
      const r = interiorPoint(s);
      expect(r.kind).toBe('interior');
      expect(checkInterior(s, r)).toBe(true);
      const empty = sys(1, [row([1], '<=', 0), row([-1], '<=', P(`-${width}`))]);
      const e = interiorPoint(empty);
      expect(e.kind).toBe('empty-interior');
      expect(checkInterior(empty, e)).toBe(true);
    }
  });

  it('huge coefficient ratios force the exact fallback, which still answers exactly', () => {
    const stats = createLpStats();
    const s = sys(2, [
      row([P('1e15'), 1], '<=', 1),
      row([P('-1e15'), P('1.000000000001')], '<=', -1),
      row([0, 1], '<=', P('1e6')),
      row([0, -1], '<=', P('1e6')),
    ]);
    const r = interiorPoint(s, { stats });
    const e = interiorPoint(s, exactOnly);
    expect(r.kind).toBe(e.kind);
    expect(checkInterior(s, r)).toBe(true);
    expect(stats.fallbacks).toBe(1);
    expect(stats.exactSolves).toBe(1);
  });

  it('a lying float solver only moves the fallback counter', () => {
    const liar: LpSolver = {
      name: 'liar',
      solve: (p: LpProblem): LpResult => ({
        status: 'optimal',
        value: 0,
        primal: p.objective.map(() => 0.123),
        rowDuals: p.rows.map(() => 0.5),
      }),
    };
    const stats = createLpStats();
    fc.assert(
      fc.property(degenerateSystem.chain((s) => fc.tuple(fc.constant(s), objectiveFor(s.variables))), ([s, c]) => {
        const r = interiorPoint(s, { solver: liar, stats });
        const e = interiorPoint(s, exactOnly);
        const m = maximize(c, withBox(closedVersion(s), F(3)), { solver: liar, stats });
        return r.kind === e.kind && checkInterior(s, r) && checkMax(c, withBox(closedVersion(s), F(3)), m);
      }),
      { numRuns: 100 },
    );
    expect(stats.fallbacks).toBeGreaterThan(150);
    expect(stats.certified).toBe(200);
  });

  it('safe dual bound: a dual that misses a box row is repaired on the box rows', () => {
    // x + y ≥ 3 inside the box [−1, 1]²: empty; glpk's duals are perturbed to drop the box rows.
    const s = withBox(sys(2, [row([-1, -1], '<=', -3)]), F(1));
    const dropBoxDuals: LpSolver = {
      name: 'drop-box',
      solve: (p) => {
        const r = defaultLpSolver().solve(p);
        return { ...r, rowDuals: r.rowDuals.map((y, i) => (i === 0 ? y : 0)) };
      },
    };
    const stats: LpStats = createLpStats();
    const r = interiorPoint(s, { solver: dropBoxDuals, stats });
    expect(r.kind).toBe('empty-interior');
    expect(checkInterior(s, r)).toBe(true);
    expect(stats.floatSuccesses).toBe(1);
    expect(stats.fallbacks).toBe(0);
  });
});
