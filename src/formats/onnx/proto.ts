/**
 * The ONNX protobuf bindings (onnx-proto, protobufjs-generated) and the 64-bit integer fields
 * they decode to `Long` objects.
 *
 * The bindings are loaded on first use ({@link onnxMessages}), not when this module is imported:
 * onnx-proto and protobufjs take about a third of the CLI's start-up, and most commands never
 * touch an ONNX file. They are CommonJS, so a synchronous `require` can load them late.
 */
import { createRequire } from 'node:module';
import type onnxProtoModule from 'onnx-proto';
import { InputError } from '../../errors.js';

export type { onnx as OnnxTypes } from 'onnx-proto';

/** The generated message classes (`ModelProto`, `TensorProto`, …). */
export type OnnxMessages = typeof onnxProtoModule.onnx;

const requireFromHere = createRequire(import.meta.url);
let messages: OnnxMessages | undefined;

/** The generated message classes, loading onnx-proto the first time they are asked for. */
export function onnxMessages(): OnnxMessages {
  messages ??= (requireFromHere('onnx-proto') as typeof onnxProtoModule).onnx;
  return messages;
}

/**
 * `TensorProto.DataType`: the numbers the ONNX standard (onnx.proto) gives each element type.
 * Written out here so that reading them does not load the bindings; test/formats/onnxProto.test.ts
 * checks them against onnx-proto's enum.
 */
export const DataType = {
  UNDEFINED: 0, FLOAT: 1, UINT8: 2, INT8: 3, UINT16: 4, INT16: 5, INT32: 6, INT64: 7, STRING: 8,
  BOOL: 9, FLOAT16: 10, DOUBLE: 11, UINT32: 12, UINT64: 13, COMPLEX64: 14, COMPLEX128: 15, BFLOAT16: 16,
} as const satisfies Record<keyof typeof onnxProtoModule.onnx.TensorProto.DataType, number>;

/** `AttributeProto.AttributeType` (onnx.proto), written out for the same reason as {@link DataType}. */
export const AttributeType = {
  UNDEFINED: 0, FLOAT: 1, INT: 2, STRING: 3, TENSOR: 4, GRAPH: 5, FLOATS: 6, INTS: 7, STRINGS: 8,
  TENSORS: 9, GRAPHS: 10, SPARSE_TENSOR: 11, SPARSE_TENSORS: 12, TYPE_PROTO: 13, TYPE_PROTOS: 14,
} as const satisfies Record<keyof typeof onnxProtoModule.onnx.AttributeProto.AttributeType, number>;

/** `TensorProto.DataLocation` (onnx.proto). */
export const DataLocation = { DEFAULT: 0, EXTERNAL: 1 } as const satisfies Record<keyof typeof onnxProtoModule.onnx.TensorProto.DataLocation, number>;

const DATA_TYPE_NAMES: ReadonlyMap<number, string> = new Map(Object.entries(DataType).map(([name, value]) => [value, name]));

/** The name of an ONNX data type (`FLOAT`), for messages. */
export function typeName(t: number): string {
  return DATA_TYPE_NAMES.get(t) ?? `type ${t}`;
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
