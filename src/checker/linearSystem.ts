/**
 * Checks `linear-system` certificates: a point for "holds", Motzkin multipliers for "violated".
 */
import type { LinearSystemDoc } from './schema/index.js';
import { type Row, checkMotzkin, checkPoint, demand, isZeroRow, q, qs, row } from './kernel/index.js';
import type { Checked, Parsed } from './types.js';

/** The rows of a system document, exactly, after checking every row has one coefficient per variable. */
export function systemRows(system: LinearSystemDoc, path: string): Row[] {
  return system.constraints.map((c, i) => {
    const at = `${path}.constraints[${i}]`;
    demand(
      c.coefficients.length === system.variables,
      `${c.coefficients.length} coefficients, the system has ${system.variables} variables`,
      `${at}.coefficients`,
    );
    return row(qs(c.coefficients, `${at}.coefficients`), q(c.rhs, `${at}.rhs`), c.relation, at);
  });
}

/**
 * The system whose feasibility the question asks about. For `interior-nonempty` every inequality
 * with a nonzero coefficient vector is made strict: for a system of inequalities,
 * int{x : Ax ≤ b} = {x : aᵢ·x < bᵢ for every aᵢ ≠ 0, 0 ≤ bᵢ for every aᵢ = 0} (a point on a
 * hyperplane aᵢ·x = bᵢ has points with aᵢ·x > bᵢ in every neighbourhood; a zero row is constant).
 * Equalities are refused there: a set inside a hyperplane has empty interior, which is not worth
 * a certificate, and a zero equality row would make the rule above wrong.
 */
export function questionRows(claim: { system: LinearSystemDoc; question: 'feasible' | 'interior-nonempty' }): Row[] {
  const rows = systemRows(claim.system, 'claim.system');
  if (claim.question === 'feasible') return rows;
  rows.forEach((r, i) => {
    demand(r.relation !== '=', 'an "interior-nonempty" claim may not contain "=" rows', `claim.system.constraints[${i}].relation`);
  });
  return rows.map((r) => (r.relation === '<=' && !isZeroRow(r) ? { ...r, relation: '<' } : r));
}

/** Checks a parsed `linear-system` certificate. */
export function checkLinearSystem(cert: Parsed<'linear-system'>): Checked {
  const { claim, evidence } = cert;
  const rows = questionRows(claim);
  const n = claim.system.variables;
  const what = claim.question === 'feasible' ? 'is feasible' : 'has a nonempty interior';
  const size = `${n} variable${n === 1 ? '' : 's'}, ${rows.length} row${rows.length === 1 ? '' : 's'}`;
  if (cert.verdict === 'holds') {
    demand(evidence.kind === 'point', `a "holds" linear-system certificate needs point evidence, not ${evidence.kind}`, 'evidence.kind');
    checkPoint(rows, n, evidence.point, evidence.slacks, 'evidence');
    return { summary: `the system (${size}) ${what}: the point satisfies every row${claim.question === 'feasible' ? '' : ', every inequality strictly'}` };
  }
  demand(evidence.kind === 'motzkin', `a "violated" linear-system certificate needs Motzkin multipliers, not ${evidence.kind} evidence`, 'evidence.kind');
  checkMotzkin(rows, n, evidence, 'evidence');
  return { summary: `the system (${size}) ${claim.question === 'feasible' ? 'is infeasible' : 'has an empty interior'}: the Motzkin multipliers combine its rows into a contradiction` };
}
