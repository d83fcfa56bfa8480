/** The `training-optimum` part of the certificate format (optimal training of a small network): its claim and the evidence kinds it introduces. */
import { z } from 'zod';
import { Count, Digest, MultipliersJson, RationalText, Rationals } from './common.js';

/** The data of a `training-optimum` claim: inputs and targets as exact rationals. */
export const TrainingDataJson = z.strictObject({
  inputNames: z.array(z.string()),
  targetName: z.string(),
  inputs: z.array(Rationals),
  targets: Rationals,
});

/**
 * `training-optimum`: the least training loss (ℓ1, ℓ∞ or hinge) over one-hidden-layer ReLU
 * networks of width ≤ `width` (f = Σ t_j relu(a_j·x + b_j), plus c when `outputBias`) on `data`
 * is exactly `optimum` (Arora, Basu, Mianjy, Mukherjee, ICLR 2018, Thm 4.1). See docs/training.md.
 */
export const TrainingOptimumClaim = z.strictObject({
  property: z.literal('training-optimum'),
  data: TrainingDataJson,
  width: z.int().positive(),
  loss: z.enum(['l1', 'linf', 'hinge']),
  outputBias: z.boolean(),
  optimum: RationalText,
});

export const UnitSign = z.union([z.literal(1), z.literal(-1)]);

/**
 * The search behind a `training-optimum` claim: every affine dichotomy of the data with a
 * realizing hyperplane (a·x + b > 0 exactly on the `+` points), dual bounds on pattern LPs
 * (canonical layout of docs/training.md) covering every set of unit types, and an optimal network.
 */
export const TrainingSearchEvidence = z.strictObject({
  kind: z.literal('training-search'),
  claimSha256: Digest,
  dichotomies: z.array(z.strictObject({ labels: z.string().regex(/^[+-]+$/, 'expected a string of "+" and "-"'), normal: Rationals, offset: RationalText })),
  bounds: z.array(
    z.strictObject({
      units: z.array(z.tuple([Count, UnitSign])),
      relaxed: UnitSign.optional(),
      relaxedFrom: Count.optional(),
      value: RationalText,
      dual: MultipliersJson,
    }),
  ),
  network: z
    .looseObject({ format: z.literal('relucert.network/1') })
    .describe('The optimal network, a relucert.network/1 document (validated by the network reader).'),
});

export const trainingPart = { property: 'training-optimum', claim: TrainingOptimumClaim, evidence: [TrainingSearchEvidence] } as const;
