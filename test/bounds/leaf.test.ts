/**
 * The exact and rigorous leaf bounds on cases whose answer follows by hand: closed semantics
 * (a leaf whose minimum margin is exactly 0 is never proven), proofs that must succeed, phase
 * constraints (emptiness, restriction), outward rounding under adversarial dyadic sizes, bad
 * input, and the falsifier (every counterexample violates exactly).
 */
import Fraction from 'fraction.js';
import { describe, expect, it } from 'vitest';
import { type ExactLeaf, type ExactRow, exactLayerBounds, exactLeafBound } from '../../src/bounds/exactLeaf.js';
import { confirmCounterexample, falsify } from '../../src/bounds/falsify.js';
import { rigorousLeafBound } from '../../src/bounds/rigorousLeaf.js';
import { smallLayer } from '../../src/construct/calculus.js';
import { maxNetwork } from '../../src/construct/constructions.js';
import { absGadget } from '../../src/construct/gadgets.js';
import { float64ToRational, parseRational } from '../../src/exact/rational.js';
import { type Network, denseLayer } from '../../src/network/model.js';
import { mulberry32 } from '../../src/random/prng.js';
import { randomNetwork } from '../support/networks.js';
import { exactCombination, exactPreactivations, randomBox, randomRows, samplePoints } from './helpers.js';

const R = (text: string): Fraction => parseRational(text);
const ONE = [new Fraction(1)];
const row = (c: readonly string[], d: string): ExactRow => ({ c: c.map(R), d: R(d) });
const box = (lo: readonly string[], hi: readonly string[]): ExactLeaf => ({ lo: lo.map(R), hi: hi.map(R) });

/** y = relu(x). */
const singleRelu: Network = { inputs: 1, layers: [smallLayer([[1]], [0], 'relu'), smallLayer([[1]], [0], 'identity')] };
const abs = absGadget();

describe('closed semantics: a margin that reaches exactly 0 is never proven', () => {
  it('|x| on [−1, 1] with margin y: minimum 0 at the single point x = 0', () => {
    const leaf = box(['-1'], ['1']);
    expect(exactLeafBound(abs, leaf, [row(['1'], '0')], ONE).proven).toBe(false);
    expect(rigorousLeafBound(abs, leaf, [row(['1'], '0')], ONE).proven).toBe(false);
  });
  it('|x| on [0, 1] (stable neurons, a tight linear bound) with margin y: minimum 0 at x = 0', () => {
    const leaf = box(['0'], ['1']);
    const exact = exactLeafBound(abs, leaf, [row(['1'], '0')], ONE);
    expect(exact.proven).toBe(false);
    expect((exact.bound as Fraction).compare(0)).toBeLessThanOrEqual(0);
    expect(rigorousLeafBound(abs, leaf, [row(['1'], '0')], ONE).proven).toBe(false);
  });
  it('relu(x) − 1/10^9 on [10^-9, 1]: minimum exactly 0 at the lower corner', () => {
    const leaf = box(['1/1000000000'], ['1']);
    const r = [row(['1'], '-1/1000000000')];
    expect(exactLeafBound(singleRelu, leaf, r, ONE).proven).toBe(false);
    expect(rigorousLeafBound(singleRelu, leaf, r, ONE).proven).toBe(false);
  });
  it('the max network: max(x) − 1/2 on [1/2, 1]^3 reaches 0 at the lower corner', () => {
    const net = maxNetwork(3);
    const leaf = box(['1/2', '1/2', '1/2'], ['1', '1', '1']);
    const r = [row(['1'], '-1/2')];
    expect(exactLeafBound(net, leaf, r, ONE).proven).toBe(false);
    expect(rigorousLeafBound(net, leaf, r, ONE).proven).toBe(false);
  });
});

describe('proofs that must succeed', () => {
  it('|x| on [1/10, 1] with margin y: every neuron stable, the bound is exactly 1/10 up to rounding', () => {
    const leaf = box(['1/10'], ['1']);
    const exact = exactLeafBound(abs, leaf, [row(['1'], '0')], ONE);
    expect(exact.proven).toBe(true);
    expect(Math.abs((exact.bound as Fraction).valueOf() - 0.1)).toBeLessThan(1e-9);
    const rig = rigorousLeafBound(abs, leaf, [row(['1'], '0')], ONE);
    expect(rig.proven).toBe(true);
    expect(float64ToRational(rig.bound).compare(R('1/10'))).toBeLessThanOrEqual(0);
  });
  it('max(x) − 1/2 + 1/10^9 on [1/2, 1]^3 is not claimed above its minimum 1/10^9', () => {
    const net = maxNetwork(3);
    const leaf = box(['1/2', '1/2', '1/2'], ['1', '1', '1']);
    const r = [row(['1'], '-499999999/1000000000')];
    const exact = exactLeafBound(net, leaf, r, ONE);
    expect((exact.bound as Fraction).compare(R('1/1000000000'))).toBeLessThanOrEqual(0);
  });
  it('a nonnegative combination proves what no single row does: m1 = y − x-ish, m2 = its mirror', () => {
    // Two outputs y1 = x, y2 = −x (identity net); rows m1 = y1 + 1, m2 = y2 + 1 on [−2, 2]:
    // each row alone dips to −1, but m1 + m2 = 2 everywhere.
    const net: Network = { inputs: 1, layers: [denseLayer([[R('1')], [R('-1')]], [R('0'), R('0')], 'identity')] };
    const rows = [row(['1', '0'], '1'), row(['0', '1'], '1')];
    const leaf = box(['-2'], ['2']);
    expect(exactLeafBound(net, leaf, rows, [R('1'), R('0')]).proven).toBe(false);
    expect(exactLeafBound(net, leaf, rows, [R('0'), R('1')]).proven).toBe(false);
    const both = exactLeafBound(net, leaf, rows, [R('1'), R('1')]);
    expect(both.proven).toBe(true);
    expect((both.bound as Fraction).equals(2)).toBe(true);
  });
});

describe('phase constraints', () => {
  it('z ≥ 0 on a box where z = x < 0 everywhere: the leaf is empty', () => {
    const leaf: ExactLeaf = { ...box(['-2'], ['-1']), phases: [Int8Array.of(1)] };
    expect(exactLayerBounds(singleRelu, leaf)).toBeUndefined();
    const exact = exactLeafBound(singleRelu, leaf, [row(['-1'], '-5')], ONE);
    expect(exact.empty && exact.proven).toBe(true);
    expect(rigorousLeafBound(singleRelu, leaf, [row(['-1'], '-5')], ONE).empty).toBe(true);
  });
  it('z ≤ 0 on [−1, 1] restricts relu(x) to 0: margin 1/2 − y is proven there, not without the phase', () => {
    const r = [row(['-1'], '1/2')];
    expect(exactLeafBound(singleRelu, box(['-1'], ['1']), r, ONE).proven).toBe(false);
    const leaf: ExactLeaf = { ...box(['-1'], ['1']), phases: [Int8Array.of(-1)] };
    expect(exactLeafBound(singleRelu, leaf, r, ONE).proven).toBe(true);
    expect(rigorousLeafBound(singleRelu, leaf, r, ONE).proven).toBe(true);
  });
  it('random nets with random phases: bounds hold at every sample point satisfying the phases', () => {
    const random = mulberry32(31);
    let checked = 0;
    for (let trial = 0; trial < 12; trial++) {
      const net = randomNetwork([2, 6, 5, 2], 400 + trial);
      const b = randomBox(2, random);
      const rows = randomRows(2, 2, random);
      const lambda = [R('1'), R('1/2')];
      const phases = net.layers.slice(0, -1).map((l) => Int8Array.from({ length: l.outputs }, () => (random() < 0.25 ? (random() < 0.5 ? 1 : -1) : 0)));
      const leaf: ExactLeaf = { ...b, phases };
      const exact = exactLeafBound(net, leaf, rows, lambda);
      const rig = rigorousLeafBound(net, leaf, rows, lambda);
      for (const x of samplePoints(b.lo, b.hi, random, 60)) {
        const pre = exactPreactivations(net, x);
        const inside = phases.every((p, k) => Array.from(p).every((s, i) => s === 0 || (s > 0 ? ((pre[k] as Fraction[])[i] as Fraction).compare(0) >= 0 : ((pre[k] as Fraction[])[i] as Fraction).compare(0) <= 0)));
        if (!inside) continue;
        checked++;
        expect(exact.empty).toBe(false); // a point of the leaf exists
        expect(rig.empty).toBe(false);
        const v = exactCombination(net, rows, lambda, x);
        expect((exact.bound as Fraction).compare(v)).toBeLessThanOrEqual(0);
        expect(float64ToRational(rig.bound).compare(v)).toBeLessThanOrEqual(0);
      }
    }
    expect(checked).toBeGreaterThan(50);
  });

  it('random β at the phase-split neurons (any sign, any size): both bounds still hold at every sample point of the leaf', () => {
    // Step 2 is valid for every μ, so every β gives a valid bound (checker/leafExact.ts).
    const random = mulberry32(32);
    let checked = 0;
    for (let trial = 0; trial < 12; trial++) {
      const net = randomNetwork([2, 6, 5, 2], 500 + trial);
      const b = randomBox(2, random);
      const rows = randomRows(2, 2, random);
      const lambda = [R('1'), R('1/2')];
      const phases = net.layers.slice(0, -1).map((l) => Int8Array.from({ length: l.outputs }, () => (random() < 0.2 ? (random() < 0.5 ? 1 : -1) : 0)));
      const beta = phases.map((p) => {
        const m = new Map<number, Fraction>();
        p.forEach((s, i) => s !== 0 && m.set(i, new Fraction(Math.round((random() - 0.3) * 2 ** 12), 2 ** (random() < 0.5 ? 4 : 10))));
        return m;
      });
      const leaf: ExactLeaf = { ...b, phases };
      const exact = exactLeafBound(net, leaf, rows, lambda, { beta });
      const rig = rigorousLeafBound(net, leaf, rows, lambda, { beta });
      if (exact.empty) continue;
      for (const x of samplePoints(b.lo, b.hi, random, 200)) {
        const pre = exactPreactivations(net, x);
        const inside = phases.every((p, k) => Array.from(p).every((s, i) => s === 0 || (s > 0 ? ((pre[k] as Fraction[])[i] as Fraction).compare(0) >= 0 : ((pre[k] as Fraction[])[i] as Fraction).compare(0) <= 0)));
        if (!inside) continue;
        checked++;
        const v = exactCombination(net, rows, lambda, x);
        expect((exact.bound as Fraction).compare(v)).toBeLessThanOrEqual(0);
        if (rig.available && !rig.empty) expect(float64ToRational(rig.bound).compare(v)).toBeLessThanOrEqual(0);
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('a fractional β where every backward coefficient of its layer is 0 is applied exactly, not rounded to an integer', () => {
    // z = 2x − 2, phase −1 (x ≤ 1) on [0, 4]; N(x) = 0·relu(z) = 0; margin −x + 1 + 1/1000 (input
    // part), whose minimum over the leaf is 1/1000 at x = 1. With β = 1/2 the Lagrangian is
    // 1 + 1/1000 − x + (1/2)(2x − 2) − (1/2)z on z ∈ [−2, 0], whose minimum is 1/1000 exactly.
    const net: Network = { inputs: 1, layers: [smallLayer([[2]], [-2], 'relu'), smallLayer([[0]], [0], 'identity')] };
    const leaf: ExactLeaf = { ...box(['0'], ['4']), phases: [Int8Array.of(-1)] };
    const rows: ExactRow[] = [{ c: [R('0')], x: [R('-1')], d: R('1001/1000') }];
    const beta = [new Map([[0, R('1/2')]])];
    const exact = exactLeafBound(net, leaf, rows, ONE, { beta });
    expect(exact.proven).toBe(true);
    expect((exact.bound as Fraction).toFraction()).toBe('1/1000');
    expect(rigorousLeafBound(net, leaf, rows, ONE, { beta }).proven).toBe(true);
  });

  it('β at a neuron without a phase constraint is refused by both leaf functions', () => {
    const leaf: ExactLeaf = { ...box(['-1'], ['1']), phases: [Int8Array.of(0)] };
    const beta = [new Map([[0, R('1')]])];
    expect(() => exactLeafBound(singleRelu, leaf, [row(['1'], '0')], ONE, { beta })).toThrow(/no phase constraint/);
    expect(() => rigorousLeafBound(singleRelu, leaf, [row(['1'], '0')], ONE, { beta })).toThrow(/no phase constraint/);
  });
});

describe('outward rounding under adversarial dyadic sizes', () => {
  /** A 2-3-1 net whose weights span 2^-70 … 2^60 and 1 ± 2^-52. */
  function adversarial(scale: number): Network {
    const w = (e: number, m = 1n): Fraction => (e >= 0 ? new Fraction(m << BigInt(e)) : new Fraction(m, 1n << BigInt(-e)));
    return {
      inputs: 2,
      layers: [
        denseLayer(
          [
            [w(scale), w(-70, 3n)],
            [new Fraction((1n << 52n) + 1n, 1n << 52n), w(0, -1n)],
            [w(-30, -5n), w(20)],
          ],
          [w(-60), w(0, 0n), w(-10, 7n)],
          'relu',
        ),
        denseLayer([[w(-scale), new Fraction((1n << 52n) - 1n, 1n << 52n), w(-20, 3n)]], [w(-80, -1n)], 'identity'),
      ],
    };
  }
  const boxes: readonly ExactLeaf[] = [
    { lo: [R('1'), R('-1')], hi: [new Fraction((1n << 80n) + 1n, 1n << 80n), R('1')] }, // width 2^-80
    { lo: [R('-1099511627776'), R('-3/7')], hi: [R('1099511627776'), R('5/3')] }, // ±2^40
    { lo: [R('1/3'), R('-1/1000000007')], hi: [R('1/3'), R('1/1000000007')] }, // width 0 and a prime denominator
  ];
  for (const scale of [-40, 0, 30, 60]) {
    it(`weights up to 2^${scale}: exact and rigorous bounds stay below every exact value`, () => {
      const net = adversarial(scale);
      const random = mulberry32(500 + scale);
      for (const leaf of boxes) {
        for (const r of [row(['1'], '0'), row(['-1'], '0'), row(['3/2'], '-1/3')]) {
          const exact = exactLeafBound(net, leaf, [r], ONE);
          const rig = rigorousLeafBound(net, leaf, [r], ONE);
          const eb = exactLayerBounds(net, leaf);
          for (const x of samplePoints(leaf.lo, leaf.hi, random, 30)) {
            const v = exactCombination(net, [r], ONE, x);
            expect((exact.bound as Fraction).compare(v)).toBeLessThanOrEqual(0);
            if (rig.available) expect(float64ToRational(rig.bound).compare(v)).toBeLessThanOrEqual(0);
            const pre = exactPreactivations(net, x)[0] as Fraction[];
            pre.forEach((z, i) => {
              const s = 2n ** BigInt(eb?.scale[0] as number);
              expect(new Fraction(((eb?.lo[0] as bigint[])[i] as bigint), s).compare(z)).toBeLessThanOrEqual(0);
              expect(new Fraction(((eb?.hi[0] as bigint[])[i] as bigint), s).compare(z)).toBeGreaterThanOrEqual(0);
            });
          }
        }
      }
    });
  }
  it('a weight outside the float range disables the rigorous pass (the exact one still answers)', () => {
    const net: Network = { inputs: 1, layers: [denseLayer([[new Fraction(1n, 1n << 1100n)]], [R('0')], 'relu'), denseLayer([[R('1')]], [R('1')], 'identity')] };
    const leaf = box(['0'], ['1']);
    expect(rigorousLeafBound(net, leaf, [row(['1'], '0')], ONE).available).toBe(false);
    expect(exactLeafBound(net, leaf, [row(['1'], '0')], ONE).proven).toBe(true); // y ≥ 1 > 0
  });
});

describe('bad input', () => {
  const leaf = box(['-1'], ['1']);
  it('a negative multiplier, an α outside [0, 256], an inverted box, mismatched sizes', () => {
    expect(() => exactLeafBound(abs, leaf, [row(['1'], '0')], [R('-1')])).toThrow(RangeError);
    expect(() => rigorousLeafBound(abs, leaf, [row(['1'], '0')], [R('-1')])).toThrow(RangeError);
    expect(() => exactLeafBound(abs, leaf, [row(['1'], '0')], ONE, { alpha: [[0, 257]] })).toThrow(/alpha/);
    expect(() => exactLeafBound(abs, leaf, [row(['1'], '0')], ONE, { alpha: [[0, 0.5]] })).toThrow(/alpha/);
    expect(() => exactLeafBound(abs, box(['1'], ['-1']), [row(['1'], '0')], ONE)).toThrow(/lower bound above/);
    expect(() => exactLeafBound(abs, leaf, [row(['1', '0'], '0')], ONE)).toThrow(/output coefficients/);
    expect(() => exactLeafBound(abs, { ...leaf, phases: [Int8Array.of(2, 0)] }, [row(['1'], '0')], ONE)).toThrow(/phase/);
  });
});

describe('falsifier', () => {
  it('finds the single violating point of |x| ≤ 0 on [−1, 1], exactly', () => {
    const ce = falsify(abs, [R('-1')], [R('1')], [row(['1'], '0')]);
    expect(ce).toBeDefined();
    expect((ce?.outputs[0] as Fraction).equals(0)).toBe(true);
  });
  it('finds a point of |x| ≤ 1/3 on [1/7, 5], far from the centre, and it violates exactly', () => {
    const ce = falsify(abs, [R('1/7')], [R('5')], [row(['1'], '-1/3')], { samples: 8 });
    expect(ce).toBeDefined();
    expect((ce?.outputs[0] as Fraction).compare(R('1/3'))).toBeLessThanOrEqual(0);
    expect((ce?.point[0] as Fraction).compare(R('1/7'))).toBeGreaterThanOrEqual(0);
  });
  it('returns nothing where the property holds (|x| ≥ 1/10 on [1/10, 1] is never ≤ 1/20)', () => {
    expect(falsify(abs, [R('1/10')], [R('1')], [row(['1'], '-1/20')])).toBeUndefined();
  });
  it('a float candidate just outside the exact box is clamped into it before the exact check', () => {
    // 0.1 as a float is above 1/10; the box is [1/10, 1/10]: the point checked is exactly 1/10.
    const ce = confirmCounterexample(abs, [R('1/10')], [R('1/10')], [row(['1'], '-1/10')], [0.1]);
    expect(ce?.point[0]?.equals(R('1/10'))).toBe(true);
  });
  it('every row must be ≤ 0: one row violated is not a counterexample', () => {
    expect(confirmCounterexample(abs, [R('-1')], [R('1')], [row(['1'], '0'), row(['-1'], '1/2')], [0])).toBeUndefined();
    expect(confirmCounterexample(abs, [R('-1')], [R('1')], [row(['1'], '0'), row(['-1'], '0')], [0])).toBeDefined();
  });
});
