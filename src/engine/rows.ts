/** Integer rows as the LP layer's linear systems. */
import Fraction from 'fraction.js';
import type { IntegerRow } from '../exact/integerRow.js';
import type { LinearConstraint, LinearSystem } from '../polyhedra/system.js';

/** The closed system a·x ≤ b of the rows, in n variables. */
export function rowsToSystem(rows: readonly IntegerRow[], n: number): LinearSystem {
  return {
    variables: n,
    constraints: rows.map((r): LinearConstraint => ({ coefficients: r.a.map((v) => new Fraction(v)), relation: '<=', rhs: new Fraction(r.b) })),
  };
}
