/**
 * The ray decider: z(w) tells on which side the witness w lies, so that side is known nonempty;
 * a ray from w along ∓∇z (an exact ratio test against P's rows) often reaches the other side
 * while staying inside P — then both sides are nonempty and no LP is needed. What it finds is
 * recorded on the question for the deciders after it.
 */
import { type Decider, type Decision, type Question, UNDECIDED } from '../decider.js';
import { rayPlainlyBlocked, shoot, valueAt } from '../witness.js';

export const rayDecider: Decider = {
  name: 'ray',
  counter: 'rays',
  decide(q: Question): Decision {
    const { node, a, c } = q;
    const zw = q.atWitness;
    const sides = q.sides;
    // Ray shooting from w along −a (to lower z) and +a (to raise z), inside P.
    // A ray that floats plainly show to leave P first is not shot (rayPlainlyBlocked: a filter only).
    if (zw >= 0n && sides.negative === undefined && !rayPlainlyBlocked(node.rows, node.witness, a, c, -1)) sides.negative = shoot(node.rows, node.witness, a, c, -1);
    if (zw <= 0n && sides.positive === undefined && !rayPlainlyBlocked(node.rows, node.witness, a, c, 1)) sides.positive = shoot(node.rows, node.witness, a, c, 1);
    // Then from the node's further points (Node.points): from another point the far side may be nearer.
    for (const p of node.points ?? []) {
      if (sides.positive !== undefined && sides.negative !== undefined) break;
      const v = valueAt(a, c, p);
      if (v > 0n && sides.negative === undefined && !rayPlainlyBlocked(node.rows, p, a, c, -1)) sides.negative = shoot(node.rows, p, a, c, -1);
      else if (v < 0n && sides.positive === undefined && !rayPlainlyBlocked(node.rows, p, a, c, 1)) sides.positive = shoot(node.rows, p, a, c, 1);
    }
    if (sides.positive === undefined || sides.negative === undefined) return UNDECIDED;
    return { kind: 'split', positive: { witness: sides.positive }, negative: { witness: sides.negative } };
  },
};
