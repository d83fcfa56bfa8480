/**
 * Warm-started LPs in the region engine (solvers/denseSimplex.ts proposing through
 * solvers/integerInterior.ts, issue 15) against the engine with glpk.js proposals: the same
 * activation regions on random 5- to 8-input nets on boxes (the LP path: vertex sets off, or
 * above six inputs), both certificates valid by the independent checker, and the region counts
 * of brute force over all patterns at small sizes. Floats only propose, so the patterns must
 * agree whatever the proposer; points and multipliers may differ.
 */
import { describe, expect, it } from 'vitest';
import type { Network } from '../../src/network/model.js';
import { type Domain, parseBox } from '../../src/regions/domain.js';
import { enumerateRegions } from '../../src/regions/enumerate.js';
import { naiveRegionCount, openBoxRows } from '../support/naiveRegions.js';
import { randomRegionNetwork } from '../support/networks.js';
import { checkedRegionRun } from '../support/regionRuns.js';

function run(net: Network, domain: Domain, warmLp: boolean) {
  return checkedRegionRun(net, domain, { warmLp });
}

describe('warm-started LPs: the same regions as glpk.js proposals', () => {
  const cases: [number, number[]][] = [
    [5, [6, 4]],
    [6, [5, 4]],
    [7, [5, 3]],
    [8, [5, 3]],
  ];
  for (const [inputs, widths] of cases) {
    for (const small of [false, true]) {
      it(`${inputs}-${widths.join('-')} on [−1, 1]^${inputs}, ${small ? 'weights in {−1, 0, 1}' : 'rational weights'}`, () => {
        let warmSolves = 0;
        for (let seed = 1; seed <= 3; seed++) {
          const net = randomRegionNetwork(inputs, widths, seed * 13 + inputs, small);
          const domain = parseBox('-1:1', inputs);
          const warm = run(net, domain, true);
          const cold = run(net, domain, false);
          expect(warm.keys).toEqual(cold.keys);
          expect(cold.stats.lp.warmSolves).toBe(0);
          warmSolves += warm.stats.lp.warmSolves;
        }
        expect(warmSolves).toBeGreaterThan(0);
      });
    }
  }

  it('is the default on boxes only: a polytope domain and R^n keep glpk.js proposals', () => {
    const net = randomRegionNetwork(2, [4, 3], 3, false);
    expect(enumerateRegions(net, parseBox('-1:1', 2), { vertexRepresentation: false }).stats.lp.warmSolves).toBeGreaterThan(0);
    expect(enumerateRegions(net, { kind: 'all' }).stats.lp.warmSolves).toBe(0);
    // An explicit float oracle (here none: exact only) is honoured.
    expect(enumerateRegions(net, parseBox('-1:1', 2), { vertexRepresentation: false, lp: { solver: null } }).stats.lp.warmSolves).toBe(0);
  });

  // Known answers: brute force over all patterns (test/support/naiveRegions.ts), apart from the engine.
  for (const [inputs, widths] of [
    [5, [3, 2]],
    [6, [3, 2]],
  ] as [number, number[]][]) {
    it(`brute force over patterns: ${inputs}-${widths.join('-')} on [−1, 1]^${inputs}`, () => {
      for (let seed = 1; seed <= 3; seed++) {
        const net = randomRegionNetwork(inputs, widths, seed * 5 + inputs, seed === 2);
        const domain = parseBox('-1:1', inputs);
        // Without the bent rays, which settle every far side of nets this small with no LP.
        const r = enumerateRegions(net, domain, { vertexRepresentation: false, projectedPaths: false });
        expect(r.stats.lp.warmSolves).toBeGreaterThan(0);
        expect(r.stats.regions).toBe(naiveRegionCount(net, domain.kind === 'box' ? openBoxRows(domain.box) : []));
      }
    });
  }
});
