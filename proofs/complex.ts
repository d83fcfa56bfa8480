/**
 * Proof-suite generators of `complex` and `morse` certificates: a manifest entry's `generate`
 * block names the domain (`box`: "lo:hi" or per-coordinate intervals, omitted for R^n) and, for
 * complexes, whether the outputs' zero sets are hyperplanes (`withOutput`).
 */
import { z } from 'zod';
import { complexCertificate } from '../src/properties/complex/certificate.js';
import { morseCertificate } from '../src/properties/morse/certificate.js';
import type { Certificate } from '../src/certificates/schema.js';
import type { Network } from '../src/network/model.js';
import { computeComplex } from '../src/properties/complex/complex.js';
import { analyseMorse } from '../src/properties/morse/morse.js';
import { type Domain, parseBox } from '../src/regions/domain.js';

/** Parameters of a `complex` entry. */
export const ComplexParameters = z.strictObject({ box: z.string().optional(), withOutput: z.boolean().optional(), embed: z.boolean().optional() });
/** Parameters of a `morse` entry. */
export const MorseParameters = z.strictObject({ box: z.string().optional(), embed: z.boolean().optional() });

function domainOf(box: string | undefined, net: Network): Domain {
  return box === undefined ? { kind: 'all' } : parseBox(box, net.inputs);
}

/** Rebuilds a `complex` certificate. */
export function generateComplex(g: z.infer<typeof ComplexParameters>, net: Network, id: string): Certificate {
  const domain = domainOf(g.box, net);
  const withOutput = g.withOutput ?? false;
  const result = computeComplex(net, domain, { withOutput });
  if (result.status !== 'generic') throw new Error(`${id}: the network is not generic on this domain`);
  return complexCertificate(net, domain, result, { embed: g.embed ?? true, withOutput });
}

/** Rebuilds a `morse` certificate. */
export function generateMorse(g: z.infer<typeof MorseParameters>, net: Network, id: string): Certificate {
  const domain = domainOf(g.box, net);
  const result = analyseMorse(net, domain);
  if (result.status !== 'analysed') throw new Error(`${id}: the network is not generic on this domain`);
  return morseCertificate(net, domain, result, { embed: g.embed ?? true });
}
