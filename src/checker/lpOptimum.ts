/**
 * Checks `lp-optimum` certificates by weak duality.
 *
 * For max c·x over {aᵢ·x ≤ bᵢ (i ∈ I), aᵢ·x = bᵢ (i ∈ E)}: if yᵢ ≥ 0 (i ∈ I), yᵢ free (i ∈ E),
 * Σ yᵢ aᵢ = c and Σ yᵢ bᵢ = v, then every feasible x has c·x = Σ yᵢ (aᵢ·x) ≤ Σ yᵢ bᵢ = v.
 * For min the same with yᵢ ≤ 0 on inequalities gives c·x ≥ v. A feasible primal point with
 * c·x = v shows the bound is attained, so v is the optimum.
 */
import { type Row, checkPoint, combineRows, demand, eq, expandMultipliers, q, qs, show, vector } from './kernel/index.js';
import { systemRows } from './linearSystem.js';
import type { Checked, Parsed } from './types.js';

function checkDual(rows: readonly Row[], n: number, objective: readonly string[], value: string, sense: 'max' | 'min', dual: unknown): void {
  const y = expandMultipliers(dual as string[], rows.length, 'evidence.dual');
  const combined = combineRows(rows, y, n, dual, 'evidence.dual', sense === 'max' ? 1 : -1);
  const c = vector(qs(objective, 'claim.objective'), 'claim.objective');
  for (let j = 0; j < n; j++) {
    const got = { n: combined.coefficients.num[j] as bigint, d: combined.coefficients.den };
    const want = { n: c.num[j] as bigint, d: c.den };
    demand(eq(got, want), `Σ yᵢ aᵢ differs from the objective at coordinate ${j}: ${show(got)} ≠ ${show(want)}`, 'evidence.dual');
  }
  const v = q(value, 'claim.value');
  demand(eq(combined.rhs, v), `Σ yᵢ bᵢ = ${show(combined.rhs)}, not the claimed value ${show(v)}`, 'evidence.dual');
}

/** Checks a parsed `lp-optimum` certificate. */
export function checkLpOptimum(cert: Parsed<'lp-optimum'>): Checked {
  const { claim, evidence } = cert;
  demand(cert.verdict === 'holds', 'unsupported evidence: this checker verifies "holds" lp-optimum certificates only', 'verdict');
  const n = claim.system.variables;
  const rows = systemRows(claim.system, 'claim.system');
  rows.forEach((r, i) => {
    demand(r.relation !== '<', 'an lp-optimum system has closed rows only ("<=" and "=")', `claim.system.constraints[${i}].relation`);
  });
  demand(claim.objective.length === n, `the objective has ${claim.objective.length} coefficients, the system has ${n} variables`, 'claim.objective');
  const relation = claim.sense === 'max' ? '≤' : '≥';
  if (claim.statement === 'bound') {
    demand(evidence.kind === 'dual', `an lp-optimum "bound" claim needs dual evidence, not ${evidence.kind}`, 'evidence.kind');
    checkDual(rows, n, claim.objective, claim.value, claim.sense, evidence.dual);
    return { summary: `every feasible x has objective·x ${relation} ${claim.value} (dual multipliers, weak duality)` };
  }
  demand(evidence.kind === 'primal-dual', `an lp-optimum "optimum" claim needs primal-dual evidence, not ${evidence.kind}`, 'evidence.kind');
  checkPoint(rows, n, evidence.primal, evidence.slacks, 'evidence');
  const c = vector(qs(claim.objective, 'claim.objective'), 'claim.objective');
  const x = vector(qs(evidence.primal, 'evidence.primal'), 'evidence.primal');
  let acc = 0n;
  for (let j = 0; j < n; j++) acc += (c.num[j] as bigint) * (x.num[j] as bigint);
  const atPrimal = { n: acc, d: c.den * x.den };
  demand(eq(atPrimal, q(claim.value, 'claim.value')), `objective·primal = ${show(atPrimal)}, not the claimed value ${claim.value}`, 'evidence.primal');
  checkDual(rows, n, claim.objective, claim.value, claim.sense, evidence.dual);
  return { summary: `the ${claim.sense} of objective·x is ${claim.value}: attained by the primal point, bounded by the dual (weak duality)` };
}
