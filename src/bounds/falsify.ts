/**
 * Falsification: search for a point of the box where every margin row is ≤ 0 (a point of the
 * violation set). Floats only choose candidates — seeded sampling, then projected gradient
 * descent on F(x) = max_r m_r(x) (a subgradient through the activation pattern) — and a
 * candidate counts only when its exact evaluation (src/network/evaluate.ts) lies in the
 * violation set: the float point is read as the exact rational it denotes and clamped into the
 * exact box, so the counterexample is a rational point inside the box that violates exactly.
 */
import Fraction from 'fraction.js';
import { float64ToRational } from '../exact/rational.js';
import { evaluate } from '../network/evaluate.js';
import type { Network } from '../network/model.js';
import { mulberry32 } from '../random/prng.js';
import type { ExactRow } from './exactLeaf.js';
import { type FloatLayer, type FloatNet, floatNetwork } from './floatNetwork.js';

/** A point that violates the conjunction exactly. */
export interface Counterexample {
  readonly point: Fraction[];
  /** N(point), exactly. */
  readonly outputs: Fraction[];
}

/** The rows as float vectors (proposals only). */
interface FloatRows {
  readonly c: Float64Array[];
  readonly d: Float64Array;
}

function floatRows(rows: readonly ExactRow[]): FloatRows {
  return { c: rows.map((r) => Float64Array.from(r.c, (v) => v.valueOf())), d: Float64Array.from(rows, (r) => r.d.valueOf()) };
}

/** Forward float pass keeping every layer's post-activation (acts[0] = x). */
function forward(f: FloatNet, x: Float64Array, acts: Float64Array[]): Float64Array {
  (acts[0] as Float64Array).set(x);
  for (let k = 0; k < f.layers.length; k++) {
    const layer = f.layers[k] as FloatLayer;
    const h = acts[k] as Float64Array;
    const z = acts[k + 1] as Float64Array;
    const n = layer.inputs;
    for (let i = 0; i < layer.outputs; i++) {
      let s = layer.b[i] as number;
      const row = i * n;
      for (let j = 0; j < n; j++) s += (layer.w[row + j] as number) * (h[j] as number);
      z[i] = layer.relu && s < 0 ? 0 : s;
    }
  }
  return acts[f.layers.length] as Float64Array;
}

/** ∂(c·N)/∂x at the pattern of the last forward pass (ReLUs with output 0 taken as off). */
function gradient(f: FloatNet, acts: Float64Array[], c: Float64Array, out: Float64Array, tmp: [Float64Array, Float64Array]): void {
  let g = tmp[0];
  let next = tmp[1];
  g.set(c);
  for (let k = f.layers.length - 1; k >= 0; k--) {
    const layer = f.layers[k] as FloatLayer;
    const post = acts[k + 1] as Float64Array;
    if (layer.relu) for (let i = 0; i < layer.outputs; i++) if ((post[i] as number) <= 0) g[i] = 0;
    const m = layer.outputs;
    for (let j = 0; j < layer.inputs; j++) {
      let s = 0;
      const row = j * m;
      for (let i = 0; i < m; i++) s += (layer.wt[row + i] as number) * (g[i] as number);
      next[j] = s;
    }
    [g, next] = [next, g];
  }
  out.set(g.subarray(0, f.inputs));
}

/**
 * The exact check of a float candidate: the rational it denotes, clamped into the exact box,
 * evaluated exactly; a counterexample iff every row is ≤ 0 there.
 */
export function confirmCounterexample(net: Network, lo: readonly Fraction[], hi: readonly Fraction[], rows: readonly ExactRow[], x: ArrayLike<number>): Counterexample | undefined {
  const point = Array.from({ length: net.inputs }, (_, t) => {
    const v = float64ToRational(x[t] as number);
    if (v.compare(lo[t] as Fraction) < 0) return lo[t] as Fraction;
    if (v.compare(hi[t] as Fraction) > 0) return hi[t] as Fraction;
    return v;
  });
  const outputs = evaluate(net, point);
  for (const row of rows) {
    let m = row.d;
    row.c.forEach((v, i) => {
      if (v.n !== 0n) m = m.add(v.mul(outputs[i] as Fraction));
    });
    if (m.compare(0) > 0) return undefined;
  }
  return { point, outputs };
}

/** Options of {@link falsify}. */
export interface FalsifyOptions {
  readonly seed?: number;
  /** Random points tried first (default 64). */
  readonly samples?: number;
  /** Gradient descents from the best samples (default 4). */
  readonly restarts?: number;
  /** Steps per descent (default 30). */
  readonly steps?: number;
  /** Float values of F at or below this are checked exactly (default 1e-9). */
  readonly tolerance?: number;
}

/** Statistics of the last {@link falsify} call (for benchmarks). */
export interface FalsifyStats {
  floatEvaluations: number;
  exactChecks: number;
}

/**
 * Seeded sampling, then projected gradient descent on max_r m_r from the best samples (step
 * η·width·sign(∂), η halving on failure). Returns an exactly checked counterexample or undefined.
 */
export function falsify(
  net: Network,
  lo: readonly Fraction[],
  hi: readonly Fraction[],
  rows: readonly ExactRow[],
  options: FalsifyOptions = {},
  stats: FalsifyStats = { floatEvaluations: 0, exactChecks: 0 },
): Counterexample | undefined {
  const f = floatNetwork(net);
  const fr = floatRows(rows);
  const n = f.inputs;
  const flo = Float64Array.from(lo, (v) => v.valueOf());
  const fhi = Float64Array.from(hi, (v) => v.valueOf());
  const acts = [new Float64Array(n), ...f.layers.map((l) => new Float64Array(l.outputs))];
  const tmp: [Float64Array, Float64Array] = [new Float64Array(f.maxWidth), new Float64Array(f.maxWidth)];
  const grad = new Float64Array(n);
  const random = mulberry32(options.seed ?? 1);
  const tolerance = options.tolerance ?? 1e-9;
  const objective = (x: Float64Array): { value: number; row: number } => {
    stats.floatEvaluations++;
    const y = forward(f, x, acts);
    let value = Number.NEGATIVE_INFINITY;
    let row = 0;
    fr.c.forEach((c, r) => {
      let m = fr.d[r] as number;
      for (let i = 0; i < c.length; i++) m += (c[i] as number) * (y[i] as number);
      if (m > value) {
        value = m;
        row = r;
      }
    });
    return { value, row };
  };
  const tryExact = (x: Float64Array): Counterexample | undefined => {
    stats.exactChecks++;
    return confirmCounterexample(net, lo, hi, rows, x);
  };
  const candidates: { x: Float64Array; value: number }[] = [];
  const samples = options.samples ?? 64;
  for (let s = 0; s < samples; s++) {
    const x = new Float64Array(n);
    for (let t = 0; t < n; t++) x[t] = s === 0 ? ((flo[t] as number) + (fhi[t] as number)) / 2 : (flo[t] as number) + random() * ((fhi[t] as number) - (flo[t] as number));
    const { value } = objective(x);
    if (value <= tolerance) {
      const ce = tryExact(x);
      if (ce !== undefined) return ce;
    }
    candidates.push({ x, value });
  }
  candidates.sort((a, b) => a.value - b.value);
  const restarts = Math.min(options.restarts ?? 4, candidates.length);
  const steps = options.steps ?? 30;
  const y = new Float64Array(n);
  for (let r = 0; r < restarts; r++) {
    const x = Float64Array.from((candidates[r] as { x: Float64Array }).x);
    let current = objective(x);
    let eta = 0.25;
    for (let step = 0; step < steps && eta > 1e-6; step++) {
      gradient(f, acts, fr.c[current.row] as Float64Array, grad, tmp);
      for (let t = 0; t < n; t++) {
        const g = grad[t] as number;
        const w = (fhi[t] as number) - (flo[t] as number);
        y[t] = Math.min(fhi[t] as number, Math.max(flo[t] as number, (x[t] as number) - (g > 0 ? eta * w : g < 0 ? -eta * w : 0)));
      }
      const next = objective(y);
      if (next.value < current.value) {
        x.set(y);
        current = next;
        if (current.value <= tolerance) {
          const ce = tryExact(x);
          if (ce !== undefined) return ce;
        }
      } else {
        eta /= 2;
        objective(x); // restore the pattern of x for the next gradient
      }
    }
  }
  return undefined;
}
