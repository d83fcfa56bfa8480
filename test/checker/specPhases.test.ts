/**
 * The `spec` checker's ReLU phase splits and empty leaves (the format supports them; the engine
 * does not write them yet: without β multipliers a phase split cannot close a leaf its box
 * straddles, see docs/specifications.md), on hand-made trees for |x| = relu(x) + relu(−x): valid trees accepted,
 * and the splits and emptiness claims that do not hold rejected.
 */
import Fraction from 'fraction.js';
import { describe, expect, it } from 'vitest';
import { claimSha256 } from '../../src/checker/schema/index.js';
import { networkRef } from '../../src/certificates/encode.js';
import { checkCertificate } from '../../src/checker/index.js';
import { type Network, denseLayer } from '../../src/network/model.js';

const F = (v: number): Fraction => new Fraction(v);
const absNet: Network = { inputs: 1, layers: [denseLayer([[F(1)], [F(-1)]], [F(0), F(0)], 'relu'), denseLayer([[F(1), F(1)]], [F(0)], 'identity')] };

/** A holds certificate for |x| ≤ rhs being empty on [lo, hi], with the given tree. */
function doc(lo: string, hi: string, rhs: string, tree: unknown[]): unknown {
  const claim = {
    property: 'spec',
    network: networkRef(absNet, true),
    specification: { inputs: 1, outputs: 1, cases: [{ box: [[lo, hi]], inputConstraints: [], outputs: [{ rows: [{ output: ['1'], rhs }] }] }] },
  };
  return { format: 'relucert.certificate/1', claim, verdict: 'holds', evidence: { kind: 'spec-tree', claimSha256: claimSha256(claim), cases: [tree] }, engine: { version: 'test', stats: {} } };
}

const bound = { bound: [{ conjunction: 0, lambda: ['1'] }] };

describe('spec trees with ReLU phase splits', () => {
  it('|x| ≤ −1/10^9 is empty on [−1, 1]: a phase split of relu(x), each side bounded, is accepted', () => {
    expect(checkCertificate(doc('-1', '1', '-1/1000000000', [['r', 0, 0], bound, bound]))).toMatchObject({ valid: true, verdict: 'holds' });
  });

  it('on [1/2, 1] the side relu(x) off (x ≤ 0) is empty: "empty" accepted there, refused on the feasible side', () => {
    expect(checkCertificate(doc('1/2', '1', '-1/1000000000', [['r', 0, 0], 'empty', bound]))).toMatchObject({ valid: true });
    const r = checkCertificate(doc('1/2', '1', '-1/1000000000', [['r', 0, 0], bound, 'empty']));
    expect(r).toMatchObject({ valid: false, path: 'evidence.cases[0][2]' });
    if (!r.valid) expect(r.reason).toMatch(/not empty/);
  });

  it('a split of the output layer, of a missing neuron, or of one neuron twice on a path: rejected', () => {
    for (const [tree, reason] of [
      [[['r', 1, 0], bound, bound], /not a hidden ReLU layer/],
      [[['r', 0, 2], bound, bound], /no neuron 2/],
      [[['r', 0, 0], ['r', 0, 0], bound, bound, bound], /already split/],
    ] as const) {
      const r = checkCertificate(doc('-1', '1', '-1/1000000000', [...tree]));
      expect(r.valid).toBe(false);
      if (!r.valid) expect(r.reason).toMatch(reason);
    }
  });

  it('|x| ≤ 0 is violated at 0: no tree of bounds proves it empty, with or without splits', () => {
    for (const tree of [[bound], [['r', 0, 0], bound, bound], [['x', 0, '0'], bound, bound], [['x', 0, '0'], ['r', 0, 0], bound, bound, bound]]) {
      expect(checkCertificate(doc('-1', '1', '0', tree)).valid).toBe(false);
    }
  });
});

describe('boxes beyond the float range of their numbers', () => {
  it('a leaf whose bounds have 1 100-bit numerators and denominators is checked (rigorous filter or exact fallback), not crashed on', () => {
    // lo = 1/2 − 1/2^1100 … hi = 1 + 1/2^1100 as unreduced-looking long fractions: |x| ≥ 1/3 there,
    // so |x| ≤ 1/4 is empty (holds), and |x| ≤ 2 is not (the bound entry must be refused).
    const big = 2n ** 1100n;
    const lo = `${big / 2n - 1n}/${big}`;
    const hi = `${big + 1n}/${big}`;
    expect(checkCertificate(doc(lo, hi, '1/4', [bound]))).toMatchObject({ valid: true, verdict: 'holds' });
    expect(checkCertificate(doc(lo, hi, '2', [bound]))).toMatchObject({ valid: false });
  });
});
