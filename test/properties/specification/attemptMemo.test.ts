/**
 * The schedule's restarts reuse what an earlier attempt with the same rule searched (expand.ts
 * ExpansionMemo, verify.ts AttemptMemos): a capped attempt followed by an uncapped one with the
 * same memo gives the tree and the counts of one fresh search, and answers part of it from the memo.
 */
import { describe, expect, it } from 'vitest';
import { maxNetwork } from '../../../src/construct/constructions.js';
import { type ExpansionMemo, SpecExpander, rootNode } from '../../../src/properties/specification/expand.js';
import { searchCase } from '../../../src/properties/specification/search.js';
import { requireBoundedInputs } from '../../../src/specification/model.js';
import { maxSpec } from '../../support/specs.js';

/** A memo that counts its hits (the engine's is a WeakMap; any get/set store will do). */
function countingMemo(): ExpansionMemo & { hits: number; size: () => number } {
  const map = new Map<unknown, never>();
  const memo = {
    hits: 0,
    get(node: unknown) {
      const hit = map.get(node);
      if (hit !== undefined) memo.hits++;
      return hit;
    },
    set(node: unknown, entry: never) {
      map.set(node, entry);
    },
    size: () => map.size,
  };
  return memo as unknown as ExpansionMemo & { hits: number; size: () => number };
}

describe('the expansion memo across attempts', () => {
  const net = maxNetwork(3);
  const spec = maxSpec(3, 0);
  const box = requireBoundedInputs(spec)[0] ?? [];

  for (const split of ['scored', 'phase'] as const) {
    it(`${split}: a capped attempt, then a full one from the same memo — the fresh tree and counts, part of them reused`, () => {
      const root = rootNode(spec, 0, box);
      const fresh = new SpecExpander(net, spec, 0, root, { split });
      const whole = searchCase(fresh, root);
      expect(whole.status).toBe('closed');
      if (whole.status !== 'closed') return;
      // A tree of a few nodes would make the cap below meaningless.
      expect(fresh.counts.nodes).toBeGreaterThan(6);

      const memo = countingMemo();
      const cap = Math.floor(fresh.counts.nodes / 2);
      const first = new SpecExpander(net, spec, 0, root, { split, memo });
      const capped = searchCase(first, root, { maxNodes: cap });
      expect(capped).toMatchObject({ status: 'stopped', nodeLimit: true });
      expect(memo.hits).toBe(0);
      expect(memo.size()).toBeGreaterThan(0);

      const second = new SpecExpander(net, spec, 0, root, { split, memo });
      const again = searchCase(second, root);
      expect(again).toEqual(whole);
      expect(second.counts).toEqual(fresh.counts);
      expect(second.reused).toBe(memo.hits);
      expect(second.reused).toBeGreaterThan(0);
      expect(second.reused).toBeLessThanOrEqual(cap);
    });
  }
});
