/** The `regions` part of the certificate format (the number of activation regions): its claim and the evidence kinds it introduces. */
import { z } from 'zod';
import { Count, Digest, DomainJson, MultipliersJson, NetworkRefJson, RegionNodeJson } from './common.js';

/**
 * `regions`: on the domain, the network has exactly `regions` activation regions with a nonempty
 * interior (a neuron whose pre-activation is identically zero on a region counts as off).
 */
export const RegionsClaim = z.strictObject({
  property: z.literal('regions'),
  network: NetworkRefJson,
  domain: DomainJson,
  regions: Count,
});

/**
 * The split tree of the region engine (see docs/certificates.md): the leaves are the regions. When
 * the domain itself has an empty interior, `nodes` is empty and `emptyDomain` holds Motzkin
 * multipliers over the domain's rows made strict.
 */
export const RegionTreeEvidence = z.strictObject({
  kind: z.literal('region-tree'),
  claimSha256: Digest,
  nodes: z.array(RegionNodeJson),
  emptyDomain: MultipliersJson.optional(),
});

export const regionsPart = { property: 'regions', claim: RegionsClaim, evidence: [RegionTreeEvidence] } as const;
