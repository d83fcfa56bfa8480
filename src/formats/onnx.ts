/**
 * ONNX import and export, exactly.
 *
 * Reading interprets the graph symbolically: every tensor element is either an exact rational
 * constant or an exact affine form in the current layer's variables (at first the flattened
 * network input). Affine nodes (MatMul, Gemm, Add, Sub, Mul/Div by constants, Neg) compose
 * these forms exactly, so consecutive affine nodes fold into one affine layer; shape nodes
 * (Flatten, Reshape, Squeeze, Unsqueeze, Transpose, Identity, Concat, Gather, Shape, Constant)
 * only move elements around. A Relu closes the current layer (its forms become the rows of a
 * ReLU layer) and starts a new generation of variables: the layer's outputs. What reaches the
 * graph output becomes a final identity layer (omitted when the output is exactly the last ReLU
 * layer's outputs).
 *
 * Every stored float is converted to the rational it denotes by decoding its bits (float32,
 * float64, float16, bfloat16), never by `new Fraction(number)`. Symbolic (named) dimensions are
 * taken as batch dimensions of size 1; the network input is the input tensor flattened in
 * row-major order.
 *
 * Not supported (an InputError('unsupported') naming the node): convolutions and every other op
 * outside the list above, products of two network values, skip connections (a value used on
 * both sides of a Relu), more than one network input or output.
 */
import Fraction from 'fraction.js';
import onnxProto from 'onnx-proto';
import type { onnx as OnnxTypes } from 'onnx-proto';
import { InputError, type InputErrorCode } from '../errors.js';
import { bitLength } from '../exact/integer.js';
import {
  ONE,
  ZERO,
  denominator,
  float32BitsToRational,
  float32ToRational,
  float64ToRational,
  formatRational,
  isZero,
  numerator,
  ratio,
} from '../exact/rational.js';
import { type Activation, type Layer, type Network, type SparseEntry, checkNetworkShape, checkWidth, denseLayer, sparseLayer } from '../network/model.js';
import { checkDenseExport } from './limits.js';

const { onnx } = onnxProto;
const DataType = onnx.TensorProto.DataType;
const AttributeType = onnx.AttributeProto.AttributeType;

/** protobufjs decodes 64-bit integers to `Long` objects (the `long` package is installed). */
interface LongLike {
  readonly low: number;
  readonly high: number;
  readonly unsigned: boolean;
}

/** An int64/uint64 field value as a BigInt, whether protobufjs gave a number or a Long. */
function toBigInt(v: number | LongLike | null | undefined): bigint {
  if (v === null || v === undefined) return 0n;
  if (typeof v === 'number') return BigInt(Math.trunc(v));
  const bits = (BigInt(v.high >>> 0) << 32n) | BigInt(v.low >>> 0);
  return v.unsigned ? bits : BigInt.asIntN(64, bits);
}

/** An int64 field value as a safe JavaScript integer (sizes, axes). */
function toSafeInt(v: number | LongLike | null | undefined, path: string): number {
  const b = toBigInt(v);
  if (b > BigInt(Number.MAX_SAFE_INTEGER) || b < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new InputError('range', `integer ${b} is out of range`, { path });
  }
  return Number(b);
}

// ---------------------------------------------------------------------------------------------
// Exact binary floats

/** Parameters of an IEEE-754 binary format: significand bits, lowest and highest bit exponents. */
interface BinaryFormat {
  readonly name: string;
  readonly precision: number;
  readonly minBit: number;
  readonly maxBit: number;
}

const FLOAT16: BinaryFormat = { name: 'float16', precision: 11, minBit: -24, maxBit: 15 };
const FLOAT32: BinaryFormat = { name: 'float32', precision: 24, minBit: -149, maxBit: 127 };
const FLOAT64: BinaryFormat = { name: 'float64', precision: 53, minBit: -1074, maxBit: 1023 };

/**
 * The JavaScript number equal to `r` when `r` is exactly representable in `format` (so that
 * storing it as that format loses nothing), else undefined. r = m·2^e with m odd is
 * representable iff m has at most `precision` bits, its lowest bit is at or above the smallest
 * subnormal and its highest bit at or below the largest exponent.
 */
function exactBinaryValue(r: Fraction, format: BinaryFormat): number | undefined {
  const n = numerator(r);
  if (n === 0n) return 0;
  const d = denominator(r);
  if ((d & (d - 1n)) !== 0n) return undefined; // not dyadic
  let m = n < 0n ? -n : n;
  let e = -(bitLength(d) - 1);
  while ((m & 1n) === 0n) {
    m >>= 1n;
    e++;
  }
  const length = bitLength(m);
  if (length > format.precision || e < format.minBit || e + length - 1 > format.maxBit) return undefined;
  // m has at most 53 bits and the product is representable, so both operations are exact.
  const value = Number(m) * 2 ** e;
  return n < 0n ? -value : value;
}

/** The exact value of IEEE-754 binary16 bits. */
function float16BitsToRational(bits: number, path: string): Fraction {
  const negative = (bits & 0x8000) !== 0;
  const biased = (bits >>> 10) & 0x1f;
  let mantissa = BigInt(bits & 0x3ff);
  if (biased === 0x1f) throw new InputError('range', mantissa === 0n ? 'non-finite float16 (Infinity)' : 'non-finite float16 (NaN)', { path });
  let exponent = -24;
  if (biased !== 0) {
    mantissa |= 1n << 10n;
    exponent = biased - 25;
  }
  if (negative) mantissa = -mantissa;
  return exponent >= 0 ? ratio(mantissa << BigInt(exponent)) : ratio(mantissa, 1n << BigInt(-exponent));
}

// ---------------------------------------------------------------------------------------------
// Symbolic tensors

/** An affine form Σ coeffs[j]·v_j + constant over the current layer's variables v. */
class AffineForm {
  constructor(
    readonly coeffs: ReadonlyMap<number, Fraction>,
    readonly constant: Fraction,
  ) {}
}

/** A tensor element: an exact constant or an affine form. */
type Element = Fraction | AffineForm;

/** A tensor during interpretation: row-major data of the given shape. */
interface Tensor {
  readonly shape: readonly number[];
  readonly data: readonly Element[];
  /** Which generation of variables its forms refer to; undefined for constants. */
  readonly generation: number | undefined;
  /** The ONNX element type (matters for integer shape arithmetic and Cast). */
  readonly elemType: number;
}

/** A mutable sum of scaled elements, frozen into an {@link Element}. */
class Accumulator {
  private readonly coeffs = new Map<number, Fraction>();
  private constant: Fraction = ZERO;

  addScaled(e: Element, c: Fraction): void {
    if (isZero(c)) return;
    if (e instanceof AffineForm) {
      for (const [j, a] of e.coeffs) {
        const sum = (this.coeffs.get(j) ?? ZERO).add(a.mul(c));
        if (isZero(sum)) this.coeffs.delete(j);
        else this.coeffs.set(j, sum);
      }
      if (!isZero(e.constant)) this.constant = this.constant.add(e.constant.mul(c));
    } else if (!isZero(e)) {
      this.constant = this.constant.add(e.mul(c));
    }
  }

  freeze(): Element {
    return this.coeffs.size === 0 ? this.constant : new AffineForm(this.coeffs, this.constant);
  }
}

function combine(terms: readonly (readonly [Element, Fraction])[]): Element {
  const acc = new Accumulator();
  for (const [e, c] of terms) acc.addScaled(e, c);
  return acc.freeze();
}

const product = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

function strides(shape: readonly number[]): number[] {
  const out = new Array<number>(shape.length).fill(1);
  for (let k = shape.length - 2; k >= 0; k--) out[k] = (out[k + 1] as number) * (shape[k + 1] as number);
  return out;
}

const INTEGER_TYPES: ReadonlySet<number> = new Set([
  DataType.INT8,
  DataType.INT16,
  DataType.INT32,
  DataType.INT64,
  DataType.UINT8,
  DataType.UINT16,
  DataType.UINT32,
  DataType.UINT64,
  DataType.BOOL,
]);

// ---------------------------------------------------------------------------------------------
// Tensor decoding

/** Bytes per element of raw_data, per ONNX data type. */
const RAW_SIZE: Readonly<Record<number, number>> = {
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

function typeName(t: number): string {
  return (DataType as unknown as Record<number, string>)[t] ?? `type ${t}`;
}

/**
 * Decodes a TensorProto into exact rationals. `label` names it in errors (`tensor "W"`).
 * Non-finite floats, external data, strings and complex numbers are rejected.
 */
function decodeTensor(t: OnnxTypes.ITensorProto, label: string): Tensor {
  const dims = (t.dims ?? []).map((d, k) => {
    const n = toSafeInt(d, `${label}.dims[${k}]`);
    if (n < 0) throw new InputError('dimension', `negative dimension ${n}`, { path: `${label}.dims[${k}]` });
    return n;
  });
  const count = product(dims);
  const type = t.dataType ?? 0;
  if (t.dataLocation === onnx.TensorProto.DataLocation.EXTERNAL) {
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

// ---------------------------------------------------------------------------------------------
// The interpreter

/** Layers built so far and the current generation of variables. */
interface BuildState {
  readonly layers: Layer[];
  /** Number of variables of the current generation (the width of the last layer's output). */
  width: number;
  generation: number;
  /** The Relu node that opened each generation after the first (for messages). */
  readonly reluNodes: string[];
}

/** A layer whose rows are the given elements' affine forms over `width` variables. */
function layerFromElements(elements: readonly Element[], width: number, activation: Activation): Layer {
  const entries: SparseEntry[] = [];
  const bias: Fraction[] = [];
  elements.forEach((e, i) => {
    if (e instanceof AffineForm) {
      for (const [j, a] of e.coeffs) entries.push([i, j, a]);
      bias.push(e.constant);
    } else {
      bias.push(e);
    }
  });
  if (3 * entries.length < elements.length * width) return sparseLayer([elements.length, width], entries, bias, activation);
  const rows = elements.map(() => new Array<Fraction>(width).fill(ZERO));
  for (const [i, j, a] of entries) (rows[i] as Fraction[])[j] = a;
  return denseLayer(rows, bias, activation, width);
}

/** Unit forms v_0 … v_{n−1}: a fresh generation's variables. */
function variables(n: number): AffineForm[] {
  return Array.from({ length: n }, (_, j) => new AffineForm(new Map([[j, ONE]]), ZERO));
}

/** Whether elements are exactly v_0 … v_{width−1} (the output needs no extra layer). */
function isIdentity(elements: readonly Element[], width: number): boolean {
  if (elements.length !== width) return false;
  return elements.every((e, j) => e instanceof AffineForm && isZero(e.constant) && e.coeffs.size === 1 && e.coeffs.get(j)?.equals(ONE) === true);
}

/** Interprets one node; created per node so errors can name it. */
class NodeContext {
  constructor(
    readonly node: OnnxTypes.INodeProto,
    readonly where: string,
    readonly state: BuildState,
  ) {}

  fail(code: InputErrorCode, detail: string): InputError {
    return new InputError(code, detail, { path: this.where });
  }

  attribute(name: string): OnnxTypes.IAttributeProto | undefined {
    return (this.node.attribute ?? []).find((a) => a.name === name);
  }

  int(name: string, fallback: number): number {
    const a = this.attribute(name);
    return a === undefined ? fallback : toSafeInt(a.i, `${this.where}.${name}`);
  }

  ints(name: string): number[] | undefined {
    const a = this.attribute(name);
    return a === undefined ? undefined : (a.ints ?? []).map((v, k) => toSafeInt(v, `${this.where}.${name}[${k}]`));
  }

  /** A float attribute: ONNX stores them as float32, so this is the float32's exact value. */
  float(name: string, fallback: Fraction): Fraction {
    const a = this.attribute(name);
    return a === undefined ? fallback : float32ToRational(a.f ?? 0, `${this.where}.${name}`);
  }

  /** The generation a result of these operands refers to; mixing two generations is a skip connection. */
  generationOf(...tensors: readonly Tensor[]): number | undefined {
    let g: number | undefined;
    for (const t of tensors) {
      if (t.generation === undefined) continue;
      if (g !== undefined && g !== t.generation) throw this.skipConnection();
      g = t.generation;
    }
    if (g !== undefined && g !== this.state.generation) throw this.skipConnection();
    return g;
  }

  skipConnection(): InputError {
    const relu = this.state.reluNodes[this.state.generation - 1] ?? 'a Relu';
    return this.fail('unsupported', `uses a value computed before ${relu} together with or after it; skip connections are not supported`);
  }

  axis(axis: number, rank: number, name = 'axis'): number {
    const a = axis < 0 ? axis + rank : axis;
    if (!(a >= 0 && a < rank)) throw this.fail('range', `${name} ${axis} is out of range for rank ${rank}`);
    return a;
  }

  /** A constant integer tensor's values (shapes, axes, indices). */
  integers(t: Tensor, what: string): number[] {
    if (t.generation !== undefined) throw this.fail('unsupported', `${what} must be a constant, not computed from the network input`);
    return t.data.map((e) => {
      const r = e as Fraction;
      if (denominator(r) !== 1n) throw this.fail('type', `${what} must be integers, got ${formatRational(r)}`);
      return Number(numerator(r));
    });
  }
}

/**
 * The most elements a tensor computed while reading may have, and the most multiply-adds one
 * MatMul may take. Weights come from the file, but broadcasting, Gather and MatMul can make a
 * few small tensors denote a huge one; the limits stop that before it is allocated. (A 1024×1024
 * dense layer applied to a symbolic input takes about 10^6 elements and 10^9 steps at most.)
 */
export const MAX_TENSOR_ELEMENTS = 2 ** 24;
/** See {@link MAX_TENSOR_ELEMENTS}. */
export const MAX_MATMUL_STEPS = 2 ** 31;

function checkElements(ctx: NodeContext, count: number, what: string): void {
  if (count > MAX_TENSOR_ELEMENTS) throw ctx.fail('unsupported', `${what} would have ${count} elements; at most ${MAX_TENSOR_ELEMENTS} are supported`);
}

/** Numpy broadcasting of two shapes. */
function broadcastShape(ctx: NodeContext, a: readonly number[], b: readonly number[]): number[] {
  const rank = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let k = 0; k < rank; k++) {
    const x = a[a.length - rank + k] ?? 1;
    const y = b[b.length - rank + k] ?? 1;
    if (x !== y && x !== 1 && y !== 1) throw ctx.fail('dimension', `shapes [${a.join(', ')}] and [${b.join(', ')}] do not broadcast`);
    out.push(x === 1 ? y : x);
  }
  return out;
}

/** The data of `t` broadcast to `shape` (which must be a broadcast of t's shape). */
function expand(t: Tensor, shape: readonly number[]): readonly Element[] {
  if (t.shape.length === shape.length && t.shape.every((d, k) => d === shape[k])) return t.data;
  const rank = shape.length;
  const own = strides(t.shape);
  // Per output axis, the input stride (0 where the input is broadcast).
  const step = shape.map((_, k) => {
    const kk = k - (rank - t.shape.length);
    return kk < 0 || t.shape[kk] === 1 ? 0 : (own[kk] as number);
  });
  const total = product(shape);
  const out = new Array<Element>(total);
  const index = new Array<number>(rank).fill(0);
  for (let f = 0; f < total; f++) {
    let src = 0;
    for (let k = 0; k < rank; k++) src += (index[k] as number) * (step[k] as number);
    out[f] = t.data[src] as Element;
    for (let k = rank - 1; k >= 0; k--) {
      index[k] = (index[k] as number) + 1;
      if ((index[k] as number) < (shape[k] as number)) break;
      index[k] = 0;
    }
  }
  return out;
}

function elementwise(ctx: NodeContext, a: Tensor, b: Tensor, f: (x: Element, y: Element) => Element): Tensor {
  const generation = ctx.generationOf(a, b);
  const shape = broadcastShape(ctx, a.shape, b.shape);
  checkElements(ctx, product(shape), 'the broadcast result');
  const xs = expand(a, shape);
  const ys = expand(b, shape);
  return { shape, data: xs.map((x, i) => f(x, ys[i] as Element)), generation, elemType: a.elemType };
}

const MINUS_ONE = ratio(-1n);

function binary(ctx: NodeContext, op: string, a: Tensor, b: Tensor): Tensor {
  switch (op) {
    case 'Add':
      return elementwise(ctx, a, b, (x, y) => combine([[x, ONE], [y, ONE]]));
    case 'Sub':
      return elementwise(ctx, a, b, (x, y) => combine([[x, ONE], [y, MINUS_ONE]]));
    case 'Mul':
      if (a.generation !== undefined && b.generation !== undefined) {
        throw ctx.fail('unsupported', 'multiplies two values computed from the network input (not affine)');
      }
      return elementwise(ctx, a, b, (x, y) => (x instanceof AffineForm ? combine([[x, y as Fraction]]) : combine([[y, x]])));
    default: {
      // Div
      if (b.generation !== undefined) throw ctx.fail('unsupported', 'divides by a value computed from the network input (not affine)');
      const integer = INTEGER_TYPES.has(a.elemType) && a.generation === undefined;
      return elementwise(ctx, a, b, (x, y) => {
        const d = y as Fraction;
        if (isZero(d)) throw ctx.fail('range', 'division by zero');
        const q = combine([[x, ONE.div(d)]]);
        if (integer && denominator(q as Fraction) !== 1n) {
          throw ctx.fail('unsupported', 'integer division with a remainder is not supported');
        }
        return q;
      });
    }
  }
}

/** Numpy matmul of rank ≥ 1 tensors, at most one of them symbolic. */
function matmul(ctx: NodeContext, a: Tensor, b: Tensor): Tensor {
  if (a.generation !== undefined && b.generation !== undefined) {
    throw ctx.fail('unsupported', 'multiplies two values computed from the network input (not affine)');
  }
  const generation = ctx.generationOf(a, b);
  if (a.shape.length === 0 || b.shape.length === 0) throw ctx.fail('dimension', 'MatMul needs tensors of rank at least 1');
  const aShape = a.shape.length === 1 ? [1, a.shape[0] as number] : [...a.shape];
  const bShape = b.shape.length === 1 ? [b.shape[0] as number, 1] : [...b.shape];
  const m = aShape[aShape.length - 2] as number;
  const k = aShape[aShape.length - 1] as number;
  const k2 = bShape[bShape.length - 2] as number;
  const n = bShape[bShape.length - 1] as number;
  if (k !== k2) throw ctx.fail('dimension', `shapes [${a.shape.join(', ')}] and [${b.shape.join(', ')}] do not multiply`);
  const batch = broadcastShape(ctx, aShape.slice(0, -2), bShape.slice(0, -2));
  checkElements(ctx, product(batch) * m * n, 'the product');
  checkElements(ctx, product(batch) * Math.max(m * k, k * n), 'a broadcast operand');
  if (product(batch) * m * n * k > MAX_MATMUL_STEPS) throw ctx.fail('unsupported', `the product would take ${product(batch) * m * n * k} multiply-adds; at most ${MAX_MATMUL_STEPS} are supported`);
  const aData = expand({ ...a, shape: aShape }, [...batch, m, k]);
  const bData = expand({ ...b, shape: bShape }, [...batch, k, n]);
  const batches = product(batch);
  const data: Element[] = [];
  for (let p = 0; p < batches; p++) {
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        const acc = new Accumulator();
        for (let q = 0; q < k; q++) {
          const x = aData[p * m * k + i * k + q] as Element;
          const y = bData[p * k * n + q * n + j] as Element;
          if (x instanceof AffineForm) acc.addScaled(x, y as Fraction);
          else acc.addScaled(y, x);
        }
        data.push(acc.freeze());
      }
    }
  }
  const shape = [...batch];
  if (a.shape.length > 1) shape.push(m);
  if (b.shape.length > 1) shape.push(n);
  return { shape, data, generation, elemType: a.elemType };
}

/** Transposes a 2-D tensor. */
function transpose2(t: Tensor): Tensor {
  return permute(t, [1, 0]);
}

/** Permutes the axes of a tensor. */
function permute(t: Tensor, perm: readonly number[]): Tensor {
  const shape = perm.map((p) => t.shape[p] as number);
  const own = strides(t.shape);
  const step = perm.map((p) => own[p] as number);
  const total = product(shape);
  const data = new Array<Element>(total);
  const index = new Array<number>(shape.length).fill(0);
  for (let f = 0; f < total; f++) {
    let src = 0;
    for (let k = 0; k < shape.length; k++) src += (index[k] as number) * (step[k] as number);
    data[f] = t.data[src] as Element;
    for (let k = shape.length - 1; k >= 0; k--) {
      index[k] = (index[k] as number) + 1;
      if ((index[k] as number) < (shape[k] as number)) break;
      index[k] = 0;
    }
  }
  return { ...t, shape, data };
}

function gemm(ctx: NodeContext, a: Tensor, b: Tensor, c: Tensor | undefined): Tensor {
  if (a.shape.length !== 2 || b.shape.length !== 2) throw ctx.fail('dimension', `Gemm needs 2-D A and B, got [${a.shape.join(', ')}] and [${b.shape.join(', ')}]`);
  const alpha = ctx.float('alpha', ONE);
  const beta = ctx.float('beta', ONE);
  const aa = ctx.int('transA', 0) !== 0 ? transpose2(a) : a;
  const bb = ctx.int('transB', 0) !== 0 ? transpose2(b) : b;
  let y = matmul(ctx, aa, bb);
  if (!alpha.equals(ONE)) y = { ...y, data: y.data.map((e) => combine([[e, alpha]])) };
  if (c === undefined) return y;
  const generation = ctx.generationOf(y, c);
  const target = broadcastShape(ctx, c.shape, y.shape);
  if (target.length !== y.shape.length || target.some((d, k) => d !== y.shape[k])) {
    throw ctx.fail('dimension', `C of shape [${c.shape.join(', ')}] does not broadcast to [${y.shape.join(', ')}]`);
  }
  const cData = expand(c, y.shape);
  return { ...y, generation, data: y.data.map((e, i) => combine([[e, ONE], [cData[i] as Element, beta]])) };
}

function relu(ctx: NodeContext, t: Tensor): Tensor {
  if (t.generation === undefined) {
    return { ...t, data: t.data.map((e) => ((e as Fraction).compare(ZERO) > 0 ? e : ZERO)) };
  }
  if (t.generation !== ctx.state.generation) throw ctx.skipConnection();
  const state = ctx.state;
  state.layers.push(layerFromElements(t.data, state.width, 'relu'));
  state.width = t.data.length;
  state.generation++;
  state.reluNodes.push(ctx.where);
  return { shape: t.shape, data: variables(t.data.length), generation: state.generation, elemType: t.elemType };
}

function reshape(ctx: NodeContext, t: Tensor, spec: readonly number[]): Tensor {
  const allowZero = ctx.int('allowzero', 0) !== 0;
  const shape = spec.map((s, k) => (s === 0 && !allowZero ? (t.shape[k] ?? 0) : s));
  const inferred = shape.filter((s) => s === -1).length;
  if (inferred > 1 || shape.some((s) => s < -1)) throw ctx.fail('dimension', `invalid target shape [${spec.join(', ')}]`);
  const total = t.data.length;
  if (inferred === 1) {
    const known = product(shape.filter((s) => s !== -1));
    if (known === 0 || total % known !== 0) throw ctx.fail('dimension', `cannot reshape ${total} elements to [${spec.join(', ')}]`);
    shape[shape.indexOf(-1)] = total / known;
  }
  if (product(shape) !== total) throw ctx.fail('dimension', `cannot reshape [${t.shape.join(', ')}] to [${spec.join(', ')}]`);
  return { ...t, shape };
}

function concat(ctx: NodeContext, inputs: readonly Tensor[]): Tensor {
  const first = inputs[0];
  if (first === undefined) throw ctx.fail('parse', 'Concat needs at least one input');
  const generation = ctx.generationOf(...inputs);
  const rank = first.shape.length;
  const axis = ctx.axis(ctx.int('axis', 0), rank);
  for (const t of inputs) {
    if (t.shape.length !== rank || t.shape.some((d, k) => k !== axis && d !== first.shape[k])) {
      throw ctx.fail('dimension', `cannot concatenate [${t.shape.join(', ')}] with [${first.shape.join(', ')}] on axis ${axis}`);
    }
  }
  const outer = product(first.shape.slice(0, axis));
  const data: Element[] = [];
  for (let o = 0; o < outer; o++) {
    for (const t of inputs) {
      const block = product(t.shape.slice(axis));
      for (let i = 0; i < block; i++) data.push(t.data[o * block + i] as Element);
    }
  }
  const shape = [...first.shape];
  shape[axis] = inputs.reduce((s, t) => s + (t.shape[axis] as number), 0);
  return { shape, data, generation, elemType: first.elemType };
}

function gather(ctx: NodeContext, t: Tensor, indices: Tensor): Tensor {
  const axis = ctx.axis(ctx.int('axis', 0), t.shape.length);
  const size = t.shape[axis] as number;
  const idx = ctx.integers(indices, 'Gather indices').map((i) => {
    const j = i < 0 ? i + size : i;
    if (!(j >= 0 && j < size)) throw ctx.fail('range', `index ${i} is out of range for a dimension of ${size}`);
    return j;
  });
  const outer = product(t.shape.slice(0, axis));
  const inner = product(t.shape.slice(axis + 1));
  checkElements(ctx, outer * idx.length * inner, 'the Gather result');
  const data: Element[] = [];
  for (let o = 0; o < outer; o++) {
    for (const j of idx) for (let i = 0; i < inner; i++) data.push(t.data[(o * size + j) * inner + i] as Element);
  }
  return { ...t, shape: [...t.shape.slice(0, axis), ...indices.shape, ...t.shape.slice(axis + 1)], data };
}

function cast(ctx: NodeContext, t: Tensor): Tensor {
  const to = ctx.int('to', 0);
  if (to === t.elemType) return t;
  if (t.generation !== undefined) {
    throw ctx.fail('unsupported', `casts a network value from ${typeName(t.elemType)} to ${typeName(to)} (would round)`);
  }
  const format = to === DataType.FLOAT ? FLOAT32 : to === DataType.DOUBLE ? FLOAT64 : to === DataType.FLOAT16 ? FLOAT16 : undefined;
  if (format === undefined && !INTEGER_TYPES.has(to)) throw ctx.fail('unsupported', `Cast to ${typeName(to)} is not supported`);
  for (const e of t.data) {
    const r = e as Fraction;
    const exact = format === undefined ? denominator(r) === 1n : exactBinaryValue(r, format) !== undefined;
    if (!exact) throw ctx.fail('unsupported', `Cast of ${formatRational(r)} to ${typeName(to)} would round`);
  }
  return { ...t, elemType: to };
}

/** A Constant node's tensor. */
function constantNode(ctx: NodeContext): Tensor {
  const scalar = (r: Fraction, type: number): Tensor => ({ shape: [], data: [r], generation: undefined, elemType: type });
  const vector = (rs: Fraction[], type: number): Tensor => ({ shape: [rs.length], data: rs, generation: undefined, elemType: type });
  const attrs = ctx.node.attribute ?? [];
  const a = attrs[0];
  if (attrs.length !== 1 || a === undefined) throw ctx.fail('parse', 'a Constant node needs exactly one attribute');
  const at = `${ctx.where}.${a.name}`;
  switch (a.name) {
    case 'value':
      if (a.t === null || a.t === undefined) throw ctx.fail('parse', 'the value attribute holds no tensor');
      return decodeTensor(a.t, `${ctx.where}.value`);
    case 'value_float':
      return scalar(float32ToRational(a.f ?? 0, at), DataType.FLOAT);
    case 'value_floats':
      return vector((a.floats ?? []).map((f, k) => float32ToRational(f, `${at}[${k}]`)), DataType.FLOAT);
    case 'value_int':
      return scalar(ratio(toBigInt(a.i)), DataType.INT64);
    case 'value_ints':
      return vector((a.ints ?? []).map((v) => ratio(toBigInt(v))), DataType.INT64);
    default:
      throw ctx.fail('unsupported', `Constant with attribute ${a.name ?? '?'} is not supported`);
  }
}

/** The axes input (opset ≥ 13) or attribute of Squeeze/Unsqueeze. */
function axesOf(ctx: NodeContext, inputs: readonly (Tensor | undefined)[]): number[] | undefined {
  const fromAttribute = ctx.ints('axes');
  if (fromAttribute !== undefined) return fromAttribute;
  const t = inputs[1];
  return t === undefined ? undefined : ctx.integers(t, 'axes');
}

/** Evaluates one node. */
function interpret(ctx: NodeContext, inputs: readonly (Tensor | undefined)[]): Tensor[] {
  const op = ctx.node.opType ?? '';
  const need = (k: number): Tensor => {
    const t = inputs[k];
    if (t === undefined) throw ctx.fail('parse', `input ${k + 1} is missing`);
    return t;
  };
  switch (op) {
    case 'Identity':
      return [need(0)];
    case 'Constant':
      return [constantNode(ctx)];
    case 'Add':
    case 'Sub':
    case 'Mul':
    case 'Div':
      return [binary(ctx, op, need(0), need(1))];
    case 'Neg': {
      const t = need(0);
      return [{ ...t, data: t.data.map((e) => combine([[e, MINUS_ONE]])) }];
    }
    case 'MatMul':
      return [matmul(ctx, need(0), need(1))];
    case 'Gemm':
      return [gemm(ctx, need(0), need(1), inputs[2])];
    case 'Relu':
      return [relu(ctx, need(0))];
    case 'Flatten': {
      const t = need(0);
      const axis = ctx.int('axis', 1);
      const a = axis < 0 ? axis + t.shape.length : axis;
      if (!(a >= 0 && a <= t.shape.length)) throw ctx.fail('range', `axis ${axis} is out of range for rank ${t.shape.length}`);
      return [{ ...t, shape: [product(t.shape.slice(0, a)), product(t.shape.slice(a))] }];
    }
    case 'Reshape':
      return [reshape(ctx, need(0), ctx.integers(need(1), 'the target shape'))];
    case 'Squeeze': {
      const t = need(0);
      const axes = axesOf(ctx, inputs)?.map((x) => ctx.axis(x, t.shape.length, 'axes entry'));
      for (const x of axes ?? []) if (t.shape[x] !== 1) throw ctx.fail('dimension', `cannot squeeze axis ${x} of size ${t.shape[x]}`);
      const shape = t.shape.filter((d, k) => (axes === undefined ? d !== 1 : !axes.includes(k)));
      return [{ ...t, shape }];
    }
    case 'Unsqueeze': {
      const t = need(0);
      const axes = axesOf(ctx, inputs);
      if (axes === undefined) throw ctx.fail('parse', 'Unsqueeze needs axes');
      const rank = t.shape.length + axes.length;
      const normalized = axes.map((x) => ctx.axis(x, rank, 'axes entry'));
      const shape: number[] = [];
      let next = 0;
      for (let k = 0; k < rank; k++) shape.push(normalized.includes(k) ? 1 : (t.shape[next++] as number));
      return [{ ...t, shape }];
    }
    case 'Transpose': {
      const t = need(0);
      const perm = ctx.ints('perm') ?? t.shape.map((_, k) => t.shape.length - 1 - k);
      const sorted = [...perm].sort((x, y) => x - y);
      if (perm.length !== t.shape.length || sorted.some((p, k) => p !== k)) throw ctx.fail('range', `perm [${perm.join(', ')}] is not a permutation`);
      return [permute(t, perm)];
    }
    case 'Shape': {
      const t = need(0);
      const rank = t.shape.length;
      const clamp = (x: number): number => Math.min(Math.max(x < 0 ? x + rank : x, 0), rank);
      const dims = t.shape.slice(clamp(ctx.int('start', 0)), clamp(ctx.int('end', rank)));
      return [{ shape: [dims.length], data: dims.map((d) => ratio(BigInt(d))), generation: undefined, elemType: DataType.INT64 }];
    }
    case 'Gather':
      return [gather(ctx, need(0), need(1))];
    case 'Concat':
      return [concat(ctx, inputs.filter((t): t is Tensor => t !== undefined))];
    case 'Cast':
      return [cast(ctx, need(0))];
    default:
      throw ctx.fail('unsupported', `operator ${op} is not supported`);
  }
}

/** A readable name for a node in messages: `node "name" (Op)` or `node #3 (Op)`. */
function nodeLabel(node: OnnxTypes.INodeProto, index: number): string {
  const op = node.opType ?? '?';
  return node.name ? `node "${node.name}" (${op})` : `node #${index} (${op})`;
}

/** The static shape of a graph input; named dimensions are batch dimensions of size 1. */
function inputShape(info: OnnxTypes.IValueInfoProto): number[] {
  const label = `input "${info.name}"`;
  const tensorType = info.type?.tensorType;
  if (tensorType === null || tensorType === undefined) throw new InputError('unsupported', 'the network input is not a tensor', { path: label });
  const dims = tensorType.shape?.dim;
  if (dims === null || dims === undefined) throw new InputError('unsupported', 'the network input has no static shape', { path: label });
  return dims.map((d, k) => {
    if (d.dimParam) return 1;
    const n = toSafeInt(d.dimValue, `${label}.shape[${k}]`);
    return n > 0 ? n : 1;
  });
}

/** The file name without folders and extension. */
function baseName(file: string): string {
  return (file.split(/[\\/]/).pop() ?? file).replace(/\.onnx$/i, '');
}

/**
 * Reads an ONNX model as an exact network (see the module comment for the supported graphs).
 * The network input is the graph's one non-initializer input, flattened row-major; the output
 * is the graph's one output, flattened.
 * @param file named in error messages and used (without folders and extension) as the network's name.
 * @throws InputError: `parse` for an empty file or bytes that are not an ONNX model, `unsupported`
 *   naming the node and op type, `range` naming the tensor for a NaN or infinite weight.
 */
export function readOnnx(bytes: Uint8Array, file?: string): Network {
  try {
    return readOnnxModel(bytes, file);
  } catch (e) {
    throw e instanceof InputError && file !== undefined ? e.inFile(file) : e;
  }
}

function readOnnxModel(bytes: Uint8Array, file: string | undefined): Network {
  if (bytes.length === 0) throw new InputError('parse', 'the file is empty');
  let model: OnnxTypes.ModelProto;
  try {
    model = onnx.ModelProto.decode(bytes);
  } catch (e) {
    throw new InputError('parse', `not an ONNX model (protobuf: ${(e as Error).message})`);
  }
  const graph = model.graph;
  if (graph === null || graph === undefined || (graph.node ?? []).length === 0) {
    throw new InputError('parse', 'not an ONNX model: it has no graph nodes');
  }
  const initializers = new Map<string, OnnxTypes.ITensorProto>();
  for (const t of graph.initializer ?? []) initializers.set(t.name ?? '', t);
  const outputs = graph.output ?? [];
  if (outputs.length !== 1) throw new InputError('unsupported', `the graph has ${outputs.length} outputs; exactly one is supported`, { path: 'graph.output' });
  const outputName = (outputs[0] as OnnxTypes.IValueInfoProto).name ?? '';

  // Only the nodes the output depends on are interpreted: a dangling branch must not add layers.
  const nodes = graph.node ?? [];
  const producer = new Map<string, number>();
  nodes.forEach((n, i) => {
    for (const o of n.output ?? []) if (o !== '') producer.set(o, i);
  });
  const inputInfos = new Map((graph.input ?? []).filter((v) => !initializers.has(v.name ?? '')).map((v) => [v.name ?? '', v]));
  const needed = new Set<number>();
  const usedInputs = new Set<string>();
  const stack = [outputName];
  const seen = new Set<string>();
  while (stack.length > 0) {
    const name = stack.pop() as string;
    if (seen.has(name)) continue;
    seen.add(name);
    const p = producer.get(name);
    if (p !== undefined) {
      needed.add(p);
      for (const i of nodes[p]?.input ?? []) if (i !== '') stack.push(i);
    } else if (inputInfos.has(name)) {
      usedInputs.add(name);
    }
  }
  if (usedInputs.size !== 1) {
    throw new InputError(
      'unsupported',
      usedInputs.size === 0 ? 'the output does not depend on any graph input' : `the output depends on ${usedInputs.size} inputs (${[...usedInputs].join(', ')}); exactly one is supported`,
      { path: 'graph.input' },
    );
  }
  const inputName = [...usedInputs][0] as string;
  const inputInfo = inputInfos.get(inputName) as OnnxTypes.IValueInfoProto;
  const shape = inputShape(inputInfo);
  const inputs = product(shape);
  if (inputs < 1) throw new InputError('dimension', 'the network input has no elements', { path: `input "${inputName}"` });
  // Before the input's variables are made: a tiny file can declare a shape of 10^9 elements.
  checkWidth(inputs, `input "${inputName}"`, `the input (shape [${shape.join(', ')}]) size`);

  const state: BuildState = { layers: [], width: inputs, generation: 0, reluNodes: [] };
  const values = new Map<string, Tensor>();
  values.set(inputName, {
    shape,
    data: variables(inputs),
    generation: 0,
    elemType: inputInfo.type?.tensorType?.elemType ?? DataType.FLOAT,
  });
  const lookup = (name: string, where: string): Tensor => {
    const known = values.get(name);
    if (known !== undefined) return known;
    const init = initializers.get(name);
    if (init === undefined) {
      throw new InputError('parse', `input "${name}" is neither a graph input, an initializer, nor the output of an earlier node`, { path: where });
    }
    const t = decodeTensor(init, `tensor "${name}"`);
    values.set(name, t);
    return t;
  };
  nodes.forEach((node, index) => {
    if (!needed.has(index)) return;
    const where = nodeLabel(node, index);
    if (node.domain !== undefined && node.domain !== null && node.domain !== '' && node.domain !== 'ai.onnx') {
      throw new InputError('unsupported', `operator ${node.opType} of domain ${node.domain} is not supported`, { path: where });
    }
    const args = (node.input ?? []).map((name) => (name === '' ? undefined : lookup(name, where)));
    const results = interpret(new NodeContext(node, where, state), args);
    (node.output ?? []).forEach((name, k) => {
      const r = results[k];
      if (r !== undefined && name !== '') values.set(name, r);
    });
  });
  const out = values.get(outputName) ?? lookup(outputName, 'graph.output');
  if (out.generation !== undefined && out.generation !== state.generation) {
    throw new InputError('unsupported', `the output "${outputName}" is computed before the last Relu; skip connections are not supported`, {
      path: 'graph.output',
    });
  }
  if (state.layers.length === 0 || !isIdentity(out.data, state.width)) {
    state.layers.push(layerFromElements(out.data, state.width, 'identity'));
  }
  const net: Network = {
    inputs,
    layers: state.layers,
    ...(file !== undefined ? { name: baseName(file) } : model.graph?.name ? { name: model.graph.name } : {}),
    metadata: {
      source: 'onnx',
      producer: `${model.producerName ?? ''} ${model.producerVersion ?? ''}`.trim(),
      onnxInput: inputName,
      onnxInputShape: shape,
      onnxOutput: outputName,
      onnxOutputShape: [...out.shape],
    },
  };
  checkNetworkShape(net);
  return net;
}

// ---------------------------------------------------------------------------------------------
// Writer

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
  checkDenseExport(net, 'ONNX');
  const initializer: OnnxTypes.ITensorProto[] = [];
  const node: OnnxTypes.INodeProto[] = [];
  let current = 'input';
  net.layers.forEach((layer, k) => {
    const n = layer.inputs;
    const weights = encode(
      layer.outputs * n,
      (set) => layer.rows.forEach((row, i) => row.cols.forEach((j, t) => set(i * n + j, row.values[t] as Fraction))),
      (t) => `layers[${k}].weights[${Math.floor(t / n)}][${t % n}]`,
    );
    const bias = encode(layer.outputs, (set) => layer.bias.forEach((b, i) => set(i, b)), (i) => `layers[${k}].bias[${i}]`);
    initializer.push({ name: `W${k}`, dims: [layer.outputs, layer.inputs], dataType: elemType, rawData: weights });
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
      input: [valueInfo('input', net.inputs)],
      output: [valueInfo(current, outputs)],
    },
  };
  return onnx.ModelProto.encode(model).finish();
}
