import Fraction from 'fraction.js';
import { describe, expect, it } from 'vitest';
import { sorterNetwork } from '../../src/construct/constructions.js';
import { sort2Gadget } from '../../src/construct/gadgets.js';
import { compileNetwork } from '../../src/network/compiled.js';
import { evaluate } from '../../src/network/evaluate.js';
import { type Network, denseLayer } from '../../src/network/model.js';
import { passThroughPairs } from '../../src/network/passPairs.js';

const f = (v: number): Fraction => new Fraction(v);

function net(hidden: number[][], bias: number[], out: number[][]): Network {
  return {
    inputs: (hidden[0] as number[]).length,
    layers: [denseLayer(hidden.map((r) => r.map(f)), bias.map(f), 'relu'), denseLayer(out.map((r) => r.map(f)), out.map(() => f(0)), 'identity')],
  };
}

describe('pass-through pairs', () => {
  it('the comparator sort2 has one pair (y, −y); its (x − y, y − x) neurons are not one (their outputs differ)', () => {
    const pairs = passThroughPairs(compileNetwork(sort2Gadget()));
    expect([...(pairs[0] as ReadonlyMap<number, number>).entries()].sort()).toEqual([
      [2, 3],
      [3, 2],
    ]);
  });

  it('every layer of the bitonic sorter n = 8 pairs 8 of its 16 neurons (one identity pair per comparator)', () => {
    const pairs = passThroughPairs(compileNetwork(sorterNetwork(8, 'bitonic')));
    expect(pairs).toHaveLength(7);
    pairs.slice(0, 6).forEach((p) => expect(p.size).toBe(8));
    expect(pairs[6]?.size).toBe(0); // the output layer
  });

  it('needs both the rows and the outgoing columns negated', () => {
    // relu(x) + relu(−x) = |x| bends: not a pair.
    expect(passThroughPairs(compileNetwork(net([[1], [-1]], [0, 0], [[1, 1]])))[0]?.size).toBe(0);
    // Rows negated up to the bias: not a pair.
    expect(passThroughPairs(compileNetwork(net([[1], [-1]], [1, 1], [[1, -1]])))[0]?.size).toBe(0);
    // One outgoing weight off: not a pair.
    expect(passThroughPairs(compileNetwork(net([[1, 2], [-1, -2]], [1, -1], [[3, -3], [1, -2]])))[0]?.size).toBe(0);
    // A genuine pair with a bias, its members not adjacent, next to an unpaired neuron.
    const g = net([[1, 2], [0, 1], [-1, -2]], [1, 0, -1], [[3, 5, -3], [1, 0, -1]]);
    expect([...(passThroughPairs(compileNetwork(g))[0] as ReadonlyMap<number, number>).entries()].sort()).toEqual([
      [0, 2],
      [2, 0],
    ]);
    // …and the pair is linear: N(x) = col_0·(x_0 + 2x_1 + 1) + col_1·relu(x_1).
    for (const x of [[-3, 1], [2, -5], [0, 0], [7, 2]]) {
      const y = evaluate(g, x.map(f));
      const z = (x[0] as number) + 2 * (x[1] as number) + 1;
      const r = Math.max(0, x[1] as number);
      expect(y.map((v) => v.valueOf())).toEqual([3 * z + 5 * r, z]);
    }
  });

  it('matches duplicates greedily and never pairs a neuron twice', () => {
    // Rows z, −z, z, −z with matching columns: two disjoint pairs.
    const g = net([[1], [-1], [1], [-1]], [0, 0, 0, 0], [[1, -1, 1, -1]]);
    const pairs = passThroughPairs(compileNetwork(g))[0] as ReadonlyMap<number, number>;
    expect(pairs.size).toBe(4);
    for (const [p, q] of pairs) expect(pairs.get(q)).toBe(p);
    // Rows z, −z, −z: one pair, one neuron left over.
    const h = net([[1], [-1], [-1]], [0, 0, 0], [[1, -1, -1]]);
    expect(passThroughPairs(compileNetwork(h))[0]?.size).toBe(2);
  });
});
