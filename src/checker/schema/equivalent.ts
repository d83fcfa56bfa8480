/** The `equivalent` part of the certificate format (two networks compute the same function): its claim and the evidence kinds it introduces. */
import { z } from 'zod';
import { Digest, DomainJson, NetworkRefJson, Rationals } from './common.js';
import { SortNodeJson } from './sort.js';

/**
 * `equivalent`: on the domain, the network and `other` compute the same function: N(x) = M(x)
 * for every x in the domain (same input and output sizes).
 */
export const EquivalentClaim = z.strictObject({
  property: z.literal('equivalent'),
  network: NetworkRefJson,
  other: NetworkRefJson,
  domain: DomainJson,
});

/**
 * Why two networks are equivalent: the split tree of the first network (`sort-regions` node
 * format) and, per leaf in preorder, the split tree of the second network on that leaf's
 * polyhedron (its rows are the domain rows of the inner tree); on every inner leaf the two
 * rebuilt output maps are equal.
 */
export const EquivalenceRegionsEvidence = z.strictObject({
  kind: z.literal('equivalence-regions'),
  claimSha256: Digest,
  nodes: z.array(SortNodeJson),
  inner: z.array(z.array(SortNodeJson)),
});

/** A counterexample to `equivalent`: an input in the domain and both networks' exact outputs there, which differ. */
export const EquivalenceCounterexampleEvidence = z.strictObject({
  kind: z.literal('equivalence-counterexample'),
  claimSha256: Digest,
  input: Rationals,
  output: Rationals,
  otherOutput: Rationals,
});

export const equivalentPart = { property: 'equivalent', claim: EquivalentClaim, evidence: [EquivalenceRegionsEvidence, EquivalenceCounterexampleEvidence] } as const;
