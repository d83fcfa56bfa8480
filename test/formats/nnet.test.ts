/**
 * The .nnet reader and writer: exact decimal reading, the raw and normalized semantics (checked
 * against an independent computation with the raw network), line-numbered errors, the writer's
 * exactness rule, and the real ACAS Xu files.
 */
import Fraction from 'fraction.js';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { formatRational, parseRational } from '../../src/exact/rational.js';
import { formatNnet, nnetNetwork, parseNnet } from '../../src/formats/nnet.js';
import { evaluate } from '../../src/network/evaluate.js';
import { denseLayer, denseWeights, weightAt } from '../../src/network/model.js';
import { readFileSync } from 'node:fs';
import { ACAS_NAMES, DATA_DIR, describeWithSharedData } from './data.js';
import { expectInputError } from '../support/errors.js';

const q = (text: string): Fraction => parseRational(text);
const qs = (...texts: string[]): Fraction[] => texts.map(q);
const show = (values: readonly Fraction[]): string[] => values.map(formatRational);

/**
 * 2 inputs → 3 ReLU → 1 output, with a non-trivial normalization. Line numbers (1-based):
 * 1 comment, 2 header, 3 sizes, 4 flag, 5 mins, 6 maxes, 7 means, 8 ranges,
 * 9–11 layer 1 rows, 12–14 layer 1 biases, 15 layer 2 row, 16 layer 2 bias.
 */
const TINY = `// tiny test network
2,2,1,3,
2,3,1,
0,
-10.0,-20.0,
10.0,20.0,
1.5,-2.0,1.0,
2.0,4.0,3.0,
1.0,-1.0,
0.5,0.25,
-1.0,2.0,
0.0,
1.0,
-0.5,
1.0,-2.0,1.5,
0.25,
`;

/** Replaces line `n` (1-based) of a text. */
function withLine(text: string, n: number, replacement: string | null): string {
  const lines = text.split('\n');
  if (replacement === null) lines.splice(n - 1, 1);
  else lines[n - 1] = replacement;
  return lines.join('\n');
}


describe('parseNnet', () => {
  it('reads sizes, normalization and weights exactly as written', () => {
    const parsed = parseNnet(TINY, 'dir/tiny.nnet');
    const net = parsed.network;
    expect(net.inputs).toBe(2);
    expect(net.name).toBe('tiny');
    expect(net.layers.map((l) => [l.inputs, l.outputs, l.activation])).toEqual([
      [2, 3, 'relu'],
      [3, 1, 'identity'],
    ]);
    expect(show(parsed.inputMinimums)).toEqual(['-10', '-20']);
    expect(show(parsed.inputMaximums)).toEqual(['10', '20']);
    expect(show(parsed.inputMeans)).toEqual(['3/2', '-2']);
    expect(show(parsed.inputRanges)).toEqual(['2', '4']);
    expect(formatRational(parsed.outputMean)).toBe('1');
    expect(formatRational(parsed.outputRange)).toBe('3');
    expect(denseWeights(net.layers[0]!).map(show)).toEqual([
      ['1', '-1'],
      ['1/2', '1/4'],
      ['-1', '2'],
    ]);
    expect(show(net.layers[0]!.bias)).toEqual(['0', '1', '-1/2']);
    expect(denseWeights(net.layers[1]!).map(show)).toEqual([['1', '-2', '3/2']]);
    expect(show(net.layers[1]!.bias)).toEqual(['1/4']);
  });

  it('reads 5.40062e-02 as exactly 540062/10^7 (no binary float in between)', () => {
    const text = '1,1,1,1,\n1,1,\n0,\n-1,\n1,\n0,0,\n1,1,\n5.40062e-02,\n-1.0e-7,\n';
    const layer = parseNnet(text).network.layers[0]!;
    expect(weightAt(layer, 0, 0).equals(new Fraction(540062n, 10n ** 7n))).toBe(true);
    expect(formatRational(weightAt(layer, 0, 0))).toBe('270031/5000000');
    expect(formatRational(layer.bias[0]!)).toBe('-1/10000000');
  });

  it('accepts CRLF line ends, blank lines and lines without a trailing comma', () => {
    const text = TINY.replace(/,\n/g, '\n').replace(/\n/g, '\r\n').replace('0,\r\n', '0\r\n\r\n');
    expect(show(parseNnet(text).network.layers[1]!.bias)).toEqual(['1/4']);
  });

  it('evaluates the raw network by hand: x = (2, -1) gives -1/4', () => {
    // W1 x + b1 = (3, 0.75, -4) + (0, 1, -0.5) = (3, 1.75, -4.5) → ReLU (3, 1.75, 0);
    // y = 3 − 3.5 + 0 + 0.25 = −0.25.
    const raw = nnetNetwork(parseNnet(TINY), 'raw');
    expect(show(evaluate(raw, qs('2', '-1')))).toEqual(['-1/4']);
  });

  it("records the clipping box in metadata, in each semantics' own coordinates", () => {
    const parsed = parseNnet(TINY);
    const raw = nnetNetwork(parsed, 'raw');
    const normalized = nnetNetwork(parsed, 'normalized');
    expect(raw.metadata).toMatchObject({ source: 'nnet', nnetSemantics: 'raw', inputMinimums: ['-10', '-20'], inputMaximums: ['10', '20'] });
    // (−10 − 1.5)/2 = −23/4, (−20 + 2)/4 = −9/2; (10 − 1.5)/2 = 17/4, (20 + 2)/4 = 11/2
    expect(raw.metadata?.domainMinimums).toEqual(['-23/4', '-9/2']);
    expect(raw.metadata?.domainMaximums).toEqual(['17/4', '11/2']);
    expect(normalized.metadata).toMatchObject({ nnetSemantics: 'normalized', domainMinimums: ['-10', '-20'], domainMaximums: ['10', '20'] });
  });

  it('folds the normalization exactly: normalized(x) = outRange·raw((x − mean)/range) + outMean', () => {
    const parsed = parseNnet(TINY);
    const raw = nnetNetwork(parsed, 'raw');
    const normalized = nnetNetwork(parsed, 'normalized');
    // By hand: physical (5.5, −6) normalizes to (2, −1), raw output −1/4, physical 3·(−1/4) + 1 = 1/4.
    expect(show(evaluate(normalized, qs('5.5', '-6')))).toEqual(['1/4']);
    const points = [
      ['5.5', '-6'],
      ['0', '0'],
      ['-7/3', '11/5'],
      ['9.75', '-19.5'],
      ['1e-3', '123/7'],
    ];
    for (const p of points) {
      const x = qs(...p);
      const z = x.map((v, i) => v.sub(parsed.inputMeans[i]!).div(parsed.inputRanges[i]!));
      const expected = evaluate(raw, z).map((y) => y.mul(parsed.outputRange).add(parsed.outputMean));
      expect(show(evaluate(normalized, x))).toEqual(show(expected));
    }
  });

  it('rejects a zero input range when folding', () => {
    const parsed = parseNnet(withLine(TINY, 8, '2.0,0.0,3.0,'));
    expect(() => nnetNetwork(parsed, 'raw')).not.toThrow();
    expectInputError(() => nnetNetwork(parsed, 'normalized'), 'input 2 has range 0');
  });
});

describe('parseNnet errors name the file and the line', () => {
  it('empty text', () => {
    expectInputError(() => parseNnet('', 'e.nnet'), 'e.nnet', 'empty');
    expectInputError(() => parseNnet('// only a comment\n\n', 'e.nnet'), 'e.nnet', 'empty');
  });

  it('a truncated file (missing the last bias line)', () => {
    const e = expectInputError(() => parseNnet(withLine(TINY, 16, null), 't.nnet'), 't.nnet: line 16', 'ends early', 'layer 2 bias 1 of 1');
    expect(e.code).toBe('parse');
    expectInputError(() => parseNnet(TINY.split('\n').slice(0, 10).join('\n'), 't.nnet'), 't.nnet: line 11', 'layer 1 weight row 3 of 3');
  });

  it('a cell that is not a number', () => {
    expectInputError(() => parseNnet(withLine(TINY, 10, '0.5,abc,'), 'n.nnet'), 'n.nnet: line 10', 'entry 2', '"abc" is not a rational');
    expectInputError(() => parseNnet(withLine(TINY, 12, 'nan,'), 'n.nnet'), 'n.nnet: line 12', 'not a finite number');
    expectInputError(() => parseNnet(withLine(TINY, 9, '1.0,,-1.0,'), 'n.nnet'), 'line 9');
  });

  it('a weight row of the wrong length', () => {
    const e = expectInputError(() => parseNnet(withLine(TINY, 15, '1.0,-2.0,'), 'w.nnet'), 'w.nnet: line 15: expected 3 numbers', 'got 2');
    expect(e.path).toBe('line 15');
    expectInputError(() => parseNnet(withLine(TINY, 7, '1.5,-2.0,'), 'w.nnet'), 'line 7: expected 3 numbers');
  });

  it('inconsistent header sizes and trailing content', () => {
    expectInputError(() => parseNnet(withLine(TINY, 2, '2,2,1,4,'), 'h.nnet'), 'line 3', 'maxLayerSize 4');
    expectInputError(() => parseNnet(withLine(TINY, 3, '2,3,2,'), 'h.nnet'), 'line 3', 'outputSize 1');
    expectInputError(() => parseNnet(withLine(TINY, 2, '2,x,1,3,'), 'h.nnet'), 'line 2', 'positive integer');
    expectInputError(() => parseNnet(`${TINY}7.0,\n`, 'h.nnet'), 'line 17', 'unexpected content');
  });
});

describe('formatNnet', () => {
  it('writes finite decimals exactly and reads back to the same network', () => {
    const net = nnetNetwork(parseNnet(TINY), 'normalized');
    const back = parseNnet(formatNnet(net));
    expect(show(back.inputMeans)).toEqual(['0', '0']);
    expect(show(back.inputRanges)).toEqual(['1', '1']);
    expect(formatRational(back.outputRange)).toBe('1');
    back.network.layers.forEach((layer, k) => {
      expect(denseWeights(layer).map(show)).toEqual(denseWeights(net.layers[k]!).map(show));
      expect(show(layer.bias)).toEqual(show(net.layers[k]!.bias));
    });
    // Both semantics of the written file are the network itself (identity normalization).
    const x = qs('3.25', '-1/8');
    expect(show(evaluate(nnetNetwork(back, 'normalized'), x))).toEqual(show(evaluate(net, x)));
  });

  it('writes a tiny negative dyadic as plain decimal text', () => {
    const net = { inputs: 1, layers: [denseLayer([[q('-3/1024')]], [q('12.5')], 'identity')] };
    const text = formatNnet(net);
    expect(text).toContain('\n-0.0029296875,\n12.5,\n');
  });

  it('refuses a weight without a finite decimal expansion, naming it', () => {
    const net = {
      inputs: 2,
      layers: [denseLayer([[q('1'), q('1/3')]], [q('0')], 'relu'), denseLayer([[q('2')]], [q('1/7')], 'identity')],
    };
    const e = expectInputError(() => formatNnet(net), 'layers[0].weights[0][1]', '1/3');
    expect(e.code).toBe('unsupported');
  });

  it('refuses activations the format cannot express', () => {
    const net = { inputs: 1, layers: [denseLayer([[q('1')]], [q('0')], 'relu')] };
    expectInputError(() => formatNnet(net), 'layers[0].activation');
  });
});

describeWithSharedData('real .nnet files', () => {

  it('fc_2-2-3.nnet (Marabou) loads with hand-checkable weights', () => {
    const parsed = parseNnet(readFileSync(`${DATA_DIR}small/fc_2-2-3.nnet`, 'utf8'), 'fc_2-2-3.nnet');
    const net = parsed.network;
    expect(net.layers.map((l) => l.outputs)).toEqual([2, 3]);
    expect(denseWeights(net.layers[1]!).map(show)).toEqual([
      ['2', '-1'],
      ['-1', '1'],
      ['1', '-1'],
    ]);
    // x = (1, 2): layer 1 = ReLU(x1 + x2, −x1 − x2) = (3, 0); outputs (6, −3, 3).
    expect(show(evaluate(net, qs('1', '2')))).toEqual(['6', '-3', '3']);
  });

  it('all 45 ACAS Xu networks load, with the first weight of 1_1 exactly 540062/10^7', () => {
    for (const name of ACAS_NAMES) {
      const parsed = parseNnet(readFileSync(`${DATA_DIR}acasxu/nnet/${name}.nnet`, 'utf8'), name);
      expect(parsed.network.layers.map((l) => `${l.outputs}${l.activation}`)).toEqual([
        ...new Array(6).fill('50relu'),
        '5identity',
      ]);
      if (name === 'ACASXU_run2a_1_1_batch_2000') {
        expect(weightAt(parsed.network.layers[0]!, 0, 0).equals(new Fraction(540062n, 10n ** 7n))).toBe(true);
        // The means line carries more digits than the weights; still exact.
        expect(formatRational(parsed.outputMean)).toBe(formatRational(q('7.5188840201005975')));
      }
    }
  });

  it('ACAS Xu 1_1: the folded network agrees with normalizing by hand at physical points', () => {
    const parsed = parseNnet(readFileSync(`${DATA_DIR}acasxu/nnet/ACASXU_run2a_1_1_batch_2000.nnet`, 'utf8'));
    const raw = nnetNetwork(parsed, 'raw');
    const normalized = nnetNetwork(parsed, 'normalized');
    const points = [
      ['1000', '0.5', '-0.5', '300', '400'],
      ['50000', '-3', '3', '1200', '0'],
      ['20000.125', '0', '1', '650', '600'],
    ];
    for (const p of points) {
      const x = qs(...p);
      const z = x.map((v, i) => v.sub(parsed.inputMeans[i]!).div(parsed.inputRanges[i]!));
      const expected = evaluate(raw, z).map((y) => y.mul(parsed.outputRange).add(parsed.outputMean));
      expect(show(evaluate(normalized, x))).toEqual(show(expected));
    }
  });
});
