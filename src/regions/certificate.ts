/**
 * Certificates of region counts: the engine's split tree in preorder (see the `regions` claim
 * and `region-tree` evidence in schema.ts, and docs/certificates.md).
 */
import type Fraction from 'fraction.js';
import { formatRational } from '../exact/rational.js';
import type { Network } from '../network/model.js';
import { type Domain, domainToJson } from './domain.js';
import type { RegionEnumeration, RegionStats, RegionTree } from './enumerate.js';
import { multipliersToJson, networkRef, seal, texts } from '../certificates/encode.js';
import type { Certificate, Claim, RegionTreeNode } from '../checker/schema/index.js';

/** A split-tree node as the certificate writes it (`"p"`: a pass-through neuron, sort/equivalence trees only). */
export type RegionNodeText = 's' | 'p' | ['+' | '-', 'c' | 'i' | { rows: number[]; values: string[] }] | { point: string[] };

/** The tree in preorder, as certificate nodes. */
export function encodeRegionTree(tree: RegionTree): RegionNodeText[];
/** With `placeholder`, a cut node (`{ kind: 'unexplored', task }`) is listed as `placeholder(task)` (a shard's top of the tree). */
export function encodeRegionTree<P>(tree: RegionTree, placeholder: (task: number) => P): (RegionNodeText | P)[];
export function encodeRegionTree<P>(tree: RegionTree, placeholder?: (task: number) => P): (RegionNodeText | P)[] {
  const out: (RegionNodeText | P)[] = [];
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
      case 'unexplored': {
        const task = (node as { task?: number }).task;
        if (placeholder === undefined || task === undefined) throw new Error('a partial enumeration has no certificate');
        out.push(placeholder(task));
        break;
      }
    }
  }
  return out;
}

/** Options of {@link regionsCertificate}. */
export interface RegionsCertificateOptions {
  /** Embed the network (default true). */
  readonly embed?: boolean;
}

/** The `regions` claim: the network has exactly `regions` activation regions on the domain. */
export function regionsClaim(net: Network, domain: Domain, regions: number, embed = true): Claim {
  return { property: 'regions', network: networkRef(net, embed), domain: domainToJson(domain), regions } as Claim;
}

/** The counts a regions certificate records (informational). */
export function regionsCertificateStats(s: RegionStats): Record<string, number> {
  return { regions: s.regions, decisions: s.decisions, splits: s.splits, lps: s.lps, rays: s.rays, interval: s.interval, constant: s.constant, fallbacks: s.lp.fallbacks };
}

/**
 * The certificate of a complete enumeration: "the network has exactly N activation regions with
 * nonempty interior on the domain", with the split tree as evidence.
 */
export function regionsCertificate(net: Network, domain: Domain, result: RegionEnumeration, options: RegionsCertificateOptions = {}): Certificate {
  if (result.status === 'stopped') throw new Error('a partial enumeration has no certificate');
  if (result.stats.passed > 0) throw new Error('internal: a tree with pass-through neurons counts linear pieces, not activation regions');
  const claim = regionsClaim(net, domain, result.stats.regions, options.embed ?? true);
  const stats = regionsCertificateStats(result.stats);
  if (result.status === 'empty-domain') {
    return seal(claim, 'holds', { kind: 'region-tree', nodes: [], emptyDomain: multipliersToJson(result.emptyDomain) }, stats);
  }
  if (result.tree === undefined) throw new Error('a certificate needs the split tree (keepTree)');
  return seal(claim, 'holds', { kind: 'region-tree', nodes: encodeRegionTree(result.tree) as RegionTreeNode[] }, stats);
}
