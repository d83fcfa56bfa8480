/**
 * Shape nodes: they only move elements (Reshape, Flatten, Squeeze, Unsqueeze, Transpose, Concat,
 * Gather, Shape, Slice, Split, Pad, Cast) or make constants (Constant, ConstantOfShape).
 */
import type Fraction from 'fraction.js';
import { ONE, ZERO, denominator, float32ToRational, formatRational, isZero, numerator, ratio } from '../../exact/rational.js';
import { decodeTensor } from './decode.js';
import { type BinaryFormat, FLOAT16, FLOAT32, FLOAT64, exactBinaryValue } from './floats.js';
import { type NodeContext, checkElements } from './context.js';
import { AttributeType, DataType, toBigInt, typeName } from './proto.js';
import { type Element, type Tensor, gatherGrid, permute, product, strides } from './tensor.js';

export function reshape(ctx: NodeContext, t: Tensor, spec: readonly number[]): Tensor {
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

export function concat(ctx: NodeContext, inputs: readonly Tensor[]): Tensor {
  const first = inputs[0];
  if (first === undefined) throw ctx.fail('parse', 'Concat needs at least one input');
  const generation = ctx.generationOf(...inputs);
  const rank = first.shape.length;
  // Concat-1 concatenated on axis 1 by default; from opset 4 on, axis is required.
  const opset = ctx.state.opset;
  if (ctx.attribute('axis') === undefined && (opset === undefined || opset >= 4)) {
    throw ctx.failAt('parse', 'axis', `the attribute axis is required${opset === undefined ? ' (the model imports no opset, so its default is unknown)' : ` at opset ${opset}`}`);
  }
  const axis = ctx.axis(ctx.int('axis', 1), rank);
  for (const t of inputs) {
    if (t.shape.length !== rank || t.shape.some((d, k) => k !== axis && d !== first.shape[k])) {
      throw ctx.fail('dimension', `cannot concatenate [${t.shape.join(', ')}] with [${first.shape.join(', ')}] on axis ${axis}`);
    }
  }
  // Each Concat can double its input: a chain of them in a tiny file would exhaust memory.
  checkElements(ctx, inputs.reduce((n, t) => n + t.data.length, 0), 'the Concat result');
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

export function gather(ctx: NodeContext, t: Tensor, indices: Tensor): Tensor {
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

/** The target type of a Cast: an INT data type, or before opset 6 its name as a STRING ("FLOAT"). */
function castTarget(ctx: NodeContext): number {
  const a = ctx.attribute('to');
  const untypedString = a !== undefined && (a.type ?? 0) === AttributeType.UNDEFINED && Object.prototype.hasOwnProperty.call(a, 's');
  if (a?.type === AttributeType.STRING || untypedString) {
    const name = ctx.string('to', '');
    const t = (DataType as unknown as Record<string, number>)[name.toUpperCase()];
    if (t === undefined || typeof t !== 'number') throw ctx.failAt('unsupported', 'to', `unknown data type "${name}"`);
    return t;
  }
  return ctx.int('to', 0);
}

export function cast(ctx: NodeContext, t: Tensor): Tensor {
  const to = castTarget(ctx);
  if (to === t.elemType) return t;
  if (t.generation !== undefined) {
    throw ctx.fail('unsupported', `casts a network value from ${typeName(t.elemType)} to ${typeName(to)} (would round)`);
  }
  // ONNX: a cast to bool is true for every nonzero value (exact: 0 or 1).
  if (to === DataType.BOOL) return { ...t, data: t.data.map((e) => (isZero(e as Fraction) ? ZERO : ONE)), elemType: to };
  const format = to === DataType.FLOAT ? FLOAT32 : to === DataType.DOUBLE ? FLOAT64 : to === DataType.FLOAT16 ? FLOAT16 : undefined;
  const range = INTEGER_RANGES[to];
  if (format === undefined && range === undefined) throw ctx.fail('unsupported', `Cast to ${typeName(to)} is not supported`);
  for (const e of t.data) {
    const r = e as Fraction;
    if (range !== undefined) {
      if (denominator(r) !== 1n) throw ctx.fail('unsupported', `Cast of ${formatRational(r)} to ${typeName(to)} would round`);
      // Out of range, ONNX leaves the result undefined (C++ conversion): refused, never wrapped.
      const n = numerator(r);
      if (n < range[0] || n > range[1]) throw ctx.fail('range', `Cast of ${formatRational(r)} to ${typeName(to)}: outside its range [${range[0]}, ${range[1]}]`);
    } else if (exactBinaryValue(r, format as BinaryFormat) === undefined) {
      throw ctx.fail('unsupported', `Cast of ${formatRational(r)} to ${typeName(to)} would round`);
    }
  }
  return { ...t, elemType: to };
}

/** The values each integer type holds, [lowest, highest]. */
const INTEGER_RANGES: Readonly<Record<number, readonly [bigint, bigint]>> = {
  [DataType.INT8]: [-(2n ** 7n), 2n ** 7n - 1n],
  [DataType.UINT8]: [0n, 2n ** 8n - 1n],
  [DataType.INT16]: [-(2n ** 15n), 2n ** 15n - 1n],
  [DataType.UINT16]: [0n, 2n ** 16n - 1n],
  [DataType.INT32]: [-(2n ** 31n), 2n ** 31n - 1n],
  [DataType.UINT32]: [0n, 2n ** 32n - 1n],
  [DataType.INT64]: [-(2n ** 63n), 2n ** 63n - 1n],
  [DataType.UINT64]: [0n, 2n ** 64n - 1n],
};

/** A Constant node's tensor. */
export function constantNode(ctx: NodeContext): Tensor {
  const scalar = (r: Fraction, type: number): Tensor => ({ shape: [], data: [r], generation: undefined, elemType: type });
  const vector = (rs: Fraction[], type: number): Tensor => ({ shape: [rs.length], data: rs, generation: undefined, elemType: type });
  const attrs = ctx.node.attribute ?? [];
  const a = attrs[0];
  if (attrs.length !== 1 || a === undefined) throw ctx.fail('parse', 'a Constant node needs exactly one attribute');
  const at = `${ctx.where}.${a.name}`;
  const expected: Readonly<Record<string, number>> = {
    value: AttributeType.TENSOR,
    value_float: AttributeType.FLOAT,
    value_floats: AttributeType.FLOATS,
    value_int: AttributeType.INT,
    value_ints: AttributeType.INTS,
  };
  if (a.name !== null && a.name !== undefined && expected[a.name] !== undefined) ctx.typedAttribute(a.name, expected[a.name] as number);
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
export function axesOf(ctx: NodeContext, inputs: readonly (Tensor | undefined)[]): number[] | undefined {
  const fromAttribute = ctx.ints('axes');
  if (fromAttribute !== undefined) return fromAttribute;
  const t = inputs[1];
  return t === undefined ? undefined : ctx.integers(t, 'axes');
}

/** Evaluates one node. */

/** Flatten: [d0 … d(a−1), da …] → [Π d<a, Π d≥a]. */
export function flatten(ctx: NodeContext, t: Tensor): Tensor {
  const axis = ctx.int('axis', 1);
  const a = axis < 0 ? axis + t.shape.length : axis;
  if (!(a >= 0 && a <= t.shape.length)) throw ctx.fail('range', `axis ${axis} is out of range for rank ${t.shape.length}`);
  return { ...t, shape: [product(t.shape.slice(0, a)), product(t.shape.slice(a))] };
}

export function squeeze(ctx: NodeContext, inputs: readonly (Tensor | undefined)[], t: Tensor): Tensor {
  const axes = axesOf(ctx, inputs)?.map((x) => ctx.axis(x, t.shape.length, 'axes entry'));
  for (const x of axes ?? []) if (t.shape[x] !== 1) throw ctx.fail('dimension', `cannot squeeze axis ${x} of size ${t.shape[x]}`);
  const shape = t.shape.filter((d, k) => (axes === undefined ? d !== 1 : !axes.includes(k)));
  return { ...t, shape };
}

export function unsqueeze(ctx: NodeContext, inputs: readonly (Tensor | undefined)[], t: Tensor): Tensor {
  const axes = axesOf(ctx, inputs);
  if (axes === undefined) throw ctx.fail('parse', 'Unsqueeze needs axes');
  const rank = t.shape.length + axes.length;
  const normalized = axes.map((x) => ctx.axis(x, rank, 'axes entry'));
  // A repeated axis would leave an output axis without a size.
  if (new Set(normalized).size !== normalized.length) throw ctx.fail('range', `axes [${axes.join(', ')}] repeat an axis`);
  const shape: number[] = [];
  let next = 0;
  for (let k = 0; k < rank; k++) shape.push(normalized.includes(k) ? 1 : (t.shape[next++] as number));
  return { ...t, shape };
}

export function transpose(ctx: NodeContext, t: Tensor): Tensor {
  const perm = ctx.ints('perm') ?? t.shape.map((_, k) => t.shape.length - 1 - k);
  const sorted = [...perm].sort((x, y) => x - y);
  if (perm.length !== t.shape.length || sorted.some((p, k) => p !== k)) throw ctx.fail('range', `perm [${perm.join(', ')}] is not a permutation`);
  return permute(t, perm);
}

/** Shape: the (constant) dimensions of a tensor, optionally a [start, end) range of them. */
export function shapeOf(ctx: NodeContext, t: Tensor): Tensor {
  const rank = t.shape.length;
  const clamp = (x: number): number => Math.min(Math.max(x < 0 ? x + rank : x, 0), rank);
  const dims = t.shape.slice(clamp(ctx.int('start', 0)), clamp(ctx.int('end', rank)));
  return { shape: [dims.length], data: dims.map((d) => ratio(BigInt(d))), generation: undefined, elemType: DataType.INT64 };
}

/** Copies the elements of `t` at the given per-axis index lists (a sub-grid) into a new tensor. */
function pick(t: Tensor, indices: readonly (readonly number[])[]): Tensor {
  const own = strides(t.shape);
  return gatherGrid(t, indices.map((list, k) => list.map((i) => i * (own[k] as number))));
}

/** A constant integer input (opset ≥ 10 style) or, failing that, an ints attribute. */
function intsFrom(ctx: NodeContext, input: Tensor | undefined, attribute: string, what: string): number[] | undefined {
  return input !== undefined ? ctx.integers(input, what) : ctx.ints(attribute);
}

/**
 * Slice (ONNX semantics: negative starts/ends count from the end; then, for a positive step, starts
 * and ends are clamped to [0, d]; for a negative step, starts to [0, d − 1] and ends to [−1, d − 1]).
 */
export function slice(ctx: NodeContext, inputs: readonly (Tensor | undefined)[], t: Tensor): Tensor {
  const rank = t.shape.length;
  // Exporters write INT64_MAX / INT64_MIN for "to the end": only clamped, never used as a size.
  const starts = inputs[1] !== undefined ? ctx.integers(inputs[1], 'starts') : ctx.clampedInts('starts');
  const ends = inputs[2] !== undefined ? ctx.integers(inputs[2], 'ends') : ctx.clampedInts('ends');
  if (starts === undefined || ends === undefined) throw ctx.fail('parse', 'Slice needs starts and ends');
  if (starts.length !== ends.length) throw ctx.fail('dimension', `starts has ${starts.length} entries, ends ${ends.length}`);
  const axes = (intsFrom(ctx, inputs[3], 'axes', 'axes') ?? starts.map((_, k) => k)).map((a) => ctx.axis(a, rank, 'axes entry'));
  const steps = inputs[4] !== undefined ? ctx.integers(inputs[4], 'steps') : starts.map(() => 1);
  if (axes.length !== starts.length || steps.length !== starts.length) throw ctx.fail('dimension', 'starts, ends, axes and steps must have the same length');
  if (new Set(axes).size !== axes.length) throw ctx.fail('range', `axes [${axes.join(', ')}] repeat an axis`);
  const indices = t.shape.map((d) => Array.from({ length: d }, (_, i) => i));
  axes.forEach((axis, k) => {
    const d = t.shape[axis] as number;
    const step = steps[k] as number;
    if (step === 0) throw ctx.fail('range', 'steps must not be 0');
    const norm = (x: number): number => (x < 0 ? x + d : x);
    const clamp = (x: number, lo: number, hi: number): number => Math.min(Math.max(x, lo), hi);
    const start = step > 0 ? clamp(norm(starts[k] as number), 0, d) : clamp(norm(starts[k] as number), 0, d - 1);
    const end = step > 0 ? clamp(norm(ends[k] as number), 0, d) : clamp(norm(ends[k] as number), -1, d - 1);
    const list: number[] = [];
    for (let i = start; step > 0 ? i < end : i > end; i += step) list.push(i);
    indices[axis] = list;
  });
  return pick(t, indices);
}

/** Split along an axis: sizes from the second input (opset ≥ 13), the `split` attribute, `num_outputs`, or equal parts. */
export function split(ctx: NodeContext, inputs: readonly (Tensor | undefined)[], t: Tensor): Tensor[] {
  const axis = ctx.axis(ctx.int('axis', 0), t.shape.length);
  const d = t.shape[axis] as number;
  const outputs = (ctx.node.output ?? []).length;
  let sizes = intsFrom(ctx, inputs[1], 'split', 'split');
  if (sizes === undefined) {
    const given = ctx.attribute('num_outputs') !== undefined;
    const parts = ctx.int('num_outputs', outputs);
    if (parts < 1) throw ctx.fail('range', `num_outputs ${parts} must be positive`);
    // Without num_outputs (every opset before 18) the parts must be equal; num_outputs (opset 18)
    // allows parts of ceil(d / parts) with the last one smaller.
    if (!given && d % parts !== 0) throw ctx.fail('dimension', `an axis of size ${d} cannot be split into ${parts} equal parts (give split sizes)`);
    const size = Math.ceil(d / parts);
    sizes = Array.from({ length: parts }, (_, k) => Math.max(0, Math.min(size, d - k * size)));
  }
  if (sizes.some((s) => s < 0)) throw ctx.fail('range', `split sizes [${sizes.join(', ')}] must not be negative`);
  if (sizes.reduce((a, b) => a + b, 0) !== d) throw ctx.fail('dimension', `split sizes [${sizes.join(', ')}] do not add up to the axis size ${d}`);
  if (sizes.length !== outputs) throw ctx.fail('dimension', `${sizes.length} split sizes for ${outputs} outputs`);
  let from = 0;
  return sizes.map((s) => {
    const indices = t.shape.map((n, k) => (k === axis ? Array.from({ length: s }, (_, i) => from + i) : Array.from({ length: n }, (_, i) => i)));
    from += s;
    return pick(t, indices);
  });
}

/** Pad in `constant` mode (pads from the second input, or the `pads` attribute before opset 11). */
export function pad(ctx: NodeContext, inputs: readonly (Tensor | undefined)[], t: Tensor): Tensor {
  const mode = ctx.string('mode', 'constant');
  if (mode !== 'constant') throw ctx.fail('unsupported', `Pad mode "${mode}" is not supported (only "constant")`);
  const rank = t.shape.length;
  const pads = intsFrom(ctx, inputs[1], 'pads', 'pads');
  if (pads === undefined) throw ctx.fail('parse', 'Pad needs pads');
  const axes = inputs[3] !== undefined ? ctx.integers(inputs[3], 'axes').map((a) => ctx.axis(a, rank, 'axes entry')) : t.shape.map((_, k) => k);
  if (pads.length !== 2 * axes.length) throw ctx.fail('dimension', `pads has ${pads.length} entries; ${2 * axes.length} are needed`);
  pads.forEach((p, k) => {
    if (p < 0) throw ctx.failAt('range', 'pads', `negative pad ${p} at pads[${k}] is not supported`);
  });
  let value: Element = ratio(0n);
  if (inputs[2] !== undefined) {
    const v = inputs[2];
    if (v.generation !== undefined || v.data.length !== 1) throw ctx.fail('unsupported', 'constant_value must be one constant');
    value = v.data[0] as Element;
  } else {
    value = ctx.float('value', ratio(0n));
  }
  const before = t.shape.map(() => 0);
  const after = t.shape.map(() => 0);
  axes.forEach((a, k) => {
    before[a] = pads[k] as number;
    after[a] = pads[k + axes.length] as number;
  });
  const shape = t.shape.map((d, k) => d + (before[k] as number) + (after[k] as number));
  checkElements(ctx, product(shape), 'the padded tensor');
  const own = strides(t.shape);
  const total = product(shape);
  const data = new Array<Element>(total);
  const index = new Array<number>(rank).fill(0);
  for (let f = 0; f < total; f++) {
    let src = 0;
    let inside = true;
    for (let k = 0; k < rank; k++) {
      const i = (index[k] as number) - (before[k] as number);
      if (i < 0 || i >= (t.shape[k] as number)) {
        inside = false;
        break;
      }
      src += i * (own[k] as number);
    }
    data[f] = inside ? (t.data[src] as Element) : value;
    for (let k = rank - 1; k >= 0; k--) {
      index[k] = (index[k] as number) + 1;
      if ((index[k] as number) < (shape[k] as number)) break;
      index[k] = 0;
    }
  }
  return { ...t, shape, data };
}

/** ConstantOfShape: a constant tensor of the given (constant) shape filled with `value` (default float 0). */
export function constantOfShape(ctx: NodeContext, shapeTensor: Tensor): Tensor {
  const shape = ctx.integers(shapeTensor, 'the shape');
  if (shape.some((d) => d < 0)) throw ctx.fail('dimension', `negative dimension in [${shape.join(', ')}]`);
  checkElements(ctx, product(shape), 'the ConstantOfShape result');
  const a = ctx.typedAttribute('value', AttributeType.TENSOR);
  let fill: Fraction = ratio(0n);
  let elemType: number = DataType.FLOAT;
  if (a?.t !== undefined && a.t !== null) {
    const v = decodeTensor(a.t, `${ctx.where}.value`);
    if (v.data.length !== 1) throw ctx.failAt('dimension', 'value', `value must hold one element, not ${v.data.length}`);
    fill = v.data[0] as Fraction;
    elemType = v.elemType;
  }
  return { shape, data: new Array<Element>(product(shape)).fill(fill), generation: undefined, elemType };
}
