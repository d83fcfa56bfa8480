/**
 * The certificate sweep, training producers: `train-optimal` and `verify optimal` on small seeded
 * data sets made degenerate on purpose — duplicated points (same or other target), all targets
 * equal, collinear points in R², points sharing a target — with every loss, width 1–2, with and
 * without an output bias. Every `training-optimum` certificate must be accepted by the
 * independent checker (issue 11: ℓ∞ certificates with repeated loss rows were rejected).
 * Runs stopped by the LP budget are skipped and counted; each block fails below its minimum.
 */
import type Fraction from 'fraction.js';
import { describe, it } from 'vitest';
import { trainingCertificate } from '../../src/properties/training/certificate.js';
import { type TrainingData, type TrainingLoss, trainingData } from '../../src/properties/training/data.js';
import { oneHiddenLayerShape, verifyOptimal } from '../../src/properties/training/optimality.js';
import { trainOptimal } from '../../src/properties/training/search.js';
import { type Draw, F, Tally, draw, randomSpec, toNetwork } from './sweepHelpers.js';

const SLOW = 120_000;
/** A deterministic LP budget per run: draws that need more are skipped (and counted). */
const MAX_LPS = 2500;

type Degeneracy = 'plain' | 'duplicate-point' | 'duplicate-conflict' | 'equal-targets' | 'collinear' | 'shared-targets';
const DEGENERACIES: readonly Degeneracy[] = ['plain', 'duplicate-point', 'duplicate-conflict', 'equal-targets', 'collinear', 'shared-targets'];

/** A random data set of D points in R^n with one degeneracy; targets in −2..2 (±1 for hinge). */
function randomData(d: Draw, n: number, D: number, loss: TrainingLoss, how: Degeneracy): TrainingData {
  const target = (): Fraction => (loss === 'hinge' ? F(d.chance(0.5) ? 1 : -1) : F(d.int(-2, 2)));
  const slope = d.int(-1, 1);
  const offset = d.int(-1, 1);
  const inputs: Fraction[][] = Array.from({ length: D }, () => {
    const x1 = d.int(-3, 3);
    if (n === 1) return [F(x1)];
    return [F(x1), F(how === 'collinear' ? slope * x1 + offset : d.int(-3, 3))];
  });
  let targets: Fraction[] = inputs.map(target);
  if (how === 'equal-targets') targets = targets.map(() => targets[0] as Fraction);
  if (how === 'shared-targets') targets = targets.map((t, i) => (i % 2 === 0 ? t : (targets[i - 1] as Fraction)));
  if (how === 'duplicate-point' || how === 'duplicate-conflict') {
    const i = d.int(0, D - 1);
    inputs.push([...(inputs[i] as Fraction[])]);
    targets.push(how === 'duplicate-point' ? (targets[i] as Fraction) : target());
  }
  return trainingData(inputs, targets);
}

function describeData(data: TrainingData): string {
  return data.inputs.map((x, i) => `(${x.map((v) => v.toFraction()).join(',')})→${(data.targets[i] as Fraction).toFraction()}`).join(' ');
}

describe('certificate sweep: every training-optimum certificate is accepted by the checker', () => {
  it('train-optimal: degenerate data, every loss, width 1–2, with and without output bias', () => {
    const tally = new Tally();
    for (let seed = 1; seed <= 120; seed++) {
      const d = draw(6000 + seed);
      const n = d.int(1, 2);
      const loss = d.pick(['linf', 'linf', 'l1', 'hinge'] as const);
      const width = d.int(1, 2);
      const outputBias = d.chance(0.5);
      const how = d.pick(DEGENERACIES);
      // 2-D sets of 6 points at width 2 take about a second each: 2-D width-2 sets stay at ≤ 5 points.
      const data = randomData(d, n, n === 1 ? d.int(3, 6) : d.int(3, width === 1 ? 5 : 4), loss, how);
      const result = trainOptimal(data, { width, loss, outputBias, maxLps: MAX_LPS });
      if (result.status !== 'optimal') {
        tally.skip();
        continue;
      }
      tally.accept(`train seed ${seed} ${loss} w=${width} bias=${outputBias} ${how}: ${describeData(data)}`, trainingCertificate(data, { width, loss, outputBias }, result));
    }
    tally.expectAll(100);
  }, SLOW);

  it('train-optimal ℓ∞ with few target values (the shape of issue 11: equal loss rows of points inactive in every unit)', () => {
    // Points sharing a target and inactive in every unit of a bound have identical ℓ∞ loss rows
    // (c − t ≤ y, −c − t ≤ −y); with targets in {−1, 1, 3} about 1 draw in 40 made the LP dual
    // weight a second copy before the fix, so this block met several such cases.
    const tally = new Tally();
    for (let seed = 1; seed <= 160; seed++) {
      const d = draw(8000 + seed);
      const width = d.int(1, 2);
      const outputBias = d.chance(0.5);
      const D = d.int(4, 5);
      const data = trainingData(
        Array.from({ length: D }, () => [F(d.int(-3, 3))]),
        Array.from({ length: D }, () => F(d.pick([-1, 1, 3]))),
      );
      const result = trainOptimal(data, { width, loss: 'linf', outputBias, maxLps: MAX_LPS });
      if (result.status !== 'optimal') {
        tally.skip();
        continue;
      }
      tally.accept(`linf seed ${seed} w=${width} bias=${outputBias}: ${describeData(data)}`, trainingCertificate(data, { width, loss: 'linf', outputBias }, result));
    }
    tally.expectAll(150);
  }, SLOW);

  it('verify optimal: random one-hidden-layer networks on degenerate data', () => {
    const tally = new Tally();
    for (let seed = 1; seed <= 30; seed++) {
      const d = draw(7000 + seed);
      const n = d.int(1, 2);
      const loss = d.pick(['linf', 'l1', 'hinge'] as const);
      const width = d.int(1, 2);
      const how = d.pick(DEGENERACIES);
      const data = randomData(d, n, d.int(3, 5), loss, how);
      const spec = randomSpec(d, [n, width, 1]);
      // Half of the networks have no output bias (the class then has none unless asked for).
      if (d.chance(0.5)) (spec.layers[1] as (typeof spec.layers)[number]).b[0] = F(0);
      const net = toNetwork(spec);
      const outputBias = d.chance(0.3);
      const result = verifyOptimal(net, data, { loss, outputBias, maxLps: MAX_LPS });
      if (result.status === 'unknown') {
        tally.skip();
        continue;
      }
      const shape = oneHiddenLayerShape(net, n);
      tally.accept(
        `verify-optimal seed ${seed} ${loss} w=${width} ${how}: ${describeData(data)}`,
        trainingCertificate(data, { width: shape.width, loss, outputBias: outputBias || shape.hasOutputBias }, result.training),
      );
    }
    tally.expectAll(22);
  }, SLOW);
});
