/** The `injectivity` part of the certificate format (injectivity of the network): its claim and the evidence kinds it introduces. */
import { z } from 'zod';
import { Count, Digest, DomainJson, MultipliersJson, NetworkRefJson, RationalText, Rationals, RegionNodeJson } from './common.js';

/**
 * `injectivity`: the network is injective on the closed domain (a box, a polytope or all of R^n,
 * with a nonempty interior): no two distinct inputs x ≠ y in it have N(x) = N(y).
 */
export const InjectivityClaim = z.strictObject({
  property: z.literal('injectivity'),
  network: NetworkRefJson,
  domain: DomainJson,
});

/** An n×n minor of a matrix the checker rebuilds: the rows (increasing) and their exact, nonzero determinant. */
export const MinorJson = z.strictObject({ rows: z.array(Count), determinant: RationalText });

/** Two distinct inputs of the closed domain with the same output (`output` = N(x) = N(y)): injectivity is violated. */
export const InjectivityPairEvidence = z.strictObject({
  kind: z.literal('injectivity-pair'),
  claimSha256: Digest,
  x: Rationals,
  y: Rationals,
  output: Rationals,
});

/**
 * One node of a Froese–Grillo–Skutella search tree over a bias-free layer, in preorder (node set C,
 * the root's C empty): `{ minor }` rows of C with a nonzero minor; `{ farkas }` sparse Farkas
 * multipliers of {−w_i·x ≤ 0 (i ∈ C), w_i·x ≤ −1 (i ∉ C)}, followed by one subtree per support row
 * outside C (ascending, child set C ∪ {i}); `"seen"` a set refuted earlier in preorder.
 */
export const SearchNodeJson = z.union([
  z.literal('seen'),
  z.strictObject({ minor: MinorJson }),
  z.strictObject({ farkas: z.strictObject({ rows: z.array(Count), values: Rationals }) }),
]);

/**
 * The proof that one stage is injective on the set it receives (stage 0 on the claim's domain,
 * later ReLU stages on the nonnegative orthant): `{ cells, minors }` the stage's region split tree
 * and, per leaf in preorder, rows positive on the leaf with a nonzero minor; `{ search }` an FGS
 * tree (bias-free first stage on all of R^n); `{ minor }` a final affine stage of full column rank.
 */
export const StageProofJson = z.union([
  z.strictObject({ cells: z.array(RegionNodeJson), minors: z.array(MinorJson) }),
  z.strictObject({ search: z.array(SearchNodeJson) }),
  z.strictObject({ minor: MinorJson }),
]);

/** Injectivity, layer-wise: one proof per stage (identity layers folded into the next ReLU layer; see docs/injectivity.md). */
export const InjectivityLayersEvidence = z.strictObject({
  kind: z.literal('injectivity-layers'),
  claimSha256: Digest,
  stages: z.array(StageProofJson),
});

/** An exact bound of output `output` over the closure of region `region`: dual multipliers over the region's rows. */
export const OutputBoundJson = z.strictObject({
  region: Count,
  output: Count,
  sense: z.enum(['max', 'min']),
  value: RationalText,
  dual: MultipliersJson,
});

/**
 * Why regions p ≤ q give no counterexample: `minor` (p = q) n output rows of A_p with a nonzero
 * minor; `separated` [u, l] bound u (a max of output k on one region) below bound l (a min of
 * output k on the other); `farkas` multipliers refuting the pair system; `duals` 2n multiplier
 * vectors proving max ±(x_i − y_i) ≤ 0 over the pair system (order: i = 0, +; i = 0, −; i = 1, +; …).
 */
export const RegionPairJson = z.union([
  z.strictObject({ p: Count, q: Count, minor: MinorJson }),
  z.strictObject({ p: Count, q: Count, separated: z.tuple([Count, Count]) }),
  z.strictObject({ p: Count, q: Count, farkas: MultipliersJson }),
  z.strictObject({ p: Count, q: Count, duals: z.array(MultipliersJson) }),
]);

/** Injectivity by pairs of regions: the network's split tree, output bounds, and one proof per pair p ≤ q (p, then q ascending). */
export const InjectivityRegionsEvidence = z.strictObject({
  kind: z.literal('injectivity-regions'),
  claimSha256: Digest,
  nodes: z.array(RegionNodeJson),
  bounds: z.array(OutputBoundJson),
  pairs: z.array(RegionPairJson),
});

export const injectivityPart = { property: 'injectivity', claim: InjectivityClaim, evidence: [InjectivityPairEvidence, InjectivityLayersEvidence, InjectivityRegionsEvidence] } as const;
