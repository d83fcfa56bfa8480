/**
 * Certificates of injectivity (the `injectivity` claim; evidence `injectivity-pair`,
 * `injectivity-layers`, `injectivity-regions` in schema.ts; docs/injectivity.md).
 */
import type Fraction from 'fraction.js';
import { formatRational } from '../../exact/rational.js';
import type { Network } from '../../network/model.js';
import type { Minor } from './linear.js';
import type { PairProof } from './pairs.js';
import { networkStages } from './stages.js';
import { type InjectivityResult, type StageProof, orthantDomain } from './verify.js';
import type { FgsNode } from './fgs.js';
import { type Domain, domainToJson } from '../../regions/domain.js';
import type { RegionEnumeration, RegionTree } from '../../regions/enumerate.js';
import { multipliersToJson, networkRef, seal, texts } from '../../certificates/encode.js';
import { regionsCertificate } from '../../regions/certificate.js';
import type { Certificate, Claim } from '../../checker/schema/index.js';

/** Options of {@link injectivityCertificate}. */
export interface InjectivityCertificateOptions {
  /** Embed the network (default true). */
  readonly embed?: boolean;
}

function minorJson(minor: Minor): { rows: number[]; determinant: string } {
  return { rows: [...minor.rows], determinant: formatRational(minor.determinant) };
}

/** The split tree in the certificate's preorder node form (the `regions` certificate's encoding). */
function treeNodes(net: Network, domain: Domain, tree: RegionTree): unknown[] {
  const enumeration = { complete: true, regions: [], tree, stats: { regions: 0, decisions: 0, splits: 0, constant: 0, interval: 0, rays: 0, lps: 0, lp: { certified: 0, floatSuccesses: 0, fallbacks: 0, exactSolves: 0, floatSolves: 0 }, seconds: 0 } } as unknown as RegionEnumeration;
  const evidence = regionsCertificate(net, domain, enumeration, { embed: false }).evidence;
  if (evidence.kind !== 'region-tree') throw new Error('internal error: unexpected evidence');
  return evidence.nodes;
}

function searchJson(nodes: readonly FgsNode[]): unknown[] {
  return nodes.map((node) =>
    node.kind === 'seen'
      ? 'seen'
      : node.kind === 'minor'
        ? { minor: minorJson(node.minor) }
        : { farkas: { rows: [...node.rows], values: node.values.map((v: Fraction) => formatRational(v)) } },
  );
}

function pairJson(proof: PairProof, bounds: number): unknown {
  switch (proof.kind) {
    case 'minor':
      return { p: proof.p, q: proof.q, minor: minorJson(proof.minor) };
    case 'separated':
      if (proof.upper >= bounds || proof.lower >= bounds) throw new Error('internal error: bound index out of range');
      return { p: proof.p, q: proof.q, separated: [proof.upper, proof.lower] };
    case 'farkas':
      return { p: proof.p, q: proof.q, farkas: multipliersToJson(proof.multipliers) };
    case 'duals':
      return { p: proof.p, q: proof.q, duals: proof.duals.map((d) => multipliersToJson(d)) };
    case 'rank':
      throw new Error('a decision-only run (certify: false) has no certificate');
  }
}

/**
 * The certificate of a decided injectivity question (`status` holds or violated). The network and
 * domain must be the ones the result was computed for.
 */
export function injectivityCertificate(net: Network, domain: Domain, result: InjectivityResult, options: InjectivityCertificateOptions = {}): Certificate {
  if (result.status === 'unknown') throw new Error('an unknown verdict has no certificate');
  const claim = { property: 'injectivity', network: networkRef(net, options.embed ?? true), domain: domainToJson(domain) } as Claim;
  const s = result.stats;
  const stats: Record<string, number | string> = { argument: result.argument, seconds: s.seconds, stages: s.stages, cells: s.cells, searchLps: s.searchLps };
  if (s.pairs !== undefined) Object.assign(stats, { regions: s.pairs.regions, pairs: s.pairs.pairs, separated: s.pairs.separated, linear: s.pairs.linear, pairLps: s.pairs.lps, boundLps: s.pairs.boundLps });
  if (result.status === 'violated') {
    return seal(claim, 'violated', { kind: 'injectivity-pair', x: texts(result.x), y: texts(result.y), output: texts(result.output) }, stats);
  }
  const proof = result.proof;
  if (proof.kind === 'layers') {
    const stages = networkStages(net);
    const encoded = proof.stages.map((stage: StageProof, k: number) => {
      switch (stage.kind) {
        case 'affine':
          return { minor: minorJson(stage.minor) };
        case 'fgs':
          return { search: searchJson(stage.nodes) };
        case 'cells': {
          const st = stages[k];
          if (st === undefined) throw new Error('internal error: stage mismatch');
          const stageDomain = k === 0 ? domain : orthantDomain(st.network.inputs);
          return { cells: treeNodes(st.network, stageDomain, stage.tree), minors: stage.minors.map(minorJson) };
        }
      }
    });
    return seal(claim, 'holds', { kind: 'injectivity-layers', stages: encoded } as never, stats);
  }
  if (proof.tree === undefined) throw new Error('a decision-only run (certify: false) has no certificate');
  // Only the bounds some separation uses go into the certificate, renumbered in order of use.
  const used = new Map<number, number>();
  for (const p of proof.pairs) {
    if (p.kind !== 'separated') continue;
    for (const b of [p.upper, p.lower]) if (!used.has(b)) used.set(b, used.size);
  }
  const bounds = [...used.keys()].map((t) => {
    const b = proof.bounds[t];
    if (b === undefined) throw new Error('internal error: bound index out of range');
    return { region: b.region, output: b.output, sense: b.sense, value: formatRational(b.value), dual: multipliersToJson(b.dual) };
  });
  const pairs = proof.pairs.map((p) => pairJson(p.kind === 'separated' ? { ...p, upper: used.get(p.upper) as number, lower: used.get(p.lower) as number } : p, bounds.length));
  return seal(claim, 'holds', { kind: 'injectivity-regions', nodes: treeNodes(net, domain, proof.tree), bounds, pairs } as never, stats);
}
