/**
 * Pass-through nodes (`"p"`) in sort and equivalence trees: the checker accepts them only for a
 * pair of neurons with negated rows and negated outgoing columns, both marked or neither, and
 * never in a region-count tree. Each forged certificate below states a false claim or uses a
 * pairing the network does not have.
 */
import Fraction from 'fraction.js';
import { describe, expect, it } from 'vitest';
import { checkCertificate } from '../../src/checker/index.js';
import { networkRef, seal } from '../../src/certificates/encode.js';
import { regionsCertificate } from '../../src/regions/certificate.js';
import { sortCertificate } from '../../src/properties/sorting/certificate.js';
import type { Claim } from '../../src/checker/schema/index.js';
import { sorterNetwork } from '../../src/construct/constructions.js';
import { type Network, denseLayer } from '../../src/network/model.js';
import { enumerateRegions } from '../../src/regions/enumerate.js';
import { verifySort } from '../../src/properties/sorting/verifySort.js';

const f = (v: number): Fraction => new Fraction(v);

/** One input, hidden rows (x, −x), output weights `out`. */
function oneInput(out: [number, number]): Network {
  return { inputs: 1, layers: [denseLayer([[f(1)], [f(-1)]], [f(0), f(0)], 'relu'), denseLayer([out.map(f)], [f(0)], 'identity')] };
}

function sortClaimCertificate(net: Network, nodes: unknown[], leaves: unknown[]): unknown {
  const claim = { property: 'sort', network: networkRef(net, true), domain: { kind: 'all' } } as Claim;
  return JSON.parse(JSON.stringify(seal(claim, 'holds', { kind: 'sort-regions', nodes, leaves } as never, {})));
}

describe('pass-through nodes', () => {
  it('a genuine tree with "p" nodes (bitonic-4) is accepted', () => {
    const net = sorterNetwork(4, 'bitonic');
    const result = verifySort(net);
    expect(result.status).toBe('holds');
    const cert = JSON.parse(JSON.stringify(sortCertificate(net, { kind: 'all' }, result)));
    expect(JSON.stringify(cert.evidence.nodes)).toContain('"p"');
    expect(checkCertificate(cert)).toMatchObject({ valid: true });
  });

  it('rejects "p" on a pair whose outgoing weights are not negatives: |x| = relu(x) + relu(−x) does not "sort" R^1 linearly', () => {
    // True as a claim? sort(x) = x for n = 1, and |x| ≠ x at x = −1: the claim is false.
    const r = checkCertificate(sortClaimCertificate(oneInput([1, 1]), ['p', 'p', 'leaf'], [{ permutation: [0], multipliers: [] }]));
    expect(r.valid).toBe(false);
    expect(JSON.stringify(r)).toMatch(/no pass-through partner/);
  });

  it('accepts the identity relu(x) − relu(−x) as one linear piece, and rejects marking only one of its neurons', () => {
    const id = oneInput([1, -1]);
    expect(checkCertificate(sortClaimCertificate(id, ['p', 'p', 'leaf'], [{ permutation: [0], multipliers: [] }]))).toMatchObject({ valid: true });
    const half = checkCertificate(sortClaimCertificate(id, ['p', 's', 'leaf', 'leaf'], [{ permutation: [0], multipliers: [] }, { permutation: [0], multipliers: [] }]));
    expect(half.valid).toBe(false);
    expect(JSON.stringify(half)).toMatch(/partner/);
    const other = checkCertificate(sortClaimCertificate(id, ['s', 'p', 'leaf', 'leaf'], [{ permutation: [0], multipliers: [] }, { permutation: [0], multipliers: [] }]));
    expect(other.valid).toBe(false);
  });

  it('rejects "p" in a region-count tree (it would undercount activation regions)', () => {
    const id = oneInput([1, -1]);
    const genuine = regionsCertificate(id, { kind: 'all' }, enumerateRegions(id, { kind: 'all' }));
    expect(genuine.claim).toMatchObject({ regions: 2 });
    const forged = JSON.parse(JSON.stringify(genuine));
    forged.claim.regions = 1;
    forged.evidence.nodes = ['p', 'p', { point: ['0'] }];
    const resealed = JSON.parse(JSON.stringify(seal(forged.claim, 'holds', { kind: 'region-tree', nodes: forged.evidence.nodes } as never, {})));
    const r = checkCertificate(resealed);
    expect(r.valid).toBe(false);
    // Region trees have no "p" node at all (the format refuses it), whatever the claim says.
    expect(r).toMatchObject({ reason: expect.stringMatching(/^malformed certificate/), path: 'evidence.nodes[0]' });
  });

  it('the engine refuses to write a region-count certificate for a pass-through enumeration', () => {
    const id = oneInput([1, -1]);
    const r = enumerateRegions(id, { kind: 'all' }, { passThroughPairs: true });
    expect(r.stats.regions).toBe(1);
    expect(() => regionsCertificate(id, { kind: 'all' }, r)).toThrow(/pass-through/);
  });
});
