/**
 * The LP stage of the specification falsifier (src/properties/specification/counterexampleLp.ts):
 * violation sets that touch the network's image at a single point, where no float point lands,
 * are found exactly; a region without violation yields nothing. Known answers from mathematics;
 * every certificate is re-checked by the independent checker.
 */
import Fraction from 'fraction.js';
import { describe, expect, it } from 'vitest';
import { checkCertificate } from '../../../src/checker/index.js';
import { parseVnnlib } from '../../../src/formats/vnnlib.js';
import { evaluate } from '../../../src/network/evaluate.js';
import { type Network, denseLayer } from '../../../src/network/model.js';
import { requireBoundedInputs } from '../../../src/specification/model.js';
import { specCertificate } from '../../../src/properties/specification/certificate.js';
import { RegionLpSearch, floatActivationPattern, regionCounterexample } from '../../../src/properties/specification/counterexampleLp.js';
import { type SpecResult, verifySpecification } from '../../../src/properties/specification/verify.js';

const F = (v: number | string): Fraction => new Fraction(v);

function vnnlib(inputs: number, lo: readonly string[], hi: readonly string[], violation: string): string {
  return [
    ...Array.from({ length: inputs }, (_, i) => `(declare-const X_${i} Real)`),
    '(declare-const Y_0 Real)',
    ...lo.map((l, i) => `(assert (>= X_${i} ${l}))\n(assert (<= X_${i} ${hi[i]}))`),
    violation,
  ].join('\n');
}

/** Runs the engine (falsifier on or off), re-checks the certificate, returns the result. */
function decide(net: Network, text: string, noFalsify: boolean): SpecResult {
  const spec = parseVnnlib(text, { inputs: net.inputs, file: 'test.vnnlib' });
  const result = verifySpecification(net, spec, { deadline: Date.now() + 60_000, maxNodes: 2000, noFalsify });
  if (result.status !== 'unknown') expect(checkCertificate(specCertificate(net, spec, result))).toMatchObject({ valid: true, verdict: result.status });
  return result;
}

/** |x| = relu(x) + relu(−x). */
const absNet: Network = {
  inputs: 1,
  layers: [denseLayer([[F(1)], [F(-1)]], [F(0), F(0)], 'relu'), denseLayer([[F(1), F(1)]], [F(0)], 'identity')],
};

/**
 * |x0 − x1| + |x0 + x1 − 2/3| on [0, 1]²: zero exactly at (1/3, 1/3), a point no bisection centre
 * of the box reaches (1/3 is not dyadic), and no hidden neuron depends on one input alone, so no
 * cut lands on it either.
 */
const touchNet: Network = {
  inputs: 2,
  layers: [
    denseLayer(
      [
        [F(1), F(-1)],
        [F(-1), F(1)],
        [F(1), F(1)],
        [F(-1), F(-1)],
      ],
      [F(0), F(0), F('-2/3'), F('2/3')],
      'relu',
    ),
    denseLayer([[F(1), F(1), F(1), F(1)]], [F(0)], 'identity'),
  ],
};

describe('the region LP itself', () => {
  it('|x| <= 0 on [-1, 2]: the region of x = 1/2 (relu(x) on, relu(-x) off) contains the touching point x = 0', () => {
    const spec = parseVnnlib(vnnlib(1, ['-1'], ['2'], '(assert (<= Y_0 0))'), { inputs: 1 });
    const box = requireBoundedInputs(spec)[0] as (readonly [Fraction, Fraction])[];
    const ce = regionCounterexample(absNet, spec, 0, 0, box, floatActivationPattern(absNet, [0.5]));
    expect(ce?.input.map((v) => v.toFraction())).toEqual(['0']);
    expect(ce?.output.map((v) => v.toFraction())).toEqual(['0']);
  });

  it('|x| <= -1/10 on [-1, 2]: no region has a point (|x| >= 0), so the LP finds nothing on either side', () => {
    const spec = parseVnnlib(vnnlib(1, ['-1'], ['2'], '(assert (<= Y_0 -0.1))'), { inputs: 1 });
    const box = requireBoundedInputs(spec)[0] as (readonly [Fraction, Fraction])[];
    for (const x of [0.5, -0.5]) expect(regionCounterexample(absNet, spec, 0, 0, box, floatActivationPattern(absNet, [x]))).toBeUndefined();
  });

  it('a region whose pattern excludes the touching point yields nothing: |x| <= 0 restricted to [1/2, 2]', () => {
    const spec = parseVnnlib(vnnlib(1, ['0.5'], ['2'], '(assert (<= Y_0 0))'), { inputs: 1 });
    const box = requireBoundedInputs(spec)[0] as (readonly [Fraction, Fraction])[];
    expect(regionCounterexample(absNet, spec, 0, 0, box, floatActivationPattern(absNet, [1]))).toBeUndefined();
  });
});

describe('verify spec finds isolated touching points exactly', () => {
  for (const noFalsify of [false, true]) {
    const via = noFalsify ? 'no falsifier' : 'falsifier first';
    it(`|x| <= 0 on [-1, 2] is violated exactly at x = 0 (${via})`, () => {
      const r = decide(absNet, vnnlib(1, ['-1'], ['2'], '(assert (<= Y_0 0))'), noFalsify);
      expect(r.status).toBe('violated');
      if (r.status !== 'violated') return;
      expect(r.input[0]?.equals(0)).toBe(true);
      expect(r.output[0]?.equals(0)).toBe(true);
    });

    it(`|x0 - x1| + |x0 + x1 - 2/3| <= 0 on [0, 1]^2 is violated exactly at (1/3, 1/3) (${via})`, () => {
      const r = decide(touchNet, vnnlib(2, ['0', '0'], ['1', '1'], '(assert (<= Y_0 0))'), noFalsify);
      expect(r.status).toBe('violated');
      if (r.status !== 'violated') return;
      expect(r.input.map((v) => v.toFraction())).toEqual(['1/3', '1/3']);
      expect(evaluate(touchNet, r.input)[0]?.equals(0)).toBe(true);
    });

    it(`|x0 - x1| + |x0 + x1 - 2/3| <= -1/1000 on [0, 1]^2 holds: the LP finds nothing (${via})`, () => {
      expect(decide(touchNet, vnnlib(2, ['0', '0'], ['1', '1'], '(assert (<= Y_0 -0.001))'), noFalsify).status).toBe('holds');
    });
  }
});

describe('multipliers on input constraints', () => {
  /** y = relu(x) = x on [0, 1]². */
  const idNet: Network = {
    inputs: 2,
    layers: [
      denseLayer(
        [
          [F(1), F(0)],
          [F(0), F(1)],
        ],
        [F(0), F(0)],
        'relu',
      ),
      denseLayer(
        [
          [F(1), F(0)],
          [F(0), F(1)],
        ],
        [F(0), F(0)],
        'identity',
      ),
    ],
  };
  const text = (violation: string): string =>
    ['(declare-const X_0 Real)', '(declare-const X_1 Real)', '(declare-const Y_0 Real)', '(declare-const Y_1 Real)', '(assert (>= X_0 0))', '(assert (<= X_0 1))', '(assert (>= X_1 0))', '(assert (<= X_1 1))', '(assert (<= (+ X_0 X_1) 1))', violation].join('\n');

  it('y = x on [0, 1]² with x0 + x1 <= 1: y0 + y1 >= 3/2 is impossible only because of the input constraint (holds)', () => {
    const r = decide(idNet, text('(assert (>= (+ Y_0 Y_1) 1.5))'), false);
    expect(r.status).toBe('holds');
    // The proof must use the input row: the output row alone is satisfiable on the box (at (1, 1)).
    if (r.status !== 'holds') return;
    expect(r.trees.flat().some((node) => typeof node === 'object' && 'bound' in node && node.bound.some((e) => e.lambda.length === 2 && (e.lambda[1] as Fraction).compare(0) > 0))).toBe(true);
  });

  it('y0 + y1 >= 1 touches the face x0 + x1 = 1: violated there, exactly', () => {
    const r = decide(idNet, text('(assert (>= (+ Y_0 Y_1) 1))'), false);
    expect(r.status).toBe('violated');
    if (r.status !== 'violated') return;
    expect((r.input[0] as Fraction).add(r.input[1] as Fraction).equals(1)).toBe(true);
  });
});

describe('the LP stage’s throttle', () => {
  // relu(x − i), i = 0..9, summed, on [0, 10]: the centres i + 1/2 lie in ten different linear
  // regions, so every offer is a new pattern; the violation set Y_0 ≥ 100 is empty (Y_0 ≤ 55).
  const net: Network = {
    inputs: 1,
    layers: [
      denseLayer(Array.from({ length: 10 }, () => [F(1)]), Array.from({ length: 10 }, (_, i) => F(-i)), 'relu'),
      denseLayer([Array.from({ length: 10 }, () => F(1))], [F(0)], 'identity'),
    ],
  };
  const spec = parseVnnlib('(declare-const X_0 Real)\n(declare-const Y_0 Real)\n(assert (>= X_0 0))\n(assert (<= X_0 10))\n(assert (>= Y_0 100))', { inputs: 1, file: 'relus.vnnlib' });
  const box = requireBoundedInputs(spec)[0] ?? [];
  const offerAll = (search: RegionLpSearch): number[] => {
    const ran: number[] = [];
    for (let i = 0; i < 10; i++) {
      const before = search.stats.attempts;
      expect(search.offer([i + 0.5], [0])).toBeUndefined();
      if (search.stats.attempts > before) ran.push(i + 1);
    }
    return ran;
  };

  it('one LP per `every` nodes for the first `fast` LPs, then one per `slowEvery` nodes', () => {
    // Offers 1 and 2 at the fast rate; then (LPs − 2)·4 ≤ offers − 2: offers 3, 6 and 10.
    expect(offerAll(new RegionLpSearch(net, spec, 0, box, { after: 0, every: 1, fast: 2, slowEvery: 4 }))).toEqual([1, 2, 3, 6, 10]);
    // Without the slow rate, every offer runs one; with `after`, none before it, then LPs·every ≤
    // offers − after: offers 5 (0 ≤ 1), 6 (2 ≤ 2), 8 (4 ≤ 4) and 10 (6 ≤ 6).
    expect(offerAll(new RegionLpSearch(net, spec, 0, box, { after: 0, every: 1, fast: 100 }))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(offerAll(new RegionLpSearch(net, spec, 0, box, { after: 4, every: 2, fast: 100 }))).toEqual([5, 6, 8, 10]);
  });
});
