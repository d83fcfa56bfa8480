/** The `sort` part of the certificate format (the network sorts): its claim and the evidence kinds it introduces. */
import { z } from 'zod';
import { Count, Digest, DomainJson, MultipliersJson, NetworkRefJson, Rationals, RegionNodeJson, SignProofJson } from './common.js';

/**
 * `sort`: on the domain, the network computes sort(x), the coordinates in ascending order:
 * N(x) = (x_{σ(0)}, …, x_{σ(n−1)}) with x_{σ(0)} ≤ … ≤ x_{σ(n−1)}, for every x in the domain.
 */
export const SortClaim = z.strictObject({
  property: z.literal('sort'),
  network: NetworkRefJson,
  domain: DomainJson,
});

/**
 * One node of a `sort-regions` split tree: as {@link RegionNodeJson}, but a leaf is `"leaf"`
 * without a point (the sort claim needs the leaves to cover the domain, not to be full-dimensional),
 * and `"p"` marks a neuron of a pass-through pair (two neurons of one layer with negated rows and
 * negated outgoing columns, see network/passPairs.ts): not split, the lower-indexed neuron taken
 * as on and its partner as off, which gives the exact map on both sides because the pair adds the
 * linear term column·z. Both neurons of a pair are `"p"` or neither is.
 */
export const SortNodeJson = z.union([z.literal('s'), z.literal('p'), z.tuple([z.enum(['+', '-']), SignProofJson]), z.literal('leaf')]);

/** A node of a `sort-regions` or `equivalence-regions` split tree. */
export type SortNode = z.infer<typeof SortNodeJson>;

/**
 * Why a network sorts: the region split tree (as in `region-tree`, leaves written `"leaf"`) and, per leaf in preorder, the
 * permutation σ of the leaf's output map (N(x)_i = x_{σ(i)}) and, per adjacent pair i, dual
 * multipliers y ≥ 0 over the leaf's half-spaces (domain rows, then one row per split on its
 * path) with Σ y_r a_r = e_{σ(i)} − e_{σ(i+1)} and Σ y_r b_r ≤ 0: x_{σ(i)} ≤ x_{σ(i+1)} on the leaf.
 */
export const SortRegionsEvidence = z.strictObject({
  kind: z.literal('sort-regions'),
  claimSha256: Digest,
  nodes: z.array(SortNodeJson),
  emptyDomain: MultipliersJson.optional(),
  leaves: z.array(z.strictObject({ permutation: z.array(Count), multipliers: z.array(MultipliersJson) })),
});

/** A counterexample to `sort`: an input in the domain and the network's exact output there, which is not sort(input). */
export const SortCounterexampleEvidence = z.strictObject({
  kind: z.literal('sort-counterexample'),
  claimSha256: Digest,
  input: Rationals,
  output: Rationals,
});

/**
 * A gadget lemma: the `sort-regions` tree and leaf proofs (nodes, leaves) that the gadget network,
 * which the checker builds itself, computes sort on all of R^k (sort2: k = 2, (min, max); the
 * identity pair: k = 1, relu(y) − relu(−y) = y).
 */
export const SortLemmaJson = z.strictObject({
  nodes: SortRegionsEvidence.shape.nodes,
  leaves: SortRegionsEvidence.shape.leaves,
});

/**
 * Why a comparator-network ReLU network sorts on all of R^n, compositionally (docs/certificates.md):
 * (a) `lemmas`: the gadget lemmas by region enumeration, `sort2` when some stage has a comparator,
 * `identity` when some stage carries a wire; (b) `stages`: hidden layer s of the network is stage
 * s, written as pairs [a, b, a', b', …] in neuron order: a ≠ b a sort2 comparator (min to wire a,
 * max to wire b; 4 neurons), a = b an identity pair carrying wire a (2 neurons); (c) `sorting`:
 * the 0-1 principle over all 2^n inputs, or recursive merging in log2 n phases (stage ranges
 * [from, to) and the direction, `a` ascending or `d` descending, of every block after the phase).
 */
export const SortCompositionalEvidence = z.strictObject({
  kind: z.literal('sort-compositional'),
  claimSha256: Digest,
  lemmas: z.strictObject({ sort2: SortLemmaJson.optional(), identity: SortLemmaJson.optional() }),
  stages: z.array(z.array(Count)),
  sorting: z.discriminatedUnion('method', [
    z.strictObject({ method: z.literal('zero-one') }),
    z.strictObject({
      method: z.literal('merge'),
      phases: z.array(z.strictObject({ stages: z.tuple([Count, Count]), directions: z.string().regex(/^[ad]+$/, 'expected a string of "a" and "d"') })),
    }),
  ]),
});

export const sortPart = { property: 'sort', claim: SortClaim, evidence: [SortRegionsEvidence, SortCounterexampleEvidence, SortCompositionalEvidence] } as const;
