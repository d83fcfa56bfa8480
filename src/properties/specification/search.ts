/**
 * The search of one case, on the engine core: the case's {@link SpecProblem} run by the generic
 * split-tree driver (src/engine/search.ts) with its limits (deadline, interrupt flag) and progress,
 * and the closed tree listed in preorder (the `spec-tree` node order).
 */
import { Limits } from '../../engine/limits.js';
import { Progress } from '../../engine/progress.js';
import { search } from '../../engine/search.js';
import type { SpecCounterexample } from './counterexample.js';
import type { Node, SpecExpander } from './expand.js';
import { type SpecProgress, type SpecProofNode, SpecProblem, preorder } from './problem.js';

export type { SpecProofNode, SpecProgress } from './problem.js';

/** What the search of one case ends with. */
export type CaseOutcome =
  | { readonly status: 'closed'; readonly nodes: SpecProofNode[]; readonly leaves: number; readonly maxDepth: number }
  | { readonly status: 'violated'; readonly counterexample: SpecCounterexample }
  /** `nodeLimit` when the stop was the node cap (`maxNodes`), so that a caller may try again differently. */
  | { readonly status: 'stopped'; readonly reason: string; readonly nodeLimit?: true };

/** Options of {@link searchCase}. */
export interface SearchOptions {
  /** Stop at this time (ms since the epoch, as Date.now()). */
  readonly deadline?: number;
  /** Stop after this many nodes. */
  readonly maxNodes?: number;
  /** The case searched (0-based; for the progress figures). */
  readonly case?: number;
  /** Called with the running figures every `progressEvery` nodes. */
  readonly onProgress?: (figures: SpecProgress) => void;
  /** Nodes between two progress reports (default 10: a node costs milliseconds, not microseconds). */
  readonly progressEvery?: number;
}

/** Runs the search from `root` with `expander` until the case is closed, violated or stopped. */
export function searchCase(expander: SpecExpander, root: Node, options: SearchOptions = {}): CaseOutcome {
  const started = Date.now();
  const figures: SpecProgress = { case: options.case ?? 0, nodes: 0, leaves: 0, maxDepth: 0, seconds: 0 };
  const problem = new SpecProblem({
    expander,
    figures,
    ...(options.maxNodes !== undefined ? { maxNodes: options.maxNodes } : {}),
    ...(options.onProgress !== undefined ? { progress: new Progress(figures, started, options.onProgress, options.progressEvery ?? 10) } : {}),
  });
  // The driver's leaf cap is unused here (no maxLeaves): the spec problem caps nodes itself.
  const limits = new Limits(options.deadline !== undefined ? { deadline: options.deadline } : {}, () => figures.leaves);
  const run = search(problem, root, { limits });
  const stopped = run.stopped;
  if (stopped === undefined) return { status: 'closed', nodes: preorder(run.tree), leaves: figures.leaves, maxDepth: figures.maxDepth };
  if (stopped.kind === 'limit') return { status: 'stopped', reason: stopped.reason === 'timeout' ? 'the time limit was reached' : 'interrupted' };
  const r = stopped.result;
  if (r.kind === 'violated') return { status: 'violated', counterexample: r.counterexample };
  if (r.kind === 'stuck') return { status: 'stopped', reason: r.reason };
  return { status: 'stopped', reason: `the node limit (${r.maxNodes}) was reached`, nodeLimit: true };
}
