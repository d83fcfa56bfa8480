/**
 * Proof-suite generator of `injectivity` certificates: a manifest entry's `generate` block names
 * the domain (`box`, as on the command line; default all of R^n), the one-layer method and the
 * deep mode; the generator reruns {@link verifyInjective} and assembles the certificate.
 */
import { z } from 'zod';
import { injectivityCertificate } from '../src/properties/injectivity/certificate.js';
import type { Certificate } from '../src/certificates/schema.js';
import type { Network } from '../src/network/model.js';
import { verifyInjective } from '../src/properties/injectivity/verify.js';
import { type Domain, parseBox } from '../src/regions/domain.js';

/** The `generate` block of an injectivity entry. */
export const InjectivityGenerateJson = z.strictObject({
  box: z.string().optional(),
  method: z.enum(['auto', 'cells', 'fgs']).optional(),
  deep: z.enum(['auto', 'layer-wise', 'pairs']).optional(),
  embed: z.boolean().optional(),
});

/** Reruns the decision for an entry and returns its certificate. */
export function generateInjectivityCertificate(g: z.infer<typeof InjectivityGenerateJson>, network: Network | undefined, id: string): Certificate {
  if (network === undefined) throw new Error(`${id}: an injectivity entry needs a network`);
  const domain: Domain = g.box === undefined ? { kind: 'all' } : parseBox(g.box, network.inputs);
  const result = verifyInjective(network, { domain, method: g.method ?? 'auto', deep: g.deep ?? 'auto' });
  if (result.status === 'unknown') throw new Error(`${id}: undecided: ${result.reason}`);
  return injectivityCertificate(network, domain, result, { embed: g.embed ?? true });
}
