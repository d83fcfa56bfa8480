/**
 * The `spec` part of the certificate format (input→output specifications, VNN-LIB): the claim and
 * its two kinds of evidence, `spec-tree` (holds) and `spec-counterexample` (violated). See
 * docs/certificates.md, "spec", for the meaning of every field and what the checker verifies.
 */
import { z } from 'zod';
import { Count, Digest, NetworkRefJson, RationalText, Rationals } from './common.js';

/** One output row `output·y + input·x ≤ rhs` (closed); `input` absent means all zero. */
export const SpecRowJson = z.strictObject({ output: Rationals, input: Rationals.optional(), rhs: RationalText });
/**
 * One case of the violation set: inputs in the closed box and satisfying every input constraint
 * `coefficients·x ≤ rhs`; a point of it violates when every row of some output conjunction holds.
 */
export const SpecCaseJson = z.strictObject({
  box: z.array(z.tuple([RationalText, RationalText])),
  inputConstraints: z.array(z.strictObject({ coefficients: Rationals, rhs: RationalText })),
  outputs: z.array(z.strictObject({ rows: z.array(SpecRowJson) })),
});
/**
 * `spec`: the violation set (the union of the cases) contains no point: for every x of a case's
 * input set, no output conjunction of that case holds at (x, N(x)). `violated`: a point of it exists.
 */
export const SpecClaim = z.strictObject({
  property: z.literal('spec'),
  network: NetworkRefJson,
  specification: z.strictObject({ inputs: Count, outputs: Count, cases: z.array(SpecCaseJson) }),
});
/**
 * A bound entry of a leaf: for conjunction `conjunction` of the case, multipliers λ ≥ 0, one per row
 * of the conjunction and then one per input constraint of the case, and optional backward lower
 * slopes per hidden layer (integers a ∈ [0, 256], α = a/256, one per neuron; `[]` keeps the
 * default rule for that layer) for the relaxation, and optional multipliers β of the leaf's phase
 * splits as `[layer, neuron, β]` (docs/certificates.md, "spec").
 */
export const SpecBoundJson = z.strictObject({
  conjunction: Count,
  lambda: Rationals,
  alpha: z.array(z.array(Count)).optional(),
  beta: z.array(z.tuple([Count, Count, RationalText])).optional(),
});
/**
 * One node of a case's split tree, in preorder: `["x", j, t]` bisects input j at t (children
 * x_j ≤ t, then x_j ≥ t); `["r", k, i]` splits the phase of ReLU i of layer k (children z ≤ 0, then
 * z ≥ 0); `{ bound }` closes the listed conjunctions on the current leaf (if some stay open, the next
 * node continues on the same leaf); `"empty"` the leaf's phase constraints are infeasible on its box.
 */
export const SpecNodeJson = z.union([
  z.tuple([z.literal('x'), Count, RationalText]),
  z.tuple([z.literal('r'), Count, Count]),
  z.literal('empty'),
  z.strictObject({ bound: z.array(SpecBoundJson) }),
]);
/** Why the specification holds: one split tree per case, in case order. */
export const SpecTreeEvidence = z.strictObject({
  kind: z.literal('spec-tree'),
  claimSha256: Digest,
  cases: z.array(z.array(SpecNodeJson)),
});
/** A point of the violation set: case and conjunction, the exact input and the network's exact output there. */
export const SpecCounterexampleEvidence = z.strictObject({
  kind: z.literal('spec-counterexample'),
  claimSha256: Digest,
  case: Count,
  conjunction: Count,
  input: Rationals,
  output: Rationals,
});

export const specPart = { property: 'spec', claim: SpecClaim, evidence: [SpecTreeEvidence, SpecCounterexampleEvidence] } as const;
