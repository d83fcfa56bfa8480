/**
 * The float64 sign filter at the vertices (`floatSignOn`, src/polyhedra/vertices.ts) against the
 * exact values at every vertex: whenever the filter answers, its answer is the exact one — all
 * vertices > 0 (+1), all < 0 (−1), or one on each side (0). Adversarial cases are the point: z
 * through a vertex (exactly 0 there), z off by one unit of a huge constant (a value of 1 against
 * terms of 2^200), coefficients of hundreds of bits as on ACAS Xu, and vertices with long
 * rational coordinates. The filter may decline (undefined); it must never be wrong.
 */
import Fraction from 'fraction.js';
import { describe, expect, it } from 'vitest';
import { type VertexPolytope, boxPolytope, boxRows, evaluate, floatSignOn, split, vertexSign } from '../../src/polyhedra/vertices.js';
import { mulberry32, randomInteger } from '../../src/random/prng.js';

/** The exact sign in the filter's convention, from the exact values at the vertices. */
function exactSign(P: VertexPolytope, a: readonly bigint[], c: bigint): 1 | -1 | 0 | 'zero at a vertex' {
  const values = evaluate(P, a, c);
  const positive = values.some((v) => v > 0n);
  const negative = values.some((v) => v < 0n);
  if (positive && negative) return 0;
  if (values.some((v) => v === 0n)) return 'zero at a vertex';
  return positive ? 1 : -1;
}

function randomBig(random: () => number, bits: number): bigint {
  let v = 0n;
  for (let b = 0; b < bits; b += 16) v = (v << 16n) | BigInt(randomInteger(random, 0, 0xffff));
  return random() < 0.5 ? -v : v;
}

/** A box in R^n with random rational bounds, cut by a few random hyperplanes (long coordinates). */
function randomPolytope(random: () => number, n: number): VertexPolytope {
  const lo = Array.from({ length: n }, () => new Fraction(BigInt(randomInteger(random, -50, -1)), BigInt(randomInteger(random, 1, 7))));
  const hi = Array.from({ length: n }, () => new Fraction(BigInt(randomInteger(random, 1, 50)), BigInt(randomInteger(random, 1, 7))));
  let P = boxPolytope(boxRows(lo, hi));
  for (let k = 0; k < 3; k++) {
    const a = Array.from({ length: n }, () => BigInt(randomInteger(random, -9, 9)));
    const halves = split(P, a, BigInt(randomInteger(random, -3, 3)));
    const next = random() < 0.5 ? halves.positive : halves.negative;
    if (next.fullDimensional) P = next;
  }
  return P;
}

describe('floatSignOn: never contradicts the exact values at the vertices', () => {
  it('random polytopes in R^2..R^6 with small, huge and adversarially shifted z', () => {
    const random = mulberry32(20261203);
    let answered = 0;
    let declined = 0;
    for (let trial = 0; trial < 300; trial++) {
      const n = 2 + (trial % 5);
      const P = randomPolytope(random, n);
      const bits = [8, 64, 200, 400][trial % 4] as number;
      const a = Array.from({ length: n }, () => randomBig(random, bits));
      // Shifts that put z through a vertex, or one unit either side of it (the hardest calls).
      const v = P.vertices[randomInteger(random, 0, P.vertices.length - 1)] as (typeof P.vertices)[number];
      const dot = a.reduce((s, ai, j) => s + ai * (v.num[j] as bigint), 0n);
      // z(v) = (dot + c·den)/den; c = −⌊dot/den⌋ + δ puts z within one unit of 0 at v.
      const base = -(dot / v.den);
      for (const c of [randomBig(random, bits), base, base + 1n, base - 1n, base * 3n]) {
        const exact = exactSign(P, a, c);
        const filtered = floatSignOn(P, a, c);
        if (filtered === undefined) {
          declined++;
          continue;
        }
        answered++;
        expect(exact).not.toBe('zero at a vertex');
        expect(filtered).toBe(exact);
      }
    }
    // The filter must do its job too (most calls are far from 0 at every vertex).
    expect(answered).toBeGreaterThan(declined / 4);
  });

  it('z exactly 0 at a vertex with huge coefficients: the filter declines, vertexSign is exact', () => {
    const P = boxPolytope(boxRows([new Fraction(0), new Fraction(0)], [new Fraction(1), new Fraction(1)]));
    const big = 1n << 300n;
    // z = big·x + big·y − 2·big is 0 at (1, 1) and < 0 at the other vertices: sign −1 (0 counts as off).
    expect(floatSignOn(P, [big, big], -2n * big)).toBeUndefined();
    expect(vertexSign(P, [big, big], -2n * big).sign).toBe(-1);
    // One unit above: z = 1 at (1, 1), against terms of 2^301: the filter must not round it away.
    const s = floatSignOn(P, [big, big], -2n * big + 1n);
    expect(s === undefined || s === 0).toBe(true);
    expect(vertexSign(P, [big, big], -2n * big + 1n).sign).toBe(0);
  });
});
