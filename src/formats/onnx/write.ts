/**
 * Writing a network as ONNX: one Gemm per layer (and a Relu for ReLU layers), weights stored
 * exactly in float32 or float64 or refused.
 */
import type Fraction from 'fraction.js';
import { InputError } from '../../errors.js';
import { float32BitsToRational, float64ToRational, formatRational, isZero } from '../../exact/rational.js';
import { type Layer, type Network, nonzeroWeights } from '../../network/model.js';
import { checkDenseExport } from '../limits.js';
import { FLOAT32, FLOAT64, exactBinaryValue } from './floats.js';
import { AttributeType, DataType, type OnnxTypes, onnxMessages } from './proto.js';


/**
 * Layers with more weights than this (rows × columns) that are less than one third nonzero are
 * written as sparse initializers; smaller or denser ones densely (ONNX readers all take dense
 * Gemm weights; a lowered convolution's dense matrix is mostly zeros).
 */
export const SPARSE_EXPORT_MIN_WEIGHTS = 4096;

/** Options of {@link writeOnnx}. */
export interface OnnxWriteOptions {
  /** The element type of the weights and of the graph's input and output (default float64). */
  dtype?: 'float32' | 'float64';
}

/**
 * Encodes a network as an ONNX model: input `input` of shape [1, n], per layer a Gemm (weights
 * stored [outputs, inputs] with transB = 1, bias as C) followed by a Relu for ReLU layers;
 * opset 13, little-endian raw_data. Every weight and bias must be exactly representable in the
 * chosen dtype (checked by decoding the written bits back); nothing is rounded.
 * @throws InputError('unsupported') naming the first weight or bias that is not representable.
 */
export function writeOnnx(net: Network, options: OnnxWriteOptions = {}): Uint8Array {
  const dtype = options.dtype ?? 'float64';
  const format = dtype === 'float32' ? FLOAT32 : FLOAT64;
  const elemType = dtype === 'float32' ? DataType.FLOAT : DataType.DOUBLE;
  const size = dtype === 'float32' ? 4 : 8;
  // Only nonzero values are encoded (the buffer starts as +0.0 everywhere), and a path is made only
  // for an error: a layer of millions of weights must not allocate a tuple and a string per weight.
  const encode = (count: number, values: (set: (index: number, r: Fraction) => void) => void, pathAt: (index: number) => string): Uint8Array => {
    const bytes = new Uint8Array(count * size);
    const view = new DataView(bytes.buffer);
    values((i, r) => {
      if (isZero(r)) return;
      const x = exactBinaryValue(r, format);
      if (x === undefined) throw new InputError('unsupported', `${formatRational(r)} is not exactly representable as ${dtype}`, { path: pathAt(i) });
      if (size === 4) view.setFloat32(i * 4, x, true);
      else view.setFloat64(i * 8, x, true);
      const back = size === 4 ? float32BitsToRational(view.getUint32(i * 4, true)) : float64ToRational(view.getFloat64(i * 8, true));
      if (!back.equals(r)) throw new Error(`internal: ${formatRational(r)} did not survive ${dtype} encoding`);
    });
    return bytes;
  };
  // Large, mostly-zero weight matrices (lowered convolutions) are written as sparse
  // initializers: values [NNZ] and int64 row-major positions [NNZ]; small or dense ones densely.
  const sparse = (layer: Layer): boolean => layer.outputs * layer.inputs > SPARSE_EXPORT_MIN_WEIGHTS && 3 * nonzeroWeights(layer) < layer.outputs * layer.inputs;
  checkDenseExport(net, 'ONNX', (layer) => (sparse(layer) ? 2 * nonzeroWeights(layer) : layer.outputs * layer.inputs));
  const initializer: OnnxTypes.ITensorProto[] = [];
  const sparseInitializer: OnnxTypes.ISparseTensorProto[] = [];
  const node: OnnxTypes.INodeProto[] = [];
  let current = 'input';
  net.layers.forEach((layer, k) => {
    const n = layer.inputs;
    const bias = encode(layer.outputs, (set) => layer.bias.forEach((b, i) => set(i, b)), (i) => `layers[${k}].bias[${i}]`);
    if (sparse(layer)) {
      const positions: number[] = [];
      const values: Fraction[] = [];
      layer.rows.forEach((row, i) => row.cols.forEach((j, t) => {
        positions.push(i * n + j);
        values.push(row.values[t] as Fraction);
      }));
      const valueBytes = encode(values.length, (set) => values.forEach((v, t) => set(t, v)), (t) => `layers[${k}].weights[${Math.floor((positions[t] as number) / n)}][${(positions[t] as number) % n}]`);
      const indexBytes = new Uint8Array(8 * positions.length);
      const indexView = new DataView(indexBytes.buffer);
      positions.forEach((p, t) => indexView.setBigInt64(8 * t, BigInt(p), true));
      sparseInitializer.push({
        values: { name: `W${k}`, dims: [values.length], dataType: elemType, rawData: valueBytes },
        indices: { name: `W${k}_indices`, dims: [positions.length], dataType: DataType.INT64, rawData: indexBytes },
        dims: [layer.outputs, layer.inputs],
      });
    } else {
      const weights = encode(
      layer.outputs * n,
      (set) => layer.rows.forEach((row, i) => row.cols.forEach((j, t) => set(i * n + j, row.values[t] as Fraction))),
      (t) => `layers[${k}].weights[${Math.floor(t / n)}][${t % n}]`,
    );
      initializer.push({ name: `W${k}`, dims: [layer.outputs, layer.inputs], dataType: elemType, rawData: weights });
    }
    initializer.push({ name: `B${k}`, dims: [layer.outputs], dataType: elemType, rawData: bias });
    const gemmOut = `layer${k}_affine`;
    node.push({
      name: `layer${k}_gemm`,
      opType: 'Gemm',
      input: [current, `W${k}`, `B${k}`],
      output: [gemmOut],
      attribute: [{ name: 'transB', type: AttributeType.INT, i: 1 }],
    });
    current = gemmOut;
    if (layer.activation === 'relu') {
      const reluOut = `layer${k}_relu`;
      node.push({ name: `layer${k}_relu`, opType: 'Relu', input: [current], output: [reluOut] });
      current = reluOut;
    }
  });
  if (net.layers.length === 0) {
    node.push({ name: 'identity', opType: 'Identity', input: ['input'], output: ['output'] });
    current = 'output';
  }
  const last = net.layers[net.layers.length - 1];
  const outputs = last === undefined ? net.inputs : last.outputs;
  const valueInfo = (name: string, n: number): OnnxTypes.IValueInfoProto => ({
    name,
    type: { tensorType: { elemType, shape: { dim: [{ dimValue: 1 }, { dimValue: n }] } } },
  });
  const model: OnnxTypes.IModelProto = {
    irVersion: 7,
    opsetImport: [{ domain: '', version: 13 }],
    producerName: 'relucert',
    graph: {
      name: net.name ?? 'network',
      node,
      initializer,
      sparseInitializer,
      input: [valueInfo('input', net.inputs)],
      output: [valueInfo(current, outputs)],
    },
  };
  return onnxMessages().ModelProto.encode(model).finish();
}
