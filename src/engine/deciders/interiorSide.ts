/**
 * The common step of the order-cone and certified-LP deciders: one side of z = 0 is known to
 * have interior points (the witness's, or a ray's); an interior oracle decides the other — an
 * interior point there (a split) or Motzkin multipliers proving its interior empty (a fixed
 * sign, with that proof).
 */
import type { IntegerRow } from '../../exact/integerRow.js';
import type { InteriorResult } from '../../../solvers/certified.js';
import type { SimplexBasis } from '../../../solvers/denseSimplex.js';
import { canonicalIntegerMultipliers } from '../../certificates/multipliers.js';
import type { Decision, Question, SignProof } from '../decider.js';
import { witnessOf } from '../witness.js';

/** The missing side of the question and the rows of its candidate polyhedron. */
export function missingSide(q: Question): { readonly sign: 1 | -1; readonly rows: IntegerRow[] } {
  const sign: 1 | -1 = q.sides.positive === undefined ? 1 : -1;
  return { sign, rows: [...q.node.rows, sign > 0 ? q.positiveRow() : q.negativeRow()] };
}

/** The decision from an oracle's answer about the missing side (`basis`: the LP's final basis, kept on a fixed sign as a warm-start hint). */
export function decideFromInterior(q: Question, missing: { readonly sign: 1 | -1; readonly rows: readonly IntegerRow[] }, r: InteriorResult, basis?: SimplexBasis): Decision {
  if (r.kind === 'empty-interior') {
    // The canonical multipliers (exact Fraction work) are built only when the proof is read: a
    // kept tree and the look-ahead read it, counts and region lists never do (as vertexSet.ts).
    const rows = missing.rows;
    const multipliers = r.multipliers;
    let proof: SignProof | undefined;
    return {
      kind: 'fixed',
      sign: missing.sign > 0 ? -1 : 1,
      ...(basis !== undefined ? { basis } : {}),
      get proof(): SignProof {
        proof ??= { kind: 'motzkin', ...canonicalIntegerMultipliers(rows, multipliers) };
        return proof;
      },
    };
  }
  const found = witnessOf(r.point);
  const { positive, negative } = q.sides;
  const known = missing.sign > 0 ? negative : positive;
  if (known === undefined) throw new Error('internal: neither side of a neuron has a known interior point (the ray decider must come first)');
  return missing.sign > 0
    ? { kind: 'split', positive: { witness: found }, negative: { witness: known } }
    : { kind: 'split', positive: { witness: known }, negative: { witness: found } };
}
