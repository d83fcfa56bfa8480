/** The `complex` part of the certificate format (the polyhedral complex): its claim and the evidence kinds it introduces. */
import { z } from 'zod';
import { Count, Digest, DomainJson, NetworkRefJson, Rationals } from './common.js';

/**
 * `complex`: the canonical polyhedral complex C(F) of the network on the domain (R^n or a box
 * whose facets are extra hyperplanes) is generic, and has exactly `vertices` vertices, this
 * f-vector (cells of dimension 0 … n; on R^n unbounded cells included), Euler characteristic and
 * Z/2 Betti numbers (of the one-point compactification on R^n), with `unboundedCells` unbounded
 * cells. `withOutput`: the outputs' zero sets are hyperplanes too. See docs/complex.md.
 */
export const ComplexClaim = z.strictObject({
  property: z.literal('complex'),
  network: NetworkRefJson,
  domain: DomainJson,
  withOutput: z.boolean(),
  vertices: Count,
  fVector: z.array(Count),
  eulerCharacteristic: z.int(),
  bettiZ2: z.array(Count),
  unboundedCells: Count,
});

/** A vertex of C(F): exact point and sign sequence (`-`, `0`, `+` per hyperplane, no separators). */
export const ComplexVertexJson = z.strictObject({ point: Rationals, signs: z.string().regex(/^[-0+]*$/, 'expected a string of "-", "0" and "+"') });

/**
 * The vertices of a generic complex; the checker re-derives signs, stars and edges from the
 * network and verifies that walking every edge from every vertex ends at a listed vertex.
 */
export const ComplexVerticesEvidence = z.strictObject({
  kind: z.literal('complex-vertices'),
  claimSha256: Digest,
  vertices: z.array(ComplexVertexJson),
});

export const complexPart = { property: 'complex', claim: ComplexClaim, evidence: [ComplexVerticesEvidence] } as const;
