/** The `lp-optimum` part of the certificate format (a linear program's optimum or bound): its claim and the evidence kinds it introduces. */
import { z } from 'zod';
import { Digest, LinearSystemJson, MultipliersJson, RationalText, Rationals } from './common.js';

/**
 * `lp-optimum`: over a closed system, `statement: "optimum"` claims the optimum of
 * `sense` objective·x is `value` (attained); `statement: "bound"` claims max ≤ value (sense max)
 * or min ≥ value (sense min).
 */
export const LpOptimumClaim = z.strictObject({
  property: z.literal('lp-optimum'),
  system: LinearSystemJson,
  objective: Rationals,
  sense: z.enum(['max', 'min']),
  statement: z.enum(['optimum', 'bound']),
  value: RationalText,
});

/** An LP optimum: a feasible primal point (with its slacks) and dual multipliers (weak duality). */
export const PrimalDualEvidence = z.strictObject({
  kind: z.literal('primal-dual'),
  claimSha256: Digest,
  primal: Rationals,
  slacks: Rationals,
  dual: MultipliersJson,
});

/** An LP bound: dual multipliers alone (weak duality). */
export const DualEvidence = z.strictObject({
  kind: z.literal('dual'),
  claimSha256: Digest,
  dual: MultipliersJson,
});

export const lpOptimumPart = { property: 'lp-optimum', claim: LpOptimumClaim, evidence: [PrimalDualEvidence, DualEvidence] } as const;
