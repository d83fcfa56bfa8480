/**
 * LPs solved by elimination (src/polyhedra/lpByElimination.ts) on cases with answers by hand:
 * the optimum, a dual that certifies it (Σ yᵢ aᵢ = c, Σ yᵢ bᵢ = value, signs), infeasible and
 * unbounded systems.
 */
import Fraction from 'fraction.js';
import { describe, expect, it } from 'vitest';
import { attainingPoint, lpByElimination } from '../../src/polyhedra/lpByElimination.js';
import type { LinearSystem } from '../../src/polyhedra/system.js';

const F = (n: number, d = 1): Fraction => new Fraction(BigInt(n), BigInt(d));
const le = (coefficients: number[], rhs: number) => ({ coefficients: coefficients.map((v) => F(v)), relation: '<=' as const, rhs: F(rhs) });

// x ≤ 1, y ≤ 2, x ≥ 0, y ≥ 0: the box [0, 1] × [0, 2].
const box: LinearSystem = { variables: 2, constraints: [le([1, 0], 1), le([0, 1], 2), le([-1, 0], 0), le([0, -1], 0)] };

function combined(system: LinearSystem, dual: readonly Fraction[]): { row: Fraction[]; rhs: Fraction } {
  const row = Array.from({ length: system.variables }, () => F(0));
  let rhs = F(0);
  system.constraints.forEach((c, i) => {
    const y = dual[i] as Fraction;
    c.coefficients.forEach((a, j) => (row[j] = (row[j] as Fraction).add(a.mul(y))));
    rhs = rhs.add(c.rhs.mul(y));
  });
  return { row, rhs };
}

describe('lpByElimination', () => {
  it('max x + 2y over the box is 5, certified by its dual', () => {
    const r = lpByElimination(box, [F(1), F(2)], 'max');
    expect(r.status).toBe('optimal');
    if (r.status !== 'optimal') return;
    expect(r.value.equals(5)).toBe(true);
    const { row, rhs } = combined(box, r.dual);
    expect(row.map((v) => v.toFraction())).toEqual(['1', '2']);
    expect(rhs.equals(5)).toBe(true);
    expect(r.dual.every((y) => y.s >= 0n || y.n === 0n)).toBe(true);
    expect(attainingPoint(box, [F(1), F(2)], r.value).map((v) => v.toFraction())).toEqual(['1', '2']);
  });

  it('min x − y over the box is −2, with a nonpositive dual', () => {
    const r = lpByElimination(box, [F(1), F(-1)], 'min');
    expect(r.status).toBe('optimal');
    if (r.status !== 'optimal') return;
    expect(r.value.equals(-2)).toBe(true);
    const { row, rhs } = combined(box, r.dual);
    expect(row.map((v) => v.toFraction())).toEqual(['1', '-1']);
    expect(rhs.equals(-2)).toBe(true);
    expect(r.dual.every((y) => y.s < 0n || y.n === 0n)).toBe(true);
  });

  it('x ≥ 0 alone: max x is unbounded, min x is 0', () => {
    const ray: LinearSystem = { variables: 1, constraints: [le([-1], 0)] };
    expect(lpByElimination(ray, [F(1)], 'max').status).toBe('unbounded');
    const min = lpByElimination(ray, [F(1)], 'min');
    expect(min.status === 'optimal' && min.value.equals(0)).toBe(true);
  });

  it('x ≤ 0 and x ≥ 1 is infeasible, whatever the objective', () => {
    const empty: LinearSystem = { variables: 1, constraints: [le([1], 0), le([-1], -1)] };
    expect(lpByElimination(empty, [F(1)], 'max').status).toBe('infeasible');
    expect(lpByElimination(empty, [F(0)], 'min').status).toBe('infeasible');
  });
});
