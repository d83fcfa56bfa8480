/**
 * The `spec` checker's ReLU phase splits, their multipliers β and empty leaves, on hand-made
 * trees for |x| = relu(x) + relu(−x) (valid trees accepted, the splits and emptiness claims that do
 * not hold rejected) and on the engine's certificate for max of five inputs (mutations of its
 * β entries and phase splits rejected).
 */
import Fraction from 'fraction.js';
import { describe, expect, it } from 'vitest';
import { claimSha256 } from '../../src/checker/schema/index.js';
import { networkRef } from '../../src/certificates/encode.js';
import { checkCertificate } from '../../src/checker/index.js';
import { type Network, denseLayer } from '../../src/network/model.js';
import { maxNetwork } from '../../src/construct/constructions.js';
import { parseVnnlib } from '../../src/formats/vnnlib.js';
import { specCertificate } from '../../src/properties/specification/certificate.js';
import { verifySpecification } from '../../src/properties/specification/verify.js';

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

describe('β multipliers of phase splits', () => {
  it('the max-of-five certificate: dropping the β of an entry that needed it, moving it to an unsplit neuron, or moving a split, is rejected', () => {
    const five = maxNetwork(5);
    const text = [
      ...Array.from({ length: 5 }, (_, i) => `(declare-const X_${i} Real)`),
      '(declare-const Y_0 Real)',
      ...Array.from({ length: 5 }, (_, i) => `(assert (>= X_${i} -1))\n(assert (<= X_${i} 2))`),
      '(assert (<= Y_0 (- X_2 0.000000001)))',
    ].join('\n');
    const spec = parseVnnlib(text, { inputs: 5, file: 'max5.vnnlib' });
    const r = verifySpecification(five, spec, { noFalsify: true, split: 'phase' });
    expect(r.status).toBe('holds');
    const cert = specCertificate(five, spec, r) as unknown as { evidence: { cases: unknown[][] } };
    expect(checkCertificate(cert).valid).toBe(true);
    const nodes = cert.evidence.cases[0] as unknown[];
    type Entry = { beta?: [number, number, string][] };
    const withBeta = nodes.findIndex((n) => typeof n === 'object' && n !== null && 'bound' in n && (n as { bound: Entry[] }).bound.some((e) => e.beta !== undefined));
    expect(withBeta).toBeGreaterThanOrEqual(0);
    const mutate = (edit: (copy: { evidence: { cases: unknown[][] } }) => void): ReturnType<typeof checkCertificate> => {
      const copy = structuredClone(cert);
      edit(copy);
      return checkCertificate(copy);
    };
    // The engine writes β only where the plain bound failed: without it the entry does not prove.
    let res = mutate((c) => {
      for (const e of ((c.evidence.cases[0] as unknown[])[withBeta] as { bound: Entry[] }).bound) delete e.beta;
    });
    expect(res.valid).toBe(false);
    if (!res.valid) expect(res.reason).toMatch(/not positive/);
    // A β on a neuron that is not split on this leaf.
    res = mutate((c) => {
      const e = ((c.evidence.cases[0] as unknown[])[withBeta] as { bound: Entry[] }).bound.find((b) => b.beta !== undefined) as Entry;
      const [k] = (e.beta as [number, number, string][])[0] as [number, number, string];
      const used = new Set((e.beta as [number, number, string][]).filter(([kk]) => kk === k).map(([, i]) => i));
      const free = Array.from({ length: 64 }, (_, i) => i).find((i) => !used.has(i) && i < (five.layers[k]?.outputs ?? 0));
      (e.beta as [number, number, string][]).push([k, free as number, '1']);
    });
    expect(res.valid).toBe(false);
    // The first phase split moved to another neuron of its layer.
    const split = nodes.findIndex((n) => Array.isArray(n) && n[0] === 'r');
    res = mutate((c) => {
      const node = (c.evidence.cases[0] as unknown[])[split] as ['r', number, number];
      node[2] = (node[2] + 1) % (five.layers[node[1]]?.outputs ?? 1);
    });
    expect(res.valid).toBe(false);
  });
});

describe('β where the rigorous filter cannot run', () => {
  it('weights beyond the float range (exact function only): a fractional β at a layer whose backward coefficients are all 0 still proves', () => {
    // z = 2^1100·(2x − 2) (beyond the float filter's range), v = relu(2^-1100·relu(z) − 1), y = v,
    // on [0, 4]: y = relu(2x − 3) (z ≤ 0 ⇔ x ≤ 1, v's pre-activation 2x − 3 there). The violation
    // set {y − x + 1501/1000 ≤ 0} is empty: the margin is ≥ 1/1000, reached at x = 3/2. On z ≤ 0,
    // v is off whatever x, so every backward coefficient of layer 0 is 0, and the LP multiplier
    // β = 1/2^1101 of −z ≥ 0 (that is, of x ≤ 1) makes the Lagrangian exactly 1/2 + 1/1000. On
    // z ≥ 0 the split of v with β = 1/2 makes it exactly 1/1000 on either side.
    const big = 2n ** 1100n;
    const net: Network = {
      inputs: 1,
      layers: [denseLayer([[F(2).mul(big)]], [F(-2).mul(big)], 'relu'), denseLayer([[new Fraction(1n, big)]], [F(-1)], 'relu'), denseLayer([[F(1)]], [F(0)], 'identity')],
    };
    const claim = {
      property: 'spec',
      network: networkRef(net, true),
      specification: { inputs: 1, outputs: 1, cases: [{ box: [['0', '4']], inputConstraints: [], outputs: [{ rows: [{ output: ['1'], input: ['-1'], rhs: '-1501/1000' }] }] }] },
    };
    const off = { bound: [{ conjunction: 0, lambda: ['1'], beta: [[0, 0, `1/${2n * big}`]] }] };
    const half = { bound: [{ conjunction: 0, lambda: ['1'], beta: [[1, 0, '1/2']] }] };
    const cert = { format: 'relucert.certificate/1', claim, verdict: 'holds', evidence: { kind: 'spec-tree', claimSha256: claimSha256(claim), cases: [[['r', 0, 0], off, ['r', 1, 0], half, half]] }, engine: { version: 'test', stats: {} } };
    expect(checkCertificate(cert)).toMatchObject({ valid: true, verdict: 'holds' });
    // Without the β of x ≤ 1 the side z ≤ 0 is bounded over the whole box: 1501/1000 − 4 < 0.
    const without = structuredClone(cert);
    delete (without.evidence.cases[0]![1] as { bound: { beta?: unknown }[] }).bound[0]!.beta;
    expect(checkCertificate(without)).toMatchObject({ valid: false, path: 'evidence.cases[0][1].bound[0]' });
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
