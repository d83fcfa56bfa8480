/**
 * Corner cases found by an adversarial review of the ONNX reader. Each model is evaluated at
 * x = (1, 2, …, n) so that an output names the input element it copies; the expected values
 * are worked out by hand from the ONNX operator definitions (onnx/docs/Operators.md and the
 * operator changelog for older opsets).
 */
import { describe, expect, it } from 'vitest';
import onnxProto from 'onnx-proto';
import { isqrt } from '../../../src/formats/onnx/batchnorm.js';
import { readOnnx } from '../../../src/formats/onnx.js';
import { expectInputError } from '../../support/errors.js';
import { ATTR, DT, attrFloat, attrInt, attrInts, attrString, doubles, floats, int64s, model, outputsAtCounting, valueInfo } from './build.js';

const INT64_MAX = '9223372036854775807';
const INT64_MIN = '-9223372036854775808';

describe('Slice', () => {
  it('clamps a negative-step start below the axis to 0, not −1 (the first element is taken)', () => {
    // d = 4. start −100 → −96 → clamped to [0, d − 1] = 0; end INT64_MIN → clamped to −1: [x0].
    for (const start of [-100, -5]) {
      const bytes = model([4], [{ opType: 'Slice', input: ['x', 's', 'e', 'a', 'p'], output: ['y'] }], [
        int64s('s', [start]),
        int64s('e', [INT64_MIN]),
        int64s('a', [0]),
        int64s('p', [-1]),
      ]);
      expect(outputsAtCounting(bytes)).toEqual(['1']);
    }
    // start −5 with step −2 and end −100 (→ −1): indices 0 only.
    const stepTwo = model([4], [{ opType: 'Slice', input: ['x', 's', 'e', 'a', 'p'], output: ['y'] }], [int64s('s', [-5]), int64s('e', [-100]), int64s('a', [0]), int64s('p', [-2])]);
    expect(outputsAtCounting(stepTwo)).toEqual(['1']);
  });

  it('reads starts/ends attributes of INT64_MAX/INT64_MIN (opset 9, as exporters write "to the end")', () => {
    const forward = model([4], [{ opType: 'Slice', input: ['x'], output: ['y'], attribute: [attrInts('starts', [1]), attrInts('ends', [INT64_MAX]), attrInts('axes', [0])] }], [], 9);
    expect(outputsAtCounting(forward)).toEqual(['2', '3', '4']);
    const fromStart = model([4], [{ opType: 'Slice', input: ['x'], output: ['y'], attribute: [attrInts('starts', [INT64_MIN]), attrInts('ends', [2])] }], [], 9);
    expect(outputsAtCounting(fromStart)).toEqual(['1', '2']);
  });
});

describe('Cast of constants', () => {
  it('to BOOL maps every nonzero value to 1 (true), 0 to 0', () => {
    const bytes = model([4], [
      { opType: 'Cast', input: ['w'], output: ['b'], attribute: [attrInt('to', DT.BOOL)] },
      { opType: 'Cast', input: ['b'], output: ['f'], attribute: [attrInt('to', DT.FLOAT)] },
      { opType: 'Mul', input: ['x', 'f'], output: ['y'] },
    ], [floats('w', [4], [2, -3, 0, 0.5])]);
    expect(outputsAtCounting(bytes)).toEqual(['1', '2', '0', '4']);
  });

  it('to a narrow integer type refuses values outside its range (ONNX leaves them undefined)', () => {
    for (const [to, value, name] of [[DT.UINT8, -1, 'UINT8'], [DT.INT8, 200, 'INT8'], [DT.UINT16, 65536, 'UINT16'], [DT.INT32, 2 ** 31, 'INT32']] as const) {
      const bytes = model([1], [
        { name: 'narrow', opType: 'Cast', input: ['w'], output: ['i'], attribute: [attrInt('to', to)] },
        { opType: 'Cast', input: ['i'], output: ['f'], attribute: [attrInt('to', DT.FLOAT)] },
        { opType: 'Mul', input: ['x', 'f'], output: ['y'] },
      ], [floats('w', [1], [value])]);
      expectInputError(() => readOnnx(bytes, 'cast.onnx'), 'cast.onnx', 'node "narrow" (Cast)', `${value}`, name);
    }
  });
});

describe('attribute types', () => {
  const square = floats('B', [2, 2], [1, 2, 3, 4]);
  it('refuses an attribute of the wrong type instead of reading its default (alpha as INT was read as 0)', () => {
    const alphaInt = model([1, 2], [{ name: 'g', opType: 'Gemm', input: ['x', 'B'], output: ['y'], attribute: [attrInt('alpha', 2)] }], [square]);
    expectInputError(() => readOnnx(alphaInt, 'a.onnx'), 'a.onnx', 'node "g" (Gemm).alpha', 'INT', 'FLOAT');
    const transBFloat = model([1, 2], [{ name: 'g', opType: 'Gemm', input: ['x', 'B'], output: ['y'], attribute: [attrFloat('transB', 1)] }], [square]);
    expectInputError(() => readOnnx(transBFloat, 'b.onnx'), 'node "g" (Gemm).transB', 'FLOAT', 'INT');
    const bn = model([1, 1], [{ name: 'bn', opType: 'BatchNormalization', input: ['x', 's', 'b', 'm', 'v'], output: ['y'], attribute: [attrInt('epsilon', 0)] }], [
      floats('s', [1], [1]),
      floats('b', [1], [0]),
      floats('m', [1], [0]),
      floats('v', [1], [1]),
    ]);
    expectInputError(() => readOnnx(bn), 'node "bn" (BatchNormalization).epsilon', 'INT', 'FLOAT');
    const axesInt = model([2], [{ name: 'u', opType: 'Unsqueeze', input: ['x'], output: ['y'], attribute: [attrInt('axes', 0)] }], [], 11);
    expectInputError(() => readOnnx(axesInt), 'node "u" (Unsqueeze).axes', 'INT', 'INTS');
    const valueFloatInt = model([1], [
      { name: 'c', opType: 'Constant', input: [], output: ['k'], attribute: [{ name: 'value_float', type: ATTR.INT, i: 3 }] },
      { opType: 'Add', input: ['x', 'k'], output: ['y'] },
    ]);
    expectInputError(() => readOnnx(valueFloatInt), 'node "c" (Constant).value_float', 'INT', 'FLOAT');
    const fillFloat = model([1], [
      { opType: 'Shape', input: ['x'], output: ['s'] },
      { name: 'cs', opType: 'ConstantOfShape', input: ['s'], output: ['k'], attribute: [attrFloat('value', 5)] },
      { opType: 'Add', input: ['x', 'k'], output: ['y'] },
    ]);
    expectInputError(() => readOnnx(fillFloat), 'node "cs" (ConstantOfShape).value', 'FLOAT', 'TENSOR');
  });

  it('an attribute without a type (IR version 1) is read from the field it sets', () => {
    const bytes = model([1, 2], [{ opType: 'Gemm', input: ['x', 'B'], output: ['y'], attribute: [{ name: 'alpha', f: 0.5 }, { name: 'transB', i: 1 }] }], [square]);
    // y = 0.5 · x Bᵀ at x = (1, 2): 0.5 · (1·1 + 2·2, 1·3 + 2·4) = (5/2, 11/2).
    expect(outputsAtCounting(bytes)).toEqual(['5/2', '11/2']);
    const untypedWrong = model([1, 2], [{ name: 'g', opType: 'Gemm', input: ['x', 'B'], output: ['y'], attribute: [{ name: 'alpha', i: 2 }] }], [square]);
    expectInputError(() => readOnnx(untypedWrong), 'node "g" (Gemm).alpha', 'FLOAT');
  });

  it('refuses an attribute given twice', () => {
    const bytes = model([1, 2], [{ name: 'g', opType: 'Gemm', input: ['x', 'B'], output: ['y'], attribute: [attrInt('transB', 1), attrInt('transB', 0)] }], [square]);
    expectInputError(() => readOnnx(bytes), 'node "g" (Gemm).transB', 'twice');
  });
});

describe('shape ops that must refuse what ONNX does not define', () => {
  it('Unsqueeze with a repeated axis', () => {
    const bytes = model([2], [{ name: 'u', opType: 'Unsqueeze', input: ['x', 'a'], output: ['y'] }], [int64s('a', [0, 0])]);
    expectInputError(() => readOnnx(bytes), 'node "u" (Unsqueeze)', 'repeat');
  });

  it('Split into equal parts (no split sizes, no num_outputs) of an axis they do not divide', () => {
    const bytes = model([5], [
      { name: 's', opType: 'Split', input: ['x'], output: ['a', 'b'], attribute: [attrInt('axis', 0)] },
      { opType: 'Concat', input: ['b', 'a'], output: ['y'], attribute: [attrInt('axis', 0)] },
    ]);
    expectInputError(() => readOnnx(bytes), 'node "s" (Split)', '5', '2');
    // 6 into 2 equal parts is fine: y = (x3 … x5, x0 … x2).
    const even = model([6], [
      { opType: 'Split', input: ['x'], output: ['a', 'b'], attribute: [attrInt('axis', 0)] },
      { opType: 'Concat', input: ['b', 'a'], output: ['y'], attribute: [attrInt('axis', 0)] },
    ]);
    expect(outputsAtCounting(even)).toEqual(['4', '5', '6', '1', '2', '3']);
  });
});

describe('older opsets', () => {
  it('Add/Mul with broadcast = 1 and axis (opset < 7) align B with A from that axis', () => {
    // x [1, 2, 2, 2] = 1 … 8; B = (10, 20) per channel (axis 1).
    const add = model([1, 2, 2, 2], [{ opType: 'Add', input: ['x', 'b'], output: ['y'], attribute: [attrInt('broadcast', 1), attrInt('axis', 1)] }], [floats('b', [2], [10, 20])], 6);
    expect(outputsAtCounting(add)).toEqual(['11', '12', '13', '14', '25', '26', '27', '28']);
    const mul = model([1, 2, 2, 2], [{ opType: 'Mul', input: ['x', 'b'], output: ['y'], attribute: [attrInt('broadcast', 1), attrInt('axis', 1)] }], [floats('b', [2], [10, 20])], 6);
    expect(outputsAtCounting(mul)).toEqual(['10', '20', '30', '40', '100', '120', '140', '160']);
    // Without axis, B is aligned with the trailing axes (as numpy would): B [2] per last axis.
    const suffix = model([1, 2, 2, 2], [{ opType: 'Sub', input: ['x', 'b'], output: ['y'], attribute: [attrInt('broadcast', 1)] }], [floats('b', [2], [10, 20])], 6);
    expect(outputsAtCounting(suffix)).toEqual(['-9', '-18', '-7', '-16', '-5', '-14', '-3', '-12']);
  });

  it('Add of different shapes without broadcast = 1 at opset < 7 is refused (the shapes had to match)', () => {
    const bytes = model([1, 2], [{ name: 'add', opType: 'Add', input: ['x', 'b'], output: ['y'] }], [floats('b', [2], [10, 20])], 6);
    expectInputError(() => readOnnx(bytes), 'node "add" (Add)', 'broadcast');
  });

  it('Concat without axis: axis 1 before opset 4, refused from opset 4 on (axis is required)', () => {
    // x [1, 2, 1] = (1, 2), k [1, 2, 1] = (10, 20): axis 1 gives [1, 4, 1] = (1, 2, 10, 20); then
    // Flatten → [1, 4] and Transpose → [4, 1]: the same order. (Axis 0 would give [2, 2, 1] →
    // Flatten [2, 2] → Transpose (1, 10, 2, 20).)
    const nodes = [
      { name: 'cat', opType: 'Concat', input: ['x', 'k'], output: ['c'] },
      { opType: 'Flatten', input: ['c'], output: ['f'] },
      { opType: 'Transpose', input: ['f'], output: ['y'] },
    ];
    expect(outputsAtCounting(model([1, 2, 1], nodes, [floats('k', [1, 2, 1], [10, 20])], 1))).toEqual(['1', '2', '10', '20']);
    expectInputError(() => readOnnx(model([1, 2, 1], nodes, [floats('k', [1, 2, 1], [10, 20])], 13)), 'node "cat" (Concat).axis', 'required');
  });
});

describe('messages', () => {
  it('a name with a line break is escaped: the error stays one line', () => {
    const bytes = model([2], [{ name: 'bad\nname', opType: 'Sigmoid', input: ['x'], output: ['y'] }]);
    const e = expectInputError(() => readOnnx(bytes, 'nl.onnx'), 'nl.onnx', 'node "bad\\u000aname" (Sigmoid)');
    expect(e.message).not.toContain('\n');
  });
});

describe('integer network values', () => {
  it('Div of an integer-typed network input is refused (ONNX truncates, x/2 would not)', () => {
    const bytes = model([2], [{ name: 'half', opType: 'Div', input: ['x', 'two'], output: ['y'] }], [int64s('two', [2])]);
    const graph = onnxProto.onnx.ModelProto.decode(bytes);
    const tensorType = graph.graph?.input?.[0]?.type?.tensorType;
    if (tensorType) tensorType.elemType = DT.INT64;
    const intInput = onnxProto.onnx.ModelProto.encode(graph).finish();
    expectInputError(() => readOnnx(intInput), 'node "half" (Div)', 'INT64', 'truncates');
  });
});

describe('resource limits on files without weights', () => {
  it('a chain of Concat(x, x) doubling a 1-element input 30 times is refused (it crashed the process)', () => {
    const node = Array.from({ length: 30 }, (_, i) => ({ opType: 'Concat', input: [i === 0 ? 'x' : `c${i - 1}`, i === 0 ? 'x' : `c${i - 1}`], output: [i === 29 ? 'y' : `c${i}`], attribute: [attrInt('axis', 0)] }));
    // 2^24 elements are allowed, 2^25 (after the 25th doubling, node #24) are not.
    expectInputError(() => readOnnx(model([1], node), 'bomb.onnx'), 'bomb.onnx', 'node #24 (Concat)', '33554432 elements');
  });

  it('a MaxPool whose overlapping windows hold more than 2^24 elements is refused', () => {
    // 60 channels of 128 × 128 (under the 10^6 input limit), a 64 × 64 kernel at stride 1: 65² windows of 4096 per channel.
    const bytes = model([1, 60, 128, 128], [{ name: 'mp', opType: 'MaxPool', input: ['x'], output: ['y'], attribute: [attrInts('kernel_shape', [64, 64])] }]);
    expectInputError(() => readOnnx(bytes), 'node "mp" (MaxPool)', 'pooling windows', `${60 * 65 * 65 * 4096}`);
  });
});

describe('external data', () => {
  it('is refused clearly whether data_location says EXTERNAL or only external_data is filled in', () => {
    const location = [{ key: 'location', value: 'weights.bin' }];
    const withFlag = model([2], [{ opType: 'Mul', input: ['x', 'w'], output: ['y'] }], [{ name: 'w', dims: [2], dataType: DT.FLOAT, externalData: location, dataLocation: 1 }]);
    expectInputError(() => readOnnx(withFlag, 'ext.onnx'), 'ext.onnx', 'tensor "w"', 'external file');
    const entriesOnly = model([2], [{ opType: 'Mul', input: ['x', 'w'], output: ['y'] }], [{ name: 'w', dims: [2], dataType: DT.FLOAT, externalData: location }]);
    expectInputError(() => readOnnx(entriesOnly, 'ext.onnx'), 'ext.onnx', 'tensor "w"', 'external file');
  });
});

describe('sparse initializers', () => {
  it('refuse fractional indices (a float index 0.5 crashed the reader as B of MatMul and silently dropped a value elsewhere)', () => {
    const indices = { name: 'S_i', dims: [2, 2], dataType: DT.FLOAT, floatData: [0, 0, 1, 0.5] };
    const sparse = { values: floats('S', [2], [1, 2]), indices, dims: [2, 2] };
    for (const [op, shape] of [['MatMul', [1, 2]], ['Add', [2, 2]]] as const) {
      const bytes = onnxProto.onnx.ModelProto.encode({
        irVersion: 7,
        opsetImport: [{ domain: '', version: 13 }],
        graph: { name: 'g', input: [valueInfo('x', [...shape])], output: [valueInfo('y', [])], node: [{ opType: op, input: ['x', 'S'], output: ['y'] }], sparseInitializer: [sparse] },
      }).finish();
      expectInputError(() => readOnnx(bytes, 'sp.onnx'), 'sp.onnx', 'sparse tensor "S".indices[1]', '1/2 is not an integer');
    }
  });
});

describe('BatchNormalization square roots of large variances', () => {
  it('isqrt is ⌊√n⌋ at squares and just below them, far beyond float64 range', () => {
    for (const k of [1n, 2n, 3n, 10n ** 20n + 7n, (1n << 600n) + 12345n, (1n << 1100n) - 1n]) {
      expect(isqrt(k * k)).toBe(k);
      expect(isqrt(k * k - 1n)).toBe(k - 1n);
      expect(isqrt(k * k + 2n * k)).toBe(k); // (k + 1)² − 1
    }
    expect(isqrt(0n)).toBe(0n);
  });

  it('a float64 variance of 1e250 or 1e308 is refused as irrational (it hung, or failed with an internal error)', () => {
    for (const v of [1e250, 1e308]) {
      const bytes = model([1, 1], [{ name: 'bn', opType: 'BatchNormalization', input: ['x', 's', 'b', 'm', 'v'], output: ['y'] }], [
        doubles('s', [1]),
        doubles('b', [0]),
        doubles('m', [0]),
        doubles('v', [v]),
      ]);
      expectInputError(() => readOnnx(bytes), 'node "bn" (BatchNormalization).input_var', 'is not rational');
    }
  });

  it('a float64 variance of 2^800 with epsilon 0 folds exactly: scale 2^400 / √(2^800) = 1', () => {
    const bytes = model([1, 1], [{ opType: 'BatchNormalization', input: ['x', 's', 'b', 'm', 'v'], output: ['y'], attribute: [attrFloat('epsilon', 0)] }], [
      doubles('s', [2 ** 400]),
      doubles('b', [3]),
      doubles('m', [0]),
      doubles('v', [2 ** 800]),
    ]);
    // y = 1 · (x − 0) + 3 at x = 1.
    expect(outputsAtCounting(bytes)).toEqual(['4']);
  });
});

describe('convolution work limits', () => {
  it('a Conv or ConvTranspose of more than 2^31 multiply-adds is refused before any work (it ran for hours)', () => {
    // Conv: 9 output channels × 128² positions × 1 channel × 128² taps = 9 · 2^28 > 2^31.
    const conv = model([1, 1, 255, 255], [{ name: 'big', opType: 'Conv', input: ['x', 'W'], output: ['y'] }], [floats('W', [9, 1, 128, 128], new Array<number>(9 * 128 * 128).fill(0.5))]);
    expectInputError(() => readOnnx(conv), 'node "big" (Conv)', `${9 * 2 ** 28} multiply-adds`);
    // ConvTranspose: 256² inputs × 64² taps × 1 channel × 9 outputs per group.
    const convT = model([1, 1, 256, 256], [{ name: 'bigT', opType: 'ConvTranspose', input: ['x', 'W'], output: ['y'] }], [floats('W', [1, 9, 64, 64], new Array<number>(9 * 64 * 64).fill(0.5))]);
    expectInputError(() => readOnnx(convT), 'node "bigT" (ConvTranspose)', `${256 * 256 * 64 * 64 * 9} multiply-adds`);
  });
});

describe('pooling ceil_mode', () => {
  it('is accepted where it gives the floor-mode windows (the stride divides the span left)', () => {
    // x [1, 1, 1, 5] = 1 … 5, kernel 1 × 3, stride 2: (5 − 3) / 2 = 1 exactly, windows {1,2,3}, {3,4,5}.
    const max = model([1, 1, 1, 5], [{ opType: 'MaxPool', input: ['x'], output: ['y'], attribute: [attrInts('kernel_shape', [1, 3]), attrInts('strides', [1, 2]), attrInt('ceil_mode', 1)] }]);
    expect(outputsAtCounting(max)).toEqual(['3', '5']);
    const avg = model([1, 1, 1, 5], [{ opType: 'AveragePool', input: ['x'], output: ['y'], attribute: [attrInts('kernel_shape', [1, 3]), attrInts('strides', [1, 2]), attrInt('ceil_mode', 1)] }]);
    expect(outputsAtCounting(avg)).toEqual(['2', '4']);
  });

  it('is refused where it would add a partial last window', () => {
    // size 6: (6 − 3) / 2 = 3/2, ceil mode would add the window {5, 6}.
    const bytes = model([1, 1, 1, 6], [{ name: 'mp', opType: 'MaxPool', input: ['x'], output: ['y'], attribute: [attrInts('kernel_shape', [1, 3]), attrInts('strides', [1, 2]), attrInt('ceil_mode', 1)] }]);
    expectInputError(() => readOnnx(bytes), 'node "mp" (MaxPool).ceil_mode', 'partial window');
  });
});

describe('graph structure', () => {
  it('a value produced twice, or a node output named like an input or an initializer, is refused (not read in file order)', () => {
    const twice = model([2], [
      { name: 'neg', opType: 'Neg', input: ['x'], output: ['h'] },
      { name: 'relu', opType: 'Relu', input: ['x'], output: ['h'] },
      { opType: 'Identity', input: ['h'], output: ['y'] },
    ]);
    expectInputError(() => readOnnx(twice), 'node "relu" (Relu)', 'output "h"', 'node "neg" (Neg)');
    const shadowsInput = model([2], [{ name: 'n', opType: 'Neg', input: ['x'], output: ['x'] }, { opType: 'Identity', input: ['x'], output: ['y'] }]);
    expectInputError(() => readOnnx(shadowsInput), 'node "n" (Neg)', 'output "x"', 'graph input');
    const shadowsInitializer = model([2], [{ name: 'n', opType: 'Neg', input: ['x'], output: ['w'] }, { opType: 'Mul', input: ['x', 'w'], output: ['y'] }], [floats('w', [2], [1, 2])]);
    expectInputError(() => readOnnx(shadowsInitializer), 'node "n" (Neg)', 'output "w"', 'initializer');
    const twoWeights = model([2], [{ opType: 'Mul', input: ['x', 'w'], output: ['y'] }], [floats('w', [2], [1, 2]), floats('w', [2], [3, 4])]);
    expectInputError(() => readOnnx(twoWeights), 'graph.initializer', 'two initializers are named "w"');
  });
});

describe('BatchNormalization before opset 7', () => {
  const params = [floats('s', [1], [2]), floats('b', [1], [1]), floats('m', [1], [3]), floats('v', [1], [4 - 2 ** -10])];
  const bn = (attribute: ReturnType<typeof attrInt>[]) =>
    model([1, 1], [{ name: 'bn', opType: 'BatchNormalization', input: ['x', 's', 'b', 'm', 'v'], output: ['y'], attribute: [attrFloat('epsilon', 2 ** -10), ...attribute] }], params, 6);
  it('is_test = 1 is inference: y = 2 · (x − 3) / 2 + 1', () => {
    expect(outputsAtCounting(bn([attrInt('is_test', 1)]))).toEqual(['-1']);
  });
  it('is_test = 0, the default, is training mode (batch statistics) and is refused', () => {
    expectInputError(() => readOnnx(bn([])), 'node "bn" (BatchNormalization).is_test', 'training mode');
    expectInputError(() => readOnnx(bn([attrInt('is_test', 0)])), 'node "bn" (BatchNormalization).is_test');
  });
});

describe('Reshape and Cast before opset 5 and 6', () => {
  it('Reshape takes the target shape from its shape attribute (opset < 5)', () => {
    // x [6] = 1 … 6 as [3, 2], transposed: (1, 3, 5, 2, 4, 6).
    const bytes = model([6], [
      { opType: 'Reshape', input: ['x'], output: ['r'], attribute: [attrInts('shape', [3, 2])] },
      { opType: 'Transpose', input: ['r'], output: ['y'] },
    ], [], 4);
    expect(outputsAtCounting(bytes)).toEqual(['1', '3', '5', '2', '4', '6']);
  });

  it('Cast takes the type name as a string (opset < 6)', () => {
    const bytes = model([2], [
      { opType: 'Cast', input: ['w'], output: ['b'], attribute: [attrString('to', 'BOOL')] },
      { opType: 'Cast', input: ['b'], output: ['f'], attribute: [attrString('to', 'FLOAT')] },
      { opType: 'Mul', input: ['x', 'f'], output: ['y'] },
    ], [floats('w', [2], [0, -7])], 5);
    expect(outputsAtCounting(bytes)).toEqual(['0', '2']);
    const unknown = model([2], [{ name: 'c', opType: 'Cast', input: ['x'], output: ['y'], attribute: [attrString('to', 'QUATERNION')] }], [], 5);
    expectInputError(() => readOnnx(unknown), 'node "c" (Cast).to', 'QUATERNION');
  });
});
