/**
 * The checker's kernel against known answers and against the engine's independent code: the two
 * implementations (src/network/ for the engine, src/checker/kernel/ for the checker) were written
 * apart, so agreement on random networks is evidence for both, and a disagreement is a bug in one.
 */
import { describe, expect, it } from 'vitest';
import { identityMap, integerDeterminant, integerRank, kernelLayers, passThroughPairs as kernelPairs, patternMaps, preactivationsAt, evaluate as kernelEvaluate, solveSquare } from '../../src/checker/kernel/index.js';
import { sorterNetwork } from '../../src/construct/constructions.js';
import { ratio } from '../../src/exact/rational.js';
import { patternAffineMap, preactivationMaps } from '../../src/network/affine.js';
import { compileNetwork } from '../../src/network/compiled.js';
import { evaluate, preactivations } from '../../src/network/evaluate.js';
import { passThroughPairs } from '../../src/network/passPairs.js';
import { mulberry32, randomInteger } from '../../src/random/prng.js';
import { randomNetwork } from '../support/networks.js';

const same = (a: { num: bigint[][]; offset: bigint[]; den: bigint }, b: { num: bigint[][]; offset: bigint[]; den: bigint }): boolean =>
  a.offset.every((v, i) => v * b.den === (b.offset[i] as bigint) * a.den) && a.num.every((r, i) => r.every((v, j) => v * b.den === ((b.num[i] as bigint[])[j] as bigint) * a.den));

describe('checker kernel', () => {
  it('Bareiss rank and determinant: known answers', () => {
    expect(integerDeterminant([[2n, 1n], [1n, 3n]])).toBe(5n);
    expect(integerDeterminant([[0n, 1n], [1n, 0n]])).toBe(-1n);
    expect(integerDeterminant([[1n, 2n], [2n, 4n]])).toBe(0n);
    expect(integerDeterminant([])).toBe(1n);
    // The Vandermonde determinant of 1, 2, 3, 4: Π_{i<j} (x_j − x_i) = 1·2·3·1·2·1 = 12.
    expect(integerDeterminant([1n, 2n, 3n, 4n].map((x) => [1n, x, x * x, x * x * x]))).toBe(12n);
    expect(integerRank([[1n, 2n, 3n], [2n, 4n, 6n], [0n, 0n, 1n]])).toBe(2);
    expect(integerRank([[0n, 0n], [0n, 0n]])).toBe(0);
    expect(integerRank([[0n, 1n, 2n], [0n, 2n, 5n], [0n, 3n, 7n]])).toBe(2);
  });

  it('solveSquare: known answers, undefined when singular', () => {
    // 2x + y = 3, x + 3y = 5 → x = 4/5, y = 7/5.
    expect(solveSquare([[2n, 1n], [1n, 3n]], [3n, 5n])).toEqual([{ n: 4n, d: 5n }, { n: 7n, d: 5n }]);
    expect(solveSquare([[1n, 2n], [2n, 4n]], [1n, 2n])).toBeUndefined();
  });

  it('evaluation and pre-activations agree with the engine on random networks', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const net = randomNetwork([3, 5, 4, 2], seed);
      const random = mulberry32(seed + 100);
      const x = Array.from({ length: 3 }, () => ratio(BigInt(randomInteger(random, -20, 20)), BigInt(randomInteger(random, 1, 7))));
      const xq = x.map((v) => ({ n: v.s < 0n ? -v.n : v.n, d: v.d }));
      const text = (vs: readonly { n: bigint; d: bigint }[]): string[] => vs.map((v) => ratio(v.n, v.d).toFraction());
      expect(text(kernelEvaluate(net, xq))).toEqual(evaluate(net, x).map((v) => v.toFraction()));
      expect(preactivationsAt(net, xq).map(text)).toEqual(preactivations(net, x).map((z) => z.map((v) => v.toFraction())));
    }
  });

  it('region-wise affine maps agree with the engine on random patterns', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const net = randomNetwork([3, 4, 5, 2], seed);
      const random = mulberry32(seed + 7);
      const pattern = net.layers.map((l) => (l.activation === 'relu' ? Array.from({ length: l.outputs }, () => random() < 0.5) : []));
      const ours = patternMaps(net, pattern);
      const theirs = preactivationMaps(net, pattern);
      ours.preactivations.forEach((m, k) => expect(same(m, theirs[k] as never)).toBe(true));
      expect(same(ours.output, patternAffineMap(net, pattern))).toBe(true);
    }
    expect(patternMaps({ inputs: 2, layers: [] }, []).output).toEqual(identityMap(2));
  });

  it('pass-through pairs agree with the engine on constructed sorters (and there are some)', () => {
    for (const n of [4, 8]) {
      for (const algorithm of ['bitonic', 'odd-even'] as const) {
        const net = sorterNetwork(n, algorithm);
        const ours = kernelPairs(kernelLayers(net)).map((m) => [...m].sort((a, b) => a[0] - b[0]));
        const theirs = passThroughPairs(compileNetwork(net)).map((m) => [...m].sort((a, b) => a[0] - b[0]));
        expect(ours).toEqual(theirs);
        expect(ours.some((m) => m.length > 0)).toBe(true);
      }
    }
  });
});
