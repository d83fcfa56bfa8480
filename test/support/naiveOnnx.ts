/**
 * A naive reference interpreter of ONNX graphs, written for the tests and independent of
 * src/formats/onnx: it evaluates the graph at one input point, node by node, with direct loops
 * (a convolution is four nested loops over output channel, position, input channel and tap; a
 * max pool takes the max of each window). It is generic over the number type: exact rationals
 * (compared for equality with the lowered network's exact evaluation), or float64 values that
 * carry a rigorous running error bound (the float reference for real files).
 *
 * Only what the tests use: Identity, Relu, Add, Sub, Mul/Div by a constant, MatMul (2-D), Gemm,
 * Conv and ConvTranspose (1-D as 2-D with height 1, 2-D), BatchNormalization, MaxPool, AveragePool,
 * GlobalAveragePool, Flatten, Reshape, Transpose, Cast, Constant, Pad, Slice, Split, Concat,
 * Squeeze, Unsqueeze, Shape, Gather, ConstantOfShape.
 */
import type Fraction from 'fraction.js';
import onnxProto from 'onnx-proto';
import type { onnx as OnnxTypes } from 'onnx-proto';
import { ONE, ZERO, float32BitsToRational, float64ToRational, numerator, denominator, ratio } from '../../src/exact/rational.js';

const { onnx } = onnxProto;
const DT = onnx.TensorProto.DataType;

/** The arithmetic the reference runs in. Weights are always exact rationals. */
export interface Arith<T> {
  constant(q: Fraction): T;
  add(a: T, b: T): T;
  scale(a: T, w: Fraction): T;
  max(a: T, b: T): T;
  relu(a: T): T;
}

/** Exact rational arithmetic. */
export const EXACT: Arith<Fraction> = {
  constant: (q) => q,
  add: (a, b) => a.add(b),
  scale: (a, w) => a.mul(w),
  max: (a, b) => (a.compare(b) >= 0 ? a : b),
  relu: (a) => (a.compare(ZERO) > 0 ? a : ZERO),
};

/** A float64 value and a bound on its distance from the exact value it approximates. */
export interface Bounded {
  readonly v: number;
  readonly e: number;
}

/**
 * float64 arithmetic with a running error bound (Higham, *Accuracy and Stability of Numerical
 * Algorithms*, §2.2 and §3.1): each rounded operation adds at most u·|result|/(1 − u) ≤ 2u·|result|
 * with u = 2^−53, and errors of the operands propagate through + as a sum and through ·w as |w|·e.
 * Relu and max are 1-Lipschitz. (Weights are float32 values, so w.valueOf() is exact.)
 */
export const BOUNDED: Arith<Bounded> = {
  // A constant that is not a double is rounded once: at most u·|v| off.
  constant: (q) => {
    const v = q.valueOf();
    return { v, e: 2 ** -52 * Math.abs(v) };
  },
  add: (a, b) => {
    const v = a.v + b.v;
    return { v, e: a.e + b.e + 2 ** -52 * Math.abs(v) };
  },
  scale: (a, w) => {
    const x = w.valueOf();
    const v = a.v * x;
    // Twice 2u: the product's rounding and, for a weight that is not a double, w's own rounding.
    return { v, e: Math.abs(x) * a.e + 2 ** -51 * Math.abs(v) };
  },
  max: (a, b) => ({ v: Math.max(a.v, b.v), e: Math.max(a.e, b.e) }),
  relu: (a) => ({ v: Math.max(0, a.v), e: a.e }),
};

interface Nd<T> {
  shape: number[];
  data: T[];
  /** Constant tensors (weights, shapes) keep their exact values too. */
  exact?: Fraction[];
}

const prod = (s: readonly number[]): number => s.reduce((a, b) => a * b, 1);

function stridesOf(s: readonly number[]): number[] {
  const out = s.map(() => 1);
  for (let k = s.length - 2; k >= 0; k--) out[k] = out[k + 1]! * s[k + 1]!;
  return out;
}

/** Multi-index of flat index f in shape s. */
function unflat(f: number, s: readonly number[]): number[] {
  const idx = s.map(() => 0);
  for (let k = s.length - 1; k >= 0; k--) {
    idx[k] = f % s[k]!;
    f = Math.floor(f / s[k]!);
  }
  return idx;
}

function flat(idx: readonly number[], s: readonly number[]): number {
  let f = 0;
  for (let k = 0; k < s.length; k++) f = f * s[k]! + idx[k]!;
  return f;
}

/** Exact values of a TensorProto (raw_data float32/int64 or the typed fields), decoded here. */
function decode(t: OnnxTypes.ITensorProto): Fraction[] {
  const raw = t.rawData;
  const n = prod((t.dims ?? []).map(Number));
  const out: Fraction[] = [];
  if (raw && raw.length > 0) {
    const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    for (let i = 0; i < n; i++) {
      if (t.dataType === DT.FLOAT) out.push(float32BitsToRational(view.getUint32(4 * i, true)));
      else if (t.dataType === DT.INT64) out.push(ratio(view.getBigInt64(8 * i, true)));
      else if (t.dataType === DT.INT32) out.push(ratio(BigInt(view.getInt32(4 * i, true))));
      else if (t.dataType === DT.DOUBLE) out.push(float64ToRational(view.getFloat64(8 * i, true)));
      else throw new Error(`reference: raw data type ${t.dataType}`);
    }
    return out;
  }
  if (t.dataType === DT.FLOAT) return (t.floatData ?? []).map((x) => float64ToRational(Math.fround(x)));
  if (t.dataType === DT.INT64) return (t.int64Data ?? []).map((x) => ratio(BigInt(x.toString())));
  throw new Error(`reference: data type ${t.dataType}`);
}

const int = (q: Fraction): number => Number(numerator(q) / denominator(q));

function attr(node: OnnxTypes.INodeProto, name: string): OnnxTypes.IAttributeProto | undefined {
  return (node.attribute ?? []).find((a) => a.name === name);
}
const attrInt = (node: OnnxTypes.INodeProto, name: string, d: number): number => {
  const a = attr(node, name);
  return a === undefined ? d : Number(a.i);
};
const attrInts = (node: OnnxTypes.INodeProto, name: string): number[] | undefined => attr(node, name)?.ints?.map(Number);
const attrFloat = (node: OnnxTypes.INodeProto, name: string, d: number): Fraction => {
  const a = attr(node, name);
  return float64ToRational(Math.fround(a === undefined ? d : (a.f ?? 0)));
};

function isqrtExact(q: Fraction): Fraction {
  const root = (n: bigint): bigint => {
    let lo = 0n;
    let hi = n + 1n;
    while (hi - lo > 1n) {
      const mid = (lo + hi) / 2n;
      if (mid * mid <= n) lo = mid;
      else hi = mid;
    }
    if (lo * lo !== n) throw new Error('reference: irrational square root');
    return lo;
  };
  return ratio(root(numerator(q)), root(denominator(q)));
}

/**
 * Evaluates a model's graph at `input` (the graph input flattened row-major; a dynamic leading
 * dimension is 1) and returns the graph output flattened.
 */
export function referenceEvaluate<T>(modelBytes: Uint8Array, input: readonly T[], ar: Arith<T>): T[] {
  const model = onnx.ModelProto.decode(modelBytes);
  const g = model.graph!;
  const values = new Map<string, Nd<T>>();
  const constant = (qs: Fraction[], shape: number[]): Nd<T> => ({ shape, data: qs.map((q) => ar.constant(q)), exact: qs });
  for (const t of g.initializer ?? []) values.set(t.name!, constant(decode(t), (t.dims ?? []).map(Number)));
  const inputInfo = (g.input ?? []).find((i) => !values.has(i.name!))!;
  const inShape = (inputInfo.type!.tensorType!.shape!.dim ?? []).map((d, k) => (k === 0 && d.dimParam ? 1 : Number(d.dimValue)));
  values.set(inputInfo.name!, { shape: inShape, data: [...input] });
  const ints = (t: Nd<T>): number[] => t.exact!.map(int);
  for (const node of g.node ?? []) {
    const ins = (node.input ?? []).map((n) => (n === '' ? undefined : values.get(n)));
    const x = ins[0]!;
    const outs: Nd<T>[] = run(node, x, ins);
    (node.output ?? []).forEach((n, k) => values.set(n, outs[k]!));
  }
  return values.get(g.output![0]!.name!)!.data;

  function run(node: OnnxTypes.INodeProto, x: Nd<T>, ins: (Nd<T> | undefined)[]): Nd<T>[] {
    switch (node.opType) {
      case 'Identity':
      case 'Cast':
        return [x];
      case 'Constant': {
        const a = (node.attribute ?? [])[0]!;
        if (a.name === 'value') return [constant(decode(a.t!), (a.t!.dims ?? []).map(Number))];
        if (a.name === 'value_float') return [constant([attrFloat(node, 'value_float', 0)], [])];
        throw new Error(`reference: Constant ${a.name}`);
      }
      case 'Relu':
        return [{ shape: x.shape, data: x.data.map((v) => ar.relu(v)) }];
      case 'Add':
      case 'Sub':
      case 'Mul':
      case 'Div':
        return [binary(node.opType, x, ins[1]!)];
      case 'MatMul':
        return [matmul(x, ins[1]!)];
      case 'Gemm': {
        let a = x;
        let b = ins[1]!;
        if (attrInt(node, 'transA', 0)) a = permute(a, [1, 0]);
        if (attrInt(node, 'transB', 0)) b = permute(b, [1, 0]);
        const y = matmul(a, b);
        const alpha = attrFloat(node, 'alpha', 1);
        const beta = attrFloat(node, 'beta', 1);
        const c = ins[2];
        const n = y.shape[1]!;
        return [
          {
            shape: y.shape,
            data: y.data.map((v, i) => {
              const s = ar.scale(v, alpha);
              if (c === undefined) return s;
              const cv = c.data.length === 1 ? c.exact![0]! : c.data.length === n ? c.exact![i % n]! : c.exact![i]!;
              return ar.add(s, ar.constant(cv.mul(beta)));
            }),
          },
        ];
      }
      case 'Conv':
        return [convolution(node, x, ins[1]!, ins[2])];
      case 'ConvTranspose':
        return [transposedConvolution(node, x, ins[1]!, ins[2])];
      case 'BatchNormalization': {
        const [scale, bias, mean, variance] = [ins[1]!, ins[2]!, ins[3]!, ins[4]!].map((t) => t.exact!);
        const eps = attrFloat(node, 'epsilon', 1e-5);
        const c = x.shape[1]!;
        const inner = prod(x.shape.slice(2));
        return [
          {
            shape: x.shape,
            data: x.data.map((v, i) => {
              const ch = Math.floor(i / inner) % c;
              const s = scale![ch]!.div(isqrtExact(variance![ch]!.add(eps)));
              // (x − mean)·s + B, in that order.
              return ar.add(ar.scale(ar.add(v, ar.constant(mean![ch]!.neg())), s), ar.constant(bias![ch]!));
            }),
          },
        ];
      }
      case 'MaxPool':
      case 'AveragePool':
        return [pool(node, x)];
      case 'GlobalAveragePool': {
        const [, c, ...sp] = x.shape;
        const n = prod(sp);
        const data: T[] = [];
        for (let ch = 0; ch < c!; ch++) {
          let acc = ar.constant(ZERO);
          for (let i = 0; i < n; i++) acc = ar.add(acc, x.data[ch * n + i]!);
          data.push(ar.scale(acc, ratio(1n, BigInt(n))));
        }
        return [{ shape: [1, c!, ...sp.map(() => 1)], data }];
      }
      case 'Flatten': {
        const a = attrInt(node, 'axis', 1);
        return [{ ...x, shape: [prod(x.shape.slice(0, a)), prod(x.shape.slice(a))] }];
      }
      case 'Reshape': {
        const spec = ints(ins[1]!).map((s, k) => (s === 0 ? x.shape[k]! : s));
        const known = prod(spec.filter((s) => s !== -1));
        return [{ ...x, shape: spec.map((s) => (s === -1 ? x.data.length / known : s)) }];
      }
      case 'Transpose':
        return [permute(x, attrInts(node, 'perm') ?? x.shape.map((_, k) => x.shape.length - 1 - k))];
      case 'Squeeze': {
        const axes = (ins[1] ? ints(ins[1]) : attrInts(node, 'axes'))!.map((a) => (a < 0 ? a + x.shape.length : a));
        return [{ ...x, shape: x.shape.filter((_, k) => !axes.includes(k)) }];
      }
      case 'Unsqueeze': {
        const axes = (ins[1] ? ints(ins[1]) : attrInts(node, 'axes'))!;
        const shape = [...x.shape];
        for (const a of [...axes].sort((p, q) => p - q)) shape.splice(a, 0, 1);
        return [{ ...x, shape }];
      }
      case 'Shape':
        return [constant(x.shape.map((d) => ratio(BigInt(d))), [x.shape.length])];
      case 'Gather': {
        // Only axis 0 of a 1-D tensor with scalar or 1-D indices: enough for shape arithmetic.
        const idx = ints(ins[1]!);
        const pickFrom = (t: Nd<T>, i: number): number => (i < 0 ? i + t.shape[0]! : i);
        const data = idx.map((i) => x.data[pickFrom(x, i)]!);
        const exact = x.exact === undefined ? undefined : idx.map((i) => x.exact![pickFrom(x, i)]!);
        return [{ shape: ins[1]!.shape, data, ...(exact ? { exact } : {}) }];
      }
      case 'ConstantOfShape': {
        const shape = ints(x);
        const a = attr(node, 'value');
        const fill = a?.t ? decode(a.t)[0]! : ZERO;
        return [constant(new Array<Fraction>(prod(shape)).fill(fill), shape)];
      }
      case 'Concat': {
        const parts = ins.filter((t): t is Nd<T> => t !== undefined);
        const rank = parts[0]!.shape.length;
        const axis = (attrInt(node, 'axis', 0) + rank) % rank;
        const shape = [...parts[0]!.shape];
        shape[axis] = parts.reduce((s, t) => s + t.shape[axis]!, 0);
        const data: T[] = [];
        const exactParts = parts.every((t) => t.exact !== undefined);
        const exact: Fraction[] = [];
        for (let f = 0; f < prod(shape); f++) {
          const idx = unflat(f, shape);
          let at = idx[axis]!;
          let k = 0;
          while (at >= parts[k]!.shape[axis]!) at -= parts[k++]!.shape[axis]!;
          const src = [...idx];
          src[axis] = at;
          data.push(parts[k]!.data[flat(src, parts[k]!.shape)]!);
          if (exactParts) exact.push(parts[k]!.exact![flat(src, parts[k]!.shape)]!);
        }
        return [{ shape, data, ...(exactParts ? { exact } : {}) }];
      }
      case 'Pad': {
        const pads = ins[1] ? ints(ins[1]) : attrInts(node, 'pads')!;
        const value = ins[2] ? ins[2].exact![0]! : ZERO;
        const r = x.shape.length;
        const shape = x.shape.map((d, k) => d + pads[k]! + pads[k + r]!);
        const data: T[] = [];
        for (let f = 0; f < prod(shape); f++) {
          const idx = unflat(f, shape).map((i, k) => i - pads[k]!);
          data.push(idx.every((i, k) => i >= 0 && i < x.shape[k]!) ? x.data[flat(idx, x.shape)]! : ar.constant(value));
        }
        return [{ shape, data }];
      }
      case 'Slice': {
        // Direct definition: index i of axis a is kept when it is start, start + step, … before end.
        const starts = ints(ins[1]!);
        const ends = ints(ins[2]!);
        const axes = ins[3] ? ints(ins[3]) : starts.map((_, k) => k);
        const steps = ins[4] ? ints(ins[4]) : starts.map(() => 1);
        const lists = x.shape.map((d) => Array.from({ length: d }, (_, i) => i));
        axes.forEach((a0, k) => {
          const a = a0 < 0 ? a0 + x.shape.length : a0;
          const d = x.shape[a]!;
          const step = steps[k]!;
          let s = starts[k]! < 0 ? starts[k]! + d : starts[k]!;
          let e = ends[k]! < 0 ? ends[k]! + d : ends[k]!;
          if (step > 0) {
            s = Math.min(Math.max(s, 0), d);
            e = Math.min(Math.max(e, 0), d);
          } else {
            // The spec clamps a negative-step start to [0, d − 1] and its end to [−1, d − 1].
            s = Math.min(Math.max(s, 0), d - 1);
            e = Math.min(Math.max(e, -1), d - 1);
          }
          const list: number[] = [];
          for (let i = s; step > 0 ? i < e : i > e; i += step) list.push(i);
          lists[a] = list;
        });
        const shape = lists.map((l) => l.length);
        const data: T[] = [];
        for (let f = 0; f < prod(shape); f++) data.push(x.data[flat(unflat(f, shape).map((i, k) => lists[k]![i]!), x.shape)]!);
        return [{ shape, data }];
      }
      case 'Split': {
        const axis = attrInt(node, 'axis', 0);
        const sizes = ins[1] ? ints(ins[1]) : attrInts(node, 'split')!;
        let from = 0;
        return sizes.map((s) => {
          const shape = [...x.shape];
          shape[axis] = s;
          const data: T[] = [];
          for (let f = 0; f < prod(shape); f++) {
            const idx = unflat(f, shape);
            idx[axis] = idx[axis]! + from;
            data.push(x.data[flat(idx, x.shape)]!);
          }
          from += s;
          return { shape, data };
        });
      }
      default:
        throw new Error(`reference: op ${node.opType}`);
    }
  }

  function binary(op: string, a: Nd<T>, b: Nd<T>): Nd<T> {
    // Broadcasting of b (a constant) against a, numpy style, by index arithmetic.
    const rank = Math.max(a.shape.length, b.shape.length);
    const pa = [...new Array<number>(rank - a.shape.length).fill(1), ...a.shape];
    const pb = [...new Array<number>(rank - b.shape.length).fill(1), ...b.shape];
    const shape = pa.map((d, k) => Math.max(d, pb[k]!));
    const at = (t: Nd<T>, p: number[], idx: number[]): number => flat(idx.map((i, k) => (p[k] === 1 ? 0 : i)), p);
    const data: T[] = [];
    for (let f = 0; f < prod(shape); f++) {
      const idx = unflat(f, shape);
      const x = a.data[at(a, pa, idx)]!;
      const yq = b.exact?.[at(b, pb, idx)];
      const y = b.data[at(b, pb, idx)]!;
      if (op === 'Add') data.push(ar.add(x, y));
      else if (op === 'Sub') data.push(ar.add(x, ar.scale(y, ratio(-1n))));
      else if (op === 'Mul') data.push(ar.scale(x, yq!));
      else data.push(ar.scale(x, ONE.div(yq!)));
    }
    return { shape, data };
  }

  function matmul(a: Nd<T>, b: Nd<T>): Nd<T> {
    const [m, k] = a.shape.length === 1 ? [1, a.shape[0]!] : [a.shape[0]!, a.shape[1]!];
    const n = b.shape[1]!;
    const data: T[] = [];
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let acc = ar.constant(ZERO);
        for (let q = 0; q < k; q++) acc = ar.add(acc, ar.scale(a.data[i * k + q]!, b.exact![q * n + j]!));
        data.push(acc);
      }
    }
    return { shape: a.shape.length === 1 ? [n] : [m, n], data };
  }

  function permute(t: Nd<T>, perm: number[]): Nd<T> {
    const shape = perm.map((p) => t.shape[p]!);
    const st = stridesOf(t.shape);
    const data: T[] = [];
    const exact: Fraction[] = [];
    for (let f = 0; f < prod(shape); f++) {
      const idx = unflat(f, shape);
      let src = 0;
      perm.forEach((p, k) => (src += idx[k]! * st[p]!));
      data.push(t.data[src]!);
      if (t.exact) exact.push(t.exact[src]!);
    }
    return { shape, data, ...(t.exact ? { exact } : {}) };
  }

  /** 2-D geometry of a window op; a 1-D op is viewed as 2-D with height 1. */
  function geometry(node: OnnxTypes.INodeProto, inH: number, inW: number, kH: number, kW: number, oneD: boolean) {
    const lift = (v: number[] | undefined, d: number, pads = false): number[] => {
      if (v === undefined) return pads ? [0, 0, 0, 0] : [d, d];
      if (!oneD) return v;
      return pads ? [0, v[0]!, 0, v[1]!] : [d, v[0]!];
    };
    const [sH, sW] = lift(attrInts(node, 'strides'), 1);
    const [dH, dW] = lift(attrInts(node, 'dilations'), 1);
    let [pT, pL, pB, pR] = lift(attrInts(node, 'pads'), 0, true);
    const autoPad = attr(node, 'auto_pad')?.s ? new TextDecoder().decode(attr(node, 'auto_pad')!.s!) : 'NOTSET';
    if (autoPad === 'SAME_UPPER' || autoPad === 'SAME_LOWER') {
      const total = (i: number, s: number, k: number, d: number): number => Math.max(0, (Math.ceil(i / s) - 1) * s + (k - 1) * d + 1 - i);
      const tH = total(inH, sH!, kH, dH!);
      const tW = total(inW, sW!, kW, dW!);
      const lower = autoPad === 'SAME_LOWER';
      pT = lower ? Math.ceil(tH / 2) : Math.floor(tH / 2);
      pL = lower ? Math.ceil(tW / 2) : Math.floor(tW / 2);
      pB = tH - pT;
      pR = tW - pL;
    }
    const oH = Math.floor((inH + pT! + pB! - (kH - 1) * dH! - 1) / sH!) + 1;
    const oW = Math.floor((inW + pL! + pR! - (kW - 1) * dW! - 1) / sW!) + 1;
    return { sH: sH!, sW: sW!, dH: dH!, dW: dW!, pT: pT!, pL: pL!, oH, oW };
  }

  function convolution(node: OnnxTypes.INodeProto, x: Nd<T>, w: Nd<T>, b: Nd<T> | undefined): Nd<T> {
    const oneD = x.shape.length === 3;
    const [, c, inH, inW] = oneD ? [1, x.shape[1]!, 1, x.shape[2]!] : x.shape;
    const [m, cg, kH, kW] = oneD ? [w.shape[0]!, w.shape[1]!, 1, w.shape[2]!] : w.shape;
    const group = attrInt(node, 'group', 1);
    const G = geometry(node, inH!, inW!, kH!, kW!, oneD);
    const W = w.exact!;
    const data: T[] = [];
    for (let oc = 0; oc < m!; oc++) {
      const g = Math.floor(oc / (m! / group));
      for (let oy = 0; oy < G.oH; oy++) {
        for (let ox = 0; ox < G.oW; ox++) {
          let acc = ar.constant(b ? b.exact![oc]! : ZERO);
          for (let ci = 0; ci < cg!; ci++) {
            for (let ky = 0; ky < kH!; ky++) {
              for (let kx = 0; kx < kW!; kx++) {
                const iy = oy * G.sH + ky * G.dH - G.pT;
                const ix = ox * G.sW + kx * G.dW - G.pL;
                if (iy < 0 || iy >= inH! || ix < 0 || ix >= inW!) continue;
                const weight = W[((oc * cg! + ci) * kH! + ky) * kW! + kx]!;
                acc = ar.add(acc, ar.scale(x.data[((g * cg! + ci) * inH! + iy) * inW! + ix]!, weight));
              }
            }
          }
          data.push(acc);
        }
      }
    }
    void c;
    return { shape: oneD ? [1, m!, G.oW] : [1, m!, G.oH, G.oW], data };
  }

  /**
   * ConvTranspose by its gather form: out[oc, o] = B[oc] + Σ W[c, m, k] · X[c, i] over the
   * input positions i with i·s + k·d − pad = o (so (o + pad − k·d) must be a multiple of s).
   */
  function transposedConvolution(node: OnnxTypes.INodeProto, x: Nd<T>, w: Nd<T>, b: Nd<T> | undefined): Nd<T> {
    const oneD = x.shape.length === 3;
    const [, c, inH, inW] = oneD ? [1, x.shape[1]!, 1, x.shape[2]!] : x.shape;
    const [, mg, kH, kW] = oneD ? [w.shape[0]!, w.shape[1]!, 1, w.shape[2]!] : w.shape;
    const group = attrInt(node, 'group', 1);
    const lift = (v: number[] | undefined, d: number, n: number): number[] => (v === undefined ? new Array<number>(n).fill(d) : oneD ? (n === 2 ? [d, v[0]!] : [0, v[0]!, 0, v[1]!]) : v);
    const [sH, sW] = lift(attrInts(node, 'strides'), 1, 2);
    const [dH, dW] = lift(attrInts(node, 'dilations'), 1, 2);
    const [opH, opW] = lift(attrInts(node, 'output_padding'), 0, 2);
    const [pT, pL, pB, pR] = lift(attrInts(node, 'pads'), 0, 4);
    const oH = sH! * (inH! - 1) + opH! + (kH! - 1) * dH! + 1 - pT! - pB!;
    const oW = sW! * (inW! - 1) + opW! + (kW! - 1) * dW! + 1 - pL! - pR!;
    const cg = c! / group;
    const data: T[] = [];
    for (let oc = 0; oc < mg! * group; oc++) {
      const g = Math.floor(oc / mg!);
      const mm = oc % mg!;
      for (let oy = 0; oy < oH; oy++) {
        for (let ox = 0; ox < oW; ox++) {
          let acc = ar.constant(b ? b.exact![oc]! : ZERO);
          for (let ci = g * cg; ci < (g + 1) * cg; ci++) {
            for (let ky = 0; ky < kH!; ky++) {
              for (let kx = 0; kx < kW!; kx++) {
                const ty = oy + pT! - ky * dH!;
                const tx = ox + pL! - kx * dW!;
                if (ty % sH! !== 0 || tx % sW! !== 0) continue;
                const iy = ty / sH!;
                const ix = tx / sW!;
                if (iy < 0 || iy >= inH! || ix < 0 || ix >= inW!) continue;
                acc = ar.add(acc, ar.scale(x.data[(ci * inH! + iy) * inW! + ix]!, w.exact![((ci * mg! + mm) * kH! + ky) * kW! + kx]!));
              }
            }
          }
          data.push(acc);
        }
      }
    }
    return { shape: oneD ? [1, mg! * group, oW] : [1, mg! * group, oH, oW], data };
  }

  function pool(node: OnnxTypes.INodeProto, x: Nd<T>): Nd<T> {
    const oneD = x.shape.length === 3;
    const [, c, inH, inW] = oneD ? [1, x.shape[1]!, 1, x.shape[2]!] : x.shape;
    const kernel = attrInts(node, 'kernel_shape')!;
    const [kH, kW] = oneD ? [1, kernel[0]!] : kernel;
    const G = geometry(node, inH!, inW!, kH!, kW!, oneD);
    const includePad = attrInt(node, 'count_include_pad', 0) !== 0;
    const data: T[] = [];
    for (let ch = 0; ch < c!; ch++) {
      for (let oy = 0; oy < G.oH; oy++) {
        for (let ox = 0; ox < G.oW; ox++) {
          const window: T[] = [];
          for (let ky = 0; ky < kH!; ky++) {
            for (let kx = 0; kx < kW!; kx++) {
              const iy = oy * G.sH + ky * G.dH - G.pT;
              const ix = ox * G.sW + kx * G.dW - G.pL;
              if (iy < 0 || iy >= inH! || ix < 0 || ix >= inW!) continue;
              window.push(x.data[(ch * inH! + iy) * inW! + ix]!);
            }
          }
          if (node.opType === 'MaxPool') {
            data.push(window.reduce((p, q) => ar.max(p, q)));
          } else {
            const count = includePad ? kH! * kW! : window.length;
            data.push(ar.scale(window.reduce((p, q) => ar.add(p, q)), ratio(1n, BigInt(count))));
          }
        }
      }
    }
    return { shape: oneD ? [1, c!, G.oW] : [1, c!, G.oH, G.oW], data };
  }
}
