/**
 * The split tree, generically: a depth-first search over the nodes of a {@link SplitProblem}.
 * Each node is expanded into a leaf (closed, with its piece of the result tree), a branch (its
 * children, searched in order, and how their trees join) or a stop (the whole search ends with a
 * result — a counterexample, a reached cap). The driver owns what every such search needs: the
 * limits (checked before every node), the cut into tasks for worker threads (at a split depth),
 * and the order of the children, so that a tree is the same whoever explores which part.
 *
 * The region engine (src/regions/problem.ts) is the first problem: its nodes decide one ReLU
 * neuron each, with the deciders of src/engine/deciders/. A problem may just as well branch on
 * input coordinates and close leaves with proofs (a specification's branch and bound).
 */
import type { LimitReason, Limits } from './limits.js';

/** What a node expands into. */
export type Expansion<N, T, R> =
  /** The node is closed: `tree` is its part of the result tree (a region, a proof, …). */
  | { readonly kind: 'leaf'; readonly tree: T }
  /**
   * The node branches: the children are searched depth-first in this order, and `join` builds
   * the node's tree from theirs (same order). One child is a step (a fixed ReLU phase); two or
   * more are a split, which counts towards the cut depth.
   */
  | { readonly kind: 'branch'; readonly children: readonly N[]; readonly join: (subtrees: T[]) => T }
  /** The whole search stops with `result`; `tree` stands for this node (typically unexplored). */
  | { readonly kind: 'stop'; readonly result: R; readonly tree: T };

/** A search problem over nodes N, building a tree T, possibly stopping with a result R. */
export interface SplitProblem<N, T, R> {
  expand(node: N): Expansion<N, T, R>;
  /** The tree of a node the search did not explore (a limit or a stop came first). */
  unexplored(): T;
  /** The tree of a node cut off as task number `task` (its subtree is searched elsewhere). */
  placeholder(task: number): T;
  /** Where the problem's own output stands when a task is cut (the region engine: regions kept so far), to splice it back. */
  mark(): number;
}

/** A subtree cut off at {@link SearchOptions.cutDepth}, to be searched from its node elsewhere. */
export interface SearchTask<N> {
  readonly node: N;
  /** The problem's {@link SplitProblem.mark} when the task was cut. */
  readonly mark: number;
}

/** Options of {@link search}. */
export interface SearchOptions {
  readonly limits: Limits;
  /** Cut every node below this many splits on its path (counted from the start node) into a task. */
  readonly cutDepth?: number;
  /** Splits on the path above `root` (a resumed task's depth), so that depths count from the tree's root. Default 0. */
  readonly startDepth?: number;
}

/** What {@link search} found. */
export interface SearchRun<N, T, R> {
  readonly tree: T;
  /** Absent when the search ran to its end; else the limit reached or the stop's result. */
  readonly stopped?: { readonly kind: 'limit'; readonly reason: LimitReason } | { readonly kind: 'stop'; readonly result: R };
  /** The tasks cut off, in depth-first order. */
  readonly tasks: readonly SearchTask<N>[];
}

/** Searches the tree of `problem` below `root`, depth-first. */
export function search<N, T, R>(problem: SplitProblem<N, T, R>, root: N, options: SearchOptions): SearchRun<N, T, R> {
  const { limits, cutDepth } = options;
  const tasks: SearchTask<N>[] = [];
  let stop: { readonly kind: 'stop'; readonly result: R } | undefined;
  const visit = (node: N, depth: number): T => {
    if (stop !== undefined || limits.reached()) return problem.unexplored();
    if (cutDepth !== undefined && depth >= cutDepth) {
      tasks.push({ node, mark: problem.mark() });
      return problem.placeholder(tasks.length - 1);
    }
    const e = problem.expand(node);
    switch (e.kind) {
      case 'leaf':
        return e.tree;
      case 'stop':
        stop = { kind: 'stop', result: e.result };
        return e.tree;
      case 'branch': {
        const below = e.children.length > 1 ? depth + 1 : depth;
        const subtrees: T[] = [];
        for (const child of e.children) subtrees.push(visit(child, below));
        return e.join(subtrees);
      }
    }
  };
  const tree = visit(root, options.startDepth ?? 0);
  const stopped = stop ?? (limits.reason !== undefined ? { kind: 'limit' as const, reason: limits.reason } : undefined);
  return { tree, ...(stopped !== undefined ? { stopped } : {}), tasks };
}
