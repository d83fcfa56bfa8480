/**
 * Proof-suite generator of `spec` certificates: the entry's `generate` block holds the VNN-LIB
 * text itself (so an entry is self-contained) and whether the network is embedded; the claim's
 * specification is that text read exactly by the VNN-LIB reader.
 */
import { z } from 'zod';
import type { Claim } from '../../checker/schema/index.js';
import { parseVnnlib } from '../../formats/vnnlib.js';
import { type Network, outputSize } from '../../network/model.js';
import * as pin from '../claimPinning.js';
import { proofGenerator, requireNetwork } from '../proofGenerator.js';
import { specCertificate, specificationToJson } from './certificate.js';
import { verifySpecification } from './verify.js';

/** The `generate` block of a spec entry. */
export const SpecGenerateJson = z.strictObject({ vnnlib: z.string(), embed: z.boolean().optional() });

/** The claim's `specification` field the entry states (its VNN-LIB text read by the reader). */
export function specClaimOf(g: { vnnlib?: unknown }, net: Network): Extract<Claim, { property: 'spec' }>['specification'] {
  return specificationToJson(parseVnnlib(String(g.vnnlib), { inputs: net.inputs, outputs: outputSize(net) }));
}

/** Rebuilds a `spec` certificate by running `verify spec`; throws when it does not decide. */
export const specProofGenerator = proofGenerator(
  SpecGenerateJson,
  (g, net, id) => {
    const network = requireNetwork(net, id);
    const spec = parseVnnlib(g.vnnlib, { inputs: network.inputs, outputs: outputSize(network) });
    const result = verifySpecification(network, spec);
    if (result.status === 'unknown') throw new Error(`${id}: ${result.reason}`);
    return specCertificate(network, spec, result, { embed: g.embed ?? true });
  },
  {
    claimFields: (g, net, id) => {
      const network = pin.requireNetworkFile(net, id);
      // A block that is not a spec block, or VNN-LIB text that does not read, is no entry any
      // certificate belongs to.
      const parsed = SpecGenerateJson.safeParse(g);
      let specification: pin.Match;
      if (!parsed.success) specification = (_a, path) => `${path}: the entry's generate block is not a spec block (${parsed.error.issues[0]?.message ?? 'malformed'})`;
      else {
        try {
          specification = pin.same(specClaimOf(parsed.data, network));
        } catch (e) {
          specification = (_a, path) => `${path}: the entry's VNN-LIB text does not read (${(e as Error).message})`;
        }
      }
      return { network: pin.networkRef(network, g.embed), specification };
    },
  },
);
