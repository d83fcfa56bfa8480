/**
 * The points decider: a node may carry, besides its witness, further exact points strictly inside
 * its polyhedron, inherited from its ancestors (Node.points). When two of them lie strictly on
 * either side of z = 0, both sides have interior points: a split, with no LP and no ray. What it
 * finds is recorded on the question for the deciders after it.
 */
import { type Decider, type Decision, type Question, UNDECIDED } from '../decider.js';

export const pointsDecider: Decider = {
  name: 'points',
  counter: 'points',
  decide(q: Question): Decision {
    const points = q.node.points;
    if (points === undefined || points.length === 0) return UNDECIDED;
    const sides = q.sides;
    for (const p of points) {
      if (sides.positive !== undefined && sides.negative !== undefined) break;
      const v = q.signAt(p);
      if (v > 0) sides.positive ??= p;
      else if (v < 0) sides.negative ??= p;
    }
    if (sides.positive === undefined || sides.negative === undefined) return UNDECIDED;
    return { kind: 'split', positive: { witness: sides.positive }, negative: { witness: sides.negative } };
  },
};
