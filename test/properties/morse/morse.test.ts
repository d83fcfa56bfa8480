/**
 * PL Morse analysis against mathematics: the three origin examples of the issue, the shallow-net
 * oracle (Brooks & Masden; NOTES D.6) on random shallow nets — exact edge derivatives α_j + c_j
 * and −α_j, critical iff 0 < α_j < −c_j or −c_j < α_j < 0 on every vanishing neuron, index
 * #{j ∈ Z : c_j < 0} — convex nets with minima only, a 1-D function with known extrema, the
 * discrete gradient's invariants, and certificates re-checked with mutations rejected.
 */
import Fraction from 'fraction.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { morseCertificate } from '../../../src/properties/morse/certificate.js';
import { type CheckResult, checkCertificate } from '../../../src/checker/index.js';
import { expectRejectedByMathematics, reseal } from '../../support/reseal.js';
import { InputError } from '../../../src/errors.js';
import { solve } from '../../../src/exact/linalg.js';
import { type MorseAnalysis, analyseMorse } from '../../../src/properties/morse/morse.js';
import { box, net, randomNet, rng, shallow } from '../complex/helpers.js';
import { CaseCount } from '../../support/cases.js';

function analysed(r: ReturnType<typeof analyseMorse>): MorseAnalysis {
  if (r.status !== 'analysed') throw new Error(`not generic: ${JSON.stringify(r.complex.issues)}`);
  return r;
}

/** The class of the vertex at a point. */
function classAt(a: MorseAnalysis, point: readonly number[]): { kind: string; index?: number } {
  const m = a.vertices.find((v) => (a.complex.vertices[v.vertex]?.point ?? []).every((x, j) => x.equals(new Fraction(BigInt(point[j] as number)))));
  if (m === undefined) throw new Error('no vertex there');
  const c = m.classification;
  return c.kind === 'critical' ? { kind: c.kind, index: c.index } : { kind: c.kind };
}

describe('the origin examples', () => {
  const examples: [string, number[][], number[], number[], number][] = [
    ['minimum', [[1, 0], [0, 1], [-1, -1]], [0, 0, 10], [2, 2, 1], 0],
    ['saddle', [[1, 0], [0, 1], [-1, 1]], [0, 0, 10], [2, -2, 1], 1],
    ['maximum', [[1, 0], [0, 1], [1, 1]], [0, 0, 10], [-2, -2, 1], 2],
  ];
  for (const [name, w, b, c, index] of examples) {
    it(`${name}: the origin is critical of index ${index} with F = 10, on R^2 and on a box`, () => {
      const F = shallow(w, b, c);
      for (const d of [{ kind: 'all' } as const, box(2, -1, 1)]) {
        const a = analysed(analyseMorse(F, d));
        expect(classAt(a, [0, 0])).toEqual({ kind: 'critical', index });
        const origin = a.critical.find((v) => v.interior);
        expect(origin?.value.equals(10n)).toBe(true);
        expect(a.critical.filter((v) => v.interior)).toHaveLength(1);
      }
    });
  }

  it('|x| + |y| written with duplicated (opposite) hyperplanes is not misclassified: non-generic', () => {
    const F = net(2, [
      { w: [[1, 0], [-1, 0], [0, 1], [0, -1]], b: [0, 0, 0, 0], relu: true },
      { w: [[1, 1, 1, 1]], b: [0], relu: false },
    ]);
    expect(analyseMorse(F, { kind: 'all' }).status).toBe('non-generic');
    expect(analyseMorse(F, box(2, -1, 1)).status).toBe('non-generic');
  });
});

describe('the shallow-network oracle', () => {
  it('exact edge derivatives, criticality and index agree with the closed form at every vertex', () => {
    const cases = new CaseCount('shallow-network oracle');
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 2, max: 3 }), (seed, n) => {
        const int = rng(seed);
        const m = n + 3;
        const w = Array.from({ length: m }, () => Array.from({ length: n }, () => int(-9, 9)));
        const b = Array.from({ length: m }, () => int(-9, 9));
        const c = Array.from({ length: m }, () => (int(0, 1) === 0 ? -1 : 1) * int(1, 5));
        const F = shallow(w, b, c, int(-3, 3));
        const r = analyseMorse(F, { kind: 'all' });
        if (r.status !== 'analysed') return cases.skip(); // random integer data can be non-generic; skip those
        cases.run();
        for (const vm of r.vertices) {
          const v = r.complex.vertices[vm.vertex];
          if (v === undefined) throw new Error('missing vertex');
          const Z = v.zeros;
          // α = W_Z^{−T} Σ_{active j} c_j w_j.
          const g = Array.from({ length: n }, (_, t) => w.reduce((acc, row, j) => ((v.signs[j] as number) > 0 ? acc + (c[j] as number) * (row[t] as number) : acc), 0));
          const WT = Array.from({ length: n }, (_, t) => Z.map((j) => new Fraction(BigInt((w[j] as number[])[t] as number))));
          const sol = solve(WT, g.map((x) => new Fraction(BigInt(x))));
          if (sol.kind !== 'unique') throw new Error('W_Z singular at a generic vertex');
          const alpha = sol.x;
          Z.forEach((j, t) => {
            const a = alpha[t] as Fraction;
            const cj = new Fraction(BigInt(c[j] as number));
            const plus = vm.derivatives.find((d) => d.axis === j && d.side === 1)?.value;
            const minus = vm.derivatives.find((d) => d.axis === j && d.side === -1)?.value;
            expect(plus?.equals(a.add(cj))).toBe(true);
            expect(minus?.equals(a.neg())).toBe(true);
          });
          const zero = Z.some((j, t) => (alpha[t] as Fraction).n === 0n || (alpha[t] as Fraction).add(BigInt(c[j] as number)).n === 0n);
          const critical = Z.every((j, t) => {
            const a = alpha[t] as Fraction;
            const cj = c[j] as number;
            return (a.compare(0) > 0 && a.compare(-cj) < 0) || (a.compare(-cj) > 0 && a.compare(0) < 0);
          });
          const cls = vm.classification;
          if (zero) expect(cls.kind).toBe('degenerate');
          else if (critical) expect(cls).toMatchObject({ kind: 'critical', index: Z.filter((j) => (c[j] as number) < 0).length });
          else expect(cls.kind).toBe('regular');
        }
      }),
      { numRuns: 40, seed: 20240607 },
    );
    cases.expectAtLeast(30);
  });

  it('a convex shallow net (all c_j > 0) has only minima', () => {
    const cases = new CaseCount('convex shallow nets');
    for (let seed = 1; seed <= 15; seed++) {
      const int = rng(seed);
      const n = 2 + (seed % 2);
      const m = 6;
      const F = shallow(
        Array.from({ length: m }, () => Array.from({ length: n }, () => int(-9, 9))),
        Array.from({ length: m }, () => int(-9, 9)),
        Array.from({ length: m }, () => int(1, 5)),
      );
      const r = analyseMorse(F, { kind: 'all' });
      if (r.status !== 'analysed') {
        cases.skip(); // non-generic integer data
        continue;
      }
      cases.run();
      for (const v of r.critical) expect(v.classification).toMatchObject({ kind: 'critical', index: 0 });
      expect(r.counts.critical.slice(1).every((k) => k === 0)).toBe(true);
    }
    cases.expectAtLeast(12);
  });
});

describe('input dimension 1', () => {
  it('F with slopes −1, 1, −1, 1, −1 at 0, 1, 3, 4: minima at 0 and 3, maxima at 1 and 4; on [−1, 5] the right end is a minimum of F|box', () => {
    const F = net(1, [
      { w: [[-1], [1], [1], [1], [1]], b: [6, 0, -1, -3, -4], relu: true },
      { w: [[1, 2, -2, 2, -2]], b: [-6], relu: false },
    ]);
    const a = analysed(analyseMorse(F, box(1, -1, 5)));
    expect(classAt(a, [0])).toEqual({ kind: 'critical', index: 0 });
    expect(classAt(a, [1])).toEqual({ kind: 'critical', index: 1 });
    expect(classAt(a, [3])).toEqual({ kind: 'critical', index: 0 });
    expect(classAt(a, [4])).toEqual({ kind: 'critical', index: 1 });
    expect(classAt(a, [-1])).toEqual({ kind: 'regular' });
    expect(classAt(a, [5])).toEqual({ kind: 'critical', index: 0 });
    expect(a.discrete?.criticalCells).toEqual([3, 2]);
  });
});

describe('the discrete gradient', () => {
  it('random nets on boxes: acyclic, critical cells = critical points by dimension, Morse inequalities, sublevel Betti numbers end at the box', () => {
    const cases = new CaseCount('discrete gradients of random nets');
    for (const [seed, n, hidden] of [[11, 2, [8, 8]], [12, 3, [5, 5]], [13, 2, [6, 6, 6]]] as const) {
      const F = randomNet(rng(seed), n, hidden, 1000, 1009);
      const r = analyseMorse(F, box(n, -2, 2));
      if (r.status !== 'analysed' || r.discrete === undefined) {
        cases.skip(); // non-generic, or a degenerate vertex (no discrete gradient)
        continue;
      }
      cases.run();
      const d = r.discrete;
      expect(d.criticalCells).toEqual(r.counts.critical);
      expect(d.criticalCells.reduce((acc, c, k) => acc + (k % 2 === 0 ? c : -c), 0)).toBe(1);
      expect(d.betti).toEqual([1, ...new Array(n).fill(0)]);
      expect(d.sublevels[d.sublevels.length - 1]?.betti).toEqual(d.betti);
      expect(d.inequalities).toMatchObject({ weak: true, strong: true, euler: 1 });
    }
    cases.expectAtLeast(2);
  });

  it('the maximum example on a box: four corner minima, four boundary saddles, one maximum; the sublevel set is an annulus just below 10', () => {
    const a = analysed(analyseMorse(shallow([[1, 0], [0, 1], [1, 1]], [0, 0, 10], [-2, -2, 1]), box(2, -3, 3)));
    expect(a.discrete?.criticalCells).toEqual([4, 4, 1]);
    expect(a.discrete?.sublevels.map((s) => s.betti)).toEqual([[4, 0, 0], [1, 1, 0], [1, 0, 0]]);
  });

  it('is omitted on R^n and with degenerate vertices, with the reason', () => {
    const a = analysed(analyseMorse(shallow([[1, 0], [0, 1], [-1, 1]], [0, 0, 10], [2, -2, 1]), { kind: 'all' }));
    expect(a.discrete).toBeUndefined();
    expect(a.discreteOmitted).toMatch(/bounded domain/);
  });
});

describe('bad input', () => {
  it('two outputs: InputError (exit 2)', () => {
    const F = net(2, [
      { w: [[1, 0], [0, 1]], b: [0, 0], relu: true },
      { w: [[1, 1], [1, -1]], b: [0, 0], relu: false },
    ]);
    expect(() => analyseMorse(F, { kind: 'all' })).toThrow(InputError);
  });
});

describe('morse certificates', () => {
  const cases = [
    { F: shallow([[1, 0], [0, 1], [-1, 1]], [0, 0, 10], [2, -2, 1]), d: box(2, -1, 1) },
    { F: shallow([[1, 0], [0, 1], [-1, 1]], [0, 0, 10], [2, -2, 1]), d: { kind: 'all' } as const },
    { F: randomNet(rng(21), 2, [4, 4], 1000, 1009), d: box(2, -2, 2) },
    { F: randomNet(rng(22), 3, [4], 1000, 1009), d: box(3, -1, 1) },
  ];

  it('are valid and re-checked independently', () => {
    for (const { F, d } of cases) {
      const cert = morseCertificate(F, d, analysed(analyseMorse(F, d)));
      expect(checkCertificate(cert)).toMatchObject({ valid: true, property: 'morse', verdict: 'holds' });
    }
  });

  it('reject changed derivatives, indices, values, pairs, levels and Betti numbers', () => {
    const { F, d } = cases[0] as (typeof cases)[number];
    const a = analysed(analyseMorse(F, d));
    expect(a.discrete).toBeDefined();
    const cert = morseCertificate(F, d, a);
    // Every mutant re-sealed (claim digest and network hash recomputed): only the mathematics may reject it.
    const mutate = (edit: (c: Record<string, any>) => void): CheckResult => {
      const doc = JSON.parse(JSON.stringify(cert)) as Record<string, any>;
      edit(doc);
      return checkCertificate(reseal(doc));
    };
    expectRejectedByMathematics(mutate((c) => (c.evidence.vertices[0].derivatives[0] = '12345')), '(c.evidence.vertices[0].derivatives[0] = "12345")', /the derivative of F along edge 0 is -1, the certificate records 12345/, 'evidence.vertices[0].derivatives[0]');
    expectRejectedByMathematics(mutate((c) => c.evidence.vertices[0].derivatives.pop()), 'c.evidence.vertices[0].derivatives.pop()', /1 derivatives recorded for 2 edges/, 'evidence.vertices[0].derivatives');
    expectRejectedByMathematics(mutate((c) => (c.claim.critical[0].index += 1)), '(c.claim.critical[0].index += 1)', /has index 0, the claim states 1/, 'claim.critical[0].index');
    expectRejectedByMathematics(mutate((c) => (c.claim.critical[0].value = '0')), '(c.claim.critical[0].value = "0")', /F at \(0,-1\) is 9, the claim states 0/, 'claim.critical[0].value');
    expectRejectedByMathematics(mutate((c) => c.claim.critical.pop()), 'c.claim.critical.pop()', /3 vertices are critical, the claim lists 2/, 'claim.critical');
    expectRejectedByMathematics(mutate((c) => (c.claim.regular += 1)), '(c.claim.regular += 1)', /6 vertices are regular, the claim states 7/, 'claim.regular');
    expectRejectedByMathematics(mutate((c) => c.evidence.pairs.pop()), 'c.evidence.pairs.pop()', /the unmatched cell [-0+]+ does not correspond to a critical point/, 'evidence.pairs');
    expectRejectedByMathematics(mutate((c) => c.evidence.pairs.push(c.evidence.pairs[0])), 'c.evidence.pairs.push(c.evidence.pairs[0])', /a cell is paired twice/, /^evidence\.pairs\[\d+\]$/);
    expectRejectedByMathematics(mutate((c) => (c.evidence.pairs[0] = [c.evidence.pairs[0][1], c.evidence.pairs[0][0]])), '(c.evidence.pairs[0] = [c.evidence.pairs[0][1], c.evidence.pairs[0][0]])', /the face is not a facet of the coface/, 'evidence.pairs[0]');
    expectRejectedByMathematics(mutate((c) => (c.claim.sublevels[0].t = '1000')), '(c.claim.sublevels[0].t = "1000")', /the level should be 19\/2/, 'claim.sublevels[0].t');
    expectRejectedByMathematics(mutate((c) => (c.claim.sublevels[0].bettiZ2[0] += 1)), '(c.claim.sublevels[0].bettiZ2[0] += 1)', /the Z\/2 Betti numbers of F ≤ 19\/2 are \(2, 0, 0\)/, 'claim.sublevels[0].bettiZ2');
    expectRejectedByMathematics(mutate((c) => (c.claim.criticalCells[0] += 1)), '(c.claim.criticalCells[0] += 1)', /the critical cells by dimension are \(2, 1, 0\)/, 'claim.criticalCells');
    expectRejectedByMathematics(mutate((c) => delete c.claim.sublevels), 'delete c.claim.sublevels', /expected 2 sublevels/, 'claim.sublevels');
  });
});
