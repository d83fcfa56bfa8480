/**
 * Conv (1-D, 2-D, or more spatial axes; pads, strides, dilations, group, bias; NCHW) as an exact
 * sparse affine map: output[m, o] = B[m] + Σ_{c in m's group, k} W[m, c, k] · X[g·C/group + c, tap(o, k)],
 * taps on padding contributing 0. Each output form has at most (C/group)·Πkernel terms, so the
 * layer it ends up in keeps only the convolution's nonzeros.
 */
import type Fraction from 'fraction.js';
import { ONE } from '../../exact/rational.js';
import { MAX_MATMUL_STEPS, type NodeContext, checkElements } from './context.js';
import { spatialGeometry, spatialInput } from './spatial.js';
import { Accumulator, type Element, type Tensor } from './tensor.js';

/** What Conv and ConvTranspose check first: constant weights and bias, weights of rank spatial axes + 2. */
function kernelInput(ctx: NodeContext, x: Tensor, w: Tensor, b: Tensor | undefined): { generation: number | undefined; channels: number; input: number[]; r: number } {
  if (w.generation !== undefined) throw ctx.failAt('unsupported', 'W', 'the weights must be constant, not computed from the network input');
  if (b !== undefined && b.generation !== undefined) throw ctx.failAt('unsupported', 'B', 'the bias must be constant, not computed from the network input');
  const generation = ctx.generationOf(x);
  const { channels, input } = spatialInput(ctx, x);
  const r = input.length;
  if (w.shape.length !== r + 2) throw ctx.failAt('dimension', 'W', `weights of shape [${w.shape.join(', ')}] do not fit an input with ${r} spatial axes (rank ${r + 2} needed)`);
  return { generation, channels, input: [...input], r };
}

/**
 * The multiply-adds a convolution takes, bounded as MatMul's are ({@link MAX_MATMUL_STEPS}): a
 * weight tensor of a few megabytes on a large input would otherwise run for hours before memory
 * runs out.
 */
function checkSteps(ctx: NodeContext, steps: number): void {
  if (steps > MAX_MATMUL_STEPS) throw ctx.fail('unsupported', `the convolution would take ${steps} multiply-adds; at most ${MAX_MATMUL_STEPS} are supported`);
}

/** Conv of `x` by constant weights `w` and optional bias `b` (see the module comment). */
export function conv(ctx: NodeContext, x: Tensor, w: Tensor, b: Tensor | undefined): Tensor {
  const { generation, channels, input, r } = kernelInput(ctx, x, w, b);
  const group = ctx.int('group', 1);
  const m = w.shape[0] as number;
  const perGroup = w.shape[1] as number;
  const kernel = w.shape.slice(2);
  if (group < 1) throw ctx.failAt('range', 'group', `group = ${group}; at least 1 is needed`);
  if (perGroup * group !== channels) {
    throw ctx.failAt('dimension', 'W', `inconsistent channel counts: the input has ${channels} channels, the weights [${w.shape.join(', ')}] with group = ${group} expect ${perGroup * group}`);
  }
  if (m % group !== 0) throw ctx.failAt('dimension', 'group', `${m} output channels are not divisible by group = ${group}`);
  const declared = ctx.ints('kernel_shape');
  if (declared !== undefined && (declared.length !== r || declared.some((k, a) => k !== kernel[a]))) {
    throw ctx.failAt('dimension', 'kernel_shape', `kernel_shape [${declared.join(', ')}] does not match the weights [${w.shape.join(', ')}]`);
  }
  if (b !== undefined && (b.shape.length !== 1 || b.shape[0] !== m)) throw ctx.failAt('dimension', 'B', `bias of shape [${b.shape.join(', ')}]; [${m}] is needed`);
  const geo = spatialGeometry(ctx, channels, input, kernel, (outputs, taps) => {
    checkElements(ctx, m * outputs, 'the convolution output');
    checkSteps(ctx, m * outputs * perGroup * taps);
  });
  const inSize = input.reduce((p, s) => p * s, 1);
  const outPerGroup = m / group;
  const data = new Array<Element>(m * geo.outputCount);
  for (let oc = 0; oc < m; oc++) {
    const g = Math.floor(oc / outPerGroup);
    for (let o = 0; o < geo.outputCount; o++) {
      const acc = new Accumulator();
      for (let c = 0; c < perGroup; c++) {
        const inBase = (g * perGroup + c) * inSize;
        const wBase = (oc * perGroup + c) * geo.tapCount;
        for (let k = 0; k < geo.tapCount; k++) {
          const at = geo.taps[o * geo.tapCount + k] as number;
          if (at < 0) continue;
          acc.addScaled(x.data[inBase + at] as Element, w.data[wBase + k] as Fraction);
        }
      }
      if (b !== undefined) acc.addScaled(b.data[oc] as Fraction, ONE);
      data[oc * geo.outputCount + o] = acc.freeze();
    }
  }
  return { shape: [1, m, ...geo.output], data, generation, elemType: x.elemType };
}

/**
 * ConvTranspose (the adjoint of Conv): every input position i scatters W[c, m, k] · X[c, i] to
 * output position i·s + k·d − pad_begin. Output size per axis:
 * s·(S − 1) + output_padding + (k − 1)·d + 1 − pad_begin − pad_end. Explicit pads or VALID only
 * (SAME_* and output_shape are refused).
 */
export function convTranspose(ctx: NodeContext, x: Tensor, w: Tensor, b: Tensor | undefined): Tensor {
  const { generation, channels, input, r } = kernelInput(ctx, x, w, b);
  const group = ctx.int('group', 1);
  if (group < 1) throw ctx.failAt('range', 'group', `group = ${group}; at least 1 is needed`);
  if (w.shape[0] !== channels) throw ctx.failAt('dimension', 'W', `inconsistent channel counts: the input has ${channels} channels, the weights [${w.shape.join(', ')}] expect ${w.shape[0]}`);
  if (channels % group !== 0) throw ctx.failAt('dimension', 'group', `${channels} input channels are not divisible by group = ${group}`);
  const perGroup = w.shape[1] as number;
  const m = perGroup * group;
  const kernel = w.shape.slice(2);
  const declared = ctx.ints('kernel_shape');
  if (declared !== undefined && (declared.length !== r || declared.some((k, a) => k !== kernel[a]))) {
    throw ctx.failAt('dimension', 'kernel_shape', `kernel_shape [${declared.join(', ')}] does not match the weights [${w.shape.join(', ')}]`);
  }
  if (b !== undefined && (b.shape.length !== 1 || b.shape[0] !== m)) throw ctx.failAt('dimension', 'B', `bias of shape [${b.shape.join(', ')}]; [${m}] is needed`);
  if (ctx.attribute('output_shape') !== undefined) throw ctx.failAt('unsupported', 'output_shape', 'output_shape is not supported (give pads and output_padding)');
  const autoPad = ctx.string('auto_pad', 'NOTSET');
  if (autoPad !== 'NOTSET' && autoPad !== 'VALID') throw ctx.failAt('unsupported', 'auto_pad', `auto_pad "${autoPad}" is not supported for ConvTranspose (NOTSET, VALID are)`);
  const axisInts = (name: string, fallback: number, min: number): number[] => {
    const v = ctx.ints(name) ?? new Array<number>(name === 'pads' ? 2 * r : r).fill(fallback);
    if (v.length !== (name === 'pads' ? 2 * r : r)) throw ctx.failAt('dimension', name, `has ${v.length} entries for ${r} spatial axes`);
    v.forEach((q, k) => {
      if (q < min) throw ctx.failAt('range', name, `${name}[${k}] = ${q}; at least ${min} is needed`);
    });
    return v;
  };
  const strides = axisInts('strides', 1, 1);
  const dilations = axisInts('dilations', 1, 1);
  const pads = autoPad === 'VALID' ? new Array<number>(2 * r).fill(0) : axisInts('pads', 0, 0);
  const outputPadding = axisInts('output_padding', 0, 0);
  const output = input.map((s, a) => (strides[a] as number) * (s - 1) + (outputPadding[a] as number) + ((kernel[a] as number) - 1) * (dilations[a] as number) + 1 - (pads[a] as number) - (pads[a + r] as number));
  output.forEach((o, a) => {
    if (o < 1) throw ctx.failAt('dimension', 'pads', `the output of spatial axis ${a} would have size ${o}`);
  });
  const outCount = output.reduce((p, s) => p * s, 1);
  const inCount = input.reduce((p, s) => p * s, 1);
  const tapCount = kernel.reduce((p, s) => p * s, 1);
  checkElements(ctx, m * outCount, 'the transposed convolution output');
  checkSteps(ctx, inCount * tapCount * channels * perGroup);
  const acc = Array.from({ length: m * outCount }, () => new Accumulator());
  const inGroup = channels / group;
  const i = new Array<number>(r).fill(0);
  const k = new Array<number>(r).fill(0);
  for (let fi = 0; fi < inCount; fi++) {
    k.fill(0);
    for (let fk = 0; fk < tapCount; fk++) {
      let fo = 0;
      for (let a = 0; a < r; a++) {
        const o = (i[a] as number) * (strides[a] as number) + (k[a] as number) * (dilations[a] as number) - (pads[a] as number);
        if (o < 0 || o >= (output[a] as number)) {
          fo = -1;
          break;
        }
        fo = fo * (output[a] as number) + o;
      }
      if (fo >= 0) {
        for (let c = 0; c < channels; c++) {
          const g = Math.floor(c / inGroup);
          const xe = x.data[c * inCount + fi] as Element;
          for (let mm = 0; mm < perGroup; mm++) {
            (acc[(g * perGroup + mm) * outCount + fo] as Accumulator).addScaled(xe, w.data[(c * perGroup + mm) * tapCount + fk] as Fraction);
          }
        }
      }
      for (let a = r - 1; a >= 0; a--) {
        k[a] = (k[a] as number) + 1;
        if ((k[a] as number) < (kernel[a] as number)) break;
        k[a] = 0;
      }
    }
    for (let a = r - 1; a >= 0; a--) {
      i[a] = (i[a] as number) + 1;
      if ((i[a] as number) < (input[a] as number)) break;
      i[a] = 0;
    }
  }
  if (b !== undefined) for (let oc = 0; oc < m; oc++) for (let o = 0; o < outCount; o++) (acc[oc * outCount + o] as Accumulator).addScaled(b.data[oc] as Fraction, ONE);
  return { shape: [1, m, ...output], data: acc.map((a) => a.freeze()), generation, elemType: x.elemType };
}
