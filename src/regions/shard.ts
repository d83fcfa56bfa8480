/**
 * `regions --shard I/K` and its merge: the region engine's split tree cut into K deterministic
 * parts that run anywhere and merge back into the certificate one run writes, byte for byte.
 *
 * Why: every node of the split tree is computed from its own state alone (parallel.ts, the same
 * argument as for worker threads), so every part expands the same top of the tree — down to the
 * first depth with at least {@link SUBTREES_PER_SHARD}·K subtrees ({@link cutTopOfTree}, as the
 * worker threads cut it) — and the subtree below each cut node is the single run's. Subtree t
 * goes to part t mod K. The merge lists the top in preorder with each cut node replaced by its
 * subtree's preorder (src/engine/shards.ts) and adds up the counts, which are sums over nodes.
 */
import type { Certificate, Claim } from '../checker/schema/index.js';
import { claimSha256 } from '../checker/schema/index.js';
import { multipliersToJson, seal } from '../certificates/encode.js';
import type { UnsealedEvidence } from '../certificates/encode.js';
import { z } from 'zod';
import { CutJson, type NamedPart, type PartHead, PartHeadJson, type Shard, checkPartShape, checkShard, orderedParts, refuseOpen, refusePart, splicePreorder } from '../engine/shards.js';
import type { Network } from '../network/model.js';
import { stopReason } from '../stopCondition.js';
import { createLpStats } from '../../solvers/certified.js';
import { type RegionNodeText, encodeRegionTree, regionsCertificateStats, regionsClaim } from './certificate.js';
import type { Domain } from './domain.js';
import { type EnumerateOptions, type RegionStats, runEngine } from './enumerate.js';
import { type Part, addCounters, addLpCounters, cutTopOfTree, spliceTree, zeroStats } from './parallel.js';

/** The format of a regions shard's partial certificate. */
export const REGIONS_SHARD_FORMAT = 'relucert.regions-shard/1';
/** Subtrees per part at the cut. */
export const SUBTREES_PER_SHARD = 16;

/** A regions shard's partial certificate (docs/cluster.md). */
export interface RegionsShardPart extends PartHead {
  readonly format: typeof REGIONS_SHARD_FORMAT;
  /** The claim without its count (the merge adds the total). */
  readonly claim: Omit<Claim & { property: 'regions' }, 'regions'>;
  /** `part`; `empty-domain` (then `emptyDomain`, the same in every part); `unknown`: the top was not searched. */
  readonly status: 'part' | 'empty-domain' | 'unknown';
  readonly emptyDomain?: readonly string[];
  readonly reason?: string;
  readonly cutDepth: number;
  readonly tasks: number;
  readonly top: readonly (RegionNodeText | { readonly task: number })[];
  readonly topStats: RegionStats;
  readonly subtrees: readonly { readonly task: number; readonly nodes: readonly RegionNodeText[]; readonly stats: RegionStats }[];
  readonly open: readonly number[];
}

/** The shape of a {@link RegionsShardPart} (checked before a merge reads it). */
const RegionsShardPartJson = PartHeadJson.merge(CutJson).extend({
  format: z.literal(REGIONS_SHARD_FORMAT),
  status: z.enum(['part', 'empty-domain', 'unknown']),
  emptyDomain: z.array(z.string()).optional(),
  reason: z.string().optional(),
});

/** Options of {@link enumerateRegionsShard}. */
export interface RegionsShardOptions {
  readonly shard: Shard;
  readonly deadline?: number;
  /** Embed the network in the claim (default true). */
  readonly embed?: boolean;
}

function sumStats(parts: readonly RegionStats[]): RegionStats {
  const total = zeroStats(createLpStats());
  for (const s of parts) {
    addCounters(total, s);
    addLpCounters(total.lp, s.lp);
  }
  return total;
}

/** Runs one part (module comment) and returns its partial certificate. */
export function enumerateRegionsShard(net: Network, domain: Domain, options: RegionsShardOptions): RegionsShardPart {
  const { shard } = options;
  checkShard(shard);
  const claim = regionsClaim(net, domain, 0, options.embed ?? true) as Claim & { property: 'regions' };
  const { regions: _count, ...open } = claim;
  const head = { format: REGIONS_SHARD_FORMAT, claim: open, claimSha256: claimSha256(open), shard: { index: shard.index + 1, count: shard.count } } as const;
  const engine: EnumerateOptions = { keepTree: true, keepRegions: false, ...(options.deadline !== undefined ? { deadline: options.deadline } : {}) };
  const stop = (): boolean => stopReason(options.deadline) !== undefined;
  const topParts: Part[] = [];
  const runHere = (start: Parameters<Parameters<typeof cutTopOfTree>[0]>[0], cutDepth: number): Part => {
    const part: Part = { run: runEngine(net, domain, engine, { cutDepth, ...(start !== undefined ? { start } : {}) }), children: [] };
    part.children.push(...part.run.tasks.map(() => undefined));
    topParts.push(part);
    return part;
  };
  const { root, frontier, cutDepth } = cutTopOfTree(runHere, SUBTREES_PER_SHARD * shard.count, stop);
  const topStats = sumStats(topParts.map((p) => p.run.stats));
  const empty = { cutDepth, tasks: 0, top: [], topStats, subtrees: [], open: [] };
  if (root.run.status === 'empty-domain') return { ...head, ...empty, status: 'empty-domain', emptyDomain: multipliersToJson(root.run.emptyDomain) as readonly string[] };
  const stopped = topParts.find((p) => p.run.status === 'stopped');
  if (stopped !== undefined || (frontier.length > 0 && frontier.length < SUBTREES_PER_SHARD * shard.count && stop()) || root.run.tree === undefined) {
    return { ...head, ...empty, status: 'unknown', reason: 'the time limit was reached in the top of the tree' };
  }
  // The top as one tree whose cut nodes are numbered in depth-first order (the frontier's order).
  const number = new Map<Part, Map<number, number>>();
  frontier.forEach((q, t) => {
    const m = number.get(q.parent) ?? new Map<number, number>();
    m.set(q.index, t);
    number.set(q.parent, m);
  });
  const topTree = spliceTree(root, root.run.tree, (part, task) => ({ kind: 'unexplored', task: number.get(part)?.get(task) ?? -1 }) as never);
  const top = encodeRegionTree(topTree, (task) => ({ task }));
  const subtrees: { task: number; nodes: RegionNodeText[]; stats: RegionStats }[] = [];
  const left: number[] = [];
  frontier.forEach((q, t) => {
    if (t % shard.count !== shard.index) return;
    if (left.length > 0) {
      left.push(t);
      return;
    }
    const run = runEngine(net, domain, engine, { start: q.task.state });
    if (run.status !== 'complete' || run.tree === undefined) {
      left.push(t);
      return;
    }
    subtrees.push({ task: t, nodes: encodeRegionTree(run.tree), stats: run.stats });
  });
  return { ...head, status: 'part', cutDepth, tasks: frontier.length, top, topStats, subtrees, open: left, ...(left.length > 0 ? { reason: 'the time limit was reached' } : {}) };
}

/**
 * Joins the K parts of one `regions --shard` run into its certificate (module comment).
 * @throws InputError naming the parts that are missing, repeated or inconsistent, or the subtrees not closed.
 */
export function mergeRegionsShards(input: readonly NamedPart<unknown>[]): Certificate {
  const parts = input.map((named) => checkPartShape<RegionsShardPart>(named, REGIONS_SHARD_FORMAT, 'regions', RegionsShardPartJson));
  const ordered = orderedParts(parts, REGIONS_SHARD_FORMAT, 'regions');
  const first = ordered[0] as NamedPart<RegionsShardPart>;
  const K = first.part.shard.count;
  const unknown = ordered.find(({ part }) => part.status === 'unknown');
  if (unknown !== undefined) refusePart(`part ${unknown.part.shard.index}/${K} did not search the top of the tree (${unknown.part.reason ?? 'unknown'}): no certificate`, unknown.file);
  const c0 = first.part;
  const topText = JSON.stringify(c0.top);
  const subtree = new Map<number, readonly RegionNodeText[]>();
  const stats: RegionStats[] = [c0.topStats];
  const notClosed: string[] = [];
  for (const { file, part } of ordered) {
    if (part.status !== c0.status || part.cutDepth !== c0.cutDepth || part.tasks !== c0.tasks || JSON.stringify(part.top) !== topText) refusePart(`its top of the tree differs from that of ${first.file} (different runs or versions)`, file);
    for (const s of part.subtrees) {
      if (s.task % K !== part.shard.index - 1 || s.task >= part.tasks) refusePart(`subtree ${s.task} does not belong to part ${part.shard.index}/${K}`, file);
      subtree.set(s.task, s.nodes);
      stats.push(s.stats);
    }
    if (part.open.length > 0) notClosed.push(`subtree${part.open.length > 1 ? 's' : ''} ${part.open.join(', ')} of part ${part.shard.index}/${K} (${file}) not closed${part.reason !== undefined ? ` (${part.reason})` : ''}`);
  }
  const lost = Array.from({ length: c0.tasks }, (_, t) => t).filter((t) => !subtree.has(t) && !ordered.some(({ part }) => part.open.includes(t)));
  if (lost.length > 0) notClosed.push(`subtree${lost.length > 1 ? 's' : ''} ${lost.join(', ')} in no part`);
  refuseOpen(notClosed);
  const total = sumStats(stats);
  const claim = { ...c0.claim, regions: total.regions } as Claim;
  if (c0.status === 'empty-domain') return seal(claim, 'holds', { kind: 'region-tree', nodes: [], emptyDomain: c0.emptyDomain } as UnsealedEvidence, regionsCertificateStats(total));
  return seal(claim, 'holds', { kind: 'region-tree', nodes: splicePreorder(c0.top, subtree) } as UnsealedEvidence, regionsCertificateStats(total));
}
