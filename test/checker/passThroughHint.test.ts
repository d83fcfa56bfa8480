/**
 * The checker takes the pass-through pairing of its kernel (checker/kernel/passPairs.ts) as a hint only: with that
 * module replaced by one that pairs everything it can (rows negated or not), the checker's own
 * check of negated rows and columns must still reject a false claim built on a bogus pair.
 */
import Fraction from 'fraction.js';
import { describe, expect, it, vi } from 'vitest';

vi.mock('../../src/checker/kernel/passPairs.js', () => ({
  passThroughPairs: (layers: readonly { relu: boolean }[]) =>
    layers.map((layer, k) =>
      layer.relu && k + 1 < layers.length
        ? new Map([
            [0, 1],
            [1, 0],
          ])
        : new Map(),
    ),
}));

const { checkCertificate } = await import('../../src/checker/index.js');
const { networkRef, seal } = await import('../../src/certificates/encode.js');
const { denseLayer } = await import('../../src/network/model.js');

const f = (v: number): Fraction => new Fraction(v);

describe('a wrong pairing hint', () => {
  it('does not make |x| "sort" R^1: the checker verifies the pair itself', () => {
    const net = { inputs: 1, layers: [denseLayer([[f(1)], [f(-1)]], [f(0), f(0)], 'relu'), denseLayer([[f(1), f(1)]], [f(0)], 'identity')] };
    const claim = { property: 'sort', network: networkRef(net, true), domain: { kind: 'all' } } as never;
    const cert = JSON.parse(JSON.stringify(seal(claim, 'holds', { kind: 'sort-regions', nodes: ['p', 'p', 'leaf'], leaves: [{ permutation: [0], multipliers: [] }] } as never, {})));
    const r = checkCertificate(cert);
    expect(r.valid).toBe(false);
    expect(JSON.stringify(r)).toMatch(/not negatives/);
  });

  it('does not pair neurons whose rows differ', () => {
    const net = { inputs: 1, layers: [denseLayer([[f(1)], [f(-2)]], [f(0), f(0)], 'relu'), denseLayer([[f(1), f(-1)]], [f(0)], 'identity')] };
    const claim = { property: 'sort', network: networkRef(net, true), domain: { kind: 'all' } } as never;
    const cert = JSON.parse(JSON.stringify(seal(claim, 'holds', { kind: 'sort-regions', nodes: ['p', 'p', 'leaf'], leaves: [{ permutation: [0], multipliers: [] }] } as never, {})));
    const r = checkCertificate(cert);
    expect(r.valid).toBe(false);
    expect(JSON.stringify(r)).toMatch(/not negatives/);
  });
});
