/**
 * The exact interpreter: outputs, pre-activations and activation signs at rational points.
 * Arithmetic is BigInt on a common denominator per vector (see compiled.ts); results are exact.
 *
 * ## Speed: a float64 sign filter in front of the exact arithmetic
 * Most of the exact work of a ReLU network is spent on neurons that end up off. A float64
 * forward pass with a rigorous error bound (below) proves most signs at the cost of about two
 * float evaluations; the exact BigInt pass then skips every neuron proven negative (its output
 * is exactly 0) and every input that is exactly 0, and computes the rest exactly. Neurons whose
 * float value lies within its error bound (exact ties, or values too close to 0) are decided by
 * the exact pass. A float never decides a sign unless the bound proves it, so results are exact.
 *
 * ## Error analysis of the filter (Higham, Accuracy and Stability of Numerical Algorithms,
 * 2nd ed., §3.1, eq. (3.4)–(3.5); the "filter" idea is Shewchuk's adaptive predicates)
 * Let u = 2^-53, γ_m = m·u/(1 − m·u). For one neuron with exact z = b + Σ_j w_j h_j (n terms):
 * - Stored weights: ŵ = fl(fl(p)/fl(q)) with |ŵ − w| ≤ δ|ŵ|, δ = 2^-50 (three correct roundings
 *   give γ_3|w| ≤ 2^-51|ŵ|); the same for the bias b̂ and for the inputs x̂ (an integer input below
 *   2^53 converts exactly, error 0).
 * - Inputs of the layer: ĥ_j with a proven |ĥ_j − h_j| ≤ e_j.
 * - Recursive summation of b̂ + Σ ŵ_j ĥ_j in any order (Higham (3.5)):
 *   |ẑ − (b̂ + Σ ŵ_j ĥ_j)| ≤ γ_{n+1} (|b̂| + Σ |ŵ_j||ĥ_j|).
 * - |ŵĥ − wh| ≤ |ŵ − w||ĥ| + |w||ĥ − h| ≤ δ|ŵ||ĥ| + (1 + δ)|ŵ| e.
 * Hence |ẑ − z| ≤ α (|b̂| + Σ |ŵ_j||ĥ_j|) + β Σ |ŵ_j| e_j with α = γ_{n+1} + δ, β = 1 + δ, i.e.
 *     |ẑ − z| ≤ α|b̂| + Σ_j |ŵ_j| t_j,   t_j = α|ĥ_j| + β e_j,
 * a second dot product that shares the loop with the first. The bound is itself evaluated in
 * floating point: every operation is on nonnegative numbers and rounds by a factor in
 * [1 − u, 1 + u], so multiplying the computed sum by c = 1 + (n + 6)·2^-52 ≥ (1 − u)^-(n+6)
 * covers them. Underflow (the one case where the relative model fails: products below 2^-1022
 * lose up to 2^-1075 absolutely) is covered by adding η = 2^-1000 ≫ (n + 1)·2^-1075. Overflow
 * shows as a non-finite ẑ or bound, and then the filter gives up and the pass is exact.
 * So B = c·fl(α|b̂| + Σ|ŵ_j| t_j) + η ≥ |ẑ − z|, and
 * - ẑ > B proves z > 0;  ẑ < −B proves z < 0;  otherwise the sign is left to exact arithmetic.
 * The next layer's inputs: a proven-negative ReLU gives ĥ = 0 exactly (e = 0); otherwise
 * ĥ = relu(ẑ) (or ẑ) with e = B, valid even when undecided because relu is 1-Lipschitz.
 */
import Fraction from 'fraction.js';
import { InputError } from '../errors.js';
import { gcdBig } from '../exact/integer.js';
import { type IntegerVector, fromIntegerVector, toIntegerVector } from '../exact/vector.js';
import { FLOAT_CONVERSION_DELTA, rationalToFloat } from '../exact/float.js';
import { type CompiledLayer, type CompiledNetwork, type FloatLayer, compileNetwork } from './compiled.js';
import type { Network } from './model.js';

/** Sign of a pre-activation: −1, 0 or +1. */
export type Sign = -1 | 0 | 1;

/** Per layer, the sign of every neuron's pre-activation (identity layers included). */
export type SignPattern = readonly Int8Array[];

/**
 * Denominators above this are reduced by a gcd pass before the next layer: a gcd costs about
 * as much as the products it saves only once numbers are a few hundred bits long.
 */
const REDUCE_ABOVE = 1n << 192n;
/** Filter state of a neuron whose sign the float pass could not prove. */
const UNDECIDED = 2;
/** β = 1 + δ (see the error analysis above). */
const BETA = 1 + FLOAT_CONVERSION_DELTA;
/** η: absolute slack covering underflow in the filter (see above). */
const ETA = 2 ** -1000;
const MAX_EXACT_FLOAT_INT = 2n ** 53n;

/** Reusable buffers of one compiled network: the hot paths allocate only their results. */
interface Scratch {
  hv: Float64Array;
  he: Float64Array;
  zv: Float64Array;
  ze: Float64Array;
  readonly active: Int32Array;
  /** Per layer, per neuron: 1 / −1 proven by the float pass, {@link UNDECIDED}, or after the exact pass 0 / ±1. */
  readonly states: Int8Array[];
}

const scratches = new WeakMap<CompiledNetwork, Scratch>();

function scratchOf(c: CompiledNetwork): Scratch {
  let s = scratches.get(c);
  if (s === undefined) {
    const w = c.maxWidth;
    s = {
      hv: new Float64Array(w),
      he: new Float64Array(w),
      zv: new Float64Array(w),
      ze: new Float64Array(w),
      active: new Int32Array(w),
      states: c.layers.map((l) => new Int8Array(l.outputs)),
    };
    scratches.set(c, s);
  }
  return s;
}

/**
 * The float pass: fills `s.states` with proven signs (±1) or {@link UNDECIDED}. Returns the number
 * of undecided neurons, or −1 when the filter cannot be used (a weight or input outside the
 * trusted float range, or an overflow); then `s.states` is meaningless.
 */
function floatPass(c: CompiledNetwork, x: IntegerVector, s: Scratch): number {
  if (!c.filterable) return -1;
  let hv = s.hv;
  let he = s.he;
  let zv = s.zv;
  let ze = s.ze;
  const den = x.den;
  for (let j = 0; j < c.inputs; j++) {
    const p = x.num[j] as bigint;
    if (p === 0n) {
      hv[j] = 0;
      he[j] = 0;
    } else if (den === 1n && p < MAX_EXACT_FLOAT_INT && p > -MAX_EXACT_FLOAT_INT) {
      hv[j] = Number(p); // exact
      he[j] = 0;
    } else {
      const v = rationalToFloat(p, den);
      if (Number.isNaN(v)) return -1;
      hv[j] = v;
      he[j] = FLOAT_CONVERSION_DELTA * Math.abs(v);
    }
  }
  let undecided = 0;
  for (let k = 0; k < c.layers.length; k++) {
    const layer = c.layers[k] as CompiledLayer;
    const f = layer.float as FloatLayer;
    const outputs = layer.outputs;
    const { colStart, rowIndex, weight, weightAbs, alpha } = f;
    for (let i = 0; i < outputs; i++) {
      zv[i] = f.bias[i] as number;
      ze[i] = f.biasBound[i] as number;
    }
    for (let j = 0; j < layer.inputs; j++) {
      const h = hv[j] as number;
      const e = he[j] as number;
      if (h === 0 && e === 0) continue; // an exact zero contributes nothing, not even rounding
      const t = alpha * Math.abs(h) + BETA * e;
      const end = colStart[j + 1] as number;
      for (let q = colStart[j] as number; q < end; q++) {
        const i = rowIndex[q] as number;
        zv[i] = (zv[i] as number) + (weight[q] as number) * h;
        ze[i] = (ze[i] as number) + (weightAbs[q] as number) * t;
      }
    }
    const state = s.states[k] as Int8Array;
    const inflate = f.inflate;
    for (let i = 0; i < outputs; i++) {
      const z = zv[i] as number;
      const bound = (ze[i] as number) * inflate + ETA;
      // NaN fails both tests: an overflow anywhere ends the filter.
      if (!(Math.abs(z) <= Number.MAX_VALUE && bound <= Number.MAX_VALUE)) return -1;
      if (z > bound) {
        state[i] = 1;
        ze[i] = bound;
      } else if (z < -bound) {
        state[i] = -1;
        if (layer.relu) {
          zv[i] = 0;
          ze[i] = 0;
        } else {
          ze[i] = bound;
        }
      } else {
        state[i] = UNDECIDED;
        undecided++;
        if (layer.relu && z < 0) zv[i] = 0;
        ze[i] = bound;
      }
    }
    [hv, zv] = [zv, hv];
    [he, ze] = [ze, he];
  }
  s.hv = hv;
  s.he = he;
  s.zv = zv;
  s.ze = ze;
  return undecided;
}

/** Divides a vector (and its companion, sharing its denominator) by the gcd of everything. */
function reduceBy(num: bigint[], den: bigint, other: bigint[] | undefined): bigint {
  let g = den;
  for (let i = 0; i < num.length && g !== 1n; i++) {
    const v = num[i] as bigint;
    if (v !== 0n) g = gcdBig(g, v);
  }
  if (g === 1n) return den;
  for (let i = 0; i < num.length; i++) num[i] = (num[i] as bigint) / g;
  if (other !== undefined) for (let i = 0; i < other.length; i++) other[i] = (other[i] as bigint) / g;
  return den / g;
}

/**
 * The exact pass over layers [0, upto). With `states` (from the float pass), a ReLU neuron proven
 * negative is not computed (its output is exactly 0) and every {@link UNDECIDED} state is replaced
 * by the exact sign; without, every neuron is computed. With `trace`, pre-activations are kept.
 */
function exactPass(
  c: CompiledNetwork,
  x: IntegerVector,
  states: readonly Int8Array[] | undefined,
  upto: number,
  trace: IntegerVector[] | undefined,
  active: Int32Array,
): IntegerVector {
  let xs = x.num;
  let den = x.den;
  for (let k = 0; k < upto; k++) {
    const layer = c.layers[k] as CompiledLayer;
    const known = states?.[k];
    // The inputs that are not exactly zero: ReLUs that are off cost nothing.
    let m = 0;
    for (let j = 0; j < xs.length; j++) if ((xs[j] as bigint) !== 0n) active[m++] = j;
    const out = new Array<bigint>(layer.outputs);
    const pre = trace === undefined ? undefined : new Array<bigint>(layer.outputs);
    const skipNegative = layer.relu && known !== undefined;
    for (let i = 0; i < layer.outputs; i++) {
      if (skipNegative && (known as Int8Array)[i] === -1) {
        out[i] = 0n;
        continue;
      }
      const b = layer.bias[i] as bigint;
      let acc = den === 1n || b === 0n ? b : b * den;
      const w = layer.nums[i] as readonly bigint[];
      if (layer.dense) {
        for (let t = 0; t < m; t++) {
          const j = active[t] as number;
          acc += (w[j] as bigint) * (xs[j] as bigint);
        }
      } else {
        const cols = layer.cols[i] as Int32Array;
        for (let t = 0; t < cols.length; t++) {
          const v = xs[cols[t] as number] as bigint;
          if (v !== 0n) acc += (w[t] as bigint) * v;
        }
      }
      if (known !== undefined && known[i] === UNDECIDED) known[i] = acc > 0n ? 1 : acc < 0n ? -1 : 0;
      if (pre !== undefined) pre[i] = acc;
      out[i] = layer.relu && acc < 0n ? 0n : acc;
    }
    den *= layer.den;
    if (den > REDUCE_ABOVE) den = reduceBy(pre ?? out, den, pre === undefined ? undefined : out);
    if (trace !== undefined) trace.push({ num: pre as bigint[], den });
    xs = out;
  }
  return { num: xs, den };
}

/** Whether running the float filter first can pay: only ReLUs proven off save exact work. */
function filterPays(c: CompiledNetwork): boolean {
  return c.filterable && c.layers.some((l) => l.relu);
}

/** Applies one compiled layer's affine map (without activation) to x. */
export function applyAffine(layer: CompiledLayer, x: IntegerVector): IntegerVector {
  const xs = x.num;
  const out = new Array<bigint>(layer.outputs);
  for (let i = 0; i < layer.outputs; i++) {
    const cols = layer.cols[i] as Int32Array;
    const nums = layer.nums[i] as readonly bigint[];
    let acc = (layer.bias[i] as bigint) * x.den;
    for (let k = 0; k < cols.length; k++) {
      const v = xs[cols[k] as number] as bigint;
      if (v !== 0n) acc += (nums[k] as bigint) * v;
    }
    out[i] = acc;
  }
  return { num: out, den: layer.den * x.den };
}

function checkInput(net: Network, x: { length: number }): void {
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

/** Evaluates an integer input vector, keeping every layer's pre-activation (all exact, no filter). */
export function evaluateTrace(net: Network, x: IntegerVector): EvaluationTrace {
  checkInput(net, x.num);
  const c = compileNetwork(net);
  const preactivations: IntegerVector[] = [];
  const output = exactPass(c, x, undefined, c.layers.length, preactivations, scratchOf(c).active);
  return { output, preactivations };
}

/**
 * Evaluates on an integer vector, returning the exact output (the hot path). The denominator of
 * the result is not necessarily reduced. Uses the float sign filter to skip ReLUs proven off.
 */
export function evaluateInteger(net: Network, x: IntegerVector): IntegerVector {
  checkInput(net, x.num);
  const c = compileNetwork(net);
  const s = scratchOf(c);
  const states = filterPays(c) && floatPass(c, x, s) >= 0 ? s.states : undefined;
  return exactPass(c, x, states, c.layers.length, undefined, s.active);
}

/**
 * {@link evaluateInteger} without the float filter: plain BigInt arithmetic on every neuron.
 * The same result; kept as the reference the filter is measured and tested against.
 */
export function evaluateIntegerBigInt(net: Network, x: IntegerVector): IntegerVector {
  checkInput(net, x.num);
  const c = compileNetwork(net);
  return exactPass(c, x, undefined, c.layers.length, undefined, scratchOf(c).active);
}

/** The exact outputs N(x) at a rational point. */
export function evaluate(net: Network, x: readonly Fraction[]): Fraction[] {
  checkInput(net, x);
  return fromIntegerVector(evaluateInteger(net, toIntegerVector(x)));
}

/** Exact outputs at many points (the network is compiled once, buffers are shared). */
export function evaluateBatch(net: Network, points: readonly (readonly Fraction[])[]): Fraction[][] {
  return points.map((x) => evaluate(net, x));
}

/** Exact outputs at many integer vectors: {@link evaluateInteger} point by point. */
export function evaluateIntegerBatch(net: Network, points: readonly IntegerVector[]): IntegerVector[] {
  return points.map((x) => evaluateInteger(net, x));
}

/** Signs with the work split reported: what {@link signsWithFilter} returns. */
export interface FilteredSigns {
  /** The exact sign pattern. */
  readonly signs: SignPattern;
  /** Neurons whose sign the float filter proved. */
  readonly decided: number;
  /** Neurons whose sign needed exact arithmetic (ties, near-ties, or the filter unavailable). */
  readonly exact: number;
}

/**
 * The exact sign of every pre-activation at an integer vector, decided by the float filter where
 * its error bound proves the sign and by exact arithmetic elsewhere (see the module comment).
 */
export function signsWithFilterInteger(net: Network, x: IntegerVector): FilteredSigns {
  checkInput(net, x.num);
  const c = compileNetwork(net);
  const s = scratchOf(c);
  let total = 0;
  for (const l of c.layers) total += l.outputs;
  let undecided = floatPass(c, x, s);
  const decided = undecided < 0 ? 0 : total - undecided;
  if (undecided < 0) {
    for (const st of s.states) st.fill(UNDECIDED);
    undecided = total;
  }
  if (undecided > 0) {
    let last = 0;
    s.states.forEach((st, k) => {
      if (st.includes(UNDECIDED)) last = k;
    });
    exactPass(c, x, s.states, last + 1, undefined, s.active);
  }
  return { signs: s.states.map((st) => st.slice()), decided, exact: total - decided };
}

/** {@link signsWithFilterInteger} at a rational point. */
export function signsWithFilter(net: Network, x: readonly Fraction[]): FilteredSigns {
  checkInput(net, x);
  return signsWithFilterInteger(net, toIntegerVector(x));
}

/** The sign of every pre-activation at x: the activation pattern with its ties (0) visible. */
export function activationSigns(net: Network, x: readonly Fraction[]): SignPattern {
  return signsWithFilter(net, x).signs;
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
