/**
 * The shared canonical form of multipliers (src/certificates/multipliers.ts): known small cases
 * worked by hand, and on seeded random systems with repeated, scaled and zero rows the
 * properties the checker relies on — the combination Σ yᵢ (aᵢ, bᵢ) is unchanged, signs are kept,
 * no weight is left on 0 ≤ 0 / 0 = 0 or on a later positive multiple of a row — checked with an
 * independent normal form of rows (divide by the first nonzero entry's absolute value).
 */
import Fraction from 'fraction.js';
import { describe, expect, it } from 'vitest';
import { canonicalIntegerMultipliers, canonicalMultipliers, rhsSum, strictSum } from '../../src/certificates/multipliers.js';
import type { LinearConstraint, LinearSystem, Relation } from '../../src/polyhedra/system.js';
import { F, draw } from './sweepHelpers.js';

const row = (a: readonly number[], relation: Relation, b: number): LinearConstraint => ({ coefficients: a.map((v) => F(v)), relation, rhs: F(b) });
const texts = (ys: readonly Fraction[]): string[] => ys.map((y) => y.toFraction());

describe('canonical multipliers: known cases', () => {
  it('moves the weight of a repeated row and of a positive multiple to the first copy, rescaled', () => {
    // x ≤ 1, 2x ≤ 2 (= 2 · row 0), x ≤ 1 (= row 0): 1·(2x ≤ 2) + 3·(x ≤ 1) = 5·(x ≤ 1).
    const system: LinearSystem = { variables: 1, constraints: [row([1], '<=', 1), row([2], '<=', 2), row([1], '<=', 1)] };
    expect(texts(canonicalMultipliers(system, [F(0), F(1), F(3)]))).toEqual(['5', '0', '0']);
  });

  it('keeps rows of other relations, negative multiples and other right-hand sides apart', () => {
    const system: LinearSystem = {
      variables: 1,
      constraints: [row([1], '<=', 1), row([1], '<', 1), row([-1], '<=', -1), row([1], '<=', 2), row([1], '=', 1), row([2], '=', 2)],
    };
    // Only the equality 2x = 2 is a positive multiple of an earlier row (x = 1), as −1 · 2 = −2 on it.
    expect(texts(canonicalMultipliers(system, [F(1), F(1), F(1), F(1), F(1), F(-1)]))).toEqual(['1', '1', '1', '1', '-1', '0']);
  });

  it('drops weight on 0 ≤ 0 and 0 = 0 but keeps it on 0 < 0 and 0 ≤ −1 (they refute on their own)', () => {
    const system: LinearSystem = { variables: 2, constraints: [row([0, 0], '<=', 0), row([0, 0], '=', 0), row([0, 0], '<', 0), row([0, 0], '<=', -1)] };
    expect(texts(canonicalMultipliers(system, [F(2), F(-1), F(1), F(1)]))).toEqual(['0', '0', '1', '1']);
  });

  it('a strict row merged onto an earlier strict row changes the strict sum by the factor, never its sign', () => {
    // x < 1 and 2x < 2: y = (0, 1) becomes (2, 0); Σ y b stays 2, the strict sum goes 1 → 2.
    const system: LinearSystem = { variables: 1, constraints: [row([1], '<', 1), row([2], '<', 2)] };
    const y = canonicalMultipliers(system, [F(0), F(1)]);
    expect(texts(y)).toEqual(['2', '0']);
    expect(rhsSum(system, y).toFraction()).toBe('2');
    expect(strictSum(system, y).toFraction()).toBe('2');
  });

  it('integer rows (the region engine): sparse, increasing, nothing vacuous under the strict reading', () => {
    const rows = [{ a: [1n, 0n], b: 1n }, { a: [0n, 0n], b: 0n }, { a: [3n, 0n], b: 3n }, { a: [0n, 1n], b: 0n }];
    expect(canonicalIntegerMultipliers(rows, [F(0), F(1), F(1), F(2)])).toEqual({ rows: [0, 1, 3], values: [F(3), F(1), F(2)] });
  });
});

/** The independent normal form: the row divided by the absolute value of its first nonzero entry. */
function normalForm(c: LinearConstraint): string {
  const entries = [...c.coefficients, c.rhs];
  const pivot = entries.find((v) => v.n !== 0n);
  if (pivot === undefined) return `${c.relation}|zero`;
  return `${c.relation}|${entries.map((v) => v.div(pivot.abs()).toFraction()).join(',')}`;
}

describe('canonical multipliers: random systems with repeated, scaled and zero rows', () => {
  it('keep Σ yᵢ (aᵢ, bᵢ) and the signs, weight only first positive multiples, and are idempotent', () => {
    let merged = 0;
    for (let seed = 1; seed <= 300; seed++) {
      const d = draw(20_000 + seed);
      const n = d.int(1, 3);
      const relations: Relation[] = ['<=', '<', '='];
      const rows: LinearConstraint[] = Array.from({ length: d.int(1, 4) }, () => row(Array.from({ length: n }, () => d.int(-2, 2)), d.pick(relations), d.int(-2, 2)));
      for (let t = d.int(1, 5); t > 0; t--) {
        const s = d.pick(rows);
        const f = d.pick([F(1), F(2), F(1, 2), F(3, 2)]);
        rows.splice(d.int(0, rows.length), 0, d.chance(0.2) ? row(Array.from({ length: n }, () => 0), d.pick(relations), d.int(0, 1)) : { coefficients: s.coefficients.map((v) => v.mul(f)), relation: s.relation, rhs: s.rhs.mul(f) });
      }
      const system: LinearSystem = { variables: n, constraints: rows };
      const sign = d.chance(0.5) ? 1 : -1;
      const y = rows.map((c) => (d.chance(0.3) ? F(0) : c.relation === '=' ? F(d.int(-3, 3), d.int(1, 2)) : F(sign * d.int(1, 3), d.int(1, 2))));
      const out = canonicalMultipliers(system, y);
      // Σ yᵢ (aᵢ, bᵢ) is unchanged.
      for (let j = 0; j <= n; j++) {
        const entry = (c: LinearConstraint): Fraction => (j < n ? (c.coefficients[j] as Fraction) : c.rhs);
        const before = y.reduce((acc, v, i) => acc.add(v.mul(entry(rows[i] as LinearConstraint))), F(0));
        const after = out.reduce((acc, v, i) => acc.add(v.mul(entry(rows[i] as LinearConstraint))), F(0));
        expect(after.equals(before)).toBe(true);
      }
      const firstOf = new Map<string, number>();
      rows.forEach((c, i) => {
        const key = normalForm(c);
        if (!firstOf.has(key)) firstOf.set(key, i);
        const v = out[i] as Fraction;
        if (v.n === 0n) return;
        // Weight only on a first positive multiple, never on 0 ≤ 0 or 0 = 0, with the inequality sign kept.
        expect(firstOf.get(key)).toBe(i);
        expect(c.coefficients.every((a) => a.n === 0n) && c.rhs.n === 0n && c.relation !== '<').toBe(false);
        if (c.relation !== '=') expect(v.compare(0) * sign).toBeGreaterThan(0);
      });
      if (out.some((v, i) => !v.equals(y[i] as Fraction))) merged++;
      expect(texts(canonicalMultipliers(system, out))).toEqual(texts(out));
    }
    // Most draws had something to move.
    expect(merged).toBeGreaterThan(100);
  });
});
