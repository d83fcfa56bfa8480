/**
 * Affine arithmetic nodes: Add, Sub, Mul and Div (by constants), MatMul, Gemm. Each composes the
 * operands' affine forms exactly, so consecutive affine nodes fold into one layer.
 */
import type Fraction from 'fraction.js';
import { ONE, denominator, isZero } from '../../exact/rational.js';
import { MAX_MATMUL_STEPS, type NodeContext, checkElements } from './context.js';
import { typeName } from './proto.js';
import { Accumulator, AffineForm, type Element, INTEGER_TYPES, MINUS_ONE, type Tensor, combine, expand, permute, product } from './tensor.js';

/** Numpy broadcasting of two shapes. */
export function broadcastShape(ctx: NodeContext, a: readonly number[], b: readonly number[]): number[] {
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

export function elementwise(ctx: NodeContext, a: Tensor, b: Tensor, f: (x: Element, y: Element) => Element): Tensor {
  const generation = ctx.generationOf(a, b);
  const shape = broadcastShape(ctx, a.shape, b.shape);
  checkElements(ctx, product(shape), 'the broadcast result');
  const xs = expand(a, shape);
  const ys = expand(b, shape);
  return { shape, data: xs.map((x, i) => f(x, ys[i] as Element)), generation, elemType: a.elemType };
}


/**
 * B as Add/Sub/Mul/Div before opset 7 broadcast it (`broadcast` = 1): B's shape is a contiguous
 * run of A's axes starting at `axis` (default: A's trailing axes), so B gets trailing size-1 axes
 * and then broadcasts as numpy would. Without `broadcast` the shapes had to be equal. numpy
 * alignment would instead match B's axes with A's last ones: a per-channel [C] bias on [1, C, H, W]
 * with axis = 1 would be added along W.
 */
function legacyBroadcast(ctx: NodeContext, a: Tensor, b: Tensor): Tensor {
  const opset = ctx.state.opset;
  const given = ctx.attribute('broadcast') !== undefined;
  if (given && opset !== undefined && opset >= 7) throw ctx.failAt('unsupported', 'broadcast', `the attribute broadcast exists only before opset 7 (this model imports opset ${opset})`);
  if (!given || ctx.int('broadcast', 0) === 0) {
    const same = a.shape.length === b.shape.length && a.shape.every((d, k) => d === b.shape[k]);
    if (opset !== undefined && opset < 7 && !same) {
      throw ctx.fail('dimension', `shapes [${a.shape.join(', ')}] and [${b.shape.join(', ')}] differ and broadcast = 1 is not set (opset ${opset} has no numpy broadcasting)`);
    }
    return b;
  }
  const axis = ctx.int('axis', a.shape.length - b.shape.length);
  const fits = axis >= 0 && axis + b.shape.length <= a.shape.length && b.shape.every((d, k) => d === a.shape[axis + k]);
  if (!fits) throw ctx.failAt('dimension', 'axis', `B of shape [${b.shape.join(', ')}] is not the axes of A [${a.shape.join(', ')}] from axis ${axis}`);
  return { ...b, shape: [...b.shape, ...new Array<number>(a.shape.length - axis - b.shape.length).fill(1)] };
}

export function binary(ctx: NodeContext, op: string, a: Tensor, bIn: Tensor): Tensor {
  const b = legacyBroadcast(ctx, a, bIn);
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
      // ONNX divides integers with truncation; an exact quotient of an integer input would differ.
      if (INTEGER_TYPES.has(a.elemType) && a.generation !== undefined) throw ctx.fail('unsupported', `divides a network value of type ${typeName(a.elemType)} (integer division truncates)`);
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
export function matmul(ctx: NodeContext, a: Tensor, b: Tensor): Tensor {
  if (b.sparse !== undefined) {
    if (a.shape.length > 2 || b.shape.length !== 2) throw ctx.fail('unsupported', 'a sparse B needs a 1-D or 2-D A and a 2-D B');
    const y = sparseProduct(ctx, a.shape.length === 1 ? { ...a, shape: [1, a.shape[0] as number] } : a, b, false);
    return a.shape.length === 1 ? { ...y, shape: [y.shape[1] as number] } : y;
  }
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
export function transpose2(t: Tensor): Tensor {
  return permute(t, [1, 0]);
}

export function gemm(ctx: NodeContext, a: Tensor, b: Tensor, c: Tensor | undefined): Tensor {
  if (a.shape.length !== 2 || b.shape.length !== 2) throw ctx.fail('dimension', `Gemm needs 2-D A and B, got [${a.shape.join(', ')}] and [${b.shape.join(', ')}]`);
  const alpha = ctx.float('alpha', ONE);
  const beta = ctx.float('beta', ONE);
  const aa = ctx.int('transA', 0) !== 0 ? transpose2(a) : a;
  const transB = ctx.int('transB', 0) !== 0;
  let y = b.sparse !== undefined ? sparseProduct(ctx, aa, b, transB) : matmul(ctx, aa, transB ? transpose2(b) : b);
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


/**
 * A·B (or A·Bᵀ when `transposed`) for a 2-D A and a sparse constant 2-D B (a sparse initializer):
 * O(m · nnz) steps, B never densified.
 */
export function sparseProduct(ctx: NodeContext, a: Tensor, b: Tensor, transposed: boolean): Tensor {
  if (a.shape.length !== 2 || b.shape.length !== 2) throw ctx.fail('dimension', `a sparse product needs 2-D operands, got [${a.shape.join(', ')}] and [${b.shape.join(', ')}]`);
  const generation = ctx.generationOf(a);
  const m = a.shape[0] as number;
  const k = a.shape[1] as number;
  const [bk, n] = transposed ? [b.shape[1] as number, b.shape[0] as number] : [b.shape[0] as number, b.shape[1] as number];
  if (k !== bk) throw ctx.fail('dimension', `shapes [${a.shape.join(', ')}] and [${b.shape.join(', ')}]${transposed ? 'ᵀ' : ''} do not multiply`);
  checkElements(ctx, m * n, 'the product');
  const acc = Array.from({ length: m * n }, () => new Accumulator());
  const cols = b.shape[1] as number;
  for (const [f, v] of b.sparse ?? []) {
    const row = Math.floor(f / cols);
    const col = f - row * cols;
    const [j, r] = transposed ? [col, row] : [row, col];
    for (let i = 0; i < m; i++) (acc[i * n + r] as Accumulator).addScaled(a.data[i * k + j] as Element, v);
  }
  return { shape: [m, n], data: acc.map((x) => x.freeze()), generation, elemType: a.elemType };
}
