/**
 * Proof-suite generator of `morse` certificates: a manifest entry's `generate` block names the
 * domain (`box`: "lo:hi" or per-coordinate intervals, omitted for R^n).
 */
import { z } from 'zod';
import * as pin from '../claimPinning.js';
import { domainOfBox, proofGenerator, requireNetwork } from '../proofGenerator.js';
import { morseCertificate } from './certificate.js';
import { analyseMorse } from './morse.js';

/** Parameters of a `morse` entry. */
export const MorseParameters = z.strictObject({ box: z.string().optional(), embed: z.boolean().optional() });

/** Rebuilds a `morse` certificate. */
export const morseProofGenerator = proofGenerator(MorseParameters, (g, network, id) => {
  const net = requireNetwork(network, id);
  const domain = domainOfBox(g.box, net);
  const result = analyseMorse(net, domain);
  if (result.status !== 'analysed') throw new Error(`${id}: the network is not generic on this domain`);
  return morseCertificate(net, domain, result, { embed: g.embed ?? true });
}, {
  claimFields: (g, net, id) => ({
    network: pin.networkRef(pin.requireNetworkFile(net, id), g.embed),
    domain: pin.domain(g.box, pin.requireNetworkFile(net, id), id),
    vertices: pin.RESULT,
    regular: pin.RESULT,
    degenerate: pin.RESULT,
    critical: pin.RESULT,
    criticalCells: pin.OPTIONAL_RESULT,
    bettiZ2: pin.OPTIONAL_RESULT,
    sublevels: pin.OPTIONAL_RESULT,
  }),
});
