/**
 * The LP multipliers β of a leaf's phase-split constraints (splitMultipliers.ts) when they lie
 * beyond the double range: on z ≤ 0 with z = w·(2x − 2), x ∈ [0, 4], the margin 1501/1000 − x (the
 * network's output is 0 there) has minimum 1/2 + 1/1000 at x = 1, and the only dual is that of
 * −z ≥ 0, β = 1/(2w). With w = 2^±1100, β = 2^∓1101 has no double: it must stay exact (any β is
 * valid, so shortening is only for brevity), not become 0 or an error, and close the leaf.
 */
import Fraction from 'fraction.js';
import { describe, expect, it } from 'vitest';
import { leafCloses } from '../../../src/checker/spec.js';
import { type Network, denseLayer } from '../../../src/network/model.js';
import { splitMultipliers } from '../../../src/properties/specification/splitMultipliers.js';

const F = (n: bigint, d = 1n): Fraction => new Fraction(n, d);

/** z = w(2x − 2) → relu; v = relu(z/w − 1) → relu; y = v. On z ≤ 0, v's pre-activation is −1: off. */
function net(w: Fraction): Network {
  return { inputs: 1, layers: [denseLayer([[w.mul(2)]], [w.mul(-2)], 'relu'), denseLayer([[w.inverse()]], [F(-1n)], 'relu'), denseLayer([[F(1n)]], [F(0n)], 'identity')] };
}

describe('split multipliers beyond the double range', () => {
  for (const [name, w] of [
    ['w = 2^1100 (β = 2^-1101 underflows a double)', F(2n ** 1100n)],
    ['w = 2^-1100 (β = 2^1101 overflows a double)', F(1n, 2n ** 1100n)],
  ] as const) {
    it(name, () => {
      const n = net(w);
      const lo = [F(0n)];
      const hi = [F(4n)];
      const phases = [Int8Array.of(-1), Int8Array.of(0)];
      const pattern = [[false], [false], [true]];
      const rows = [{ c: [F(1n)], x: [F(-1n)], d: F(1501n, 1000n) }];
      const proposal = splitMultipliers(n, lo, hi, pattern, phases, rows, [F(1n)]);
      expect(proposal?.kind).toBe('optimal');
      if (proposal?.kind !== 'optimal') return;
      expect(proposal.beta.map(([k, i, b]) => [k, i, b.toFraction()])).toEqual([[0, 0, w.mul(2).inverse().toFraction()]]);
      const beta = [new Map([[0, proposal.beta[0]![2]]]), new Map<number, Fraction>()];
      expect(leafCloses(n, { lo, hi, phases }, rows, [F(1n)], undefined, undefined, beta)).toBe(true);
    });
  }
});
