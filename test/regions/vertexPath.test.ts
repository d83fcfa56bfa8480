/**
 * The vertex path of the engine (exact vertex sets carried down the split tree, decisions read
 * off the vertices, polyhedra/vertices.ts) against the LP path (certified LPs, rays, entry
 * proofs): two independent routes to the same activation regions. Both certificates must check.
 */
import Fraction from 'fraction.js';
import { describe, expect, it } from 'vitest';
import { regionsCertificate } from '../../src/regions/certificate.js';
import { checkCertificate } from '../../src/checker/index.js';
import { ratio } from '../../src/exact/rational.js';
import { type Network, denseLayer } from '../../src/network/model.js';
import { mulberry32, randomInteger } from '../../src/random/prng.js';
import { type Domain, parseBox } from '../../src/regions/domain.js';
import { enumerateRegions } from '../../src/regions/enumerate.js';

function randomNet(inputs: number, widths: readonly number[], seed: number, small: boolean): Network {
  const random = mulberry32(seed);
  // Small integer weights put many hyperplanes through box corners and through common points.
  const value = (): Fraction => (small ? new Fraction(randomInteger(random, -1, 1)) : ratio(BigInt(randomInteger(random, -9, 9)), BigInt(randomInteger(random, 1, 4))));
  let width = inputs;
  const layers = widths.map((m) => {
    const layer = denseLayer(
      Array.from({ length: m }, () => Array.from({ length: width }, value)),
      Array.from({ length: m }, value),
      'relu',
    );
    width = m;
    return layer;
  });
  return { inputs, layers: [...layers, denseLayer([Array.from({ length: width }, () => new Fraction(1))], [new Fraction(0)], 'identity')] };
}

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
  ];
  for (const [inputs, widths, box] of cases) {
    for (const small of [false, true]) {
      it(`finds the same regions as the LP path: ${inputs}-${widths.join('-')} on [${box}]^${inputs}, ${small ? 'weights in {−1, 0, 1}' : 'rational weights'}`, () => {
        let vertexDecisions = 0;
        for (let seed = 1; seed <= 4; seed++) {
          const net = randomNet(inputs, widths, seed * 7 + inputs, small);
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

  it('is not used beyond 4 inputs, on flat boxes or off boxes', () => {
    const net = randomNet(5, [3], 1, false);
    expect(enumerateRegions(net, parseBox('-1:1', 5)).stats.vertex).toBe(0);
    expect(enumerateRegions(randomNet(2, [3], 1, false), { kind: 'all' }).stats.vertex).toBe(0);
    expect(enumerateRegions(randomNet(2, [3], 1, false), parseBox('0:1,1:1', 2)).stats.vertex).toBe(0);
  });
});
