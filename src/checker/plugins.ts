/**
 * The checker's plug-in registry: one entry per property — its name, the evidence kinds its part
 * of the format introduces, its claim and evidence schemas (src/checker/schema/) and its check.
 * checkCertificate dispatches through it (no switch). The format's unions and EVIDENCE_KINDS are
 * derived from the same parts (schema/index.ts, PROPERTY_PARTS); the mapped type below makes a
 * property without a check a compile error. Adding a property: a schema part, a checker module,
 * one line in PROPERTY_PARTS and one line here.
 */
import type { z } from 'zod';
import type { Network } from '../network/model.js';
import { checkActivationRegion } from './activationRegion.js';
import { checkComplex } from './complex.js';
import { checkInjectivity } from './injectivity.js';
import { checkLinearSystem } from './linearSystem.js';
import { checkLpOptimum } from './lpOptimum.js';
import { checkMorse } from './morse.js';
import { checkOutputBound } from './outputBound.js';
import { checkRegions } from './regions.js';
import { type NetworkRefJson, type PropertyName, PROPERTY_PARTS } from './schema/index.js';
import { checkEquivalent, checkSort } from './sort.js';
import { checkSortCompositional } from './sortCompositional.js';
import { checkSpec } from './spec.js';
import { checkTrainingOptimum } from './training.js';
import type { Checked, Parsed } from './types.js';

/** Resolves a network reference of the claim (`where`: its JSON path; default `claim.network`, which may use the supplied network). */
export type ResolveNetwork = (ref: z.infer<typeof NetworkRefJson>, where?: string) => Network;

/** One property's entry. */
export interface CheckerPlugin<P extends PropertyName = PropertyName> {
  readonly property: P;
  readonly evidenceKinds: readonly string[];
  readonly claim: z.ZodType;
  readonly evidence: readonly z.ZodType[];
  readonly check: (cert: Parsed<P>, network: ResolveNetwork) => Checked;
}

type Part<P extends PropertyName> = Extract<(typeof PROPERTY_PARTS)[number], { readonly property: P }>;

function plugin<P extends PropertyName>(property: P, check: CheckerPlugin<P>['check']): CheckerPlugin<P> {
  const part = PROPERTY_PARTS.find((p) => p.property === property) as Part<P>;
  return { property, evidenceKinds: part.evidence.map((e) => e.shape.kind.value), claim: part.claim, evidence: part.evidence, check };
}

/** Every property the checker verifies, by name. */
export const PLUGINS: { readonly [P in PropertyName]: CheckerPlugin<P> } = {
  'linear-system': plugin('linear-system', (cert) => checkLinearSystem(cert)),
  'lp-optimum': plugin('lp-optimum', (cert) => checkLpOptimum(cert)),
  'activation-region': plugin('activation-region', (cert, net) => checkActivationRegion({ ...cert, network: net(cert.claim.network) })),
  'output-bound': plugin('output-bound', (cert, net) => checkOutputBound({ ...cert, network: net(cert.claim.network) })),
  regions: plugin('regions', (cert, net) => checkRegions({ ...cert, network: net(cert.claim.network) })),
  injectivity: plugin('injectivity', (cert, net) => checkInjectivity({ ...cert, network: net(cert.claim.network) })),
  complex: plugin('complex', (cert, net) => checkComplex({ ...cert, network: net(cert.claim.network) })),
  morse: plugin('morse', (cert, net) => checkMorse({ ...cert, network: net(cert.claim.network) })),
  'training-optimum': plugin('training-optimum', (cert) => checkTrainingOptimum(cert)),
  sort: plugin('sort', (cert, net) => (cert.evidence.kind === 'sort-compositional' ? checkSortCompositional : checkSort)({ ...cert, network: net(cert.claim.network) })),
  equivalent: plugin('equivalent', (cert, net) => checkEquivalent({ ...cert, network: net(cert.claim.network) }, net(cert.claim.other, 'claim.other'))),
  spec: plugin('spec', (cert, net) => checkSpec({ ...cert, network: net(cert.claim.network) })),
};
