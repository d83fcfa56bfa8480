/**
 * Laws of the network calculus, checked against plain dense rational arithmetic: identities,
 * exact products of adjacent affine maps, block-diagonal parallel composition with identity
 * padding, skip-remainder, and the trace each combinator records.
 */
import fc from 'fast-check';
import type Fraction from 'fraction.js';
import { describe, expect, it } from 'vitest';
import {
  type ConstructionTrace,
  affineNetwork,
  arrange,
  compose,
  identityNetwork,
  inPlace,
  padTo,
  parallel,
  rowOf,
  skipRemainder,
  smallLayer,
  traceOf,
  wireNetwork,
} from '../../src/construct/calculus.js';
import { absGadget, max2Gadget, sort2Gadget } from '../../src/construct/gadgets.js';
import { InputError } from '../../src/errors.js';
import { ZERO } from '../../src/exact/rational.js';
import { evaluate } from '../../src/network/evaluate.js';
import { type Layer, type Network, denseWeights } from '../../src/network/model.js';
import { anyRational, r, smallRational, text } from './helpers.js';

/** A random network in standard form: `hidden` ReLU layers, then an affine layer. */
function randomNetwork(inputs: number, widths: readonly number[]): fc.Arbitrary<Network> {
  const shapes = widths.map((w, k) => [w, k === 0 ? inputs : (widths[k - 1] as number)] as const);
  return fc
    .tuple(
      ...shapes.map(([m, n]) =>
        fc.tuple(
          fc.array(fc.array(smallRational, { minLength: n, maxLength: n }), { minLength: m, maxLength: m }),
          fc.array(smallRational, { minLength: m, maxLength: m }),
        ),
      ),
    )
    .map((layers) => ({
      inputs,
      layers: layers.map(([w, b], k) => smallLayer(w, b, k === layers.length - 1 ? 'identity' : 'relu', shapes[k]?.[1])),
    }));
}

const vec = (n: number): fc.Arbitrary<Fraction[]> => fc.array(anyRational, { minLength: n, maxLength: n });
const ev = (net: Network, x: readonly Fraction[]): string[] => text(evaluate(net, x));

/** Dense product of two small matrices (the reference for the sparse product). */
function denseProduct(a: Fraction[][], b: Fraction[][]): Fraction[][] {
  return a.map((row) => (b[0] ?? []).map((_, j) => row.reduce((s, aik, k) => s.add(aik.mul((b[k] as Fraction[])[j] as Fraction)), ZERO)));
}

describe('identity and composition', () => {
  it('identity pairs: relu(y) − relu(−y) through d hidden layers is the identity, 2m neurons per layer', () => {
    for (const d of [1, 2, 4]) {
      const id = identityNetwork(3, d);
      expect(id.layers.length).toBe(d + 1);
      expect(id.layers.slice(0, -1).every((l) => l.outputs === 6 && l.activation === 'relu')).toBe(true);
      fc.assert(
        fc.property(vec(3), (x) => {
          expect(ev(id, x)).toEqual(text(x));
        }),
        { numRuns: 50 },
      );
    }
  });

  it('compose with the identity (on either side) is the same function, with the hidden layers added', () => {
    fc.assert(
      fc.property(randomNetwork(2, [3, 2, 2]), vec(2), (f, x) => {
        const left = compose(identityNetwork(2, 2), f);
        const right = compose(f, identityNetwork(2, 1));
        expect(left.layers.length).toBe(f.layers.length + 2);
        expect(right.layers.length).toBe(f.layers.length + 1);
        expect(ev(left, x)).toEqual(ev(f, x));
        expect(ev(right, x)).toEqual(ev(f, x));
      }),
      { numRuns: 80 },
    );
  });

  it('compose(f, g) = f ∘ g, with g’s last affine map multiplied into f’s first layer (no extra layer)', () => {
    fc.assert(
      fc.property(randomNetwork(2, [3, 2]), randomNetwork(2, [4, 3, 1]), vec(2), (g, f, x) => {
        const h = compose(f, g);
        expect(h.layers.length).toBe(f.layers.length + g.layers.length - 1);
        expect(ev(h, x)).toEqual(ev(f, evaluate(g, x)));
        // The merged layer is W_f1 · W_gK exactly, with bias W_f1 · b_gK + b_f1.
        const fl = f.layers[0];
        const gl = g.layers[g.layers.length - 1];
        const merged = h.layers[g.layers.length - 1];
        if (fl === undefined || gl === undefined || merged === undefined) throw new Error('missing layer');
        expect(denseWeights(merged).map(text)).toEqual(denseProduct(denseWeights(fl), denseWeights(gl)).map(text));
        const bias = denseProduct(
          denseWeights(fl),
          gl.bias.map((b) => [b]),
        ).map((row, i) => (row[0] as Fraction).add(fl.bias[i] as Fraction));
        expect(text(merged.bias)).toEqual(text(bias));
        expect(merged.activation).toBe(fl.activation);
      }),
      { numRuns: 80 },
    );
  });

  it('composing two affine maps gives their exact product', () => {
    const a = affineNetwork(2, [rowOf([r(1, 3), r(-2)]), rowOf([r(0), r(5, 7)])], [r(1, 2), r(-1)]);
    const b = affineNetwork(2, [rowOf([r(3), r(1)])], [r(2, 3)]);
    const ab = compose(b, a);
    expect(ab.layers.length).toBe(1);
    // [3 1]·[[1/3 −2], [0 5/7]] = [1, −6 + 5/7 = −37/7]; bias 3·1/2 + 1·(−1) + 2/3 = 7/6.
    expect(denseWeights(ab.layers[0] as Layer).map(text)).toEqual([['1', '-37/7']]);
    expect(text((ab.layers[0] as Layer).bias)).toEqual(['7/6']);
  });

  it('compose rejects mismatched sizes and inner networks ending in ReLU', () => {
    expect(() => compose(max2Gadget(), absGadget())).toThrow(InputError);
    const reluLast: Network = { inputs: 1, layers: [smallLayer([[1]], [0], 'relu')] };
    expect(() => compose(absGadget(), reluLast)).toThrow(/affine|identity/);
  });
});

describe('parallel composition', () => {
  it('is block-diagonal: each block its branch’s weights, zeros elsewhere, biases concatenated', () => {
    const f = sort2Gadget();
    const g = absGadget();
    const p = parallel(f, g);
    expect(p.inputs).toBe(3);
    const w0 = denseWeights(p.layers[0] as Layer).map(text);
    expect(w0).toEqual([
      ['1', '-1', '0'],
      ['-1', '1', '0'],
      ['0', '1', '0'],
      ['0', '-1', '0'],
      ['0', '0', '1'],
      ['0', '0', '-1'],
    ]);
    const w1 = denseWeights(p.layers[1] as Layer).map(text);
    expect(w1).toEqual([
      ['0', '-1', '1', '-1', '0', '0'],
      ['1', '0', '1', '-1', '0', '0'],
      ['0', '0', '0', '0', '1', '1'],
    ]);
  });

  it('pads the shallower branch with identity pairs and computes (f(x), g(y))', () => {
    fc.assert(
      fc.property(randomNetwork(2, [2, 2, 2, 1]), randomNetwork(1, [2, 2]), vec(2), vec(1), (f, g, x, y) => {
        const p = parallel(f, g);
        expect(p.layers.length).toBe(4);
        expect(ev(p, [...x, ...y])).toEqual([...ev(f, x), ...ev(g, y)]);
      }),
      { numRuns: 60 },
    );
  });

  it('padTo deepens the last trace stage; skipRemainder carries the surplus wires', () => {
    const padded = padTo(absGadget(), 3);
    expect(padded.layers.length).toBe(4);
    expect(traceOf(padded)?.stages.map((s) => s.hiddenLayers)).toEqual([3]);
    fc.assert(
      fc.property(vec(1), (x) => {
        expect(ev(padded, x)).toEqual(text([(x[0] as Fraction).abs()]));
      }),
      { numRuns: 30 },
    );
    const s = skipRemainder(absGadget(), sort2Gadget());
    fc.assert(
      fc.property(vec(2), ([a, b]) => {
        const lo = (a as Fraction).compare(b as Fraction) <= 0 ? (a as Fraction) : (b as Fraction);
        const hi = lo === a ? (b as Fraction) : (a as Fraction);
        expect(ev(s, [a as Fraction, b as Fraction])).toEqual(text([lo.abs(), hi]));
      }),
      { numRuns: 50 },
    );
  });
});

describe('traces', () => {
  it('a gadget is one stage with one op on all its wires', () => {
    expect(traceOf(sort2Gadget())).toEqual({
      format: 'relucert.trace/1',
      inputs: 2,
      outputs: 2,
      stages: [{ layer: 0, hiddenLayers: 1, inputs: 2, outputs: 2, ops: [{ gadget: 'sort2', in: [0, 1], out: [0, 1] }] }],
    });
  });

  it('inPlace and arrange fold their wirings into the ops’ in/out wires; compose concatenates stages with layer indices', () => {
    const s = sort2Gadget();
    const step1 = inPlace(4, [
      { net: s, wires: [3, 1] },
      { net: s, wires: [0, 2] },
    ]);
    const step2 = arrange(4, 2, [
      { net: max2Gadget(), in: [0, 1], out: [1] },
      { net: max2Gadget(), in: [2, 3], out: [0] },
    ]);
    const t = traceOf(compose(step2, step1)) as ConstructionTrace;
    expect(t.stages).toEqual([
      {
        layer: 0,
        hiddenLayers: 1,
        inputs: 4,
        outputs: 4,
        ops: [
          { gadget: 'sort2', in: [0, 2], out: [0, 2] },
          { gadget: 'sort2', in: [3, 1], out: [3, 1] },
        ],
      },
      {
        layer: 1,
        hiddenLayers: 1,
        inputs: 4,
        outputs: 2,
        ops: [
          { gadget: 'max2', in: [0, 1], out: [1] },
          { gadget: 'max2', in: [2, 3], out: [0] },
        ],
      },
    ]);
    // (min(x0,x2), max(x3,x1) → wire 3, min → wire 1 …) then the two maxima, swapped.
    const x = [r(5), r(-1), r(2), r(7)];
    // After step1: w0 = min(5,2) = 2, w2 = 5, w3 = min(7,−1) = −1, w1 = 7; out0 = max(w2,w3) = 5, out1 = max(w0,w1) = 7.
    expect(ev(compose(step2, step1), x)).toEqual(['5', '7']);
  });

  it('a wiring that is not a permutation stays a 0-hidden stage; parallel of unequal stage shapes drops the trace', () => {
    const sel = compose(wireNetwork(2, [1]), sort2Gadget());
    expect(traceOf(sel)?.stages.map((s) => [s.hiddenLayers, s.ops[0]?.gadget])).toEqual([
      [1, 'sort2'],
      [0, 'wire'],
    ]);
    const twoStages = compose(absGadget(), absGadget());
    expect(traceOf(parallel(twoStages, identityNetwork(1, 2)))).toBeUndefined();
    expect(ev(parallel(twoStages, identityNetwork(1, 2)), [r(-3), r(4)])).toEqual(['3', '4']);
  });
});
