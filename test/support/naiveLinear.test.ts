/**
 * The naive linear-inequality oracle of test/support against answers known by hand (Farkas
 * cycles, open and closed triangles, LPs solved at their vertices).
 */
import Fraction from 'fraction.js';
import { describe, expect, it } from 'vitest';
import { type Inequality, naiveFeasible, naiveLp, systemRows } from './naiveLinear.js';

const F = (v: number | string): Fraction => (typeof v === 'number' ? new Fraction(BigInt(v)) : new Fraction(v));
const lt = (a: number[], b: number | string): Inequality => ({ a: a.map(F), b: F(b), strict: true });
const le = (a: number[], b: number | string): Inequality => ({ a: a.map(F), b: F(b), strict: false });
const lp = (r: ReturnType<typeof naiveLp>): string => (r.status === 'optimal' ? r.value.toFraction() : r.status);

describe('naiveFeasible (Fourier–Motzkin)', () => {
  it('decides small systems with strict and non-strict rows', () => {
    expect(naiveFeasible([lt([1], 0), lt([-1], 0)], 1)).toBe(false); // x < 0 and x > 0
    expect(naiveFeasible([le([1], 0), le([-1], 0)], 1)).toBe(true); // x = 0
    expect(naiveFeasible([lt([1], 0), le([-1], 0)], 1)).toBe(false); // x < 0 and x ≥ 0
    expect(naiveFeasible([lt([-1, 0], 0), lt([0, -1], 0), lt([1, 1], 1)], 2)).toBe(true); // open triangle
    expect(naiveFeasible([lt([-1, 0], 0), lt([0, -1], 0), lt([1, 1], 0)], 2)).toBe(false);
    // x − y ≥ 1, y − z ≥ 1, z − x ≥ 1: the rows add up to 0 ≥ 3.
    expect(naiveFeasible([le([-1, 1, 0], -1), le([0, -1, 1], -1), le([1, 0, -1], -1)], 3)).toBe(false);
    expect(naiveFeasible([le([0, 0], -1)], 2)).toBe(false);
    expect(naiveFeasible([lt([0, 0], 0)], 2)).toBe(false);
    expect(naiveFeasible([le([0, 0], 0)], 2)).toBe(true);
    // Parallel rows at other scales: 2x < 2 and −3x < −3 (x > 1).
    expect(naiveFeasible([lt([2], 2), lt([-3], -3)], 1)).toBe(false);
    expect(naiveFeasible([le([2], 2), le([-3], -3)], 1)).toBe(true);
  });

  it('reads systems as certificates write them: equalities as two rows, interiors strict', () => {
    const segment = { variables: 2, constraints: [{ coefficients: ['1', '1'], relation: '=', rhs: '1' }, { coefficients: ['-1', '0'], relation: '<=', rhs: '0' }, { coefficients: ['0', '-1'], relation: '<=', rhs: '0' }] };
    expect(naiveFeasible(systemRows(segment), 2)).toBe(true);
    expect(naiveFeasible(systemRows(segment, true), 2)).toBe(false);
    const square = { variables: 1, constraints: [{ coefficients: ['1'], relation: '<=', rhs: '1' }, { coefficients: ['-1'], relation: '<=', rhs: '-1' }] };
    expect(naiveFeasible(systemRows(square), 1)).toBe(true);
    expect(naiveFeasible(systemRows(square, true), 1)).toBe(false);
  });
});

describe('naiveLp', () => {
  it('max x + 2y over x, y ≥ 0, x + y ≤ 4, x + 3y ≤ 6 is 5 (vertex (3, 1)); min is 0', () => {
    const rows = [le([-1, 0], 0), le([0, -1], 0), le([1, 1], 4), le([1, 3], 6)];
    expect(lp(naiveLp(rows, 2, [F(1), F(2)], 'max'))).toBe('5');
    expect(lp(naiveLp(rows, 2, [F(1), F(2)], 'min'))).toBe('0');
  });

  it('min x + y over x + 2y ≥ 2, 3x + y ≥ 3 is 7/5 (vertex (4/5, 3/5)); the max is unbounded', () => {
    const rows = [le([-1, -2], -2), le([-3, -1], -3)];
    expect(lp(naiveLp(rows, 2, [F(1), F(1)], 'min'))).toBe('7/5');
    expect(lp(naiveLp(rows, 2, [F(1), F(1)], 'max'))).toBe('unbounded');
  });

  it('an empty system is infeasible; a zero objective has optimum 0', () => {
    expect(lp(naiveLp([le([1], 0), le([-1], -1)], 1, [F(1)], 'max'))).toBe('infeasible');
    expect(lp(naiveLp([le([1], 3)], 1, [F(0)], 'max'))).toBe('0');
    expect(() => naiveLp([lt([1], 3)], 1, [F(1)], 'max')).toThrow(/closed/);
  });
});
