/**
 * BatchNormalization in inference mode, folded exactly into the affine map around it:
 * y = s·(x − mean) + B per channel, s = scale / sqrt(var + epsilon). The affine forms compose with
 * the neighbouring Conv/Gemm, so no layer is added.
 *
 * The exact rule for the square root: var and epsilon are read as the exact dyadic rationals
 * their floats denote, so var + epsilon = p / 2^k in lowest terms; its square root is rational iff
 * p is a perfect square and k is even (a rational's square root is rational iff numerator and
 * denominator in lowest terms are squares). Then s is exact. Otherwise the node is refused,
 * naming it and the channel: relucert does not round (docs/network-format.md, *BatchNormalization*).
 */
import type Fraction from 'fraction.js';
import { bitLength } from '../../exact/integer.js';
import { ONE, denominator, float32ToRational, formatRational, numerator, ratio } from '../../exact/rational.js';
import type { NodeContext } from './context.js';
import { type Element, type Tensor, combine } from './tensor.js';

/**
 * ⌊√n⌋ for n ≥ 0: Newton's method on BigInt from a power of two at or above √n, which decreases
 * strictly to ⌊√n⌋. (A float64 estimate is no start: it is Infinity beyond 2^1024, and one below
 * √n left a correction loop of up to 2^400 steps for a float64 variance near 1e250.)
 */
export function isqrt(n: bigint): bigint {
  if (n < 2n) return n;
  let x = 1n << BigInt(Math.ceil(bitLength(n) / 2));
  for (;;) {
    const y = (x + n / x) >> 1n;
    if (y >= x) return x;
    x = y;
  }
}

/** The exact square root of a positive rational, or undefined when it is irrational. */
export function exactSqrt(r: Fraction): Fraction | undefined {
  const p = numerator(r);
  const q = denominator(r);
  if (p <= 0n) return undefined;
  const sp = isqrt(p);
  const sq = isqrt(q);
  return sp * sp === p && sq * sq === q ? ratio(sp, sq) : undefined;
}

/** BatchNormalization (inputs X, scale, B, input_mean, input_var) folded as the module comment says. */
export function batchNormalization(ctx: NodeContext, inputs: readonly (Tensor | undefined)[]): Tensor {
  const names = ['X', 'scale', 'B', 'input_mean', 'input_var'] as const;
  const [x, scale, bias, mean, variance] = names.map((n, k) => {
    const t = inputs[k];
    if (t === undefined) throw ctx.failAt('parse', n, `input ${n} is missing`);
    if (k > 0 && t.generation !== undefined) throw ctx.failAt('unsupported', n, `${n} must be constant, not computed from the network input`);
    return t;
  }) as [Tensor, Tensor, Tensor, Tensor, Tensor];
  if (ctx.int('training_mode', 0) !== 0) throw ctx.failAt('unsupported', 'training_mode', 'training_mode = 1 is not supported (inference only)');
  // Before opset 7, is_test defaults to 0: training mode, which normalises with the batch's own
  // statistics rather than input_mean and input_var.
  const opset = ctx.state.opset;
  if (opset !== undefined && opset < 7 && ctx.int('is_test', 0) === 0) {
    throw ctx.failAt('unsupported', 'is_test', `is_test = 0 (the default at opset ${opset}) is training mode, which uses batch statistics; only is_test = 1 is supported`);
  }
  if ((ctx.node.output ?? []).filter((o) => o !== '').length > 1) throw ctx.fail('unsupported', 'only the Y output is supported (inference mode)');
  if (ctx.int('spatial', 1) !== 1) throw ctx.failAt('unsupported', 'spatial', 'spatial = 0 is not supported');
  if (x.shape.length < 2) throw ctx.failAt('dimension', 'X', `expects [N, C, …], got [${x.shape.join(', ')}]`);
  if (x.shape[0] !== 1) throw ctx.failAt('dimension', 'X', `batch dimension N = ${x.shape[0]}; only N = 1 is supported`);
  const channels = x.shape[1] as number;
  for (const [k, t] of [scale, bias, mean, variance].entries()) {
    if (t.data.length !== channels) throw ctx.failAt('dimension', names[k + 1] as string, `has ${t.data.length} entries; the input has ${channels} channels`);
  }
  // ONNX's default epsilon is the float32 nearest 1e-5; attributes are float32, read exactly.
  const epsilon = ctx.float('epsilon', float32ToRational(1e-5));
  const factors: Fraction[] = [];
  const offsets: Fraction[] = [];
  for (let c = 0; c < channels; c++) {
    const v = (variance.data[c] as Fraction).add(epsilon);
    const root = exactSqrt(v);
    if (root === undefined) {
      throw ctx.failAt(
        'unsupported',
        'input_var',
        `channel ${c}: sqrt(var + epsilon) = sqrt(${formatRational(v)}) is not rational, so the normalisation cannot be folded exactly (relucert does not round; see docs/network-format.md)`,
      );
    }
    const s = (scale.data[c] as Fraction).div(root);
    factors.push(s);
    offsets.push((bias.data[c] as Fraction).sub(s.mul(mean.data[c] as Fraction)));
  }
  const inner = x.shape.slice(2).reduce((p, d) => p * d, 1);
  const data = x.data.map((e, i) => {
    const c = Math.floor(i / inner) % channels;
    return combine([[e as Element, factors[c] as Fraction], [offsets[c] as Fraction, ONE]]);
  });
  return { ...x, data };
}
