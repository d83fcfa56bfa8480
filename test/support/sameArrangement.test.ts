/** The claim invariances of test/support/sameArrangement.ts on hand-checked cases. */
import Fraction from 'fraction.js';
import { describe, expect, it } from 'vitest';
import { type Network, denseLayer } from '../../src/network/model.js';
import { sameArrangementClaim } from './sameArrangement.js';

const F = (v: number): Fraction => new Fraction(BigInt(v));
const net = (hidden: number[][], bias: number[], out: number[], outBias = 0): Network => ({
  inputs: 2,
  layers: [denseLayer(hidden.map((r) => r.map(F)), bias.map(F), 'relu'), denseLayer([out.map(F)], [F(outBias)], 'identity')],
});
const all = { kind: 'all' };
const box = { kind: 'box', box: [['-3', '3'], ['-3', '3']] as [string, string][] };

describe('sameArrangementClaim', () => {
  const lines = net([[1, 0], [0, 1], [1, 1]], [0, 0, -1], [1, 1, 1]);

  it('the output layer does not matter for regions or a complex without outputs; a hidden layer does', () => {
    const otherOutput = net([[1, 0], [0, 1], [1, 1]], [0, 0, -1], [5, -1, 0], 7);
    expect(sameArrangementClaim(lines, otherOutput, all)).toBe(true);
    expect(sameArrangementClaim(lines, otherOutput, all, false)).toBe(true);
    expect(sameArrangementClaim(lines, net([[1, 0], [0, 1], [1, 1]], [0, 0, -2], [1, 1, 1]), all)).toBe(false);
  });

  it('a hidden row times a nonzero factor is the same hyperplane; a moved one is not; 0 is not a hyperplane', () => {
    expect(sameArrangementClaim(lines, net([[-2, 0], [0, 1], [3, 3]], [0, 0, -3], [1, 1, 1]), all, false)).toBe(true);
    expect(sameArrangementClaim(lines, net([[1, 0], [0, 1], [1, 2]], [0, 0, -1], [1, 1, 1]), all, false)).toBe(false);
    expect(sameArrangementClaim(lines, net([[0, 0], [0, 1], [1, 1]], [0, 0, -1], [1, 1, 1]), all, false)).toBe(false);
  });

  it('on a box, a neuron constant in sign on it may become another such neuron', () => {
    const far = net([[1, 0], [0, 1], [-1, 1]], [0, 0, 10], [2, -2, 1]); // 10 − x + y ≥ 4 on the box
    const farther = net([[1, 0], [0, 1], [0, 1]], [0, 0, 10], [2, -2, 1]); // 10 + y ≥ 7
    expect(sameArrangementClaim(far, farther, box, false)).toBe(true);
    expect(sameArrangementClaim(far, farther, all, false)).toBe(false);
    const crossing = net([[1, 0], [0, 1], [0, 1]], [0, 0, 1], [2, -2, 1]); // 1 + y changes sign at y = −1
    expect(sameArrangementClaim(far, crossing, box, false)).toBe(false);
  });

  it('with outputs: only when both outputs keep one strict sign on the box', () => {
    // F = 2 relu(x) − 2 relu(y) + relu(10 − x + y) ≥ 4 on the box (its minimum, at (−3, 3)).
    const saddle = net([[1, 0], [0, 1], [-1, 1]], [0, 0, 10], [2, -2, 1]);
    expect(sameArrangementClaim(saddle, net([[1, 0], [0, 1], [-1, 1]], [0, 0, 10], [2, -1, 1]), box, true)).toBe(true);
    // −4 relu(y) makes F(0, 3) = −12 + 13 = 1 but F(−3, 3) = −12 + 16 = 4: still positive; −6 relu(y) gives F(0, 3) = −5.
    expect(sameArrangementClaim(saddle, net([[1, 0], [0, 1], [-1, 1]], [0, 0, 10], [2, -4, 1]), box, true)).toBe(true);
    expect(sameArrangementClaim(saddle, net([[1, 0], [0, 1], [-1, 1]], [0, 0, 10], [2, -6, 1]), box, true)).toBe(false);
    expect(sameArrangementClaim(saddle, saddle, all, true)).toBe(false);
  });
});
