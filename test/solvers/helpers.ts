/**
 * Test-side exact checks, written independently of solvers/verify.ts (plain fraction.js
 * arithmetic, no integer scaling, no caches), and generators of small degenerate systems.
 */
import fc from 'fast-check';
import Fraction from 'fraction.js';
import type { LinearConstraint, LinearSystem, Relation } from '../../src/polyhedra/system.js';

export const F = (p: number | bigint, q: number | bigint = 1): Fraction => new Fraction(BigInt(p), BigInt(q));
export const ZERO = F(0);

/** Parses "3/4" etc. (test convenience; integers and p/q only). */
export function q(text: string): Fraction {
  const [p, d] = text.split('/');
  return F(BigInt(p as string), BigInt(d ?? '1'));
}

export function row(coefficients: (number | string | Fraction)[], relation: Relation, rhs: number | string | Fraction): LinearConstraint {
  const conv = (v: number | string | Fraction): Fraction => (v instanceof Fraction ? v : typeof v === 'number' ? F(v) : q(v));
  return { coefficients: coefficients.map(conv), relation, rhs: conv(rhs) };
}

export function sys(variables: number, constraints: LinearConstraint[]): LinearSystem {
  return { variables, constraints };
}

function dot(a: readonly Fraction[], x: readonly Fraction[]): Fraction {
  let s = ZERO;
  a.forEach((v, j) => {
    s = s.add(v.mul(x[j] as Fraction));
  });
  return s;
}

/** Every row as written (strict strictly) — or closed when `closed`. */
export function pointSatisfies(system: LinearSystem, x: readonly Fraction[], closed = false): boolean {
  if (x.length !== system.variables) return false;
  return system.constraints.every((c) => {
    const cmp = dot(c.coefficients, x).compare(c.rhs);
    if (c.relation === '=') return cmp === 0;
    if (c.relation === '<' && !closed) return cmp < 0;
    return cmp <= 0;
  });
}

/** Motzkin: y ≥ 0 on inequalities, Σ y a = 0, Σ y b < 0 or (= 0 and a strict row positive). */
export function motzkinHolds(system: LinearSystem, y: readonly Fraction[]): boolean {
  if (y.length !== system.constraints.length) return false;
  const n = system.variables;
  const sum = new Array<Fraction>(n).fill(ZERO);
  let b = ZERO;
  let strictPositive = false;
  for (let i = 0; i < y.length; i++) {
    const c = system.constraints[i] as LinearConstraint;
    const yi = y[i] as Fraction;
    if (c.relation !== '=' && yi.compare(0) < 0) return false;
    if (c.relation === '<' && yi.compare(0) > 0) strictPositive = true;
    c.coefficients.forEach((a, j) => {
      sum[j] = (sum[j] as Fraction).add(yi.mul(a));
    });
    b = b.add(yi.mul(c.rhs));
  }
  if (!sum.every((s) => s.equals(0))) return false;
  return b.compare(0) < 0 || (b.equals(0) && strictPositive);
}

export function optimumHolds(c: readonly Fraction[], system: LinearSystem, value: Fraction, x: readonly Fraction[], y: readonly Fraction[]): boolean {
  if (!pointSatisfies(system, x, true)) return false;
  if (!dot(c, x).equals(value)) return false;
  const n = system.variables;
  const sum = new Array<Fraction>(n).fill(ZERO);
  let b = ZERO;
  for (let i = 0; i < y.length; i++) {
    const row = system.constraints[i] as LinearConstraint;
    const yi = y[i] as Fraction;
    if (row.relation !== '=' && yi.compare(0) < 0) return false;
    row.coefficients.forEach((a, j) => {
      sum[j] = (sum[j] as Fraction).add(yi.mul(a));
    });
    b = b.add(yi.mul(row.rhs));
  }
  return sum.every((s, j) => s.equals(c[j] as Fraction)) && b.equals(value);
}

export function rayHolds(c: readonly Fraction[], system: LinearSystem, x: readonly Fraction[], d: readonly Fraction[]): boolean {
  if (!pointSatisfies(system, x, true)) return false;
  for (const row of system.constraints) {
    const v = dot(row.coefficients, d);
    if (row.relation === '=' ? !v.equals(0) : v.compare(0) > 0) return false;
  }
  return dot(c, d).compare(0) > 0;
}

/** A rational with small numerator/denominator. */
export const smallRational = fc
  .tuple(fc.integer({ min: -6, max: 6 }), fc.integer({ min: 1, max: 4 }))
  .map(([p, d]) => F(p, d));

const integerCoefficient = fc.integer({ min: -5, max: 5 }).map((v) => F(v));

/**
 * Random small systems with deliberate degeneracy: duplicated rows, opposite pairs a·x ≤ b,
 * −a·x ≤ −b, rows through a common point, zero rows, a few equalities and strict rows.
 */
export const degenerateSystem = fc
  .record({
    n: fc.integer({ min: 2, max: 5 }),
    seedRows: fc.integer({ min: 3, max: 18 }),
    rational: fc.boolean(),
    anchor: fc.array(smallRational, { minLength: 5, maxLength: 5 }),
    coefficients: fc.array(fc.array(fc.oneof(integerCoefficient, smallRational), { minLength: 5, maxLength: 5 }), {
      minLength: 30,
      maxLength: 30,
    }),
    rhs: fc.array(fc.oneof(integerCoefficient, smallRational), { minLength: 30, maxLength: 30 }),
    kinds: fc.array(fc.constantFrom('plain', 'plain', 'plain', 'through', 'duplicate', 'opposite', 'equality', 'strict', 'zero'), {
      minLength: 30,
      maxLength: 30,
    }),
  })
  .map(({ n, seedRows, rational, anchor, coefficients, rhs, kinds }) => {
    const rows: LinearConstraint[] = [];
    const anchorPoint = anchor.slice(0, n);
    for (let k = 0; k < seedRows && rows.length < 30; k++) {
      const a = (coefficients[k] as Fraction[]).slice(0, n).map((v) => (rational ? v : F(Math.round(v.valueOf()))));
      const b = rhs[k] as Fraction;
      const kind = kinds[k];
      if (kind === 'zero') {
        rows.push({ coefficients: a.map(() => ZERO), relation: '<=', rhs: b });
      } else if (kind === 'through') {
        rows.push({ coefficients: a, relation: '<=', rhs: dot(a, anchorPoint) });
      } else if (kind === 'duplicate' && rows.length > 0) {
        rows.push(rows[k % rows.length] as LinearConstraint);
        rows.push({ ...(rows[k % rows.length] as LinearConstraint) });
      } else if (kind === 'opposite') {
        rows.push({ coefficients: a, relation: '<=', rhs: b });
        if (rows.length < 30) rows.push({ coefficients: a.map((v) => v.neg()), relation: '<=', rhs: b.neg() });
      } else if (kind === 'equality') {
        rows.push({ coefficients: a, relation: '=', rhs: dot(a, anchorPoint) });
      } else if (kind === 'strict') {
        rows.push({ coefficients: a, relation: '<', rhs: b });
      } else {
        rows.push({ coefficients: a, relation: '<=', rhs: b });
      }
    }
    return { variables: n, constraints: rows.slice(0, 30) } as LinearSystem;
  });

export const objectiveFor = (n: number) => fc.array(fc.oneof(integerCoefficient, smallRational), { minLength: n, maxLength: n });
