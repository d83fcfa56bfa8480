/**
 * The falsifier (src/bounds/falsify.ts) on constructed networks whose violation sets are known
 * from the mathematics: a corner bump of area δ²/8 that uniform sampling and descent cannot reach
 * (the function is flat outside a set of area δ²/2), found by the grid and the face-pulled
 * samples; a float proposal the exact check refuses; a descent inside a box; determinism for a
 * seed. Every counterexample is checked here again, exactly, against the rows and the box.
 */
import Fraction from 'fraction.js';
import { describe, expect, it } from 'vitest';
import { BoxDescent, type Counterexample, type FalsifyStats, falsify } from '../../src/bounds/falsify.js';
import type { ExactRow } from '../../src/bounds/exactLeaf.js';
import { smallLayer } from '../../src/construct/calculus.js';
import { evaluate } from '../../src/network/evaluate.js';
import type { Network } from '../../src/network/model.js';
import { randomNetwork } from '../support/networks.js';

const R = (v: string): Fraction => new Fraction(v);

/** Every row ≤ 0 at the point, exactly, and the point in the box (independent of the falsifier). */
function violatesExactly(net: Network, lo: readonly Fraction[], hi: readonly Fraction[], rows: readonly ExactRow[], ce: Counterexample): boolean {
  const inBox = ce.point.every((v, t) => v.compare(lo[t] as Fraction) >= 0 && v.compare(hi[t] as Fraction) <= 0);
  const y = evaluate(net, ce.point);
  const rowsHold = rows.every((r) => r.c.reduce((m, c, i) => m.add(c.mul(y[i] as Fraction)), r.d).compare(0) <= 0);
  return inBox && rowsHold && y.every((v, i) => v.equals(ce.outputs[i] as Fraction));
}

describe('a corner bump: y = relu(x₀ + x₁ − (2 − δ)) on [0, 1]², violation y ≥ δ/2', () => {
  // δ = 1/1000: the violation set is the triangle x₀ + x₁ ≥ 2 − δ/2 at the corner (1, 1), of area
  // δ²/8; outside x₀ + x₁ > 2 − δ (area δ²/2) the ReLU is off, F = δ/2 is constant and its
  // gradient 0, so uniform samples and descents from them find it with probability below
  // 64 · δ²/2 = 3.2·10⁻⁵ per run. The grid's corner (1, 1) has y = δ.
  const delta = R('1/1000');
  const net: Network = { inputs: 2, layers: [smallLayer([[1, 1]], [delta.sub(2)], 'relu'), smallLayer([[1]], [0], 'identity')] };
  const lo = [R('0'), R('0')];
  const hi = [R('1'), R('1')];
  const rows: ExactRow[] = [{ c: [R('-1')], d: delta.div(2) }];

  it('uniform samples and descents (grid off, no face-pulled samples) miss it, for several seeds', () => {
    for (let seed = 1; seed <= 5; seed++) expect(falsify(net, lo, hi, rows, { seed, grid: 0, faceChance: 0 })).toBeUndefined();
  });
  it('the grid finds it, and the point violates exactly', () => {
    const ce = falsify(net, lo, hi, rows, { faceChance: 0 });
    expect(ce).toBeDefined();
    expect(violatesExactly(net, lo, hi, rows, ce as Counterexample)).toBe(true);
  });
  it('without the grid, the face-pulled samples find it, and the point violates exactly', () => {
    const ce = falsify(net, lo, hi, rows, { grid: 0 });
    expect(ce).toBeDefined();
    expect(violatesExactly(net, lo, hi, rows, ce as Counterexample)).toBe(true);
  });
});

describe('the exact check decides, not the floats', () => {
  // y = x₀ on [0, 1] with the row y + 10⁻¹² ≤ 0: F(0) = 10⁻¹² is within the float tolerance
  // (10⁻⁹), so x₀ = 0 is proposed, but exactly 0 + 10⁻¹² > 0: no counterexample exists.
  const net: Network = { inputs: 1, layers: [smallLayer([[1]], [0], 'identity')] };
  it('a float proposal within the tolerance is refused by the exact evaluation', () => {
    const stats: FalsifyStats = { floatEvaluations: 0, exactChecks: 0 };
    expect(falsify(net, [R('0')], [R('1')], [{ c: [R('1')], d: R('1/1000000000000') }], {}, stats)).toBeUndefined();
    expect(stats.exactChecks).toBeGreaterThan(0);
  });
});

describe('BoxDescent', () => {
  // y = x₀ + x₁ on [0, 1]², row y − 1/100 ≤ 0: the descent from (0.9, 0.9) walks down to the corner (0, 0).
  const net: Network = { inputs: 2, layers: [smallLayer([[1, 1]], [0], 'identity')] };
  const lo = [R('0'), R('0')];
  const hi = [R('1'), R('1')];
  const rows: ExactRow[] = [{ c: [R('1')], d: R('-1/100') }];
  const floats = (v: readonly Fraction[]): Float64Array => Float64Array.from(v, (r) => r.valueOf());
  it('reaches the violation set from a start outside it; the point violates exactly', () => {
    const x = Float64Array.of(0.9, 0.9);
    const { counterexample } = new BoxDescent(net, rows, 2).descend(lo, hi, floats(lo), floats(hi), x, 20);
    expect(counterexample).toBeDefined();
    expect(violatesExactly(net, lo, hi, rows, counterexample as Counterexample)).toBe(true);
  });
  it('moved to another box, it stays inside that box: a start outside is clamped into it first', () => {
    const descent = new BoxDescent(net, rows, 2);
    descent.descend(lo, hi, floats(lo), floats(hi), Float64Array.of(0.5, 0.5), 5);
    const lo2 = [R('1/2'), R('1/4')];
    const hi2 = [R('1'), R('1')];
    const x = Float64Array.of(5, -3);
    const { counterexample, value } = descent.descend(lo2, hi2, floats(lo2), floats(hi2), x, 0);
    expect(Array.from(x)).toEqual([1, 0.25]);
    expect(value).toBeCloseTo(1.24, 12);
    expect(counterexample).toBeUndefined();
    // From there the descent walks to the box's lowest corner (1/2, 1/4), where y = 3/4 > 1/100: no counterexample.
    const end = descent.descend(lo2, hi2, floats(lo2), floats(hi2), x, 40);
    expect(end.counterexample).toBeUndefined();
    expect(x[0]).toBeGreaterThanOrEqual(0.5);
    expect(x[1]).toBeGreaterThanOrEqual(0.25);
  });
});

describe('determinism', () => {
  it('the same seed and options give the same counterexample (or none) on random networks', () => {
    for (let trial = 0; trial < 6; trial++) {
      const net = randomNetwork([3, 8, 6, 2], 900 + trial);
      const lo = [R('-1'), R('-1'), R('-1')];
      const hi = [R('1'), R('1'), R('1')];
      // y₀ ≥ y₁ + 1/10: violated on part of the box for some of these networks, nowhere for others.
      const rows: ExactRow[] = [{ c: [R('-1'), R('1')], d: R('1/10') }];
      const options = { seed: 7 + trial, budget: 2000 };
      const a = falsify(net, lo, hi, rows, options);
      const b = falsify(net, lo, hi, rows, options);
      expect(a?.point.map(String)).toEqual(b?.point.map(String));
      if (a !== undefined) expect(violatesExactly(net, lo, hi, rows, a)).toBe(true);
    }
  });
});
