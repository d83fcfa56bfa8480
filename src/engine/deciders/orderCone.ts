/**
 * The order-cone decider: on R^n, comparator networks give polyhedra that are order cones (rows
 * x_u − x_v ≤ 0); whether such a cone has interior points is a graph question
 * (polyhedra/differenceCone.ts), answered with an exact point or exact multipliers — no LP.
 */
import { orderConeInterior } from '../../polyhedra/differenceCone.js';
import { type Decider, type DeciderContext, type Decision, type Question, UNDECIDED } from '../decider.js';
import { decideFromInterior, missingSide } from './interiorSide.js';

export const orderConeDecider: Decider = {
  name: 'order cone',
  counter: 'orderCone',
  decide(q: Question, context: DeciderContext): Decision {
    const missing = missingSide(q);
    const r = orderConeInterior(missing.rows, context.n);
    return r === undefined ? UNDECIDED : decideFromInterior(q, missing, r);
  },
};
