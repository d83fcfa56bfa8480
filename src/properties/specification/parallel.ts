/**
 * `verify spec --workers K`: the specification branch and bound on K worker threads.
 *
 * Why a holds verdict's proof trees (so its certificate) are the sequential ones, for every K:
 * the expansion of a node (expand.ts) is a function of the node, the case and the split rule —
 * its float bounds, its candidate multipliers, its split coordinate and cut point are computed
 * from the node's box alone, in workspaces overwritten at every node — so a subtree searched from
 * its node in another thread is the subtree the sequential search builds there, and splicing
 * every subtree into its placeholder gives the sequential tree. The schedule's node caps
 * (verify.ts) are one count shared by every thread, taken before each expansion (problem.ts): the
 * threads together expand at most the cap, and all of a tree's nodes exactly when the tree has at
 * most that many — which is when the sequential attempt closes it. So every attempt closes or runs
 * out of nodes as the sequential one does, and the schedule takes the same turns. A restart takes
 * over the tasks the last attempt with the same rule searched to their end (`admit`): their nodes
 * go into the shared count and their counts into the attempt's, so the attempt ends as a fresh
 * one would; only how many nodes were taken over (`reused`) depends on K.
 *
 * A stuck node (one that cannot be split) is a leaf that cannot close: the search goes on past it
 * (problem.ts), so an attempt with one ends out of nodes if the tree is larger than the cap, and
 * stuck otherwise — for every K alike.
 *
 * What may differ with K: a `violated` answer's counterexample (the first one any thread finds;
 * the LP stage's throttle, counterexampleLp.ts, also depends on which nodes a thread saw), the
 * verdict where the sequential search would have reached a node cap before the counterexample
 * some thread finds (the answer is then violated, exactly, instead of a further
 * attempt), and everything stopped by the clock. Every answer is exact either way.
 *
 * Scheduling: the main thread falsifies while the workers load; then each attempt starts with the
 * case's root as the only task. A worker searches its task down to a fixed number of splits below
 * it and sends back the nodes it cut off there, which join the front of the queue (dynamic
 * hand-out; a task is a few nodes, so no thread waits long for the largest one). Shallow cuts
 * while the queue is shorter than the pool, deeper ones once every thread has work, deeper still
 * where nodes are cheap. Where a task is cut changes who expands which node, never the tree.
 */
import { join } from 'node:path';
import { fromCloneable, toCloneable } from '../../engine/cloneable.js';
import { WorkerPool, runQueue, workerScript } from '../../engine/pool.js';
import { canonicalNetworkText } from '../../network/json.js';
import type { Network } from '../../network/model.js';
import type { Specification } from '../../specification/model.js';
import { interruptBuffer, stopReason } from '../../stopCondition.js';
import { type ExpandCounts, type ExpandOptions, type Node, addCounts } from './expand.js';
import { preorder } from './problem.js';
import { type CaseOutcome, type SpecTree, type TaskRun, stoppedOutcome } from './search.js';
import { type AttemptAnswer, type AttemptRequest, AttemptMemos, type SpecResult, type SpecVerifyOptions, checkSpecificationFits, specificationRun, verifySpecification } from './verify.js';

/** Options of {@link verifySpecificationParallel}. */
export interface ParallelSpecOptions extends SpecVerifyOptions {
  /** Worker threads (an integer ≥ 1; default 1: the sequential search, in this thread). */
  readonly workers?: number;
  /**
   * Threads to run on, made by {@link specificationWorkers} and kept by the caller across runs (a
   * batch of instances loads the workers once); `workers` is then their number. Default: threads
   * started for this run and terminated at its end.
   */
  readonly threads?: SpecificationWorkers;
}

/** Splits below a task's node at which a worker cuts the rest off as new tasks, once every thread has work. */
const TASK_SPLITS = 3;
/**
 * The same where nodes are cheap (below {@link CHEAP_NODE_MS} on average so far): a task of up to
 * 2^6 nodes keeps the messages a small part of the work (max of five inputs: 0.5 ms a node).
 */
const CHEAP_TASK_SPLITS = 6;
const CHEAP_NODE_MS = 2;
/** The same while the queue is shorter than the pool (the first tasks fan out fast). */
const FAN_OUT_SPLITS = 1;
/** A node cap no attempt reaches (the shared count is an Int32): an attempt without a cap gets this one. */
const NO_CAP = 2 ** 30;

/** What each worker receives once. @internal */
export interface SpecWorkerSetup {
  /** The shared node count of the current attempt (Int32, slot 0). */
  readonly counter: SharedArrayBuffer;
  /** The CLI's interrupt flag (src/stopCondition.ts), when one is installed. */
  readonly interrupt?: SharedArrayBuffer;
}

/** Main → worker: the network and specification the next tasks are about (no answer). @internal */
export interface SpecLoadMessage {
  readonly type: 'load';
  /** The network's canonical JSON text (src/network/json.ts). */
  readonly network: string;
  /** The specification ({@link toCloneable}). */
  readonly specification: unknown;
}

/** Main → worker: search the subtree at `node` for attempt `attempt`. @internal */
export interface SpecTaskMessage {
  readonly type: 'task';
  /** The attempt's number in this run (a worker builds one expander per attempt). */
  readonly attempt: number;
  readonly k: number;
  /** The expander's options, with the attempt's split rule. */
  readonly expand: ExpandOptions;
  /** The node ({@link toCloneable}). */
  readonly node: unknown;
  readonly maxNodes: number;
  readonly cutBelow: number;
  readonly deadline?: number;
}

/** Worker → main: a task's {@link TaskRun} (cloneable) and the expander's counts for it. @internal */
export interface SpecTaskResult {
  readonly tree: unknown;
  readonly tasks: unknown;
  readonly stopped?: unknown;
  readonly figures: TaskRun['figures'];
  readonly counts: ExpandCounts;
}

/**
 * The tasks an earlier attempt with the same case and rule searched to their end (verify.ts
 * AttemptMemos), by task node: the subtree down to the cut, the nodes cut off there (the very
 * objects queued next, so that they find their own entries) and what it counted.
 */
type TaskMemo = WeakMap<Node, { readonly tree: SpecTree; readonly tasks: readonly Node[]; readonly figures: TaskRun['figures']; readonly counts: ExpandCounts }>;

/** A searched subtree and, per node it cut off, the part searched from there (undefined: not yet). */
interface Part {
  readonly tree: SpecTree;
  readonly children: (Part | undefined)[];
}

/** A node waiting for a worker, where its part goes, and its place in the tree (for preferring earlier counterexamples). */
interface Queued {
  readonly node: Node;
  readonly attach: (part: Part) => void;
  readonly path: readonly number[];
}

function spliced(part: Part): SpecTree {
  const walk = (t: SpecTree): SpecTree => {
    switch (t.kind) {
      case 'leaf':
      case 'empty':
        return t;
      case 'split':
        return { ...t, children: [walk(t.children[0]), walk(t.children[1])] };
      case 'unexplored': {
        const child = t.task === undefined ? undefined : part.children[t.task];
        if (child === undefined) throw new Error('internal: a closed parallel attempt with a subtree missing');
        return spliced(child);
      }
    }
  };
  return walk(part.tree);
}

function earlier(a: readonly number[], b: readonly number[]): boolean {
  for (let q = 0; q < Math.min(a.length, b.length); q++) if (a[q] !== b[q]) return (a[q] as number) < (b[q] as number);
  return a.length < b.length;
}

/** Worker threads for specification searches, reusable across runs ({@link specificationWorkers}). */
export interface SpecificationWorkers {
  /** Their number. */
  readonly count: number;
  /** Terminates them. */
  close(): Promise<void>;
}

/** The internals behind {@link SpecificationWorkers}. */
class SpecificationPool implements SpecificationWorkers {
  readonly pool: WorkerPool;
  readonly counter: Int32Array;
  attempts = 0;

  constructor(readonly count: number) {
    const buffer = new SharedArrayBuffer(4);
    this.counter = new Int32Array(buffer);
    const interrupt = interruptBuffer();
    const setup: SpecWorkerSetup = { counter: buffer, ...(interrupt !== undefined ? { interrupt } : {}) };
    this.pool = new WorkerPool(workerScript(import.meta.url, 'worker.js', join('src', 'properties', 'specification'), 'specification'), count, setup, 'specification');
  }

  /** Makes every worker read this network and specification for the tasks that follow (messages are taken in order). */
  load(net: Network, spec: Specification): void {
    const message: SpecLoadMessage = { type: 'load', network: canonicalNetworkText(net, 'all'), specification: toCloneable(spec) };
    for (const worker of this.pool.workers) worker.postMessage(message);
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}

/**
 * Starts `count` specification worker threads (they load while the caller goes on), to pass as
 * {@link ParallelSpecOptions.threads} to any number of runs; the caller closes them.
 * @throws RangeError when `count` is not a positive integer.
 */
export function specificationWorkers(count: number): SpecificationWorkers {
  if (!Number.isSafeInteger(count) || count < 1) throw new RangeError(`workers must be a positive integer, got ${count}`);
  return new SpecificationPool(count);
}

/**
 * {@link verifySpecification} on `options.workers` worker threads (module comment: the same proof
 * trees and certificate for every number of workers when the specification holds).
 * @throws RangeError when `workers` is not a positive integer; an Error when a worker fails (the
 *   workers are always terminated before this returns or throws).
 */
export async function verifySpecificationParallel(net: Network, spec: Specification, options: ParallelSpecOptions = {}): Promise<SpecResult> {
  const { workers, threads, ...rest } = options;
  if (threads !== undefined && !(threads instanceof SpecificationPool)) throw new TypeError('threads must come from specificationWorkers()');
  const count = threads?.count ?? workers ?? 1;
  if (!Number.isSafeInteger(count) || count < 1) throw new RangeError(`workers must be a positive integer, got ${count}`);
  if (count === 1 && threads === undefined) return verifySpecification(net, spec, rest);
  checkSpecificationFits(net, spec, spec.source?.file);
  // Started (or loaded) first: the workers read the problem while this thread falsifies.
  const pool = threads ?? new SpecificationPool(count);
  try {
    pool.load(net, spec);
    const run = specificationRun(net, spec, rest);
    const memos = new AttemptMemos<TaskMemo>(() => new WeakMap());
    for (let step = run.next(); ; ) {
      if (step.done === true) return step.value;
      step = run.next(await attemptOnWorkers(pool, step.value, rest, memos.for(step.value)));
    }
  } finally {
    if (threads === undefined) await pool.close();
  }
}

/** Answers one attempt on the pool (module comment). */
async function attemptOnWorkers(threads: SpecificationPool, request: AttemptRequest, options: SpecVerifyOptions, memo: TaskMemo): Promise<AttemptAnswer> {
  const { pool, counter } = threads;
  const attempt = threads.attempts++;
  const { k, root, split, nodesBefore } = request;
  const maxNodes = Math.min(request.maxNodes ?? NO_CAP, NO_CAP);
  Atomics.store(counter, 0, 0);
  const counts: ExpandCounts = { nodes: 0, confirmed: 0, unconfirmed: 0, rigorous: 0, exact: 0, alphaEntries: 0, betaEntries: 0 };
  const figures = { case: k, nodes: 0, leaves: 0, maxDepth: 0, seconds: 0 };
  const started = Date.now();
  let top: Part | undefined;
  let waiting = 1; // tasks queued and not yet handed out
  let violation: { readonly outcome: CaseOutcome; readonly path: readonly number[] } | undefined;
  let ended: Exclude<CaseOutcome, { status: 'closed' }> | undefined;
  let stuck: Exclude<CaseOutcome, { status: 'closed' }> | undefined;
  let reported = 0;
  let reused = 0;
  // Measured node cost so far (it only sets where tasks are cut, never the tree).
  let taskSeconds = 0;
  // Every other thread stops at its next node: the count is past any cap.
  const cancel = (): void => void Atomics.store(counter, 0, NO_CAP);
  const expand: ExpandOptions = {
    ...(options.alphaSteps !== undefined ? { alphaSteps: options.alphaSteps } : {}),
    ...(options.betaSteps !== undefined ? { betaSteps: options.betaSteps } : {}),
    ...(options.candidates !== undefined ? { candidates: options.candidates } : {}),
    ...(options.lambdaSteps !== undefined ? { lambdaSteps: options.lambdaSteps } : {}),
    ...(options.regionLp !== undefined ? { regionLp: options.regionLp } : {}),
    split,
  };
  const tally = (run: { readonly figures: TaskRun['figures']; readonly counts: ExpandCounts }): void => {
    addCounts(counts, run.counts);
    figures.nodes += run.figures.nodes;
    figures.leaves += run.figures.leaves;
    figures.maxDepth = Math.max(figures.maxDepth, run.figures.maxDepth);
  };
  // Takes the tasks an earlier attempt searched to their end out of the queue, with their parts,
  // and their nodes into the shared count: past the cap, this attempt ends out of nodes, as a
  // fresh one would (it would expand the same nodes).
  const admit = (items: readonly Queued[]): Queued[] => {
    const out: Queued[] = [];
    const pending = [...items];
    while (pending.length > 0) {
      const queued = pending.shift() as Queued;
      const hit = memo.get(queued.node);
      if (hit === undefined || ended !== undefined || violation !== undefined) {
        out.push(queued);
        continue;
      }
      tally(hit);
      reused += hit.figures.nodes;
      if (Atomics.add(counter, 0, hit.figures.nodes) + hit.figures.nodes > maxNodes) {
        ended = { status: 'stopped', reason: `the node limit (${maxNodes}) was reached`, nodeLimit: true };
        cancel();
      }
      const part: Part = { tree: hit.tree, children: hit.tasks.map(() => undefined) };
      queued.attach(part);
      pending.unshift(...hit.tasks.map((node, i) => ({ node, attach: (p: Part) => (part.children[i] = p), path: [...queued.path, i] })));
    }
    return out;
  };
  const initial = admit([{ node: root, attach: (part) => (top = part), path: [] }]);
  waiting = initial.length;
  await runQueue<Queued, never, SpecTaskResult>(pool, initial, 'specification', {
    message: (queued): Omit<SpecTaskMessage, 'id'> => {
      waiting--;
      return {
        type: 'task',
        attempt,
        k,
        expand,
        node: toCloneable(queued.node),
        maxNodes,
        cutBelow: waiting < pool.workers.length ? FAN_OUT_SPLITS : figures.nodes > 0 && (1000 * taskSeconds) / figures.nodes < CHEAP_NODE_MS ? CHEAP_TASK_SPLITS : TASK_SPLITS,
        ...(options.deadline !== undefined ? { deadline: options.deadline } : {}),
      };
    },
    stop: () => {
      if (ended === undefined && violation === undefined) {
        const reason = stopReason(options.deadline);
        if (reason !== undefined) ended = { status: 'stopped', reason: reason === 'timeout' ? 'the time limit was reached' : 'interrupted' };
      }
      return ended !== undefined || violation !== undefined;
    },
    onResult: (queued, data, enqueue) => {
      tally(data);
      taskSeconds += data.figures.seconds;
      if (options.onProgress !== undefined && figures.nodes - reported >= 10) {
        reported = figures.nodes;
        options.onProgress({ ...figures, nodes: nodesBefore + figures.nodes, seconds: (Date.now() - started) / 1000 });
      }
      if (data.stopped !== undefined) {
        const outcome = stoppedOutcome(fromCloneable<NonNullable<TaskRun['stopped']>>(data.stopped));
        if (outcome.status === 'violated') {
          if (violation === undefined || earlier(queued.path, violation.path)) violation = { outcome, path: queued.path };
          cancel();
          return;
        }
        if (outcome.status === 'stopped' && outcome.stuck === true) {
          // A stuck node: a leaf that cannot close; the search goes on (problem.ts), as in one thread.
          stuck ??= outcome;
        } else {
          // A node cap reached (then every thread reaches it) or the clock.
          if (violation === undefined && ended === undefined) ended = outcome;
          return;
        }
      }
      const tasks = fromCloneable<Node[]>(data.tasks);
      const part: Part = { tree: fromCloneable<SpecTree>(data.tree), children: tasks.map(() => undefined) };
      if (data.stopped === undefined) memo.set(queued.node, { tree: part.tree, tasks, figures: data.figures, counts: data.counts });
      queued.attach(part);
      const next = admit(tasks.map((node, i) => ({ node, attach: (p: Part) => (part.children[i] = p), path: [...queued.path, i] })));
      waiting += next.length;
      enqueue(next);
    },
  });
  // A counterexample is exact wherever it was found, so it wins over a cap another thread reached.
  if (violation !== undefined) return { outcome: violation.outcome, counts, reused };
  if (ended !== undefined) return { outcome: ended, counts, reused };
  if (stuck !== undefined) return { outcome: stuck, counts, reused };
  if (top === undefined) throw new Error('internal: a parallel attempt ended without its root');
  return { outcome: { status: 'closed', nodes: preorder(spliced(top)), leaves: figures.leaves, maxDepth: figures.maxDepth }, counts, reused };
}
