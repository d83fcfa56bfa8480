import fc from 'fast-check';
import Fraction from 'fraction.js';
import { describe, expect, it } from 'vitest';
import { regionsCertificate } from '../../src/regions/certificate.js';
import { checkCertificate } from '../../src/checker/index.js';
import { ratio } from '../../src/exact/rational.js';
import { type Network, denseLayer } from '../../src/network/model.js';
import { type Domain, parseBox } from '../../src/regions/domain.js';
import { enumerateRegions } from '../../src/regions/enumerate.js';
import { interiorRows, naiveRegionCount } from '../support/naiveRegions.js';
import { expectRejectedByMathematics, reseal } from '../support/reseal.js';
import { networkFromJson } from '../../src/network/json.js';

const F = (v: number): Fraction => new Fraction(BigInt(v));

function rng(seed: number): (r: number) => number {
  let s = seed >>> 0;
  return (r) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s % (2 * r + 1)) - r;
  };
}

function randomNet(inputs: number, widths: number[], seed: number): Network {
  const next = rng(seed);
  let width = inputs;
  const layers = widths.map((m) => {
    const layer = denseLayer(
      Array.from({ length: m }, () => Array.from({ length: width }, () => ratio(BigInt(next(4)), BigInt(1 + Math.abs(next(2)))))),
      Array.from({ length: m }, () => ratio(BigInt(next(3)), 1n)),
      'relu',
    );
    width = m;
    return layer;
  });
  return { inputs, layers: [...layers, denseLayer([Array.from({ length: width }, () => F(1))], [F(0)], 'identity')] };
}

function certify(net: Network, domain: Domain) {
  const result = enumerateRegions(net, domain);
  return JSON.parse(JSON.stringify(regionsCertificate(net, domain, result)));
}

/** The number of regions the claim's network has on the claim's domain, by the naive oracle of test/support. */
function oracleCount(claim: any): number | undefined {
  const net = networkFromJson(claim.network.embedded);
  return naiveRegionCount(net, interiorRows(claim.domain, net.inputs));
}

describe('regions certificates', () => {
  it('are valid for random nets on boxes and on R^n, and state the engine count', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3 }), fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 3 }), fc.integer(), fc.boolean(), (n, widths, seed, boxed) => {
        const net = randomNet(n, widths, seed);
        const domain: Domain = boxed ? parseBox('-1:2', n) : { kind: 'all' };
        const cert = certify(net, domain);
        const r = checkCertificate(cert);
        expect(r, JSON.stringify(r)).toMatchObject({ valid: true, property: 'regions' });
      }),
      { numRuns: 60, seed: 7 },
    );
  });

  it('|x| on R: 2 regions; the empty box: 0 regions with a Motzkin proof', () => {
    const abs: Network = { inputs: 1, layers: [denseLayer([[F(1)], [F(-1)]], [F(0), F(0)], 'relu'), denseLayer([[F(1), F(1)]], [F(0)], 'identity')] };
    const cert = certify(abs, { kind: 'all' });
    expect(cert.claim.regions).toBe(2);
    expect(checkCertificate(cert).valid).toBe(true);
    const empty = certify(abs, parseBox('1:1', 1));
    expect(empty.claim.regions).toBe(0);
    expect(checkCertificate(empty).valid).toBe(true);
  });

  it('rejects tampering, each mutant re-sealed so that only the mathematics can reject it, for the right reason', () => {
    const net = randomNet(2, [3, 2], 12345);
    const domain = parseBox('-1:1', 2);
    const cert = certify(net, domain);
    expect(checkCertificate(cert).valid).toBe(true);
    const firstIndex = (c: any, test: (x: any) => boolean): number => {
      const k = c.evidence.nodes.findIndex(test);
      expect(k, 'the tree has such a node').toBeGreaterThanOrEqual(0);
      return k;
    };
    // How a tree fails on a network, box or count it was not made for.
    const TREE_FAILS = /Σ yᵢ aᵢ is not 0|the multipliers give 0 < [^:]*: no contradiction|not strictly inside row \d+ of its polyhedron|row index \d+ is out of range/;
    const isProof = (x: any): boolean => Array.isArray(x) && typeof x[1] === 'object';
    const isLeaf = (x: any): boolean => x !== null && typeof x === 'object' && !Array.isArray(x);
    // [name, mutation, expected reason, expected path]
    const mutants: [string, (c: any) => void, RegExp, RegExp][] = [
      ['count + 1', (c) => (c.claim.regions += 1), /the tree has \d+ leaves, the claim states \d+ regions/, /^claim\.regions$/],
      ['count − 1', (c) => (c.claim.regions -= 1), /the tree has \d+ leaves, the claim states \d+ regions/, /^claim\.regions$/],
      ['drop the last node', (c) => c.evidence.nodes.pop(), /the tree ends early/, /^evidence\.nodes/],
      ['drop the first node', (c) => c.evidence.nodes.shift(), /row index \d+ is out of range|Σ yᵢ aᵢ is not 0/, /^evidence\.nodes\[0\]/],
      [
        'flip a fixed sign',
        (c) => {
          const k = firstIndex(c, isProof);
          c.evidence.nodes[k][0] = c.evidence.nodes[k][0] === '+' ? '-' : '+';
        },
        /Σ yᵢ aᵢ is not 0|sign/,
        /^evidence\.nodes\[\d+\]/,
      ],
      [
        'move a witness far outside',
        (c) => {
          c.evidence.nodes[firstIndex(c, isLeaf)].point[0] = '1000';
        },
        /the leaf's point is not strictly inside row \d+ of its polyhedron/,
        /^evidence\.nodes\[\d+\]\.point$/,
      ],
      [
        'turn a split into a leaf',
        (c) => {
          c.evidence.nodes[c.evidence.nodes.indexOf('s')] = { point: ['0', '0'] };
        },
        /undecided here: expected "s" or \[sign, proof\], got a leaf/,
        /^evidence\.nodes\[\d+\]$/,
      ],
      // Claim changes, each making the claim false (the oracle confirms it below); the digest and
      // the network hash are recomputed, so the tree's mathematics must fail.
      ['a first-layer weight set to 0', (c) => (c.claim.network.embedded.layers[0].weights[0][0] = '0'), TREE_FAILS, /^evidence\.nodes\[\d+\]/],
      ['another first-layer weight set to 0', (c) => (c.claim.network.embedded.layers[0].weights[1][0] = '0'), TREE_FAILS, /^evidence\.nodes\[\d+\]/],
      ['a second-layer weight changed', (c) => (c.claim.network.embedded.layers[1].weights[0][1] = '7'), TREE_FAILS, /^evidence\.nodes\[\d+\]/],
      ['a first-layer bias changed', (c) => (c.claim.network.embedded.layers[0].bias[0] = '5'), TREE_FAILS, /^evidence\.nodes\[\d+\]/],
      ['a second-layer bias changed', (c) => (c.claim.network.embedded.layers[1].bias[0] = '7'), TREE_FAILS, /^evidence\.nodes\[\d+\]/],
      ['the box widened to [-3, 3]^2', (c) => (c.claim.domain.box = [['-3', '3'], ['-3', '3']]), TREE_FAILS, /^evidence\.nodes\[\d+\]/],
      ['the box made all of R^2', (c) => (c.claim.domain = { kind: 'all' }), TREE_FAILS, /^evidence\.nodes\[\d+\]/],
    ];
    for (const [name, mutate, reason, path] of mutants) {
      const m = structuredClone(cert);
      mutate(m);
      reseal(m);
      const claimChanged = m.evidence.claimSha256 !== cert.evidence.claimSha256;
      // A changed claim is false by the brute-force oracle, so the checker must reject it.
      if (claimChanged) expect(oracleCount(m.claim), `${name}: the mutated claim is false`).not.toBe(m.claim.regions);
      expectRejectedByMathematics(checkCertificate(m), name, reason, path);
    }
    // Multipliers: changing any value of any Motzkin proof breaks Σ yᵢ aᵢ = 0 or its sign.
    let multipliers = 0;
    cert.evidence.nodes.forEach((node: any, k: number) => {
      if (!isProof(node)) return;
      node[1].values.forEach((_: string, t: number) => {
        const m = structuredClone(cert);
        const v = new Fraction(m.evidence.nodes[k][1].values[t]);
        m.evidence.nodes[k][1].values[t] = v.mul(2).add(1).toFraction();
        expectRejectedByMathematics(checkCertificate(m), `multiplier ${k}/${t}`, /Σ yᵢ|sign|negative|positive/, new RegExp(`^evidence\\.nodes\\[${k}\\]`));
        multipliers++;
      });
    });
    expect(multipliers).toBeGreaterThan(5);
  });
});

describe('scaled duplicate rows', () => {
  // A domain with a row repeated at other positive scales (x ≤ 1 and 3x ≤ 3, …): multipliers
  // moved onto the first copy must be rescaled, or Σ y a = 0 fails (found by review).
  it('certificates stay valid when the domain repeats a row at another scale', () => {
    const row = (a: number[], b: number) => ({ coefficients: a.map(F), relation: '<=' as const, rhs: F(b) });
    const domain: Domain = {
      kind: 'polytope',
      system: { variables: 2, constraints: [row([1, 0], 1), row([0, 1], 1), row([-1, 0], 1), row([0, -1], 1), row([3, 0], 3), row([0, -2], 2), row([-5, 0], 5), row([1, 1], 3), row([2, 2], 6)] },
    };
    for (let seed = 1; seed <= 25; seed++) {
      const net = randomNet(2, [5, 4], seed);
      expect(checkCertificate(certify(net, domain)), `seed ${seed}`).toMatchObject({ valid: true });
    }
  });
});

describe('zero rows', () => {
  it('the library refuses a domain row 0·x ≤ 0 (its strict form is ambiguous) with an InputError', () => {
    const domain: Domain = { kind: 'polytope', system: { variables: 2, constraints: [{ coefficients: [F(1), F(-1)], relation: '<=', rhs: F(0) }, { coefficients: [F(0), F(0)], relation: '<=', rhs: F(0) }] } };
    expect(() => enumerateRegions(randomNet(2, [2], 1), domain)).toThrow(/0·x <= 0, which constrains nothing/);
  });
});
