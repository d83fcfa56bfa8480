/**
 * `lp-optimum` certificates. The LP layer proposes a primal point and dual multipliers and
 * assembles them with {@link lpCertificateFromSolution} / {@link lpBoundCertificate}; for small
 * systems {@link lpOptimumCertificate} solves the LP itself by Fourier–Motzkin elimination.
 */
import Fraction from 'fraction.js';
import { InputError } from '../errors.js';
import { formatRational } from '../exact/rational.js';
import { fourierMotzkin, projectOut } from '../polyhedra/fourierMotzkin.js';
import type { LinearSystem } from '../polyhedra/system.js';
import { multipliersToJson, seal, slacksOf, systemToJson, texts } from './encode.js';
import { linearSystemCertificate } from './linearSystem.js';
import { canonicalMultipliers } from './multipliers.js';
import type { Certificate } from './schema.js';

/** Whether the LP maximizes or minimizes. */
export type LpSense = 'max' | 'min';

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
 * Solves a small LP exactly by Fourier–Motzkin elimination and certifies the optimum. With a
 * variable t and the row t − c·x = 0, eliminating x leaves rows α t ≤ β; the optimum of max c·x is
 * the least β/α over α > 0, and the multipliers of that derived row, divided by α, are an optimal
 * dual (Σ yᵢ aᵢ = c, Σ yᵢ bᵢ = β/α). A primal point comes from the system with c·x = optimum.
 * For min, max −c·x is solved and the dual negated. An infeasible system yields the
 * linear-system certificate of its infeasibility.
 * @param statement `bound` certifies only max ≤ value (min ≥ value) with the dual.
 */
export function lpOptimumCertificate(
  system: LinearSystem,
  objective: readonly Fraction[],
  sense: LpSense,
  statement: 'optimum' | 'bound' = 'optimum',
): LpOutcome {
  lpClaim(system, objective, sense, statement, new Fraction(0n));
  const n = system.variables;
  const c = sense === 'max' ? objective : objective.map((v) => v.neg());
  const zero = new Fraction(0n);
  const augmented: LinearSystem = {
    variables: n + 1,
    constraints: [
      ...system.constraints.map((row) => ({ ...row, coefficients: [...row.coefficients, zero] })),
      { coefficients: [...c.map((v) => v.neg()), new Fraction(1n)], relation: '=' as const, rhs: zero },
    ],
  };
  const projection = projectOut(augmented, Array.from({ length: n }, (_, j) => j));
  if (projection.infeasible) return { status: 'infeasible', certificate: linearSystemCertificate(system, 'feasible') };
  let best: { value: Fraction; multipliers: Fraction[]; alpha: Fraction } | undefined;
  let lower: Fraction | undefined;
  for (const r of projection.rows) {
    const alpha = r.coefficients[n] as Fraction;
    const bound = r.rhs.div(alpha);
    if (alpha.s > 0n && alpha.n !== 0n) {
      if (best === undefined || bound.compare(best.value) < 0) best = { value: bound, multipliers: r.multipliers, alpha };
    } else if (alpha.n !== 0n && (lower === undefined || bound.compare(lower) > 0)) {
      lower = bound;
    }
  }
  if (best !== undefined && lower !== undefined && lower.compare(best.value) > 0) {
    return { status: 'infeasible', certificate: linearSystemCertificate(system, 'feasible') };
  }
  if (best === undefined) {
    // No upper bound on t: unbounded, provided the system is feasible at all.
    const feasible = fourierMotzkin(system);
    return feasible.feasible ? { status: 'unbounded' } : { status: 'infeasible', certificate: linearSystemCertificate(system, 'feasible') };
  }
  const { alpha } = best;
  const dualForMax = best.multipliers.slice(0, system.constraints.length).map((y) => y.div(alpha));
  const value = sense === 'max' ? best.value : best.value.neg();
  const dual = sense === 'max' ? dualForMax : dualForMax.map((y) => y.neg());
  const stats = { method: 'fourier-motzkin', rows: system.constraints.length, variables: n };
  if (statement === 'bound') return { status: 'optimal', value, certificate: lpBoundCertificate(system, objective, sense, value, dual, stats) };
  const attained = fourierMotzkin({
    variables: n,
    constraints: [...system.constraints, { coefficients: [...objective], relation: '=', rhs: value }],
  });
  if (!attained.feasible) throw new Error('Fourier–Motzkin found an optimum value that no feasible point attains (a bug)');
  return { status: 'optimal', value, certificate: lpCertificateFromSolution(system, objective, sense, value, attained.point, dual, stats) };
}
