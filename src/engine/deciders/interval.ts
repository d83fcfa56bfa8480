/**
 * The interval decider: on a box domain, exact interval bounds of z = a·x + c over the box
 * (a_j·lo_j or a_j·hi_j per coordinate, whichever is smaller, and likewise for the maximum) may
 * prove its sign on the whole domain, hence on every node.
 */
import { type Decider, type DeciderContext, type Decision, type IntegerBox, type Question, UNDECIDED } from '../decider.js';

/** The interval sign of z = a·x + c over the box (0 when it is not fixed there). */
export function boxSign(box: IntegerBox, a: readonly bigint[], c: bigint): 1 | -1 | 0 {
  let low = 0n;
  let high = 0n;
  for (let j = 0; j < a.length; j++) {
    const aj = a[j] as bigint;
    if (aj > 0n) {
      low += aj * (box.lo[j] as bigint);
      high += aj * (box.hi[j] as bigint);
    } else if (aj < 0n) {
      low += aj * (box.hi[j] as bigint);
      high += aj * (box.lo[j] as bigint);
    }
  }
  // With D the box denominator: low/D + c ≥ 0 ⇔ low + c·D ≥ 0 (and likewise for high).
  if (low + c * box.den >= 0n) return 1;
  if (high + c * box.den <= 0n) return -1;
  return 0;
}

export const intervalDecider: Decider = {
  name: 'interval',
  counter: 'interval',
  decide(q: Question, context: DeciderContext): Decision {
    if (context.box === undefined) return UNDECIDED;
    const sign = boxSign(context.box, q.a, q.c);
    return sign === 0 ? UNDECIDED : { kind: 'fixed', sign, proof: { kind: 'interval' } };
  },
};
