/**
 * Falsification: search for a point of the box where every margin row is ≤ 0 (a point of the
 * violation set). Floats only choose candidates — the points of the grid {lo, centre, hi}ⁿ,
 * seeded samples (half of them pulled onto the box's faces), then projected gradient descent on
 * F(x) = max_r m_r(x) (a subgradient through the activation pattern) from the best of them — and
 * a candidate counts only when its exact evaluation (src/network/evaluate.ts) lies in the
 * violation set: the float point is read as the exact rational it denotes and clamped into the
 * exact box, so the counterexample is a rational point inside the box that violates exactly.
 *
 * Why the grid and the faces: ACAS Xu's violation sets are slivers against the box's faces. On
 * network 1_9 φ7 three quarters of the box is a plateau where F is constant (every ReLU of a
 * layer off, so the gradient is 0) and descents from 200 interior samples end at local minima
 * F ≈ 4.7·10⁻⁴ > 0, while the grid point (lo, hi, hi, centre, hi) has F ≈ −9·10⁻⁵; on 1_2 φ2
 * the violation set is a sliver 0.006 wide in x₁ on the face x₀ = lo, x₃ = hi, x₄ = hi
 * (benchmarks/RESULTS.md, "Falsification for φ7 and φ2").
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
  /** Random points tried after the grid (default 64); every second one is pulled onto faces. */
  readonly samples?: number;
  /**
   * In a face-pulled sample, the chance that a coordinate is put on its lower bound, and again
   * on its upper one (default 1/4; 0: every sample uniform in the box).
   */
  readonly faceChance?: number;
  /** Gradient descents from the best candidates (default 4). */
  readonly restarts?: number;
  /** Steps per descent (default 30). */
  readonly steps?: number;
  /** Float values of F at or below this are checked exactly (default 1e-9). */
  readonly tolerance?: number;
  /** The grid {lo, centre, hi}ⁿ is tried when it has at most this many points (default 729, n ≤ 6; 0: no grid). */
  readonly grid?: number;
  /**
   * Float evaluations to spend in further rounds (fresh samples and descents, the seed's
   * sequence continued) once the first round has failed (default 0: one round). A count, not
   * seconds, so that the answer for a seed is the same on every machine and at every load.
   */
  readonly budget?: number;
}

/** Statistics of the last {@link falsify} call (for benchmarks). */
export interface FalsifyStats {
  floatEvaluations: number;
  exactChecks: number;
}

/** The chance that a coordinate of a face-pulled sample is put on each of its two bounds. */
const FACE_CHANCE = 0.25;

/**
 * The float search of one list of rows on a box (the box may be changed, {@link setBox}, so that
 * the search's nodes reuse one instance): objective, subgradient and descent.
 */
class BoxSearch {
  private readonly f: FloatNet;
  private readonly fr: FloatRows;
  readonly n: number;
  flo: Float64Array;
  fhi: Float64Array;
  private lo: readonly Fraction[];
  private hi: readonly Fraction[];
  private readonly acts: Float64Array[];
  private readonly tmp: [Float64Array, Float64Array];
  private readonly grad: Float64Array;
  private readonly y: Float64Array;
  /** The row attaining F at the last {@link objective} point. */
  private row = 0;

  constructor(
    private readonly net: Network,
    lo: readonly Fraction[],
    hi: readonly Fraction[],
    private readonly rows: readonly ExactRow[],
    private readonly stats: FalsifyStats,
    private readonly tolerance: number,
  ) {
    this.f = floatNetwork(net);
    this.fr = floatRows(rows);
    this.n = this.f.inputs;
    this.lo = lo;
    this.hi = hi;
    this.flo = Float64Array.from(lo, (v) => v.valueOf());
    this.fhi = Float64Array.from(hi, (v) => v.valueOf());
    this.acts = [new Float64Array(this.n), ...this.f.layers.map((l) => new Float64Array(l.outputs))];
    this.tmp = [new Float64Array(this.f.maxWidth), new Float64Array(this.f.maxWidth)];
    this.grad = new Float64Array(this.n);
    this.y = new Float64Array(this.n);
  }

  /** Moves the search to another box (exact bounds and their float copies). */
  setBox(lo: readonly Fraction[], hi: readonly Fraction[], flo: Float64Array, fhi: Float64Array): void {
    this.lo = lo;
    this.hi = hi;
    this.flo = flo;
    this.fhi = fhi;
  }

  /** F(x) = max_r m_r(N(x)) in floats; leaves x's activation pattern in the workspace. */
  objective(x: Float64Array): number {
    this.stats.floatEvaluations++;
    const out = forward(this.f, x, this.acts);
    let value = Number.NEGATIVE_INFINITY;
    this.fr.c.forEach((c, r) => {
      let m = this.fr.d[r] as number;
      for (let i = 0; i < c.length; i++) m += (c[i] as number) * (out[i] as number);
      if (m > value) {
        value = m;
        this.row = r;
      }
    });
    return value;
  }

  /** The exact check of x when its float value is small enough (module comment). */
  check(x: Float64Array, value: number): Counterexample | undefined {
    if (!(value <= this.tolerance)) return undefined;
    this.stats.exactChecks++;
    return confirmCounterexample(this.net, this.lo, this.hi, this.rows, x);
  }

  /**
   * Projected descent from x (overwritten with the lowest point reached): step η·width·sign(∂)
   * along the active row's gradient at x, η halving when a step does not lower F (the gradient
   * at x is kept then, not recomputed). A start whose gradient is 0 (a plateau of F) ends at
   * once: no step can leave it. Returns the exactly checked counterexample met, if any, and F at
   * the final x.
   */
  descend(x: Float64Array, steps: number, eta0 = 0.25): { readonly counterexample?: Counterexample; readonly value: number } {
    const { n, flo, fhi, grad, y } = this;
    let current = this.objective(x);
    let eta = eta0;
    let fresh = false;
    for (let step = 0; step < steps && eta > 1e-6; step++) {
      if (!fresh) {
        gradient(this.f, this.acts, this.fr.c[this.row] as Float64Array, grad, this.tmp);
        fresh = true;
      }
      let moved = false;
      for (let t = 0; t < n; t++) {
        const g = grad[t] as number;
        const w = (fhi[t] as number) - (flo[t] as number);
        const v = Math.min(fhi[t] as number, Math.max(flo[t] as number, (x[t] as number) - (g > 0 ? eta * w : g < 0 ? -eta * w : 0)));
        if (v !== x[t]) moved = true;
        y[t] = v;
      }
      if (!moved) break;
      const next = this.objective(y);
      if (next < current) {
        x.set(y);
        current = next;
        fresh = false; // the workspace holds y's pattern, now x's
        const counterexample = this.check(x, current);
        if (counterexample !== undefined) return { counterexample, value: current };
      } else {
        eta /= 2;
        // The workspace now holds y's pattern; the kept gradient is x's, so no restore is needed.
      }
    }
    return { value: current };
  }
}

/**
 * The points of the grid {lo, centre, hi}ⁿ, centre first (digit 0 is the centre, 1 lo, 2 hi),
 * when the grid has at most `cap` points; none otherwise.
 */
function* gridPoints(flo: Float64Array, fhi: Float64Array, cap: number): Generator<Float64Array> {
  const n = flo.length;
  if (n === 0 || n * Math.log(3) > Math.log(Math.max(cap, 1)) + 1e-9) return;
  const count = 3 ** n;
  for (let c = 0; c < count; c++) {
    const x = new Float64Array(n);
    let q = c;
    for (let t = 0; t < n; t++) {
      const digit = q % 3;
      q = (q - digit) / 3;
      const l = flo[t] as number;
      const h = fhi[t] as number;
      x[t] = digit === 0 ? (l + h) / 2 : digit === 1 ? l : h;
    }
    yield x;
  }
}

/**
 * Seeded candidates, then projected gradient descent from the best of them (module comment);
 * further rounds while `budget` lasts. Returns an exactly checked counterexample or undefined.
 * Deterministic: the same seed and options give the same candidates, so the same answer.
 */
export function falsify(
  net: Network,
  lo: readonly Fraction[],
  hi: readonly Fraction[],
  rows: readonly ExactRow[],
  options: FalsifyOptions = {},
  stats: FalsifyStats = { floatEvaluations: 0, exactChecks: 0 },
): Counterexample | undefined {
  const search = new BoxSearch(net, lo, hi, rows, stats, options.tolerance ?? 1e-9);
  const { n, flo, fhi } = search;
  const random = mulberry32(options.seed ?? 1);
  const faceChance = options.faceChance ?? FACE_CHANCE;
  const sample = (s: number): Float64Array => {
    const x = new Float64Array(n);
    const toFaces = faceChance > 0 && s % 2 === 1;
    for (let t = 0; t < n; t++) {
      const l = flo[t] as number;
      const h = fhi[t] as number;
      const u = toFaces ? random() : 1;
      x[t] = u < faceChance ? l : u < 2 * faceChance ? h : l + random() * (h - l);
    }
    return x;
  };
  const samples = options.samples ?? 64;
  const restarts = options.restarts ?? 4;
  const steps = options.steps ?? 30;
  const start = stats.floatEvaluations;
  const budget = options.budget ?? 0;
  let gridDone = false;
  for (let round = 0; round === 0 || stats.floatEvaluations - start < budget; round++) {
    const candidates: { x: Float64Array; value: number }[] = [];
    const consider = (x: Float64Array): Counterexample | undefined => {
      const value = search.objective(x);
      candidates.push({ x, value });
      return search.check(x, value);
    };
    if (!gridDone) {
      gridDone = true;
      for (const x of gridPoints(flo, fhi, options.grid ?? 729)) {
        const ce = consider(x);
        if (ce !== undefined) return ce;
      }
      // Without a grid the centre comes first, as before.
      if (candidates.length === 0) {
        const ce = consider(Float64Array.from(flo, (l, t) => (l + (fhi[t] as number)) / 2));
        if (ce !== undefined) return ce;
      }
    }
    for (let s = 0; s < samples; s++) {
      const ce = consider(sample(s));
      if (ce !== undefined) return ce;
    }
    // Stable sort: ties (a plateau) keep the order of generation, so the result is the seed's.
    candidates.sort((a, b) => a.value - b.value);
    let descents = 0;
    let previous = Number.NaN;
    for (const cand of candidates) {
      if (descents >= restarts) break;
      // Equal values are usually one plateau or one region: one descent from there is enough.
      if (cand.value === previous) continue;
      previous = cand.value;
      descents++;
      const x = Float64Array.from(cand.x);
      const { counterexample } = search.descend(x, steps);
      if (counterexample !== undefined) return counterexample;
    }
    if (samples === 0 && descents === 0) break;
  }
  return undefined;
}

/**
 * Projected gradient descent inside boxes, for one list of rows: the search's falsification at
 * its open nodes (the descent of {@link falsify} without sampling), built once per list of rows
 * and moved from box to box, so that a node pays only for its steps.
 */
export class BoxDescent {
  private readonly search: BoxSearch;

  constructor(net: Network, rows: readonly ExactRow[], inputs: number, stats: FalsifyStats = { floatEvaluations: 0, exactChecks: 0 }) {
    const zero = Array.from({ length: inputs }, () => new Fraction(0));
    this.search = new BoxSearch(net, zero, zero, rows, stats, 1e-9);
  }

  /**
   * `steps` steps from x (clamped into the box first, then overwritten with the lowest point
   * reached) inside the box lo..hi (flo, fhi its float copies). Returns the exactly checked
   * counterexample met, if any, and the float value F at the final x.
   */
  descend(lo: readonly Fraction[], hi: readonly Fraction[], flo: Float64Array, fhi: Float64Array, x: Float64Array, steps: number): { readonly counterexample?: Counterexample; readonly value: number } {
    this.search.setBox(lo, hi, flo, fhi);
    for (let t = 0; t < x.length; t++) x[t] = Math.min(fhi[t] as number, Math.max(flo[t] as number, x[t] as number));
    return this.search.descend(x, steps);
  }
}
