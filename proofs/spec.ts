/**
 * Proof-suite entries of the `spec` property: the entry's `generate` block holds the VNN-LIB
 * text itself (so an entry is self-contained) and whether the network is embedded.
 */
import { z } from 'zod';
import type { Certificate, Claim } from '../src/certificates/schema.js';
import { specCertificate, specificationToJson } from '../src/certificates/spec.js';
import { parseVnnlib } from '../src/formats/vnnlib.js';
import { type Network, outputSize } from '../src/network/model.js';
import { verifySpecification } from '../src/properties/specification/verify.js';

/** The `generate` block of a spec entry. */
export const SpecGenerateJson = z.strictObject({ vnnlib: z.string(), embed: z.boolean().optional() });

/** The claim's `specification` field the entry states (read from its VNN-LIB text by the reader). */
export function specClaimOf(g: { vnnlib?: unknown }, net: Network): Extract<Claim, { property: 'spec' }>['specification'] {
  return specificationToJson(parseVnnlib(String(g.vnnlib), { inputs: net.inputs, outputs: outputSize(net) }));
}

/** Runs `verify spec` on the entry; throws when it does not decide. */
export function generateSpecCertificate(g: z.infer<typeof SpecGenerateJson>, net: Network, id: string): Certificate {
  const spec = parseVnnlib(g.vnnlib, { inputs: net.inputs, outputs: outputSize(net) });
  const result = verifySpecification(net, spec);
  if (result.status === 'unknown') throw new Error(`${id}: ${result.reason}`);
  return specCertificate(net, spec, result, { embed: g.embed ?? true });
}
