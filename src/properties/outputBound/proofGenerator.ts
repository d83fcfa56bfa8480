/** Proof-suite generator of `output-bound` refutations: box, objective, bound and the falsifier's seed. */
import { z } from 'zod';
import * as pin from '../claimPinning.js';
import { BoxJson, RationalText } from '../../checker/schema/index.js';
import { parseRational } from '../../exact/rational.js';
import { boxFromJson, proofGenerator, rationals, requireNetwork } from '../proofGenerator.js';
import { outputBoundCounterexample } from './certificate.js';

/** Rebuilds an `output-bound` counterexample (a falsifier that finds none proves nothing, and fails the entry). */
export const outputBoundProofGenerator = proofGenerator(
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
  {
    claimFields: (g, net, id) => ({
      network: pin.networkRef(pin.requireNetworkFile(net, id), g.embed),
      domain: pin.record({ box: pin.box(g.box) }),
      objective: pin.rationals(g.objective),
      bound: pin.rational(g.bound),
    }),
  },
);
