/**
 * ONNX lowering of convolutional networks (Conv, BatchNormalization, pools, shape ops): models
 * built here with the protobuf bindings, evaluated by the naive reference interpreter of
 * test/support/naiveOnnx.ts (direct loops over exact rationals) and compared for exact equality
 * with the lowered network's exact evaluation at random rational points; the real files
 * KJ_TinyTaxiNet.onnx and mnist2x10.onnx against the reference both exactly and in float64 with a
 * derived error bound; bad input refused naming node and field; round trips.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type Fraction from 'fraction.js';
import onnxProto from 'onnx-proto';
import type { onnx as OnnxTypes } from 'onnx-proto';
import { describe, expect, it } from 'vitest';
import { float64ToRational, formatRational, ratio } from '../../src/exact/rational.js';
import { readOnnx, writeOnnx } from '../../src/formats/onnx.js';
import { evaluate } from '../../src/network/evaluate.js';
import { networkSha256 } from '../../src/network/hash.js';
import { formatNetworkFile, networkFromJson } from '../../src/network/json.js';
import { type Network, nonzeroWeights } from '../../src/network/model.js';
import { mulberry32 } from '../../src/random/prng.js';
import { cli, tempDir } from '../e2e/helpers.js';
import { expectInputError } from '../support/errors.js';
import { BOUNDED, type Bounded, EXACT, referenceEvaluate } from '../support/naiveOnnx.js';
import { DATA_DIR, describeWithSharedData } from './data.js';

const { onnx } = onnxProto;
const FLOAT = onnx.TensorProto.DataType.FLOAT;
const INT64 = onnx.TensorProto.DataType.INT64;
const ATTR = onnx.AttributeProto.AttributeType;

function float32Raw(values: readonly number[]): Uint8Array {
  const bytes = new Uint8Array(4 * values.length);
  const view = new DataView(bytes.buffer);
  values.forEach((v, i) => view.setFloat32(4 * i, v, true));
  return bytes;
}
const tensor = (name: string, dims: number[], values: readonly number[]): OnnxTypes.ITensorProto => ({ name, dims, dataType: FLOAT, rawData: float32Raw(values) });
const int64s = (name: string, values: number[]): OnnxTypes.ITensorProto => ({ name, dims: [values.length], dataType: INT64, int64Data: values });
const valueInfo = (name: string, dims: (number | string)[]): OnnxTypes.IValueInfoProto => ({
  name,
  type: { tensorType: { elemType: FLOAT, shape: { dim: dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })) } } },
});
const ints = (name: string, values: number[]): OnnxTypes.IAttributeProto => ({ name, type: ATTR.INTS, ints: values });
const int = (name: string, value: number): OnnxTypes.IAttributeProto => ({ name, type: ATTR.INT, i: value });
const float = (name: string, value: number): OnnxTypes.IAttributeProto => ({ name, type: ATTR.FLOAT, f: value });
const str = (name: string, value: string): OnnxTypes.IAttributeProto => ({ name, type: ATTR.STRING, s: new TextEncoder().encode(value) });
const model = (graph: OnnxTypes.IGraphProto, opset = 13): Uint8Array =>
  onnx.ModelProto.encode({ irVersion: 7, opsetImport: [{ domain: '', version: opset }], producerName: 'test', graph }).finish();

/** n small dyadic weights k/4, k in −8 … 8, from a seeded generator. */
function weights(random: () => number, n: number): number[] {
  return Array.from({ length: n }, () => (Math.floor(random() * 17) - 8) / 4);
}

/** A random rational point with small non-dyadic denominators (so nothing is exact by accident in binary). */
function point(random: () => number, n: number): Fraction[] {
  return Array.from({ length: n }, () => ratio(BigInt(Math.floor(random() * 41) - 20), BigInt(1 + Math.floor(random() * 7))));
}

/** Lowers the model and checks exact agreement with the reference at `count` random points. */
function expectAgreement(bytes: Uint8Array, seed: number, count = 6): Network {
  const net = readOnnx(bytes, 'built.onnx');
  const random = mulberry32(seed);
  for (let t = 0; t < count; t++) {
    const x = point(random, net.inputs);
    const expected = referenceEvaluate(bytes, x, EXACT).map(formatRational);
    expect(evaluate(net, x).map(formatRational)).toEqual(expected);
  }
  return net;
}

describe('Conv, pools and BatchNormalization against the naive exact reference', () => {
  it('2-D Conv with asymmetric pads, strides, dilations, group 2 and bias; Relu; MaxPool with pads; AveragePool both ways; Gemm', () => {
    const random = mulberry32(11);
    const bytes = model({
      input: [valueInfo('x', ['batch', 4, 5, 6])],
      output: [valueInfo('y', [1, 3])],
      initializer: [
        tensor('W', [6, 2, 3, 2], weights(random, 6 * 2 * 3 * 2)),
        tensor('B', [6], weights(random, 6)),
        tensor('G', [3, 12], weights(random, 3 * 12)), // [6, 1, 2] after the pools
        tensor('C', [3], weights(random, 3)),
      ],
      node: [
        { name: 'conv', opType: 'Conv', input: ['x', 'W', 'B'], output: ['c'], attribute: [ints('pads', [1, 0, 0, 1]), ints('strides', [2, 1]), ints('dilations', [1, 2]), int('group', 2)] },
        { name: 'relu', opType: 'Relu', input: ['c'], output: ['r'] },
        { name: 'max', opType: 'MaxPool', input: ['r'], output: ['m'], attribute: [ints('kernel_shape', [2, 2]), ints('pads', [1, 1, 0, 0]), ints('strides', [1, 2])] },
        { name: 'avg', opType: 'AveragePool', input: ['m'], output: ['a'], attribute: [ints('kernel_shape', [2, 2]), ints('pads', [0, 1, 1, 0]), ints('strides', [2, 2])] },
        { name: 'avg2', opType: 'AveragePool', input: ['a'], output: ['a2'], attribute: [ints('kernel_shape', [1, 2]), ints('pads', [0, 1, 0, 0]), int('count_include_pad', 1)] },
        { name: 'flat', opType: 'Flatten', input: ['a2'], output: ['f'] },
        { name: 'dense', opType: 'Gemm', input: ['f', 'G', 'C'], output: ['y'], attribute: [int('transB', 1)] },
      ],
    });
    const net = expectAgreement(bytes, 1);
    expect(net.inputs).toBe(4 * 5 * 6);
    // Conv: out H = ⌊(5 + 1 − 3)/2⌋ + 1 = 2, W = ⌊(6 + 1 − 3)/1⌋ + 1 = 5 → 6·2·5 = 60 ReLUs; then
    // the MaxPool (windows of up to 4) is two gadget rounds; the rest is affine.
    expect(net.layers[0]!.outputs).toBe(60);
    expect(net.layers.map((l) => l.activation)).toEqual(['relu', 'relu', 'relu', 'identity']);
    // Each conv output reads at most 2 channels × 3 × 2 taps: the layer is stored sparse.
    expect(nonzeroWeights(net.layers[0]!)).toBeLessThanOrEqual(60 * 12);
  });

  it('MaxPool straight on the (signed) input, windows cut by padding, stride larger than the kernel', () => {
    const bytes = model({
      input: [valueInfo('x', [1, 2, 5, 5])],
      output: [valueInfo('y', [1, 2, 2, 2])],
      node: [{ name: 'mp', opType: 'MaxPool', input: ['x'], output: ['y'], attribute: [ints('kernel_shape', [3, 3]), ints('pads', [1, 1, 1, 1]), ints('strides', [3, 3])] }],
    });
    const net = expectAgreement(bytes, 2, 10);
    // Windows of 4 and 9 taps: ⌈log2 9⌉ = 4 gadget rounds.
    expect(net.layers.filter((l) => l.activation === 'relu')).toHaveLength(4);
  });

  it('1-D Conv (SAME_UPPER), BatchNormalization with sqrt(var + eps) rational, GlobalAveragePool, MatMul', () => {
    const random = mulberry32(12);
    const eps = 2 ** -10;
    // var + eps = 1/4, 1, 9/4 (as float32 values: 1/4 − 2^−10 etc. are exact), so sqrt = 1/2, 1, 3/2.
    const variance = [0.25 - eps, 1 - eps, 2.25 - eps];
    const bytes = model({
      input: [valueInfo('x', [1, 2, 7])],
      output: [valueInfo('y', [1, 2])],
      initializer: [
        tensor('W', [3, 2, 3], weights(random, 18)),
        tensor('scale', [3], [1.5, -0.5, 2]),
        tensor('bias', [3], [0.25, 1, -1]),
        tensor('mean', [3], [0.5, -2, 0.125]),
        tensor('var', [3], variance),
        tensor('M', [3, 2], weights(random, 6)),
      ],
      node: [
        { name: 'conv1d', opType: 'Conv', input: ['x', 'W'], output: ['c'], attribute: [str('auto_pad', 'SAME_UPPER'), ints('strides', [2])] },
        { name: 'bn', opType: 'BatchNormalization', input: ['c', 'scale', 'bias', 'mean', 'var'], output: ['n'], attribute: [float('epsilon', eps)] },
        { name: 'relu', opType: 'Relu', input: ['n'], output: ['r'] },
        { name: 'gap', opType: 'GlobalAveragePool', input: ['r'], output: ['g'] },
        { name: 'flat', opType: 'Flatten', input: ['g'], output: ['f'] },
        { name: 'mm', opType: 'MatMul', input: ['f', 'M'], output: ['y'] },
      ],
    });
    const net = expectAgreement(bytes, 3);
    // SAME_UPPER, stride 2 on length 7: 4 positions × 3 channels; BN folded into the Conv layer.
    expect(net.layers.map((l) => [l.outputs, l.activation])).toEqual([
      [12, 'relu'],
      [2, 'identity'],
    ]);
  });

  it('ConvTranspose: 2-D with strides, pads, output_padding, dilations and group 2; 1-D with bias', () => {
    const random = mulberry32(13);
    const twoD = model({
      input: [valueInfo('x', [1, 4, 3, 2])],
      output: [valueInfo('y', [1, 6, 7, 4])],
      initializer: [tensor('W', [4, 3, 2, 3], weights(random, 72))],
      node: [
        {
          name: 'up',
          opType: 'ConvTranspose',
          input: ['x', 'W'],
          output: ['y'],
          attribute: [ints('strides', [3, 2]), ints('pads', [1, 0, 0, 1]), ints('output_padding', [1, 0]), ints('dilations', [1, 2]), int('group', 2)],
        },
      ],
    });
    const net = expectAgreement(twoD, 6);
    // H: 3·2 + 1 + 2 − 1 − 0 = 8, W: 2·1 + 0 + 5 − 0 − 1 = 6; 6 channels.
    expect(net.layers[0]!.outputs).toBe(6 * 8 * 6);
    const oneD = model({
      input: [valueInfo('x', [1, 2, 5])],
      output: [valueInfo('y', [1, 3, 11])],
      initializer: [tensor('W', [2, 3, 3], weights(random, 18)), tensor('B', [3], weights(random, 3))],
      node: [
        { name: 'up1', opType: 'ConvTranspose', input: ['x', 'W', 'B'], output: ['c'], attribute: [ints('strides', [2])] },
        { name: 'relu', opType: 'Relu', input: ['c'], output: ['y'] },
      ],
    });
    expectAgreement(oneD, 7);
  });

  it('BatchNormalization folded into the Conv: the weights are the exact products', () => {
    // One channel, 1×1 kernel 2, BN scale 3, var + eps = 4 (sqrt 2), mean 1, B = 1/2:
    // y = 3·(2x − 1)/2 + 1/2 = 3x − 1.
    const eps = 2 ** -3;
    const bytes = model({
      input: [valueInfo('x', [1, 1, 1, 1])],
      output: [valueInfo('y', [1, 1, 1, 1])],
      initializer: [tensor('W', [1, 1, 1, 1], [2]), tensor('s', [1], [3]), tensor('b', [1], [0.5]), tensor('m', [1], [1]), tensor('v', [1], [4 - eps])],
      node: [
        { name: 'conv', opType: 'Conv', input: ['x', 'W'], output: ['c'] },
        { name: 'bn', opType: 'BatchNormalization', input: ['c', 's', 'b', 'm', 'v'], output: ['y'], attribute: [float('epsilon', eps)] },
      ],
    });
    const net = readOnnx(bytes);
    expect(net.layers).toHaveLength(1);
    expect(formatRational(net.layers[0]!.rows[0]!.values[0]!)).toBe('3');
    expect(formatRational(net.layers[0]!.bias[0]!)).toBe('-1');
  });
});

describe('shape ops against the naive exact reference', () => {
  it('Pad (constant value), Slice (negative step, clamped ends), Transpose, Split, Concat, Squeeze/Unsqueeze', () => {
    const bytes = model({
      input: [valueInfo('x', [1, 2, 3, 4])],
      output: [valueInfo('y', [2, 1, 3, 2])],
      initializer: [
        int64s('pads', [0, 0, 1, 0, 0, 0, 0, 2]),
        tensor('padValue', [], [0.5]),
        int64s('starts', [5, -1]),
        int64s('ends', [-100, 0]),
        int64s('axes', [3, 2]),
        int64s('steps', [-2, -1]),
        int64s('split', [1, 1]),
        int64s('ax0', [0]),
        int64s('two', [2]),
        int64s('ax3', [3]),
      ],
      node: [
        { name: 'pad', opType: 'Pad', input: ['x', 'pads', 'padValue'], output: ['p'] }, // [1, 2, 4, 6]
        { name: 'slice', opType: 'Slice', input: ['p', 'starts', 'ends', 'axes', 'steps'], output: ['s'] }, // [1, 2, 3, 3]
        { name: 'tr', opType: 'Transpose', input: ['s'], output: ['t'], attribute: [ints('perm', [1, 0, 3, 2])] }, // [2, 1, 3, 3]
        { name: 'split', opType: 'Split', input: ['t', 'split'], output: ['u', 'v'], attribute: [int('axis', 0)] }, // 2 × [1, 1, 3, 3]
        { name: 'sq', opType: 'Squeeze', input: ['v', 'ax0'], output: ['v0'] }, // [1, 3, 3]
        { name: 'unsq', opType: 'Unsqueeze', input: ['v0', 'ax0'], output: ['v1'] }, // [1, 1, 3, 3]
        { name: 'cat', opType: 'Concat', input: ['v1', 'u'], output: ['w'], attribute: [int('axis', 0)] }, // [2, 1, 3, 3]
        { name: 'relu', opType: 'Relu', input: ['w'], output: ['r'] },
        { name: 'crop', opType: 'Slice', input: ['r', 'ax0', 'two', 'ax3'], output: ['y'] }, // [2, 1, 3, 2]
      ],
    });
    const net = expectAgreement(bytes, 4);
    expect(net.metadata).toMatchObject({ onnxOutputShape: [2, 1, 3, 2] });
  });

  it('the Shape → Gather → Unsqueeze → Concat → Reshape idiom, ConstantOfShape, Sub/Div normalisation', () => {
    const bytes = model(
      {
        input: [valueInfo('x', [1, 3, 2, 2])],
        output: [valueInfo('y', [1, 12])],
        initializer: [tensor('mean', [1, 3, 1, 1], [0.5, -1, 0.25]), tensor('std', [1, 3, 1, 1], [3, 0.5, 7]), int64s('zero', [0]), int64s('minus1', [-1])],
        node: [
          { name: 'sub', opType: 'Sub', input: ['x', 'mean'], output: ['c'] },
          { name: 'div', opType: 'Div', input: ['c', 'std'], output: ['z'] },
          { name: 'shape', opType: 'Shape', input: ['z'], output: ['sh'] },
          { name: 'fill', opType: 'ConstantOfShape', input: ['sh'], output: ['k'], attribute: [{ name: 'value', type: ATTR.TENSOR, t: { dims: [1], dataType: FLOAT, rawData: float32Raw([0.75]) } }] },
          { name: 'shift', opType: 'Add', input: ['z', 'k'], output: ['zk'] },
          { name: 'gather', opType: 'Gather', input: ['sh', 'zero'], output: ['n'], attribute: [int('axis', 0)] },
          { name: 'cat', opType: 'Concat', input: ['n', 'minus1'], output: ['target'], attribute: [int('axis', 0)] },
          { name: 'reshape', opType: 'Reshape', input: ['zk', 'target'], output: ['y'] },
        ],
      },
      13,
    );
    const net = expectAgreement(bytes, 5);
    // (x − mean)/std + 0.75 on every element: one affine layer, divisions by 3 and 7 exact.
    expect(net.layers).toHaveLength(1);
    expect(formatRational(net.layers[0]!.rows[8]!.values[0]!)).toBe('1/7');
  });
});

describe('bad input: exit-2 errors naming the node and the field', () => {
  const conv = (attribute: OnnxTypes.IAttributeProto[], w = [1, 1, 2, 2], input: (number | string)[] = [1, 1, 4, 4], op = 'Conv'): Uint8Array =>
    model({
      input: [valueInfo('x', input)],
      output: [valueInfo('y', [1])],
      initializer: op === 'Conv' ? [tensor('W', w, new Array<number>(w.reduce((a, b) => a * b, 1)).fill(1))] : [],
      node: [{ name: 'n1', opType: op, input: op === 'Conv' ? ['x', 'W'] : ['x'], output: ['y'], attribute }],
    });

  it('auto_pad values, ceil_mode, negative pads, inconsistent channel counts, batch ≠ 1, dynamic non-batch dimensions', () => {
    expectInputError(() => readOnnx(conv([str('auto_pad', 'SAME_MIDDLE')]), 'c.onnx'), 'c.onnx', 'node "n1" (Conv).auto_pad', 'SAME_MIDDLE');
    // ceil_mode = 1 where it adds a partial window (5 − 2 = 3 not divisible by the stride 2).
    expectInputError(() => readOnnx(conv([ints('kernel_shape', [2, 2]), ints('strides', [2, 2]), int('ceil_mode', 1)], undefined, [1, 1, 5, 5], 'MaxPool'), 'c.onnx'), 'node "n1" (MaxPool).ceil_mode', 'ceil_mode = 1');
    expectInputError(() => readOnnx(conv([ints('pads', [0, -1, 0, 0])]), 'c.onnx'), 'node "n1" (Conv).pads', 'negative');
    expectInputError(() => readOnnx(conv([], [1, 3, 2, 2]), 'c.onnx'), 'node "n1" (Conv).W', 'inconsistent channel counts', '1 channels');
    expectInputError(() => readOnnx(conv([int('group', 2)], [2, 1, 2, 2], [1, 3, 4, 4]), 'c.onnx'), 'node "n1" (Conv).W', 'group = 2');
    expectInputError(() => readOnnx(conv([ints('kernel_shape', [3, 3])]), 'c.onnx'), 'node "n1" (Conv).kernel_shape', 'does not match');
    expectInputError(() => readOnnx(conv([], undefined, [2, 1, 4, 4]), 'c.onnx'), 'node "n1" (Conv).X', 'N = 2');
    expectInputError(() => readOnnx(conv([], undefined, [1, 'C', 4, 4]), 'c.onnx'), 'input "x".shape[1]', 'dynamic dimension "C"');
    expectInputError(() => readOnnx(conv([ints('kernel_shape', [5, 5])], undefined, undefined, 'AveragePool'), 'c.onnx'), 'node "n1" (AveragePool).kernel_shape', 'does not fit');
    const padNode = model({
      input: [valueInfo('x', [1, 3])],
      output: [valueInfo('y', [1, 3])],
      initializer: [int64s('pads', [0, 1, 0, -1])],
      node: [{ name: 'p', opType: 'Pad', input: ['x', 'pads'], output: ['y'] }],
    });
    expectInputError(() => readOnnx(padNode, 'p.onnx'), 'node "p" (Pad).pads', 'negative pad -1');
  });

  it('non-constant shapes and weights', () => {
    const bytes = model({
      input: [valueInfo('x', [1, 4])],
      output: [valueInfo('y', [1])],
      node: [
        { name: 'r', opType: 'Relu', input: ['x'], output: ['h'] },
        { name: 'reshape', opType: 'Reshape', input: ['h', 'h'], output: ['y'] },
      ],
    });
    expectInputError(() => readOnnx(bytes, 'r.onnx'), 'node "reshape" (Reshape)', 'must be a constant');
    const w = model({
      input: [valueInfo('x', [1, 1, 2, 2])],
      output: [valueInfo('y', [1])],
      node: [{ name: 'selfconv', opType: 'Conv', input: ['x', 'x'], output: ['y'] }],
    });
    expectInputError(() => readOnnx(w, 'w.onnx'), 'node "selfconv" (Conv).W', 'must be constant');
  });

  it('BatchNormalization whose sqrt(var + eps) is irrational is refused, naming node, field and channel', () => {
    const bytes = model({
      input: [valueInfo('x', [1, 2, 1, 1])],
      output: [valueInfo('y', [1, 2, 1, 1])],
      initializer: [tensor('s', [2], [1, 1]), tensor('b', [2], [0, 0]), tensor('m', [2], [0, 0]), tensor('v', [2], [1, 2])],
      node: [{ name: 'bn1', opType: 'BatchNormalization', input: ['x', 's', 'b', 'm', 'v'], output: ['y'], attribute: [float('epsilon', 0)] }],
    });
    expectInputError(() => readOnnx(bytes, 'bn.onnx'), 'bn.onnx', 'node "bn1" (BatchNormalization).input_var', 'channel 1', 'sqrt(2) is not rational');
  });

  it('the CLI exits 2 with one line naming the file, node and field', async () => {
    const dir = tempDir();
    const file = join(dir, 'bad.onnx');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(file, conv([str('auto_pad', 'SAME_MIDDLE')]));
    const run = await cli('info', file);
    expect(run.code).toBe(2);
    expect(run.err).toContain('node "n1" (Conv).auto_pad');
    expect(run.err).not.toContain('    at ');
  });
});

describe('round trips of lowered networks', () => {
  it('ONNX (float32 and float64) and JSON keep the SHA-256 of a lowered Conv/MaxPool network', () => {
    const random = mulberry32(21);
    const bytes = model({
      input: [valueInfo('x', [1, 1, 4, 4])],
      output: [valueInfo('y', [1, 2])],
      initializer: [tensor('W', [2, 1, 2, 2], weights(random, 8)), tensor('G', [8, 2], weights(random, 16))],
      node: [
        { name: 'conv', opType: 'Conv', input: ['x', 'W'], output: ['c'], attribute: [ints('strides', [2, 2])] },
        { name: 'max', opType: 'MaxPool', input: ['c'], output: ['m'], attribute: [ints('kernel_shape', [1, 2]), ints('pads', [0, 0, 0, 1]), ints('strides', [1, 1])] },
        { name: 'flat', opType: 'Flatten', input: ['m'], output: ['f'] },
        { name: 'mm', opType: 'MatMul', input: ['f', 'G'], output: ['y'] },
      ],
    });
    const net = readOnnx(bytes, 'rt.onnx');
    const sha = networkSha256(net);
    for (const dtype of ['float32', 'float64'] as const) expect(networkSha256(readOnnx(writeOnnx(net, { dtype })))).toBe(sha);
    expect(networkSha256(networkFromJson(JSON.parse(formatNetworkFile(net))))).toBe(sha);
  });

  it('a large lowered convolution is written as a sparse initializer and read back with the same SHA-256', () => {
    const random = mulberry32(23);
    const bytes = model({
      input: [valueInfo('x', [1, 2, 12, 12])],
      output: [valueInfo('y', [1, 4, 10, 10])],
      initializer: [tensor('W', [4, 2, 3, 3], weights(random, 72))],
      node: [{ name: 'conv', opType: 'Conv', input: ['x', 'W'], output: ['y'] }],
    });
    const net = readOnnx(bytes);
    // 400 × 288 = 115 200 dense weights, at most 400 · 18 nonzero.
    expect(net.layers[0]!.outputs * net.layers[0]!.inputs).toBe(115_200);
    const written = writeOnnx(net, { dtype: 'float32' });
    const decoded = onnx.ModelProto.decode(written);
    expect(decoded.graph!.sparseInitializer).toHaveLength(1);
    expect((decoded.graph?.initializer ?? []).map((t) => t.name)).toEqual(['B0']);
    expect(written.length).toBeLessThan(4 * 115_200 / 4);
    expect(networkSha256(readOnnx(written))).toBe(networkSha256(net));
  });

  it('sparse initializers with coordinate indices: kept sparse in MatMul, densified elsewhere; bad positions refused', () => {
    // S = [[0, 2], [−1/2, 0], [0, 0]] (3 × 2), nonzeros at (0, 1) and (1, 0):
    // y = x·S (MatMul, S kept sparse) and z = y + T with T = S[0:1] (Slice, S densified).
    const sparse = (indices: number[], dims = [3, 2]): OnnxTypes.ISparseTensorProto => ({
      values: { name: 'S', dims: [2], dataType: FLOAT, rawData: float32Raw([2, -0.5]) },
      indices: { name: 'S_idx', dims: [2, 2], dataType: INT64, int64Data: indices },
      dims,
    });
    const build = (indices: number[]): Uint8Array =>
      model({
        input: [valueInfo('x', [1, 3])],
        output: [valueInfo('z', [1, 2])],
        sparseInitializer: [sparse(indices)],
        initializer: [int64s('zero', [0]), int64s('one', [1])],
        node: [
          { name: 'mm', opType: 'MatMul', input: ['x', 'S'], output: ['y'] },
          { name: 'row0', opType: 'Slice', input: ['S', 'zero', 'one'], output: ['T'] },
          { name: 'add', opType: 'Add', input: ['y', 'T'], output: ['z'] },
        ],
      });
    const net = readOnnx(build([0, 1, 1, 0]));
    // x = (3, 4, 5): x·S = (−2, 6), + row 0 (0, 2) = (−2, 8).
    expect(evaluate(net, [ratio(3n), ratio(4n), ratio(5n)]).map(formatRational)).toEqual(['-2', '8']);
    expectInputError(() => readOnnx(build([0, 1, 3, 0]), 's.onnx'), 'sparse tensor "S".indices[1]', 'outside dimension 0');
    expectInputError(() => readOnnx(build([0, 1, 0, 1]), 's.onnx'), 'sparse tensor "S".indices', 'given twice');
  });

  it('convert through the CLI: lowered ONNX → JSON → ONNX, same SHA-256 in info', async () => {
    const dir = tempDir();
    const { writeFileSync } = await import('node:fs');
    const random = mulberry32(22);
    writeFileSync(
      join(dir, 'in.onnx'),
      model({
        input: [valueInfo('x', [1, 2, 3])],
        output: [valueInfo('y', [1, 1, 2])],
        initializer: [tensor('W', [1, 2, 2], weights(random, 4))],
        node: [
          { name: 'conv', opType: 'Conv', input: ['x', 'W'], output: ['c'] },
          { name: 'relu', opType: 'Relu', input: ['c'], output: ['y'] },
        ],
      }),
    );
    expect((await cli('convert', join(dir, 'in.onnx'), join(dir, 'mid.json'))).code).toBe(0);
    expect((await cli('convert', join(dir, 'mid.json'), join(dir, 'out.onnx'))).code).toBe(0);
    const shas = await Promise.all(['in.onnx', 'mid.json', 'out.onnx'].map(async (f) => JSON.parse((await cli('info', join(dir, f), '--json')).out).sha256 as string));
    expect(new Set(shas).size).toBe(1);
  });
});

describeWithSharedData('real convolutional and dense files against the reference', () => {
  const load = (file: string): Uint8Array => readFileSync(`${DATA_DIR}small/${file}`);

  for (const [file, inputs] of [
    ['KJ_TinyTaxiNet.onnx', 128],
    ['mnist2x10.onnx', 784],
  ] as const) {
    it(`${file}: exact agreement with the exact reference, and the float64 reference within its derived bound`, () => {
      const bytes = load(file);
      const net = readOnnx(bytes, file);
      expect(net.inputs).toBe(inputs);
      const random = mulberry32(31);
      for (let t = 0; t < 4; t++) {
        // Inputs in [0, 1] with denominators up to 255, like normalised pixels.
        const x = Array.from({ length: inputs }, () => ratio(BigInt(Math.floor(random() * 256)), 255n));
        const exact = evaluate(net, x);
        expect(exact.map(formatRational)).toEqual(referenceEvaluate(bytes, x, EXACT).map(formatRational));
        const approx = referenceEvaluate<Bounded>(
          bytes,
          x.map((q) => BOUNDED.constant(q)),
          BOUNDED,
        );
        approx.forEach((a, i) => {
          const diff = float64ToRational(a.v).sub(exact[i]!).abs();
          // The running bound a.e is itself rounded: 1.001·a.e covers that (n·u ≪ 10^−3).
          expect(diff.compare(float64ToRational(a.e * 1.001 + Number.MIN_VALUE))).toBeLessThanOrEqual(0);
        });
      }
    });
  }
});
