/**
 * The projected-path decider: where one side of z = 0 is known, a bent ray to the other
 * (src/engine/projectedPath.ts: the gradient of z projected onto the rows met, planned in floats,
 * its end checked exactly) from the witness or one of the node's newest further points often
 * gets there where a straight ray would leave P first — a split with no LP. It runs before the
 * exact rays (ray.ts): its first leg is the straight ray along ∓∇z, in floats. What it finds is
 * recorded on the question for the deciders after it.
 */
import { type Decider, type DeciderContext, type Decision, type Question, UNDECIDED } from '../decider.js';
import { MAX_PATH_STARTS, projectedPath } from '../projectedPath.js';

export const projectedPathDecider: Decider = {
  name: 'projected path',
  counter: 'paths',
  decide(q: Question, context: DeciderContext): Decision {
    if (!context.projectedPaths) return UNDECIDED;
    const sides = q.sides;
    const known = sides.positive ?? sides.negative;
    // Exactly one side known (the points decider before this one splits when both are).
    if (known === undefined || (sides.positive !== undefined && sides.negative !== undefined)) return UNDECIDED;
    const s: 1 | -1 = sides.positive === undefined ? 1 : -1;
    const { node, a, c } = q;
    const points = node.points ?? [];
    for (let k = 0; k < MAX_PATH_STARTS && k <= points.length; k++) {
      const p = k === 0 ? node.witness : (points[k - 1] as (typeof points)[number]);
      if (q.signAt(p) !== -s) continue;
      const found = projectedPath(node.rows, p, a, c, s);
      if (found === undefined) continue;
      if (s > 0) sides.positive = found;
      else sides.negative = found;
      return s > 0 ? { kind: 'split', positive: { witness: found }, negative: { witness: known } } : { kind: 'split', positive: { witness: known }, negative: { witness: found } };
    }
    return UNDECIDED;
  },
};
