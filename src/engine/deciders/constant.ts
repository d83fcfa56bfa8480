/**
 * The constant decider: an identically constant pre-activation (common in constructed,
 * non-generic networks) has its constant's sign everywhere; 0 counts as off (ReLU(0) = 0).
 */
import { type Decider, type Decision, type Question, UNDECIDED } from '../decider.js';

export const constantDecider: Decider = {
  name: 'constant',
  counter: 'constant',
  decide(q: Question): Decision {
    if (q.a.some((v) => v !== 0n)) return UNDECIDED;
    return { kind: 'fixed', sign: q.c > 0n ? 1 : -1, proof: { kind: 'constant' } };
  },
};
