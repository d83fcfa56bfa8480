/**
 * `verify spec`: exact decision of an input→output specification (VNN-LIB violation set) on a
 * ReLU network. Falsify first (counterexample.ts), then prove every case by branch and bound on
 * input coordinates (expand.ts, search.ts). `holds` comes with one proof tree per case whose every
 * bound entry the checker's own leaf function has confirmed; `violated` with an exact point of the
 * violation set; `unknown` with the reason the run stopped. Nothing is decided in floating point.
 */
import type Fraction from 'fraction.js';
import { InputError } from '../../errors.js';
import { type Network, outputSize } from '../../network/model.js';
import { type Specification, requireBoundedInputs } from '../../specification/model.js';
import { type SpecCounterexample, falsifySpecification, shortenCounterexample } from './counterexample.js';
import { type ExpandCounts, type ExpandOptions, type ExpansionMemo, type Node, type SplitRule, SpecExpander, rootNode } from './expand.js';
import { type CaseOutcome, type SpecProgress, type SpecProofNode, searchCase } from './search.js';

/** Statistics of a run. */
export interface SpecStats {
  seconds: number;
  falsifySeconds: number;
  nodes: number;
  leaves: number;
  maxDepth: number;
  /** Bound entries confirmed by the checker's leaf function (rigorous filter / exact fallback), in each case's last attempt (its proof, when it closed). */
  confirmed: number;
  rigorous: number;
  exact: number;
  /** Float bounds > 0 that the confirmation refused (the node was split further). */
  unconfirmed: number;
  /**
   * Of `nodes`, those an attempt took over from an earlier one with the same rule instead of
   * searching them again ({@link AttemptMemos}); it depends on the number of threads, and it is
   * not in the certificate.
   */
  reused: number;
}

/** The verdict of {@link verifySpecification}. */
export type SpecResult =
  | { readonly status: 'holds'; readonly trees: readonly (readonly SpecProofNode[])[]; readonly stats: SpecStats }
  | ({ readonly status: 'violated'; readonly stats: SpecStats } & SpecCounterexample)
  | { readonly status: 'unknown'; readonly reason: string; readonly stats: SpecStats };

/** Options of {@link verifySpecification}. */
export interface SpecVerifyOptions extends ExpandOptions {
  /** Stop at this time (ms since the epoch). */
  readonly deadline?: number;
  /** Stop after this many nodes per case. */
  readonly maxNodes?: number;
  /** Skip the falsifier (the search still finds counterexamples at node centres). */
  readonly noFalsify?: boolean;
  /** Nodes of the schedule's first `scored` slice (default 4 000; {@link SCHEDULE_START}); for tuning and tests. */
  readonly scheduleStart?: number;
  /** Called with the running figures of the case being searched, every few nodes. */
  readonly onProgress?: (figures: SpecProgress) => void;
}

/**
 * Checks that the specification fits the network and the method: sizes and bounded boxes.
 * @throws InputError naming what does not fit.
 */
export function checkSpecificationFits(net: Network, spec: Specification, file?: string): (readonly [Fraction, Fraction])[][] {
  const m = outputSize(net);
  if (spec.inputs !== net.inputs || spec.outputs !== m) {
    throw new InputError('dimension', `the specification has ${spec.inputs} inputs and ${spec.outputs} outputs, the network ${net.inputs} and ${m}`, { file });
  }
  return requireBoundedInputs(spec);
}

/**
 * The default schedule of split rules (expand.ts {@link SplitRule}): `scored` for 4 000 nodes,
 * then `smear` for a quarter of that; then the round again with twice the budget and `phase` (a
 * quarter of `scored`'s too) after the input rules, and so on, until one closes the case or a
 * limit is reached. An attempt takes over what the last one with the same rule searched to its
 * end ({@link AttemptMemos}), so a restart re-searches nothing of it: a rule's cost is about its
 * last slice, not the geometric sum of its slices. Measured on the 186 ACAS Xu instances
 * (benchmarks/RESULTS.md, issue 14): `scored` closes every instance that is decided, 3_3 φ2 in
 * 18 109 nodes, the largest (4_2 φ2 8 161, 3_3 φ9 ≈ 2 400, φ1 at most ≈ 1 100, 1_1 φ6's larger
 * case ≈ 3 300); while `phase` had as many nodes as `scored` it was most of 3_3 φ2's time (24 000
 * nodes in rounds 2 and 3 for nothing). A first slice of 500 had sent the φ1 instances of 550–1 000
 * nodes, and φ5 and φ9, through restarts that were 60–80 % of their time. `smear` stays as a cheap
 * second opinion (it closed 4_2 φ3 under earlier scores). `phase` joins only from the second
 * round: input splits decide every ACAS Xu instance that is decided; phase splits decide what
 * input splits cannot (max of five inputs: 517 nodes under `phase`, none of the input rules
 * within 470 000; docs/specifications.md). The schedule counts nodes, not seconds, so the proof
 * tree is the same on every machine and at every load.
 */
const SCHEDULE_START = 4000;
/** `smear` nodes per `scored` node of a round (at least one node). */
const SMEAR_NODES_PER_SCORED = 1 / 4;
/** `phase` nodes per `scored` node of a round from the second on (at least one node). */
const PHASE_NODES_PER_SCORED = 1 / 4;

/** What {@link scheduledCase} returns: the last attempt's outcome and counts, and the nodes of all attempts. */
interface ScheduledOutcome {
  readonly outcome: CaseOutcome;
  readonly counts: ExpandCounts;
  readonly nodes: number;
  readonly reused: number;
}

/**
 * One attempt of a case's search: case k from its root, with this split rule and node cap.
 * The run (a generator, {@link specificationRun}) asks for attempts; who answers them — this
 * thread ({@link verifySpecification}) or worker threads (parallel.ts) — is the driver's choice,
 * and the answer is the same either way (parallel.ts). @internal
 */
export interface AttemptRequest {
  readonly k: number;
  readonly root: Node;
  readonly split: SplitRule;
  readonly maxNodes: number | undefined;
  /** Nodes of the case's earlier attempts (progress counts on from there). */
  readonly nodesBefore: number;
}

/** The answer to an {@link AttemptRequest}. @internal */
export interface AttemptAnswer {
  readonly outcome: CaseOutcome;
  readonly counts: ExpandCounts;
  /** Of `counts.nodes`, those taken over from an earlier attempt ({@link AttemptMemos}). */
  readonly reused: number;
}

/** The run of one specification, as a generator of attempts (see {@link AttemptRequest}). @internal */
export type SpecificationRun = Generator<AttemptRequest, SpecResult, AttemptAnswer>;

/** Searches case k with the requested split rule, or with the default schedule when none is given. */
function* scheduledCase(k: number, root: Node, options: SpecVerifyOptions): Generator<AttemptRequest, ScheduledOutcome, AttemptAnswer> {
  // The last attempt's counts are the proof's: the same for every number of worker threads
  // (parallel.ts), while which nodes an attempt that ran out of nodes saw is not.
  let counts: ExpandCounts = { nodes: 0, confirmed: 0, unconfirmed: 0, rigorous: 0, exact: 0, alphaEntries: 0, betaEntries: 0 };
  let nodes = 0;
  let reused = 0;
  function* attempt(split: SplitRule, maxNodes: number | undefined): Generator<AttemptRequest, CaseOutcome, AttemptAnswer> {
    const answer = yield { k, root, split, maxNodes, nodesBefore: nodes };
    counts = answer.counts;
    nodes += answer.counts.nodes;
    reused += answer.reused;
    return answer.outcome;
  }
  if (options.split !== undefined) {
    const outcome = yield* attempt(options.split, options.maxNodes);
    return { outcome, counts, nodes, reused };
  }
  const first = Math.max(1, options.scheduleStart ?? SCHEDULE_START);
  for (let slice = first; ; slice *= 2) {
    const round: [SplitRule, number][] = [
      ['scored', slice],
      ['smear', Math.max(1, Math.floor(SMEAR_NODES_PER_SCORED * slice))],
    ];
    if (slice > first) round.push(['phase', Math.max(1, Math.floor(PHASE_NODES_PER_SCORED * slice))]);
    for (const [split, sliceNodes] of round) {
      // The caller's node cap bounds all attempts together.
      const left = options.maxNodes !== undefined ? options.maxNodes - nodes : undefined;
      const last = left !== undefined && left <= sliceNodes;
      const outcome = yield* attempt(split, last ? left : sliceNodes);
      if (outcome.status !== 'stopped' || !outcome.nodeLimit) return { outcome, counts, nodes, reused };
      if (last) return { outcome: { ...outcome, reason: `the node limit (${options.maxNodes}) was reached` }, counts, nodes, reused };
    }
  }
}

/** Answers an attempt in this thread. @internal */
export function attemptHere(net: Network, spec: Specification, request: AttemptRequest, options: SpecVerifyOptions): AttemptAnswer {
  const { k, root, split, maxNodes, nodesBefore } = request;
  const expander = new SpecExpander(net, spec, k, root, { ...options, split });
  const report = options.onProgress;
  const outcome = searchCase(expander, root, {
    case: k,
    ...(options.deadline !== undefined ? { deadline: options.deadline } : {}),
    ...(maxNodes !== undefined ? { maxNodes } : {}),
    // Progress counts the nodes of earlier attempts too, so a restart does not set it back to 0.
    ...(report !== undefined ? { onProgress: (f: SpecProgress) => report({ ...f, nodes: nodesBefore + f.nodes }) } : {}),
  });
  return { outcome, counts: { ...expander.counts }, reused: expander.reused };
}

/** Decides the specification (module comment). */
export function verifySpecification(net: Network, spec: Specification, options: SpecVerifyOptions = {}): SpecResult {
  const run = specificationRun(net, spec, options);
  const memos = new AttemptMemos<ExpansionMemo>(() => new WeakMap());
  for (let step = run.next(); ; ) {
    if (step.done === true) return step.value;
    step = run.next(attemptHere(net, spec, step.value, { ...options, memo: memos.for(step.value) }));
  }
}

/**
 * What the schedule's attempts keep for the next attempt with the same case and rule (expand.ts
 * {@link ExpansionMemo} here, the searched tasks in parallel.ts): a restart with a larger cap then
 * re-searches none of what an earlier slice closed. The tree of a rule does not depend on its cap,
 * so the proof is the one a fresh attempt finds, and the counts are replayed with it: the statistics
 * (the certificate's `nodes` too) are those of searching every attempt from scratch. Only the
 * current case's are kept. @internal
 */
export class AttemptMemos<M> {
  #case = -1;
  readonly #byRule = new Map<SplitRule, M>();

  constructor(private readonly make: () => M) {}

  /** The memo of this request's case and rule (a new case forgets the earlier case's). */
  for(request: AttemptRequest): M {
    if (request.k !== this.#case) {
      this.#case = request.k;
      this.#byRule.clear();
    }
    let memo = this.#byRule.get(request.split);
    if (memo === undefined) {
      memo = this.make();
      this.#byRule.set(request.split, memo);
    }
    return memo;
  }
}

/** The run of {@link verifySpecification}: falsify, then every case by its schedule of attempts. @internal */
export function* specificationRun(net: Network, spec: Specification, options: SpecVerifyOptions = {}): SpecificationRun {
  const start = performance.now();
  const boxes = checkSpecificationFits(net, spec, spec.source?.file);
  const stats: SpecStats = { seconds: 0, falsifySeconds: 0, nodes: 0, leaves: 0, maxDepth: 0, confirmed: 0, rigorous: 0, exact: 0, unconfirmed: 0, reused: 0 };
  const done = (): SpecStats => {
    stats.seconds = (performance.now() - start) / 1000;
    return stats;
  };
  if (options.noFalsify !== true) {
    const ce = falsifySpecification(net, spec, boxes);
    stats.falsifySeconds = (performance.now() - start) / 1000;
    if (ce !== undefined) return { status: 'violated', ...ce, stats: done() };
  }
  const trees: SpecProofNode[][] = [];
  for (let k = 0; k < spec.cases.length; k++) {
    const root = rootNode(spec, k, boxes[k] as (readonly [Fraction, Fraction])[]);
    const { outcome, counts: c, nodes, reused } = yield* scheduledCase(k, root, options);
    stats.nodes += nodes;
    stats.reused += reused;
    stats.confirmed += c.confirmed;
    stats.rigorous += c.rigorous;
    stats.exact += c.exact;
    stats.unconfirmed += c.unconfirmed;
    if (outcome.status === 'violated') return { status: 'violated', ...shortenCounterexample(net, spec, outcome.counterexample), stats: done() };
    if (outcome.status === 'stopped') return { status: 'unknown', reason: `${outcome.reason} (case ${k + 1} of ${spec.cases.length}, ${nodes} nodes searched)`, stats: done() };
    stats.leaves += outcome.leaves;
    stats.maxDepth = Math.max(stats.maxDepth, outcome.maxDepth);
    trees.push(outcome.nodes);
  }
  return { status: 'holds', trees, stats: done() };
}
