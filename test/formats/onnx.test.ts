/**
 * The ONNX reader and writer: round trips through writeOnnx, a model built directly with
 * onnx-proto's message classes (raw_data, Gemm with transB and alpha/beta ≠ 1, Sub/Div
 * normalization, Constant, Reshape) checked against hand-computed outputs, exact float decoding,
 * clear errors, and the real files: the 45 ACAS Xu networks against their .nnet originals and the
 * small Marabou / VNN-COMP models.
 */
import { readFileSync } from 'node:fs';
import Fraction from 'fraction.js';
import onnxProto from 'onnx-proto';
import type { onnx as OnnxTypes } from 'onnx-proto';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { denominator, float64ToRational, formatRational, numerator, parseRational } from '../../src/exact/rational.js';
import { nnetNetwork, parseNnet } from '../../src/formats/nnet.js';
import { readOnnx, writeOnnx } from '../../src/formats/onnx.js';
import { canonicalNetworkText } from '../../src/network/json.js';
import { evaluate, preactivations } from '../../src/network/evaluate.js';
import { type Network, denseLayer, denseWeights, weightAt } from '../../src/network/model.js';
import { ACAS_NAMES, DATA_DIR, describeWithSharedData } from './data.js';
import { expectInputError } from '../support/errors.js';

const { onnx } = onnxProto;
const FLOAT = onnx.TensorProto.DataType.FLOAT;
const INT64 = onnx.TensorProto.DataType.INT64;
const ATTR = onnx.AttributeProto.AttributeType;

const q = (text: string): Fraction => parseRational(text);
const qs = (...texts: string[]): Fraction[] => texts.map(q);
const show = (values: readonly Fraction[]): string[] => values.map(formatRational);


/** Little-endian float32 raw_data of the given numbers (each rounded to float32 by the DataView). */
function float32Raw(values: readonly number[]): Uint8Array {
  const bytes = new Uint8Array(4 * values.length);
  const view = new DataView(bytes.buffer);
  values.forEach((v, i) => view.setFloat32(4 * i, v, true));
  return bytes;
}

function tensor(name: string, dims: number[], values: readonly number[]): OnnxTypes.ITensorProto {
  return { name, dims, dataType: FLOAT, rawData: float32Raw(values) };
}

function valueInfo(name: string, dims: (number | string)[]): OnnxTypes.IValueInfoProto {
  return {
    name,
    type: { tensorType: { elemType: FLOAT, shape: { dim: dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })) } } },
  };
}

function model(graph: OnnxTypes.IGraphProto): Uint8Array {
  return onnx.ModelProto.encode({ irVersion: 7, opsetImport: [{ domain: '', version: 13 }], producerName: 'test', graph }).finish();
}

/**
 * x (shape [N, 3]) → z = (x − mean)/range → h = ReLU(0.5·z·Wᵀ + 2·C) → y = h·W2 + 0.25 → Reshape [-1].
 * mean = (1, 2, −1), range = (2, 4, 0.5), W = [[2, 0, 1], [−1, 4, 0.5]], C = (1, −0.5), W2 = (1, 3)ᵀ.
 */
function handBuiltModel(): Uint8Array {
  return model({
    name: 'hand',
    input: [valueInfo('x', ['N', 3])],
    output: [valueInfo('y', [1])],
    initializer: [
      tensor('mean', [3], [1, 2, -1]),
      tensor('range', [1, 3], [2, 4, 0.5]),
      tensor('W', [2, 3], [2, 0, 1, -1, 4, 0.5]),
      tensor('C', [2], [1, -0.5]),
      tensor('W2', [2, 1], [1, 3]),
    ],
    node: [
      { name: 'center', opType: 'Sub', input: ['x', 'mean'], output: ['centered'] },
      { name: 'scale', opType: 'Div', input: ['centered', 'range'], output: ['z'] },
      {
        name: 'gemm',
        opType: 'Gemm',
        input: ['z', 'W', 'C'],
        output: ['pre'],
        attribute: [
          { name: 'transB', type: ATTR.INT, i: 1 },
          { name: 'alpha', type: ATTR.FLOAT, f: 0.5 },
          { name: 'beta', type: ATTR.FLOAT, f: 2 },
        ],
      },
      { name: 'relu', opType: 'Relu', input: ['pre'], output: ['h'] },
      { name: 'out', opType: 'MatMul', input: ['h', 'W2'], output: ['m'] },
      { name: 'offset', opType: 'Constant', output: ['quarter'], attribute: [{ name: 'value_float', type: ATTR.FLOAT, f: 0.25 }] },
      { name: 'shift', opType: 'Add', input: ['m', 'quarter'], output: ['shifted'] },
      {
        name: 'shape',
        opType: 'Constant',
        output: ['flat'],
        attribute: [{ name: 'value', type: ATTR.TENSOR, t: { dims: [1], dataType: INT64, int64Data: [-1] } }],
      },
      { name: 'reshape', opType: 'Reshape', input: ['shifted', 'flat'], output: ['y'] },
    ],
  });
}

/** One MatMul x·W with the given W tensor, for tests of tensor decoding. */
function singleMatMul(w: OnnxTypes.ITensorProto): Uint8Array {
  return model({
    input: [valueInfo('x', [1, 1])],
    output: [valueInfo('y', [1, 1])],
    initializer: [w],
    node: [{ name: 'mm', opType: 'MatMul', input: ['x', w.name ?? 'W'], output: ['y'] }],
  });
}

describe('readOnnx on protobuf built without writeOnnx', () => {
  it('folds Sub/Div normalization and Gemm(alpha, beta, transB) exactly; outputs match the hand computation', () => {
    const net = readOnnx(handBuiltModel(), 'hand.onnx');
    expect(net.inputs).toBe(3);
    expect(net.layers.map((l) => [l.outputs, l.activation])).toEqual([
      [2, 'relu'],
      [1, 'identity'],
    ]);
    // Layer 1 = 0.5·W·diag(1/range) on x, bias 2C − 0.5·W·(mean/range):
    // rows (1/2, 0, 1) and (−1/4, 1/2, 1/2); W·(mean/range) = (2·½ + 1·(−2), −½ + 4·½ + ½·(−2)) = (−1, ½).
    expect(denseWeights(net.layers[0]!).map(show)).toEqual([
      ['1/2', '0', '1'],
      ['-1/4', '1/2', '1/2'],
    ]);
    expect(show(net.layers[0]!.bias)).toEqual(['5/2', '-5/4']);
    // x = (3, 6, 0): z = (1, 1, 2), W z = (4, 4), 0.5·Wz + 2C = (4, 1), y = 4 + 3 + 0.25.
    expect(show(evaluate(net, qs('3', '6', '0')))).toEqual(['29/4']);
    // x = mean: z = 0, pre = 2C = (2, −1) → h = (2, 0), y = 2.25.
    expect(show(evaluate(net, qs('1', '2', '-1')))).toEqual(['9/4']);
    // x = (−1, 2, −1): z = (−1, 0, 0), pre = (−1, 0.5) + (2, −1) = (1, −0.5) → h = (1, 0), y = 1.25.
    expect(show(evaluate(net, qs('-1', '2', '-1')))).toEqual(['5/4']);
    expect(net.metadata).toMatchObject({ source: 'onnx', onnxInput: 'x', onnxInputShape: [1, 3], onnxOutputShape: [1] });
  });

  it('reads the float32 0.1f exactly as 13421773/134217728, from raw_data and from float_data', () => {
    const fromRaw = readOnnx(singleMatMul(tensor('W', [1, 1], [0.1])));
    expect(formatRational(weightAt(fromRaw.layers[0]!, 0, 0))).toBe('13421773/134217728');
    const fromField = readOnnx(singleMatMul({ name: 'W', dims: [1, 1], dataType: FLOAT, floatData: [0.1] }));
    expect(weightAt(fromField.layers[0]!, 0, 0).equals(new Fraction(13421773n, 134217728n))).toBe(true);
    // float64 data is exact too: 0.1 as a double.
    const fromDouble = readOnnx(singleMatMul({ name: 'W', dims: [1, 1], dataType: onnx.TensorProto.DataType.DOUBLE, doubleData: [0.1] }));
    expect(formatRational(weightAt(fromDouble.layers[0]!, 0, 0))).toBe('3602879701896397/36028797018963968');
    // float16 bits 0x2E66 = 0.0999755859375 = 819/8192.
    const half = new Uint8Array([0x66, 0x2e]);
    const fromHalf = readOnnx(singleMatMul({ name: 'W', dims: [1, 1], dataType: onnx.TensorProto.DataType.FLOAT16, rawData: half }));
    expect(formatRational(weightAt(fromHalf.layers[0]!, 0, 0))).toBe('819/8192');
  });

  it('follows shape nodes: Transpose, and the Shape→Gather→Concat→Reshape flatten idiom, Squeeze', () => {
    const int64 = (name: string, values: number[]): OnnxTypes.ITensorProto => ({ name, dims: [values.length], dataType: INT64, int64Data: values });
    const bytes = model({
      input: [valueInfo('x', [1, 2, 2])],
      output: [valueInfo('y', [1])],
      initializer: [tensor('W', [4, 1], [1, 2, 3, 4]), int64('zero', [0]), int64('minusOne', [-1]), int64('axis1', [1])],
      node: [
        { name: 't', opType: 'Transpose', input: ['x'], output: ['xt'], attribute: [{ name: 'perm', type: ATTR.INTS, ints: [0, 2, 1] }] },
        { name: 'shape', opType: 'Shape', input: ['xt'], output: ['s'] },
        { name: 'batch', opType: 'Gather', input: ['s', 'zero'], output: ['n'], attribute: [{ name: 'axis', type: ATTR.INT, i: 0 }] },
        { name: 'cat', opType: 'Concat', input: ['n', 'minusOne'], output: ['target'], attribute: [{ name: 'axis', type: ATTR.INT, i: 0 }] },
        { name: 'flat', opType: 'Reshape', input: ['xt', 'target'], output: ['f'] },
        { name: 'mm', opType: 'MatMul', input: ['f', 'W'], output: ['m'] },
        { name: 'sq', opType: 'Squeeze', input: ['m', 'axis1'], output: ['y'] },
      ],
    });
    const net = readOnnx(bytes);
    // x = [[a, b], [c, d]] → transposed [[a, c], [b, d]] → (a, c, b, d)·(1, 2, 3, 4) = a + 3b + 2c + 4d.
    expect(denseWeights(net.layers[0]!).map(show)).toEqual([['1', '3', '2', '4']]);
    expect(net.metadata?.onnxOutputShape).toEqual([1]);
  });

  it('folds two affine nodes without a Relu between them into one identity layer', () => {
    const bytes = model({
      input: [valueInfo('x', [1, 2])],
      output: [valueInfo('y', [1, 1])],
      initializer: [tensor('A', [2, 2], [1, 2, 3, 4]), tensor('B', [2, 1], [1, -1])],
      node: [
        { name: 'a', opType: 'MatMul', input: ['x', 'A'], output: ['t'] },
        { name: 'b', opType: 'MatMul', input: ['t', 'B'], output: ['y'] },
      ],
    });
    const net = readOnnx(bytes);
    expect(net.layers).toHaveLength(1);
    // x·A·B: A·B = (1 − 2, 3 − 4) = (−1, −1)
    expect(denseWeights(net.layers[0]!).map(show)).toEqual([['-1', '-1']]);
  });
});

describe('writeOnnx', () => {
  const net: Network = {
    inputs: 2,
    layers: [
      denseLayer(
        [
          [q('0.5'), q('-3')],
          [q('0'), q('1/1024')],
          [q('-2.25'), q('7')],
        ],
        qs('1', '-0.125', '0'),
        'relu',
      ),
      denseLayer([[q('1'), q('-1'), q('2')]], qs('0.75'), 'identity'),
    ],
  };

  it('round trips exactly in float32 and float64', () => {
    for (const dtype of ['float32', 'float64'] as const) {
      const back = readOnnx(writeOnnx(net, { dtype }));
      expect(canonicalNetworkText(back)).toBe(canonicalNetworkText(net));
    }
    // By hand at x = (1, 1): layer 1 = ReLU(−2.5 + 1, 1/1024 − 0.125, 4.75) = (0, 0, 4.75); y = 9.5 + 0.75.
    expect(show(evaluate(readOnnx(writeOnnx(net)), qs('1', '1')))).toEqual(['41/4']);
  });

  it('keeps a trailing ReLU layer and a network without layers', () => {
    const relu: Network = { inputs: 1, layers: [denseLayer([[q('2')]], qs('-1'), 'relu')] };
    expect(canonicalNetworkText(readOnnx(writeOnnx(relu)))).toBe(canonicalNetworkText(relu));
    const empty = readOnnx(writeOnnx({ inputs: 3, layers: [] }));
    expect(show(evaluate(empty, qs('1', '2', '3')))).toEqual(['1', '2', '3']);
  });

  it('refuses values the dtype cannot hold exactly, naming the weight', () => {
    const third: Network = { inputs: 1, layers: [denseLayer([[q('1/3')]], qs('0'), 'identity')] };
    expectInputError(() => writeOnnx(third), 'layers[0].weights[0][0]', '1/3', 'float64');
    const tenth: Network = { inputs: 1, layers: [denseLayer([[q('1')]], qs('0.1'), 'identity')] };
    expectInputError(() => writeOnnx(tenth, { dtype: 'float32' }), 'layers[0].bias[0]', 'float32');
    // 2^-30 + 1 needs 31 significant bits: fine in float64, not in float32.
    const wide: Network = { inputs: 1, layers: [denseLayer([[new Fraction(2n ** 30n + 1n, 2n ** 30n)]], qs('0'), 'identity')] };
    expect(() => writeOnnx(wide, { dtype: 'float64' })).not.toThrow();
    expectInputError(() => writeOnnx(wide, { dtype: 'float32' }), 'not exactly representable as float32');
    // The smallest float64 subnormal is exact in float64.
    const tiny: Network = { inputs: 1, layers: [denseLayer([[float64ToRational(5e-324)]], qs('0'), 'identity')] };
    expect(canonicalNetworkText(readOnnx(writeOnnx(tiny)))).toBe(canonicalNetworkText(tiny));
  });
});

describe('readOnnx errors', () => {
  it('an empty file and garbage bytes', () => {
    expectInputError(() => readOnnx(new Uint8Array(0), 'empty.onnx'), 'empty.onnx', 'empty');
    const garbage = new Uint8Array(64).map((_, i) => (i * 97 + 13) & 0xff);
    expectInputError(() => readOnnx(garbage, 'garbage.onnx'), 'garbage.onnx', 'not an ONNX model');
    expectInputError(() => readOnnx(new TextEncoder().encode('hello, this is not protobuf'), 'text.onnx'), 'text.onnx', 'not an ONNX model');
  });

  it('an unsupported op (Sigmoid), naming the node, the op type and what is supported', () => {
    const bytes = model({
      input: [valueInfo('image', [1, 1, 3, 3])],
      output: [valueInfo('features', [1, 1, 3, 3])],
      node: [{ name: 'squash', opType: 'Sigmoid', input: ['image'], output: ['features'] }],
    });
    const e = expectInputError(() => readOnnx(bytes, 'sig.onnx'), 'sig.onnx', 'node "squash" (Sigmoid)', 'operator Sigmoid is not supported', 'supported: Add, AveragePool');
    expect(e.code).toBe('unsupported');
  });

  it('NaN or infinity in an initializer, naming the tensor', () => {
    expectInputError(() => readOnnx(singleMatMul(tensor('Wnan', [1, 1], [Number.NaN])), 'nan.onnx'), 'nan.onnx', 'tensor "Wnan"[0]', 'NaN');
    expectInputError(
      () => readOnnx(singleMatMul({ name: 'Wf', dims: [1, 1], dataType: FLOAT, floatData: [Number.POSITIVE_INFINITY] }), 'inf.onnx'),
      'tensor "Wf"[0]',
      'Infinity',
    );
  });

  it('wrong data sizes, products of two network values and skip connections', () => {
    expectInputError(() => readOnnx(singleMatMul({ name: 'W', dims: [1, 2], dataType: FLOAT, rawData: float32Raw([1]) })), 'tensor "W"', 'raw_data has 4 bytes');
    const square = model({
      input: [valueInfo('x', [1, 2])],
      output: [valueInfo('y', [1, 2])],
      node: [{ name: 'sq', opType: 'Mul', input: ['x', 'x'], output: ['y'] }],
    });
    expectInputError(() => readOnnx(square), 'node "sq" (Mul)', 'not affine');
    const skip = model({
      input: [valueInfo('x', [1, 2])],
      output: [valueInfo('y', [1, 2])],
      node: [
        { name: 'r', opType: 'Relu', input: ['x'], output: ['h'] },
        { name: 'res', opType: 'Add', input: ['h', 'x'], output: ['y'] },
      ],
    });
    expectInputError(() => readOnnx(skip), 'node "res" (Add)', 'skip connections');
  });
});

/** Exactly |a − b| ≤ 2^-bits·|b|, in BigInt arithmetic (a = p/q, b = r/t): |pt − rq|·2^bits ≤ |r|·q. */
function withinRelative(a: Fraction, b: Fraction, bits: number): boolean {
  const p = numerator(a);
  const q = denominator(a);
  const r = numerator(b);
  const t = denominator(b);
  const d = p * t - r * q;
  return (d < 0n ? -d : d) << BigInt(bits) <= (r < 0n ? -r : r) * q;
}

/** Exact |a| for rationals. */
const abs = (r: Fraction): Fraction => (r.s < 0n ? r.neg() : r);

describeWithSharedData('real ONNX files', () => {

  const acas = (name: string): { onnx: Network; nnet: Network; parsed: ReturnType<typeof parseNnet> } => {
    const parsed = parseNnet(readFileSync(`${DATA_DIR}acasxu/nnet/${name}.nnet`, 'utf8'), name);
    return {
      onnx: readOnnx(readFileSync(`${DATA_DIR}acasxu/onnx/${name}.onnx`), `${name}.onnx`),
      nnet: nnetNetwork(parsed, 'raw'),
      parsed,
    };
  };

  it('the ACAS Xu graphs: Sub of a zero "AvgImg", Flatten, then MatMul+Add(+Relu) per layer', () => {
    // The MATLAB converter's normalization node subtracts zeros and there is no Div: the .onnx
    // files embed no normalization, i.e. they are the raw .nnet networks (on normalized units),
    // which is what the VNN-LIB properties' bounds refer to.
    for (const name of ACAS_NAMES) {
      const m = onnx.ModelProto.decode(readFileSync(`${DATA_DIR}acasxu/onnx/${name}.onnx`));
      const ops = (m.graph?.node ?? []).map((n) => n.opType);
      expect(ops.slice(0, 2)).toEqual(['Sub', 'Flatten']);
      expect(ops.filter((o) => o === 'Relu')).toHaveLength(6);
      expect(new Set(ops)).toEqual(new Set(['Sub', 'Flatten', 'MatMul', 'Add', 'Relu']));
      const avg = m.graph?.initializer?.find((t) => t.name === 'input_AvgImg');
      expect(avg?.dims?.map(Number)).toEqual([1, 1, 1, 5]);
      expect([...(avg?.rawData ?? [])].every((b) => b === 0)).toBe(true);
    }
  });

  it('all 45 load from .onnx and .nnet; every float32 weight is within relative 2^-24 of the decimal', () => {
    // A float32 nearest to a decimal w differs from it by at most half an ulp ≤ 2^-24·|w|. The
    // measured worst case over all 598,725 weights and biases is 5.956e-8 ≈ 2^-24.001 (in 2_1),
    // so the converter started from the same 6-significant-digit decimals (a longer original
    // would show up as differences beyond 2^-24·|w|), and only 43 values are equal exactly.
    let worst = 0;
    for (const name of ACAS_NAMES) {
      const { onnx: o, nnet: n, parsed } = acas(name);
      if (name === ACAS_NAMES[0]) {
        // Not the normalized semantics: its first layer is W·diag(1/range), e.g. W[0][0]/60261.
        const folded = weightAt(nnetNetwork(parsed, 'normalized').layers[0]!, 0, 0);
        expect(withinRelative(weightAt(o.layers[0]!, 0, 0), folded, 24)).toBe(false);
      }
      expect(o.inputs).toBe(5);
      expect(o.layers.map((l) => `${l.inputs}x${l.outputs}${l.activation}`)).toEqual(n.layers.map((l) => `${l.inputs}x${l.outputs}${l.activation}`));
      o.layers.forEach((lo, k) => {
        const ln = n.layers[k]!;
        const pairs: [Fraction, Fraction][] = lo.bias.map((b, i) => [b, ln.bias[i]!]);
        denseWeights(lo).forEach((row, i) => row.forEach((w, j) => pairs.push([w, weightAt(ln, i, j)])));
        for (const [wo, wn] of pairs) {
          if (!withinRelative(wo, wn, 24)) expect.fail(`${name} layers[${k}]: ${formatRational(wo)} vs ${formatRational(wn)}`);
          if (!wn.equals(0)) worst = Math.max(worst, Math.abs(wo.valueOf() - wn.valueOf()) / Math.abs(wn.valueOf()));
        }
      });
    }
    console.log(`ACAS Xu .onnx vs .nnet: worst relative weight difference ${worst.toExponential(4)} (2^${Math.log2(worst).toFixed(4)})`);
    expect(worst).toBeGreaterThan(2 ** -25); // the files really differ: they are different rational networks
  });

  it('.onnx and raw .nnet outputs agree within the bound propagated from the weight bound', () => {
    // With |W' − W| ≤ δ|W|, |b' − b| ≤ δ|b| (δ = 2^-24) and ReLU 1-Lipschitz, the error vector
    // e_k on layer k's outputs obeys e_k ≤ |W'_k| e_{k−1} + δ(|W_k||h_{k−1}| + |b_k|), e_0 = 0,
    // where h is the .nnet network's activation. Refinement: where the (exact) .nnet
    // pre-activation is below −e_k,i the neuron is inactive in both networks and its error is 0;
    // without it the bound is ~0.25 (|W| products over 7 layers), with it 3e-8 … 2e-5 against
    // measured differences of 2e-10 … 2e-8. The bound is computed in float64 from nonnegative
    // terms only (relative rounding error < 1e-12 here) and every comparison has a 1e-6 margin.
    const delta = 2 ** -24;
    const points = [
      ['0.1', '-0.2', '0.3', '-0.4', '0.45'],
      ['-0.3', '0.4', '-0.05', '0.2', '-0.1'],
      ['0.6', '0', '0', '0.5', '0.5'],
    ];
    const reports: string[] = [];
    for (const name of ACAS_NAMES.filter((_, k) => k % 4 === 0)) {
      const { onnx: o, nnet: n } = acas(name);
      for (const p of points) {
        const x = qs(...p);
        const exactZ = preactivations(n, x);
        let h = x.map((v) => v.valueOf());
        let e = new Array<number>(5).fill(0);
        o.layers.forEach((lo, k) => {
          const ln = n.layers[k]!;
          const wo = denseWeights(lo).map((row) => row.map((w) => Math.abs(w.valueOf())));
          const wn = denseWeights(ln).map((row) => row.map((w) => w.valueOf()));
          const z = exactZ[k]!.map((v) => v.valueOf());
          e = wo.map((row, i) =>
            row.reduce((s, w, j) => s + w * e[j]! + delta * Math.abs(wn[i]![j]!) * Math.abs(h[j]!), delta * Math.abs(ln.bias[i]!.valueOf())),
          );
          if (ln.activation === 'relu') {
            // A neuron whose .nnet pre-activation is below −e is inactive in both networks: no error.
            e = e.map((err, i) => (z[i]! < -err * (1 + 1e-6) ? 0 : err));
            h = z.map((v) => Math.max(v, 0));
          } else {
            h = z;
          }
        });
        const yo = evaluate(o, x);
        const yn = evaluate(n, x);
        yo.forEach((y, i) => {
          const diff = abs(y.sub(yn[i]!));
          const bound = float64ToRational(e[i]! * (1 + 1e-6));
          expect(diff.compare(bound)).toBeLessThanOrEqual(0);
          if (i === 0) reports.push(`${name} ${p.join(',')}: |Δy0| = ${diff.valueOf().toExponential(2)} ≤ ${e[i]!.toExponential(2)}`);
        });
      }
    }
    console.log(reports.slice(0, 6).join('\n'));
  });

  it('the small models: which load, and the one that does not', () => {
    const small = (file: string): Network => readOnnx(readFileSync(`${DATA_DIR}small/${file}`), file);
    const shapes = (net: Network): string[] => net.layers.map((l) => `${l.outputs}${l.activation === 'relu' ? 'r' : 'i'}`);
    expect([small('fc1.onnx').inputs, ...shapes(small('fc1.onnx'))]).toEqual([2, '25r', '25r', '25r', '2i']);
    // fc2: Flatten then two Gemms without a ReLU between them: one affine layer.
    expect([small('fc2.onnx').inputs, ...shapes(small('fc2.onnx'))]).toEqual([784, '10i']);
    expect([small('mnist2x10.onnx').inputs, ...shapes(small('mnist2x10.onnx'))]).toEqual([784, '10r', '10r', '10i']);
    // fc_matMul: a [25, 5] input, Reshape/MatMul on both sides, Gemm with alpha 0.6f, beta 0.4f.
    expect([small('fc_matMul.onnx').inputs, ...shapes(small('fc_matMul.onnx'))]).toEqual([125, '50r', '5i']);
    expect(shapes(small('test_nano.onnx'))).toEqual(['1r']);
    // test_tiny's last layer is y = 1·h + 0: the identity on the ReLU outputs, so no extra layer.
    expect(shapes(small('test_tiny.onnx'))).toEqual(['1r']);
    expect(shapes(small('test_small.onnx'))).toEqual(['2r', '2r', '1i']);
    // fc_2-2-3 in both formats is the same network (its weights are small integers).
    const nnet = parseNnet(readFileSync(`${DATA_DIR}small/fc_2-2-3.nnet`, 'utf8')).network;
    expect(canonicalNetworkText(small('fc_2-2-3.onnx'))).toBe(canonicalNetworkText(nnet));
    // test_sat / test_unsat are the ACAS Xu networks 1_7 and 1_6.
    expect(canonicalNetworkText(small('test_sat.onnx'))).toBe(canonicalNetworkText(acas('ACASXU_run2a_1_7_batch_2000').onnx));
    expect(canonicalNetworkText(small('test_unsat.onnx'))).toBe(canonicalNetworkText(acas('ACASXU_run2a_1_6_batch_2000').onnx));
    // KJ_TinyTaxiNet: an 8×16 image, Conv 8@8×8 stride 8 (→ 8×1×2), then dense 8, 8, 2
    // (its values against a float reference: test/formats/onnxLowering.test.ts).
    expect([small('KJ_TinyTaxiNet.onnx').inputs, ...shapes(small('KJ_TinyTaxiNet.onnx'))]).toEqual([128, '16r', '8r', '8r', '2i']);
  });
});
