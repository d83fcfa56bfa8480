/**
 * Certificates of the `sort` claim (N(x) = sort(x), ascending, on the domain): the region split
 * tree with, per leaf, the permutation and the dual multipliers of each ordering inequality
 * (`sort-regions` evidence), or a counterexample input with its exact output
 * (`sort-counterexample`). See schema.ts and src/checker/sort.ts.
 */
import Fraction from 'fraction.js';
import { formatRational } from '../../exact/rational.js';
import type { EquivalenceResult } from './equivalence.js';
import type { Network } from '../../network/model.js';
import { type SortResult, pointKey } from './verifySort.js';
import { type Domain, domainToJson } from '../../regions/domain.js';
import type { RegionEnumeration, RegionTree } from '../../regions/enumerate.js';
import { multipliersToJson, networkRef, seal } from '../../certificates/encode.js';
import { encodeRegionTree } from '../../regions/certificate.js';
import type { Certificate, Claim, SortNode } from '../../checker/schema/index.js';

/** The leaves of a split tree in preorder (positive child first), as the certificate lists them. */
function leavesInPreorder(tree: RegionTree | undefined): (readonly Fraction[])[] {
  const out: (readonly Fraction[])[] = [];
  if (tree === undefined) return out;
  const stack: RegionTree[] = [tree];
  while (stack.length > 0) {
    const node = stack.pop() as RegionTree;
    if (node.kind === 'split') stack.push(node.negative, node.positive);
    else if (node.kind === 'fixed' || node.kind === 'pass') stack.push(node.next);
    else if (node.kind === 'leaf') out.push(node.point);
    else throw new Error('a partial enumeration has no certificate');
  }
  return out;
}

/** Options of {@link sortCertificate}. */
export interface SortCertificateOptions {
  /** Embed the network (default true). */
  readonly embed?: boolean;
}

/**
 * The certificate of a decided {@link SortResult}.
 * @throws Error for an `unknown` result (no certificate).
 */
export function sortCertificate(net: Network, domain: Domain, result: SortResult, options: SortCertificateOptions = {}): Certificate {
  const claim = { property: 'sort', network: networkRef(net, options.embed ?? true), domain: domainToJson(domain) } as Claim;
  if (result.status === 'unknown') throw new Error('an undecided sort verification has no certificate');
  const stats = { regions: result.stats.regions, orderingLps: result.stats.orderingLps, orderingPaths: result.stats.orderingPaths };
  if (result.status === 'violated') {
    return seal(claim, 'violated', { kind: 'sort-counterexample', input: result.x.map(formatRational), output: result.output.map(formatRational) }, stats);
  }
  const leaves = leavesInPreorder(result.enumeration.tree).map((point) => {
    const proof = result.leaves.get(pointKey(point));
    if (proof === undefined) throw new Error('internal: a leaf without a sorting proof');
    return { permutation: [...proof.permutation], multipliers: proof.multipliers.map((y) => multipliersToJson(y)) };
  });
  return seal(
    claim,
    'holds',
    {
      kind: 'sort-regions',
      nodes: result.enumeration.tree === undefined ? [] : sortNodes(result.enumeration.tree),
      ...(result.enumeration.status === 'empty-domain' ? { emptyDomain: multipliersToJson(result.enumeration.emptyDomain) } : {}),
      leaves,
    },
    stats,
  );
}

/** The nodes of a tree in the `sort-regions` node format (leaves written `"leaf"`). */
function sortNodes(tree: RegionTree): SortNode[] {
  return encodeRegionTree(tree).map((node) => (typeof node === 'object' && !Array.isArray(node) ? ('leaf' as const) : node));
}

/** The nodes of a complete enumeration's tree in the `sort-regions` node format. */
function leafNodes(enumeration: RegionEnumeration): SortNode[] {
  if (enumeration.status === 'stopped') throw new Error('a partial enumeration has no certificate');
  if (enumeration.tree === undefined) throw new Error('equivalence certificates need a domain with a nonempty interior');
  return sortNodes(enumeration.tree);
}

/**
 * The certificate of a decided equivalence ({@link EquivalenceResult}) of `a` and `b` on the
 * domain: the claim names `a` (embedded unless `embed` is false) and `b` (always embedded,
 * without its metadata, which the function hash does not cover).
 * @throws Error for an `unknown` result or a domain with an empty interior.
 */
export function equivalenceCertificate(a: Network, b: Network, domain: Domain, result: EquivalenceResult, options: SortCertificateOptions = {}): Certificate {
  const { metadata: _metadata, ...bare } = b;
  const claim = { property: 'equivalent', network: networkRef(a, options.embed ?? true), other: networkRef(bare, true), domain: domainToJson(domain) } as Claim;
  if (result.status === 'unknown') throw new Error('an undecided equivalence has no certificate');
  const stats = { regionsA: result.stats.regionsA, commonRegions: result.stats.commonRegions };
  if (result.status === 'violated') {
    return seal(
      claim,
      'violated',
      { kind: 'equivalence-counterexample', input: result.x.map(formatRational), output: result.outputA.map(formatRational), otherOutput: result.outputB.map(formatRational) },
      stats,
    );
  }
  const n = a.inputs;
  const nodes = leafNodes(result.outer);
  const inner = leavesInPreorder(result.outer.tree).map((point) => {
    const sub = result.inner.get(pointKey(point));
    if (sub === undefined) throw new Error('internal: a leaf without its inner enumeration');
    return leafNodes(sub);
  });
  return seal(claim, 'holds', { kind: 'equivalence-regions', nodes, inner }, stats);
}
