/**
 * The certified-LP decider, the last resort: a certified LP (solvers/certified.ts: a float
 * proposal checked exactly, with an exact fallback) decides the missing side — an interior point
 * (a split) or Motzkin multipliers proving its interior empty. It always decides.
 *
 * With warm starts (the context's `warmInterior`), the float proposal comes from the dense
 * simplex started at the node's basis: the node is its parent plus one row, so the parent's
 * optimal basis is a pivot or two from the new optimum. The side it finds gets the LP's final
 * basis (its rows are exactly the LP's); the known side and a fixed sign keep the node's. The
 * basis is a float hint: the certificate is checked exactly either way.
 */
import { type Decider, type DeciderContext, type Decision, type Question } from '../decider.js';
import { decideFromInterior, missingSide } from './interiorSide.js';

export const certifiedLpDecider: Decider = {
  name: 'certified LP',
  counter: 'lps',
  decide(q: Question, context: DeciderContext): Decision {
    const missing = missingSide(q);
    if (context.warmInterior === undefined) return decideFromInterior(q, missing, context.interior(missing.rows));
    const { result, basis } = context.warmInterior(missing.rows, q.node.basis);
    const d = decideFromInterior(q, missing, result, basis);
    if (d.kind !== 'split' || basis === undefined) return d;
    return missing.sign > 0 ? { ...d, positive: { ...d.positive, basis } } : { ...d, negative: { ...d.negative, basis } };
  },
};
