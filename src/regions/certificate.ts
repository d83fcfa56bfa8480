/**
 * Certificates of region counts: the engine's split tree in preorder (see the `regions` claim
 * and `region-tree` evidence in schema.ts, and docs/certificates.md).
 */
import type Fraction from 'fraction.js';
import { formatRational } from '../exact/rational.js';
import type { Network } from '../network/model.js';
import { type Domain, domainToJson } from './domain.js';
import type { RegionEnumeration, RegionTree } from './enumerate.js';
import { multipliersToJson, networkRef, seal, texts } from '../certificates/encode.js';
import type { Certificate, Claim, RegionTreeNode } from '../checker/schema/index.js';

/** A split-tree node as the certificate writes it (`"p"`: a pass-through neuron, sort/equivalence trees only). */
export type RegionNodeText = 's' | 'p' | ['+' | '-', 'c' | 'i' | { rows: number[]; values: string[] }] | { point: string[] };

/** The tree in preorder, as certificate nodes. */
export function encodeRegionTree(tree: RegionTree): RegionNodeText[] {
  const out: RegionNodeText[] = [];
  const stack: RegionTree[] = [tree];
  while (stack.length > 0) {
    const node = stack.pop() as RegionTree;
    switch (node.kind) {
      case 'split':
        out.push('s');
        stack.push(node.negative, node.positive); // positive first in preorder
        break;
      case 'fixed': {
        const proof = node.proof;
        out.push([
          node.sign > 0 ? '+' : '-',
          proof.kind === 'constant' ? 'c' : proof.kind === 'interval' ? 'i' : { rows: [...proof.rows], values: proof.values.map((v: Fraction) => formatRational(v)) },
        ]);
        stack.push(node.next);
        break;
      }
      case 'pass':
        out.push('p');
        stack.push(node.next);
        break;
      case 'leaf':
        out.push({ point: texts(node.point) });
        break;
      case 'unexplored':
        throw new Error('a partial enumeration has no certificate');
    }
  }
  return out;
}

/** Options of {@link regionsCertificate}. */
export interface RegionsCertificateOptions {
  /** Embed the network (default true). */
  readonly embed?: boolean;
}

/**
 * The certificate of a complete enumeration: "the network has exactly N activation regions with
 * nonempty interior on the domain", with the split tree as evidence.
 */
export function regionsCertificate(net: Network, domain: Domain, result: RegionEnumeration, options: RegionsCertificateOptions = {}): Certificate {
  if (result.status === 'stopped') throw new Error('a partial enumeration has no certificate');
  if (result.stats.passed > 0) throw new Error('internal: a tree with pass-through neurons counts linear pieces, not activation regions');
  const claim = {
    property: 'regions',
    network: networkRef(net, options.embed ?? true),
    domain: domainToJson(domain),
    regions: result.stats.regions,
  } as Claim;
  const s = result.stats;
  const stats = { regions: s.regions, decisions: s.decisions, splits: s.splits, lps: s.lps, rays: s.rays, interval: s.interval, constant: s.constant, fallbacks: s.lp.fallbacks };
  if (result.status === 'empty-domain') {
    return seal(claim, 'holds', { kind: 'region-tree', nodes: [], emptyDomain: multipliersToJson(result.emptyDomain) }, stats);
  }
  if (result.tree === undefined) throw new Error('a certificate needs the split tree (keepTree)');
  return seal(claim, 'holds', { kind: 'region-tree', nodes: encodeRegionTree(result.tree) as RegionTreeNode[] }, stats);
}
