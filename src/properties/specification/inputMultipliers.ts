/**
 * Candidate multipliers on a case's input constraints. A case whose violation set is empty only
 * because of a general linear input constraint a·x ≤ b (VNN-LIB input rows over several
 * variables, not a box bound) has no proof with λ = 0 on that row: the output rows alone are
 * satisfiable on the box. The margin of the input row, a·x − b, is ≤ 0 on the violation set like
 * every other margin, so λ ≥ 0 on it is as valid as on the output rows (docs/certificates.md,
 * "spec": λ runs over the conjunction's rows followed by the input constraints, and the checker
 * re-derives the bound exactly). Each output-row candidate is therefore also tried averaged with
 * each input row, weights (1/2, 1/2), the same cheap family as the output-row pairs of expand.ts.
 */
import Fraction from 'fraction.js';
import type { ExactRow } from '../../checker/leafExact.js';

/** A candidate multiplier vector as the expander keeps it (expand.ts): λ, and its float c, d, e. */
export interface MultiplierCandidate {
  readonly lambda: Fraction[];
  readonly c: Float64Array;
  readonly d: number;
  readonly e: Float64Array | undefined;
}

/**
 * For every candidate and every input-constraint row q (rows[own + q]): the candidate halved plus
 * half of row q. Empty when the case has no input constraints.
 */
export function inputRowCandidates(candidates: readonly MultiplierCandidate[], rows: readonly ExactRow[], own: number, inputs: number): MultiplierCandidate[] {
  const out: MultiplierCandidate[] = [];
  const half = new Fraction(1, 2);
  for (let q = own; q < rows.length; q++) {
    const row = rows[q] as ExactRow;
    const a = row.x;
    if (a === undefined) continue;
    for (const cand of candidates) {
      const lambda = cand.lambda.map((v, r) => (r === q ? v.mul(half).add(half) : v.mul(half)));
      const e = new Float64Array(inputs);
      for (let t = 0; t < inputs; t++) e[t] = ((cand.e?.[t] ?? 0) + (a[t] as Fraction).valueOf()) / 2;
      out.push({ lambda, c: cand.c.map((v) => v / 2), d: (cand.d + row.d.valueOf()) / 2, e });
    }
  }
  return out;
}
