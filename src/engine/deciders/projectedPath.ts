/**
 * The projected-path decider: when the straight rays (ray.ts) leave P before they reach the far
 * side of z = 0, a bent ray (src/engine/projectedPath.ts: the gradient of z projected onto the
 * rows met, planned in floats, its end checked exactly) from the witness or one of the node's
 * further points often gets there — a split with no LP. What it finds is recorded on the
 * question for the deciders after it.
 */
import { type Decider, type DeciderContext, type Decision, type Question, UNDECIDED } from '../decider.js';
import { MAX_PATH_STARTS, projectedPath } from '../projectedPath.js';

export const projectedPathDecider: Decider = {
  name: 'projected path',
  counter: 'paths',
  decide(q: Question, context: DeciderContext): Decision {
    if (!context.projectedPaths) return UNDECIDED;
    const sides = q.sides;
    if (sides.positive !== undefined && sides.negative !== undefined) return { kind: 'split', positive: { witness: sides.positive }, negative: { witness: sides.negative } };
    if (sides.positive === undefined && sides.negative === undefined) return UNDECIDED;
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
      return { kind: 'split', positive: { witness: sides.positive as NonNullable<typeof sides.positive> }, negative: { witness: sides.negative as NonNullable<typeof sides.negative> } };
    }
    return UNDECIDED;
  },
};
