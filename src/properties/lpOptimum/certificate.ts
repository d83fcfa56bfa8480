/**
 * `lp-optimum` certificates. The LP layer proposes a primal point and dual multipliers and
 * assembles them with {@link lpCertificateFromSolution} / {@link lpBoundCertificate}; for small
 * systems {@link lpOptimumCertificate} has the LP solved by Fourier–Motzkin elimination
 * (src/polyhedra/lpByElimination.ts) and encodes the result.
 */
import Fraction from 'fraction.js';
import { InputError } from '../../errors.js';
import { formatRational } from '../../exact/rational.js';
import { type LpSense, attainingPoint, lpByElimination } from '../../polyhedra/lpByElimination.js';
import type { LinearSystem } from '../../polyhedra/system.js';
import { multipliersToJson, seal, slacksOf, systemToJson, texts } from '../../certificates/encode.js';
import { linearSystemCertificate } from '../linearSystem/certificate.js';
import { canonicalMultipliers } from '../../certificates/multipliers.js';
import type { Certificate } from '../../checker/schema/index.js';

export type { LpSense };

function lpClaim(system: LinearSystem, objective: readonly Fraction[], sense: LpSense, statement: 'optimum' | 'bound', value: Fraction) {
  if (system.constraints.some((c) => c.relation === '<')) {
    throw new InputError('unsupported', 'an lp-optimum system has closed rows only ("<=" and "=")');
  }
  if (objective.length !== system.variables) {
    throw new InputError('dimension', `the objective has ${objective.length} coefficients, the system has ${system.variables} variables`);
  }
  return { property: 'lp-optimum' as const, system: systemToJson(system), objective: texts(objective), sense, statement, value: formatRational(value) };
}

/**
 * Assembles an optimum certificate from a primal point and dual multipliers (one per row:
 * ≥ 0 on inequalities for max, ≤ 0 for min, free on equalities; Σ yᵢ aᵢ = objective and
 * Σ yᵢ bᵢ = value). The dual is put in canonical form (src/certificates/multipliers.ts: weight
 * on first copies of repeated rows, none on 0 ≤ 0), which keeps both sums. Nothing is checked
 * here: that is the checker's job.
 */
export function lpCertificateFromSolution(
  system: LinearSystem,
  objective: readonly Fraction[],
  sense: LpSense,
  value: Fraction,
  primal: readonly Fraction[],
  dual: readonly Fraction[],
  stats: Record<string, number | string> = {},
): Certificate {
  return seal(
    lpClaim(system, objective, sense, 'optimum', value),
    'holds',
    { kind: 'primal-dual', primal: texts(primal), slacks: texts(slacksOf(system, primal)), dual: multipliersToJson(canonicalMultipliers(system, dual)) },
    stats,
  );
}

/** Assembles a bound certificate (max ≤ value, or min ≥ value) from dual multipliers alone. */
export function lpBoundCertificate(
  system: LinearSystem,
  objective: readonly Fraction[],
  sense: LpSense,
  value: Fraction,
  dual: readonly Fraction[],
  stats: Record<string, number | string> = {},
): Certificate {
  return seal(lpClaim(system, objective, sense, 'bound', value), 'holds', { kind: 'dual', dual: multipliersToJson(canonicalMultipliers(system, dual)) }, stats);
}

/** What {@link lpOptimumCertificate} finds. */
export type LpOutcome =
  | { readonly status: 'optimal'; readonly value: Fraction; readonly certificate: Certificate }
  | { readonly status: 'infeasible'; readonly certificate: Certificate }
  | { readonly status: 'unbounded' };

/**
 * Solves a small LP exactly by Fourier–Motzkin elimination (src/polyhedra/lpByElimination.ts)
 * and certifies the optimum: the dual from the elimination, a primal point from the system with
 * c·x = optimum. An infeasible system yields the linear-system certificate of its infeasibility.
 * @param statement `bound` certifies only max ≤ value (min ≥ value) with the dual.
 */
export function lpOptimumCertificate(
  system: LinearSystem,
  objective: readonly Fraction[],
  sense: LpSense,
  statement: 'optimum' | 'bound' = 'optimum',
): LpOutcome {
  lpClaim(system, objective, sense, statement, new Fraction(0n));
  const result = lpByElimination(system, objective, sense);
  if (result.status === 'infeasible') return { status: 'infeasible', certificate: linearSystemCertificate(system, 'feasible') };
  if (result.status === 'unbounded') return result;
  const { value, dual } = result;
  const stats = { method: 'fourier-motzkin', rows: system.constraints.length, variables: system.variables };
  if (statement === 'bound') return { status: 'optimal', value, certificate: lpBoundCertificate(system, objective, sense, value, dual, stats) };
  const primal = attainingPoint(system, objective, value);
  return { status: 'optimal', value, certificate: lpCertificateFromSolution(system, objective, sense, value, primal, dual, stats) };
}
