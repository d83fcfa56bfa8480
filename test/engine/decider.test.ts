/** Asking deciders in order, and counting who decided in one place. */
import { describe, expect, it } from 'vitest';
import { type Decider, type DecisionCounts, UNDECIDED, ask, countDecision } from '../../src/engine/decider.js';
import { DEFAULT_DECIDERS, constantDecider } from '../../src/engine/deciders/index.js';
import { witnessOf } from '../../src/engine/witness.js';
import Fraction from 'fraction.js';
import { boxRowsOf, contextOf, nodeOn, question } from './support.js';

const zeroCounts = (): DecisionCounts => ({ constant: 0, interval: 0, vertex: 0, reused: 0, rays: 0, paths: 0, points: 0, orderCone: 0, lps: 0, boxed: 0, splits: 0 });

describe('ask', () => {
  const node = nodeOn(boxRowsOf([0, 0], [1, 1]), [new Fraction(1, 2), new Fraction(1, 2)]);

  it('a decider added in front answers first; the rest are untouched', () => {
    const seen: string[] = [];
    const first: Decider = {
      name: 'always split',
      counter: 'boxed',
      decide: (q) => {
        seen.push('first');
        return { kind: 'split', positive: { witness: q.node.witness }, negative: { witness: q.node.witness } };
      },
    };
    const answer = ask([first, constantDecider], question(node, [0, 0], 1), contextOf(2));
    expect(answer.by).toBe(first);
    expect(seen).toEqual(['first']);
    const counts = zeroCounts();
    countDecision(counts, answer, true);
    expect(counts).toEqual({ ...zeroCounts(), boxed: 1, splits: 1 });
  });

  it('an undecided answer passes on, with its replacement node', () => {
    const moved = { ...node, witness: witnessOf([new Fraction(1, 3), new Fraction(1, 3)]) };
    const replace: Decider = { name: 'replace', counter: 'vertex', decide: () => ({ kind: 'undecided', node: moved }) };
    const check: Decider = { name: 'check', counter: 'lps', decide: (q) => (q.node === moved ? { kind: 'fixed', sign: 1, proof: { kind: 'constant' } } : UNDECIDED) };
    const answer = ask([replace, check], question(node, [1, 0], 0), contextOf(2));
    expect(answer.by).toBe(check);
    expect(answer.node).toBe(moved);
    const counts = zeroCounts();
    countDecision(counts, answer, true);
    expect(counts).toEqual({ ...zeroCounts(), lps: 1 }); // a fixed sign is no split
  });

  it('the default list always decides (the certified LP last) and counts one decider per decision', () => {
    for (const [a, c] of [[[0, 0], 2], [[1, 1], -3], [[1, -1], 0]] as const) {
      const answer = ask(DEFAULT_DECIDERS, question(node, a, c), contextOf(2));
      expect(answer.decision).toBeDefined();
      const counts = zeroCounts();
      countDecision(counts, answer, false);
      expect(Object.values(counts).reduce((s, v) => s + v, 0)).toBe(1);
    }
  });
});
