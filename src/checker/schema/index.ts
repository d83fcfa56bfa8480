/**
 * The certificate format `relucert.certificate/1`, composed from its parts (zod 4, small-core
 * style): common.ts holds what every property shares, and each property's file its claim and the
 * evidence kinds it introduces. The claim and evidence unions and {@link EVIDENCE_KINDS} are
 * derived from {@link PROPERTY_PARTS}; the JSON Schema in `schemas/certificate.schema.json` is
 * generated from the result ({@link certificateJsonSchema}).
 *
 * A certificate states a claim, a verdict and evidence. Everything numeric is exact: rationals
 * are strings (`"-7/3"`, `"5"`), counts and indices are JSON integers. The schema checks shapes
 * only; what the numbers must satisfy is the checker's business (see docs/certificates.md).
 * Part of the checker's trusted base: this folder imports only node built-ins, zod and the kernel.
 */
import { z } from 'zod';
import { activationRegionPart } from './activationRegion.js';
import { CERTIFICATE_FORMAT, type LinearSystemJson, type MultipliersJson } from './common.js';
import { complexPart } from './complex.js';
import { equivalentPart } from './equivalent.js';
import { injectivityPart } from './injectivity.js';
import { linearSystemPart } from './linearSystem.js';
import { lpOptimumPart } from './lpOptimum.js';
import { morsePart } from './morse.js';
import { outputBoundPart } from './outputBound.js';
import { regionsPart } from './regions.js';
import { sortPart } from './sort.js';
import { specPart } from './spec.js';
import { trainingPart } from './training.js';

export * from './activationRegion.js';
export * from './common.js';
export * from './complex.js';
export * from './equivalent.js';
export * from './injectivity.js';
export * from './linearSystem.js';
export * from './lpOptimum.js';
export * from './morse.js';
export * from './outputBound.js';
export * from './regions.js';
export * from './sort.js';
export * from './spec.js';
export * from './training.js';

/**
 * Every property's part, in format order (the order of the unions and of the generated JSON
 * Schema). Adding a property: its part file, one entry here, one entry in checker/plugins.ts.
 */
export const PROPERTY_PARTS = [linearSystemPart, lpOptimumPart, activationRegionPart, outputBoundPart, regionsPart, injectivityPart, complexPart, morsePart, trainingPart, sortPart, equivalentPart, specPart] as const;

type Parts = typeof PROPERTY_PARTS;
type ClaimsOf<T extends readonly unknown[]> = { -readonly [K in keyof T]: T[K] extends { readonly claim: infer C } ? C : never };
type ClaimSchemas = ClaimsOf<Parts>;
type EvidenceSchema = Parts[number]['evidence'][number];

/** Every claim, by property. */
export const ClaimJson = z.discriminatedUnion('property', PROPERTY_PARTS.map((p) => p.claim) as unknown as ClaimSchemas);

const evidenceSchemas = PROPERTY_PARTS.flatMap((p): readonly EvidenceSchema[] => p.evidence);

/** Every kind of evidence this format version defines. */
export const EvidenceJson = z.discriminatedUnion('kind', evidenceSchemas as unknown as [EvidenceSchema, ...EvidenceSchema[]]);

/** The evidence kinds this format version defines (derived from the parts). */
export const EVIDENCE_KINDS: readonly Evidence['kind'][] = evidenceSchemas.map((e) => e.shape.kind.value);

/** A whole certificate. */
export const CertificateJson = z
  .strictObject({
    format: z.literal(CERTIFICATE_FORMAT),
    claim: ClaimJson,
    verdict: z.enum(['holds', 'violated']),
    evidence: EvidenceJson,
    engine: z.strictObject({
      version: z.string(),
      stats: z.record(z.string(), z.union([z.number(), z.string()])),
    }),
  })
  .describe('A relucert certificate: a claim, a verdict, and evidence that an independent checker re-verifies exactly.');

/** A certificate document (parsed, shapes checked). */
export type Certificate = z.infer<typeof CertificateJson>;
/** A claim. */
export type Claim = z.infer<typeof ClaimJson>;
/** Evidence. */
export type Evidence = z.infer<typeof EvidenceJson>;
/** A linear system in JSON form. */
export type LinearSystemDoc = z.infer<typeof LinearSystemJson>;
/** Multipliers in JSON form (dense or sparse). */
export type MultipliersDoc = z.infer<typeof MultipliersJson>;
/** A property name. */
export type PropertyName = Claim['property'];
/** A verdict. */
export type Verdict = Certificate['verdict'];

/** The JSON Schema (draft 2020-12) of the certificate format, generated from the zod definition. */
export function certificateJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(CertificateJson, { target: 'draft-2020-12', reused: 'ref' }) as Record<string, unknown>;
  return { ...schema, title: CERTIFICATE_FORMAT };
}
