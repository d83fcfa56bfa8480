/**
 * `verify spec --shard I/K` and `relucert merge`: one specification's split tree cut into K
 * deterministic parts that run anywhere (other machines, a cluster's job array) and merge back
 * into the certificate one run writes.
 *
 * Why the merged certificate is byte for byte the single run's (`verify spec --split RULE`, the
 * same rule): a node's expansion is a function of the node, the case and the rule (parallel.ts),
 * so every shard expands the same top of the tree — down to the first depth at which it has at
 * least {@link SUBTREES_PER_SHARD}·K subtrees, or until it closes — and the subtree below each cut
 * node is the one the single run builds there. Subtree t goes to shard t mod K (round-robin, in
 * preorder). The merge lists the top in preorder with each cut node replaced by its subtree's
 * preorder, which is the single tree's preorder, and adds up the counts (every count is a sum over
 * nodes). A shard runs one rule, not the schedule of restarts: a schedule's turn depends on the
 * size of the whole tree, which no shard knows.
 *
 * What may differ: a violated answer's counterexample (the first shard in order that found one;
 * its LP stage saw other nodes than one run's), as for --workers.
 */
import type { Certificate, Claim } from '../../checker/schema/index.js';
import { seal } from '../../certificates/encode.js';
import type { UnsealedEvidence } from '../../certificates/encode.js';
import { SHARD_FORMAT, claimSha256 } from '../../checker/schema/index.js';
import { z } from 'zod';
import { CutJson, type NamedPart, PartHeadJson, type Shard, checkPartShape, checkShard, isTask, orderedParts, refuseOpen, refusePart, splicePreorder } from '../../engine/shards.js';
import type { Network } from '../../network/model.js';
import type { Specification } from '../../specification/model.js';
import { type ProofNodeJson, counterexampleEvidence, proofNodesJson, specClaim } from './certificate.js';
import { falsifySpecification, shortenCounterexample } from './counterexample.js';
import { type ExpandCounts, type ExpandOptions, type Node, SPLIT_RULES, type SplitRule, SpecExpander, rootNode } from './expand.js';
import { type SpecTree, preorder } from './problem.js';
import { type TaskRun, searchTask, stoppedOutcome } from './search.js';
import { type SpecStats, checkSpecificationFits } from './verify.js';

export { SHARD_FORMAT };
export { type Shard, parseShard } from '../../engine/shards.js';
/** Subtrees per shard at the cut (the issue's 16·K): many small parts balance uneven subtrees. */
export const SUBTREES_PER_SHARD = 16;

/** Counts of a piece of the tree (they add up to the single run's certificate stats). */
export type PieceStats = Pick<SpecStats, 'nodes' | 'leaves' | 'maxDepth' | 'confirmed' | 'rigorous' | 'exact'>;

/** One case in a partial certificate. */
export interface ShardCase {
  /** Splits from the root to the cut (the same in every shard). */
  readonly cutDepth: number;
  /** Subtrees at the cut. */
  readonly tasks: number;
  /** The top of the tree in preorder; `{ task: t }` stands for subtree t. */
  readonly top: readonly (ProofNodeJson | { readonly task: number })[];
  readonly topStats: PieceStats;
  /** This shard's subtrees that closed (t mod K = index). */
  readonly subtrees: readonly { readonly task: number; readonly nodes: readonly ProofNodeJson[]; readonly stats: PieceStats }[];
  /** This shard's subtrees it did not close, and why. */
  readonly open: readonly number[];
  readonly reason?: string;
}

/** A shard's partial certificate (docs/cluster.md). */
export interface ShardPart {
  readonly format: typeof SHARD_FORMAT;
  readonly claim: Claim;
  readonly claimSha256: string;
  readonly split: SplitRule;
  /** 1-based, as on the command line. */
  readonly shard: { readonly index: number; readonly count: number };
  /** `violated`: a point of the violation set (then `counterexample`); `part`: the cases below; `unknown`: the top could not be searched. */
  readonly status: 'violated' | 'part' | 'unknown';
  readonly counterexample?: UnsealedEvidence;
  readonly reason?: string;
  readonly cases: readonly ShardCase[];
}

/** Options of {@link verifySpecificationShard}. */
export interface ShardOptions extends ExpandOptions {
  readonly shard: Shard;
  /** The split rule (default `scored`); the merged certificate is that of `verify spec` with this rule. */
  readonly split?: SplitRule;
  readonly deadline?: number;
  /** Embed the network in the claim (default true). */
  readonly embed?: boolean;
  /** Skip the falsifier (as verifySpecification's option; both runs must agree on it). */
  readonly noFalsify?: boolean;
}

function zeroStats(): PieceStats {
  return { nodes: 0, leaves: 0, maxDepth: 0, confirmed: 0, rigorous: 0, exact: 0 };
}

function pieceStats(run: TaskRun, before: ExpandCounts, after: ExpandCounts): PieceStats {
  return {
    nodes: run.figures.nodes,
    leaves: run.figures.leaves,
    maxDepth: run.figures.maxDepth,
    confirmed: after.confirmed - before.confirmed,
    rigorous: after.rigorous - before.rigorous,
    exact: after.exact - before.exact,
  };
}

/** The top `top` with every cut node searched one split further (its placeholders renumbered in order). */
function deepen(expander: SpecExpander, top: TaskRun, k: number, deadline: { deadline?: number }): TaskRun {
  const tasks: Node[] = [];
  const figures = { ...top.figures };
  let stopped: TaskRun['stopped'];
  const below = top.tasks.map((node) => {
    if (stopped !== undefined) return undefined;
    const run = searchTask(expander, node, { case: k, cutBelow: 1, ...deadline });
    figures.nodes += run.figures.nodes;
    figures.leaves += run.figures.leaves;
    figures.maxDepth = Math.max(figures.maxDepth, run.figures.maxDepth);
    stopped = run.stopped;
    const offset = tasks.length;
    tasks.push(...run.tasks);
    return renumber(run.tree, offset);
  });
  const splice = (t: SpecTree): SpecTree => {
    if (t.kind === 'unexplored' && t.task !== undefined) return below[t.task] ?? { kind: 'unexplored' };
    if (t.kind === 'split') return { ...t, children: [splice(t.children[0]), splice(t.children[1])] };
    return t;
  };
  return { tree: splice(top.tree), tasks, figures, ...(stopped !== undefined ? { stopped } : {}) };
}

function renumber(t: SpecTree, offset: number): SpecTree {
  if (t.kind === 'unexplored') return t.task === undefined ? t : { kind: 'unexplored', task: t.task + offset };
  if (t.kind === 'split') return { ...t, children: [renumber(t.children[0], offset), renumber(t.children[1], offset)] };
  return t;
}

/** Runs one shard (module comment) and returns its partial certificate. */
export function verifySpecificationShard(net: Network, spec: Specification, options: ShardOptions): ShardPart {
  const { shard } = options;
  checkShard(shard);
  const split = options.split ?? 'scored';
  const boxes = checkSpecificationFits(net, spec, spec.source?.file);
  const claim = specClaim(net, spec, options.embed ?? true);
  const head = { format: SHARD_FORMAT, claim, claimSha256: claimSha256(claim), split, shard: { index: shard.index + 1, count: shard.count } } as const;
  if (options.noFalsify !== true) {
    const ce = falsifySpecification(net, spec, boxes);
    if (ce !== undefined) return { ...head, status: 'violated', counterexample: counterexampleEvidence(ce), cases: [] };
  }
  const target = SUBTREES_PER_SHARD * shard.count;
  const deadline = options.deadline !== undefined ? { deadline: options.deadline } : {};
  const cases: ShardCase[] = [];
  for (let k = 0; k < spec.cases.length; k++) {
    const root = rootNode(spec, k, boxes[k] ?? []);
    const expander = new SpecExpander(net, spec, k, root, { ...options, split });
    // The top: the first depth with at least `target` subtrees (or none left), the same in every
    // shard. Each round cuts the previous round's subtrees one split deeper (each node is expanded once).
    let cutDepth = Math.ceil(Math.log2(target));
    const before = { ...expander.counts };
    let top: TaskRun = searchTask(expander, root, { case: k, cutBelow: cutDepth, ...deadline });
    while (top.stopped === undefined && top.tasks.length > 0 && top.tasks.length < target) {
      cutDepth++;
      top = deepen(expander, top, k, deadline);
    }
    const topStats = pieceStats(top, before, expander.counts);
    if (top.stopped !== undefined) {
      const outcome = stoppedOutcome(top.stopped);
      if (outcome.status === 'violated') return { ...head, status: 'violated', counterexample: counterexampleEvidence(shortenCounterexample(net, spec, outcome.counterexample)), cases };
      return { ...head, status: 'unknown', reason: `${outcome.reason} (case ${k + 1} of ${spec.cases.length}, in the top of the tree)`, cases };
    }
    const topNodes = preorder(top.tree, (task) => ({ task }));
    const mine = top.tasks.map((node, t) => ({ node, t })).filter(({ t }) => t % shard.count === shard.index);
    const subtrees: { task: number; nodes: ProofNodeJson[]; stats: PieceStats }[] = [];
    const open: number[] = [];
    let reason: string | undefined;
    for (const { node, t } of mine) {
      if (reason !== undefined) {
        open.push(t);
        continue;
      }
      const before = { ...expander.counts };
      const run = searchTask(expander, node as Node, { case: k, ...deadline });
      if (run.stopped === undefined) {
        subtrees.push({ task: t, nodes: proofNodesJson(preorder(run.tree)), stats: pieceStats(run, before, expander.counts) });
        continue;
      }
      const outcome = stoppedOutcome(run.stopped);
      if (outcome.status === 'violated') return { ...head, status: 'violated', counterexample: counterexampleEvidence(shortenCounterexample(net, spec, outcome.counterexample)), cases };
      reason = outcome.reason;
      open.push(t);
    }
    cases.push({
      cutDepth,
      tasks: top.tasks.length,
      top: topNodes.map((n) => (isTask(n) ? n : (proofNodesJson([n])[0] as ProofNodeJson))),
      topStats,
      subtrees,
      open,
      ...(reason !== undefined ? { reason } : {}),
    });
  }
  return { ...head, status: 'part', cases };
}

/** The shape of a {@link ShardPart} (checked before a merge reads it). */
const ShardPartJson = PartHeadJson.extend({
  format: z.literal(SHARD_FORMAT),
  split: z.enum(SPLIT_RULES),
  status: z.enum(['violated', 'part', 'unknown']),
  counterexample: z.record(z.string(), z.unknown()).optional(),
  reason: z.string().optional(),
  cases: z.array(CutJson.extend({ reason: z.string().optional() })),
}).refine((p) => p.status !== 'violated' || p.counterexample !== undefined, 'a violated part carries its counterexample');

/** A part read from a file, for {@link mergeSpecShards}. */
export type NamedSpecPart = NamedPart<ShardPart>;

/**
 * Joins the K parts of one run into its certificate (module comment): every part present once,
 * all of the same claim, rule and K, with the same top of the tree; every subtree closed by its
 * shard. A violated part makes the certificate violated (the first shard in order that has one).
 * @throws InputError naming the parts that are missing, repeated or inconsistent, or the subtrees not closed.
 */
export function mergeSpecShards(input: readonly NamedPart<unknown>[]): Certificate {
  const parts = input.map((named) => checkPartShape<ShardPart>(named, SHARD_FORMAT, 'verify spec', ShardPartJson));
  const ordered = orderedParts(parts, SHARD_FORMAT, 'verify spec', (part, first) => (part.split !== first.split ? `it was run with split rule ${part.split}, not ${first.split}` : undefined));
  const first = ordered[0] as NamedSpecPart;
  const K = first.part.shard.count;
  const violated = ordered.find(({ part }) => part.status === 'violated');
  const claim = first.part.claim;
  if (violated !== undefined) return seal(claim, 'violated', violated.part.counterexample as UnsealedEvidence, {});
  const unknown = ordered.find(({ part }) => part.status === 'unknown');
  if (unknown !== undefined) refusePart(`part ${unknown.part.shard.index}/${K} did not search the top of the tree (${unknown.part.reason ?? 'unknown'}): no certificate`, unknown.file);
  const cases = first.part.cases.length;
  const stats = zeroStats();
  const add = (s: PieceStats): void => {
    stats.nodes += s.nodes;
    stats.leaves += s.leaves;
    stats.maxDepth = Math.max(stats.maxDepth, s.maxDepth);
    stats.confirmed += s.confirmed;
    stats.rigorous += s.rigorous;
    stats.exact += s.exact;
  };
  const trees: ProofNodeJson[][] = [];
  const notClosed: string[] = [];
  for (let k = 0; k < cases; k++) {
    const c0 = first.part.cases[k] as ShardCase;
    const topText = JSON.stringify(c0.top);
    const subtree = new Map<number, readonly ProofNodeJson[]>();
    for (const { file, part } of ordered) {
      const c = part.cases[k];
      if (c === undefined || part.cases.length !== cases) refusePart(`it has ${part.cases.length} cases, ${first.file} ${cases}`, file);
      if (c.cutDepth !== c0.cutDepth || c.tasks !== c0.tasks || JSON.stringify(c.top) !== topText) refusePart(`case ${k + 1}: its top of the tree differs from that of ${first.file} (different runs or versions)`, file);
      for (const s of c.subtrees) {
        if (s.task % K !== part.shard.index - 1 || s.task >= c.tasks) refusePart(`case ${k + 1}: subtree ${s.task} does not belong to part ${part.shard.index}/${K}`, file);
        subtree.set(s.task, s.nodes);
        add(s.stats);
      }
      if (c.open.length > 0) notClosed.push(`case ${k + 1}: subtree${c.open.length > 1 ? 's' : ''} ${c.open.join(', ')} of part ${part.shard.index}/${K} (${file}) not closed${c.reason !== undefined ? ` (${c.reason})` : ''}`);
    }
    add(c0.topStats);
    const lost = Array.from({ length: c0.tasks }, (_, t) => t).filter((t) => !subtree.has(t) && !ordered.some(({ part }) => part.cases[k]?.open.includes(t)));
    if (lost.length > 0) notClosed.push(`case ${k + 1}: subtree${lost.length > 1 ? 's' : ''} ${lost.join(', ')} in no part`);
    trees.push(splicePreorder(c0.top, subtree));
  }
  refuseOpen(notClosed);
  return seal(claim, 'holds', { kind: 'spec-tree', cases: trees } as UnsealedEvidence, { ...stats });
}
