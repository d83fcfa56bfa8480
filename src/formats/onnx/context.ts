/**
 * The interpreter's state (the layers built so far, the current generation of variables) and the
 * per-node context that reads attributes and names the node in every error.
 */
import type Fraction from 'fraction.js';
import { InputError, type InputErrorCode } from '../../errors.js';
import { ONE, ZERO, denominator, float32ToRational, formatRational, isZero, numerator } from '../../exact/rational.js';
import { type Activation, type Layer, type SparseEntry, denseLayer, sparseLayer } from '../../network/model.js';
import { AttributeType, type OnnxTypes, toBigInt, toSafeInt } from './proto.js';
import { AffineForm, type Element, type Tensor } from './tensor.js';


const ATTRIBUTE_TYPE_NAMES: ReadonlyMap<number, string> = new Map(Object.entries(AttributeType).map(([name, value]) => [value, name]));

/** The name of an attribute type (`INTS`), for messages. */
function attributeTypeName(t: number): string {
  return ATTRIBUTE_TYPE_NAMES.get(t) ?? `type ${t}`;
}

/**
 * The type of an attribute that declares none, from the value field it sets (protobufjs makes a
 * decoded field an own property only when the file has it); undefined when it sets none.
 */
function untypedAttributeType(a: OnnxTypes.IAttributeProto): number | undefined {
  const has = (field: string): boolean => Object.prototype.hasOwnProperty.call(a, field);
  const nonEmpty = (list: readonly unknown[] | null | undefined): boolean => list !== null && list !== undefined && list.length > 0;
  if (has('f')) return AttributeType.FLOAT;
  if (has('i')) return AttributeType.INT;
  if (has('s')) return AttributeType.STRING;
  if (has('t')) return AttributeType.TENSOR;
  if (has('g')) return AttributeType.GRAPH;
  if (nonEmpty(a.floats)) return AttributeType.FLOATS;
  if (nonEmpty(a.ints)) return AttributeType.INTS;
  if (nonEmpty(a.strings)) return AttributeType.STRINGS;
  if (nonEmpty(a.tensors)) return AttributeType.TENSORS;
  return undefined;
}

/** Layers built so far and the current generation of variables. */
export interface BuildState {
  readonly layers: Layer[];
  /** Number of variables of the current generation (the width of the last layer's output). */
  width: number;
  generation: number;
  /** The Relu node that opened each generation after the first (for messages). */
  readonly reluNodes: string[];
  /**
   * The version of the default operator set the model imports (a few operators changed meaning:
   * broadcasting before 7, Concat's default axis before 4); undefined when it imports none.
   */
  readonly opset?: number | undefined;
}

/** A layer whose rows are the given elements' affine forms over `width` variables. */
export function layerFromElements(elements: readonly Element[], width: number, activation: Activation): Layer {
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
export function variables(n: number): AffineForm[] {
  return Array.from({ length: n }, (_, j) => new AffineForm(new Map([[j, ONE]]), ZERO));
}

/** Whether elements are exactly v_0 … v_{width−1} (the output needs no extra layer). */
export function isIdentity(elements: readonly Element[], width: number): boolean {
  if (elements.length !== width) return false;
  return elements.every((e, j) => e instanceof AffineForm && isZero(e.constant) && e.coeffs.size === 1 && e.coeffs.get(j)?.equals(ONE) === true);
}

/** Interprets one node; created per node so errors can name it. */
export class NodeContext {
  constructor(
    readonly node: OnnxTypes.INodeProto,
    readonly where: string,
    readonly state: BuildState,
  ) {}

  fail(code: InputErrorCode, detail: string): InputError {
    return new InputError(code, detail, { path: this.where });
  }

  /** An error at one attribute or input of the node: path `node "name" (Op).field`. */
  failAt(code: InputErrorCode, field: string, detail: string): InputError {
    return new InputError(code, detail, { path: `${this.where}.${field}` });
  }

  /** A string attribute (protobuf bytes, read as UTF-8). */
  string(name: string, fallback: string): string {
    const a = this.typedAttribute(name, AttributeType.STRING);
    if (a === undefined || a.s === null || a.s === undefined) return fallback;
    return new TextDecoder().decode(a.s);
  }

  /**
   * The node's attribute `name`, if any. An attribute given twice is refused: which one a runtime
   * would take is not defined.
   */
  attribute(name: string): OnnxTypes.IAttributeProto | undefined {
    const found = (this.node.attribute ?? []).filter((a) => a.name === name);
    if (found.length > 1) throw this.failAt('parse', name, `the attribute ${name} is given ${found.length === 2 ? 'twice' : `${found.length} times`}`);
    return found[0];
  }

  /**
   * The attribute `name` when it holds a value of type `expected`; an attribute of another type is
   * refused (reading the expected field would silently give protobuf's default, e.g. alpha = 0 for
   * an INT alpha). An attribute with no type (IR version 1) is typed by the value field it sets.
   */
  typedAttribute(name: string, expected: number): OnnxTypes.IAttributeProto | undefined {
    const a = this.attribute(name);
    if (a === undefined) return undefined;
    const type = a.type !== null && a.type !== undefined && a.type !== AttributeType.UNDEFINED ? a.type : untypedAttributeType(a);
    // An untyped attribute that sets no field is an empty list or protobuf's default.
    if (type !== undefined && type !== expected) {
      throw this.failAt('type', name, `the attribute ${name} holds ${attributeTypeName(type)}; ${attributeTypeName(expected)} is expected`);
    }
    return a;
  }

  int(name: string, fallback: number): number {
    const a = this.typedAttribute(name, AttributeType.INT);
    return a === undefined ? fallback : toSafeInt(a.i, `${this.where}.${name}`);
  }

  ints(name: string): number[] | undefined {
    const a = this.typedAttribute(name, AttributeType.INTS);
    return a === undefined ? undefined : (a.ints ?? []).map((v, k) => toSafeInt(v, `${this.where}.${name}[${k}]`));
  }

  /**
   * An ints attribute whose entries are only compared and clamped (Slice starts/ends): values
   * beyond ±2^53 (INT64_MAX for "to the end") become ±2^53, which clamps the same way.
   */
  clampedInts(name: string): number[] | undefined {
    const a = this.typedAttribute(name, AttributeType.INTS);
    const limit = BigInt(Number.MAX_SAFE_INTEGER);
    return a === undefined ? undefined : (a.ints ?? []).map((v) => {
      const b = toBigInt(v);
      return Number(b > limit ? limit : b < -limit ? -limit : b);
    });
  }

  /** A float attribute: ONNX stores them as float32, so this is the float32's exact value. */
  float(name: string, fallback: Fraction): Fraction {
    const a = this.typedAttribute(name, AttributeType.FLOAT);
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

export function checkElements(ctx: NodeContext, count: number, what: string): void {
  if (count > MAX_TENSOR_ELEMENTS) throw ctx.fail('unsupported', `${what} would have ${count} elements; at most ${MAX_TENSOR_ELEMENTS} are supported`);
}

