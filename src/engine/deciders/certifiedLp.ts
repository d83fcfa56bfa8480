/**
 * The certified-LP decider, the last resort: a certified LP (solvers/certified.ts: a float
 * proposal checked exactly, with an exact fallback) decides the missing side — an interior point
 * (a split) or Motzkin multipliers proving its interior empty. It always decides.
 */
import { type Decider, type DeciderContext, type Decision, type Question } from '../decider.js';
import { decideFromInterior, missingSide } from './interiorSide.js';

export const certifiedLpDecider: Decider = {
  name: 'certified LP',
  counter: 'lps',
  decide(q: Question, context: DeciderContext): Decision {
    const missing = missingSide(q);
    return decideFromInterior(q, missing, context.interior(missing.rows));
  },
};
