/**
 * Small linear programs solved exactly by Fourier–Motzkin elimination with an objective
 * variable: with a variable t and the row t − c·x = 0, eliminating x leaves rows α t ≤ β; the
 * optimum of max c·x is the least β/α over α > 0, and the multipliers of that derived row,
 * divided by α, are an optimal dual (Σ yᵢ aᵢ = c, Σ yᵢ bᵢ = β/α). For min, max −c·x is solved
 * and the dual negated. Exact throughout; the certificate is assembled elsewhere
 * (src/properties/lpOptimum/certificate.ts).
 */
import Fraction from 'fraction.js';
import { fourierMotzkin, projectOut } from './fourierMotzkin.js';
import type { LinearSystem } from './system.js';

/** Whether the LP maximizes or minimizes. */
export type LpSense = 'max' | 'min';

/** The optimum of an LP found by elimination. */
export type EliminationLpResult =
  | {
      readonly status: 'optimal';
      /** The optimum of the objective (in the given sense). */
      readonly value: Fraction;
      /** One multiplier per row of the system: an optimal dual for the given sense. */
      readonly dual: Fraction[];
    }
  | { readonly status: 'infeasible' }
  | { readonly status: 'unbounded' };

/**
 * Solves max (or min) objective·x over the system by Fourier–Motzkin elimination.
 * The system and objective must agree in dimension (callers validate).
 */
export function lpByElimination(system: LinearSystem, objective: readonly Fraction[], sense: LpSense): EliminationLpResult {
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
  if (projection.infeasible) return { status: 'infeasible' };
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
  if (best !== undefined && lower !== undefined && lower.compare(best.value) > 0) return { status: 'infeasible' };
  if (best === undefined) {
    // No upper bound on t: unbounded, provided the system is feasible at all.
    return fourierMotzkin(system).feasible ? { status: 'unbounded' } : { status: 'infeasible' };
  }
  const { alpha } = best;
  const dualForMax = best.multipliers.slice(0, system.constraints.length).map((y) => y.div(alpha));
  return {
    status: 'optimal',
    value: sense === 'max' ? best.value : best.value.neg(),
    dual: sense === 'max' ? dualForMax : dualForMax.map((y) => y.neg()),
  };
}

/**
 * A point of the system where objective·x = value (an optimum's primal point).
 * @throws Error when no feasible point attains the value (for an optimum found by
 * {@link lpByElimination} that is a bug).
 */
export function attainingPoint(system: LinearSystem, objective: readonly Fraction[], value: Fraction): Fraction[] {
  const attained = fourierMotzkin({
    variables: system.variables,
    constraints: [...system.constraints, { coefficients: [...objective], relation: '=', rhs: value }],
  });
  if (!attained.feasible) throw new Error('Fourier–Motzkin found an optimum value that no feasible point attains (a bug)');
  return attained.point;
}
