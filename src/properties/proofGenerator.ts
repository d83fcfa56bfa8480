/**
 * What every property's proof-suite generator is (proofs/manifest.json, `npm run proofs --
 * --regenerate`): the shape of a manifest entry's `generate` block, the engine run that
 * rebuilds the entry's certificate from it, and the claim fields those parameters fix (how
 * proofs/pinning.ts tells this entry's certificate from another's). Each property defines its
 * generator next to its producer (src/properties/<property>/proofGenerator.ts) and names it in
 * src/properties/registry.ts.
 */
import type Fraction from 'fraction.js';
import type { z } from 'zod';
import type { Certificate } from '../checker/schema/index.js';
import { parseRational } from '../exact/rational.js';
import type { Network } from '../network/model.js';
import type { LinearSystem } from '../polyhedra/system.js';
import type { LinearSystemDoc } from '../checker/schema/index.js';
import { type Domain, parseBox } from '../regions/domain.js';
import type { Match, PinParameters } from './claimPinning.js';

/** How one property's certificates are regenerated. */
export interface ProofGenerator {
  /** The shape of the entry's `generate` block. */
  readonly parameters: z.ZodType;
  /** Runs the engine; throws when it has no certificate to give. */
  generate(parameters: never, network: Network | undefined, id: string): Certificate;
  /**
   * The claim's fields (besides `property`) as the entry's parameters fix them — from the entry
   * alone, never from the engine (see src/properties/claimPinning.ts).
   * @throws Error when the entry itself is inconsistent (e.g. a bad box).
   */
  claimFields(parameters: PinParameters, network: Network | undefined, id: string): Record<string, Match>;
  /**
   * Why a "holds" certificate's evidence is not by the method the entry asks for, where the
   * evidence shows it (another method proves the same claim, but it is not this entry's).
   */
  methodMismatch?(parameters: PinParameters, evidence: Readonly<Record<string, unknown>>): string | undefined;
}

/** How a generator's entries are pinned: {@link ProofGenerator.claimFields} and, optionally, the method check. */
export type Pinning = Pick<ProofGenerator, 'claimFields' | 'methodMismatch'>;

/** Builds a generator whose parameter type is tied to its schema. */
export function proofGenerator<S extends z.ZodType>(
  parameters: S,
  generate: (p: z.infer<S>, network: Network | undefined, id: string) => Certificate,
  pinning: Pinning,
): ProofGenerator {
  return { parameters, generate: generate as ProofGenerator['generate'], ...pinning };
}

/** Rational texts as fractions. */
export function rationals(texts: readonly string[]): Fraction[] {
  return texts.map((t) => parseRational(t));
}

/** A linear system from its certificate JSON. */
export function systemFromJson(doc: LinearSystemDoc): LinearSystem {
  return {
    variables: doc.variables,
    constraints: doc.constraints.map((c) => ({ coefficients: rationals(c.coefficients), relation: c.relation, rhs: parseRational(c.rhs) })),
  };
}

/** A box from its certificate JSON (pairs of rational texts). */
export function boxFromJson(box: readonly (readonly [string, string])[]): [Fraction, Fraction][] {
  return box.map(([lo, hi]) => [parseRational(lo), parseRational(hi)]);
}

/** The network of an entry that needs one. */
export function requireNetwork(network: Network | undefined, id: string): Network {
  if (network === undefined) throw new Error(`${id}: this property needs a network`);
  return network;
}

/** The domain an entry's `box` text names ("lo:hi" or per-coordinate intervals), all of R^n when absent. */
export function domainOfBox(box: string | undefined, network: Network): Domain {
  return box === undefined ? { kind: 'all' } : parseBox(box, network.inputs);
}
