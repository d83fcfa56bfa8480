/**
 * The branch-and-bound loop of one case: depth first, left child first, so the tree comes out in
 * preorder as it is searched (the `spec-tree` node order). Kept separate from the node logic
 * (expand.ts) so it can be replaced by a generic split-tree core without touching that logic.
 */
import type Fraction from 'fraction.js';
import { stopReason } from '../../stopCondition.js';
import type { SpecCounterexample } from './counterexample.js';
import type { BoundEntry, Node, SpecExpander } from './expand.js';

/** One node of a case's proof tree in preorder (the engine's form of the certificate's nodes). */
export type SpecProofNode = { readonly bound: readonly BoundEntry[] } | readonly ['x', number, Fraction];

/** What the search of one case ends with. */
export type CaseOutcome =
  | { readonly status: 'closed'; readonly nodes: SpecProofNode[]; readonly leaves: number; readonly maxDepth: number }
  | { readonly status: 'violated'; readonly counterexample: SpecCounterexample }
  | { readonly status: 'stopped'; readonly reason: string };

/** Options of {@link searchCase}. */
export interface SearchOptions {
  /** Stop at this time (ms since the epoch, as Date.now()). */
  readonly deadline?: number;
  /** Stop after this many nodes. */
  readonly maxNodes?: number;
}

/** Runs the search from `root` with `expander` until the case is closed, violated or stopped. */
export function searchCase(expander: SpecExpander, root: Node, options: SearchOptions = {}): CaseOutcome {
  const out: SpecProofNode[] = [];
  const stack: Node[] = [root];
  let leaves = 0;
  let maxDepth = 0;
  let visited = 0;
  while (stack.length > 0) {
    const why = stopReason(options.deadline);
    if (why !== undefined) return { status: 'stopped', reason: why === 'timeout' ? 'the time limit was reached' : 'interrupted' };
    if (options.maxNodes !== undefined && visited >= options.maxNodes) return { status: 'stopped', reason: `the node limit (${options.maxNodes}) was reached` };
    const node = stack.pop() as Node;
    visited++;
    maxDepth = Math.max(maxDepth, node.depth);
    const e = expander.expand(node);
    if (e.kind === 'stop') return { status: 'violated', counterexample: e.counterexample };
    if (e.kind === 'stuck') return { status: 'stopped', reason: e.reason };
    if (e.entries.length > 0) out.push({ bound: e.entries });
    if (e.kind === 'leaf') {
      leaves++;
      continue;
    }
    out.push(e.label);
    stack.push(e.children[1], e.children[0]);
  }
  return { status: 'closed', nodes: out, leaves, maxDepth };
}
