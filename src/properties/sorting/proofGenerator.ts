/**
 * Proof-suite generators of `sort` certificates (region by region on a box or R^n, or
 * compositional from the construction trace) and of `equivalent` certificates against a
 * reference network.
 */
import { z } from 'zod';
import * as pin from '../claimPinning.js';
import { domainOfBox, proofGenerator, requireNetwork } from '../proofGenerator.js';
import { equivalenceCertificate, sortCertificate } from './certificate.js';
import { compositionalSortCertificate } from './compositionalCertificate.js';
import { REFERENCES, referenceNetwork, verifyEquivalent } from './equivalence.js';
import { verifySort } from './verifySort.js';

/** Rebuilds a `sort` certificate. */
export const sortProofGenerator = proofGenerator(
  z.strictObject({ box: z.string().optional(), embed: z.boolean().optional(), compositional: z.boolean().optional(), method: z.enum(['zero-one', 'merge']).optional() }),
  (g, net, id) => {
    const network = requireNetwork(net, id);
    if (g.compositional === true) {
      // From the construction trace: gadget lemmas, weights = traced comparators, comparator network sorts.
      if (g.box !== undefined) throw new Error(`${id}: a compositional proof is about all of R^n (no box)`);
      const outcome = compositionalSortCertificate(network, { embed: g.embed ?? true, ...(g.method !== undefined ? { method: g.method } : {}) });
      if (outcome.status === 'unknown') throw new Error(`${id}: ${outcome.reason}`);
      return outcome.certificate;
    }
    if (g.method !== undefined) throw new Error(`${id}: method applies to compositional proofs only`);
    const domain = domainOfBox(g.box, network);
    const result = verifySort(network, domain);
    if (result.status === 'unknown') throw new Error(`${id}: ${result.reason}`);
    return sortCertificate(network, domain, result, { embed: g.embed ?? true });
  },
  {
    claimFields: (g, net, id) => ({
      network: pin.networkRef(pin.requireNetworkFile(net, id), g.embed),
      domain: pin.domain(g.box, pin.requireNetworkFile(net, id), id),
    }),
    // Region by region or compositional, and the compositional sorting method, show in the evidence.
    methodMismatch: (g, evidence) => {
      const compositional = evidence.kind === 'sort-compositional';
      if (compositional !== (g.compositional === true)) {
        return `evidence.kind is ${pin.show(evidence.kind)}, the entry asks for a ${g.compositional === true ? 'compositional' : 'region-by-region'} proof`;
      }
      const method = pin.isRecord(evidence.sorting) ? evidence.sorting.method : undefined;
      if (compositional && g.method !== undefined && method !== g.method) return `evidence.sorting.method is ${pin.show(method)}, the entry asks for ${g.method}`;
      return undefined;
    },
  },
);

/** Rebuilds an `equivalent` certificate (the network against a reference). */
export const equivalentProofGenerator = proofGenerator(z.strictObject({ reference: z.enum(REFERENCES), box: z.string().optional(), embed: z.boolean().optional() }), (g, net, id) => {
  const network = requireNetwork(net, id);
  const domain = domainOfBox(g.box, network);
  const other = referenceNetwork(g.reference, network.inputs);
  const result = verifyEquivalent(network, other, domain);
  if (result.status === 'unknown') throw new Error(`${id}: ${result.reason}`);
  return equivalenceCertificate(network, other, domain, result, { embed: g.embed ?? true });
}, {
  claimFields: (g, net, id) => {
    const network = pin.requireNetworkFile(net, id);
    if (!(REFERENCES as readonly string[]).includes(g.reference)) throw new Error(`${id}: unknown reference ${JSON.stringify(g.reference)}`);
    // The reference is always embedded (./certificate.ts); its hash covers only what it computes.
    return {
      network: pin.networkRef(network, g.embed),
      other: pin.networkRef(referenceNetwork(g.reference, network.inputs), true),
      domain: pin.domain(g.box, network, id),
    };
  },
});
