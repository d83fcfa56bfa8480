/**
 * Soundness of the leaf bounds with an input part (VNN-LIB mixed rows, input constraints as margin
 * rows): on random small networks, boxes and rows c·N(x) + e·x + d, the exact and the rigorous
 * bound of Σ λ_r m_r never exceed its exact value at any sampled point of the box (corners
 * included). Also: an input part that changes the answer is taken into account (a row that is
 * identically positive only thanks to e·x is proven, by both functions).
 */
import Fraction from 'fraction.js';
import { describe, expect, it } from 'vitest';
import { type ExactRow, exactLeafBound } from '../../src/checker/leafExact.js';
import { rigorousLeafBound } from '../../src/checker/leafRigorous.js';
import { evaluate } from '../../src/network/evaluate.js';
import { type Network, denseLayer } from '../../src/network/model.js';
import { mulberry32, randomInteger } from '../../src/random/prng.js';

const F = (n: number, d = 1): Fraction => new Fraction(n, d);

function randomNet(random: () => number, sizes: readonly number[]): Network {
  const layers = sizes.slice(1).map((out, k) =>
    denseLayer(
      Array.from({ length: out }, () => Array.from({ length: sizes[k] as number }, () => F(randomInteger(random, -8, 8), 4))),
      Array.from({ length: out }, () => F(randomInteger(random, -4, 4), 8)),
      k === sizes.length - 2 ? 'identity' : 'relu',
    ),
  );
  return { inputs: sizes[0] as number, layers };
}

function value(net: Network, rows: readonly ExactRow[], lambda: readonly Fraction[], x: readonly Fraction[]): Fraction {
  const y = evaluate(net, x);
  let s = new Fraction(0);
  rows.forEach((r, i) => {
    let m = r.d;
    r.c.forEach((v, j) => (m = m.add(v.mul(y[j] as Fraction))));
    r.x?.forEach((v, t) => (m = m.add(v.mul(x[t] as Fraction))));
    s = s.add(m.mul(lambda[i] as Fraction));
  });
  return s;
}

describe('leaf bounds with input parts', () => {
  it('never exceed the exact value at sampled points (random nets, boxes, rows)', () => {
    const random = mulberry32(20261202);
    for (let trial = 0; trial < 25; trial++) {
      const n = randomInteger(random, 1, 3);
      const net = randomNet(random, [n, randomInteger(random, 2, 4), randomInteger(random, 2, 3), 2]);
      const lo = Array.from({ length: n }, () => F(randomInteger(random, -8, 0), 4));
      const hi = lo.map((l) => l.add(F(randomInteger(random, 1, 8), 4)));
      const rows: ExactRow[] = [0, 1].map(() => ({
        c: [F(randomInteger(random, -2, 2)), F(randomInteger(random, -2, 2))],
        x: Array.from({ length: n }, () => F(randomInteger(random, -3, 3), 2)),
        d: F(randomInteger(random, -4, 4), 3),
      }));
      const lambda = [F(randomInteger(random, 0, 2), 2), F(randomInteger(random, 1, 2), 2)];
      const leaf = { lo, hi };
      const exact = exactLeafBound(net, leaf, rows, lambda);
      const rigorous = rigorousLeafBound(net, leaf, rows, lambda);
      expect(rigorous.available).toBe(true);
      const points: Fraction[][] = [];
      for (let c = 0; c < 2 ** n; c++) points.push(lo.map((l, t) => ((c >> t) & 1 ? (hi[t] as Fraction) : l)));
      for (let s = 0; s < 20; s++) points.push(lo.map((l, t) => l.add((hi[t] as Fraction).sub(l).mul(F(randomInteger(random, 0, 64), 64)))));
      for (const x of points) {
        const v = value(net, rows, lambda, x);
        expect((exact.bound as Fraction).compare(v)).toBeLessThanOrEqual(0);
        expect(new Fraction(rigorous.bound).compare(v)).toBeLessThanOrEqual(0);
      }
    }
  });

  it('a margin y − x + 1/1000 with y = x exactly is proven > 0 only through its input part', () => {
    const net: Network = { inputs: 1, layers: [denseLayer([[F(1)], [F(-1)]], [F(0), F(0)], 'relu'), denseLayer([[F(1), F(-1)]], [F(0)], 'identity')] };
    // On [-2, -1/2] both neurons are stable (relu(x) = 0, relu(-x) = -x): y = x exactly.
    const leaf = { lo: [F(-2)], hi: [F(-1, 2)] };
    const withX: ExactRow[] = [{ c: [F(1)], x: [F(-1)], d: F(1, 1000) }];
    const withoutX: ExactRow[] = [{ c: [F(1)], d: F(1, 1000) }];
    expect(exactLeafBound(net, leaf, withX, [F(1)])).toMatchObject({ proven: true });
    expect(rigorousLeafBound(net, leaf, withX, [F(1)])).toMatchObject({ proven: true });
    expect(exactLeafBound(net, leaf, withoutX, [F(1)]).proven).toBe(false);
    expect(rigorousLeafBound(net, leaf, withoutX, [F(1)]).proven).toBe(false);
  });
});
