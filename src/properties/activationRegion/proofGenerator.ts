/** Proof-suite generator of `activation-region` certificates: the pattern and an optional box. */
import { z } from 'zod';
import * as pin from '../claimPinning.js';
import { activationRegionCertificate } from '../../regions/activationRegionCertificate.js';
import { BoxJson } from '../../checker/schema/index.js';
import { boxFromJson, proofGenerator, requireNetwork } from '../proofGenerator.js';

/** Rebuilds an `activation-region` certificate. */
export const activationRegionProofGenerator = proofGenerator(z.strictObject({ pattern: z.array(z.string()), box: BoxJson.optional(), embed: z.boolean().optional() }), (g, net, id) =>
  activationRegionCertificate(requireNetwork(net, id), g.pattern, { ...(g.box ? { box: boxFromJson(g.box) } : {}), embed: g.embed ?? true }),
  {
    claimFields: (g, net, id) => ({
      network: pin.networkRef(pin.requireNetworkFile(net, id), g.embed),
      pattern: pin.same(g.pattern),
      domain: g.box === undefined ? pin.ABSENT : pin.record({ box: pin.box(g.box) }),
    }),
  },
);
