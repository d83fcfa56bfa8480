/**
 * Lowering a CIFAR-size convolutional ONNX network to the exact sparse model (issue 16).
 *
 * Cases (input 3×32×32, weights random float32 values in [−1/2, 1/2], read exactly):
 * - `cifar-convsmall`: the ERAN / VNN-COMP cifar2020 "ConvSmall" shape — Conv 16@4×4 stride 2,
 *   Relu, Conv 32@4×4 stride 2, Relu, Gemm 100, Relu, Gemm 10;
 * - `cifar-conv-same`: Conv 16@3×3 pad 1, Relu, Conv 32@3×3 stride 2 pad 1, Relu, MaxPool 2×2,
 *   Gemm 10 — wider layers (16 384 and 8 192 ReLUs) and a max-pool gadget round.
 *
 * Prints one JSON line per case: median and minimum milliseconds of `readOnnx` over the runs
 * (protobuf decoding included), layer widths, dense and nonzero weight counts, the load average.
 */
import { loadavg } from 'node:os';
import onnxProto from 'onnx-proto';
import type { onnx as OnnxTypes } from 'onnx-proto';
import { readOnnx } from '../src/formats/onnx.js';
import { nonzeroWeights } from '../src/network/model.js';
import { mulberry32 } from '../src/random/prng.js';

const { onnx } = onnxProto;
const FLOAT = onnx.TensorProto.DataType.FLOAT;
const ATTR = onnx.AttributeProto.AttributeType;
const RUNS = Number(process.env.RELUCERT_BENCH_RUNS ?? 5);

function tensor(random: () => number, name: string, dims: number[]): OnnxTypes.ITensorProto {
  const n = dims.reduce((a, b) => a * b, 1);
  const bytes = new Uint8Array(4 * n);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < n; i++) view.setFloat32(4 * i, random() - 0.5, true);
  return { name, dims, dataType: FLOAT, rawData: bytes };
}

const ints = (name: string, values: number[]): OnnxTypes.IAttributeProto => ({ name, type: ATTR.INTS, ints: values });

function convSmall(): Uint8Array {
  const r = mulberry32(2020);
  return encode(
    [tensor(r, 'W1', [16, 3, 4, 4]), tensor(r, 'B1', [16]), tensor(r, 'W2', [32, 16, 4, 4]), tensor(r, 'B2', [32]), tensor(r, 'W3', [100, 1152]), tensor(r, 'B3', [100]), tensor(r, 'W4', [10, 100]), tensor(r, 'B4', [10])],
    [
      { name: 'conv1', opType: 'Conv', input: ['x', 'W1', 'B1'], output: ['c1'], attribute: [ints('strides', [2, 2])] },
      { name: 'relu1', opType: 'Relu', input: ['c1'], output: ['r1'] },
      { name: 'conv2', opType: 'Conv', input: ['r1', 'W2', 'B2'], output: ['c2'], attribute: [ints('strides', [2, 2])] },
      { name: 'relu2', opType: 'Relu', input: ['c2'], output: ['r2'] },
      { name: 'flatten', opType: 'Flatten', input: ['r2'], output: ['f'] },
      { name: 'fc1', opType: 'Gemm', input: ['f', 'W3', 'B3'], output: ['g1'], attribute: [{ name: 'transB', type: ATTR.INT, i: 1 }] },
      { name: 'relu3', opType: 'Relu', input: ['g1'], output: ['r3'] },
      { name: 'fc2', opType: 'Gemm', input: ['r3', 'W4', 'B4'], output: ['y'], attribute: [{ name: 'transB', type: ATTR.INT, i: 1 }] },
    ],
  );
}

function convSame(): Uint8Array {
  const r = mulberry32(2021);
  return encode(
    [tensor(r, 'W1', [16, 3, 3, 3]), tensor(r, 'B1', [16]), tensor(r, 'W2', [32, 16, 3, 3]), tensor(r, 'B2', [32]), tensor(r, 'W3', [10, 2048]), tensor(r, 'B3', [10])],
    [
      { name: 'conv1', opType: 'Conv', input: ['x', 'W1', 'B1'], output: ['c1'], attribute: [ints('pads', [1, 1, 1, 1])] },
      { name: 'relu1', opType: 'Relu', input: ['c1'], output: ['r1'] },
      { name: 'conv2', opType: 'Conv', input: ['r1', 'W2', 'B2'], output: ['c2'], attribute: [ints('pads', [1, 1, 1, 1]), ints('strides', [2, 2])] },
      { name: 'relu2', opType: 'Relu', input: ['c2'], output: ['r2'] },
      { name: 'pool', opType: 'MaxPool', input: ['r2'], output: ['p'], attribute: [ints('kernel_shape', [2, 2]), ints('strides', [2, 2])] },
      { name: 'flatten', opType: 'Flatten', input: ['p'], output: ['f'] },
      { name: 'fc', opType: 'Gemm', input: ['f', 'W3', 'B3'], output: ['y'], attribute: [{ name: 'transB', type: ATTR.INT, i: 1 }] },
    ],
  );
}

function encode(initializer: OnnxTypes.ITensorProto[], node: OnnxTypes.INodeProto[]): Uint8Array {
  const info = (name: string, dims: number[]): OnnxTypes.IValueInfoProto => ({ name, type: { tensorType: { elemType: FLOAT, shape: { dim: dims.map((d) => ({ dimValue: d })) } } } });
  return onnx.ModelProto.encode({
    irVersion: 7,
    opsetImport: [{ domain: '', version: 13 }],
    graph: { name: 'cifar', input: [info('x', [1, 3, 32, 32])], output: [info('y', [1, 10])], initializer, node },
  }).finish();
}

export async function main(): Promise<void> {
  for (const [name, bytes] of [
    ['cifar-convsmall', convSmall()],
    ['cifar-conv-same', convSame()],
  ] as const) {
    const times: number[] = [];
    let net = readOnnx(bytes); // warm-up
    for (let k = 0; k < RUNS; k++) {
      const t0 = performance.now();
      net = readOnnx(bytes);
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    const dense = net.layers.reduce((s, l) => s + l.outputs * l.inputs, 0);
    const nonzero = net.layers.reduce((s, l) => s + nonzeroWeights(l), 0);
    console.log(
      JSON.stringify({
        bench: 'onnxLowering',
        case: name,
        runs: RUNS,
        medianMs: Math.round(times[Math.floor(times.length / 2)]!),
        minMs: Math.round(times[0]!),
        widths: net.layers.map((l) => l.outputs),
        denseWeights: dense,
        nonzeroWeights: nonzero,
        fileBytes: bytes.length,
        loadAverage: loadavg().map((x) => Math.round(x * 100) / 100),
      }),
    );
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
