/**
 * The look-ahead at split nodes and the further interior points (src/regions/problem.ts, issue
 * 15): the engine with them finds the same activation regions as without, on random 5- to
 * 8-input nets on boxes (the LP path), both certificates valid by the independent checker — the
 * look-ahead's fixed signs reach the tree as Motzkin proofs over a descendant's rows, which the
 * checker verifies like any other — and the region counts of brute force over all patterns at
 * small sizes. Each case also checks that the look-ahead and the points were used at all. The
 * same for the bent rays (src/engine/projectedPath.ts), whose points are the engine's witnesses.
 */
import { describe, expect, it } from 'vitest';
import { parseBox } from '../../src/regions/domain.js';
import { type RegionStats, enumerateRegions } from '../../src/regions/enumerate.js';
import { zeroStats as zeroRegionStats } from '../../src/regions/parallel.js';
import { createLpStats } from '../../solvers/certified.js';
import { naiveRegionCount, openBoxRows } from '../support/naiveRegions.js';
import { randomRegionNetwork } from '../support/networks.js';
import { checkedRegionRun } from '../support/regionRuns.js';

/** The options compared with and without, and what shows each was used. */
const zeroStats = (): RegionStats => zeroRegionStats(createLpStats());

const FEATURES = [
  { name: 'look-ahead and further points', option: 'lookAhead', used: (s: RegionStats) => [s.aheadLps, s.points] },
  { name: 'bent rays (projectedPaths)', option: 'projectedPaths', used: (s: RegionStats) => [s.paths] },
] as const;

describe.each(FEATURES)('$name: the same regions, valid certificates', ({ option, used }) => {
  const cases: [number, number[]][] = [
    [5, [7, 5]],
    [6, [6, 5]],
    [7, [6, 4]],
    [8, [6, 4]],
  ];
  for (const [inputs, widths] of cases) {
    it(`${inputs}-${widths.join('-')} on [−1, 1]^${inputs}`, () => {
      const total = used(zeroStats()).map(() => 0);
      let fewer = 0;
      for (let seed = 1; seed <= 3; seed++) {
        const net = randomRegionNetwork(inputs, widths, seed * 17 + inputs, seed === 3);
        const domain = parseBox('-1:1', inputs);
        const on = checkedRegionRun(net, domain, { [option]: true });
        const off = checkedRegionRun(net, domain, { [option]: false });
        expect(on.keys).toEqual(off.keys);
        expect(used(off.stats).every((v) => v === 0)).toBe(true);
        used(on.stats).forEach((v, k) => void (total[k] = (total[k] as number) + v));
        if (on.stats.lps < off.stats.lps) fewer++;
      }
      for (const v of total) expect(v).toBeGreaterThan(0);
      expect(fewer).toBeGreaterThan(0);
    });
  }
});

describe('look-ahead, further points and bent rays: defaults and known answers', () => {
  it('are the default with warm-started LPs only (box domains), and off on R^n', () => {
    const net = randomRegionNetwork(3, [5, 4], 7, false);
    const onBox = enumerateRegions(net, parseBox('-1:1', 3), { vertexRepresentation: false }).stats;
    expect(onBox.aheadLps).toBeGreaterThan(0);
    expect(onBox.paths).toBeGreaterThan(0);
    const onR = enumerateRegions(net, { kind: 'all' }).stats;
    expect(onR.aheadLps + onR.paths).toBe(0);
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
        ahead += r.stats.aheadLps + r.stats.points + r.stats.reused + r.stats.paths;
        expect(r.stats.regions).toBe(naiveRegionCount(net, domain.kind === 'box' ? openBoxRows(domain.box) : []));
      }
      expect(ahead).toBeGreaterThan(0);
    });
  }
});
