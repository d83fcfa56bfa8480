/** The `morse` part of the certificate format (Morse analysis of a scalar network): its claim and the evidence kinds it introduces. */
import { z } from 'zod';
import { Count, Digest, DomainJson, NetworkRefJson, RationalText, Rationals } from './common.js';

/** A critical point of F: exact coordinates, value, index; `interior`: no box facet passes through it. */
export const CriticalPointJson = z.strictObject({ point: Rationals, value: RationalText, index: Count, interior: z.boolean() });

/**
 * `morse`: on the domain, C(F) is generic and its vertices classify (Brooks & Masden 2024, Def. 5)
 * into `regular` regular ones, the `degenerate` ones (F flat along an edge) and exactly the
 * `critical` points listed. On a box with no degenerate vertex also: the discrete gradient's
 * critical cells by dimension, the Z/2 Betti numbers of the complex and of the sublevel
 * complexes at the levels t (midpoints between consecutive critical values, then the largest
 * vertex value). See docs/complex.md.
 */
export const MorseClaim = z.strictObject({
  property: z.literal('morse'),
  network: NetworkRefJson,
  domain: DomainJson,
  vertices: Count,
  regular: Count,
  degenerate: z.array(Rationals),
  critical: z.array(CriticalPointJson),
  criticalCells: z.array(Count).optional(),
  bettiZ2: z.array(Count).optional(),
  sublevels: z.array(z.strictObject({ t: RationalText, bettiZ2: z.array(Count) })).optional(),
});

/**
 * The vertices with the exact derivative of F along each of their edges (zero axes in sign
 * order, side + before −; a box facet has only its inward edge +), and on a box the discrete
 * gradient's matched pairs [face, coface] as sign sequences.
 */
export const MorseVerticesEvidence = z.strictObject({
  kind: z.literal('morse-vertices'),
  claimSha256: Digest,
  vertices: z.array(z.strictObject({ point: Rationals, signs: z.string().regex(/^[-0+]*$/), derivatives: Rationals })),
  pairs: z.array(z.tuple([z.string().regex(/^[-0+]*$/), z.string().regex(/^[-0+]*$/)])).optional(),
});

export const morsePart = { property: 'morse', claim: MorseClaim, evidence: [MorseVerticesEvidence] } as const;
