/**
 * Affine maps of activation patterns against evaluation: on the pattern read off at x, the maps
 * reproduce the network and its pre-activations at x exactly, and a tied neuron (pre-activation
 * exactly 0) may be taken on or off without changing the value at x.
 */
import fc from 'fast-check';
import Fraction from 'fraction.js';
import { describe, expect, it } from 'vitest';
import { formatRational, parseRational } from '../../src/exact/rational.js';
import {
  type ActivationPattern,
  type AffineMap,
  affineMapToRationals,
  identityMap,
  patternAffineMap,
  preactivationMaps,
  reduceAffineMap,
} from '../../src/network/affine.js';
import { activationSigns, evaluate, preactivations } from '../../src/network/evaluate.js';
import { type Activation, type Layer, type Network, denseLayer, denseWeights, sparseLayer } from '../../src/network/model.js';

const R = (text: string): Fraction => parseRational(text);
const text = (vs: readonly Fraction[]): string[] => vs.map(formatRational);

/** A map applied at x with plain fraction.js arithmetic. */
function applyMap(map: AffineMap, x: readonly Fraction[]): Fraction[] {
  return map.num.map((row, i) => {
    let acc = new Fraction(map.offset[i] as bigint);
    row.forEach((a, j) => {
      acc = acc.add(new Fraction(a).mul(x[j] as Fraction));
    });
    return acc.div(new Fraction(map.den));
  });
}

/** A naive dense evaluator, independent of src/network/evaluate.ts. */
function naivePre(net: Network, x: readonly Fraction[]): Fraction[][] {
  const pre: Fraction[][] = [];
  let h = [...x];
  for (const layer of net.layers) {
    const w = denseWeights(layer);
    const z = layer.bias.map((b, i) => (w[i] as Fraction[]).reduce((acc, wij, j) => acc.add(wij.mul(h[j] as Fraction)), new Fraction(b)));
    pre.push(z);
    h = layer.activation === 'relu' ? z.map((v) => (v.s < 0n && v.n !== 0n ? new Fraction(0n) : v)) : z;
  }
  return pre;
}

function dense(rows: string[][], bias: string[], activation: Activation): Layer {
  return denseLayer(rows.map((r) => r.map(R)), bias.map(R), activation, rows[0]?.length);
}

const rational = fc.oneof(
  fc.tuple(fc.integer({ min: -20, max: 20 }), fc.integer({ min: 1, max: 9 })).map(([p, q]) => new Fraction(BigInt(p), BigInt(q))),
  fc.tuple(fc.integer({ min: -9999, max: 9999 }), fc.integer({ min: 0, max: 6 })).map(([m, e]) => R(`${m}e-${e}`)),
  fc.bigInt({ min: -(1n << 80n), max: 1n << 80n }).map((p) => new Fraction(p, 3n)),
  fc.constant(new Fraction(0n)),
);
const tieProne = fc.integer({ min: -2, max: 2 }).map((v) => new Fraction(BigInt(v)));

function networkArb(value: fc.Arbitrary<Fraction>): fc.Arbitrary<Network> {
  return fc
    .tuple(fc.integer({ min: 1, max: 4 }), fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 0, maxLength: 4 }))
    .chain(([inputs, widths]) =>
      fc.tuple(
        fc.constant(inputs),
        fc.tuple(
          ...widths.map((outputs, k) => {
            const fanIn = k === 0 ? inputs : (widths[k - 1] as number);
            return fc
              .tuple(
                fc.array(fc.array(value, { minLength: fanIn, maxLength: fanIn }), { minLength: outputs, maxLength: outputs }),
                fc.array(value, { minLength: outputs, maxLength: outputs }),
                fc.constantFrom<Activation>('relu', 'relu', 'identity'),
                fc.boolean(),
              )
              .map(([w, b, act, sparse]): Layer => {
                if (!sparse) return denseLayer(w, b, act, fanIn);
                const entries: [number, number, Fraction][] = [];
                w.forEach((row, i) => row.forEach((v, j) => entries.push([i, j, v])));
                return sparseLayer([outputs, fanIn], entries, b, act);
              });
          }),
        ),
      ),
    )
    .map(([inputs, layers]): Network => ({ inputs, layers }));
}

function withPoint(value: fc.Arbitrary<Fraction>): fc.Arbitrary<[Network, Fraction[]]> {
  return networkArb(value).chain((n) => fc.tuple(fc.constant(n), fc.array(value, { minLength: n.inputs, maxLength: n.inputs })));
}

/** The pattern read off at x; a tie (sign 0) is resolved by `tie`. */
function patternAt(net: Network, x: readonly Fraction[], tie: (k: number, i: number) => boolean): ActivationPattern {
  return activationSigns(net, x).map((layer, k) => Array.from(layer, (s, i) => (s === 0 ? tie(k, i) : s > 0)));
}

describe('patternAffineMap and preactivationMaps', () => {
  it('|x| on each piece', () => {
    const abs: Network = { inputs: 1, layers: [dense([['1'], ['-1']], ['0', '0'], 'relu'), dense([['1', '1']], ['0'], 'identity')] };
    const plus = affineMapToRationals(patternAffineMap(abs, [[true, false], []]));
    expect(plus.matrix.map(text)).toEqual([['1']]);
    expect(text(plus.offset)).toEqual(['0']);
    const minus = affineMapToRationals(patternAffineMap(abs, [[false, true], []]));
    expect(minus.matrix.map(text)).toEqual([['-1']]);
    const both = affineMapToRationals(patternAffineMap(abs, [[true, true], []]));
    expect(both.matrix.map(text)).toEqual([['0']]);
  });

  it('maps carry rational weights exactly (7/3, −5/11, 0.1)', () => {
    const n: Network = {
      inputs: 2,
      layers: [dense([['7/3', '-5/11'], ['0.1', '1']], ['1/2', '-0.3'], 'relu'), dense([['3', '-1/7']], ['0.25'], 'relu')],
    };
    const pre = preactivationMaps(n, [[true, false], [true]]);
    expect(affineMapToRationals(pre[0] as AffineMap).matrix.map(text)).toEqual([
      ['7/3', '-5/11'],
      ['1/10', '1'],
    ]);
    const out = affineMapToRationals(patternAffineMap(n, [[true, false], [true]]));
    expect(out.matrix.map(text)).toEqual([['7', '-15/11']]);
    expect(text(out.offset)).toEqual(['7/4']);
    expect(text(affineMapToRationals(patternAffineMap(n, [[true, false], [false]])).offset)).toEqual(['0']);
  });

  it('a zero-layer network is the identity; identity layers ignore the pattern', () => {
    expect(patternAffineMap({ inputs: 2, layers: [] }, [])).toEqual(identityMap(2));
    const n: Network = { inputs: 1, layers: [dense([['2'], ['-3']], ['1', '0'], 'identity')] };
    const m = affineMapToRationals(patternAffineMap(n, [[false, false]]));
    expect(m.matrix.map(text)).toEqual([['2'], ['-3']]);
    expect(text(m.offset)).toEqual(['1', '0']);
  });

  it('rejects patterns of the wrong shape', () => {
    const n: Network = { inputs: 1, layers: [dense([['1'], ['-1']], ['0', '0'], 'relu'), dense([['1', '1']], ['0'], 'relu')] };
    expect(() => patternAffineMap(n, [[true, false]])).toThrow(/2 are needed/);
    expect(() => patternAffineMap(n, [[true], [true]])).toThrow(/1 entries/);
  });

  it('reduceAffineMap divides by the common gcd', () => {
    const m = reduceAffineMap({ num: [[4n, -6n]], offset: [2n], den: 8n });
    expect(m).toEqual({ num: [[2n, -3n]], offset: [1n], den: 4n });
  });

  it('at random points, the map of the pattern there reproduces the network and its pre-activations', () => {
    fc.assert(
      fc.property(withPoint(rational), ([n, x]) => {
        const pattern = patternAt(n, x, () => true);
        expect(text(applyMap(patternAffineMap(n, pattern), x))).toEqual(text(evaluate(n, x)));
        const maps = preactivationMaps(n, pattern);
        const pre = naivePre(n, x);
        expect(maps.length).toBe(n.layers.length);
        maps.forEach((m, k) => expect(text(applyMap(m, x))).toEqual(text(pre[k] as Fraction[])));
        expect(preactivations(n, x).map(text)).toEqual(pre.map(text));
        // A prefix of the maps is the prefix of all of them.
        const some = Math.min(2, n.layers.length);
        expect(preactivationMaps(n, pattern, some)).toEqual(maps.slice(0, some));
      }),
      { numRuns: 300, seed: 1234 },
    );
  });

  it('where a pre-activation is exactly 0, on and off give the same value', () => {
    let ties = 0;
    fc.assert(
      fc.property(withPoint(tieProne), fc.array(fc.boolean(), { minLength: 32, maxLength: 32 }), ([n, x], coins) => {
        const want = text(evaluate(n, x));
        const pre = naivePre(n, x);
        ties += pre.flat().filter((v) => v.n === 0n).length;
        const tie = (k: number, i: number): boolean => coins[(k * 7 + i) % 32] as boolean;
        for (const choose of [() => true, () => false, tie]) {
          const pattern = patternAt(n, x, choose);
          expect(text(applyMap(patternAffineMap(n, pattern), x))).toEqual(want);
          preactivationMaps(n, pattern).forEach((m, k) => expect(text(applyMap(m, x))).toEqual(text(pre[k] as Fraction[])));
        }
      }),
      { numRuns: 300, seed: 77 },
    );
    expect(ties).toBeGreaterThan(50);
  });
});
