/**
 * Decoding TensorProto data (raw_data or the typed fields) into exact rationals.
 */
import type Fraction from 'fraction.js';
import { InputError } from '../../errors.js';
import { denominator, float32BitsToRational, float32ToRational, float64ToRational, formatRational, ratio } from '../../exact/rational.js';
import { float16BitsToRational } from './floats.js';
import { DataLocation, DataType, type OnnxTypes, toBigInt, toSafeInt, typeName } from './proto.js';
import { type Tensor, product } from './tensor.js';

/** Bytes per element of raw_data, per ONNX data type. */
export const RAW_SIZE: Readonly<Record<number, number>> = {
  [DataType.FLOAT]: 4,
  [DataType.DOUBLE]: 8,
  [DataType.FLOAT16]: 2,
  [DataType.BFLOAT16]: 2,
  [DataType.INT8]: 1,
  [DataType.UINT8]: 1,
  [DataType.BOOL]: 1,
  [DataType.INT16]: 2,
  [DataType.UINT16]: 2,
  [DataType.INT32]: 4,
  [DataType.UINT32]: 4,
  [DataType.INT64]: 8,
  [DataType.UINT64]: 8,
};


/**
 * Decodes a TensorProto into exact rationals. `label` names it in errors (`tensor "W"`).
 * Non-finite floats, external data, strings and complex numbers are rejected.
 */
export function decodeTensor(t: OnnxTypes.ITensorProto, label: string): Tensor {
  const dims = (t.dims ?? []).map((d, k) => {
    const n = toSafeInt(d, `${label}.dims[${k}]`);
    if (n < 0) throw new InputError('dimension', `negative dimension ${n}`, { path: `${label}.dims[${k}]` });
    return n;
  });
  const count = product(dims);
  const type = t.dataType ?? 0;
  // Some writers fill external_data without setting data_location: the data is elsewhere all the same.
  if (t.dataLocation === DataLocation.EXTERNAL || (t.externalData ?? []).length > 0) {
    throw new InputError('unsupported', 'tensor data stored in an external file is not supported', { path: label });
  }
  const at = (i: number): string => `${label}[${i}]`;
  const data: Fraction[] = [];
  const raw = t.rawData;
  if (raw !== null && raw !== undefined && raw.length > 0) {
    const size = RAW_SIZE[type];
    if (size === undefined) throw new InputError('unsupported', `data type ${typeName(type)} is not supported`, { path: label });
    if (raw.length !== count * size) {
      throw new InputError('dimension', `raw_data has ${raw.length} bytes, the shape [${dims.join(', ')}] of ${typeName(type)} needs ${count * size}`, {
        path: label,
      });
    }
    const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    for (let i = 0; i < count; i++) {
      const o = i * size;
      switch (type) {
        case DataType.FLOAT:
          data.push(float32BitsToRational(view.getUint32(o, true), at(i)));
          break;
        case DataType.DOUBLE:
          data.push(float64ToRational(view.getFloat64(o, true), at(i)));
          break;
        case DataType.FLOAT16:
          data.push(float16BitsToRational(view.getUint16(o, true), at(i)));
          break;
        case DataType.BFLOAT16:
          data.push(float32BitsToRational((view.getUint16(o, true) << 16) >>> 0, at(i)));
          break;
        case DataType.INT8:
          data.push(ratio(BigInt(view.getInt8(o))));
          break;
        case DataType.UINT8:
        case DataType.BOOL:
          data.push(ratio(BigInt(view.getUint8(o))));
          break;
        case DataType.INT16:
          data.push(ratio(BigInt(view.getInt16(o, true))));
          break;
        case DataType.UINT16:
          data.push(ratio(BigInt(view.getUint16(o, true))));
          break;
        case DataType.INT32:
          data.push(ratio(BigInt(view.getInt32(o, true))));
          break;
        case DataType.UINT32:
          data.push(ratio(BigInt(view.getUint32(o, true))));
          break;
        case DataType.INT64:
          data.push(ratio(view.getBigInt64(o, true)));
          break;
        default: // UINT64
          data.push(ratio(view.getBigUint64(o, true)));
      }
    }
  } else {
    let field: string;
    switch (type) {
      case DataType.FLOAT:
        field = 'float_data';
        (t.floatData ?? []).forEach((x, i) => data.push(float32ToRational(x, at(i))));
        // protobufjs returns float32 values widened to double: a NaN stays NaN, which the
        // decoder above rejects (float32ToRational of NaN decodes NaN bits).
        break;
      case DataType.DOUBLE:
        field = 'double_data';
        (t.doubleData ?? []).forEach((x, i) => data.push(float64ToRational(x, at(i))));
        break;
      case DataType.FLOAT16:
        field = 'int32_data';
        (t.int32Data ?? []).forEach((x, i) => data.push(float16BitsToRational(x & 0xffff, at(i))));
        break;
      case DataType.BFLOAT16:
        field = 'int32_data';
        (t.int32Data ?? []).forEach((x, i) => data.push(float32BitsToRational(((x & 0xffff) << 16) >>> 0, at(i))));
        break;
      case DataType.INT8:
      case DataType.UINT8:
      case DataType.INT16:
      case DataType.UINT16:
      case DataType.INT32:
      case DataType.BOOL:
        field = 'int32_data';
        (t.int32Data ?? []).forEach((x) => data.push(ratio(BigInt(x))));
        break;
      case DataType.INT64:
        field = 'int64_data';
        (t.int64Data ?? []).forEach((x) => data.push(ratio(toBigInt(x))));
        break;
      case DataType.UINT32:
      case DataType.UINT64:
        field = 'uint64_data';
        (t.uint64Data ?? []).forEach((x) => data.push(ratio(BigInt.asUintN(64, toBigInt(x)))));
        break;
      default:
        throw new InputError('unsupported', `data type ${typeName(type)} is not supported`, { path: label });
    }
    if (data.length !== count) {
      throw new InputError('dimension', `${field} has ${data.length} values, the shape [${dims.join(', ')}] needs ${count}`, { path: label });
    }
  }
  return { shape: dims, data, generation: undefined, elemType: type };
}

/**
 * Decodes a SparseTensorProto (a sparse initializer): values [NNZ] and int64 indices, either
 * [NNZ] row-major flat positions or [NNZ, rank] coordinates. Returns its nonzeros by ascending
 * position; a position outside the shape or given twice is an error naming the tensor.
 */
export function decodeSparseTensor(sp: OnnxTypes.ISparseTensorProto, label: string): { shape: number[]; entries: [number, Fraction][]; elemType: number } {
  const shape = (sp.dims ?? []).map((d, k) => {
    const n = toSafeInt(d, `${label}.dims[${k}]`);
    if (n < 0) throw new InputError('dimension', `negative dimension ${n}`, { path: `${label}.dims[${k}]` });
    return n;
  });
  if (sp.values === null || sp.values === undefined) throw new InputError('parse', 'a sparse tensor needs values', { path: label });
  const values = decodeTensor(sp.values, `${label}.values`);
  const nnz = values.data.length;
  const indices = sp.indices === null || sp.indices === undefined ? undefined : decodeTensor(sp.indices, `${label}.indices`);
  if (indices === undefined) throw new InputError('parse', 'a sparse tensor needs indices', { path: label });
  const total = product(shape);
  const rank = shape.length;
  const coordinates = indices.shape.length === 2;
  if (!(indices.shape.length === 1 && indices.shape[0] === nnz) && !(coordinates && indices.shape[0] === nnz && indices.shape[1] === rank)) {
    throw new InputError('dimension', `indices of shape [${indices.shape.join(', ')}] do not fit ${nnz} values of a rank-${rank} tensor`, { path: `${label}.indices` });
  }
  // ONNX indices are int64; a fractional one (a float tensor) would address no element at all.
  indices.data.forEach((c, i) => {
    if (denominator(c as Fraction) !== 1n) throw new InputError('type', `index ${formatRational(c as Fraction)} is not an integer`, { path: `${label}.indices[${coordinates ? Math.floor(i / rank) : i}]` });
  });
  const entries: [number, Fraction][] = [];
  for (let t = 0; t < nnz; t++) {
    let flat = 0;
    if (coordinates) {
      for (let k = 0; k < rank; k++) {
        const c = Number((indices.data[t * rank + k] as Fraction).valueOf());
        if (!(c >= 0 && c < (shape[k] as number))) throw new InputError('range', `index ${c} is outside dimension ${k} of size ${shape[k]}`, { path: `${label}.indices[${t}]` });
        flat = flat * (shape[k] as number) + c;
      }
    } else {
      flat = Number((indices.data[t] as Fraction).valueOf());
      if (!(Number.isSafeInteger(flat) && flat >= 0 && flat < total)) throw new InputError('range', `position ${flat} is outside the shape [${shape.join(', ')}]`, { path: `${label}.indices[${t}]` });
    }
    entries.push([flat, values.data[t] as Fraction]);
  }
  entries.sort((a, b) => a[0] - b[0]);
  for (let t = 1; t < entries.length; t++) {
    if ((entries[t] as [number, Fraction])[0] === (entries[t - 1] as [number, Fraction])[0]) {
      throw new InputError('dimension', `position ${(entries[t] as [number, Fraction])[0]} is given twice`, { path: `${label}.indices` });
    }
  }
  return { shape, entries: entries.filter(([, v]) => v.n !== 0n), elemType: values.elemType };
}
