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

/** a·x < b (strict) or a·x ≤ b. */
export interface Inequality {
  readonly a: readonly Fraction[];
  readonly b: Fraction;
  readonly strict: boolean;
}

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

/** A row with a zero coefficient vector: 0 < b or 0 ≤ b, true or false on its own. */
function constantHolds(r: Inequality): boolean {
  return r.strict ? r.b.compare(0) > 0 : r.b.compare(0) >= 0;
}

/**
 * Whether {x : every row} is nonempty, by Fourier–Motzkin: eliminate the variables one by one
 * (every pair of a row with a positive and a row with a negative coefficient, scaled to cancel,
 * strict when either is), keeping for each direction only the tightest row.
 */
export function naiveFeasible(rows: readonly Inequality[], variables: number): boolean {
  let current: Inequality[] = [];
  for (const r of rows) {
    if (r.a.every((v) => v.n === 0n)) {
      if (!constantHolds(r)) return false;
    } else current.push(r);
  }
  for (let j = variables - 1; j >= 0; j--) {
    const pos = current.filter((r) => (r.a[j] as Fraction).compare(0) > 0);
    const neg = current.filter((r) => (r.a[j] as Fraction).compare(0) < 0);
    const next: Inequality[] = current.filter((r) => (r.a[j] as Fraction).n === 0n);
    for (const p of pos) {
      for (const q of neg) {
        const sp = (q.a[j] as Fraction).neg();
        const sq = p.a[j] as Fraction;
        const a = p.a.map((v, t) => v.mul(sp).add((q.a[t] as Fraction).mul(sq)));
        next.push({ a, b: p.b.mul(sp).add(q.b.mul(sq)), strict: p.strict || q.strict });
      }
    }
    const tightest = new Map<string, Inequality>();
    for (const r of next) {
      if (r.a.every((v) => v.n === 0n)) {
        if (!constantHolds(r)) return false;
        continue;
      }
      // Scale so that the first nonzero coefficient is ±1: equal directions get equal keys.
      const lead = (r.a.find((v) => v.n !== 0n) as Fraction).abs();
      const scaled: Inequality = { a: r.a.map((v) => v.div(lead)), b: r.b.div(lead), strict: r.strict };
      const key = scaled.a.map((v) => v.toFraction()).join(',');
      const old = tightest.get(key);
      const c = old === undefined ? -1 : scaled.b.compare(old.b);
      if (old === undefined || c < 0 || (c === 0 && scaled.strict && !old.strict)) tightest.set(key, scaled);
    }
    current = [...tightest.values()];
  }
  return current.every(constantHolds);
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
  return domain.constraints.map((c) => {
    const a = c.coefficients.map((t) => parseRational(t));
    const b = parseRational(c.rhs);
    const zero = a.every((v) => v.n === 0n);
    if (c.relation === '=' && !zero) return { a: Array.from({ length: inputs }, () => ZERO), b: ZERO, strict: true };
    if (c.relation === '=') return { a, b: b.n === 0n ? ZERO : new Fraction(-1n), strict: false };
    return { a, b, strict: !zero || c.relation === '<' };
  });
}

/**
 * The rows of the open region of a pattern: on means z > 0, off means z < 0 — except that a
 * neuron constant on the input space counts as off when the constant is ≤ 0 (the region's
 * interior is then unconstrained by it), and cannot be on unless the constant is > 0.
 */
export function patternRows(net: Network, pattern: readonly (readonly boolean[])[]): Inequality[] {
  const rows: Inequality[] = [];
  naivePreactivations(net, pattern).forEach((layer, k) => {
    if (net.layers[k]?.activation !== 'relu') return;
    layer.forEach((z, i) => {
      const on = (pattern[k] as readonly boolean[])[i] as boolean;
      if (z.c.every((v) => v.n === 0n)) {
        const ok = on ? z.d.compare(0) > 0 : z.d.compare(0) <= 0;
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
