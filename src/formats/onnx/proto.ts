/**
 * The ONNX protobuf bindings (onnx-proto, protobufjs-generated) and the 64-bit integer fields
 * they decode to `Long` objects.
 */
import onnxProto from 'onnx-proto';
import { InputError } from '../../errors.js';

export type { onnx as OnnxTypes } from 'onnx-proto';
export const { onnx } = onnxProto;
export const DataType = onnx.TensorProto.DataType;
export const AttributeType = onnx.AttributeProto.AttributeType;

/** The name of an ONNX data type (`FLOAT`), for messages. */
export function typeName(t: number): string {
  return (DataType as unknown as Record<number, string>)[t] ?? `type ${t}`;
}


/** protobufjs decodes 64-bit integers to `Long` objects (the `long` package is installed). */
export interface LongLike {
  readonly low: number;
  readonly high: number;
  readonly unsigned: boolean;
}

/** An int64/uint64 field value as a BigInt, whether protobufjs gave a number or a Long. */
export function toBigInt(v: number | LongLike | null | undefined): bigint {
  if (v === null || v === undefined) return 0n;
  if (typeof v === 'number') return BigInt(Math.trunc(v));
  const bits = (BigInt(v.high >>> 0) << 32n) | BigInt(v.low >>> 0);
  return v.unsigned ? bits : BigInt.asIntN(64, bits);
}

/** An int64 field value as a safe JavaScript integer (sizes, axes). */
export function toSafeInt(v: number | LongLike | null | undefined, path: string): number {
  const b = toBigInt(v);
  if (b > BigInt(Number.MAX_SAFE_INTEGER) || b < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new InputError('range', `integer ${b} is out of range`, { path });
  }
  return Number(b);
}
