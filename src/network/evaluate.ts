/**
 * The exact interpreter: outputs, pre-activations and activation signs at rational points.
 * Arithmetic is BigInt on a common denominator per vector (see compiled.ts); results are exact.
 */
import Fraction from 'fraction.js';
import { InputError } from '../errors.js';
import { bitLength } from '../exact/integer.js';
import { type IntegerVector, fromIntegerVector, reduceIntegerVector, toIntegerVector } from '../exact/vector.js';
import { type CompiledLayer, compileNetwork } from './compiled.js';
import type { Network } from './model.js';

/** Sign of a pre-activation: −1, 0 or +1. */
export type Sign = -1 | 0 | 1;

/** Per layer, the sign of every neuron's pre-activation (identity layers included). */
export type SignPattern = readonly Int8Array[];

/** Denominators above this many bits are reduced by a gcd pass before the next layer. */
const REDUCE_ABOVE_BITS = 192;

/** Applies one compiled layer's affine map (without activation) to x. */
export function applyAffine(layer: CompiledLayer, x: IntegerVector): IntegerVector {
  const xs = x.num;
  const out = new Array<bigint>(layer.outputs);
  for (let i = 0; i < layer.outputs; i++) {
    const cols = layer.cols[i] as Int32Array;
    const nums = layer.nums[i] as readonly bigint[];
    let acc = (layer.bias[i] as bigint) * x.den;
    for (let k = 0; k < cols.length; k++) acc += (nums[k] as bigint) * (xs[cols[k] as number] as bigint);
    out[i] = acc;
  }
  return { num: out, den: layer.den * x.den };
}

function relu(v: IntegerVector): IntegerVector {
  return { num: v.num.map((n) => (n > 0n ? n : 0n)), den: v.den };
}

function checkInput(net: Network, x: readonly Fraction[]): void {
  if (x.length !== net.inputs) {
    throw new InputError('dimension', `the network has ${net.inputs} inputs, the point has ${x.length} coordinates`);
  }
}

/** What {@link evaluateTrace} records at a point. */
export interface EvaluationTrace {
  /** The outputs. */
  readonly output: IntegerVector;
  /** Per layer, the pre-activation vector W h + b. */
  readonly preactivations: readonly IntegerVector[];
}

/** Evaluates an integer input vector, keeping every layer's pre-activation. */
export function evaluateTrace(net: Network, x: IntegerVector): EvaluationTrace {
  const compiled = compileNetwork(net);
  const preactivations: IntegerVector[] = [];
  let h = x;
  for (const layer of compiled.layers) {
    let z = applyAffine(layer, h);
    if (bitLength(z.den) > REDUCE_ABOVE_BITS) z = reduceIntegerVector(z);
    preactivations.push(z);
    h = layer.relu ? relu(z) : z;
  }
  return { output: h, preactivations };
}

/** Evaluates on an integer vector, returning the output only (the hot path). */
export function evaluateInteger(net: Network, x: IntegerVector): IntegerVector {
  const compiled = compileNetwork(net);
  let h = x;
  for (const layer of compiled.layers) {
    h = applyAffine(layer, h);
    if (bitLength(h.den) > REDUCE_ABOVE_BITS) h = reduceIntegerVector(h);
    if (layer.relu) h = relu(h);
  }
  return h;
}

/** The exact outputs N(x) at a rational point. */
export function evaluate(net: Network, x: readonly Fraction[]): Fraction[] {
  checkInput(net, x);
  return fromIntegerVector(evaluateInteger(net, toIntegerVector(x)));
}

/** Exact outputs at many points. */
export function evaluateBatch(net: Network, points: readonly (readonly Fraction[])[]): Fraction[][] {
  return points.map((x) => evaluate(net, x));
}

/** The sign of every pre-activation at x: the activation pattern with its ties (0) visible. */
export function activationSigns(net: Network, x: readonly Fraction[]): SignPattern {
  checkInput(net, x);
  const { preactivations } = evaluateTrace(net, toIntegerVector(x));
  return preactivations.map((z) => Int8Array.from(z.num, (n) => (n > 0n ? 1 : n < 0n ? -1 : 0)));
}

/** Exact pre-activations of every layer at x (as rationals). */
export function preactivations(net: Network, x: readonly Fraction[]): Fraction[][] {
  checkInput(net, x);
  return evaluateTrace(net, toIntegerVector(x)).preactivations.map((z) => fromIntegerVector(z));
}

/** Text of a sign pattern, one character per neuron (`-`, `0`, `+`), layers separated by `|`. */
export function formatSignPattern(pattern: SignPattern): string {
  return pattern.map((layer) => Array.from(layer, (s) => (s > 0 ? '+' : s < 0 ? '-' : '0')).join('')).join('|');
}

export { Fraction };
