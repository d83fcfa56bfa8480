/**
 * The search of one case, on the engine core: the case's {@link SpecProblem} run by the generic
 * split-tree driver (src/engine/search.ts) with its limits (deadline, interrupt flag) and progress,
 * and the closed tree listed in preorder (the `spec-tree` node order).
 */
import { type LimitReason, Limits } from '../../engine/limits.js';
import { Progress } from '../../engine/progress.js';
import { search } from '../../engine/search.js';
import type { SpecCounterexample } from './counterexample.js';
import type { Node, SpecExpander } from './expand.js';
import { type SpecProgress, type SpecProofNode, type SpecStop, type SpecTree, SpecProblem, preorder } from './problem.js';

export type { SpecProofNode, SpecProgress, SpecTree } from './problem.js';

/** What the search of one case ends with. */
export type CaseOutcome =
  | { readonly status: 'closed'; readonly nodes: SpecProofNode[]; readonly leaves: number; readonly maxDepth: number }
  | { readonly status: 'violated'; readonly counterexample: SpecCounterexample }
  /** `nodeLimit` when the stop was the node cap (`maxNodes`), so that a caller may try again differently; `stuck` when a node could not be split. */
  | { readonly status: 'stopped'; readonly reason: string; readonly nodeLimit?: true; readonly stuck?: true };

/** Options of {@link searchCase} and {@link searchTask}. */
export interface SearchOptions {
  /** Stop at this time (ms since the epoch, as Date.now()). */
  readonly deadline?: number;
  /** Stop after this many nodes. */
  readonly maxNodes?: number;
  /**
   * The node count of every thread of a parallel attempt (slot 0), counted with Atomics: with
   * `maxNodes`, the cap then bounds them all together (src/properties/specification/parallel.ts).
   */
  readonly sharedNodes?: Int32Array;
  /** Cut every node this many splits below the start node off as a task (searched elsewhere). */
  readonly cutBelow?: number;
  /** The case searched (0-based; for the progress figures). */
  readonly case?: number;
  /** Called with the running figures every `progressEvery` nodes. */
  readonly onProgress?: (figures: SpecProgress) => void;
  /** Nodes between two progress reports (default 10: a node costs milliseconds, not microseconds). */
  readonly progressEvery?: number;
}

/** The search of one subtree: its tree (cut-off nodes as `{ kind: 'unexplored', task }`), the nodes cut off, and why it stopped. */
export interface TaskRun {
  readonly tree: SpecTree;
  /** The nodes cut off (`cutBelow`), in depth-first order: task i is the placeholder with `task: i`. */
  readonly tasks: readonly Node[];
  /** Absent when the subtree was searched to its end (up to the cut). */
  readonly stopped?: { readonly kind: 'limit'; readonly reason: LimitReason } | { readonly kind: 'stop'; readonly result: SpecStop };
  readonly figures: SpecProgress;
}

/** Searches the subtree at `start` (a case's root or a node cut off elsewhere) with `expander`. */
export function searchTask(expander: SpecExpander, start: Node, options: SearchOptions = {}): TaskRun {
  const started = Date.now();
  const figures: SpecProgress = { case: options.case ?? 0, nodes: 0, leaves: 0, maxDepth: 0, seconds: 0 };
  const problem = new SpecProblem({
    expander,
    figures,
    ...(options.maxNodes !== undefined ? { maxNodes: options.maxNodes } : {}),
    ...(options.sharedNodes !== undefined ? { sharedNodes: options.sharedNodes } : {}),
    ...(options.onProgress !== undefined ? { progress: new Progress(figures, started, options.onProgress, options.progressEvery ?? 10) } : {}),
  });
  // The driver's leaf cap is unused here (no maxLeaves): the spec problem caps nodes itself.
  const limits = new Limits(options.deadline !== undefined ? { deadline: options.deadline } : {}, () => figures.leaves);
  const run = search(problem, start, {
    limits,
    startDepth: start.depth,
    ...(options.cutBelow !== undefined ? { cutDepth: start.depth + options.cutBelow } : {}),
  });
  figures.seconds = (Date.now() - started) / 1000;
  // A stuck node ends the subtree unknown only when nothing else did (a cap, the clock, a counterexample).
  const stopped = run.stopped ?? (problem.stuck !== undefined ? { kind: 'stop' as const, result: { kind: 'stuck' as const, reason: problem.stuck } } : undefined);
  return { tree: run.tree, tasks: run.tasks.map((t) => t.node), ...(stopped !== undefined ? { stopped } : {}), figures };
}

/** Why a search stopped, as a case's outcome (a stop's counterexample, or the reason). */
export function stoppedOutcome(stopped: NonNullable<TaskRun['stopped']>): Exclude<CaseOutcome, { status: 'closed' }> {
  if (stopped.kind === 'limit') return { status: 'stopped', reason: stopped.reason === 'timeout' ? 'the time limit was reached' : 'interrupted' };
  const r = stopped.result;
  if (r.kind === 'violated') return { status: 'violated', counterexample: r.counterexample };
  if (r.kind === 'stuck') return { status: 'stopped', reason: r.reason, stuck: true };
  return { status: 'stopped', reason: `the node limit (${r.maxNodes}) was reached`, nodeLimit: true };
}

/** Runs the search from `root` with `expander` until the case is closed, violated or stopped. */
export function searchCase(expander: SpecExpander, root: Node, options: SearchOptions = {}): CaseOutcome {
  const run = searchTask(expander, root, options);
  if (run.stopped !== undefined) return stoppedOutcome(run.stopped);
  return { status: 'closed', nodes: preorder(run.tree), leaves: run.figures.leaves, maxDepth: run.figures.maxDepth };
}
