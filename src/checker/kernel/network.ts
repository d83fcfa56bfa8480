/**
 * The checker's own view of a network: each layer's weights and bias as BigInt numerators over
 * one layer denominator, and a plain exact evaluator on it. Written apart from the engine's
 * compiled form and float-filtered evaluator (src/network/), so that one bug cannot hit both;
 * the model is read structurally (the kernel imports nothing outside itself).
 */
import { demand } from './failure.js';
import { type Q, fromModel, lcm, reduce } from './rational.js';
import type { QVector } from './rows.js';

/** A number of the network model, read structurally (fraction.js: sign s, magnitude n/d). */
export interface ModelNumber {
  readonly s: bigint;
  readonly n: bigint;
  readonly d: bigint;
}

/** What the kernel reads of a network model (src/network/model.ts's Network fits it). */
export interface ModelNetwork {
  readonly inputs: number;
  readonly layers: readonly {
    readonly inputs: number;
    readonly outputs: number;
    readonly rows: readonly { readonly cols: readonly number[]; readonly values: readonly ModelNumber[] }[];
    readonly bias: readonly ModelNumber[];
    readonly activation: 'relu' | 'identity';
  }[];
}

/** One layer as integers: row i computes (Σ_t nums[i][t] · x[cols[i][t]] + bias[i]) / den. */
export interface KernelLayer {
  readonly inputs: number;
  readonly outputs: number;
  readonly relu: boolean;
  /** Common denominator of every weight and bias of the layer (> 0). */
  readonly den: bigint;
  readonly cols: readonly (readonly number[])[];
  readonly nums: readonly (readonly bigint[])[];
  readonly bias: readonly bigint[];
  /** Every row stores every column (cols[i][t] = t). */
  readonly dense: boolean;
}

const cache = new WeakMap<object, KernelLayer[]>();

/** The network's layers as integers (once per network object: models are immutable). */
export function kernelLayers(net: ModelNetwork): KernelLayer[] {
  const hit = cache.get(net);
  if (hit !== undefined) return hit;
  const layers = net.layers.map((layer): KernelLayer => {
    let den = 1n;
    for (const r of layer.rows) for (const v of r.values) if (den % v.d !== 0n) den = lcm(den, v.d);
    for (const v of layer.bias) if (den % v.d !== 0n) den = lcm(den, v.d);
    const scale = (v: ModelNumber): bigint => fromModel(v).n * (den / v.d);
    return {
      inputs: layer.inputs,
      outputs: layer.outputs,
      relu: layer.activation === 'relu',
      den,
      cols: layer.rows.map((r) => r.cols),
      nums: layer.rows.map((r) => r.values.map(scale)),
      bias: layer.bias.map(scale),
      dense: layer.rows.every((r) => r.cols.length === layer.inputs),
    };
  });
  cache.set(net, layers);
  return layers;
}

/** The pre-activation W x + b of one layer at x. */
export function applyLayer(layer: KernelLayer, x: QVector): QVector {
  const num = layer.nums.map((w, i) => {
    const cols = layer.cols[i] as readonly number[];
    let acc = (layer.bias[i] as bigint) * x.den;
    for (let t = 0; t < cols.length; t++) acc += (w[t] as bigint) * (x.num[cols[t] as number] as bigint);
    return acc;
  });
  return { num, den: layer.den * x.den };
}

/** Exact evaluation at x: every layer's pre-activation and the output (denominators unreduced). */
export function trace(net: ModelNetwork, x: QVector): { preactivations: QVector[]; output: QVector } {
  demand(x.num.length === net.inputs, `the network has ${net.inputs} inputs, the point has ${x.num.length} coordinates`);
  const preactivations: QVector[] = [];
  let h = x;
  for (const layer of kernelLayers(net)) {
    const z = applyLayer(layer, h);
    preactivations.push(z);
    h = layer.relu ? { num: z.num.map((v) => (v > 0n ? v : 0n)), den: z.den } : z;
  }
  return { preactivations, output: h };
}

/** Common denominator of rationals (the product-free lcm). */
function common(values: readonly Q[]): QVector {
  let den = 1n;
  for (const v of values) if (den % v.d !== 0n) den = lcm(den, v.d);
  return { num: values.map((v) => v.n * (den / v.d)), den };
}

/** The exact outputs N(x), reduced. */
export function evaluate(net: ModelNetwork, x: readonly Q[]): Q[] {
  const out = trace(net, common(x)).output;
  return out.num.map((n) => reduce({ n, d: out.den }));
}

/** The exact pre-activations of every layer at x, reduced. */
export function preactivationsAt(net: ModelNetwork, x: readonly Q[]): Q[][] {
  return trace(net, common(x)).preactivations.map((z) => z.num.map((n) => reduce({ n, d: z.den })));
}
