/**
 * The region engine on worker threads: the split tree is cut into independent subtrees, which a
 * pool of worker threads explores, and the pieces are spliced back in depth-first order.
 *
 * Why the result is the sequential one, whatever the number of workers: every node of the split
 * tree is computed exactly once, by {@link runEngine}, from the node's own state (layer, neuron,
 * pattern, rows, witness, the layer's entry decisions — `NodeState` in src/engine/serialise.ts); the
 * affine maps are rebuilt from the pattern the way the engine built them; the LP layer's answer
 * is a function of the system alone (glpk.js builds and frees a fresh problem for every solve,
 * GLPK's primal simplex has no randomness, and the caches in solvers/ memoize functions of a
 * row's values); and the statistics are only counted, never read, except by the limits (which
 * only stop the run). Nothing depends on which thread ran what before. So a subtree run
 * from its node in another thread is the subtree the sequential engine builds there, and
 * splicing every subtree into its placeholder (the regions at their depth-first index) gives the
 * sequential tree, regions and counts. Only the wall time differs, and a run stopped by a limit
 * (which then is partial either way: `complete: false`).
 *
 * Scheduling: the main thread expands the top of the tree until it has about
 * {@link TASKS_PER_WORKER} subtrees per worker (subtrees are very uneven, so many small tasks on
 * a queue balance the load); each worker takes the next subtree when it is idle. The network is
 * sent to each worker once, as its canonical JSON text.
 */
import { join } from 'node:path';
import { type LpStats, createLpStats } from '../../solvers/certified.js';
import { type PoolMessage, WorkerPool, runQueue, workerScript } from '../engine/pool.js';
import { type StopReason, interruptBuffer, stopReason } from '../stopCondition.js';
import { canonicalNetworkText } from '../network/json.js';
import type { Network } from '../network/model.js';
import type { Domain } from './domain.js';
import {
  type EngineRun,
  type EngineTask,
  type EnumerateOptions,
  type Region,
  type RegionEnumeration,
  type RegionStats,
  type RegionTree,
  type TaskPlaceholder,
  enumerateRegions,
  runEngine,
} from './enumerate.js';
import { type DomainData, type RunData, domainData, runFromData } from './serialise.js';
import type { NodeState } from '../engine/serialise.js';

export { type DomainData, type RunData, domainData, domainFromData, runData } from './serialise.js';

/** Subtrees the main thread cuts per worker before the pool starts (default of {@link ParallelEnumerateOptions.tasksPerWorker}). */
export const TASKS_PER_WORKER = 16;

/**
 * Options of {@link enumerateRegionsParallel}: those of {@link enumerateRegions} that can cross a
 * thread boundary. Callbacks run in the main thread, so only `onProgress` is kept (with the
 * workers' counts added up); a custom float LP solver cannot be sent to a worker, but
 * `lp.solver: null` (exact simplex only) can.
 */
export interface ParallelEnumerateOptions extends Omit<EnumerateOptions, 'onRegion' | 'interiorOracle' | 'lp'> {
  /** Worker threads (an integer ≥ 1; default 1: the sequential engine, in this thread). */
  readonly workers?: number;
  /**
   * How many subtrees per worker the main thread cuts before the workers start on them (default
   * {@link TASKS_PER_WORKER}): more balance uneven subtrees better, at the price of more of the
   * top of the tree explored in the main thread alone. It changes the split, never the result.
   */
  readonly tasksPerWorker?: number;
  /** LP options: where to count, and `solver: null` for exact-only. */
  readonly lp?: { readonly stats?: LpStats; readonly solver?: null };
}

/** What {@link enumerateRegionsParallel} found: the sequential engine's result, and how the work was split. */
export type ParallelRegionEnumeration = RegionEnumeration & {
  /** Worker threads used (1: the sequential engine ran in the calling thread). */
  readonly workers: number;
  /** Subtrees explored in worker threads (0 when the main thread finished the tree alone). */
  readonly tasks: number;
};

/** The engine options a worker needs (plain data). */
interface WorkerOptions {
  readonly maxRegions?: number;
  readonly deadline?: number;
  readonly keepTree?: boolean;
  readonly keepRegions?: boolean;
  readonly passThroughPairs?: boolean;
  readonly lookAhead?: boolean;
  readonly projectedPaths?: boolean;
}

/** What each worker receives once, as `workerData`. @internal */
export interface WorkerSetup {
  /** The network's canonical JSON text (src/network/json.ts), parsed again in the worker. */
  readonly network: string;
  readonly domain: DomainData;
  readonly options: WorkerOptions;
  /** `lp.solver: null`: the exact simplex answers every LP. */
  readonly exactOnly: boolean;
  /** Whether the main thread wants progress messages. */
  readonly progress?: boolean;
  /** The shared region count (with `maxRegions`). */
  readonly counter?: SharedArrayBuffer;
  /** The CLI's interrupt flag (src/stopCondition.ts), when one is installed. */
  readonly interrupt?: SharedArrayBuffer;
}

/** Main → worker: explore the subtree at this node. @internal */
export interface TaskMessage {
  readonly id: number;
  readonly state: NodeState;
}

/** Worker → main: progress figures, or the subtree's run. @internal */
export type WorkerMessage = PoolMessage<RegionStats, RunData>;

// ---------------------------------------------------------------------------------------------
// Splicing

/** A run and, per task it cut off, the run of that subtree (undefined: never run, a limit came first). @internal */
export interface Part {
  readonly run: EngineRun;
  readonly children: (Part | undefined)[];
}

/**
 * The tree of a part with every task's subtree spliced into its placeholder; a task never run
 * becomes `missing(part, task)` (default: a plain unexplored node). @internal
 */
export function spliceTree(part: Part, tree: RegionTree, missing: (part: Part, task: number) => RegionTree = () => ({ kind: 'unexplored' })): RegionTree {
  if (part.run.tasks.length === 0) return tree;
  const walk = (t: RegionTree): RegionTree => {
    switch (t.kind) {
      case 'split':
        return { kind: 'split', positive: walk(t.positive), negative: walk(t.negative) };
      case 'fixed':
        return { kind: 'fixed', sign: t.sign, proof: t.proof, next: walk(t.next) };
      case 'pass':
        return { kind: 'pass', next: walk(t.next) };
      case 'leaf':
        return t;
      case 'unexplored': {
        const task = (t as Partial<TaskPlaceholder>).task;
        if (task === undefined) return t;
        const child = part.children[task];
        const sub = child?.run.tree;
        if (child === undefined) return missing(part, task);
        return sub === undefined ? { kind: 'unexplored' } : spliceTree(child, sub, missing);
      }
    }
  };
  return walk(tree);
}

/** The regions of a part in depth-first order: its own, with each task's regions at the task's index. */
function spliceRegions(part: Part, out: Region[]): void {
  const own = part.run.regions;
  let from = 0;
  part.run.tasks.forEach((task, t) => {
    for (let q = from; q < task.regionIndex; q++) out.push(own[q] as Region);
    from = task.regionIndex;
    const child = part.children[t];
    if (child !== undefined) spliceRegions(child, out);
  });
  for (let q = from; q < own.length; q++) out.push(own[q] as Region);
}

const COUNTERS = ['regions', 'decisions', 'splits', 'constant', 'interval', 'rays', 'paths', 'points', 'lps', 'aheadLps', 'boxLps', 'boxed', 'reused', 'passed', 'orderCone', 'vertex'] as const;
const LP_COUNTERS = ['certified', 'floatSuccesses', 'fallbacks', 'exactSolves', 'floatSolves', 'warmSolves', 'warmStarts', 'warmRejected', 'pivots'] as const;

/** Adds the counts of `from` to `into` (not the LP counts, nor the seconds). @internal */
export function addCounters(into: RegionStats, from: RegionStats): void {
  for (const key of COUNTERS) into[key] += from[key];
}

/** Adds the LP counts of `from` to `into`. @internal */
export function addLpCounters(into: LpStats, from: LpStats): void {
  for (const key of LP_COUNTERS) into[key] += from[key];
}

/** Zero counts, with `lp` as the LP counts. @internal */
export function zeroStats(lp: LpStats): RegionStats {
  return { regions: 0, decisions: 0, splits: 0, constant: 0, interval: 0, rays: 0, paths: 0, points: 0, lps: 0, aheadLps: 0, boxLps: 0, boxed: 0, reused: 0, passed: 0, orderCone: 0, vertex: 0, lp, seconds: 0 };
}

// ---------------------------------------------------------------------------------------------
// Workers

/** The compiled region worker script (src/engine/pool.ts {@link workerScript}). */
function regionWorkerScript(): string {
  return workerScript(import.meta.url, 'worker.js', join('src', 'regions'), 'region');
}

/** A queued subtree: the task `index` of the part `parent`. @internal */
export interface QueuedTask {
  readonly parent: Part;
  readonly index: number;
  readonly task: EngineTask;
}

/**
 * The top of the tree, down to at least `target` subtrees (or none left): `runHere(start, depth)`
 * runs the engine from a node (undefined: the root) cutting at that split depth. All tasks of a
 * round sit at the same depth, so the next round cuts one level deeper below each of them (every
 * node is expanded once). Returns the root part and the cut subtrees in depth-first order. @internal
 */
export function cutTopOfTree(runHere: (start: NodeState | undefined, cutDepth: number) => Part, target: number, stop: () => boolean): { root: Part; frontier: QueuedTask[]; cutDepth: number } {
  let depth = Math.ceil(Math.log2(target));
  const root = runHere(undefined, depth);
  let frontier: QueuedTask[] = root.run.tasks.map((task, index) => ({ parent: root, index, task }));
  while (frontier.length > 0 && frontier.length < target && !stop()) {
    depth++;
    const deeper: QueuedTask[] = [];
    for (const queued of frontier) {
      if (stop()) break;
      const part = runHere(queued.task.state, depth);
      queued.parent.children[queued.index] = part;
      part.run.tasks.forEach((task, index) => deeper.push({ parent: part, index, task }));
    }
    frontier = deeper;
  }
  return { root, frontier, cutDepth: depth };
}

/** The region worker threads of one run. @internal exported for the tests */
export function createRegionPool(count: number, setup: WorkerSetup): WorkerPool {
  return new WorkerPool(regionWorkerScript(), count, setup, 'region');
}

/**
 * Runs the queued subtrees on the workers, each taking the next one when idle, until the queue is
 * empty or `stop()` says a limit was reached (then the rest stay unexplored). Rejects on the first
 * worker failure. @internal exported for the tests
 */
export function runRegionTasks(
  pool: WorkerPool,
  queue: readonly QueuedTask[],
  stop: () => boolean,
  onResult: (queued: QueuedTask, run: EngineRun) => void,
  onProgress: (worker: number, stats: RegionStats | undefined) => void,
): Promise<void> {
  return runQueue<QueuedTask, RegionStats, RunData>(pool, queue, 'region', {
    message: (queued): Omit<TaskMessage, 'id'> => ({ state: queued.task.state }),
    stop,
    onResult: (queued, data) => onResult(queued, runFromData(data)),
    onProgress,
  });
}

/**
 * {@link enumerateRegions} on `options.workers` worker threads: the same regions in the same
 * order, the same split tree and the same counts (so the same certificate) whatever the number of
 * workers, when the run completes. A run stopped by a limit is partial (`complete: false`), as in
 * the sequential engine, but which regions it found depends on the timing. `maxRegions` counts
 * across all threads (at most that many regions are kept); `deadline` stops every thread.
 *
 * `workers: 1` (the default) runs the sequential engine in the calling thread. Otherwise the
 * worker script is `dist/src/regions/worker.js` (built by `npm run build`).
 * @throws RangeError when `workers` is not a positive integer; an Error when a worker fails
 *   (the workers are always terminated before this returns or throws).
 */
export async function enumerateRegionsParallel(net: Network, domain: Domain, options: ParallelEnumerateOptions = {}): Promise<ParallelRegionEnumeration> {
  const { workers: count = 1, tasksPerWorker = TASKS_PER_WORKER, ...rest } = options;
  if (!Number.isSafeInteger(count) || count < 1) throw new RangeError(`workers must be a positive integer, got ${count}`);
  if (!Number.isSafeInteger(tasksPerWorker) || tasksPerWorker < 1) throw new RangeError(`tasksPerWorker must be a positive integer, got ${tasksPerWorker}`);
  if (count === 1) return { ...enumerateRegions(net, domain, rest), workers: 1, tasks: 0 };

  const started = Date.now();
  const lpStats = options.lp?.stats ?? createLpStats();
  // The solver decides which interior points the LPs return, so every thread must use the same:
  // glpk.js (loaded in each) or none. An object cannot cross a thread boundary.
  const solver: unknown = options.lp?.solver;
  if (solver !== undefined && solver !== null) throw new TypeError('a custom LP solver cannot be sent to worker threads (use lp.solver null or the default)');
  const exactOnly = solver === null;
  const engineOptions: WorkerOptions = {
    ...(options.maxRegions !== undefined ? { maxRegions: options.maxRegions } : {}),
    ...(options.deadline !== undefined ? { deadline: options.deadline } : {}),
    ...(options.keepTree !== undefined ? { keepTree: options.keepTree } : {}),
    ...(options.keepRegions !== undefined ? { keepRegions: options.keepRegions } : {}),
    ...(options.passThroughPairs !== undefined ? { passThroughPairs: options.passThroughPairs } : {}),
    ...(options.maxNodeVertices !== undefined ? { maxNodeVertices: options.maxNodeVertices } : {}),
    ...(options.vertexRepresentation !== undefined ? { vertexRepresentation: options.vertexRepresentation } : {}),
    // The warm start changes which points and multipliers the LPs return: every thread the same.
    ...(options.warmLp !== undefined ? { warmLp: options.warmLp } : {}),
    // So does the look-ahead (other proofs and points).
    ...(options.lookAhead !== undefined ? { lookAhead: options.lookAhead } : {}),
    // And the bent rays (other points).
    ...(options.projectedPaths !== undefined ? { projectedPaths: options.projectedPaths } : {}),
  };
  // With a limit on regions, one count for every thread: a worker stops when the run as a whole
  // has found enough (an Int32 is plenty: a run keeps its regions in memory).
  const counterBuffer = options.maxRegions !== undefined ? new SharedArrayBuffer(4) : undefined;
  const counter = counterBuffer === undefined ? undefined : new Int32Array(counterBuffer);
  const control = counter !== undefined ? { regionCounter: counter } : {};

  // Progress: the finished parts' counts plus the running ones' latest (main thread and workers).
  // LP counts: the main thread counts into lpStats as it goes, finished workers are added to it.
  const finished = zeroStats(lpStats);
  const running = new Map<number | 'main', RegionStats>();
  const report = (): void => {
    if (options.onProgress === undefined) return;
    const total = zeroStats({ ...lpStats });
    addCounters(total, finished);
    for (const [source, s] of running) {
      addCounters(total, s);
      if (source !== 'main') addLpCounters(total.lp, s.lp);
    }
    total.seconds = (Date.now() - started) / 1000;
    options.onProgress(total);
  };
  const local: EnumerateOptions = {
    ...engineOptions,
    lp: { stats: lpStats, ...(exactOnly ? { solver: null } : {}) },
    ...(options.onProgress !== undefined
      ? {
          onProgress: (s: RegionStats) => {
            running.set('main', s);
            report();
          },
        }
      : {}),
  };
  let stoppedBy: 'max-regions' | StopReason | undefined;
  const parts: Part[] = [];
  const record = (run: EngineRun): Part => {
    const part: Part = { run, children: run.tasks.map(() => undefined) };
    parts.push(part);
    addCounters(finished, run.stats);
    if (run.status === 'stopped') stoppedBy ??= run.stoppedBy;
    return part;
  };
  const runHere = (start: NodeState | undefined, cutDepth: number): Part => {
    const part = record(runEngine(net, domain, local, { cutDepth, ...(start !== undefined ? { start } : {}), ...control }));
    running.delete('main');
    return part;
  };
  // A deadline that passes between two tasks stops the dispatch too (the rest stay unexplored).
  const stop = (): boolean => {
    stoppedBy ??= stopReason(options.deadline);
    return stoppedBy !== undefined;
  };

  // Start the workers first: they load while the main thread expands the top of the tree.
  const setup: WorkerSetup = {
    network: canonicalNetworkText(net, 'all'),
    domain: domainData(domain),
    options: engineOptions,
    exactOnly,
    progress: options.onProgress !== undefined,
    ...(counterBuffer !== undefined ? { counter: counterBuffer } : {}),
    ...(interruptBuffer() !== undefined ? { interrupt: interruptBuffer() } : {}),
  };
  let pool: WorkerPool | undefined;
  let tasksRun = 0;
  try {
    pool = createRegionPool(count, setup);

    const { root, frontier } = cutTopOfTree(runHere, tasksPerWorker * count, stop);

    if (!stop() && frontier.length > 0) {
      await runRegionTasks(
        pool,
        frontier,
        stop,
        (queued, run) => {
          tasksRun++;
          addLpCounters(lpStats, run.stats.lp);
          queued.parent.children[queued.index] = record(run);
        },
        (w, s) => {
          if (s === undefined) running.delete(w);
          else {
            running.set(w, s);
            report();
          }
        },
      );
    }

    const stats = zeroStats(lpStats);
    for (const part of parts) addCounters(stats, part.run.stats);
    const regions: Region[] = [];
    spliceRegions(root, regions);
    const tree = root.run.tree === undefined ? undefined : spliceTree(root, root.run.tree);
    const complete = stoppedBy === undefined && parts.every((p) => p.run.status !== 'stopped' && p.children.every((c) => c !== undefined));
    stats.seconds = (Date.now() - started) / 1000;
    const parts_ = { regions, tree, stats, workers: count, tasks: tasksRun };
    if (!complete) return { status: 'stopped', stoppedBy: stoppedBy ?? 'timeout', ...parts_ };
    if (root.run.status === 'empty-domain') return { status: 'empty-domain', emptyDomain: root.run.emptyDomain, ...parts_ };
    return { status: 'complete', ...parts_ };
  } finally {
    // Never leave a thread behind: terminate every worker, whatever happened.
    await pool?.close();
  }
}
