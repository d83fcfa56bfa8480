/**
 * Affine dichotomies: Cover's counts for points in general position, degenerate configurations
 * (duplicates, collinear points, grids), exact realizing hyperplanes, and agreement with the
 * checker's independent re-derivation (Kirchberger's theorem).
 */
import Fraction from 'fraction.js';
import { describe, expect, it } from 'vitest';
import { deriveDichotomies } from '../../../src/checker/training.js';
import { coverCount, enumerateDichotomies, realizes } from '../../../src/properties/training/dichotomies.js';
import { ABS, F, R, XOR, prng, randomInt } from './helpers.js';

type Points = readonly (readonly Fraction[])[];

function keys(points: Points): string[] {
  return enumerateDichotomies(points).dichotomies.map((d) => d.key).sort();
}

function derived(points: Points): string[] {
  return [...deriveDichotomies(points.map((x) => x.map((c) => ({ n: c.s < 0n ? -c.n : c.n, d: c.d }))))].sort();
}

/** Integer points whose every 3 are non-collinear and coordinates distinct (general position in R²). */
function generalPosition2(random: () => number, count: number): Points {
  const pts: [number, number][] = [];
  while (pts.length < count) {
    const p: [number, number] = [randomInt(random, -50, 50), randomInt(random, -50, 50)];
    let ok = pts.every((q) => q[0] !== p[0] || q[1] !== p[1]);
    for (let i = 0; ok && i < pts.length; i++) {
      for (let j = i + 1; ok && j < pts.length; j++) {
        const [a, b] = [pts[i], pts[j]];
        if ((b[0] - a[0]) * (p[1] - a[1]) - (b[1] - a[1]) * (p[0] - a[0]) === 0) ok = false;
      }
    }
    if (ok) pts.push(p);
  }
  return pts.map((p) => p.map(F));
}

describe('enumerateDichotomies', () => {
  it('XOR: 14 = 2·Σ_{k≤2} C(3, k) dichotomies, each realized exactly', () => {
    const e = enumerateDichotomies(XOR.inputs);
    expect(e.dichotomies.length).toBe(14);
    expect(coverCount(4, 2)).toBe(14n);
    for (const d of e.dichotomies) expect(realizes(XOR.inputs, d.normal, d.offset, d.positive)).toBe(true);
    // The two "diagonal" labelings are the ones missing from 2^4 = 16.
    expect(e.dichotomies.map((d) => d.key)).not.toContain('++--');
    expect(e.dichotomies.map((d) => d.key)).not.toContain('--++');
    expect(e.dichotomies[0].key).toBe('----');
  });

  it('x = −2..2: 10 = 2·Σ_{k≤1} C(4, k) dichotomies (up-sets and down-sets)', () => {
    expect(keys(ABS.inputs)).toEqual(['-----', '----+', '---++', '--+++', '-++++', '+----', '++---', '+++--', '++++-', '+++++'].sort());
  });

  it("random points in general position: Cover's count 2·Σ_{k≤n} C(D−1, k) in R¹, R², R³", () => {
    const random = prng(11);
    for (let trial = 0; trial < 4; trial++) {
      const D = randomInt(random, 3, 9);
      const xs = new Set<number>();
      while (xs.size < D) xs.add(randomInt(random, -100, 100));
      expect(enumerateDichotomies([...xs].map((v) => [F(v)])).dichotomies.length).toBe(Number(coverCount(D, 1)));
      const pts = generalPosition2(random, D);
      expect(enumerateDichotomies(pts).dichotomies.length).toBe(Number(coverCount(D, 2)));
    }
    // R³: random rational points are in general position with probability 1; 6 points → 2·(1+5+10+10) = 52.
    const p3 = Array.from({ length: 6 }, () => [R(randomInt(random, -999, 999), 7), F(randomInt(random, -999, 999)), R(randomInt(random, -999, 999), 3)]);
    expect(enumerateDichotomies(p3).dichotomies.length).toBe(52);
  });

  it('duplicated points share their side: the count is that of the distinct points', () => {
    const pts = [[0, 0], [1, 1], [1, 0], [0, 1], [1, 0], [0, 0]].map((r) => r.map(F));
    const e = enumerateDichotomies(pts);
    expect(e.distinctPoints).toBe(4);
    expect(e.dichotomies.length).toBe(14);
    for (const d of e.dichotomies) {
      expect(d.positive[4]).toBe(d.positive[2]);
      expect(d.positive[5]).toBe(d.positive[0]);
      expect(realizes(pts, d.normal, d.offset, d.positive)).toBe(true);
    }
    // Every point the same: only P = ∅ and P = everything.
    expect(keys([[F(3)], [F(3)], [F(3)]])).toEqual(['+++', '---']);
  });

  it('collinear points in R² have the dichotomies of points on a line: 2D', () => {
    const line = [0, 1, 2, 3, 4].map((t) => [F(2 * t - 1), R(3 * t, 2)]);
    expect(enumerateDichotomies(line).dichotomies.length).toBe(10);
    // Three collinear points and one off the line: 2·(1 + 3 + 3) = 14 would be general position; collinear loses the middle-alone labelings.
    const pts = [[0, 0], [1, 0], [2, 0], [0, 1]].map((r) => r.map(F));
    expect(keys(pts)).toEqual(derived(pts));
    expect(keys(pts).length).toBe(12);
  });

  it("agrees with the checker's Kirchberger re-derivation on degenerate grids and random sets", () => {
    const random = prng(5);
    for (let trial = 0; trial < 12; trial++) {
      const D = randomInt(random, 1, 9);
      // Small coordinates: many duplicates, collinear triples, parallel segments.
      const pts = Array.from({ length: D }, () => [F(randomInt(random, -2, 2)), F(randomInt(random, -2, 2))]);
      expect(keys(pts)).toEqual(derived(pts));
      const line = Array.from({ length: D }, () => [R(randomInt(random, -4, 4), 2)]);
      expect(keys(line)).toEqual(derived(line));
    }
  });
});
