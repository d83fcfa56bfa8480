/**
 * The generic split-tree driver on a toy problem whose tree is known: bisection of the integers
 * [0, 2^d) down to single numbers, the leaves listing them in order.
 */
import { describe, expect, it } from 'vitest';
import { Limits } from '../../src/engine/limits.js';
import { type Expansion, type SplitProblem, search } from '../../src/engine/search.js';

type Range = readonly [number, number];

/** Bisection; `stopAt`: the search stops with that number as its result when it reaches it. */
function bisection(stopAt?: number): SplitProblem<Range, number[], number> & { leaves: number } {
  return {
    leaves: 0,
    expand([lo, hi]: Range): Expansion<Range, number[], number> {
      if (lo === stopAt) return { kind: 'stop', result: lo, tree: [] };
      if (hi - lo === 1) {
        this.leaves++;
        return { kind: 'leaf', tree: [lo] };
      }
      const mid = (lo + hi) / 2;
      return { kind: 'branch', children: [[lo, mid], [mid, hi]], join: (parts) => parts.flat() };
    },
    unexplored: () => [],
    placeholder: (task) => [-1 - task],
    mark() {
      return this.leaves;
    },
  };
}

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

describe('search', () => {
  it('visits the children in order: the leaves are 0 … 2^d − 1', () => {
    const p = bisection();
    const run = search(p, [0, 16], { limits: new Limits({}, () => p.leaves) });
    expect(run.tree).toEqual(range(16));
    expect(run.stopped).toBeUndefined();
    expect(run.tasks).toEqual([]);
  });

  it('a stop ends the whole search with its result', () => {
    const p = bisection(11);
    const run = search(p, [0, 16], { limits: new Limits({}, () => p.leaves) });
    expect(run.tree).toEqual(range(11));
    expect(run.stopped).toEqual({ kind: 'stop', result: 11 });
  });

  it('a leaf cap stops after that many leaves', () => {
    const p = bisection();
    const run = search(p, [0, 16], { limits: new Limits({ maxLeaves: 5 }, () => p.leaves) });
    expect(run.tree).toEqual(range(5));
    expect(run.stopped).toEqual({ kind: 'limit', reason: 'max-regions' });
  });

  it('a passed deadline stops before the first node', () => {
    const p = bisection();
    const run = search(p, [0, 16], { limits: new Limits({ deadline: 1 }, () => p.leaves) });
    expect(run.tree).toEqual([]);
    expect(run.stopped).toEqual({ kind: 'limit', reason: 'timeout' });
  });

  it('cuts the nodes below a split depth into tasks, in depth-first order; searching them gives the rest', () => {
    const p = bisection();
    const run = search(p, [0, 16], { limits: new Limits({}, () => p.leaves), cutDepth: 2 });
    expect(run.tree).toEqual([-1, -2, -3, -4]);
    expect(run.tasks.map((t) => t.node)).toEqual([[0, 4], [4, 8], [8, 12], [12, 16]]);
    const resumed = run.tasks.map((t) => search(bisection(), t.node, { limits: new Limits({}, () => 0), startDepth: 2, cutDepth: 3 }));
    // One level deeper: each task cuts once more, into two.
    expect(resumed.map((r) => r.tasks.map((t) => t.node))).toEqual([[[0, 2], [2, 4]], [[4, 6], [6, 8]], [[8, 10], [10, 12]], [[12, 14], [14, 16]]]);
  });
});
