/**
 * Symbolic tensors: every element is an exact rational constant or an exact affine form in the
 * current layer's variables; helpers that move elements (broadcast, permute) without arithmetic.
 */
import type Fraction from 'fraction.js';
import { ZERO, isZero, ratio } from '../../exact/rational.js';
import { DataType } from './proto.js';

/** An affine form Σ coeffs[j]·v_j + constant over the current layer's variables v. */
export class AffineForm {
  constructor(
    readonly coeffs: ReadonlyMap<number, Fraction>,
    readonly constant: Fraction,
  ) {}
}

/** A tensor element: an exact constant or an affine form. */
export type Element = Fraction | AffineForm;

/** A tensor during interpretation: row-major data of the given shape. */
export interface Tensor {
  readonly shape: readonly number[];
  readonly data: readonly Element[];
  /** Which generation of variables its forms refer to; undefined for constants. */
  readonly generation: number | undefined;
  /** The ONNX element type (matters for integer shape arithmetic and Cast). */
  readonly elemType: number;
  /**
   * Set only for a sparse initializer handed to Gemm or MatMul as B: its nonzeros as
   * (row-major flat index, value), ascending; `data` is then empty (read.ts densifies a sparse
   * initializer for every other use).
   */
  readonly sparse?: readonly (readonly [number, Fraction])[];
}

/** Whether r is exactly 1 (fraction.js keeps fractions reduced, sign in `s`). */
function isOne(r: Fraction): boolean {
  return r.n === 1n && r.d === 1n && r.s > 0n;
}

/** A mutable sum of scaled elements, frozen into an {@link Element}. */
export class Accumulator {
  private readonly coeffs = new Map<number, Fraction>();
  private constant: Fraction = ZERO;

  addScaled(e: Element, c: Fraction): void {
    if (isZero(c)) return;
    if (e instanceof AffineForm) {
      // Fast paths, exact all the same: a·1 = a, 1·c = c, and a first term needs no addition. A
      // convolution over a fresh generation of variables (every coefficient 1, no index twice)
      // then does no rational arithmetic at all — the bulk of lowering a CIFAR-size network.
      const unit = isOne(c);
      for (const [j, a] of e.coeffs) {
        const term = unit ? a : isOne(a) ? c : a.mul(c);
        const old = this.coeffs.get(j);
        if (old === undefined) {
          this.coeffs.set(j, term);
          continue;
        }
        const sum = old.add(term);
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

export function combine(terms: readonly (readonly [Element, Fraction])[]): Element {
  const acc = new Accumulator();
  for (const [e, c] of terms) acc.addScaled(e, c);
  return acc.freeze();
}

export const product = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

export function strides(shape: readonly number[]): number[] {
  const out = new Array<number>(shape.length).fill(1);
  for (let k = shape.length - 2; k >= 0; k--) out[k] = (out[k + 1] as number) * (shape[k + 1] as number);
  return out;
}

export const INTEGER_TYPES: ReadonlySet<number> = new Set([
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

export const MINUS_ONE = ratio(-1n);

/** The data of `t` broadcast to `shape` (which must be a broadcast of t's shape). */
export function expand(t: Tensor, shape: readonly number[]): readonly Element[] {
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

/** Permutes the axes of a tensor. */
export function permute(t: Tensor, perm: readonly number[]): Tensor {
  const own = strides(t.shape);
  return gatherGrid(t, perm.map((p) => Array.from({ length: t.shape[p] as number }, (_, i) => i * (own[p] as number))));
}

/**
 * A new tensor whose axis k has offsets[k].length entries: element (i_0, …) is the element of `t`
 * at flat position Σ_k offsets[k][i_k] (a permutation, a sub-grid, or both).
 */
export function gatherGrid(t: Tensor, offsets: readonly (readonly number[])[]): Tensor {
  const shape = offsets.map((list) => list.length);
  const total = product(shape);
  const data = new Array<Element>(total);
  const index = new Array<number>(shape.length).fill(0);
  for (let f = 0; f < total; f++) {
    let src = 0;
    for (let k = 0; k < shape.length; k++) src += (offsets[k] as number[])[index[k] as number] as number;
    data[f] = t.data[src] as Element;
    for (let k = shape.length - 1; k >= 0; k--) {
      index[k] = (index[k] as number) + 1;
      if ((index[k] as number) < (shape[k] as number)) break;
      index[k] = 0;
    }
  }
  return { ...t, shape, data };
}
