/**
 * The vertex path of the engine (exact vertex sets carried down the split tree, decisions read
 * off the vertices, polyhedra/vertices.ts) against the LP path (certified LPs, rays, entry
 * proofs): two independent routes to the same activation regions. Both certificates must check.
 */
import { describe, expect, it } from 'vitest';
import { regionsCertificate } from '../../src/regions/certificate.js';
import { checkCertificate } from '../../src/checker/index.js';
import type { Network } from '../../src/network/model.js';
import { type Domain, parseBox } from '../../src/regions/domain.js';
import { VERTEX_DEFAULT_INPUTS, VERTEX_MAX_INPUTS, enumerateRegions } from '../../src/regions/enumerate.js';
import { naiveRegionCount, openBoxRows } from '../support/naiveRegions.js';
import { randomRegionNetwork } from '../support/networks.js';

function patterns(net: Network, domain: Domain, vertexRepresentation: boolean): { keys: string[]; lps: number; vertex: number } {
  const r = enumerateRegions(net, domain, { vertexRepresentation });
  const cert = JSON.parse(JSON.stringify(regionsCertificate(net, domain, r)));
  expect(checkCertificate(cert)).toMatchObject({ valid: true });
  return { keys: r.regions.map((g) => g.pattern.map((l) => l.map((b) => (b ? '+' : '-')).join('')).join('|')).sort(), lps: r.stats.lps, vertex: r.stats.vertex };
}

describe('the vertex path', () => {
  const cases: [number, number[], string][] = [
    [1, [4, 3], '-1:2'],
    [2, [6, 5], '-1:1'],
    [2, [5, 5, 4], '-2:3'],
    [3, [5, 4], '-1:1'],
    [4, [4, 3], '-1:1'],
    [5, [5, 3], '-1:1'],
    [6, [4, 3], '-1:2'],
  ];
  for (const [inputs, widths, box] of cases) {
    for (const small of [false, true]) {
      it(`finds the same regions as the LP path: ${inputs}-${widths.join('-')} on [${box}]^${inputs}, ${small ? 'weights in {−1, 0, 1}' : 'rational weights'}`, () => {
        let vertexDecisions = 0;
        for (let seed = 1; seed <= 4; seed++) {
          const net = randomRegionNetwork(inputs, widths, seed * 7 + inputs, small);
          const domain = parseBox(box, inputs);
          const viaVertices = patterns(net, domain, true);
          const viaLps = patterns(net, domain, false);
          expect(viaVertices.keys).toEqual(viaLps.keys);
          expect(viaVertices.lps).toBeLessThanOrEqual(1); // the domain's own interior point at most
          vertexDecisions += viaVertices.vertex;
        }
        expect(vertexDecisions).toBeGreaterThan(0);
      });
    }
  }

  it(`is not used beyond ${VERTEX_MAX_INPUTS} inputs (by default beyond ${VERTEX_DEFAULT_INPUTS}), on flat boxes or off boxes`, () => {
    const net = randomRegionNetwork(VERTEX_MAX_INPUTS + 1, [3], 1, false);
    expect(enumerateRegions(net, parseBox('-1:1', VERTEX_MAX_INPUTS + 1), { vertexRepresentation: true }).stats.vertex).toBe(0);
    const wide = randomRegionNetwork(VERTEX_DEFAULT_INPUTS + 1, [3], 1, false);
    expect(enumerateRegions(wide, parseBox('-1:1', VERTEX_DEFAULT_INPUTS + 1)).stats.vertex).toBe(0);
    expect(enumerateRegions(wide, parseBox('-1:1', VERTEX_DEFAULT_INPUTS + 1), { vertexRepresentation: true }).stats.vertex).toBeGreaterThan(0);
    expect(enumerateRegions(randomRegionNetwork(VERTEX_DEFAULT_INPUTS, [3], 1, false), parseBox('-1:1', VERTEX_DEFAULT_INPUTS)).stats.vertex).toBeGreaterThan(0);
    expect(enumerateRegions(randomRegionNetwork(2, [3], 1, false), { kind: 'all' }).stats.vertex).toBe(0);
    expect(enumerateRegions(randomRegionNetwork(2, [3], 1, false), parseBox('0:1,1:1', 2)).stats.vertex).toBe(0);
  });

  it('hands a subtree to the LP path when a vertex set grows past the limit, with the same regions', () => {
    for (let seed = 1; seed <= 3; seed++) {
      const net = randomRegionNetwork(5, [6, 4], seed * 11, false);
      const domain = parseBox('-1:1', 5);
      const all = enumerateRegions(net, domain);
      // The 5-box has 32 vertices: a limit of 40 keeps the first splits on vertices, then LPs.
      const mixed = enumerateRegions(net, domain, { maxNodeVertices: 40 });
      expect(mixed.stats.vertex).toBeGreaterThan(0);
      expect(mixed.stats.lps).toBeGreaterThan(1);
      const key = (r: typeof all): string[] => r.regions.map((g) => g.pattern.map((l) => l.map((b) => (b ? '+' : '-')).join('')).join('|')).sort();
      expect(key(mixed)).toEqual(key(all));
      const cert = JSON.parse(JSON.stringify(regionsCertificate(net, domain, mixed)));
      expect(checkCertificate(cert)).toMatchObject({ valid: true });
    }
  });
});

describe('the vertex path against brute force over all patterns, 5 to 6 inputs', () => {
  // The oracle decides each of the 2^N patterns by naive evaluation and Fourier–Motzkin
  // (test/support/naiveRegions.ts), apart from the engine.
  // Sizes where the oracle's Fourier–Motzkin stays within seconds (5-4-3 takes minutes:
  // 17 rows in 5 dimensions).
  for (const [inputs, widths] of [
    [5, [3, 2]],
    [6, [3, 2]],
  ] as [number, number[]][]) {
    it(`${inputs}-${widths.join('-')} on [−1, 1]^${inputs}`, () => {
      for (let seed = 1; seed <= 3; seed++) {
        const net = randomRegionNetwork(inputs, widths, seed * 5 + inputs, seed === 2);
        const domain = parseBox('-1:1', inputs);
        const r = enumerateRegions(net, domain, { vertexRepresentation: true });
        expect(r.stats.vertex).toBeGreaterThan(0);
        expect(r.stats.lps).toBeLessThanOrEqual(1);
        expect(r.stats.regions).toBe(naiveRegionCount(net, domain.kind === 'box' ? openBoxRows(domain.box) : []));
      }
    });
  }
});
