/**
 * The proof suite's generators: for each property, the parameters a manifest entry's `generate`
 * block holds and the engine producer that rebuilds its certificate (`npm run proofs --
 * --regenerate`). Adding a property to the suite = adding one entry to {@link GENERATORS}.
 */
import type Fraction from 'fraction.js';
import { z } from 'zod';
import { activationRegionCertificate } from '../src/certificates/activationRegion.js';
import { linearSystemCertificate } from '../src/certificates/linearSystem.js';
import { lpOptimumCertificate } from '../src/certificates/lpOptimum.js';
import { outputBoundCounterexample } from '../src/certificates/outputBound.js';
import { regionsCertificate } from '../src/certificates/regions.js';
import { equivalenceCertificate, sortCertificate } from '../src/certificates/sort.js';
import { compositionalSortCertificate } from '../src/certificates/sortCompositional.js';
import { REFERENCES, referenceNetwork, verifyEquivalent } from '../src/properties/sorting/equivalence.js';
import { verifySort } from '../src/properties/sorting/verifySort.js';
import { BoxJson, type Certificate, type LinearSystemDoc, LinearSystemJson, RationalText } from '../src/certificates/schema.js';
import { parseRational } from '../src/exact/rational.js';
import type { Network } from '../src/network/model.js';
import type { LinearSystem } from '../src/polyhedra/system.js';
import { type Domain, parseBox } from '../src/regions/domain.js';
import { enumerateRegions } from '../src/regions/enumerate.js';
import { InjectivityGenerateJson, generateInjectivityCertificate } from './injectivity.js';
import { ComplexParameters, MorseParameters, generateComplex, generateMorse } from './complex.js';
import { TrainingGenerateJson, generateTrainingCertificate } from './training.js';
import { SpecGenerateJson, generateSpecCertificate } from './spec.js';

/** How one property's certificates are regenerated. */
export interface Generator {
  /** The shape of the entry's `generate` block. */
  readonly parameters: z.ZodType;
  /** Runs the engine; throws when it has no certificate to give. */
  generate(parameters: never, network: Network | undefined, id: string): Certificate;
}

/** Helper that keeps each generator's parameter type tied to its schema. */
function generator<S extends z.ZodType>(parameters: S, generate: (p: z.infer<S>, network: Network | undefined, id: string) => Certificate): Generator {
  return { parameters, generate: generate as Generator['generate'] };
}

export function rationals(texts: readonly string[]): Fraction[] {
  return texts.map((t) => parseRational(t));
}

export function systemFromJson(doc: LinearSystemDoc): LinearSystem {
  return {
    variables: doc.variables,
    constraints: doc.constraints.map((c) => ({ coefficients: rationals(c.coefficients), relation: c.relation, rhs: parseRational(c.rhs) })),
  };
}

export function boxFromJson(box: readonly (readonly [string, string])[]): [Fraction, Fraction][] {
  return box.map(([lo, hi]) => [parseRational(lo), parseRational(hi)]);
}

/** The network of an entry that needs one. */
export function requireNetwork(network: Network | undefined, id: string): Network {
  if (network === undefined) throw new Error(`${id}: this property needs a network`);
  return network;
}

/** Every property the proof suite can regenerate. */
export const GENERATORS: Readonly<Record<string, Generator>> = {
  'linear-system': generator(z.strictObject({ system: LinearSystemJson, question: z.enum(['feasible', 'interior-nonempty']) }), (g) =>
    linearSystemCertificate(systemFromJson(g.system), g.question),
  ),
  'lp-optimum': generator(
    z.strictObject({ system: LinearSystemJson, objective: z.array(RationalText), sense: z.enum(['max', 'min']), statement: z.enum(['optimum', 'bound']) }),
    (g, _net, id) => {
      const outcome = lpOptimumCertificate(systemFromJson(g.system), rationals(g.objective), g.sense, g.statement);
      if (outcome.status === 'unbounded') throw new Error(`${id}: the LP is unbounded`);
      return outcome.certificate;
    },
  ),
  'activation-region': generator(z.strictObject({ pattern: z.array(z.string()), box: BoxJson.optional(), embed: z.boolean().optional() }), (g, net, id) =>
    activationRegionCertificate(requireNetwork(net, id), g.pattern, { ...(g.box ? { box: boxFromJson(g.box) } : {}), embed: g.embed ?? true }),
  ),
  'output-bound': generator(
    z.strictObject({ box: BoxJson, objective: z.array(RationalText), bound: RationalText, seed: z.int(), samples: z.int().nonnegative(), embed: z.boolean().optional() }),
    (g, net, id) => {
      const cert = outputBoundCounterexample(requireNetwork(net, id), boxFromJson(g.box), rationals(g.objective), parseRational(g.bound), {
        seed: g.seed,
        samples: g.samples,
        embed: g.embed ?? true,
      });
      if (cert === undefined) throw new Error(`${id}: the falsifier found no counterexample (and proves nothing)`);
      return cert;
    },
  ),
  regions: generator(z.strictObject({ box: z.string().optional(), embed: z.boolean().optional() }), (g, net, id) => {
    const network = requireNetwork(net, id);
    const domain: Domain = g.box === undefined ? { kind: 'all' } : parseBox(g.box, network.inputs);
    const result = enumerateRegions(network, domain);
    return regionsCertificate(network, domain, result, { embed: g.embed ?? true });
  }),
  injectivity: generator(InjectivityGenerateJson, (g, net, id) => generateInjectivityCertificate(g, net, id)),
  complex: generator(ComplexParameters, (g, net, id) => generateComplex(g, requireNetwork(net, id), id)),
  morse: generator(MorseParameters, (g, net, id) => generateMorse(g, requireNetwork(net, id), id)),
  'training-optimum': generator(TrainingGenerateJson, (g, _net, id) => generateTrainingCertificate(g, id)),
  spec: generator(SpecGenerateJson, (g, net, id) => generateSpecCertificate(g, requireNetwork(net, id), id)),
  equivalent: generator(z.strictObject({ reference: z.enum(REFERENCES), box: z.string().optional(), embed: z.boolean().optional() }), (g, net, id) => {
    const network = requireNetwork(net, id);
    const domain: Domain = g.box === undefined ? { kind: 'all' } : parseBox(g.box, network.inputs);
    const other = referenceNetwork(g.reference, network.inputs);
    const result = verifyEquivalent(network, other, domain);
    if (result.status === 'unknown') throw new Error(`${id}: ${result.reason}`);
    return equivalenceCertificate(network, other, domain, result, { embed: g.embed ?? true });
  }),
  sort: generator(
    z.strictObject({ box: z.string().optional(), embed: z.boolean().optional(), compositional: z.boolean().optional(), method: z.enum(['zero-one', 'merge']).optional() }),
    (g, net, id) => {
      const network = requireNetwork(net, id);
      if (g.compositional === true) {
        // From the construction trace: gadget lemmas, weights = traced comparators, comparator network sorts.
        if (g.box !== undefined) throw new Error(`${id}: a compositional proof is about all of R^n (no box)`);
        const outcome = compositionalSortCertificate(network, { embed: g.embed ?? true, ...(g.method !== undefined ? { method: g.method } : {}) });
        if (outcome.status === 'unknown') throw new Error(`${id}: ${outcome.reason}`);
        return outcome.certificate;
      }
      if (g.method !== undefined) throw new Error(`${id}: method applies to compositional proofs only`);
      const domain: Domain = g.box === undefined ? { kind: 'all' } : parseBox(g.box, network.inputs);
      const result = verifySort(network, domain);
      if (result.status === 'unknown') throw new Error(`${id}: ${result.reason}`);
      return sortCertificate(network, domain, result, { embed: g.embed ?? true });
    },
  ),
};
