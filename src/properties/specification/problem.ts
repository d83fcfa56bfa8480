/**
 * The specification branch and bound as a split problem (src/engine/search.ts), the engine core's
 * second user after region enumeration: a node is an exact sub-box of one case's box with the
 * conjunctions still open on it, and {@link SpecExpander.expand} closes it (a leaf with its bound
 * entries), bisects it on an input coordinate (a branch with two children), or ends the case's
 * search (a stop: a counterexample at the node's centre, or a node it cannot split).
 *
 * The engine's driver owns the deadline and the interrupt flag (src/engine/limits.ts) and the
 * order of the children (left first), so the tree it returns is the one the certificate's
 * preorder lists ({@link preorder}). The node cap is this problem's own (a stop before the
 * expansion past the cap), since the driver's cap counts leaves.
 */
import type Fraction from 'fraction.js';
import type { Progress } from '../../engine/progress.js';
import type { Expansion, SplitProblem } from '../../engine/search.js';
import type { SpecCounterexample } from './counterexample.js';
import type { BoundEntry, Node, SpecExpander, SplitLabel } from './expand.js';

/** A case's proof tree: what each node closed, and at a split its cut and its two halves. */
export type SpecTree =
  | { readonly kind: 'leaf'; readonly entries: readonly BoundEntry[] }
  /** A leaf whose phase constraints are infeasible on its box. */
  | { readonly kind: 'empty' }
  | { readonly kind: 'split'; readonly entries: readonly BoundEntry[]; readonly label: SplitLabel; readonly children: readonly [SpecTree, SpecTree] }
  /** A node the search did not explore; `task` when it was cut off to be searched elsewhere. */
  | { readonly kind: 'unexplored'; readonly task?: number };

/** Why a case's search stopped without closing it (the stop's result). */
export type SpecStop =
  | { readonly kind: 'violated'; readonly counterexample: SpecCounterexample }
  | { readonly kind: 'stuck'; readonly reason: string }
  | { readonly kind: 'node-limit'; readonly maxNodes: number };

/** Running figures of one case's search (the progress callback's argument). */
export interface SpecProgress {
  /** The case searched (0-based). */
  case: number;
  nodes: number;
  leaves: number;
  maxDepth: number;
  seconds: number;
}

/** What the problem needs from its run. */
export interface SpecProblemSetup {
  readonly expander: SpecExpander;
  /** Stop before expanding more than this many nodes. */
  readonly maxNodes?: number;
  /** With `maxNodes`: the count of every thread of a parallel attempt (slot 0, Atomics), which the cap then bounds. */
  readonly sharedNodes?: Int32Array;
  /** The case's running figures, updated before every expansion and reported through `progress`. */
  readonly figures: SpecProgress;
  readonly progress?: Progress<SpecProgress>;
}

const UNEXPLORED: SpecTree = { kind: 'unexplored' };

/** One case's branch and bound over the nodes of expand.ts. */
export class SpecProblem implements SplitProblem<Node, SpecTree, SpecStop> {
  readonly #s: SpecProblemSetup;
  #visited = 0;
  /**
   * The reason of the first stuck node met: such a node is a leaf that cannot close, and the
   * search goes on, so that whether the attempt ends stuck or out of nodes depends on the tree
   * and the cap alone — not on which node a thread met first (parallel.ts).
   */
  stuck: string | undefined;

  constructor(setup: SpecProblemSetup) {
    this.#s = setup;
  }

  unexplored(): SpecTree {
    return UNEXPLORED;
  }

  placeholder(task: number): SpecTree {
    return { kind: 'unexplored', task };
  }

  /** Nodes expanded so far (a spec tree keeps no output outside its tree). */
  mark(): number {
    return this.#visited;
  }

  expand(node: Node): Expansion<Node, SpecTree, SpecStop> {
    const s = this.#s;
    if (s.maxNodes !== undefined) {
      // Shared: each thread takes a number before it expands, so the threads together expand at
      // most maxNodes nodes, and all of them (the tree closes) exactly when it has at most that many.
      const before = s.sharedNodes !== undefined ? Atomics.add(s.sharedNodes, 0, 1) : this.#visited;
      if (before >= s.maxNodes) return { kind: 'stop', result: { kind: 'node-limit', maxNodes: s.maxNodes }, tree: UNEXPLORED };
    }
    this.#visited++;
    const f = s.figures;
    f.nodes++;
    f.maxDepth = Math.max(f.maxDepth, node.depth);
    const e = this.#step(node);
    s.progress?.tick();
    return e;
  }

  /** The engine's form of the expander's answer (the leaf count kept up to date for progress). */
  #step(node: Node): Expansion<Node, SpecTree, SpecStop> {
    const e = this.#s.expander.expand(node);
    switch (e.kind) {
      case 'stop':
        return { kind: 'stop', result: { kind: 'violated', counterexample: e.counterexample }, tree: UNEXPLORED };
      case 'stuck':
        this.stuck ??= e.reason;
        return { kind: 'leaf', tree: UNEXPLORED };
      case 'leaf':
        this.#s.figures.leaves++;
        return { kind: 'leaf', tree: { kind: 'leaf', entries: e.entries } };
      case 'empty':
        this.#s.figures.leaves++;
        return { kind: 'leaf', tree: { kind: 'empty' } };
      case 'branch': {
        const { entries, label } = e;
        return { kind: 'branch', children: e.children, join: ([a, b]) => ({ kind: 'split', entries, label, children: [a as SpecTree, b as SpecTree] }) };
      }
    }
  }
}

/** One node of a case's proof tree in preorder (the engine's form of the certificate's nodes). */
export type SpecProofNode = { readonly bound: readonly BoundEntry[] } | SplitLabel | 'empty';

/**
 * The `spec-tree` node list of a closed tree: preorder, a node's bound entries (when it closed
 * any) before its cut, the left half before the right. With `placeholder`, a node cut off as a
 * task (`{ kind: 'unexplored', task }`) is listed as `placeholder(task)` (a shard's top of the tree).
 * @throws Error when the tree has an unexplored node it cannot list (a stopped search has no proof).
 */
export function preorder(tree: SpecTree): SpecProofNode[];
export function preorder<P>(tree: SpecTree, placeholder: (task: number) => P): (SpecProofNode | P)[];
export function preorder<P>(tree: SpecTree, placeholder?: (task: number) => P): (SpecProofNode | P)[] {
  const out: (SpecProofNode | P)[] = [];
  const stack: SpecTree[] = [tree];
  while (stack.length > 0) {
    const t = stack.pop() as SpecTree;
    if (t.kind === 'unexplored') {
      if (placeholder === undefined || t.task === undefined) throw new Error('internal: a closed spec tree with an unexplored node');
      out.push(placeholder(t.task));
      continue;
    }
    if (t.kind === 'empty') {
      out.push('empty');
      continue;
    }
    if (t.entries.length > 0) out.push({ bound: t.entries });
    if (t.kind === 'split') {
      out.push(t.label);
      stack.push(t.children[1], t.children[0]);
    }
  }
  return out;
}
