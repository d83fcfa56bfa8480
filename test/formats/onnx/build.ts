/**
 * Small ONNX models for the review tests, written with the protobuf bindings: one network input
 * `x`, one output `y`, initializers given as plain arrays. Expected outputs in the tests are
 * worked out by hand from the ONNX operator definitions, not from the reader.
 */
import type Fraction from 'fraction.js';
import onnxProto from 'onnx-proto';
import type { onnx as OnnxTypes } from 'onnx-proto';
import { formatRational, ratio } from '../../../src/exact/rational.js';
import { readOnnx } from '../../../src/formats/onnx.js';
import { evaluate } from '../../../src/network/evaluate.js';

const { onnx } = onnxProto;
export const DT = onnx.TensorProto.DataType;
export const ATTR = onnx.AttributeProto.AttributeType;

/** A float32 initializer stored in raw_data. */
export function floats(name: string, dims: number[], values: readonly number[]): OnnxTypes.ITensorProto {
  const raw = new Uint8Array(4 * values.length);
  const view = new DataView(raw.buffer);
  values.forEach((v, i) => view.setFloat32(4 * i, v, true));
  return { name, dims, dataType: DT.FLOAT, rawData: raw };
}

/** A float64 initializer (double_data). */
export function doubles(name: string, values: readonly number[]): OnnxTypes.ITensorProto {
  return { name, dims: [values.length], dataType: DT.DOUBLE, doubleData: [...values] };
}

/** An int64 initializer (int64_data); values may be decimal strings beyond 2^53. */
export function int64s(name: string, values: readonly (number | string)[], dims: number[] = [values.length]): OnnxTypes.ITensorProto {
  return { name, dims, dataType: DT.INT64, int64Data: values as number[] };
}

export const attrInt = (name: string, i: number | string): OnnxTypes.IAttributeProto => ({ name, type: ATTR.INT, i: i as number });
export const attrInts = (name: string, ints: readonly (number | string)[]): OnnxTypes.IAttributeProto => ({ name, type: ATTR.INTS, ints: ints as number[] });
export const attrFloat = (name: string, f: number): OnnxTypes.IAttributeProto => ({ name, type: ATTR.FLOAT, f });
export const attrString = (name: string, s: string): OnnxTypes.IAttributeProto => ({ name, type: ATTR.STRING, s: new TextEncoder().encode(s) });

export function valueInfo(name: string, dims: number[]): OnnxTypes.IValueInfoProto {
  return { name, type: { tensorType: { elemType: DT.FLOAT, shape: { dim: dims.map((d) => ({ dimValue: d })) } } } };
}

/** A model with input x of `inputShape`, output y, the given nodes and initializers, at `opset`. */
export function model(inputShape: number[], node: OnnxTypes.INodeProto[], initializer: OnnxTypes.ITensorProto[] = [], opset = 13): Uint8Array {
  const graph: OnnxTypes.IGraphProto = { name: 'g', input: [valueInfo('x', inputShape)], output: [valueInfo('y', [])], node, initializer };
  return onnx.ModelProto.encode({ irVersion: 7, opsetImport: [{ domain: '', version: opset }], producerName: 'review', graph }).finish();
}

/** The lowered network's exact outputs at x = (1, 2, …, n), as strings (each output names the input it copies). */
export function outputsAtCounting(bytes: Uint8Array): string[] {
  const net = readOnnx(bytes, 'review.onnx');
  const x: Fraction[] = Array.from({ length: net.inputs }, (_, i) => ratio(BigInt(i + 1)));
  return evaluate(net, x).map(formatRational);
}

/** The lowered network's exact outputs at a given point. */
export function outputsAt(bytes: Uint8Array, x: readonly Fraction[]): string[] {
  return evaluate(readOnnx(bytes, 'review.onnx'), x).map(formatRational);
}
