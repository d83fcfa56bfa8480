/**
 * The layer-entry decider: reuses a sign proof the pre-pass found at the entry polyhedron of the
 * node's layer (src/engine/layerEntry.ts). The entry's rows are a prefix of the node's, so its
 * multipliers, placed on the same rows (zero on the later ones) and on the node's far-side row,
 * are a Motzkin certificate at the node too.
 */
import Fraction from 'fraction.js';
import type { IntegerRow } from '../../exact/integerRow.js';
import { canonicalIntegerMultipliers } from '../../certificates/multipliers.js';
import { type Decider, type Decision, type Question, type SignProof, UNDECIDED } from '../decider.js';
import type { EntryMotzkin } from '../node.js';

/** An entry proof placed at a descendant whose rows extend the entry's: the far row is last there. */
export function entryProofAt(proof: EntryMotzkin, rows: readonly IntegerRow[], sign: 1 | -1, a: readonly bigint[], c: bigint): SignProof {
  const farRow: IntegerRow = sign > 0 ? { a, b: -c } : { a: a.map((v) => -v), b: c };
  const candidate = [...rows, farRow];
  const dense = candidate.map(() => new Fraction(0n));
  proof.rows.forEach((t, q) => {
    dense[t] = proof.values[q] as Fraction;
  });
  dense[rows.length] = proof.far;
  return { kind: 'motzkin', ...canonicalIntegerMultipliers(candidate, dense) };
}

export const layerEntryDecider: Decider = {
  name: 'layer entry',
  counter: 'reused',
  decide(q: Question): Decision {
    const known = q.node.entry?.decided.get(q.neuron);
    if (known === undefined) return UNDECIDED;
    // The proof is placed at this node only when read (a kept tree reads it; counts and region
    // lists never do), as the vertex-set decider does: placing it is exact Fraction work.
    const { rows } = q.node;
    const { a, c } = q;
    let proof: SignProof | undefined;
    return {
      kind: 'fixed',
      sign: known.sign,
      get proof(): SignProof {
        proof ??= entryProofAt(known.proof, rows, known.sign, a, c);
        return proof;
      },
    };
  },
};
