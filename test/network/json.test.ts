import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { formatRational } from '../../src/exact/rational.js';
import { networkSha256 } from '../../src/network/hash.js';
import { canonicalNetworkText, formatNetworkFile, networkFromJson, networkToJson } from '../../src/network/json.js';
import { denseWeights, weightAt } from '../../src/network/model.js';
import { networkSummary } from '../../src/network/summary.js';

const absNet = {
  format: 'relucert.network/1',
  name: 'abs',
  inputs: 1,
  layers: [
    { weights: [['1'], ['-1']], bias: ['0', '0'], activation: 'relu' },
    { weights: [[1, 1]], bias: [0], activation: 'identity' },
  ],
};

function inputErrorOf(f: () => unknown): InputError {
  try {
    f();
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error('expected an InputError');
}

describe('relucert.network/1 decoding', () => {
  it('reads dense layers with string and integer numbers exactly', () => {
    const net = networkFromJson({
      format: 'relucert.network/1',
      inputs: 2,
      layers: [{ weights: [['3/4', '-0.125'], ['2e-3', 7]], bias: ['1.5E+2', '-6/4'], activation: 'relu' }],
    });
    expect(denseWeights(net.layers[0]!).flat().map(formatRational)).toEqual(['3/4', '-1/8', '1/500', '7']);
    expect(net.layers[0]!.bias.map(formatRational)).toEqual(['150', '-3/2']);
  });

  it('reads sparse layers and keeps them sparse', () => {
    const net = networkFromJson({
      format: 'relucert.network/1',
      inputs: 3,
      layers: [{ weights: { shape: [2, 3], entries: [[1, 2, '5'], [0, 0, '-1/3']] }, bias: [0, 0], activation: 'identity' }],
    });
    const layer = net.layers[0]!;
    expect(layer.storage).toBe('sparse');
    expect(layer.rows.map((r) => r.cols)).toEqual([[0], [2]]);
    expect(formatRational(weightAt(layer, 0, 0))).toBe('-1/3');
    expect(formatRational(weightAt(layer, 0, 1))).toBe('0');
    expect(formatRational(weightAt(layer, 1, 2))).toBe('5');
  });

  it('locates a bad rational by its JSON path and names the file', () => {
    const doc = structuredClone(absNet) as any;
    doc.layers[1].weights[0][1] = '1/0';
    const e = inputErrorOf(() => networkFromJson(doc, 'net.json'));
    expect(e.path).toBe('layers[1].weights[0][1]');
    expect(e.message).toBe('net.json: layers[1].weights[0][1]: "1/0" is not a rational: zero denominator');
  });

  it('rejects non-integer JSON numbers with a hint to quote them', () => {
    const doc = structuredClone(absNet) as any;
    doc.layers[0].bias[1] = 0.1;
    const e = inputErrorOf(() => networkFromJson(doc));
    expect(e.path).toBe('layers[0].bias[1]');
    expect(e.message).toContain('write it as a string, e.g. "0.1"');
  });

  it('reports several problems at once', () => {
    const doc = structuredClone(absNet) as any;
    doc.layers[0].weights[0][0] = 'x';
    doc.layers[0].bias[1] = 'NaN';
    const e = inputErrorOf(() => networkFromJson(doc));
    expect(e.path).toBe('layers[0].weights[0][0]');
    expect(e.message).toContain('layers[0].bias[1]');
  });

  it('checks dimensions, activations, format and types', () => {
    const cases: [any, string][] = [
      [{ ...absNet, format: 'other' }, 'format'],
      [{ ...absNet, inputs: 0 }, 'inputs'],
      [{ ...absNet, inputs: '1' }, 'inputs'],
      [{ ...absNet, layers: [{ ...absNet.layers[0], activation: 'tanh' }] }, 'layers[0].activation'],
      [{ ...absNet, layers: [{ ...absNet.layers[0], bias: ['0'] }] }, 'layers[0].bias'],
      [{ ...absNet, layers: [{ ...absNet.layers[0], weights: [['1', '2'], ['3']] }] }, 'layers[0].weights[0]'],
      [{ ...absNet, layers: [absNet.layers[0], { ...absNet.layers[1], weights: [[1, 1, 1]] }] }, 'layers[1].weights[0]'],
      [{ ...absNet, layers: [{ weights: { shape: [1, 1], entries: [[1, 0, '2']] }, bias: [0], activation: 'relu' }] }, 'layers[0].weights.entries[0]'],
      [{ ...absNet, layers: [{ weights: { shape: [1, 1], entries: [[0, 0, '2'], [0, 0, '3']] }, bias: [0], activation: 'relu' }] }, 'layers[0].weights'],
      [{ ...absNet, outputNames: ['a', 'b'] }, 'outputNames'],
      [{ ...absNet, extra: 1 }, 'extra'],
    ];
    for (const [doc, path] of cases) {
      const e = inputErrorOf(() => networkFromJson(doc, 'f.json'));
      expect(e.path, JSON.stringify(doc).slice(0, 80)).toBe(path);
      expect(e.file).toBe('f.json');
    }
  });

  it('says a missing field is missing (not "undefined")', () => {
    const { inputs: _, ...noInputs } = absNet;
    const { activation: __, ...noActivation } = absNet.layers[0];
    const { bias: ___, ...noBias } = absNet.layers[0];
    const cases: [any, string, RegExp][] = [
      [noInputs, 'inputs', /missing/],
      [{ ...absNet, layers: [noActivation, absNet.layers[1]] }, 'layers[0].activation', /no activation; expected "relu" or "identity"/],
      [{ ...absNet, layers: [noBias, absNet.layers[1]] }, 'layers[0].bias', /missing/],
    ];
    for (const [doc, path, message] of cases) {
      const e = inputErrorOf(() => networkFromJson(doc, 'f.json'));
      expect(e.path).toBe(path);
      expect(e.detail).toMatch(message);
      expect(e.detail).not.toMatch(/undefined/);
    }
  });
});

describe('canonical form and hash', () => {
  it('reduces fractions and fixes the key order', () => {
    const net = networkFromJson({
      layers: [{ activation: 'identity', bias: ['2/4'], weights: [['-0.50', '6/3']] }],
      inputs: 2,
      format: 'relucert.network/1',
    });
    expect(canonicalNetworkText(net)).toBe(
      '{"format":"relucert.network/1","inputs":2,"layers":[{"weights":[["-1/2","2"]],"bias":["1/2"],"activation":"identity"}]}',
    );
  });

  it('gives the same hash whatever the storage, names and metadata, and a different one when a weight changes', () => {
    const dense = networkFromJson(absNet);
    const sparse = networkFromJson({
      ...absNet,
      name: 'renamed',
      metadata: { note: 'x' },
      layers: [{ weights: { shape: [2, 1], entries: [[0, 0, '1'], [1, 0, '-1']] }, bias: ['0', '0'], activation: 'relu' }, absNet.layers[1]],
    });
    expect(networkSha256(sparse)).toBe(networkSha256(dense));
    const changed = structuredClone(absNet) as any;
    changed.layers[1].weights[0][0] = '1/1000000';
    expect(networkSha256(networkFromJson(changed))).not.toBe(networkSha256(dense));
    expect(networkSha256(dense)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('round-trips through the file text', () => {
    const net = networkFromJson({ ...absNet, inputNames: ['x'], outputNames: ['abs'], metadata: { b: 1, a: [1, 2] } });
    const again = networkFromJson(JSON.parse(formatNetworkFile(net)));
    expect(networkToJson(again)).toEqual(networkToJson(net));
    expect(Object.keys(networkToJson(again).metadata as object)).toEqual(['a', 'b']);
  });

  it('writes mostly-zero layers sparse', () => {
    const n = 30;
    const identity = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
    const net = networkFromJson({ format: 'relucert.network/1', inputs: n, layers: [{ weights: identity, bias: new Array(n).fill(0), activation: 'relu' }] });
    const layer = (networkToJson(net).layers as any[])[0];
    expect(layer.weights.shape).toEqual([n, n]);
    expect(layer.weights.entries).toHaveLength(n);
  });
});

describe('summary', () => {
  it('counts dense parameters, nonzero weights and bit sizes', () => {
    const s = networkSummary(networkFromJson({ ...absNet, layers: [{ ...absNet.layers[0], weights: [['3/1024'], ['-1']] }, absNet.layers[1]] }));
    expect(s.hiddenLayers).toBe(1);
    expect(s.widths).toEqual([2, 1]);
    // (2·1 + 2) + (1·2 + 1) = 7 dense parameters; 4 nonzero weights.
    expect(s.denseParameters).toBe(7);
    expect(s.nonzeroWeights).toBe(4);
    expect(s.maxNumeratorBits).toBe(2); // 3
    expect(s.maxDenominatorBits).toBe(11); // 1024 = 2^10
  });
});
