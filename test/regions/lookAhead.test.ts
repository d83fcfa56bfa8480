/**
 * The look-ahead at split nodes and the further interior points (src/regions/problem.ts, issue
 * 15): the engine with them finds the same activation regions as without, on random 5- to
 * 8-input nets on boxes (the LP path), both certificates valid by the independent checker — the
 * look-ahead's fixed signs reach the tree as Motzkin proofs over a descendant's rows, which the
 * checker verifies like any other — and the region counts of brute force over all patterns at
 * small sizes. Each case also checks that the look-ahead and the points were used at all.
 */
import { describe, expect, it } from 'vitest';
import type { Network } from '../../src/network/model.js';
import { type Domain, parseBox } from '../../src/regions/domain.js';
import { enumerateRegions } from '../../src/regions/enumerate.js';
import { naiveRegionCount, openBoxRows } from '../support/naiveRegions.js';
import { randomRegionNetwork } from '../support/networks.js';
import { checkedRegionRun } from '../support/regionRuns.js';

function run(net: Network, domain: Domain, lookAhead: boolean) {
  return checkedRegionRun(net, domain, { lookAhead });
}

describe('look-ahead and further points: the same regions, valid certificates', () => {
  const cases: [number, number[]][] = [
    [5, [7, 5]],
    [6, [6, 5]],
    [7, [6, 4]],
    [8, [6, 4]],
  ];
  for (const [inputs, widths] of cases) {
    it(`${inputs}-${widths.join('-')} on [−1, 1]^${inputs}`, () => {
      let ahead = 0;
      let points = 0;
      let fewer = 0;
      for (let seed = 1; seed <= 3; seed++) {
        const net = randomRegionNetwork(inputs, widths, seed * 17 + inputs, seed === 3);
        const domain = parseBox('-1:1', inputs);
        const on = run(net, domain, true);
        const off = run(net, domain, false);
        expect(on.keys).toEqual(off.keys);
        expect(off.stats.aheadLps + off.stats.points).toBe(0);
        ahead += on.stats.aheadLps;
        points += on.stats.points;
        if (on.stats.lps < off.stats.lps) fewer++;
      }
      expect(ahead).toBeGreaterThan(0);
      expect(points).toBeGreaterThan(0);
      expect(fewer).toBeGreaterThan(0);
    });
  }

  it('is the default with warm-started LPs only (box domains), and off on R^n', () => {
    const net = randomRegionNetwork(3, [5, 4], 7, false);
    expect(enumerateRegions(net, parseBox('-1:1', 3), { vertexRepresentation: false }).stats.aheadLps).toBeGreaterThan(0);
    expect(enumerateRegions(net, { kind: 'all' }).stats.aheadLps).toBe(0);
  });

  // Known answers: brute force over all patterns (test/support/naiveRegions.ts), apart from the engine.
  for (const [inputs, widths] of [
    [5, [3, 3]],
    [6, [3, 2]],
    [7, [2, 2]],
    [8, [2, 2]],
  ] as [number, number[]][]) {
    it(`brute force over patterns: ${inputs}-${widths.join('-')} on [−1, 1]^${inputs}`, () => {
      let ahead = 0;
      for (let seed = 1; seed <= 3; seed++) {
        const net = randomRegionNetwork(inputs, widths, seed * 7 + inputs, seed === 2);
        const domain = parseBox('-1:1', inputs);
        const r = enumerateRegions(net, domain, { vertexRepresentation: false });
        ahead += r.stats.aheadLps + r.stats.points + r.stats.reused;
        expect(r.stats.regions).toBe(naiveRegionCount(net, domain.kind === 'box' ? openBoxRows(domain.box) : []));
      }
      expect(ahead).toBeGreaterThan(0);
    });
  }
});
