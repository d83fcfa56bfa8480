/**
 * Fourier–Motzkin on known answers, and against an independent brute-force decision procedure on
 * random tiny systems (1–2 variables).
 */
import Fraction from 'fraction.js';
import { describe, expect, it } from 'vitest';
import { parseRational } from '../../src/exact/rational.js';
import { fourierMotzkin, projectOut, satisfies } from '../../src/polyhedra/fourierMotzkin.js';
import type { LinearConstraint, LinearSystem, Relation } from '../../src/polyhedra/system.js';

const R = (v: string | number): Fraction => (typeof v === 'number' ? new Fraction(BigInt(v), 1n) : parseRational(v));

function sys(variables: number, rows: [number[] | string[], Relation, number | string][]): LinearSystem {
  return {
    variables,
    constraints: rows.map(([a, relation, b]) => ({ coefficients: (a as (number | string)[]).map(R), relation, rhs: R(b) })),
  };
}

/** Independent check of Motzkin multipliers with fraction.js arithmetic. */
function refutes(system: LinearSystem, y: readonly Fraction[]): boolean {
  if (y.length !== system.constraints.length) return false;
  const combo = Array.from({ length: system.variables }, () => new Fraction(0n));
  let rhs = new Fraction(0n);
  let strictUsed = false;
  for (let i = 0; i < y.length; i++) {
    const c = system.constraints[i] as LinearConstraint;
    const yi = y[i] as Fraction;
    if (c.relation !== '=' && yi.compare(0) < 0) return false;
    if (c.relation === '<' && yi.compare(0) > 0) strictUsed = true;
    c.coefficients.forEach((v, j) => {
      combo[j] = (combo[j] as Fraction).add(v.mul(yi));
    });
    rhs = rhs.add(c.rhs.mul(yi));
  }
  if (combo.some((v) => v.n !== 0n)) return false;
  return rhs.compare(0) < 0 || (rhs.n === 0n && strictUsed);
}

function decideAndVerify(system: LinearSystem): boolean {
  const r = fourierMotzkin(system);
  if (r.feasible) {
    expect(satisfies(system, r.point)).toBe(true);
    return true;
  }
  expect(refutes(system, r.multipliers)).toBe(true);
  return false;
}

describe('Fourier–Motzkin on known answers', () => {
  it('the closed triangle x, y ≥ 0, x + y ≤ 1 is feasible and has interior', () => {
    expect(decideAndVerify(sys(2, [[[-1, 0], '<=', 0], [[0, -1], '<=', 0], [[1, 1], '<=', 1]]))).toBe(true);
    expect(decideAndVerify(sys(2, [[[-1, 0], '<', 0], [[0, -1], '<', 0], [[1, 1], '<', 1]]))).toBe(true);
  });

  it('the segment x + y = 1, x, y ≥ 0 is feasible but its strict version is empty', () => {
    const rows: [number[], Relation, number][] = [[[1, 1], '<=', 1], [[-1, -1], '<=', -1], [[-1, 0], '<=', 0], [[0, -1], '<=', 0]];
    expect(decideAndVerify(sys(2, rows))).toBe(true);
    const strict = sys(2, rows.map(([a, , b]) => [a, '<', b]));
    const r = fourierMotzkin(strict);
    expect(r.feasible).toBe(false);
    if (!r.feasible) {
      expect(r.rhsSum.n).toBe(0n);
      expect(r.strictSum.compare(0)).toBeGreaterThan(0);
    }
  });

  it('x ≤ 0 and x ≥ 1 are refuted by y = (1, 1)', () => {
    const r = fourierMotzkin(sys(1, [[[1], '<=', 0], [[-1], '<=', -1]]));
    expect(r.feasible).toBe(false);
    if (!r.feasible) expect(r.multipliers.map(String)).toEqual(['1', '1']);
  });

  it('an unbounded system gets a point', () => {
    expect(decideAndVerify(sys(2, [[[1, -1], '<=', 0]]))).toBe(true);
    expect(decideAndVerify(sys(3, [[[1, 1, 1], '<', -5], [[0, 0, -1], '<', 7]]))).toBe(true);
  });

  it('equalities: x + y = 2, x − y = 0 gives (1, 1); adding x = 3 is refuted', () => {
    const r = fourierMotzkin(sys(2, [[[1, 1], '=', 2], [[1, -1], '=', 0]]));
    expect(r.feasible && r.point.map(String)).toEqual(['1', '1']);
    expect(decideAndVerify(sys(2, [[[1, 1], '=', 2], [[1, -1], '=', 0], [[1, 0], '=', 3]]))).toBe(false);
  });

  it('zero rows: 0 ≤ 0 constrains nothing, 0 < 0 and 0 ≤ −1 are contradictions', () => {
    expect(decideAndVerify(sys(1, [[[0], '<=', 0]]))).toBe(true);
    expect(decideAndVerify(sys(1, [[[1], '<=', 2], [[0], '<', 0]]))).toBe(false);
    expect(decideAndVerify(sys(1, [[[0], '<=', -1]]))).toBe(false);
  });

  it('a variable in no row is 0; strict intervals get a point strictly inside', () => {
    const r = fourierMotzkin(sys(3, [[[1, 0, 0], '<', '1/3'], [[-1, 0, 0], '<', '-1/4']]));
    expect(r.feasible).toBe(true);
    if (r.feasible) {
      expect(r.point[1]?.n).toBe(0n);
      expect(r.point[2]?.n).toBe(0n);
      expect(r.point[0]?.toFraction()).toBe('7/24');
    }
  });

  it('a 3-variable Farkas cycle x − y ≥ 1, y − z ≥ 1, z − x ≥ 1 is infeasible (sum: 0 ≥ 3)', () => {
    const r = fourierMotzkin(sys(3, [[[-1, 1, 0], '<=', -1], [[0, -1, 1], '<=', -1], [[1, 0, -1], '<=', -1]]));
    expect(r.feasible).toBe(false);
    if (!r.feasible) {
      expect(r.multipliers.map(String)).toEqual(['1', '1', '1']);
      expect(String(r.rhsSum)).toBe('-3');
    }
  });

  it('projectOut reads an LP bound: max x + 2y on x, y ≥ 0, x + y ≤ 4, x + 3y ≤ 6 is 5', () => {
    const s = sys(3, [[[-1, 0, 0], '<=', 0], [[0, -1, 0], '<=', 0], [[1, 1, 0], '<=', 4], [[1, 3, 0], '<=', 6], [[-1, -2, 1], '=', 0]]);
    const p = projectOut(s, [0, 1]);
    expect(p.infeasible).toBe(false);
    if (!p.infeasible) {
      const uppers = p.rows.filter((r) => (r.coefficients[2] as Fraction).compare(0) > 0).map((r) => r.rhs.div(r.coefficients[2] as Fraction));
      const min = uppers.reduce((a, b) => (a.compare(b) <= 0 ? a : b));
      expect(String(min)).toBe('5');
      expect(p.rows.every((r) => r.coefficients[0]?.n === 0n && r.coefficients[1]?.n === 0n)).toBe(true);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Brute force for n ≤ 2: P̄ = closure (strict rows relaxed), B = [−M, M]^n. With coefficients
// in [−2, 2] and right-hand sides in [−3, 3], a nonempty P̄ has a point with |x_j| ≤ 12 (a minimal
// face solves at most 2 equations: Cramer), so P̄ ≠ ∅ iff the polytope P̄ ∩ B has a vertex, and
// the centroid of its vertices lies in relint(P̄). If the system S is feasible, relint(P̄) ⊆ S
// (a strict row tight at a relative-interior point is tight on all of P̄). So S is feasible iff
// that centroid satisfies S.

function bruteForce(system: LinearSystem): boolean {
  const n = system.variables;
  const M = new Fraction(100n);
  const closed: { a: Fraction[]; b: Fraction }[] = [];
  for (const c of system.constraints) {
    closed.push({ a: [...c.coefficients], b: c.rhs });
    if (c.relation === '=') closed.push({ a: c.coefficients.map((v) => v.neg()), b: c.rhs.neg() });
  }
  for (let j = 0; j < n; j++) {
    const e = (s: bigint): Fraction[] => Array.from({ length: n }, (_, t) => new Fraction(t === j ? s : 0n));
    closed.push({ a: e(1n), b: M }, { a: e(-1n), b: M });
  }
  const inClosed = (x: Fraction[]): boolean =>
    closed.every(({ a, b }) => a.reduce((acc, v, j) => acc.add(v.mul(x[j] as Fraction)), new Fraction(0n)).compare(b) <= 0);
  const vertices: Fraction[][] = [];
  if (n === 1) {
    for (const { a, b } of closed) if ((a[0] as Fraction).n !== 0n) vertices.push([b.div(a[0] as Fraction)]);
  } else {
    for (let p = 0; p < closed.length; p++) {
      for (let q = p + 1; q < closed.length; q++) {
        const [a1, a2] = (closed[p] as { a: Fraction[] }).a as [Fraction, Fraction];
        const [b1, b2] = (closed[q] as { a: Fraction[] }).a as [Fraction, Fraction];
        const det = a1.mul(b2).sub(a2.mul(b1));
        if (det.n === 0n) continue;
        const r1 = (closed[p] as { b: Fraction }).b;
        const r2 = (closed[q] as { b: Fraction }).b;
        vertices.push([r1.mul(b2).sub(a2.mul(r2)).div(det), a1.mul(r2).sub(r1.mul(b1)).div(det)]);
      }
    }
  }
  const kept = vertices.filter(inClosed);
  if (kept.length === 0) return false;
  const centroid = Array.from({ length: n }, (_, j) => kept.reduce((acc, v) => acc.add(v[j] as Fraction), new Fraction(0n)).div(BigInt(kept.length)));
  return satisfies(system, centroid);
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

describe('Fourier–Motzkin agrees with brute force on random tiny systems', () => {
  it('800 systems in 1–2 variables with strict, non-strict and equality rows', () => {
    const next = mulberry32(2024);
    const int = (lo: number, hi: number): number => lo + (next() % (hi - lo + 1));
    let feasible = 0;
    for (let t = 0; t < 800; t++) {
      const n = int(1, 2);
      const rows: LinearConstraint[] = Array.from({ length: int(1, 5) }, () => {
        const k = int(0, 9);
        const relation: Relation = k < 5 ? '<=' : k < 9 ? '<' : '=';
        return { coefficients: Array.from({ length: n }, () => new Fraction(BigInt(int(-2, 2)))), relation, rhs: new Fraction(BigInt(int(-3, 3))) };
      });
      const system = { variables: n, constraints: rows };
      const expected = bruteForce(system);
      expect(decideAndVerify(system), JSON.stringify(rows.map((r) => [r.coefficients.map(String), r.relation, String(r.rhs)]))).toBe(expected);
      if (expected) feasible++;
    }
    // Both answers must be well represented, or the comparison says little.
    expect(feasible).toBeGreaterThan(150);
    expect(feasible).toBeLessThan(650);
  });
});
