/**
 * Domain rows in the two forms the injectivity decisions need: integer rows a·x ≤ b (for ratio
 * tests; an equality becomes two rows) and the rational rows of the certificate systems, in the
 * order and scaling the checker rebuilds them (box: −x_j ≤ −lo_j for every j, then x_j ≤ hi_j;
 * polytope: its rows as written, equalities kept).
 */
import type Fraction from 'fraction.js';
import { lcmBig } from '../../exact/integer.js';
import { denominator, numerator } from '../../exact/rational.js';
import type { LinearConstraint } from '../../polyhedra/system.js';

/** An integer row a·x ≤ b. */
export interface IntegerHalfSpace {
  readonly a: readonly bigint[];
  readonly b: bigint;
}

/** Closed rational rows as integer half-spaces (each scaled by its denominators' lcm; `=` gives two rows). */
export function integerDomainRows(rows: readonly LinearConstraint[]): IntegerHalfSpace[] {
  const out: IntegerHalfSpace[] = [];
  for (const row of rows) {
    let den = denominator(row.rhs);
    for (const v of row.coefficients) den = lcmBig(den, denominator(v));
    const a = row.coefficients.map((v: Fraction) => numerator(v) * (den / denominator(v)));
    const b = numerator(row.rhs) * (den / denominator(row.rhs));
    out.push({ a, b });
    if (row.relation === '=') out.push({ a: a.map((v) => -v), b: -b });
  }
  return out;
}

/** How many integer rows {@link integerDomainRows} makes of these rows (the engine's region rows start with them). */
export function integerDomainRowCount(rows: readonly LinearConstraint[]): number {
  return rows.reduce((s, r) => s + (r.relation === '=' ? 2 : 1), 0);
}
