/**
 * The geometry shared by Conv and the pools: an NCHW-style input [1, C, S1 … Sr] (r = 1 or 2, or
 * more), kernel, strides, dilations and pads (explicit or by auto_pad), and for every output
 * position the input position under each kernel tap (or none, where the tap falls on padding).
 * Output size per axis: ⌊(S + pad_begin + pad_end − ((k − 1)·d + 1)) / s⌋ + 1 (ONNX Conv, floor mode).
 */
import type { NodeContext } from './context.js';
import type { Tensor } from './tensor.js';
import { product } from './tensor.js';

/** Where each kernel tap of each output position reads, flattened. */
export interface SpatialGeometry {
  /** Input channels C. */
  readonly channels: number;
  /** Input spatial size S1 … Sr. */
  readonly input: readonly number[];
  readonly kernel: readonly number[];
  /** Output spatial size. */
  readonly output: readonly number[];
  /** Number of output positions (Π output) and of kernel taps (Π kernel). */
  readonly outputCount: number;
  readonly tapCount: number;
  /** taps[o·tapCount + k]: flat input spatial index read by tap k at output position o, or −1 on padding. */
  readonly taps: Int32Array;
}

/**
 * Checks that `x` is [1, C, S…] with at least one spatial axis; names the node and field in errors.
 * A batch other than 1 is refused: the network model has one input vector.
 */
export function spatialInput(ctx: NodeContext, x: Tensor, field = 'X'): { channels: number; input: number[] } {
  if (x.shape.length < 3) throw ctx.failAt('dimension', field, `expects an input [N, C, spatial…] of rank ≥ 3, got [${x.shape.join(', ')}]`);
  if (x.shape[0] !== 1) throw ctx.failAt('dimension', field, `batch dimension N = ${x.shape[0]}; only N = 1 is supported`);
  return { channels: x.shape[1] as number, input: x.shape.slice(2) };
}

/** An ints attribute of length r (or the default), every entry at least `min`. */
function spatialInts(ctx: NodeContext, name: string, r: number, fallback: number, min: number): number[] {
  const v = ctx.ints(name) ?? new Array<number>(r).fill(fallback);
  if (v.length !== r) throw ctx.failAt('dimension', name, `has ${v.length} entries; ${r} spatial axes need ${r}`);
  v.forEach((x, k) => {
    if (x < min) throw ctx.failAt('range', name, `${name}[${k}] = ${x}; at least ${min} is needed`);
  });
  return v;
}

/**
 * The geometry of a window op on input spatial size `input` with the given kernel. Reads strides,
 * dilations, pads and auto_pad (NOTSET, VALID, SAME_UPPER, SAME_LOWER); `ceil_mode` = 1 only where it
 * gives the floor-mode size (the stride divides S + pads − span on every axis), else refused.
 */
export function spatialGeometry(
  ctx: NodeContext,
  channels: number,
  input: readonly number[],
  kernel: readonly number[],
  /** Checks the work the caller will do, before the taps (up to 2^28 of them) are laid out. */
  checkWork?: (outputCount: number, tapCount: number) => void,
): SpatialGeometry {
  const r = input.length;
  const strides = spatialInts(ctx, 'strides', r, 1, 1);
  const dilations = spatialInts(ctx, 'dilations', r, 1, 1);
  const ceilMode = ctx.int('ceil_mode', 0) !== 0;
  const autoPad = ctx.string('auto_pad', 'NOTSET');
  const begin = new Array<number>(r).fill(0);
  const end = new Array<number>(r).fill(0);
  const span = kernel.map((k, a) => (k - 1) * (dilations[a] as number) + 1);
  switch (autoPad) {
    case 'NOTSET': {
      const pads = ctx.ints('pads') ?? new Array<number>(2 * r).fill(0);
      if (pads.length !== 2 * r) throw ctx.failAt('dimension', 'pads', `has ${pads.length} entries; ${r} spatial axes need ${2 * r}`);
      pads.forEach((p, k) => {
        if (p < 0) throw ctx.failAt('range', 'pads', `pads[${k}] = ${p}; negative pads are not supported`);
      });
      for (let a = 0; a < r; a++) {
        begin[a] = pads[a] as number;
        end[a] = pads[a + r] as number;
      }
      break;
    }
    case 'VALID':
      break;
    case 'SAME_UPPER':
    case 'SAME_LOWER':
      for (let a = 0; a < r; a++) {
        const s = strides[a] as number;
        const out = Math.ceil((input[a] as number) / s);
        const total = Math.max(0, (out - 1) * s + (span[a] as number) - (input[a] as number));
        begin[a] = autoPad === 'SAME_LOWER' ? Math.ceil(total / 2) : Math.floor(total / 2);
        end[a] = total - (begin[a] as number);
      }
      break;
    default:
      throw ctx.failAt('unsupported', 'auto_pad', `auto_pad "${autoPad}" is not supported (NOTSET, VALID, SAME_UPPER, SAME_LOWER are)`);
  }
  const output = input.map((s, a) => Math.floor((s + (begin[a] as number) + (end[a] as number) - (span[a] as number)) / (strides[a] as number)) + 1);
  // ceil_mode adds a last, partial window wherever the stride does not divide the span left:
  // the same windows as floor mode where it does. The partial windows are not lowered.
  if (ceilMode) {
    input.forEach((s, a) => {
      const rest = s + (begin[a] as number) + (end[a] as number) - (span[a] as number);
      if (rest >= 0 && rest % (strides[a] as number) !== 0) {
        throw ctx.failAt('unsupported', 'ceil_mode', `ceil_mode = 1 would add a partial window on spatial axis ${a} (size ${s}, pads ${begin[a]} + ${end[a]}, span ${span[a]}, stride ${strides[a]}); only sizes where it equals floor mode are supported`);
      }
    });
  }
  output.forEach((o, a) => {
    if (o < 1) throw ctx.failAt('dimension', 'kernel_shape', `the kernel (span ${span[a]}) does not fit spatial axis ${a} of size ${input[a]} with its pads`);
  });
  const outputCount = product(output);
  const tapCount = product(kernel);
  if (outputCount * tapCount > 2 ** 28) throw ctx.fail('unsupported', `${outputCount} output positions × ${tapCount} kernel taps is too large`);
  checkWork?.(outputCount, tapCount);
  const taps = new Int32Array(outputCount * tapCount);
  const o = new Array<number>(r).fill(0);
  const k = new Array<number>(r).fill(0);
  for (let of = 0; of < outputCount; of++) {
    k.fill(0);
    for (let kf = 0; kf < tapCount; kf++) {
      let flat = 0;
      for (let a = 0; a < r; a++) {
        const i = (o[a] as number) * (strides[a] as number) + (k[a] as number) * (dilations[a] as number) - (begin[a] as number);
        if (i < 0 || i >= (input[a] as number)) {
          flat = -1;
          break;
        }
        flat = flat * (input[a] as number) + i;
      }
      taps[of * tapCount + kf] = flat;
      for (let a = r - 1; a >= 0; a--) {
        k[a] = (k[a] as number) + 1;
        if ((k[a] as number) < (kernel[a] as number)) break;
        k[a] = 0;
      }
    }
    for (let a = r - 1; a >= 0; a--) {
      o[a] = (o[a] as number) + 1;
      if ((o[a] as number) < (output[a] as number)) break;
      o[a] = 0;
    }
  }
  return { channels, input, kernel, output, outputCount, tapCount, taps };
}

/** The kernel_shape attribute (required by the pools), checked against the input's rank. */
export function kernelShape(ctx: NodeContext, r: number): number[] {
  const k = ctx.ints('kernel_shape');
  if (k === undefined) throw ctx.failAt('parse', 'kernel_shape', 'kernel_shape is required');
  if (k.length !== r) throw ctx.failAt('dimension', 'kernel_shape', `has ${k.length} entries; the input has ${r} spatial axes`);
  k.forEach((x, a) => {
    if (x < 1) throw ctx.failAt('range', 'kernel_shape', `kernel_shape[${a}] = ${x}; at least 1 is needed`);
  });
  return k;
}
