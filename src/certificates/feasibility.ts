/**
 * The evidence of a system decided by Fourier–Motzkin elimination, as `linear-system` and
 * `activation-region` certificates state it: a feasible point with the slack of every row of
 * the stated system, or the canonical Motzkin multipliers (weight on first copies only,
 * multipliers.ts) over the decided system with their right-hand-side and strict sums.
 */
import { formatRational } from '../exact/rational.js';
import type { FourierMotzkinResult } from '../polyhedra/fourierMotzkin.js';
import type { LinearSystem } from '../polyhedra/system.js';
import { type UnsealedEvidence, multipliersToJson, slacksOf, texts } from './encode.js';
import { canonicalMultipliers, rhsSum, strictSum } from './multipliers.js';

/**
 * `stated` is the system the claim names (the point's slacks are reported against it); `decided`
 * the one that was eliminated (equal to it, or the same rows made strict), over whose rows the
 * checker rebuilds the multipliers' combination.
 */
export function feasibilityEvidence(stated: LinearSystem, decided: LinearSystem, result: FourierMotzkinResult): { verdict: 'holds' | 'violated'; evidence: UnsealedEvidence } {
  if (result.feasible) return { verdict: 'holds', evidence: { kind: 'point', point: texts(result.point), slacks: texts(slacksOf(stated, result.point)) } };
  const multipliers = canonicalMultipliers(decided, result.multipliers);
  return {
    verdict: 'violated',
    evidence: { kind: 'motzkin', multipliers: multipliersToJson(multipliers), rhsSum: formatRational(rhsSum(decided, multipliers)), strictSum: formatRational(strictSum(decided, multipliers)) },
  };
}
