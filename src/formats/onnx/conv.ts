/**
 * Conv (1-D, 2-D, or more spatial axes; pads, strides, dilations, group, bias; NCHW) as an exact
 * sparse affine map: output[m, o] = B[m] + Σ_{c in m's group, k} W[m, c, k] · X[g·C/group + c, tap(o, k)],
 * taps on padding contributing 0. Each output form has at most (C/group)·Πkernel terms, so the
 * layer it ends up in keeps only the convolution's nonzeros.
 */
import type Fraction from 'fraction.js';
import { ONE } from '../../exact/rational.js';
import { type NodeContext, checkElements } from './context.js';
import { spatialGeometry, spatialInput } from './spatial.js';
import { Accumulator, type Element, type Tensor } from './tensor.js';

export function conv(ctx: NodeContext, x: Tensor, w: Tensor, b: Tensor | undefined): Tensor {
  if (w.generation !== undefined) throw ctx.failAt('unsupported', 'W', 'the weights must be constant, not computed from the network input');
  if (b !== undefined && b.generation !== undefined) throw ctx.failAt('unsupported', 'B', 'the bias must be constant, not computed from the network input');
  const generation = ctx.generationOf(x);
  const { channels, input } = spatialInput(ctx, x);
  const r = input.length;
  if (w.shape.length !== r + 2) throw ctx.failAt('dimension', 'W', `weights of shape [${w.shape.join(', ')}] do not fit an input with ${r} spatial axes (rank ${r + 2} needed)`);
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
  const geo = spatialGeometry(ctx, channels, input, kernel);
  checkElements(ctx, m * geo.outputCount, 'the convolution output');
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
