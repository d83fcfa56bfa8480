/**
 * Proof-suite generator of `complex` certificates: a manifest entry's `generate` block names the
 * domain (`box`: "lo:hi" or per-coordinate intervals, omitted for R^n) and whether the outputs'
 * zero sets are hyperplanes (`withOutput`).
 */
import { z } from 'zod';
import * as pin from '../claimPinning.js';
import { domainOfBox, proofGenerator, requireNetwork } from '../proofGenerator.js';
import { complexCertificate } from './certificate.js';
import { computeComplex } from './complex.js';

/** Parameters of a `complex` entry. */
export const ComplexParameters = z.strictObject({ box: z.string().optional(), withOutput: z.boolean().optional(), embed: z.boolean().optional() });

/** Rebuilds a `complex` certificate. */
export const complexProofGenerator = proofGenerator(ComplexParameters, (g, network, id) => {
  const net = requireNetwork(network, id);
  const domain = domainOfBox(g.box, net);
  const withOutput = g.withOutput ?? false;
  const result = computeComplex(net, domain, { withOutput });
  if (result.status !== 'generic') throw new Error(`${id}: the network is not generic on this domain`);
  return complexCertificate(net, domain, result, { embed: g.embed ?? true, withOutput });
}, {
  claimFields: (g, net, id) => ({
    network: pin.networkRef(pin.requireNetworkFile(net, id), g.embed),
    domain: pin.domain(g.box, pin.requireNetworkFile(net, id), id),
    withOutput: pin.same(g.withOutput ?? false),
    vertices: pin.RESULT,
    fVector: pin.RESULT,
    eulerCharacteristic: pin.RESULT,
    bettiZ2: pin.RESULT,
    unboundedCells: pin.RESULT,
  }),
});
