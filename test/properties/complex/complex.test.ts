/**
 * The canonical polyhedral complex against known answers from mathematics: line arrangements
 * (Zaslavsky / Euler), points on a line, Euler characteristics and Betti numbers of a box and of
 * S^n, non-generic networks reported as such, and certificates re-checked by the independent
 * checker (with mutations rejected).
 */
import Fraction from 'fraction.js';
import { describe, expect, it } from 'vitest';
import { complexCertificate } from '../../../src/properties/complex/certificate.js';
import type { Certificate } from '../../../src/checker/schema/index.js';
import { type CheckResult, checkCertificate } from '../../../src/checker/index.js';
import { expectRejectedByMathematics, reseal } from '../../support/reseal.js';
import { type GenericComplex, computeComplex } from '../../../src/properties/complex/complex.js';
import { box, net, randomNet, rng, shallow } from './helpers.js';

const C2 = (m: number): number => (m * (m - 1)) / 2;

/** m random lines through integer data, regenerated until pairwise non-parallel with no three concurrent. */
function genericLines(int: (lo: number, hi: number) => number, m: number): { w: number[][]; b: number[] } {
  for (;;) {
    const w = Array.from({ length: m }, () => [int(-9, 9), int(-9, 9)]);
    const b = Array.from({ length: m }, () => int(-20, 20));
    if (w.some(([p, q]) => p === 0 && q === 0)) continue;
    let ok = true;
    // Parallel: det = 0. Concurrent triples: the 3×3 determinant of [w | b] = 0 (lines meeting in one point).
    for (let i = 0; i < m && ok; i++) {
      for (let j = i + 1; j < m && ok; j++) {
        const [a1, b1] = w[i] as number[];
        const [a2, b2] = w[j] as number[];
        if (a1 * b2 - a2 * b1 === 0) ok = false;
        for (let k = j + 1; k < m && ok; k++) {
          const [a3, b3] = w[k] as number[];
          const [c1, c2, c3] = [b[i], b[j], b[k]] as number[];
          const det = a1 * (b2 * c3 - b3 * c2) - b1 * (a2 * c3 - a3 * c2) + c1 * (a2 * b3 - a3 * b2);
          if (det === 0) ok = false;
        }
      }
    }
    if (ok) return { w, b };
  }
}

function generic(r: ReturnType<typeof computeComplex>): GenericComplex {
  if (r.status !== 'generic') throw new Error(`not generic: ${JSON.stringify(r.issues)}`);
  return r;
}

describe('one generic layer of m lines in R^2', () => {
  it('C(m,2) vertices, m² edges, Σ_{k≤2} C(m,k) regions, V − E + F = 1 on R^2, χ = 1 on a box around the vertices', () => {
    const int = rng(7);
    for (let m = 2; m <= 9; m++) {
      const { w, b } = genericLines(int, m);
      const F = shallow(w, b, w.map(() => 1));
      const all = generic(computeComplex(F, { kind: 'all' }));
      expect(all.fVector, `m = ${m}`).toEqual([C2(m), m * m, 1 + m + C2(m)]);
      expect(all.euler).toBe(1);
      // The one-point compactification is a CW structure on S^2.
      expect(all.betti).toEqual([1, 0, 1]);
      // Every region touching infinity is unbounded: 2m unbounded edges, 2m unbounded regions.
      expect(all.unboundedCells).toBe(4 * m);
      // A box strictly containing every vertex: χ = 1, the complex is a disc.
      const far = all.vertices.reduce((acc, v) => v.point.reduce((a, x) => (x.abs().compare(a) > 0 ? x.abs() : a), acc), new Fraction(0n));
      const big = far.add(1n);
      const boxed = generic(computeComplex(F, { kind: 'box', box: [[big.neg(), big], [big.neg(), big]] }));
      expect(boxed.euler).toBe(1);
      expect(boxed.betti).toEqual([1, 0, 0]);
      // Clipping adds the 4 corners and 2m boundary vertices, and cuts no region away.
      expect(boxed.fVector[0]).toBe(C2(m) + 2 * m + 4);
      expect(boxed.fVector[2]).toBe(1 + m + C2(m));
    }
  });

  it('each vertex is the intersection of exactly two lines, found exactly', () => {
    const F = shallow([[1, 0], [0, 1], [1, 1]], [0, 0, -1], [1, 1, 1]);
    const c = generic(computeComplex(F, { kind: 'all' }));
    const pts = c.vertices.map((v) => v.point.map((x) => x.toFraction()).join(',')).sort();
    expect(pts).toEqual(['0,0', '0,1', '1,0']);
  });
});

describe('input dimension 1', () => {
  it('m points on the line: m vertices, m + 1 edges (2 unbounded), χ = −1 on R and 1 on a box', () => {
    const pts = [-3, -1, 2, 5, 7];
    const F = shallow(pts.map(() => [1]), pts.map((p) => -p), pts.map((_, i) => (i % 2 === 0 ? 1 : -2)));
    const all = generic(computeComplex(F, { kind: 'all' }));
    expect(all.fVector).toEqual([5, 6]);
    expect(all.euler).toBe(-1);
    expect(all.betti).toEqual([1, 1]); // S^1
    expect(all.vertices.map((v) => Number(v.point[0]?.valueOf())).sort((a, b) => a - b)).toEqual(pts);
    const boxed = generic(computeComplex(F, box(1, -10, 10)));
    expect(boxed.fVector).toEqual([7, 6]);
    expect(boxed.euler).toBe(1);
  });
});

describe('deeper networks: χ and Betti numbers of a ball and of S^n', () => {
  it('random [2,6,6,1] and [3,5,5,1] nets on boxes and on R^n', () => {
    for (const [seed, n, hidden] of [[1, 2, [6, 6]], [2, 3, [5, 5]], [3, 2, [4, 4, 4]]] as const) {
      const F = randomNet(rng(seed), n, hidden, 1000, 1009);
      const boxed = generic(computeComplex(F, box(n, -2, 2)));
      expect(boxed.euler).toBe(1);
      expect(boxed.betti).toEqual([1, ...new Array(n).fill(0)]);
      const all = generic(computeComplex(F, { kind: 'all' }));
      expect(all.euler).toBe(n % 2 === 0 ? 1 : -1);
    }
  });

  it('--with-output adds the decision boundary: the output sign joins the sign sequences', () => {
    const F = shallow([[1, 0], [0, 1]], [0, 0], [1, -1], -1); // relu(x) − relu(y) − 1 = 0 is a bent line
    const without = generic(computeComplex(F, box(2, -3, 3)));
    const withOut = generic(computeComplex(F, box(2, -3, 3), { withOutput: true }));
    expect(withOut.arrangement.hyperplanes.some((h) => h.kind === 'output')).toBe(true);
    expect((withOut.fVector[2] as number) > (without.fVector[2] as number)).toBe(true);
    expect(withOut.euler).toBe(1);
  });
});

describe('genericity', () => {
  it('|x| + |y| written with identity pairs is reported as non-generic (opposite hyperplanes), not as a complex', () => {
    const F = net(2, [
      { w: [[1, 0], [-1, 0], [0, 1], [0, -1]], b: [0, 0, 0, 0], relu: true },
      { w: [[1, 1, 1, 1]], b: [0], relu: false },
    ]);
    for (const d of [{ kind: 'all' } as const, box(2, -1, 1)]) {
      const r = computeComplex(F, d);
      expect(r.status).toBe('non-generic');
      if (r.status !== 'non-generic') continue;
      const excess = r.issues.filter((i) => i.kind === 'excess-zeros');
      expect(excess.length).toBeGreaterThan(0);
      for (const i of excess) if (i.kind === 'excess-zeros') expect(i.coincident.some((c) => c.relation === 'opposite')).toBe(true);
    }
  });

  it('duplicated hyperplanes, three concurrent lines and a hyperplane through a box corner are non-generic', () => {
    const dup = shallow([[1, 2], [2, 4], [1, -1]], [1, 2, 0], [1, 1, 1]);
    const r1 = computeComplex(dup, { kind: 'all' });
    expect(r1.status).toBe('non-generic');
    if (r1.status === 'non-generic') expect(r1.issues.some((i) => i.kind === 'excess-zeros' && i.coincident.some((c) => c.relation === 'duplicate'))).toBe(true);
    const concurrent = shallow([[1, 0], [0, 1], [1, 1]], [0, 0, 0], [1, 1, 1]);
    expect(computeComplex(concurrent, { kind: 'all' }).status).toBe('non-generic');
    const corner = shallow([[1, 1], [1, -1]], [2, 0], [1, 1]); // x + y + 2 = 0 passes through (−1, −1)
    expect(computeComplex(corner, box(2, -1, 1)).status).toBe('non-generic');
  });

  it('a first layer that does not span R^n has no vertices on R^n: not pointed', () => {
    const F = shallow([[1, 1], [2, 2]], [0, -1], [1, 1]);
    const r = computeComplex(F, { kind: 'all' });
    expect(r.status).toBe('non-generic');
    if (r.status === 'non-generic') expect(r.issues[0]).toMatchObject({ kind: 'not-pointed', rank: 1 });
    // On a box the same network is generic (the facets supply the vertices).
    expect(computeComplex(F, box(2, -3, 4)).status).toBe('generic');
  });

  it('a flat (identically zero) neuron is reported', () => {
    // Layer 2's neuron relu(x) − relu(x) … is identically 0; written as weights (1, −1) on a duplicated pair it is flat.
    const F = net(2, [
      { w: [[1, 0], [0, 1]], b: [0, 0], relu: true },
      { w: [[0, 0]], b: [0], relu: true },
      { w: [[1]], b: [0], relu: false },
    ]);
    const r = computeComplex(F, box(2, -1, 1));
    expect(r.status).toBe('non-generic');
    if (r.status === 'non-generic') expect(r.issues.some((i) => i.kind === 'excess-zeros' && i.identicallyZero.length > 0)).toBe(true);
  });
});

describe('complex certificates', () => {
  const cases = [
    { F: shallow([[1, 0], [0, 1], [1, 1], [1, -2]], [0, 0, -1, 3], [1, 1, 1, 1]), d: { kind: 'all' } as const },
    { F: randomNet(rng(4), 2, [3, 3], 1000, 1009), d: box(2, -1, 1) },
    { F: randomNet(rng(5), 3, [3], 1000, 1009), d: box(3, -1, 1) },
  ];

  it('are valid and re-checked independently', () => {
    for (const { F, d } of cases) {
      const c = generic(computeComplex(F, d));
      const cert = complexCertificate(F, d, c);
      expect(checkCertificate(cert)).toMatchObject({ valid: true, property: 'complex', verdict: 'holds' });
    }
  });

  it('reject a dropped vertex, a moved vertex, a wrong f-vector, Euler characteristic or Betti number (re-sealed)', () => {
    const { F, d } = cases[1] as (typeof cases)[number];
    const cert = complexCertificate(F, d, generic(computeComplex(F, d)));
    // Every mutant re-sealed (claim digest and network hash recomputed): only the mathematics may reject it.
    const mutate = (edit: (c: Record<string, any>) => void): CheckResult => {
      const doc = JSON.parse(JSON.stringify(cert)) as Record<string, any>;
      edit(doc);
      return checkCertificate(reseal(doc));
    };
    const ev = cert.evidence as Extract<Certificate['evidence'], { kind: 'complex-vertices' }>;
    for (let i = 0; i < ev.vertices.length; i++) {
      expectRejectedByMathematics(mutate((c) => c.evidence.vertices.splice(i, 1)), `vertex ${i} dropped`, /ends at .*, which is not a listed vertex/, /^evidence\.vertices\[\d+\]$/);
    }
    expectRejectedByMathematics(mutate((c) => c.evidence.vertices.push(c.evidence.vertices[0])), 'c.evidence.vertices.push(c.evidence.vertices[0])', /vertex \d+ repeats vertex 0/, /^evidence\.vertices\[\d+\]$/);
    expectRejectedByMathematics(mutate((c) => (c.evidence.vertices[1].point[0] = '1/3')), '(c.evidence.vertices[1].point[0] = "1/3")', /the sign sequence at the point is [-0+]+, the certificate records [-0+]+/, 'evidence.vertices[1].signs');
    expectRejectedByMathematics(mutate((c) => (c.evidence.vertices[1].signs = c.evidence.vertices[1].signs.replace('0', '+'))), '(c.evidence.vertices[1].signs = c.evidence.vertices[1].signs.replace("0", "+"))', /the sign sequence at the point is [-0+]+, the certificate records [-0+]+/, 'evidence.vertices[1].signs');
    expectRejectedByMathematics(mutate((c) => (c.claim.fVector[1] += 1)), '(c.claim.fVector[1] += 1)', /the f-vector is \(22, 34, 13\), the claim states \(22, 35, 13\)/, 'claim.fVector');
    expectRejectedByMathematics(mutate((c) => (c.claim.eulerCharacteristic = 2)), '(c.claim.eulerCharacteristic = 2)', /Σ\(−1\)\^k f_k is 1, the claim states 2/, 'claim.eulerCharacteristic');
    expectRejectedByMathematics(mutate((c) => (c.claim.bettiZ2[1] = 1)), '(c.claim.bettiZ2[1] = 1)', /the Z\/2 Betti numbers are \(1, 0, 0\), the claim states \(1, 1, 0\)/, 'claim.bettiZ2');
    expectRejectedByMathematics(mutate((c) => (c.claim.vertices += 1)), '(c.claim.vertices += 1)', /the complex has 22 vertices, the claim states 23/, 'claim.vertices');
    expectRejectedByMathematics(mutate((c) => (c.claim.withOutput = true)), '(c.claim.withOutput = true)', /the sign sequence at the point is [-0+]+, the certificate records [-0+]+/, 'evidence.vertices[0].signs');
    expectRejectedByMathematics(mutate((c) => (c.claim.domain = { kind: 'all' })), '(c.claim.domain = { kind: "all" })', /the sign sequence at the point is [-0+]+, the certificate records [-0+]+/, 'evidence.vertices[0].signs');
  });
});
