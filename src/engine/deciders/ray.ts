/**
 * The ray decider: z(w) tells on which side the witness w lies, so that side is known nonempty;
 * a ray from w along ∓∇z (an exact ratio test against P's rows) often reaches the other side
 * while staying inside P — then both sides are nonempty and no LP is needed. When it leaves P
 * first, rays along ∓∇z from the node's further points (Node.points) and rays from w towards
 * the node's targets on the far side (Node.targets: ancestors' points outside P) are tried the
 * same way. A float filter skips the rays that plainly leave P first (it decides nothing). What
 * it finds is recorded on the question for the deciders after it.
 */
import { type Decider, type Decision, type Question, UNDECIDED } from '../decider.js';
import { type FloatSlacks, alongPlainlyBlocked, floatSlacks, rayPlainlyBlocked, shoot, shootAlong, towardDirection } from '../witness.js';

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
      const v = q.signAt(p);
      if (v > 0 && sides.negative === undefined && !rayPlainlyBlocked(node.rows, p, a, c, -1)) sides.negative = shoot(node.rows, p, a, c, -1);
      else if (v < 0 && sides.positive === undefined && !rayPlainlyBlocked(node.rows, p, a, c, 1)) sides.positive = shoot(node.rows, p, a, c, 1);
    }
    // Then towards the node's targets on the missing side (points of ancestors outside P).
    // (From the witness only: from the further points as well saved 2 % of r8's LPs for more time.)
    let slacks: FloatSlacks | undefined;
    for (const t of node.targets ?? []) {
      if (sides.positive !== undefined && sides.negative !== undefined) break;
      const v = q.signAt(t);
      if (v > 0 ? sides.positive !== undefined : v === 0 || sides.negative !== undefined) continue;
      const dir = towardDirection(node.witness, t);
      slacks ??= floatSlacks(node.rows, node.witness);
      if (dir === undefined || alongPlainlyBlocked(node.rows, node.witness, a, c, dir, slacks)) continue;
      if (v > 0) sides.positive = shootAlong(node.rows, node.witness, a, c, dir);
      else sides.negative = shootAlong(node.rows, node.witness, a, c, dir);
    }
    if (sides.positive === undefined || sides.negative === undefined) return UNDECIDED;
    return { kind: 'split', positive: { witness: sides.positive }, negative: { witness: sides.negative } };
  },
};
