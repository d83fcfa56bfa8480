/**
 * The exact interpreter against a separate, deliberately naive evaluator (dense fraction.js, no
 * compilation, no integer tricks, no float filter), on hand-built and random rational networks.
 */
import fc from 'fast-check';
import Fraction from 'fraction.js';
import { describe, expect, it } from 'vitest';
import { formatRational, parseRational } from '../../src/exact/rational.js';
import { fromIntegerVector, toIntegerVector } from '../../src/exact/vector.js';
import {
  activationSigns,
  evaluate,
  evaluateBatch,
  evaluateInteger,
  evaluateIntegerBigInt,
  evaluateTrace,
  formatSignPattern,
  preactivations,
  signsWithFilter,
} from '../../src/network/evaluate.js';
import { type Activation, type Layer, type Network, denseLayer, denseWeights, sparseLayer } from '../../src/network/model.js';
import { CaseCount } from '../support/cases.js';

// ---------------------------------------------------------------------------------------------
// The naive reference: dense rows of fraction.js values, evaluated term by term.

const R = (text: string): Fraction => parseRational(text);

interface NaiveTrace {
  pre: Fraction[][];
  out: Fraction[];
}

function naiveTrace(net: Network, x: readonly Fraction[]): NaiveTrace {
  const pre: Fraction[][] = [];
  let h = [...x];
  for (const layer of net.layers) {
    const w = denseWeights(layer);
    const z = layer.bias.map((b, i) => {
      let acc = new Fraction(b);
      (w[i] as Fraction[]).forEach((wij, j) => {
        acc = acc.add(wij.mul(h[j] as Fraction));
      });
      return acc;
    });
    pre.push(z);
    h = layer.activation === 'relu' ? z.map((v) => (v.s < 0n && v.n !== 0n ? new Fraction(0n) : v)) : z;
  }
  return { pre, out: h };
}

const naiveSign = (v: Fraction): number => (v.n === 0n ? 0 : v.s < 0n ? -1 : 1);
const text = (vs: readonly Fraction[]): string[] => vs.map(formatRational);

function net(inputs: number, layers: Layer[]): Network {
  return { inputs, layers };
}

function dense(rows: string[][], bias: string[], activation: Activation): Layer {
  return denseLayer(rows.map((r) => r.map(R)), bias.map(R), activation, rows[0]?.length);
}

// ---------------------------------------------------------------------------------------------
// Generators: rationals of every awkward kind, networks of random shape.

const smallQuotient = fc
  .tuple(fc.integer({ min: -30, max: 30 }), fc.integer({ min: 1, max: 13 }))
  .map(([p, q]) => new Fraction(BigInt(p), BigInt(q)));
const decimal = fc
  .tuple(fc.integer({ min: -99999, max: 99999 }), fc.integer({ min: 0, max: 9 }))
  .map(([m, e]) => R(`${m}e-${e}`));
const huge = fc
  .tuple(fc.bigInt({ min: -(1n << 90n), max: 1n << 90n }), fc.bigInt({ min: 1n, max: 1n << 70n }))
  .map(([p, q]) => new Fraction(p, q));
const named = fc.constantFrom(...['7/3', '-5/11', '0.1', '0.2', '-0.3', '1/3', '3', '0', '0', '1', '-1', '1e-20'].map(R));
const rational = fc.oneof(
  { weight: 4, arbitrary: smallQuotient },
  { weight: 3, arbitrary: decimal },
  { weight: 1, arbitrary: huge },
  { weight: 3, arbitrary: named },
);
/** Mostly small integers: exact zeros (ties) are then common. */
const tieProne = fc.integer({ min: -2, max: 2 }).map((v) => new Fraction(BigInt(v)));

function networkArb(value: fc.Arbitrary<Fraction>, maxLayers = 4): fc.Arbitrary<Network> {
  return fc
    .tuple(fc.integer({ min: 1, max: 5 }), fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 0, maxLength: maxLayers }))
    .chain(([inputs, widths]) => {
      const layerArbs = widths.map((outputs, k) => {
        const fanIn = k === 0 ? inputs : (widths[k - 1] as number);
        const entry = fc.oneof({ weight: 3, arbitrary: value }, { weight: 1, arbitrary: fc.constant(new Fraction(0n)) });
        return fc
          .tuple(
            fc.array(fc.array(entry, { minLength: fanIn, maxLength: fanIn }), { minLength: outputs, maxLength: outputs }),
            fc.array(value, { minLength: outputs, maxLength: outputs }),
            fc.constantFrom<Activation>('relu', 'relu', 'identity'),
            fc.boolean(),
          )
          .map(([w, b, act, sparse]) => {
            if (!sparse) return denseLayer(w, b, act, fanIn);
            const entries: [number, number, Fraction][] = [];
            w.forEach((row, i) => row.forEach((v, j) => entries.push([i, j, v])));
            return sparseLayer([outputs, fanIn], entries.reverse(), b, act);
          });
      });
      return fc.tuple(fc.constant(inputs), fc.tuple(...layerArbs));
    })
    .map(([inputs, layers]) => net(inputs, layers));
}

function withPoint(netArb: fc.Arbitrary<Network>, value: fc.Arbitrary<Fraction>): fc.Arbitrary<[Network, Fraction[]]> {
  return netArb.chain((n) => fc.tuple(fc.constant(n), fc.array(value, { minLength: n.inputs, maxLength: n.inputs })));
}

// ---------------------------------------------------------------------------------------------

describe('evaluate: known answers', () => {
  it('|x| = relu(x) + relu(-x)', () => {
    const abs = net(1, [dense([['1'], ['-1']], ['0', '0'], 'relu'), dense([['1', '1']], ['0'], 'identity')]);
    for (const [x, y] of [
      ['-7/3', '7/3'],
      ['0', '0'],
      ['5/11', '5/11'],
      ['-123456789012345678901234567891/7', '123456789012345678901234567891/7'],
    ] as const) {
      expect(text(evaluate(abs, [R(x)]))).toEqual([y]);
    }
  });

  it('0.1x + 0.2x − 0.3x is exactly 0 (float64 says 5.55e-17)', () => {
    const n = net(1, [dense([['0.1'], ['0.2'], ['-0.3']], ['0', '0', '0'], 'identity'), dense([['1', '1', '1']], ['0'], 'relu')]);
    expect(0.1 + 0.2 - 0.3).not.toBe(0);
    expect(text(evaluate(n, [R('1')]))).toEqual(['0']);
    expect(formatSignPattern(activationSigns(n, [R('1')]))).toBe('++-|0');
    expect(formatSignPattern(signsWithFilter(n, [R('1')]).signs)).toBe('++-|0');
  });

  it('3 · (1/3) · x and 1/3 + 1/3 + 1/3 − 1 are exact', () => {
    const n = net(1, [dense([['1/3']], ['0'], 'identity'), dense([['3'], ['1']], ['0', '-1/3'], 'relu')]);
    // x = 0.1: (1/3)(1/10) · 3 = 1/10 exactly; (1/30) − 1/3 < 0.
    expect(text(evaluate(n, [R('0.1')]))).toEqual(['1/10', '0']);
    const thirds = net(1, [dense([['1/3'], ['1/3'], ['1/3']], ['0', '0', '0'], 'relu'), dense([['1', '1', '1']], ['-1'], 'relu')]);
    expect(text(evaluate(thirds, [R('1')]))).toEqual(['0']);
    expect(formatSignPattern(activationSigns(thirds, [R('1')]))).toBe('+++|0');
    expect(text(evaluate(thirds, [R('1000000000000000001/1000000000000000000')]))).toEqual(['1/1000000000000000000']);
  });

  it('large numerators and tiny weights keep every digit', () => {
    const n = net(2, [dense([['1e-30', '1'], ['1', '-1']], ['0', '1e30'], 'relu'), dense([['1', '1']], ['0'], 'identity')]);
    const y = evaluate(n, [R('1'), R('1e30')]);
    expect(text(y)).toEqual([formatRational(R('1e30').add(R('1e-30')).add(R('1')).sub(R('1e30')).add(R('1e30')))]);
  });

  it('zero-layer networks are the identity', () => {
    const n = net(3, []);
    const x = ['1/3', '-2', '0.5'].map(R);
    expect(text(evaluate(n, x))).toEqual(['1/3', '-2', '1/2']);
    expect(activationSigns(n, x)).toEqual([]);
    expect(signsWithFilter(n, x).signs).toEqual([]);
    expect(text(fromIntegerVector(evaluateInteger(n, toIntegerVector(x))))).toEqual(['1/3', '-2', '1/2']);
  });

  it('identity layers keep negative values and report their signs', () => {
    const n = net(2, [dense([['1', '0'], ['0', '-1']], ['0', '0'], 'identity')]);
    expect(text(evaluate(n, [R('-1/2'), R('3')]))).toEqual(['-1/2', '-3']);
    expect(formatSignPattern(activationSigns(n, [R('-1/2'), R('0')]))).toBe('-0');
  });

  it('sparse layers with empty rows compute the bias alone', () => {
    const layer = sparseLayer([3, 4], [[2, 3, R('5/7')], [0, 0, R('-1')]], ['1', '-2', '0'].map(R), 'relu');
    const n = net(4, [layer]);
    expect(text(evaluate(n, ['2', '9', '9', '7'].map(R)))).toEqual(['0', '0', '5']);
    expect(formatSignPattern(activationSigns(n, ['1', '9', '9', '0'].map(R)))).toBe('0-0');
  });

  it('rejects a point of the wrong size', () => {
    const n = net(2, [dense([['1', '1']], ['0'], 'relu')]);
    expect(() => evaluate(n, [R('1')])).toThrow(/2 inputs/);
    expect(() => activationSigns(n, [R('1')])).toThrow(/2 inputs/);
  });
});

describe('evaluate: against the naive evaluator', () => {
  it('outputs, pre-activations and signs agree on random rational networks', () => {
    fc.assert(
      fc.property(withPoint(networkArb(rational), rational), ([n, x]) => {
        const ref = naiveTrace(n, x);
        expect(text(evaluate(n, x))).toEqual(text(ref.out));
        expect(text(fromIntegerVector(evaluateIntegerBigInt(n, toIntegerVector(x))))).toEqual(text(ref.out));
        expect(preactivations(n, x).map(text)).toEqual(ref.pre.map(text));
        const signs = ref.pre.map((z) => z.map(naiveSign));
        expect(activationSigns(n, x).map((s) => Array.from(s))).toEqual(signs);
        expect(signsWithFilter(n, x).signs.map((s) => Array.from(s))).toEqual(signs);
      }),
      { numRuns: 300, seed: 20240611 },
    );
  });

  it('ties (exact zeros) are reported as 0 on tie-prone integer networks', () => {
    let ties = 0;
    fc.assert(
      fc.property(withPoint(networkArb(tieProne, 5), tieProne), ([n, x]) => {
        const ref = naiveTrace(n, x);
        const signs = ref.pre.map((z) => z.map(naiveSign));
        ties += signs.flat().filter((s) => s === 0).length;
        const filtered = signsWithFilter(n, x);
        expect(filtered.signs.map((s) => Array.from(s))).toEqual(signs);
        expect(filtered.decided + filtered.exact).toBe(signs.flat().length);
        expect(text(evaluate(n, x))).toEqual(text(ref.out));
      }),
      { numRuns: 300, seed: 7 },
    );
    expect(ties).toBeGreaterThan(50);
  });

  it('an integer vector with an unreduced denominator gives the same outputs', () => {
    fc.assert(
      fc.property(withPoint(networkArb(rational, 3), rational), fc.bigInt({ min: 1n, max: 1n << 40n }), ([n, x], k) => {
        const v = toIntegerVector(x);
        const scaled = { num: v.num.map((a) => a * k), den: v.den * k };
        expect(text(fromIntegerVector(evaluateInteger(n, scaled)))).toEqual(text(naiveTrace(n, x).out));
      }),
      { numRuns: 100, seed: 3 },
    );
  });

  it('evaluateBatch equals evaluate point by point', () => {
    fc.assert(
      fc.property(
        networkArb(rational).chain((n) =>
          fc.tuple(fc.constant(n), fc.array(fc.array(rational, { minLength: n.inputs, maxLength: n.inputs }), { maxLength: 6 })),
        ),
        ([n, xs]) => {
          expect(evaluateBatch(n, xs).map(text)).toEqual(xs.map((x) => text(naiveTrace(n, x).out)));
        },
      ),
      { numRuns: 100, seed: 11 },
    );
  });

  it('evaluateTrace keeps every pre-activation', () => {
    const n = net(1, [dense([['1'], ['-1']], ['0', '0'], 'relu'), dense([['1', '1']], ['-1'], 'identity')]);
    const t = evaluateTrace(n, toIntegerVector([R('1/2')]));
    expect(t.preactivations.map((z) => text(fromIntegerVector(z)))).toEqual([['1/2', '-1/2'], ['-1/2']]);
    expect(text(fromIntegerVector(t.output))).toEqual(['-1/2']);
  });
});

// ---------------------------------------------------------------------------------------------
// The float filter decides a sign only when its error bound proves it: adversarial points sit
// exactly on, or within 1e-30 of, hyperplanes whose float64 evaluation lands on the wrong side.

describe('signsWithFilter: adversarial points', () => {
  /** Layer 1: relu(3x), relu(x); layer 2: (1/3)·relu(3x) − relu(x) + c, which is exactly c for x ≥ 0. */
  const cancel = (c: string): Network =>
    net(1, [dense([['3'], ['1']], ['0', '0'], 'relu'), dense([['1/3', '-1'], ['0.1', '0.2']], [c, '-0.3'], 'relu')]);

  it('exact zeros deep in the network are never decided by floats', () => {
    for (const x of ['1', '0.1', '7/3', '1e-300', '123456789/1000']) {
      const n = cancel('0');
      const ref = naiveTrace(n, [R(x)]);
      const got = signsWithFilter(n, [R(x)]);
      expect(got.signs.map((s) => Array.from(s))).toEqual(ref.pre.map((z) => z.map(naiveSign)));
      expect(Array.from(got.signs[1] as Int8Array)[0]).toBe(0);
      expect(got.exact).toBeGreaterThan(0);
    }
  });

  it('values within 1e-30 of zero get their exact sign', () => {
    for (const c of ['1e-30', '-1e-30', '1e-300', '-1/10000000000000000000000000000000000000000000000000001']) {
      const n = cancel(c);
      const x = [R('0.7')];
      const want = naiveTrace(n, x).pre.map((z) => z.map(naiveSign));
      expect(signsWithFilter(n, x).signs.map((s) => Array.from(s))).toEqual(want);
      expect(activationSigns(n, x).map((s) => Array.from(s))).toEqual(want);
      expect(text(evaluate(n, x))).toEqual(text(naiveTrace(n, x).out));
    }
  });

  it('points exactly on and next to first-layer hyperplanes of random networks', () => {
    const cases = new CaseCount('points on first-layer hyperplanes');
    fc.assert(
      fc.property(
        withPoint(networkArb(rational, 3), rational),
        fc.nat(),
        fc.constantFrom('0', '1e-40', '-1e-40', '1/3000000000000000000000', '1e-17'),
        ([n, x], pick, nudge) => {
          const first = n.layers[0];
          if (first === undefined) return cases.skip(); // no layer: no hyperplane
          const i = pick % first.outputs;
          const row = first.rows[i];
          if (row === undefined || row.cols.length === 0) return cases.skip(); // a zero row: no hyperplane
          cases.run();
          // Move one coordinate so that neuron i of layer 1 is exactly 0, then nudge it.
          const j = row.cols[0] as number;
          const wj = row.values[0] as Fraction;
          let rest = new Fraction(first.bias[i] as Fraction);
          row.cols.forEach((c, k) => {
            if (c !== j) rest = rest.add((row.values[k] as Fraction).mul(x[c] as Fraction));
          });
          const y = [...x];
          y[j] = rest.neg().div(wj).add(R(nudge));
          const ref = naiveTrace(n, y);
          const want = ref.pre.map((z) => z.map(naiveSign));
          expect(signsWithFilter(n, y).signs.map((s) => Array.from(s))).toEqual(want);
          expect(text(evaluate(n, y))).toEqual(text(ref.out));
          if (nudge === '0') expect((want[0] as number[])[i]).toBe(0);
        },
      ),
      { numRuns: 300, seed: 99 },
    );
    cases.expectAtLeast(150);
  });

  it('reports how many signs the float pass decided', () => {
    const n = net(2, [dense([['1', '2'], ['-3', '1/7']], ['1/2', '0'], 'relu')]);
    const clear = signsWithFilter(n, [R('1'), R('1')]);
    expect(clear.decided).toBe(2);
    expect(clear.exact).toBe(0);
    const tie = signsWithFilter(n, [R('0'), R('0')]);
    expect(formatSignPattern(tie.signs)).toBe('+0');
    expect(tie.exact).toBeGreaterThanOrEqual(1);
  });

  it('inputs beyond float64 range fall back to exact arithmetic', () => {
    const n = net(1, [dense([['1'], ['-1']], ['0', '1'], 'relu'), dense([['1', '1']], ['0'], 'identity')]);
    const big = new Fraction(10n ** 400n);
    const tiny = new Fraction(1n, 10n ** 400n);
    expect(text(evaluate(n, [big]))).toEqual([formatRational(big)]);
    expect(text(evaluate(n, [tiny]))).toEqual([formatRational(new Fraction(1n))]);
    expect(formatSignPattern(signsWithFilter(n, [tiny.neg()]).signs)).toBe('-+|+');
  });
});
