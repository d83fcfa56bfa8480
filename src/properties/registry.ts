/**
 * The engine-side property registry: one entry per property the certificate format knows (the
 * same names as the checker's claims, src/checker/schema/), holding what the engine has
 * for it — the functions that assemble its certificates, the proof-suite generator that rebuilds
 * them from a manifest entry, and the `relucert verify <property>` subcommand where there is one.
 * Derived from it: the proof suite's generator list (proofs/generators.ts) and the `verify`
 * subcommands (src/cli/program.ts, which also lists their names in VERIFY_SUBCOMMANDS to import
 * one alone at start-up; test/cli/lazyCommands.test.ts keeps the two lists equal). The table is
 * keyed by every claim property, so a property the checker gains fails to compile here until it
 * has an entry.
 *
 * Adding a property (engine side) = its modules under src/properties/<property>/ (producer,
 * `certificate.ts`, `proofGenerator.ts`, optionally a CLI command) + one entry below.
 *
 * This module composes the engine: it imports the properties and their CLI subcommands, and
 * nothing but the CLI program and the proof suite import it.
 */
import type { Claim } from '../checker/schema/index.js';
import { activationRegionCertificate } from '../regions/activationRegionCertificate.js';
import { regionsCertificate } from '../regions/certificate.js';
import type { RegisterVerifier } from '../cli/commands/verify.js';
import { registerVerifyInjective } from '../cli/commands/verifyInjective.js';
import { registerVerifyOptimal } from '../cli/commands/verifyOptimal.js';
import { registerVerifyEquiv, registerVerifySort } from '../cli/commands/verifySort.js';
import { registerVerifySpec } from '../cli/commands/verifySpec.js';
import { activationRegionProofGenerator } from './activationRegion/proofGenerator.js';
import { complexCertificate } from './complex/certificate.js';
import { complexProofGenerator } from './complex/proofGenerator.js';
import { injectivityCertificate } from './injectivity/certificate.js';
import { injectivityProofGenerator } from './injectivity/proofGenerator.js';
import { linearSystemCertificate } from './linearSystem/certificate.js';
import { linearSystemProofGenerator } from './linearSystem/proofGenerator.js';
import { lpBoundCertificate, lpCertificateFromSolution, lpOptimumCertificate } from './lpOptimum/certificate.js';
import { lpOptimumProofGenerator } from './lpOptimum/proofGenerator.js';
import { morseCertificate } from './morse/certificate.js';
import { morseProofGenerator } from './morse/proofGenerator.js';
import { outputBoundCounterexample } from './outputBound/certificate.js';
import { outputBoundProofGenerator } from './outputBound/proofGenerator.js';
import type { ProofGenerator } from './proofGenerator.js';
import { regionsProofGenerator } from './regions/proofGenerator.js';
import { equivalenceCertificate, sortCertificate } from './sorting/certificate.js';
import { compositionalSortCertificate } from './sorting/compositionalCertificate.js';
import { equivalentProofGenerator, sortProofGenerator } from './sorting/proofGenerator.js';
import { specCertificate } from './specification/certificate.js';
import { specProofGenerator } from './specification/proofGenerator.js';
import { trainingCertificate } from './training/certificate.js';
import { trainingProofGenerator } from './training/proofGenerator.js';

/** A property's name: the `claim.property` of its certificates. */
export type PropertyName = Claim['property'];

/** What the engine has for one property. */
export interface PropertyEntry<P extends PropertyName = PropertyName> {
  /** The claim's `property` (the checker's name). */
  readonly property: P;
  /** The functions that assemble this property's certificates, by name (for readers and tests: each is a function). */
  readonly encoders: Readonly<Record<string, (...args: never[]) => unknown>>;
  /** How the proof suite rebuilds this property's certificates (proofs/manifest.json). */
  readonly proofGenerator: ProofGenerator;
  /** Its `relucert verify …` subcommands, registered in this order. */
  readonly verifyCommands?: readonly RegisterVerifier[];
}

/**
 * Every property, in the order the `verify` subcommands are registered (sort, equiv, injective,
 * optimal, spec) and the proof suite lists them.
 */
export const PROPERTIES: { readonly [P in PropertyName]: PropertyEntry<P> } = {
  'linear-system': { property: 'linear-system', encoders: { linearSystemCertificate }, proofGenerator: linearSystemProofGenerator },
  'lp-optimum': {
    property: 'lp-optimum',
    encoders: { lpOptimumCertificate, lpCertificateFromSolution, lpBoundCertificate },
    proofGenerator: lpOptimumProofGenerator,
  },
  'activation-region': { property: 'activation-region', encoders: { activationRegionCertificate }, proofGenerator: activationRegionProofGenerator },
  'output-bound': { property: 'output-bound', encoders: { outputBoundCounterexample }, proofGenerator: outputBoundProofGenerator },
  regions: { property: 'regions', encoders: { regionsCertificate }, proofGenerator: regionsProofGenerator },
  sort: {
    property: 'sort',
    encoders: { sortCertificate, compositionalSortCertificate },
    proofGenerator: sortProofGenerator,
    verifyCommands: [registerVerifySort],
  },
  equivalent: { property: 'equivalent', encoders: { equivalenceCertificate }, proofGenerator: equivalentProofGenerator, verifyCommands: [registerVerifyEquiv] },
  injectivity: { property: 'injectivity', encoders: { injectivityCertificate }, proofGenerator: injectivityProofGenerator, verifyCommands: [registerVerifyInjective] },
  'training-optimum': { property: 'training-optimum', encoders: { trainingCertificate }, proofGenerator: trainingProofGenerator, verifyCommands: [registerVerifyOptimal] },
  complex: { property: 'complex', encoders: { complexCertificate }, proofGenerator: complexProofGenerator },
  morse: { property: 'morse', encoders: { morseCertificate }, proofGenerator: morseProofGenerator },
  spec: { property: 'spec', encoders: { specCertificate }, proofGenerator: specProofGenerator, verifyCommands: [registerVerifySpec] },
};

/** The registry's entries, in its order. */
export const PROPERTY_ENTRIES: readonly PropertyEntry[] = Object.values(PROPERTIES);

/** Every `relucert verify …` subcommand, in registry order. */
export function verifyCommands(): RegisterVerifier[] {
  return PROPERTY_ENTRIES.flatMap((entry) => entry.verifyCommands ?? []);
}
