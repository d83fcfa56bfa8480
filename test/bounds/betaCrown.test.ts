/**
 * β-CROWN on leaves with phase-split and still unstable neurons (backward.ts optimizeAlphaBeta),
 * on seeded random networks and leaves that contain a known point x0 (the phases are x0's signs
 * at a random subset of neurons):
 * - the β gradient is the derivative of the float bound (finite differences, where the bound is
 *   linear along the step: it is piecewise linear in β);
 * - the optimised bound is ≥ the bound at the start (β = 0) and ≤ the exact margin at every
 *   sampled point of the leaf; the checker's exact bound with the optimised slopes and β, rounded
 *   as a certificate carries them, is ≤ the same margins;
 * - with the margin's constant set so that the optimised float bound is just positive, the
 *   checker's leaf function (checker/spec.ts leafCloses) accepts the optimised α and β.
 */
import Fraction from 'fraction.js';
import { describe, expect, it } from 'vitest';
import { type SplitNeuron, backwardWorkspace, betaGradient, defaultAlphas, optimizeAlphaBeta } from '../../src/bounds/backward.js';
import { ALPHA_BITS, type ExactRow, exactLeafBound } from '../../src/bounds/exactLeaf.js';
import { floatNetwork, layerBounds } from '../../src/bounds/floatNetwork.js';
import { symbolicBounds, symbolicWorkspace } from '../../src/bounds/symbolic.js';
import { boundNetwork } from '../../src/checker/leafNetwork.js';
import { leafCloses } from '../../src/checker/spec.js';
import { float64ToRational, ratio } from '../../src/exact/rational.js';
import { mulberry32, randomInteger } from '../../src/random/prng.js';
import { randomNetwork } from '../support/networks.js';
import { exactCombination, exactPreactivations, randomBox, samplePoints } from './helpers.js';

interface Trial {
  readonly net: ReturnType<typeof randomNetwork>;
  readonly lo: Fraction[];
  readonly hi: Fraction[];
  readonly phases: Int8Array[];
  readonly splits: SplitNeuron[];
  readonly c: Fraction[];
  /** Sampled points of the leaf (x0 among them). */
  readonly points: Fraction[][];
}

/** A random network, box, leaf through a sample point x0 with some of x0's signs as phases, and objective. */
function trial(seed: number): Trial | undefined {
  const random = mulberry32(seed);
  const n = randomInteger(random, 2, 3);
  const widths = [n, ...Array.from({ length: randomInteger(random, 2, 3) }, () => randomInteger(random, 3, 6)), randomInteger(random, 1, 2)];
  const net = randomNetwork(widths, seed);
  const { lo, hi } = randomBox(n, random);
  if (lo.some((l, t) => l.equals(hi[t] as Fraction))) return undefined;
  const all = samplePoints(lo, hi, random, 200);
  const x0 = all[all.length - 1] as Fraction[];
  const pre0 = exactPreactivations(net, x0);
  const phases = net.layers.slice(0, -1).map((_, k) => Int8Array.from(pre0[k] as Fraction[], (z) => (random() < 0.4 ? (z.compare(0) >= 0 ? 1 : -1) : 0)));
  const splits: SplitNeuron[] = [];
  phases.forEach((p, layer) => p.forEach((s, neuron) => s !== 0 && splits.push({ layer, neuron, sign: s > 0 ? 1 : -1 })));
  if (splits.length === 0) return undefined;
  const points = all.filter((x) => {
    const pre = exactPreactivations(net, x);
    return phases.every((p, k) => Array.from(p).every((s, i) => s * ((pre[k] as Fraction[])[i] as Fraction).compare(0) >= 0));
  });
  const m = widths[widths.length - 1] as number;
  const c = Array.from({ length: m }, () => ratio(BigInt(randomInteger(random, -3, 3)), BigInt(randomInteger(random, 1, 3))));
  return { net, lo, hi, phases, splits, c, points };
}

/** The float objects of a trial, with the leaf's intermediate bounds (undefined when the float bounds find it empty). */
function floats(t: Trial) {
  const bnet = boundNetwork(t.net);
  const f = floatNetwork(bnet);
  const bounds = layerBounds(f);
  const ws = backwardWorkspace(f);
  const box = { lo: Float64Array.from(t.lo, (v) => v.valueOf()), hi: Float64Array.from(t.hi, (v) => v.valueOf()) };
  if (!symbolicBounds(f, box, bounds, symbolicWorkspace(f), 'adaptive', t.phases, ws)) return undefined;
  return { bnet, f, bounds, ws, box, c: Float64Array.from(t.c, (v) => v.valueOf()) };
}

const SEEDS = Array.from({ length: 80 }, (_, i) => 5000 + i);

describe('β-CROWN on partially phase-split leaves', () => {
  it('the β gradient is the finite-difference derivative of the bound where the bound is linear', () => {
    let checked = 0;
    for (const seed of SEEDS) {
      const t = trial(seed);
      const fl = t && floats(t);
      if (t === undefined || fl === undefined) continue;
      const random = mulberry32(seed + 1);
      const alpha = defaultAlphas(fl.f, fl.bounds);
      const beta = Float64Array.from(t.splits, () => random() * 2);
      const at = (b: Float64Array): number => optimizeAlphaBeta(fl.f, fl.bounds, fl.box, fl.c, 0, undefined, fl.ws, alpha.map((a) => a.slice()), t.splits, b.slice(), 0);
      const v = at(beta);
      const grad = new Float64Array(t.splits.length);
      betaGradient(fl.bounds, fl.ws, t.splits, grad);
      const h = 1e-6;
      for (let q = 0; q < t.splits.length; q++) {
        const plus = beta.slice();
        plus[q] = (plus[q] as number) + h;
        const minus = beta.slice();
        minus[q] = (minus[q] as number) - h;
        const up = (at(plus) - v) / h;
        const down = (v - at(minus)) / h;
        // At a kink of the piecewise-linear bound the one-sided slopes differ: no derivative there.
        if (Math.abs(up - down) > 1e-6 * (1 + Math.abs(up))) continue;
        expect(Math.abs(up - (grad[q] as number))).toBeLessThanOrEqual(1e-5 * (1 + Math.abs(up)));
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(50);
  });

  it('the optimised bound is ≥ the start and ≤ the margin on the leaf; the checker accepts the optimised α, β', () => {
    let improved = 0;
    let accepted = 0;
    for (const seed of SEEDS) {
      const t = trial(seed);
      const fl = t && floats(t);
      if (t === undefined || fl === undefined || t.points.length === 0) continue;
      const alpha = defaultAlphas(fl.f, fl.bounds);
      const start = optimizeAlphaBeta(fl.f, fl.bounds, fl.box, fl.c, 0, undefined, fl.ws, alpha.map((a) => a.slice()), t.splits, new Float64Array(t.splits.length), 0);
      const beta = new Float64Array(t.splits.length);
      const best = optimizeAlphaBeta(fl.f, fl.bounds, fl.box, fl.c, 0, undefined, fl.ws, alpha, t.splits, beta, 30);
      expect(best).toBeGreaterThanOrEqual(start);
      expect(Array.from(beta).every((b) => b >= 0)).toBe(true);
      const row = (d: Fraction): ExactRow[] => [{ c: t.c, d }];
      const margins = t.points.map((x) => exactCombination(t.net, row(new Fraction(0)), [new Fraction(1)], x));
      const least = margins.reduce((a, b) => (a.compare(b) <= 0 ? a : b));
      expect(best).toBeLessThanOrEqual(least.valueOf() + 1e-9 * (1 + Math.abs(least.valueOf())));
      if (best > start + 1e-6 * (1 + Math.abs(start))) improved++;
      // The parameters as a certificate carries them.
      const alphaInts = alpha.map((a) => Array.from(a, (x) => Math.round(x * 2 ** ALPHA_BITS)));
      const maps = t.phases.map(() => new Map<number, Fraction>());
      t.splits.forEach(({ layer, neuron }, q) => (maps[layer] as Map<number, Fraction>).set(neuron, float64ToRational(beta[q] as number)));
      const leaf = { lo: t.lo, hi: t.hi, phases: t.phases };
      const exact = exactLeafBound(fl.bnet, leaf, row(new Fraction(0)), [new Fraction(1)], { alpha: alphaInts, beta: maps });
      expect(exact.empty).toBe(false);
      expect((exact.bound as Fraction).compare(least)).toBeLessThanOrEqual(0);
      // Shifted so that the float bound at the rounded slopes is just positive: the checker must prove it.
      const rounded = optimizeAlphaBeta(fl.f, fl.bounds, fl.box, fl.c, 0, undefined, fl.ws, alphaInts.map((a) => Float64Array.from(a, (x) => x / 2 ** ALPHA_BITS)), t.splits, beta.slice(), 0);
      const d = float64ToRational(-rounded + 1e-6 * (1 + Math.abs(rounded)));
      expect(leafCloses(fl.bnet, leaf, row(d), [new Fraction(1)], alphaInts, undefined, maps)).toBe(true);
      accepted++;
    }
    expect(accepted).toBeGreaterThanOrEqual(50);
    expect(improved).toBeGreaterThanOrEqual(20);
  });
});
