/**
 * A bent ray: from an interior point w of P, towards the far side of z = a·x + c = 0, along the
 * gradient of z projected onto the rows that blocked the earlier legs — a few steps of Rosen's
 * gradient projection (J. B. Rosen, "The gradient projection method for nonlinear programming,
 * Part I", SIAM J. Appl. Math. 8, 1960), planned in floats. A straight ray along ∓∇z (witness.ts
 * `shoot`) stops at the first row it meets; on a thin far side the bent path slides along that
 * row and often gets there.
 *
 * The floats only plan: the path's end is rounded to a point on a dyadic grid finer than its
 * float margins, and that point is kept only when the exact test finds it strictly inside every
 * row of P and strictly on the far side. So the answer is exact whatever the floats did; a
 * failed plan decides nothing (the next decider asks).
 */
import type { IntegerRow } from '../exact/integerRow.js';
import { dotInteger } from '../exact/vector.js';
import { floatRowOf, strictlyInside } from '../../solvers/integerInterior.js';
import { type Witness, floatFormOf, floatPoint, reducedWitness } from './witness.js';

/**
 * The most bends of a path (legs = bends + 1). On r8 (RESULTS.md): 2 bends 0.93 LPs per region,
 * 3 bends 0.83, 5 bends 0.65, 8 bends 0.56, in about the same time; 5 keeps the path short.
 */
export const MAX_PATH_BENDS = 5;

/**
 * How far towards the row it meets a leg goes before it bends (a fraction of the way): near the
 * row the next leg, which slides along it, has the most room (0.5: 0.77 LPs per region on r8,
 * 0.95: 0.65, and faster).
 */
const BEND_AT = 0.95;

/** The points a path starts from: the witness and the node's newest further points (9: no fewer LPs, more time). */
export const MAX_PATH_STARTS = 3;

function dot(u: ArrayLike<number>, v: ArrayLike<number>, n: number): number {
  let s = 0;
  for (let j = 0; j < n; j++) s += (u[j] as number) * (v[j] as number);
  return s;
}

/**
 * Scratch space of {@link projectedPath}, grown as needed (one module per thread): the path
 * runs at most nodes, and allocating its vectors per call was a third of its time (GC).
 */
const scratch = {
  rows: 0,
  n: 0,
  slack: new Float64Array(0),
  along: new Float64Array(0),
  size: new Float64Array(0),
  coefficients: [] as Float64Array[],
  x: new Float64Array(0),
  gradient: new Float64Array(0),
  d: new Float64Array(0),
  /** Rows of unit normals, (bends + 1) × n. */
  normals: new Float64Array(0),
};

function scratchFor(m: number, n: number, bends: number): typeof scratch {
  if (scratch.rows < m) {
    scratch.rows = 2 * m;
    scratch.slack = new Float64Array(2 * m);
    scratch.along = new Float64Array(2 * m);
    scratch.size = new Float64Array(2 * m);
  }
  if (scratch.n !== n || scratch.normals.length < (bends + 1) * n) {
    scratch.n = n;
    scratch.x = new Float64Array(n);
    scratch.gradient = new Float64Array(n);
    scratch.d = new Float64Array(n);
    scratch.normals = new Float64Array((bends + 1) * n);
  }
  return scratch;
}

/**
 * A point strictly inside P (the rows, read strict) with z of sign s there, reached from w (z of
 * sign −s at w) by a path of at most `bends` + 1 legs along the projected gradient of s·z; or
 * undefined when the plan fails or its rounded end does not pass the exact test.
 */
export function projectedPath(rows: readonly IntegerRow[], w: Witness, a: readonly bigint[], c: bigint, s: 1 | -1, bends: number = MAX_PATH_BENDS): Witness | undefined {
  const n = a.length;
  const m = rows.length;
  const form = floatFormOf(a, c);
  if (form === undefined) return undefined;
  const start = floatPoint(w);
  for (let j = 0; j < n; j++) if (!Number.isFinite(start[j] as number)) return undefined;
  const { slack, along, size, coefficients, x, gradient, d, normals } = scratchFor(m, n, bends);
  x.set(start);
  // The rows' float slacks at x (scaled rows, floatRowOf), updated along the legs, and their ℓ1 norms.
  for (let r = 0; r < m; r++) {
    const f = floatRowOf(rows[r] as IntegerRow);
    if (!f.normal) return undefined;
    const g = f.coefficients;
    coefficients[r] = g;
    let v = f.rhs;
    let l = 0;
    for (let j = 0; j < n; j++) {
      v -= (g[j] as number) * (x[j] as number);
      l += Math.abs(g[j] as number);
    }
    slack[r] = v;
    size[r] = l;
  }
  let z = form.c + dot(form.a, x, n);
  // The unit gradient of s·z, and the direction of the current leg (that gradient less its parts
  // along the unit normals of the rows met so far, kept orthonormal by Gram–Schmidt).
  const gradientNorm = Math.sqrt(dot(form.a, form.a, n));
  if (!(gradientNorm > 0) || !Number.isFinite(gradientNorm)) return undefined;
  for (let j = 0; j < n; j++) gradient[j] = (s * (form.a[j] as number)) / gradientNorm;
  d.set(gradient);
  for (let leg = 0; leg <= bends; leg++) {
    const rate = dot(form.a, d, n); // dz/dt along d (of sign s)
    if (!(s * rate > 1e-9 * gradientNorm)) return undefined; // the leg hardly moves z
    const cross = -z / rate;
    if (!(cross > 0)) return undefined;
    let exit = Number.POSITIVE_INFINITY;
    let hit = -1;
    for (let r = 0; r < m; r++) {
      const g = coefficients[r] as Float64Array;
      let v = 0;
      for (let j = 0; j < n; j++) v += (g[j] as number) * (d[j] as number);
      along[r] = v;
      if (v > 0) {
        const t = (slack[r] as number) / v;
        if (t < exit) {
          exit = t;
          hit = r;
        }
      }
    }
    // Past the crossing, halfway to the exit (twice the crossing when no row is met); or
    // nearly to the row met (BEND_AT), then on along the gradient projected onto its plane too.
    const last = cross < exit;
    if (!last && (leg === bends || hit < 0)) return undefined;
    const step = last ? (Number.isFinite(exit) ? (cross + exit) / 2 : 2 * cross) : exit * BEND_AT;
    for (let j = 0; j < n; j++) x[j] = (x[j] as number) + step * (d[j] as number);
    for (let r = 0; r < m; r++) slack[r] = (slack[r] as number) - step * (along[r] as number);
    z += step * rate;
    if (last) return roundedInside(rows, x, a, c, s, Math.abs(z) / l1(form.a, n), slack, size);
    // The new unit normal (row `hit` less its parts along the earlier ones), then d anew.
    const g = coefficients[hit] as Float64Array;
    const u = leg * n;
    for (let j = 0; j < n; j++) normals[u + j] = g[j] as number;
    withoutParts(normals, u, normals, u, n);
    let norm = 0;
    for (let j = 0; j < n; j++) norm += (normals[u + j] as number) ** 2;
    norm = Math.sqrt(norm);
    if (!(norm > 1e-9)) return undefined;
    for (let j = 0; j < n; j++) normals[u + j] = (normals[u + j] as number) / norm;
    d.set(gradient);
    withoutParts(d, 0, normals, u + n, n);
  }
  return undefined;
}

/**
 * Gram–Schmidt's step: v (the n entries of `v` from `at`) less its parts along the orthonormal
 * vectors stored in `basis` before index `end` (n entries each).
 */
function withoutParts(v: Float64Array, at: number, basis: Float64Array, end: number, n: number): void {
  for (let e = 0; e < end; e += n) {
    let p = 0;
    for (let j = 0; j < n; j++) p += (v[at + j] as number) * (basis[e + j] as number);
    for (let j = 0; j < n; j++) v[at + j] = (v[at + j] as number) - p * (basis[e + j] as number);
  }
}

/** The largest power-of-two exponent of the rounding grid (a finer one means the floats cannot tell). */
const MAX_GRID_EXPONENT = 960;

/**
 * The float point x rounded to the dyadic grid 2^−k finer than a quarter of its margins (z's,
 * and the rows' float slacks over their ℓ1 norms), if that grid point passes the exact test.
 */
function roundedInside(rows: readonly IntegerRow[], x: Float64Array, a: readonly bigint[], c: bigint, s: 1 | -1, zMargin: number, slack: Float64Array, size: Float64Array): Witness | undefined {
  const n = a.length;
  let margin = zMargin;
  for (let r = 0; r < rows.length; r++) margin = Math.min(margin, (slack[r] as number) / (size[r] as number));
  if (!(margin > 0) || !Number.isFinite(margin)) return undefined;
  const k = Math.max(0, Math.ceil(-Math.log2(margin / 4)));
  if (k > MAX_GRID_EXPONENT) return undefined;
  const scale = 2 ** k;
  const num: bigint[] = [];
  for (let j = 0; j < n; j++) {
    const v = Math.round((x[j] as number) * scale);
    if (!Number.isFinite(v)) return undefined;
    num.push(BigInt(v));
  }
  const den = 1n << BigInt(k);
  const z = dotInteger(a, num) + c * den;
  if (s > 0 ? z <= 0n : z >= 0n) return undefined;
  return strictlyInside(rows, num, den) ? reducedWitness(num, den) : undefined;
}

function l1(v: ArrayLike<number>, n: number): number {
  let s = 0;
  for (let j = 0; j < n; j++) s += Math.abs(v[j] as number);
  return s;
}
