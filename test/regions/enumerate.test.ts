import fc from 'fast-check';
import Fraction from 'fraction.js';
import { describe, expect, it } from 'vitest';
import { ratio } from '../../src/exact/rational.js';
import { simplestBetween } from '../../src/exact/simplest.js';
import { type Network, denseLayer } from '../../src/network/model.js';
import { type Domain, parseBox } from '../../src/regions/domain.js';
import { enumerateRegions } from '../../src/regions/enumerate.js';
import { naiveForward, naiveRegionCount, openBoxRows } from '../support/naiveRegions.js';

const F = (v: number | string): Fraction => (typeof v === 'number' ? new Fraction(BigInt(v)) : new Fraction(v));

function binomial(m: number, k: number): number {
  let r = 1;
  for (let i = 0; i < k; i++) r = (r * (m - i)) / (i + 1);
  return r;
}

/** A one-layer network x ↦ relu(W x + b). */
function oneLayer(weights: number[][], bias: number[]): Network {
  return { inputs: weights[0]!.length, layers: [denseLayer(weights.map((r) => r.map(F)), bias.map(F), 'relu')] };
}

/** Seeded integers in [−r, r]. */
function rng(seed: number): (r: number) => number {
  let s = seed >>> 0;
  return (r) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s % (2 * r + 1)) - r;
  };
}

/** Exact test that hyperplanes a_i·x + b_i = 0 in R^2 are in general position (no parallels, no triple points). */
function generic2d(w: number[][], b: number[]): boolean {
  const m = w.length;
  for (let i = 0; i < m; i++) {
    if (w[i]![0] === 0 && w[i]![1] === 0) return false;
    for (let j = i + 1; j < m; j++) {
      const det = w[i]![0]! * w[j]![1]! - w[i]![1]! * w[j]![0]!;
      if (det === 0) return false;
      for (let k = j + 1; k < m; k++) {
        // Three lines meet in a point iff det[[a_i, b_i], [a_j, b_j], [a_k, b_k]] = 0 (given no parallels).
        const M = [w[i]!.concat(b[i]!), w[j]!.concat(b[j]!), w[k]!.concat(b[k]!)];
        const d3 =
          M[0]![0]! * (M[1]![1]! * M[2]![2]! - M[1]![2]! * M[2]![1]!) -
          M[0]![1]! * (M[1]![0]! * M[2]![2]! - M[1]![2]! * M[2]![0]!) +
          M[0]![2]! * (M[1]![0]! * M[2]![1]! - M[1]![1]! * M[2]![0]!);
        if (d3 === 0) return false;
      }
    }
  }
  return true;
}

function checkLeaves(net: Network, result: ReturnType<typeof enumerateRegions>): void {
  const seen = new Set<string>();
  for (const region of result.regions) {
    const key = region.pattern.map((l) => l.map((b) => (b ? '+' : '-')).join('')).join('|');
    expect(seen.has(key), `pattern ${key} twice`).toBe(false);
    seen.add(key);
    // The witness is strictly inside: every ReLU pre-activation has the pattern's sign, none is 0,
    // unless the neuron is constant zero on the region (then it counts as off). Naive evaluation.
    const { pre, out: y } = naiveForward(net, region.point);
    net.layers.forEach((layer, k) => {
      if (layer.activation !== 'relu') return;
      pre[k]!.forEach((z, i) => {
        if (region.pattern[k]![i]) expect(z.compare(0)).toBe(1);
        else expect(z.compare(0)).toBeLessThanOrEqual(0);
      });
    });
    // The affine map agrees with exact evaluation at the witness.
    region.output.num.forEach((row, q) => {
      let v = new Fraction(region.output.offset[q]!, region.output.den);
      row.forEach((a, j) => {
        v = v.add(new Fraction(a, region.output.den).mul(region.point[j]!));
      });
      expect(v.equals(y[q]!)).toBe(true);
    });
  }
}

describe('region enumeration: known answers', () => {
  it('m generic lines in R^2: Σ_{k≤2} C(m,k) regions (Zaslavsky)', () => {
    const next = rng(11);
    let tested = 0;
    for (let trial = 0; tested < 6 && trial < 50; trial++) {
      const m = 3 + (trial % 5);
      const w = Array.from({ length: m }, () => [next(9), next(9)]);
      const b = Array.from({ length: m }, () => next(9));
      if (!generic2d(w, b)) continue;
      tested++;
      const result = enumerateRegions(oneLayer(w, b), { kind: 'all' });
      expect(result.status).toBe('complete');
      expect(result.stats.regions).toBe(1 + m + binomial(m, 2));
    }
    expect(tested).toBe(6);
  });

  it('central generic arrangements in R^3: 2 Σ_{i<3} C(m−1, i) regions', () => {
    // Rows (1, t, t²) for distinct t: every 3 of them independent (Vandermonde), so generic and central.
    for (const m of [3, 4, 6]) {
      const w = Array.from({ length: m }, (_, i) => [1, i + 1, (i + 1) ** 2].map((v, j) => (j === 0 && i % 2 === 1 ? -v : v)));
      const result = enumerateRegions(oneLayer(w, new Array(m).fill(0)), { kind: 'all' });
      expect(result.stats.regions).toBe(2 * (binomial(m - 1, 0) + binomial(m - 1, 1) + binomial(m - 1, 2)));
    }
  });

  it('|x| = relu(x) + relu(−x): opposite hyperplanes give 2 regions, with a Motzkin proof for the impossible patterns', () => {
    const net: Network = {
      inputs: 1,
      layers: [denseLayer([[F(1)], [F(-1)]], [F(0), F(0)], 'relu'), denseLayer([[F(1), F(1)]], [F(0)], 'identity')],
    };
    const result = enumerateRegions(net, { kind: 'all' });
    expect(result.stats.regions).toBe(2);
    checkLeaves(net, result);
    const patterns = result.regions.map((r) => r.pattern[0]!.join(','));
    expect(patterns.sort()).toEqual(['false,true', 'true,false']);
  });

  it('duplicated hyperplanes and a neuron that is identically zero', () => {
    // relu(x), relu(x) again, relu(0·x) and relu(x − 1) on [−2, 2]: regions x<0, 0<x<1, x>1.
    const net = oneLayer([[1], [1], [0], [1]], [0, 0, 0, -1]);
    const result = enumerateRegions(net, parseBox('-2:2', 1));
    expect(result.stats.regions).toBe(3);
    checkLeaves(net, result);
  });

  it('an empty domain gives 0 regions and an emptiness certificate', () => {
    const net = oneLayer([[1, 1]], [0]);
    const result = enumerateRegions(net, parseBox('1:1,0:1', 2));
    expect(result.stats.regions).toBe(0);
    expect(result.status).toBe('empty-domain');
    expect(result.regions).toEqual([]);
  });

  it('stops at --max-regions and says so', () => {
    const result = enumerateRegions(oneLayer([[1, 0], [0, 1], [1, 1], [1, -1]], [0, 0, -1, 0]), { kind: 'all' }, { maxRegions: 3 });
    expect(result).toMatchObject({ status: 'stopped', stoppedBy: 'max-regions' });
    expect(result.stats.regions).toBe(3);
  });
});

describe('region enumeration against brute force over all 2^N patterns', () => {
  it('random small deep nets on a box and on R^n', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2 }),
        fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 3 }),
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        fc.boolean(),
        (inputs, widths, seed, boxed) => {
          const next = rng(seed);
          let width = inputs;
          const layers = widths.map((m, k) => {
            const layer = denseLayer(
              Array.from({ length: m }, () => Array.from({ length: width }, () => ratio(BigInt(next(4)), BigInt(1 + Math.abs(next(2)))))),
              Array.from({ length: m }, () => ratio(BigInt(next(3)), 1n)),
              k === widths.length - 1 ? 'relu' : 'relu',
            );
            width = m;
            return layer;
          });
          const net: Network = { inputs, layers };
          const domain: Domain = boxed ? parseBox('-2:3', inputs) : { kind: 'all' };
          const result = enumerateRegions(net, domain);
          // The oracle: every one of the 2^N patterns decided by its own naive evaluation and Fourier–Motzkin.
          const rows = domain.kind === 'box' ? openBoxRows(domain.box) : [];
          expect(result.stats.regions).toBe(naiveRegionCount(net, rows));
          checkLeaves(net, result);
        },
      ),
      { numRuns: 40, seed: 20261123 },
    );
  });
});

describe('simplest rational between two bounds', () => {
  it('has the least denominator among all rationals strictly inside (brute force)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -40, max: 40 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 12 }), (p, q, dp, dq) => {
        const low = ratio(BigInt(p), BigInt(q));
        const high = low.add(ratio(BigInt(dp), BigInt(dq)));
        const s = simplestBetween(low, high);
        expect(s.compare(low) > 0 && s.compare(high) < 0).toBe(true);
        for (let d = 1n; d < (s.d as bigint); d++) {
          // No fraction k/d lies strictly inside for a smaller d.
          const k = BigInt(Math.floor(Number(low.mul(d).valueOf()))) + 1n;
          for (const kk of [k - 1n, k, k + 1n]) {
            const c = ratio(kk, d);
            expect(c.compare(low) > 0 && c.compare(high) < 0, `${kk}/${d} inside (${low}, ${high})`).toBe(false);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
