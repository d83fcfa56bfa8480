/**
 * Known answers from mathematics (issue 5; NOTES.md B.3), each decided, certified and re-checked
 * by the independent checker (decideAndCheck), counterexamples re-evaluated exactly.
 */
import { describe, expect, it } from 'vitest';
import { parseBox } from '../../../src/regions/domain.js';
import { decideLayerByCells } from '../../../src/properties/injectivity/cells.js';
import { decideLayerFgs } from '../../../src/properties/injectivity/fgs.js';
import { networkStages } from '../../../src/properties/injectivity/stages.js';
import { decideAndCheck, layer, net, plusMinus } from './helpers.js';

const B2 = [[1, 2], [3, -1]];
const B3 = [[2, 0, 1], [1, -1, 0], [0, 3, 1]];

describe('one layer: [B; −B] with B invertible is injective (m = 2n suffices)', () => {
  for (const [name, B] of [['n = 2', B2], ['n = 3', B3], ['n = 1', [[5]]]] as const) {
    it(`${name}: cells and FGS both prove it, with checked certificates`, () => {
      const N = net([layer(plusMinus(B as number[][]))]);
      const cells = decideAndCheck(N, { method: 'cells' });
      const fgs = decideAndCheck(N, { method: 'fgs' });
      expect(cells.status).toBe('holds');
      expect(fgs.status).toBe('holds');
      if (cells.status === 'holds') expect(cells.argument).toBe('cells');
      if (fgs.status === 'holds') expect(fgs.argument).toBe('fgs');
    });
  }

  it('W = [I; −I] is injective although no row is positive at 0 (the criterion is non-strict)', () => {
    const N = net([layer([[1, 0], [0, 1], [-1, 0], [0, -1]])]);
    expect(decideAndCheck(N, { method: 'cells' }).status).toBe('holds');
    expect(decideAndCheck(N, { method: 'fgs' }).status).toBe('holds');
  });

  it('with a bias [c; −c] the layer is [B; −B] composed with a translation: injective (the cell method decides)', () => {
    const N = net([layer(plusMinus(B2), 'relu', [1, -2, -1, 2])]);
    const r = decideAndCheck(N);
    expect(r.status).toBe('holds');
    if (r.status === 'holds') expect(r.argument).toBe('cells');
  });
});

describe('one layer: not injective, with a checked counterexample pair', () => {
  it('every m < 2n is not injective (n = 2, 3; m = n .. 2n − 1), both methods', () => {
    const rows = [[1, 2, -1], [3, -1, 2], [-2, 1, 1], [1, 1, 1], [-1, 3, -2], [2, -2, 1]];
    for (const n of [2, 3]) {
      for (let m = n; m < 2 * n; m++) {
        const W = rows.slice(0, m).map((r) => r.slice(0, n));
        const N = net([layer(W)]);
        expect(decideAndCheck(N, { method: 'cells' }).status, `n=${n} m=${m} cells`).toBe('violated');
        expect(decideAndCheck(N, { method: 'fgs' }).status, `n=${n} m=${m} fgs`).toBe('violated');
      }
    }
  });

  it('W = I: all negative inputs map to 0', () => {
    const N = net([layer([[1, 0, 0], [0, 1, 0], [0, 0, 1]])]);
    for (const method of ['cells', 'fgs'] as const) {
      const r = decideAndCheck(N, { method });
      expect(r.status).toBe('violated');
    }
  });

  it('a repeated row (2n rows, only 2n − 1 distinct)', () => {
    const N = net([layer([[1, 0], [1, 0], [0, 1], [0, -1]])]);
    expect(decideAndCheck(N, { method: 'cells' }).status).toBe('violated');
    expect(decideAndCheck(N, { method: 'fgs' }).status).toBe('violated');
  });

  it('a rank-deficient W (the FGS search answers at x = 0)', () => {
    const N = net([layer([[1, 1], [-1, -1], [2, 2], [-2, -2], [3, 3]])]);
    expect(decideAndCheck(N, { method: 'cells' }).status).toBe('violated');
    const r = decideAndCheck(N, { method: 'fgs' });
    expect(r.status).toBe('violated');
  });

  it('rows in one open half-space: S(−v) is empty', () => {
    const N = net([layer([[1, 0], [1, 1], [1, -1], [2, 1], [1, 3], [3, -2]])]);
    expect(decideAndCheck(N, { method: 'cells' }).status).toBe('violated');
    expect(decideAndCheck(N, { method: 'fgs' }).status).toBe('violated');
  });

  it('[B; −B] with a bias not of the form [c; −c] can fail: here a cell has < n active rows', () => {
    expect(decideAndCheck(net([layer(plusMinus(B2), 'relu', [1, -2, 3, 0])])).status).toBe('violated');
  });

  it('with a bias: a cell with no active row (n = 2) is deficient', () => {
    // [I; −I] shifted: rows x1 ≥ 1, x2 ≥ 1, −x1 ≥ 1, −x2 ≥ 1 leave the square |x_j| < 1 with no active row.
    const N = net([layer([[1, 0], [0, 1], [-1, 0], [0, -1]], 'relu', [-1, -1, -1, -1])]);
    const r = decideAndCheck(N);
    expect(r.status).toBe('violated');
  });
});

describe('domains', () => {
  it('ReLU on [1, 2] is injective, on [−1, 1] it is not', () => {
    const N = net([layer([[1]])]);
    expect(decideAndCheck(N, { domain: parseBox('1:2', 1) }).status).toBe('holds');
    expect(decideAndCheck(N, { domain: parseBox('-1:1', 1) }).status).toBe('violated');
  });

  it('W = I on the positive box is injective; the counterexample of [−1, 1]² stays in the box', () => {
    const N = net([layer([[1, 0], [0, 1]])]);
    expect(decideAndCheck(N, { domain: parseBox('1/3:2', 2) }).status).toBe('holds');
    const r = decideAndCheck(N, { domain: parseBox('-1:1', 2) });
    expect(r.status).toBe('violated');
  });

  it('a flat box is bad input', () => {
    const N = net([layer([[1]])]);
    expect(() => decideAndCheck(N, { domain: parseBox('1:1', 1) })).toThrow(/empty interior|flat/);
  });
});

describe('zero hidden layers and identity output layers', () => {
  it('an affine network is decided by rank', () => {
    expect(decideAndCheck(net([layer([[1, 2], [3, 4]], 'identity')])).status).toBe('holds');
    const r = decideAndCheck(net([layer([[1, 2], [2, 4], [0, 0]], 'identity')]));
    expect(r.status).toBe('violated');
    if (r.status === 'violated') expect(r.argument).toBe('affine-rank');
  });

  it('a network with no layers is the identity: injective', () => {
    const r = decideAndCheck({ inputs: 2, layers: [] });
    expect(r.status).toBe('holds');
  });

  it('a rank-deficient affine map on a box: the counterexample stays in the box', () => {
    expect(decideAndCheck(net([layer([[1, 1]], 'identity')]), { domain: parseBox('0:1', 2) }).status).toBe('violated');
  });

  it('[B; −B] followed by an invertible identity layer is injective; followed by a sum it is not (N(x) = N(−x))', () => {
    const hidden = layer(plusMinus(B2));
    const r = decideAndCheck(net([hidden, layer([[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]], 'identity')]));
    expect(r.status).toBe('holds');
    const sum = decideAndCheck(net([hidden, layer([[1, 1, 1, 1]], 'identity')]));
    expect(sum.status).toBe('violated');
  });

  it('identity layers before a ReLU layer fold into it', () => {
    const N = net([layer([[1, 1], [0, 1]], 'identity'), layer(plusMinus([[1, 0], [0, 1]]))]);
    expect(networkStages(N).map((s) => s.kind)).toEqual(['relu']);
    expect(decideAndCheck(N).status).toBe('holds');
  });
});

describe('deep networks', () => {
  it('a composition of injective layers is injective, certified layer-wise', () => {
    const N = net([layer(plusMinus(B2)), layer([[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]])]);
    const r = decideAndCheck(N);
    expect(r.status).toBe('holds');
    if (r.status === 'holds') expect(r.argument).toBe('layer-wise');
  });

  it('a second layer injective only on the image of the first: the layer-wise test fails, the exact deep decision proves injectivity', () => {
    // h(x) = (relu x1, relu x2, relu −x1, relu −x2); the second layer computes (relu(u1 − v1), relu(v1 − u1), …),
    // which merges (u, v) and (u + t, v + t) on the orthant, but on the image one of u_j, v_j is 0.
    const N = net([layer(plusMinus([[1, 0], [0, 1]])), layer([[1, 0, -1, 0], [-1, 0, 1, 0], [0, 1, 0, -1], [0, -1, 0, 1]])]);
    expect(decideAndCheck(N, { deep: 'layer-wise' }).status).toBe('unknown');
    const r = decideAndCheck(N);
    expect(r.status).toBe('holds');
    if (r.status === 'holds') expect(r.argument).toBe('region-pairs');
    expect(decideAndCheck(N, { domain: parseBox('-1:2', 2) }).status).toBe('holds');
  });

  it('a non-injective first layer refutes the deep network', () => {
    const N = net([layer([[1, 0], [0, 1]]), layer([[1, 2], [2, 1], [-1, 0]])]);
    const r = decideAndCheck(N);
    expect(r.status).toBe('violated');
  });

  it('an injective first layer followed by a layer that folds the image: the exact decision finds the pair', () => {
    // Layer 1 = [1; −1] on R (injective); layer 2 = relu(u + v) = |x|: N(x) = N(−x).
    const N = net([layer([[1], [-1]]), layer([[1, 1]])]);
    const r = decideAndCheck(N);
    expect(r.status).toBe('violated');
    if (r.status === 'violated') expect(['region-pairs', 'region-rank']).toContain(r.argument);
  });

  it('a two-region deep net with bias whose pieces meet only where x = y (LP duals or separation)', () => {
    // N(x) = (relu(x), relu(x − 1) + x) on R: strictly increasing second output → injective.
    const N = net([layer([[1], [1], [1], [-1]], 'relu', [0, -1, 0, 0]), layer([[1, 0, 0, 0], [0, 1, 1, -1]], 'identity')]);
    const r = decideAndCheck(N, { deep: 'pairs' });
    expect(r.status).toBe('holds');
  });
});

describe('the two one-layer methods directly', () => {
  it('FGS certificates are small: at most Σ_{d<n} (n+1)^d LPs for generic W (21 at n = 3)', () => {
    const W = plusMinus(B3).map((row) => row.map((v) => BigInt(v)));
    const r = decideLayerFgs(W, 3);
    expect(r.injective).toBe(true);
    expect(r.lps).toBeLessThanOrEqual(1 + 4 + 16);
  });

  it('cells stop at the first deficient cell', () => {
    const r = decideLayerByCells(net([layer([[1, 0], [0, 1], [1, 1]])]), { kind: 'all' });
    expect(r.injective).toBe(false);
  });
});

describe('a bias-free layer with m = 2n pairwise non-parallel rows is never injective', () => {
  // For x off every hyperplane |S(x)| + |S(−x)| = 2n, so injectivity would force |S(x)| = n for every
  // such x; crossing a single hyperplane (rows pairwise non-parallel) changes |S(x)| by one.
  it('random Gaussian layers of the capacity experiment (n = 2, 3; five seeds each)', async () => {
    const { mixSeed, randomNetwork } = await import('../../../src/properties/injectivity/experiment.js');
    const { mulberry32Uint32: mulberry32 } = await import('../../../src/random/prng.js');
    const { denseWeights } = await import('../../../src/network/model.js');
    for (const n of [2, 3]) {
      for (let seed = 0; seed < 5; seed++) {
        const N = randomNetwork([n, 2 * n], mulberry32(mixSeed([seed, n])));
        const W = denseWeights(N.layers[0]!);
        // Precondition: pairwise non-parallel, nonzero rows (some 2×2 minor of each pair is nonzero).
        for (let i = 0; i < W.length; i++) {
          for (let k = i + 1; k < W.length; k++) {
            const a = W[i]!;
            const b = W[k]!;
            let parallel = true;
            for (let s = 0; s < n; s++) for (let t = s + 1; t < n; t++) if (!a[s]!.mul(b[t]!).equals(a[t]!.mul(b[s]!))) parallel = false;
            expect(parallel).toBe(false);
          }
        }
        expect(decideAndCheck(N, { method: 'fgs' }).status).toBe('violated');
        expect(decideAndCheck(N, { method: 'cells' }).status).toBe('violated');
      }
    }
  });
});
