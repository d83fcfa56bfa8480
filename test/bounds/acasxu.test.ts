/**
 * The leaf bounds and the falsifier on real ACAS Xu networks (ONNX, float32 weights read as exact
 * dyadics) over sub-boxes of the φ3 input box: every bound stays below the exact margin at every
 * vertex and at sample points, and the falsifier's counterexample for network 1_7 (φ3 is violated
 * there: VNN-COMP's expected answer) lies in the box and violates exactly.
 */
import { existsSync } from 'node:fs';
import Fraction from 'fraction.js';
import { describe, expect, it } from 'vitest';
import { type ExactRow, exactLeafBound } from '../../src/bounds/exactLeaf.js';
import { falsify } from '../../src/bounds/falsify.js';
import { rigorousLeafBound } from '../../src/bounds/rigorousLeaf.js';
import { float64ToRational, parseRational } from '../../src/exact/rational.js';
import { readNetworkFile } from '../../src/formats/index.js';
import { mulberry32 } from '../../src/random/prng.js';
import { DATA_DIR } from '../formats/data.js';
import { exactCombination, samplePoints } from './helpers.js';

const ONNX = `${DATA_DIR}acasxu/onnx/`;
const HAVE = existsSync(`${ONNX}ACASXU_run2a_1_1_batch_2000.onnx`);
if (!HAVE) console.log(`skipping the ACAS Xu bound tests: shared data not found at ${DATA_DIR}`);

// The φ3 box and rows as written in vnnlib/prop_3.vnnlib (violation: Y_0 ≤ Y_r for r = 1..4).
const LO = ['-0.303531156', '-0.009549297', '0.493380324', '0.3', '0.3'].map((v) => parseRational(v));
const HI = ['-0.298552812', '0.009549297', '0.5', '0.5', '0.5'].map((v) => parseRational(v));
const ROWS: ExactRow[] = [1, 2, 3, 4].map((r) => ({ c: [0, 1, 2, 3, 4].map((i) => new Fraction(i === 0 ? 1 : i === r ? -1 : 0)), d: new Fraction(0) }));

describe('ACAS Xu data under CI', () => {
  it.runIf(process.env.CI === 'true')('the shared ACAS Xu networks are present', () => expect(HAVE).toBe(true));
});

describe.skipIf(!HAVE)('ACAS Xu φ3 sub-boxes', () => {
  it('network 1_1: exact and rigorous bounds never exceed the exact margin', () => {
    const net = readNetworkFile(`${ONNX}ACASXU_run2a_1_1_batch_2000.onnx`);
    const random = mulberry32(3);
    for (const [frac, k] of [
      [1 / 3, 64],
      [0.8, 16],
    ] as const) {
      // A sub-box: corner at `frac` of the way, side 1/k of the root box's.
      const lo = LO.map((l, t) => l.add((HI[t] as Fraction).sub(l).mul(new Fraction(Math.round(frac * 1000), 1000))));
      const hi = lo.map((l, t) => l.add((HI[t] as Fraction).sub(LO[t] as Fraction).div(k)));
      const points = samplePoints(lo, hi, random, 8);
      for (let r = 0; r < 4; r++) {
        const lambda = ROWS.map((_, q) => new Fraction(q === r ? 1 : 0));
        const exact = exactLeafBound(net, { lo, hi }, ROWS, lambda);
        const rig = rigorousLeafBound(net, { lo, hi }, ROWS, lambda);
        expect(rig.available).toBe(true);
        const rb = float64ToRational(rig.bound);
        for (const x of points) {
          const v = exactCombination(net, ROWS, lambda, x);
          expect((exact.bound as Fraction).compare(v)).toBeLessThanOrEqual(0);
          expect(rb.compare(v)).toBeLessThanOrEqual(0);
        }
      }
    }
  });
  it('network 1_7 (φ3 violated): the falsifier returns a point of the box where every row is ≤ 0, exactly', () => {
    const net = readNetworkFile(`${ONNX}ACASXU_run2a_1_7_batch_2000.onnx`);
    const ce = falsify(net, LO, HI, ROWS, { seed: 1, samples: 256, restarts: 8, steps: 40 });
    expect(ce).toBeDefined();
    if (ce === undefined) return;
    ce.point.forEach((x, t) => {
      expect(x.compare(LO[t] as Fraction)).toBeGreaterThanOrEqual(0);
      expect(x.compare(HI[t] as Fraction)).toBeLessThanOrEqual(0);
    });
    for (const row of ROWS) expect(exactCombination(net, [row], [new Fraction(1)], ce.point).compare(0)).toBeLessThanOrEqual(0);
  });
});
