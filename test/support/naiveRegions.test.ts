/**
 * The brute-force region oracle of test/support against answers known from mathematics, so that
 * the tests using it rest on something other than the engine.
 */
import Fraction from 'fraction.js';
import { describe, expect, it } from 'vitest';
import { type Network, denseLayer } from '../../src/network/model.js';
import { interiorRows, naiveForward, naivePreactivations, naiveRegionCount, openBoxRows } from './naiveRegions.js';

const F = (v: number | string): Fraction => (typeof v === 'number' ? new Fraction(BigInt(v)) : new Fraction(v));
const oneLayer = (w: (number | string)[][], b: (number | string)[]): Network => ({ inputs: (w[0] as unknown[]).length, layers: [denseLayer(w.map((r) => r.map(F)), b.map(F), 'relu')] });

describe('naiveRegionCount', () => {
  it('m generic lines in the plane: 1 + m + C(m, 2) regions (Zaslavsky)', () => {
    // x = 0, y = 0, x + y = 1, x − y = −1/2: no two parallel, no three through a point.
    expect(naiveRegionCount(oneLayer([[1, 0], [0, 1], [1, 1], [1, -1]], [0, 0, -1, '1/2']), [])).toBe(11);
    expect(naiveRegionCount(oneLayer([[1, 0], [0, 1], [1, 1]], [0, 0, -1]), [])).toBe(7);
  });

  it('five central planes in general position in R^3: 2 (C(4,0) + C(4,1) + C(4,2)) = 22', () => {
    expect(naiveRegionCount(oneLayer([[1, 1, 1], [-1, 2, 4], [1, 3, 9], [-1, 4, 16], [1, 5, 25]], [0, 0, 0, 0, 0]), [])).toBe(22);
  });

  it('|x|: 2 regions on R, 1 on (1, 2), 0 on the flat box [1, 1]; duplicated and constant neurons', () => {
    const abs = oneLayer([[1], [-1]], [0, 0]);
    expect(naiveRegionCount(abs, [])).toBe(2);
    expect(naiveRegionCount(abs, openBoxRows([[F(1), F(2)]]))).toBe(1);
    expect(naiveRegionCount(abs, openBoxRows([[F(1), F(1)]]))).toBe(0);
    // relu(x) twice, relu(0·x + 0) and relu(0·x + 1): x < 0 and x > 0 (the constants fixed off and on).
    expect(naiveRegionCount(oneLayer([[1], [1], [0], [0]], [0, 0, 0, 1]), [])).toBe(2);
  });

  it('the hat relu(relu(x) − 2 relu(x − 1)): 4 regions on R (x < 0, (0, 1), (1, 2), x > 2), found through the second layer', () => {
    const hat: Network = { inputs: 1, layers: [denseLayer([[F(1)], [F(1)]], [F(0), F(-1)], 'relu'), denseLayer([[F(1), F(-2)]], [F(0)], 'relu')] };
    expect(naiveRegionCount(hat, [])).toBe(4);
    expect(naiveRegionCount(hat, openBoxRows([[F('1/2'), F(3)]]))).toBe(3);
  });

  it('domains as in claims: boxes, polytopes (equality rows have no interior), all of R^n', () => {
    const lines = oneLayer([[1, 0], [0, 1]], [0, 0]);
    expect(naiveRegionCount(lines, interiorRows({ kind: 'all' }, 2))).toBe(4);
    expect(naiveRegionCount(lines, interiorRows({ kind: 'box', box: [['-1', '1'], ['1/2', '1']] }, 2))).toBe(2);
    const half = { coefficients: ['1', '1'], relation: '<=', rhs: '-1' };
    expect(naiveRegionCount(lines, interiorRows({ kind: 'polytope', constraints: [half] }, 2))).toBe(3);
    expect(naiveRegionCount(lines, interiorRows({ kind: 'polytope', constraints: [{ ...half, relation: '=' }] }, 2))).toBe(0);
    expect(naiveRegionCount(lines, [], 1)).toBeUndefined();
  });

  it('pre-activation forms agree with naive evaluation at points of their pattern', () => {
    const net: Network = {
      inputs: 2,
      layers: [
        denseLayer([[F(1), F(-2)], [F('3/2'), F(1)], [F(-1), F(0)]], [F(1), F(0), F('1/3')], 'relu'),
        denseLayer([[F(1), F(-1), F(2)], [F(0), F(1), F(1)]], [F(-1), F(0)], 'relu'),
        denseLayer([[F(2), F(-3)]], [F(0)], 'identity'),
      ],
    };
    for (const x of [['0', '0'], ['1/2', '-3'], ['-7/3', '5/4'], ['10', '1']].map((p) => p.map(F))) {
      const { pre } = naiveForward(net, x);
      const pattern = pre.map((z) => z.map((v) => v.compare(0) > 0));
      naivePreactivations(net, pattern).forEach((layer, k) =>
        layer.forEach((f, i) => {
          const at = f.c.reduce((acc, c, j) => acc.add(c.mul(x[j] as Fraction)), f.d);
          expect(at.equals((pre[k] as Fraction[])[i] as Fraction), `layer ${k} neuron ${i} at ${x}`).toBe(true);
        }),
      );
    }
  });
});
