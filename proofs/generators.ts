/**
 * The proof suite's generators: for each property, the parameters a manifest entry's `generate`
 * block holds and the engine producer that rebuilds its certificate (`npm run proofs --
 * --regenerate`). Derived from the property registry (src/properties/registry.ts): adding a
 * property to the suite = its `proofGenerator.ts` and its registry entry.
 */
import { PROPERTY_ENTRIES } from '../src/properties/registry.js';
import type { ProofGenerator } from '../src/properties/proofGenerator.js';

/** How one property's certificates are regenerated. */
export type Generator = ProofGenerator;

/** Every property the proof suite can regenerate, by property name. */
export const GENERATORS: Readonly<Record<string, Generator>> = Object.fromEntries(PROPERTY_ENTRIES.map((entry) => [entry.property, entry.proofGenerator]));
