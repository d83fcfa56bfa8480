/**
 * The certified interior-point question for integer rows (the region engine's polyhedra), on a
 * fast path: the warm-started dense simplex (solvers/denseSimplex.ts) proposes, BigInt checks
 * dispose. Floats never decide; every answer returned here passed an exact check below, and any
 * proposal that fails one is handed to the general path of solvers/certified.ts
 * ({@link interiorPoint}: glpk.js, then vertex reconstruction, the safe dual bound, the exact
 * simplex), so this module can only be faster, never less certain.
 *
 * The question: do the rows a_i·x < b_i (all read strict) have a common solution? It is the
 * slack LP of solvers/certified.ts — maximize t subject to a_i·x + s_i·t ≤ b_i, t ≤ 1, with s_i
 * the power of two that scales row i to coefficients of size ≤ 1 — and its answer is either
 * - a point: the float optimum with t > 0, its coordinates snapped to simple rationals within
 *   t/(4n) (the margin t guarantees), checked exactly: a_i·x < b_i for every row; or
 * - Motzkin multipliers (Motzkin 1936): y ≥ 0, y ≠ 0, Σ y_i a_i = 0 and Σ y_i b_i ≤ 0 (all rows
 *   strict, so this refutes them). They are the exact kernel vector of the columns a_i on the
 *   support of the float duals (fraction-free Gauss–Jordan elimination, Bareiss 1968: integer
 *   multipliers, divided by their gcd), kept only when that kernel is one-dimensional, and
 *   checked exactly.
 * Why here rather than in certified.ts: the general path converts the integer rows to Fractions
 * and back for every question; at 8 inputs that conversion, the Fraction arithmetic of the
 * checks and the garbage they leave were most of the certified LP's time (RESULTS.md).
 */
import Fraction from 'fraction.js';
import type { IntegerRow } from '../src/exact/integerRow.js';
import { gcdBig, lcmBig } from '../src/exact/integer.js';
import { FLOAT_MIN_MAGNITUDE } from '../src/exact/float.js';
import type { LinearSystem } from '../src/polyhedra/system.js';
import { type CertifiedOptions, type InteriorResult, interiorPoint, lpStats } from './certified.js';
import { type InequalityLp, type SimplexBasis, solveInequalityLp } from './denseSimplex.js';
import { bigRatioToFloat, snapToRational } from './exactLinear.js';

/**
 * A row of the slack LP in float form: (a/s, 1) and b/s, with s the power of two that puts the
 * largest |a_j|/s in [1/2, 1).
 */
export interface ScaledFloatRow {
  readonly coefficients: Float64Array;
  readonly rhs: number;
  /**
   * Whether every nonzero entry (and b) converted into the normal range (≥ 2^-1020): only then
   * does the relative error model of the float filters hold for the row (src/engine/witness.ts).
   * A small entry of a row with a huge one is subnormal or flushed to 0 after the scaling.
   */
  readonly normal: boolean;
}

/** Float forms by row object: a node's rows are its parent's row objects plus one. */
const floatRows = new WeakMap<IntegerRow, ScaledFloatRow>();
/**
 * The same cache as a non-enumerable symbol-keyed property of the row (a WeakMap lookup per row
 * per LP was 5 % of r8's time): invisible to JSON, structured clones, Object.keys and equality
 * tests. Rows that cannot take it (frozen) use the WeakMap.
 */
const FLOAT_ROW = Symbol('float row');

/** The float form of a row, cached by row object (also the ray filter's, src/engine/witness.ts). @internal */
export function floatRowOf(row: IntegerRow): ScaledFloatRow {
  const own = (row as { [FLOAT_ROW]?: ScaledFloatRow })[FLOAT_ROW];
  if (own !== undefined) return own;
  let f = floatRows.get(row);
  if (f === undefined) {
    let max = 0n;
    for (const v of row.a) {
      const u = v < 0n ? -v : v;
      if (u > max) max = u;
    }
    // 2^e ≥ max with e = bit length (a power of two within a factor 2 of the largest entry).
    const e = max === 0n ? 0 : max.toString(2).length;
    const big = 1n << BigInt(e);
    const coefficients = new Float64Array(row.a.length + 1);
    row.a.forEach((v, j) => {
      coefficients[j] = bigRatioToFloat(v, big);
    });
    coefficients[row.a.length] = 1;
    const rhs = bigRatioToFloat(row.b, big);
    f = { coefficients, rhs, normal: !Number.isNaN(trustedFloat(row.b, rhs)) && row.a.every((v, j) => !Number.isNaN(trustedFloat(v, coefficients[j] as number))) };
    if (Object.isExtensible(row)) Object.defineProperty(row, FLOAT_ROW, { value: f });
    else floatRows.set(row, f);
  }
  return f;
}


/** Answer of {@link integerInteriorFrom}: the certified answer, and the proposer's final basis. */
export interface WarmInteriorResult {
  readonly result: InteriorResult;
  /**
   * The dense simplex's optimal basis of the slack LP (row indices; −(n + 1) is the slack's
   * bound t ≤ 1), a start for a later question whose rows extend these; undefined when none.
   */
  readonly basis: SimplexBasis | undefined;
}
const ZERO = new Fraction(0n);

/** The slack LP in floats: variables (x, t), maximize t, row i: (a_i/s_i)·x + t ≤ b_i/s_i, then t ≤ 1 (basis index −(n + 1)). */
function slackProblem(rows: readonly IntegerRow[], n: number): InequalityLp {
  const M = rows.length + 1;
  const g: Float64Array[] = new Array(M);
  const h = new Float64Array(M);
  const id = new Int32Array(M);
  for (let i = 0; i < rows.length; i++) {
    const f = floatRowOf(rows[i] as IntegerRow);
    g[i] = f.coefficients;
    h[i] = f.rhs;
    id[i] = i;
  }
  const bound = new Float64Array(n + 1);
  bound[n] = 1;
  g[rows.length] = bound;
  h[rows.length] = 1;
  id[rows.length] = -(n + 1);
  return { N: n + 1, M, g, h, id, c: bound };
}

/**
 * A converted value, or NaN when it is nonzero and below the normal range (≥ 2^-1020): there the
 * relative error model of the float filters fails (a subnormal or flushed value). NaN makes every
 * float test fail, so the exact one decides. The one rule of the filters here and in
 * src/engine/witness.ts. @internal
 */
export function trustedFloat(exact: bigint, converted: number): number {
  return exact !== 0n && !(Math.abs(converted) >= FLOAT_MIN_MAGNITUDE) ? Number.NaN : converted;
}

/**
 * Whether x = num/den (den > 0) satisfies every row strictly: a_i·num < b_i·den. Exact.
 *
 * A float filter first, row by row, with the error bound of src/engine/witness.ts `signAt`:
 * every double here is within 3ε of its rational (the row's scaled float form, floatRowOf, and
 * fl(num_j/den)), so for n ≤ 1000 the float slack b − a·x is within 10⁻¹²·Σ|terms| + 10⁻³⁰⁰ of
 * the exact one (scaled by the row's power of two) — for normal floats: a nonzero value below
 * the normal range is NaN here, and its row is tested exactly. A slack beyond that bound decides the row;
 * any other row is tested in BigInt. The answer is the exact test's.
 * @internal exported for tests
 */
export function strictlyInside(rows: readonly IntegerRow[], num: readonly bigint[], den: bigint): boolean {
  const n = num.length;
  let x: Float64Array | undefined;
  if (n <= 1000) {
    x = new Float64Array(n);
    for (let j = 0; j < n; j++) x[j] = trustedFloat(num[j] as bigint, bigRatioToFloat(num[j] as bigint, den));
    if (!x.every(Number.isFinite)) x = undefined;
  }
  for (const r of rows) {
    const f = x === undefined ? undefined : floatRowOf(r);
    if (x !== undefined && f !== undefined && f.normal) {
      const g = f.coefficients;
      let slack = f.rhs;
      let size = Math.abs(slack);
      for (let j = 0; j < n; j++) {
        const t = (g[j] as number) * (x[j] as number);
        slack -= t;
        size += Math.abs(t);
      }
      if (Number.isFinite(size)) {
        const bound = 1e-12 * size + 1e-300;
        if (slack > bound) continue;
        if (slack < -bound) return false;
      }
    }
    let s = 0n;
    for (let j = 0; j < n; j++) {
      const v = num[j] as bigint;
      if (v !== 0n) s += (r.a[j] as bigint) * v;
    }
    if (s >= r.b * den) return false;
  }
  return true;
}

/**
 * Whether integer multipliers y (one per row) prove that the rows a_i·x < b_i have no common
 * solution: y ≥ 0, some y_i > 0, Σ y_i a_i = 0 and Σ y_i b_i ≤ 0 (a solution x would give
 * 0 = Σ y_i a_i·x < Σ y_i b_i ≤ 0). Exact.
 * @internal exported for tests
 */
export function refutesStrict(rows: readonly IntegerRow[], y: readonly bigint[], n: number): boolean {
  if (y.length !== rows.length) return false;
  const sum = new Array<bigint>(n).fill(0n);
  let rhs = 0n;
  let positive = false;
  for (let i = 0; i < rows.length; i++) {
    const yi = y[i] as bigint;
    if (yi < 0n) return false;
    if (yi === 0n) continue;
    positive = true;
    const r = rows[i] as IntegerRow;
    for (let j = 0; j < n; j++) sum[j] = (sum[j] as bigint) + yi * (r.a[j] as bigint);
    rhs += yi * r.b;
  }
  return positive && rhs <= 0n && sum.every((v) => v === 0n);
}

/**
 * The kernel of the n×k integer matrix whose columns are `columns`, when it is one-dimensional:
 * an integer vector (entries divided by their gcd, sign unspecified); undefined otherwise.
 * Fraction-free Gauss–Jordan elimination: after each pivot step every entry is a minor of the
 * matrix, so the divisions by the previous pivot are exact, and all pivots are equal at the end.
 * @internal exported for tests
 */
export function integerKernelVector(columns: readonly (readonly bigint[])[], n: number): bigint[] | undefined {
  const k = columns.length;
  if (k === 0) return undefined;
  const E: bigint[][] = [];
  for (let j = 0; j < n; j++) E.push(columns.map((c) => c[j] as bigint));
  let previous = 1n;
  let row = 0;
  const pivotColumns: number[] = [];
  const free: number[] = [];
  for (let q = 0; q < k; q++) {
    let r = row;
    while (r < n && (E[r] as bigint[])[q] === 0n) r++;
    if (r === n) {
      free.push(q);
      if (free.length > 1) return undefined;
      continue;
    }
    if (r !== row) [E[r], E[row]] = [E[row] as bigint[], E[r] as bigint[]];
    const P = E[row] as bigint[];
    const p = P[q] as bigint;
    for (let s = 0; s < n; s++) {
      if (s === row) continue;
      const S = E[s] as bigint[];
      const f = S[q] as bigint;
      for (let j = 0; j < k; j++) {
        if (j === q) continue;
        S[j] = (p * (S[j] as bigint) - f * (P[j] as bigint)) / previous;
      }
      S[q] = 0n;
    }
    // The earlier pivot rows' pivots become p as well (their entries in column q are now 0).
    previous = p;
    pivotColumns.push(q);
    row++;
  }
  if (free.length !== 1) return undefined;
  const f = free[0] as number;
  const y = new Array<bigint>(k).fill(0n);
  y[f] = previous;
  pivotColumns.forEach((q, r) => {
    y[q] = -((E[r] as bigint[])[f] as bigint);
  });
  let g = 0n;
  for (const v of y) g = gcdBig(g, v);
  return g > 1n ? y.map((v) => v / g) : y;
}

/**
 * {@link integerKernelVector} of the columns, with the columns that have a single nonzero entry
 * (a box's rows) eliminated first: the first such column on coordinate j settles equation j by
 * itself, so the kernel is that of the other columns on the other coordinates, and the
 * eliminated columns' entries follow from it (scaled by the lcm of their nonzeros, so that the
 * division is exact). Same kernel, same dimension test: the primitive kernel vector up to its
 * sign (callers fix the sign), from a smaller elimination (on box domains most supports hold a
 * few box rows; the kernel vector was 11 % of r8's time).
 * @internal exported for tests
 */
export function supportKernel(columns: readonly (readonly bigint[])[], n: number): bigint[] | undefined {
  const k = columns.length;
  const eliminator = new Array<number>(n).fill(-1);
  const eliminated = new Array<boolean>(k).fill(false);
  let any = false;
  for (let q = 0; q < k; q++) {
    const c = columns[q] as readonly bigint[];
    let at = -1;
    let count = 0;
    for (let j = 0; j < n && count < 2; j++) {
      if ((c[j] as bigint) !== 0n) {
        at = j;
        count++;
      }
    }
    if (count === 1 && (eliminator[at] as number) < 0) {
      eliminator[at] = q;
      eliminated[q] = true;
      any = true;
    }
  }
  if (!any) return integerKernelVector(columns, n);
  const rest: number[] = [];
  for (let q = 0; q < k; q++) if (!eliminated[q]) rest.push(q);
  // Unit columns on distinct coordinates alone are independent: the kernel is trivial.
  if (rest.length === 0) return undefined;
  const coordinates: number[] = [];
  for (let j = 0; j < n; j++) if ((eliminator[j] as number) < 0) coordinates.push(j);
  const reduced = integerKernelVector(
    rest.map((q) => coordinates.map((j) => (columns[q] as readonly bigint[])[j] as bigint)),
    coordinates.length,
  );
  if (reduced === undefined) return undefined;
  let scale = 1n;
  for (let j = 0; j < n; j++) {
    const e = eliminator[j] as number;
    if (e >= 0) scale = lcmBig(scale, absolute((columns[e] as readonly bigint[])[j] as bigint));
  }
  const y = new Array<bigint>(k).fill(0n);
  rest.forEach((q, t) => {
    y[q] = (reduced[t] as bigint) * scale;
  });
  for (let j = 0; j < n; j++) {
    const e = eliminator[j] as number;
    if (e < 0) continue;
    let sum = 0n;
    for (const q of rest) sum += ((columns[q] as readonly bigint[])[j] as bigint) * (y[q] as bigint);
    y[e] = -sum / ((columns[e] as readonly bigint[])[j] as bigint);
  }
  let g = 0n;
  for (const v of y) g = gcdBig(g, v);
  return g > 1n ? y.map((v) => v / g) : y;
}

function absolute(v: bigint): bigint {
  return v < 0n ? -v : v;
}

/**
 * A point strictly inside the rows a_i·x < b_i, or Motzkin multipliers proving there is none,
 * with the warm-started dense simplex's final basis (a start for a later question whose rows
 * extend these: row indices, −(n + 1) for the slack's bound t ≤ 1). `basis` is the start (an
 * earlier question's). A proposal the exact checks reject goes to {@link interiorPoint} on the
 * same rows (counted as a fallback there when glpk.js cannot settle it either).
 */
export function integerInteriorFrom(rows: readonly IntegerRow[], n: number, basis: SimplexBasis | undefined, options: CertifiedOptions = {}): WarmInteriorResult {
  const stats = options.stats ?? lpStats;
  const r = solveInequalityLp(slackProblem(rows, n), basis);
  stats.warmSolves++;
  stats.pivots += r.pivots;
  if (r.warm) stats.warmStarts++;
  if (r.status === 'optimal') {
    const answer = certifyProposal(rows, n, r.v, r.y);
    if (answer !== undefined) {
      stats.floatSolves++;
      stats.floatSuccesses++;
      stats.certified++;
      return { result: answer, basis: r.basis };
    }
  }
  stats.warmRejected++;
  return { result: interiorPoint(systemOf(rows, n), options), basis: r.status === 'optimal' ? r.basis : undefined };
}

/**
 * The exactly checked answer from a float proposal — the slack LP's optimum (x, t) and its row
 * duals (one per row, then the bound t ≤ 1's) — or undefined when neither the snapped point nor
 * the multipliers on the duals' support pass the exact checks.
 * @internal exported for tests (a wrong proposal must be refused)
 */
export function certifyProposal(rows: readonly IntegerRow[], n: number, primal: Float64Array, duals: Float64Array): InteriorResult | undefined {
  const t = primal[n] as number;
  const nearZero = Math.abs(t) <= 1e-9;
  if (t > 0 || nearZero) {
    if (t > 0) {
      const tolerance = t / (4 * Math.max(1, n));
      const snapped = Array.from(primal.subarray(0, n), (v) => snapToRational(v, tolerance));
      let den = 1n;
      for (const v of snapped) den = lcmBig(den, v.d);
      const num = snapped.map((v) => (v.s < 0n ? -v.n : v.n) * (den / v.d));
      if (strictlyInside(rows, num, den)) return { kind: 'interior', point: snapped };
    }
  }
  if (t <= 0 || nearZero) {
    let max = 0;
    for (const y of duals) max = Math.max(max, Math.abs(y));
    if (!(max > 0) || !Number.isFinite(max)) return undefined;
    // The duals of the row t ≤ 1 (last) is 0 when t* < 1; only the rows' own duals form the support.
    const support: number[] = [];
    for (let i = 0; i < rows.length; i++) if ((duals[i] as number) > 1e-9 * max) support.push(i);
    const kernel = supportKernel(
      support.map((i) => (rows[i] as IntegerRow).a),
      n,
    );
    if (kernel === undefined) return undefined;
    const sign = kernel.some((v) => v > 0n) ? 1n : -1n;
    const y = new Array<bigint>(rows.length).fill(0n);
    support.forEach((i, s) => {
      y[i] = sign * (kernel[s] as bigint);
    });
    if (refutesStrict(rows, y, n)) return { kind: 'empty-interior', multipliers: y.map((v) => (v === 0n ? ZERO : new Fraction(v))) };
  }
  return undefined;
}

/** The rows as a closed linear system (the general path reads them strict). */
function systemOf(rows: readonly IntegerRow[], n: number): LinearSystem {
  return {
    variables: n,
    constraints: rows.map((r) => ({ coefficients: r.a.map((v) => new Fraction(v)), relation: '<=' as const, rhs: new Fraction(r.b) })),
  };
}
