/**
 * Every construction against its mathematical definition at exact rational points (random,
 * ties, negatives, large magnitudes), and the reference sizes of Huybrechs 2025 (NOTES §A.4),
 * which follow from the construction: hidden layers L(L+1)/2, width 2n, nonzero weights
 * n(9S − 3), dense parameters 4n²S + 2nS + n for S = L(L+1)/2.
 */
import fc from 'fast-check';
import type Fraction from 'fraction.js';
import { describe, expect, it } from 'vitest';
import {
  CONSTRUCTIONS,
  bitonicSchedule,
  buildConstruction,
  maxNetwork,
  medianNetwork,
  minNetwork,
  oddEvenSchedule,
  sawtoothNetwork,
  sorterNetwork,
  squareNetwork,
  zigzagNetwork,
} from '../../src/construct/constructions.js';
import { absGadget, max2Gadget, min2Gadget, sort2Gadget, tentGadget, zigzagGadget } from '../../src/construct/gadgets.js';
import { InputError } from '../../src/errors.js';
import { ratio } from '../../src/exact/rational.js';
import { evaluate } from '../../src/network/evaluate.js';
import { networkFromJson, networkToJson } from '../../src/network/json.js';
import type { Network } from '../../src/network/model.js';
import { networkSummary } from '../../src/network/summary.js';
import { anyRational, r, sorted, text, vectorOf } from './helpers.js';

const RUNS = { numRuns: 150 };
const ev = (net: Network, x: readonly Fraction[]): string[] => text(evaluate(net, x));

describe('gadgets equal their functions on R and R²', () => {
  it('abs, max2, min2, sort2', () => {
    const abs = absGadget();
    const max2 = max2Gadget();
    const min2 = min2Gadget();
    const sort2 = sort2Gadget();
    fc.assert(
      fc.property(vectorOf(2), ([x, y]) => {
        const a = x as Fraction;
        const b = y as Fraction;
        const lo = a.compare(b) <= 0 ? a : b;
        const hi = a.compare(b) <= 0 ? b : a;
        expect(ev(abs, [a])).toEqual(text([a.abs()]));
        expect(ev(max2, [a, b])).toEqual(text([hi]));
        expect(ev(min2, [a, b])).toEqual(text([lo]));
        expect(ev(sort2, [a, b])).toEqual(text([lo, hi]));
      }),
      RUNS,
    );
  });

  it('sort2 has the 4-ReLU matrices of Huybrechs: hidden rows (x−y, y−x, y, −y)', () => {
    const net = sort2Gadget();
    const first = net.layers[0];
    expect(first?.rows.map((row) => [row.cols, text(row.values)])).toEqual([
      [[0, 1], ['1', '-1']],
      [[0, 1], ['-1', '1']],
      [[1], ['1']],
      [[1], ['-1']],
    ]);
    expect(net.layers[1]?.rows.map((row) => [row.cols, text(row.values)])).toEqual([
      [[1, 2, 3], ['-1', '1', '-1']],
      [[0, 2, 3], ['1', '1', '-1']],
    ]);
  });

  it('the tent map is 2x on [0, 1/2], 2 − 2x on [1/2, 1], 0 left of 0', () => {
    const t = tentGadget();
    fc.assert(
      fc.property(anyRational, (x) => {
        const expected = x.compare(0) <= 0 ? ratio(0n) : x.compare(r(1, 2)) <= 0 ? x.mul(2) : r(2).sub(x.mul(2));
        expect(ev(t, [x])).toEqual(text([expected]));
      }),
      RUNS,
    );
  });

  it('the zigzag with w pieces maps each [i/w, (i+1)/w] linearly onto [0, 1], alternating', () => {
    for (const w of [2, 3, 4, 7]) {
      const h = zigzagGadget(w);
      for (let i = 0; i <= w; i++) expect(ev(h, [r(i, w)])).toEqual([String(i % 2)]);
      for (let i = 0; i < w; i++) expect(ev(h, [r(2 * i + 1, 2 * w)])).toEqual(['1/2']);
    }
  });
});

describe('max, min, median of n', () => {
  it('max and min of n = 2..9 at random, tied, negative and huge rationals; ⌈log2 n⌉ hidden layers', () => {
    for (let n = 2; n <= 9; n++) {
      const mx = maxNetwork(n);
      const mn = minNetwork(n);
      expect(networkSummary(mx).hiddenLayers).toBe(Math.ceil(Math.log2(n)));
      expect(networkSummary(mn).hiddenLayers).toBe(Math.ceil(Math.log2(n)));
      fc.assert(
        fc.property(vectorOf(n), (x) => {
          const s = sorted(x);
          expect(ev(mx, x)).toEqual(text([s[n - 1] as Fraction]));
          expect(ev(mn, x)).toEqual(text([s[0] as Fraction]));
        }),
        { numRuns: 60 },
      );
    }
  });

  it('median of n = 2..9 (even n: mean of the two middle values), both sorters', () => {
    for (let n = 2; n <= 9; n++) {
      const nets = [medianNetwork(n, 'odd-even'), ...((n & (n - 1)) === 0 ? [medianNetwork(n, 'bitonic')] : [])];
      fc.assert(
        fc.property(vectorOf(n), (x) => {
          const s = sorted(x);
          const expected = n % 2 === 1 ? (s[(n - 1) / 2] as Fraction) : (s[n / 2 - 1] as Fraction).add(s[n / 2] as Fraction).div(2);
          for (const net of nets) expect(ev(net, x)).toEqual(text([expected]));
        }),
        { numRuns: 50 },
      );
    }
  });
});

describe('sorters', () => {
  it('odd–even transposition, n = 2..9, outputs sort(x) exactly', () => {
    for (let n = 2; n <= 9; n++) {
      const net = sorterNetwork(n, 'odd-even');
      fc.assert(
        fc.property(vectorOf(n), (x) => {
          expect(ev(net, x)).toEqual(text(sorted(x)));
        }),
        { numRuns: 60 },
      );
    }
  });

  it('bitonic, n = 2, 4, 8, 16, outputs sort(x) exactly', () => {
    for (const n of [2, 4, 8, 16]) {
      const net = sorterNetwork(n, 'bitonic');
      fc.assert(
        fc.property(vectorOf(n), (x) => {
          expect(ev(net, x)).toEqual(text(sorted(x)));
        }),
        { numRuns: 60 },
      );
    }
  });

  it('bitonic sorters have weights in {−1, 0, 1} and zero biases', () => {
    for (const n of [2, 4, 8, 16, 32]) {
      for (const layer of sorterNetwork(n).layers) {
        for (const row of layer.rows) for (const v of row.values) expect(['1', '-1']).toContain(text([v])[0]);
        for (const b of layer.bias) expect(b.n).toBe(0n);
      }
    }
  });

  it('comparator schedules: bitonic has L(L+1)/2 steps of n/2 comparators; odd–even has n steps (1 for n = 2)', () => {
    for (let L = 1; L <= 6; L++) {
      const s = bitonicSchedule(2 ** L);
      expect(s.length).toBe((L * (L + 1)) / 2);
      for (const step of s) expect(step.length).toBe(2 ** (L - 1));
    }
    expect(oddEvenSchedule(2).length).toBe(1);
    for (let n = 3; n <= 9; n++) expect(oddEvenSchedule(n).length).toBe(n);
  });
});

describe('reference sizes (Huybrechs 2025, NOTES §A.4)', () => {
  const formula = (L: number): { hidden: number; width: number; nnz: number; dense: number } => {
    const n = 2 ** L;
    const S = (L * (L + 1)) / 2;
    return { hidden: S, width: 2 * n, nnz: n * (9 * S - 3), dense: 4 * n * n * S + 2 * n * S + n };
  };

  it('the count formulas give the reference figures (n = 8, 1024, 4096)', () => {
    expect(formula(3)).toEqual({ hidden: 6, width: 16, nnz: 408, dense: 1640 });
    expect(formula(10)).toEqual({ hidden: 55, width: 2048, nnz: 503808, dense: 230800384 });
    expect(formula(12).hidden).toBe(78);
    expect(formula(12).dense).toBe(5235134464);
  });

  it('built bitonic sorters n = 2..64 have exactly those sizes', () => {
    for (let L = 1; L <= 6; L++) {
      const s = networkSummary(sorterNetwork(2 ** L));
      const f = formula(L);
      expect([s.hiddenLayers, s.maxHiddenWidth, s.nonzeroWeights, s.denseParameters]).toEqual([f.hidden, f.width, f.nnz, f.dense]);
    }
  });

  it('n = 8: 6 hidden layers, width 16, 408 nonzero weights, 1,640 dense parameters', () => {
    const s = networkSummary(sorterNetwork(8));
    expect([s.hiddenLayers, s.maxHiddenWidth, s.nonzeroWeights, s.denseParameters]).toEqual([6, 16, 408, 1640]);
  });

  it('n = 1024: 55 hidden layers, width 2048, 503,808 nonzero weights, 230,800,384 dense parameters', () => {
    const t0 = performance.now();
    const net = sorterNetwork(1024);
    const built = performance.now() - t0;
    const s = networkSummary(net);
    expect([s.hiddenLayers, s.maxHiddenWidth, s.nonzeroWeights, s.denseParameters]).toEqual([55, 2048, 503808, 230800384]);
    // Every layer stays sparse (and is written sparse).
    for (const layer of net.layers) expect(layer.storage).toBe('sparse');
    console.info(`bitonic n = 1024 built in ${built.toFixed(0)} ms`);
  });
});

describe('sawtooth, zigzag, x² folding', () => {
  it('tent^k has 2^k linear pieces on [0, 1]: value j mod 2 at j/2^k, linear between (midpoint and quarter points)', () => {
    for (let k = 1; k <= 7; k++) {
      const net = sawtoothNetwork(k);
      const N = 2 ** k;
      for (let j = 0; j <= N; j++) expect(ev(net, [r(j, N)])).toEqual([String(j % 2)]);
      for (let j = 0; j < N; j++) {
        const a = j % 2;
        const b = (j + 1) % 2;
        // On a linear piece from (j/N, a) to ((j+1)/N, b): value a + (b − a)·s at j/N + s/N.
        for (const [s, d] of [
          [1, 2],
          [1, 4],
          [3, 4],
        ] as const) {
          expect(ev(net, [r(4 * j + (4 * s) / d, 4 * N)])).toEqual(text([r(a).add(r(b - a).mul(r(s, d)))]));
        }
      }
    }
  });

  it('tent^k equals the k-fold tent composed by hand at random rationals (all of R)', () => {
    const tent = (x: Fraction): Fraction => (x.compare(0) <= 0 ? r(0) : x.compare(r(1, 2)) <= 0 ? x.mul(2) : r(2).sub(x.mul(2)));
    for (const k of [1, 2, 5]) {
      const net = sawtoothNetwork(k);
      fc.assert(
        fc.property(anyRational, (x) => {
          let y = x;
          for (let i = 0; i < k; i++) y = tent(y);
          expect(ev(net, [x])).toEqual(text([y]));
        }),
        { numRuns: 100 },
      );
    }
  });

  it('zigzag h^k with width w has w^k pieces on [0, 1]: j mod 2 at j/w^k, 1/2 at the midpoints; k hidden layers of width w', () => {
    for (const [k, w] of [
      [1, 3],
      [2, 3],
      [3, 2],
      [2, 4],
      [3, 3],
    ] as const) {
      const net = zigzagNetwork(k, w);
      const s = networkSummary(net);
      expect([s.hiddenLayers, s.maxHiddenWidth]).toEqual([k, w]);
      const N = w ** k;
      for (let j = 0; j <= N; j++) expect(ev(net, [r(j, N)])).toEqual([String(j % 2)]);
      for (let j = 0; j < N; j++) {
        expect(ev(net, [r(2 * j + 1, 2 * N)])).toEqual(['1/2']);
        expect(ev(net, [r(4 * j + 1, 4 * N)])).toEqual([j % 2 === 0 ? '1/4' : '3/4']);
      }
    }
  });

  it('x² folding with L levels: exact at every k·2^−L, error exactly 2^(−2L−2) at the midpoints', () => {
    for (let L = 1; L <= 8; L++) {
      const net = squareNetwork(L);
      expect(networkSummary(net).hiddenLayers).toBe(L);
      const N = 2 ** L;
      for (let k = 0; k <= N; k++) {
        const x = r(k, N);
        expect(ev(net, [x])).toEqual(text([x.mul(x)]));
      }
      for (let k = 0; k < N; k++) {
        const x = r(2 * k + 1, 2 * N);
        const y = evaluate(net, [x])[0] as Fraction;
        expect(text([y.sub(x.mul(x))])).toEqual(text([r(1n, 2n ** BigInt(2 * L + 2))]));
      }
    }
  });

  it('x² folding: the error never exceeds 2^(−2L−2) and the network is the grid interpolant at random points of [0, 1]', () => {
    const L = 5;
    const N = 2 ** L;
    const net = squareNetwork(L);
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 15n }), (p) => {
        const x = r(p, 10n ** 15n);
        const k = x.mul(N).floor();
        const a = k.div(N);
        const b = k.add(1).div(N);
        // The chord of x² over [a, b]: a² + (a + b)(x − a).
        const interpolant = a.mul(a).add(a.add(b).mul(x.sub(a)));
        const y = evaluate(net, [x])[0] as Fraction;
        expect(text([y])).toEqual(text([interpolant]));
        expect(y.sub(x.mul(x)).compare(r(1n, 2n ** BigInt(2 * L + 2)))).toBeLessThanOrEqual(0);
      }),
      { numRuns: 200 },
    );
  });
});

describe('registry and parameters', () => {
  it('every construction builds with small parameters and survives a JSON round trip with its trace', () => {
    const small: Record<string, Record<string, number | string>> = {
      max: { n: 5 },
      min: { n: 3 },
      sorter: { n: 8 },
      median: { n: 4 },
      sawtooth: { k: 3 },
      zigzag: { k: 2, w: 3 },
      square: { levels: 3 },
    };
    for (const c of CONSTRUCTIONS) {
      const { network } = buildConstruction(c.name, small[c.name] ?? {});
      const back = networkFromJson(JSON.parse(JSON.stringify(networkToJson(network))));
      expect((back.metadata?.trace as { format: string }).format).toBe('relucert.trace/1');
      expect((back.metadata?.construction as { name: string }).name).toBe(c.name);
    }
  });

  it('rejects unsupported sizes with usage errors naming what is supported', () => {
    const usage = (name: string, p: Record<string, number | string>, pattern: RegExp): void => {
      let error: unknown;
      try {
        buildConstruction(name, p);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(InputError);
      expect((error as InputError).code).toBe('usage');
      expect((error as InputError).message).toMatch(pattern);
    };
    usage('sorter', { n: 6 }, /power of two.*odd-even/);
    usage('sorter', { n: 1 }, /2 ≤ n/);
    usage('max', { n: 1 }, /2 ≤ n/);
    usage('sawtooth', { k: 0 }, /1 ≤ k/);
    usage('zigzag', { k: 2, w: 1 }, /2 ≤ w/);
    usage('sorter', { n: 8, algorithm: 'quick' }, /bitonic, odd-even/);
    usage('abs', { n: 3 }, /takes no parameters/);
    usage('square', {}, /needs --levels/);
    usage('heap', {}, /supported: abs/);
  });
});
