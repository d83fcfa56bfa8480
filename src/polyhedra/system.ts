/**
 * Systems of linear constraints over Q: the common language of polyhedra, LPs and their
 * certificates. A row reads `coefficients · x  relation  rhs`.
 *
 * Strictness matters (ReLU(0) = 0 lies on both sides of a neuron's hyperplane): "P has a nonempty
 * interior" is the feasibility of the system with every inequality made strict.
 */
import type Fraction from 'fraction.js';

/** How a row relates its left side to its right side. `>=`/`>` are written as negated `<=`/`<`. */
export type Relation = '<=' | '<' | '=';

/** One row `coefficients · x  relation  rhs` (coefficients has one entry per variable). */
export interface LinearConstraint {
  readonly coefficients: readonly Fraction[];
  readonly relation: Relation;
  readonly rhs: Fraction;
}

/** A system of linear constraints in `variables` unknowns. */
export interface LinearSystem {
  readonly variables: number;
  readonly constraints: readonly LinearConstraint[];
}

/** The same system with every inequality made strict: its feasibility is "nonempty interior" for a system without equalities. */
export function strictVersion(system: LinearSystem): LinearSystem {
  return {
    variables: system.variables,
    constraints: system.constraints.map((c) => (c.relation === '<=' ? { ...c, relation: '<' } : c)),
  };
}

/** The same system with every strict inequality relaxed: the closure of its solution set (when nonempty). */
export function closedVersion(system: LinearSystem): LinearSystem {
  return {
    variables: system.variables,
    constraints: system.constraints.map((c) => (c.relation === '<' ? { ...c, relation: '<=' } : c)),
  };
}
