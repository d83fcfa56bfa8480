/** The `output-bound` part of the certificate format (a linear bound on the output over a box): its claim and the evidence kinds it introduces. */
import { z } from 'zod';
import { BoxJson, Digest, NetworkRefJson, RationalText, Rationals } from './common.js';

/** `output-bound`: for every x in the (closed) box, objective · N(x) ≤ bound. */
export const OutputBoundClaim = z.strictObject({
  property: z.literal('output-bound'),
  network: NetworkRefJson,
  domain: z.strictObject({ box: BoxJson }),
  objective: Rationals,
  bound: RationalText,
});

/** An input violating an output bound, with its exact pre-activations (per layer), output and objective value. */
export const CounterexampleEvidence = z.strictObject({
  kind: z.literal('counterexample'),
  claimSha256: Digest,
  input: Rationals,
  preactivations: z.array(Rationals),
  output: Rationals,
  value: RationalText,
});

export const outputBoundPart = { property: 'output-bound', claim: OutputBoundClaim, evidence: [CounterexampleEvidence] } as const;
