/** The `linear-system` part of the certificate format (a linear system is feasible / has a nonempty interior): its claim and the evidence kinds it introduces. */
import { z } from 'zod';
import { Digest, LinearSystemJson, MultipliersJson, RationalText, Rationals } from './common.js';

/** `linear-system`: is the system feasible / does the set it defines have a nonempty interior? */
export const LinearSystemClaim = z.strictObject({
  property: z.literal('linear-system'),
  system: LinearSystemJson,
  question: z.enum(['feasible', 'interior-nonempty']),
});

/** A point satisfying a system, with the slack rhs − a·x of every row (so every coordinate is pinned). */
export const PointEvidence = z.strictObject({
  kind: z.literal('point'),
  claimSha256: Digest,
  point: Rationals,
  slacks: Rationals,
});

/**
 * Motzkin multipliers proving a system infeasible, with the two sums they produce:
 * `rhsSum` = Σ yᵢ bᵢ and `strictSum` = Σ of the multipliers of strict rows.
 */
export const MotzkinEvidence = z.strictObject({
  kind: z.literal('motzkin'),
  claimSha256: Digest,
  multipliers: MultipliersJson,
  rhsSum: RationalText,
  strictSum: RationalText,
});

export const linearSystemPart = { property: 'linear-system', claim: LinearSystemClaim, evidence: [PointEvidence, MotzkinEvidence] } as const;
