/** Proof-suite generator of `regions` certificates: the domain (`box`, omitted for R^n). */
import { z } from 'zod';
import * as pin from '../claimPinning.js';
import { regionsCertificate } from '../../certificates/regions.js';
import { enumerateRegions } from '../../regions/enumerate.js';
import { domainOfBox, proofGenerator, requireNetwork } from '../proofGenerator.js';

/** Rebuilds a `regions` certificate. */
export const regionsProofGenerator = proofGenerator(z.strictObject({ box: z.string().optional(), embed: z.boolean().optional() }), (g, net, id) => {
  const network = requireNetwork(net, id);
  const domain = domainOfBox(g.box, network);
  const result = enumerateRegions(network, domain);
  return regionsCertificate(network, domain, result, { embed: g.embed ?? true });
}, {
  claimFields: (g, net, id) => ({
    network: pin.networkRef(pin.requireNetworkFile(net, id), g.embed),
    domain: pin.domain(g.box, pin.requireNetworkFile(net, id), id),
    regions: pin.RESULT,
  }),
});
