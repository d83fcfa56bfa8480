/** Shared helpers of the bound tests: exact oracles (evaluation, margins, sample points). */
import Fraction from 'fraction.js';
import type { ExactRow } from '../../src/bounds/exactLeaf.js';
import { ratio } from '../../src/exact/rational.js';
import { toIntegerVector } from '../../src/exact/vector.js';
import { evaluate, evaluateTrace } from '../../src/network/evaluate.js';
import type { Network } from '../../src/network/model.js';
import { randomInteger } from '../../src/random/prng.js';

/** Σ_r λ_r (c_r·N(x) + d_r) at x, exactly. */
export function exactCombination(net: Network, rows: readonly ExactRow[], lambda: readonly Fraction[], x: readonly Fraction[]): Fraction {
  const y = evaluate(net, x);
  let total = new Fraction(0);
  rows.forEach((row, r) => {
    let m = row.d;
    row.c.forEach((v, i) => {
      m = m.add(v.mul(y[i] as Fraction));
    });
    total = total.add(m.mul(lambda[r] as Fraction));
  });
  return total;
}

/** The exact pre-activations of every layer at x. */
export function exactPreactivations(net: Network, x: readonly Fraction[]): Fraction[][] {
  return evaluateTrace(net, toIntegerVector(x)).preactivations.map((z) => z.num.map((v) => new Fraction(v, z.den)));
}

/** Every vertex of the box (2^n points) and `count` random rational points inside it. */
export function samplePoints(lo: readonly Fraction[], hi: readonly Fraction[], random: () => number, count: number): Fraction[][] {
  const n = lo.length;
  const points: Fraction[][] = [];
  for (let mask = 0; mask < 2 ** n && n <= 10; mask++) points.push(lo.map((l, t) => (mask & (1 << t) ? (hi[t] as Fraction) : l)));
  for (let s = 0; s < count; s++) {
    points.push(
      lo.map((l, t) => {
        const q = BigInt(randomInteger(random, 1, 64));
        const p = BigInt(randomInteger(random, 0, Number(q)));
        return l.add((hi[t] as Fraction).sub(l).mul(ratio(p, q)));
      }),
    );
  }
  return points;
}

/** A random box with small-denominator bounds inside [−2, 2]^n (some coordinates of width 0). */
export function randomBox(n: number, random: () => number): { lo: Fraction[]; hi: Fraction[] } {
  const lo: Fraction[] = [];
  const hi: Fraction[] = [];
  for (let t = 0; t < n; t++) {
    const a = ratio(BigInt(randomInteger(random, -16, 12)), BigInt(randomInteger(random, 1, 8)) * 2n);
    const w = random() < 0.1 ? new Fraction(0) : ratio(BigInt(randomInteger(random, 1, 24)), BigInt(randomInteger(random, 1, 9)));
    lo.push(a);
    hi.push(a.add(w));
  }
  return { lo, hi };
}

/** Random margin rows with small rational coefficients. */
export function randomRows(outputs: number, count: number, random: () => number): ExactRow[] {
  return Array.from({ length: count }, () => ({
    c: Array.from({ length: outputs }, () => ratio(BigInt(randomInteger(random, -3, 3)), BigInt(randomInteger(random, 1, 3)))),
    d: ratio(BigInt(randomInteger(random, -5, 5)), BigInt(randomInteger(random, 1, 4))),
  }));
}
