/**
 * A brute-force oracle for activation regions, written apart from the engine and the checker so
 * that one bug cannot hit all three: pre-activations by a naive dense evaluation of affine forms
 * per pattern (fraction.js, layer by layer), and emptiness of the open region by a tiny
 * Fourier–Motzkin elimination — not the engine's `preactivationMaps`, `interiorPoint` or
 * `fourierMotzkin`. Slow, and meant for a dozen neurons in a few dimensions.
 */
import Fraction from 'fraction.js';
import { parseRational } from '../../src/exact/rational.js';
import { type Network, denseWeights } from '../../src/network/model.js';
import { type Inequality, naiveFeasible, systemRows } from './naiveLinear.js';

export { type Inequality, naiveFeasible } from './naiveLinear.js';

/** An affine function c·x + d of the input. */
export interface AffineForm {
  readonly c: readonly Fraction[];
  readonly d: Fraction;
}

const ZERO = new Fraction(0n);

/**
 * The pre-activation of every neuron of every layer as an affine function of the input, when
 * the ReLU neurons follow `pattern` (true = on: the neuron passes its value, false = off: 0).
 * Identity layers pass everything (their pattern entries are ignored).
 */
export function naivePreactivations(net: Network, pattern: readonly (readonly boolean[])[]): AffineForm[][] {
  const n = net.inputs;
  let h: AffineForm[] = Array.from({ length: n }, (_, j) => ({ c: Array.from({ length: n }, (_, t) => new Fraction(t === j ? 1n : 0n)), d: ZERO }));
  const out: AffineForm[][] = [];
  net.layers.forEach((layer, k) => {
    const w = denseWeights(layer);
    const z = w.map((row, i) => {
      let c: Fraction[] = Array.from({ length: n }, () => ZERO);
      let d = layer.bias[i] as Fraction;
      row.forEach((wij, j) => {
        const hj = h[j] as AffineForm;
        c = c.map((v, t) => v.add(wij.mul(hj.c[t] as Fraction)));
        d = d.add(wij.mul(hj.d));
      });
      return { c, d };
    });
    out.push(z);
    h = layer.activation === 'relu' ? z.map((f, i) => ((pattern[k] as readonly boolean[])[i] ? f : { c: f.c.map(() => ZERO), d: ZERO })) : z;
  });
  return out;
}

/** Every layer's pre-activations and the output at a point, by naive dense evaluation. */
export function naiveForward(net: Network, x: readonly Fraction[]): { pre: Fraction[][]; out: Fraction[] } {
  let h = [...x];
  const pre: Fraction[][] = [];
  for (const layer of net.layers) {
    const z = denseWeights(layer).map((row, i) => row.reduce((acc, w, j) => acc.add(w.mul(h[j] as Fraction)), layer.bias[i] as Fraction));
    pre.push(z);
    h = layer.activation === 'relu' ? z.map((v) => (v.compare(0) > 0 ? v : ZERO)) : z;
  }
  return { pre, out: h };
}

/** A claim's domain (JSON, as in certificates) or an engine-side box, as strict rows of its interior; undefined when the interior is empty for sure. */
export type DomainText =
  | { readonly kind: 'all' }
  | { readonly kind: 'box'; readonly box: readonly (readonly [string, string])[] }
  | { readonly kind: 'polytope'; readonly constraints: readonly { coefficients: readonly string[]; relation: string; rhs: string }[] };

/** Strict rows lo_j < x_j < hi_j of an open box. */
export function openBoxRows(box: readonly (readonly [Fraction, Fraction])[]): Inequality[] {
  const n = box.length;
  const unit = (j: number, s: bigint): Fraction[] => Array.from({ length: n }, (_, t) => new Fraction(t === j ? s : 0n));
  return box.flatMap(([lo, hi], j) => [
    { a: unit(j, -1n), b: lo.neg(), strict: true },
    { a: unit(j, 1n), b: hi, strict: true },
  ]);
}

/**
 * The interior of a domain as strict rows (the interior of {a·x ≤ b} is {a·x < b}; an equality
 * row with a nonzero coefficient has an empty interior, given as the false row 0 < 0).
 */
export function interiorRows(domain: DomainText, inputs: number): Inequality[] {
  if (domain.kind === 'all') return [];
  if (domain.kind === 'box') return openBoxRows(domain.box.map(([lo, hi]) => [parseRational(lo), parseRational(hi)] as const));
  return systemRows({ variables: inputs, constraints: domain.constraints }, true);
}

/**
 * The rows of the open region of a pattern: on means z > 0, off means z < 0. A neuron constant on
 * the input space is a row true or false on its own: by default (as region counts are defined) it
 * counts as off when the constant is ≤ 0 and can be on only when it is > 0; with `strictSigns`
 * (as activation-region claims are defined) off needs the constant < 0.
 */
export function patternRows(net: Network, pattern: readonly (readonly boolean[])[], strictSigns = false): Inequality[] {
  const rows: Inequality[] = [];
  naivePreactivations(net, pattern).forEach((layer, k) => {
    if (net.layers[k]?.activation !== 'relu') return;
    layer.forEach((z, i) => {
      const on = (pattern[k] as readonly boolean[])[i] as boolean;
      if (z.c.every((v) => v.n === 0n)) {
        const ok = on ? z.d.compare(0) > 0 : strictSigns ? z.d.compare(0) < 0 : z.d.compare(0) <= 0;
        rows.push({ a: z.c, b: ok ? new Fraction(1n) : ZERO, strict: true });
        return;
      }
      // on: −z < 0, i.e. −c·x < d; off: z < 0, i.e. c·x < −d.
      rows.push(on ? { a: z.c.map((v) => v.neg()), b: z.d, strict: true } : { a: z.c, b: z.d.neg(), strict: true });
    });
  });
  return rows;
}

/**
 * The number of activation patterns whose region has a nonempty interior inside the domain's
 * interior, over all 2^N patterns of the N ReLU neurons; undefined when N > `maxNeurons`.
 */
export function naiveRegionCount(net: Network, domainRows: readonly Inequality[], maxNeurons = 12): number | undefined {
  const sizes = net.layers.map((l) => (l.activation === 'relu' ? l.outputs : 0));
  const total = sizes.reduce((a, b) => a + b, 0);
  if (total > maxNeurons) return undefined;
  let count = 0;
  for (let mask = 0; mask < 2 ** total; mask++) {
    let bit = 0;
    const pattern = sizes.map((m) => Array.from({ length: m }, () => ((mask >> bit++) & 1) === 1));
    if (naiveFeasible([...domainRows, ...patternRows(net, pattern)], net.inputs)) count++;
  }
  return count;
}
