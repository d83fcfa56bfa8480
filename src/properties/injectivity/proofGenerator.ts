/**
 * Proof-suite generator of `injectivity` certificates: a manifest entry's `generate` block names
 * the domain (`box`, as on the command line; default all of R^n), the one-layer method and the
 * deep mode; the generator reruns {@link verifyInjective} and assembles the certificate.
 */
import { z } from 'zod';
import * as pin from '../claimPinning.js';
import { domainOfBox, proofGenerator } from '../proofGenerator.js';
import { injectivityCertificate } from './certificate.js';
import { verifyInjective } from './verify.js';

/** The `generate` block of an injectivity entry. */
export const InjectivityGenerateJson = z.strictObject({
  box: z.string().optional(),
  method: z.enum(['auto', 'cells', 'fgs']).optional(),
  deep: z.enum(['auto', 'layer-wise', 'pairs']).optional(),
  embed: z.boolean().optional(),
});

/** Reruns the decision for an entry and returns its certificate. */
export const injectivityProofGenerator = proofGenerator(InjectivityGenerateJson, (g, network, id) => {
  if (network === undefined) throw new Error(`${id}: an injectivity entry needs a network`);
  const domain = domainOfBox(g.box, network);
  const result = verifyInjective(network, { domain, method: g.method ?? 'auto', deep: g.deep ?? 'auto' });
  if (result.status === 'unknown') throw new Error(`${id}: undecided: ${result.reason}`);
  return injectivityCertificate(network, domain, result, { embed: g.embed ?? true });
}, {
  claimFields: (g, net, id) => ({
    network: pin.networkRef(pin.requireNetworkFile(net, id), g.embed),
    domain: pin.domain(g.box, pin.requireNetworkFile(net, id), id),
  }),
  // The deep mode and the one-layer method show in the evidence.
  methodMismatch: (g, evidence) => {
    const want = g.deep === 'pairs' ? 'injectivity-regions' : g.deep === 'layer-wise' ? 'injectivity-layers' : undefined;
    if (want !== undefined && evidence.kind !== want) return `evidence.kind is ${pin.show(evidence.kind)}, the entry asks for ${want} (deep: ${g.deep})`;
    if ((g.method === 'fgs' || g.method === 'cells') && evidence.kind === 'injectivity-layers') {
      const first = Array.isArray(evidence.stages) ? evidence.stages[0] : undefined;
      const key = g.method === 'fgs' ? 'search' : 'cells';
      if (!pin.isRecord(first) || !(key in first)) return `evidence.stages[0] is not a ${key} proof, the entry asks for method ${g.method}`;
    }
    return undefined;
  },
});
