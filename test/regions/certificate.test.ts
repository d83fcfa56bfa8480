import fc from 'fast-check';
import Fraction from 'fraction.js';
import { describe, expect, it } from 'vitest';
import { regionsCertificate } from '../../src/certificates/regions.js';
import { checkCertificate } from '../../src/checker/index.js';
import { ratio } from '../../src/exact/rational.js';
import { type Network, denseLayer } from '../../src/network/model.js';
import { type Domain, parseBox } from '../../src/regions/domain.js';
import { enumerateRegions } from '../../src/regions/enumerate.js';

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

  it('rejects tampering: the count, a node, a sign, a multiplier, a witness, the network', () => {
    const net = randomNet(2, [3, 2], 12345);
    const domain = parseBox('-1:1', 2);
    const cert = certify(net, domain);
    expect(checkCertificate(cert).valid).toBe(true);
    const reseal = (c: any) => c; // the claim digest is checked too; mutations below change claim or evidence
    const mutants: [string, (c: any) => void][] = [
      ['count + 1', (c) => (c.claim.regions += 1)],
      ['drop the last node', (c) => c.evidence.nodes.pop()],
      ['drop the first node', (c) => c.evidence.nodes.shift()],
      [
        'flip a fixed sign',
        (c) => {
          const k = c.evidence.nodes.findIndex((x: unknown) => Array.isArray(x));
          c.evidence.nodes[k][0] = c.evidence.nodes[k][0] === '+' ? '-' : '+';
        },
      ],
      [
        'move a witness far outside',
        (c) => {
          const k = c.evidence.nodes.findIndex((x: any) => x && typeof x === 'object' && !Array.isArray(x));
          c.evidence.nodes[k].point[0] = '1000';
        },
      ],
      [
        'turn a split into a leaf',
        (c) => {
          const k = c.evidence.nodes.indexOf('s');
          c.evidence.nodes[k] = { point: ['0', '0'] };
        },
      ],
      ['change a weight of the embedded network', (c) => (c.claim.network.embedded.layers[0].weights[0][0] = '17')],
    ];
    let tested = 0;
    for (const [name, mutate] of mutants) {
      const m = structuredClone(cert);
      mutate(m);
      reseal(m);
      expect(checkCertificate(m).valid, name).toBe(false);
      tested++;
    }
    // Multipliers: changing any value of any Motzkin proof breaks Σ yᵢ aᵢ = 0 or its sign.
    cert.evidence.nodes.forEach((node: any, k: number) => {
      if (!Array.isArray(node) || typeof node[1] !== 'object') return;
      node[1].values.forEach((_: string, t: number) => {
        const m = structuredClone(cert);
        const v = new Fraction(m.evidence.nodes[k][1].values[t]);
        m.evidence.nodes[k][1].values[t] = v.mul(2).add(1).toFraction();
        expect(checkCertificate(m).valid, `multiplier ${k}/${t}`).toBe(false);
        tested++;
      });
    });
    expect(tested).toBeGreaterThan(mutants.length);
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
