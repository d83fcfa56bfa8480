/**
 * Soundness of every bound of src/bounds against exact evaluation: on hand nets (a single ReLU,
 * |x| = relu(x) + relu(−x), the exact max network of the construction library) and seeded
 * random nets, at every box vertex and at random rational points, a lower bound never exceeds
 * the exact value and an intermediate interval always contains the exact pre-activation.
 * Exact and rigorous bounds are compared with zero tolerance; the float engine (which only
 * proposes) within 1e-9 relative.
 */
import Fraction from 'fraction.js';
import { describe, expect, it } from 'vitest';
import { backwardBound, backwardWorkspace, crownLayerBounds, defaultAlphas, optimizeAlpha } from '../../src/bounds/backward.js';
import { ALPHA_BITS, type ExactLeaf, type ExactRow, exactLayerBounds, exactLeafBound } from '../../src/bounds/exactLeaf.js';
import { floatNetwork, layerBounds } from '../../src/bounds/floatNetwork.js';
import { intervalBounds } from '../../src/bounds/interval.js';
import { rigorousLeafBound } from '../../src/bounds/rigorousLeaf.js';
import { symbolicBounds, symbolicWorkspace } from '../../src/bounds/symbolic.js';
import { smallLayer } from '../../src/construct/calculus.js';
import { maxNetwork } from '../../src/construct/constructions.js';
import { absGadget } from '../../src/construct/gadgets.js';
import { float64ToRational, ratio } from '../../src/exact/rational.js';
import type { Network } from '../../src/network/model.js';
import { mulberry32, randomInteger } from '../../src/random/prng.js';
import { randomNetwork } from '../support/networks.js';
import { exactCombination, exactPreactivations, randomBox, randomRows, samplePoints } from './helpers.js';

/** y = relu(x). */
const singleRelu: Network = { inputs: 1, layers: [smallLayer([[1]], [0], 'relu'), smallLayer([[1]], [0], 'identity')], name: 'relu' };

const NETWORKS: readonly Network[] = [
  singleRelu,
  absGadget(),
  maxNetwork(3),
  randomNetwork([2, 5, 4, 2], 11),
  randomNetwork([3, 6, 6, 5, 1], 12),
  randomNetwork([1, 4, 1], 13),
  randomNetwork([4, 8, 8, 8, 3], 14),
];

function floatTolerance(v: number): number {
  return 1e-9 * (1 + Math.abs(v));
}

describe('bounds are sound at vertices and sample points', () => {
  NETWORKS.forEach((net, index) => {
    it(`${net.name ?? `network ${index}`}`, () => {
      const random = mulberry32(100 + index);
      const outputs = net.layers[net.layers.length - 1]?.outputs ?? 0;
      const f = floatNetwork(net);
      const fb = layerBounds(f);
      const sws = symbolicWorkspace(f);
      const bws = backwardWorkspace(f);
      for (let trial = 0; trial < 6; trial++) {
        const box = randomBox(net.inputs, random);
        const rows = randomRows(outputs, 1 + (trial % 3), random);
        const lambda = rows.map(() => ratio(BigInt(randomInteger(random, 0, 4)), BigInt(randomInteger(random, 1, 4))));
        const hidden = net.layers.slice(0, -1);
        const alpha = trial % 2 === 0 ? undefined : hidden.map((l) => Array.from({ length: l.outputs }, () => randomInteger(random, 0, 2 ** ALPHA_BITS)));
        const leaf: ExactLeaf = box;
        const points = samplePoints(box.lo, box.hi, random, 40);
        const values = points.map((x) => exactCombination(net, rows, lambda, x));
        const pres = points.map((x) => exactPreactivations(net, x));

        // Exact intermediate bounds contain every exact pre-activation.
        for (const rule of ['adaptive', 'parallel'] as const) {
          const eb = exactLayerBounds(net, leaf, rule);
          expect(eb).toBeDefined();
          if (eb === undefined) continue;
          pres.forEach((pre) =>
            eb.lo.forEach((lo, k) =>
              lo.forEach((l, i) => {
                const z = (pre[k] as Fraction[])[i] as Fraction;
                const scale = 2n ** BigInt(eb.scale[k] as number);
                expect(new Fraction(l, scale).compare(z)).toBeLessThanOrEqual(0);
                expect(new Fraction((eb.hi[k] as bigint[])[i] as bigint, scale).compare(z)).toBeGreaterThanOrEqual(0);
              }),
            ),
          );
        }
        // Exact and rigorous leaf bounds never exceed an exact value.
        for (const forward of ['adaptive', 'parallel'] as const) {
          const exact = exactLeafBound(net, leaf, rows, lambda, { alpha, forward });
          expect(exact.empty).toBe(false);
          const bound = exact.bound as Fraction;
          values.forEach((v) => expect(bound.compare(v)).toBeLessThanOrEqual(0));
          if (forward === 'adaptive') {
            const rig = rigorousLeafBound(net, leaf, rows, lambda, { alpha });
            expect(rig.available).toBe(true);
            const rigBound = float64ToRational(rig.bound);
            values.forEach((v) => expect(rigBound.compare(v)).toBeLessThanOrEqual(0));
            // The two implementations of one relaxation agree closely (not a soundness claim).
            expect(Math.abs(rig.bound - bound.valueOf())).toBeLessThanOrEqual(1e-6 * (1 + Math.abs(bound.valueOf())));
          }
        }

        // The float engine: intervals contain pre-activations, lower bounds stay below values.
        const fbox = { lo: Float64Array.from(box.lo, (v) => v.valueOf()), hi: Float64Array.from(box.hi, (v) => v.valueOf()) };
        const c = new Float64Array(outputs);
        for (const method of ['interval', 'symbolic', 'hybrid', 'crown'] as const) {
          if (method === 'interval') intervalBounds(f, fbox, fb);
          else if (method === 'crown') crownLayerBounds(f, fbox, fb, bws);
          else symbolicBounds(f, fbox, fb, sws, 'adaptive', undefined, method === 'hybrid' ? bws : undefined);
          pres.forEach((pre) =>
            fb.lo.forEach((lo, k) =>
              lo.forEach((l, i) => {
                const z = ((pre[k] as Fraction[])[i] as Fraction).valueOf();
                expect(l).toBeLessThanOrEqual(z + floatTolerance(z));
                expect((fb.hi[k] as Float64Array)[i] as number).toBeGreaterThanOrEqual(z - floatTolerance(z));
              }),
            ),
          );
          c.fill(0);
          let d = 0;
          rows.forEach((row, r) => {
            const l = (lambda[r] as Fraction).valueOf();
            row.c.forEach((v, i) => {
              c[i] = (c[i] as number) + l * v.valueOf();
            });
            d += l * row.d.valueOf();
          });
          const crown = backwardBound(f, fb, fbox, c, d, bws);
          const alphas = defaultAlphas(f, fb);
          const optimised = optimizeAlpha(f, fb, fbox, c, d, bws, alphas, 5);
          expect(optimised).toBeGreaterThanOrEqual(crown - floatTolerance(crown));
          values.forEach((v) => {
            const x = v.valueOf();
            expect(crown).toBeLessThanOrEqual(x + floatTolerance(x));
            expect(optimised).toBeLessThanOrEqual(x + floatTolerance(x));
          });
        }
      }
    });
  });
});

describe('exact interval arithmetic as a yardstick', () => {
  /** Interval bound of c·N(x) + d by exact rational interval arithmetic. */
  function exactInterval(net: Network, leaf: ExactLeaf, row: ExactRow): Fraction {
    let lo = [...leaf.lo];
    let hi = [...leaf.hi];
    for (const layer of net.layers) {
      const nlo: Fraction[] = [];
      const nhi: Fraction[] = [];
      layer.rows.forEach((r, i) => {
        let a = layer.bias[i] as Fraction;
        let b = a;
        r.cols.forEach((j, p) => {
          const w = r.values[p] as Fraction;
          if (w.s > 0n) {
            a = a.add(w.mul(lo[j] as Fraction));
            b = b.add(w.mul(hi[j] as Fraction));
          } else {
            a = a.add(w.mul(hi[j] as Fraction));
            b = b.add(w.mul(lo[j] as Fraction));
          }
        });
        const relu = layer.activation === 'relu';
        nlo.push(relu && a.s < 0n ? new Fraction(0) : a);
        nhi.push(relu && b.s < 0n ? new Fraction(0) : b);
      });
      lo = nlo;
      hi = nhi;
    }
    let v = row.d;
    row.c.forEach((ci, i) => {
      v = v.add(ci.s > 0n ? ci.mul(lo[i] as Fraction) : ci.mul(hi[i] as Fraction));
    });
    return v;
  }

  it('one hidden layer, α = 0: the exact leaf bound is at least the interval bound (up to the 2^-40 rounding of μ)', () => {
    const random = mulberry32(7);
    for (let trial = 0; trial < 25; trial++) {
      const net = randomNetwork([3, 7, 2], 200 + trial);
      const box = randomBox(3, random);
      const rows = randomRows(2, 1, random);
      const alpha = [new Array<number>(7).fill(0)];
      const exact = exactLeafBound(net, box, rows, [new Fraction(1)], { alpha });
      const interval = exactInterval(net, box, rows[0] as ExactRow);
      // Sanity of the yardstick itself: an interval bound is a lower bound.
      for (const x of samplePoints(box.lo, box.hi, random, 5)) expect(interval.compare(exactCombination(net, rows, [new Fraction(1)], x))).toBeLessThanOrEqual(0);
      const slack = 1e-9 * (1 + Math.abs(interval.valueOf()));
      expect((exact.bound as Fraction).valueOf()).toBeGreaterThanOrEqual(interval.valueOf() - slack);
    }
  });
});
