/**
 * The rigorous leaf bound keeps each leaf's forward pass (leafRigorous.ts `forwardPasses`) for the
 * leaf's other bound entries: a bound computed with the kept pass must be the bound computed from
 * scratch (a copy of the leaf, never seen), whatever rows, λ, α and β the entries carry, and a
 * leaf met with another network must not use the first network's pass.
 */
import Fraction from 'fraction.js';
import { describe, expect, it } from 'vitest';
import type { ExactLeaf } from '../../src/bounds/exactLeaf.js';
import { rigorousLeafBound } from '../../src/bounds/rigorousLeaf.js';
import { mulberry32, randomInteger } from '../../src/random/prng.js';
import { randomNetwork } from '../support/networks.js';
import { randomBox, randomRows } from '../bounds/helpers.js';

describe('the rigorous leaf bound shares a leaf\'s forward pass between its entries', () => {
  it('gives, for every further entry, the bound of a fresh copy of the leaf', () => {
    const random = mulberry32(77);
    let compared = 0;
    for (let trial = 0; trial < 30; trial++) {
      const net = randomNetwork([2, 6, 5, 3], 700 + trial);
      const b = randomBox(2, random);
      const phases = net.layers.slice(0, -1).map((l) => Int8Array.from({ length: l.outputs }, () => (random() < 0.2 ? (random() < 0.5 ? 1 : -1) : 0)));
      const leaf: ExactLeaf = { ...b, phases };
      for (let entry = 0; entry < 4; entry++) {
        const rows = randomRows(3, randomInteger(random, 1, 3), random);
        const lambda = rows.map(() => new Fraction(randomInteger(random, 0, 4), 2));
        const alpha = entry % 2 === 0 ? undefined : net.layers.slice(0, -1).map((l) => Array.from({ length: l.outputs }, () => randomInteger(random, 0, 256)));
        const params = alpha !== undefined ? { alpha } : {};
        const kept = rigorousLeafBound(net, leaf, rows, lambda, params);
        const fresh = rigorousLeafBound(net, { lo: [...leaf.lo], hi: [...leaf.hi], phases: phases.map((p) => p.slice()) }, rows, lambda, params);
        expect(kept).toEqual(fresh);
        compared++;
      }
    }
    expect(compared).toBe(120);
  });

  it('computes the pass afresh for the same leaf with another network', () => {
    const random = mulberry32(78);
    let differing = 0;
    for (let trial = 0; trial < 20; trial++) {
      const first = randomNetwork([2, 5, 4, 1], 800 + trial);
      const second = randomNetwork([2, 5, 4, 1], 900 + trial);
      const leaf: ExactLeaf = randomBox(2, random);
      const rows = randomRows(1, 1, random);
      const one = [new Fraction(1)];
      rigorousLeafBound(first, leaf, rows, one);
      const onSecond = rigorousLeafBound(second, leaf, rows, one);
      const fresh = rigorousLeafBound(second, { lo: [...leaf.lo], hi: [...leaf.hi] }, rows, one);
      expect(onSecond).toEqual(fresh);
      if (onSecond.bound !== rigorousLeafBound(first, leaf, rows, one).bound) differing++;
    }
    // The networks differ, so their bounds do: the check above could see a wrong pass.
    expect(differing).toBeGreaterThan(10);
  });
});
