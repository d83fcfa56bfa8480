/**
 * Pooling. AveragePool and GlobalAveragePool are affine (a window's sum times 1/count, exactly).
 * MaxPool is not affine; it is lowered exactly as a tournament of max2 gadgets from the
 * construction library (Huybrechs `ann_max2`, src/construct/gadgets.ts):
 * max(a, b) = relu(a − b) + relu(b) − relu(−b). Each round of the tournament is one ReLU layer:
 * every window's candidates are paired, a lone candidate is carried by the pass-through pair
 * x = relu(x) − relu(−x), and a constant candidate needs no unit (max(f, c) = c + relu(f − c)).
 * A window of K taps takes ⌈log2 K⌉ ReLU layers. Padded taps are −∞ for MaxPool (left out) and
 * are counted for AveragePool only with count_include_pad = 1.
 */
import type Fraction from 'fraction.js';
import { max2Gadget } from '../../construct/gadgets.js';
import { ONE, ZERO, ratio } from '../../exact/rational.js';
import { type Layer, weightAt } from '../../network/model.js';
import { type NodeContext, checkElements } from './context.js';
import { closeReluLayer } from './relu.js';
import { kernelShape, spatialGeometry, spatialInput } from './spatial.js';
import { Accumulator, AffineForm, type Element, MINUS_ONE, type Tensor, combine } from './tensor.js';

/**
 * Windows overlap: a large kernel at stride 1 on a large input holds far more elements than the
 * input (a file without any weights could exhaust memory). Checked before the taps are laid out.
 */
function checkWindows(ctx: NodeContext, channels: number): (outputs: number, taps: number) => void {
  return (outputs, taps) => checkElements(ctx, channels * outputs * taps, 'the pooling windows together');
}

/** AveragePool: the mean of each window (padding counted only with count_include_pad = 1). */
export function averagePool(ctx: NodeContext, x: Tensor): Tensor {
  const { channels, input } = spatialInput(ctx, x);
  const geo = spatialGeometry(ctx, channels, input, kernelShape(ctx, input.length), checkWindows(ctx, channels));
  const includePad = ctx.int('count_include_pad', 0) !== 0;
  const data = poolWindows(ctx, x, channels, input, geo).map((window) => {
    const count = includePad ? geo.tapCount : window.length;
    return combine(window.map((e) => [e, ratio(1n, BigInt(count))] as const));
  });
  return { shape: [1, channels, ...geo.output], data, generation: x.generation, elemType: x.elemType };
}

/**
 * The elements of every output window, channel by channel, padded taps left out (the caller
 * decides what they count for).
 * @throws InputError when a window lies entirely in the padding.
 */
function poolWindows(ctx: NodeContext, x: Tensor, channels: number, input: readonly number[], geo: ReturnType<typeof spatialGeometry>): Element[][] {
  const inSize = input.reduce((p, s) => p * s, 1);
  checkElements(ctx, channels * geo.outputCount, 'the pooled output');
  const windows: Element[][] = [];
  for (let c = 0; c < channels; c++) {
    for (let o = 0; o < geo.outputCount; o++) {
      const window: Element[] = [];
      for (let k = 0; k < geo.tapCount; k++) {
        const at = geo.taps[o * geo.tapCount + k] as number;
        if (at >= 0) window.push(x.data[c * inSize + at] as Element);
      }
      if (window.length === 0) throw ctx.fail('dimension', 'an output window lies entirely in the padding');
      windows.push(window);
    }
  }
  return windows;
}

/** GlobalAveragePool: the mean over all spatial positions of each channel; output [1, C, 1 …]. */
export function globalAveragePool(ctx: NodeContext, x: Tensor): Tensor {
  const { channels, input } = spatialInput(ctx, x);
  const inSize = input.reduce((p, s) => p * s, 1);
  const share = ratio(1n, BigInt(inSize));
  const data: Element[] = [];
  for (let c = 0; c < channels; c++) {
    const acc = new Accumulator();
    for (let i = 0; i < inSize; i++) acc.addScaled(x.data[c * inSize + i] as Element, share);
    data.push(acc.freeze());
  }
  return { shape: [1, channels, ...input.map(() => 1)], data, generation: x.generation, elemType: x.elemType };
}

/** MaxPool (output Y only; the Indices output is refused). */
export function maxPool(ctx: NodeContext, x: Tensor): Tensor {
  if ((ctx.node.output ?? []).filter((o) => o !== '').length > 1) throw ctx.failAt('unsupported', 'Indices', 'the Indices output of MaxPool is not supported');
  if (x.generation !== undefined && x.generation !== ctx.state.generation) throw ctx.skipConnection();
  const { channels, input } = spatialInput(ctx, x);
  const geo = spatialGeometry(ctx, channels, input, kernelShape(ctx, input.length), checkWindows(ctx, channels));
  let candidates: Element[][] = poolWindows(ctx, x, channels, input, geo);
  let generation = x.generation;
  while (candidates.some((w) => w.length > 1)) {
    const round = tournamentRound(candidates);
    if (round.units.length === 0) {
      candidates = round.next.map((w) => w.map((e) => e as Element));
      continue;
    }
    const vars = closeReluLayer(ctx, round.units);
    generation = ctx.state.generation;
    candidates = round.next.map((w) => w.map((e) => resolve(e, vars)));
  }
  return { shape: [1, channels, ...geo.output], data: candidates.map((w) => w[0] as Element), generation, elemType: x.elemType };
}

/** A candidate after a round: a constant, or Σ weight·unit + constant over the round's ReLU units. */
type Pending = Fraction | { readonly units: readonly (readonly [number, Fraction])[]; readonly constant: Fraction };

const MAX2 = max2Gadget();
const MAX2_HIDDEN = MAX2.layers[0] as Layer;
const MAX2_OUT = MAX2.layers[1] as Layer;

/** One tournament round over every window: the ReLU units to add and each window's new candidates. */
function tournamentRound(windows: readonly (readonly Element[])[]): { units: Element[]; next: Pending[][] } {
  const units: Element[] = [];
  const unit = (e: Element): number => units.push(e) - 1;
  const next = windows.map((w) => {
    const out: Pending[] = [];
    // A window already decided to one form still has to cross the layer: a pass-through pair.
    for (let i = 0; i < w.length; i += 2) {
      const a = w[i] as Element;
      const b = w[i + 1];
      if (b === undefined) {
        if (a instanceof AffineForm) {
          out.push({ units: [[unit(a), ONE], [unit(combine([[a, MINUS_ONE]])), MINUS_ONE]], constant: ZERO });
        } else {
          out.push(a);
        }
      } else if (!(a instanceof AffineForm) && !(b instanceof AffineForm)) {
        out.push(a.compare(b) >= 0 ? a : b);
      } else if (!(b instanceof AffineForm) || !(a instanceof AffineForm)) {
        // max(f, c) = c + relu(f − c) for a constant c.
        const [f, c] = b instanceof AffineForm ? [b, a as Fraction] : [a, b as Fraction];
        out.push({ units: [[unit(combine([[f, ONE], [c, MINUS_ONE]])), ONE]], constant: c });
      } else {
        // The max2 gadget's hidden rows applied to (a, b), its output row combining them.
        const ids = MAX2_HIDDEN.rows.map((_, r) =>
          unit(combine([[a, weightAt(MAX2_HIDDEN, r, 0)], [b, weightAt(MAX2_HIDDEN, r, 1)], [MAX2_HIDDEN.bias[r] as Fraction, ONE]])),
        );
        out.push({ units: ids.map((id, r) => [id, weightAt(MAX2_OUT, 0, r)] as const), constant: MAX2_OUT.bias[0] as Fraction });
      }
    }
    return out;
  });
  return { units, next };
}

/** A pending candidate as an element over the new layer's variables. */
function resolve(p: Pending, vars: readonly AffineForm[]): Element {
  if (!('units' in p)) return p;
  return combine([...p.units.map(([id, w]) => [vars[id] as AffineForm, w] as const), [p.constant, ONE]]);
}
