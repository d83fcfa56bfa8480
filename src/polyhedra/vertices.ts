/**
 * Exact V-representations of bounded polytopes, kept incrementally along a split tree: the
 * region engine's node polytope P (the domain box cut by one half-space per split) with its
 * vertex list, so that most sign decisions need no LP.
 *
 * - A polytope starts as a box ({@link boxPolytope}) and is refined one half-space at a time
 *   ({@link clip}, {@link split}) by the double-description step (Motzkin, Raiffa, Thompson &
 *   Thrall 1953): keep the vertices inside, drop those outside, and add the point where each
 *   edge from an inside vertex to an outside vertex meets the hyperplane.
 * - The sign of an affine function z = a·x + c on P is read off its values at the vertices
 *   ({@link signOn}); when it is fixed, the KKT conditions at the optimal vertex give the Motzkin
 *   multipliers the checker wants ({@link fixedSignCertificate}) by one small exact linear solve.
 * - A rational point strictly inside a full-dimensional P is an average of vertices
 *   ({@link interiorPoint}).
 *
 * Representation. A vertex is an integer vector over a positive common denominator, reduced
 * (gcd(num, den) = 1), so that a vertex has exactly one representation and its bit size is that
 * of the rational point — never the history of how it was reached. Its incidence set (the rows
 * tight at it) is a Uint32 bitset: the adjacency test, the hot path of the clip, is then a few
 * 32-bit ANDs per pair and per third vertex, with no allocation. Incidence sets are built
 * incrementally (a clip only adds the new row's bit), never recomputed from the rows; that is why
 * this module never needs the rows themselves except for certificates.
 *
 * Exact float64 fast paths. On the engine's polytopes vertex coordinates have ~25 bits and rows
 * ~20 (measured on the benchmark networks), and each BigInt operation allocates. So a vertex
 * keeps a float64 copy of its integers when they are below 2^53, and values a·num + c·den are
 * computed in float64 when every product and partial sum provably stays below 2^53 — then the
 * float result is the exact integer (see affineValues); comparisons of values/den use float
 * ratios with a rigorous error margin and fall back to BigInt for close calls; gcds switch to
 * float64 Euclid once both operands are below 2^52 (exact/smallGcd.ts); crossing points and
 * interior-point averages are computed in float64 when every intermediate provably stays below
 * 2^52 (floatCrossing, floatAverage). Nothing inexact ever decides.
 *
 * Row indices are the engine's: the box's 2n rows first (−x_j ≤ −lo_j for every j, then
 * x_j ≤ hi_j, see regions/domain.ts), then one row per clip, in clip order. So an incidence
 * index is a row index of the engine's node system, usable directly as a Motzkin multiplier index.
 *
 * Rows whose coefficients are all 0 never enter incidence sets: 0·x ≤ b is either P itself
 * (b ≥ 0) or empty (b < 0), defines no face, and a bit set at every vertex would only inflate the
 * size test of adjacency.
 *
 * Cost and limits. A clip costs O(|V_in|·|V_out|·|V|·⌈m/32⌉) word operations for the adjacency
 * tests plus O(|V|·n) BigInt products. Vertex counts of polytopes with m facets are at most m in
 * the plane, 2m − 4 in R^3 and O(m^⌊n/2⌋) in general (McMullen's upper bound theorem), so this
 * is meant for n ≤ ~6 (the box alone has 2^n vertices; {@link boxPolytope} refuses n > 16).
 *
 * Immutability. Polytopes and vertices are never mutated after construction (the Uint32Array of
 * a vertex included); children share their parent's untouched vertex objects, which is what makes
 * a depth-first walk cheap.
 */
import Fraction from 'fraction.js';
import { dotInteger as dot } from '../exact/vector.js';
import { exactMaximize } from '../../solvers/exactSimplex.js';
import { denominator, numerator } from '../exact/rational.js';
import type { IntegerRow } from '../exact/integerRow.js';
import type { LinearConstraint } from './system.js';
import { FLOAT_CONVERSION_DELTA, UNIT_ROUNDOFF, rationalToFloat } from '../exact/float.js';
import { affinelyIndependentPoints } from './affineIndependence.js';
import { gcdFloat, gcdSmallFirst } from '../exact/smallGcd.js';

export type { IntegerRow } from '../exact/integerRow.js';

/** A vertex: the point num/den (den > 0, gcd(num…, den) = 1) and the rows tight at it. */
export interface Vertex {
  readonly num: readonly bigint[];
  readonly den: bigint;
  /**
   * Bit t (word t >>> 5, bit t & 31) is set iff row t (with a nonzero coefficient) is tight at
   * the vertex. Length: the polytope's {@link VertexPolytope.words}. Never mutated.
   */
  readonly incidence: Uint32Array;
  /**
   * num_0 … num_{n−1}, den as float64 when every one of them is below 2^53 in magnitude (so the
   * conversion is exact), else undefined: the exact float path of {@link evaluate} (see there).
   */
  readonly small: Float64Array | undefined;
  /**
   * fl(num_j/den) per coordinate (relative error ≤ {@link FLOAT_CONVERSION_DELTA}, exact/float.ts)
   * for a vertex without {@link small}, or undefined when some coordinate is outside the range
   * where that model holds: the float sign filter of {@link floatSignOn}. A vertex with `small`
   * has no `approx`: its fl(num_j/den) is small[j]/small[n], always in range (integers of
   * magnitude 1 to 2^53 over 1 to 2^53), computed where it is read — one typed array fewer per
   * vertex (garbage collection was 30 % of the 5-input benchmark, mostly live vertices copied).
   */
  readonly approx: Float64Array | undefined;
}

/** A bounded polytope in R^n given by `rowCount` integer rows and its exact vertex list. */
export interface VertexPolytope {
  /** The ambient dimension n. */
  readonly dimension: number;
  /** Number of rows (the next clip's row gets this index). */
  readonly rowCount: number;
  /** Words per incidence bitset: ⌈rowCount / 32⌉ (at least 1). */
  readonly words: number;
  /** The vertices, without repetition (empty when the polytope is empty). */
  readonly vertices: readonly Vertex[];
  /** Whether the polytope has a nonempty interior (its vertices affinely span R^n). */
  readonly fullDimensional: boolean;
}

/** A rational num/den with den > 0 (not necessarily reduced). */
export interface Ratio {
  readonly num: bigint;
  readonly den: bigint;
}

/** What {@link signOn} found: the extremes of z = a·x + c over the polytope. */
export interface SignOnPolytope {
  /** min z over P and the index of a vertex attaining it. */
  readonly min: Ratio;
  readonly argmin: number;
  /** max z over P and the index of a vertex attaining it. */
  readonly max: Ratio;
  readonly argmax: number;
  /**
   * +1 when min z ≥ 0 (the side z < 0 has an empty interior in P), −1 when max z ≤ 0 (the side
   * z > 0 does; also when z ≡ 0 on P — 0 counts as off, as for the engine's constants), 0 when
   * min z < 0 < max z (z splits P).
   */
  readonly sign: 1 | -1 | 0;
  /** z(v)·den_v per vertex (same order as P.vertices): its sign is the sign of z at the vertex. Reusable by {@link split}. */
  readonly values: readonly bigint[];
}

/** Sparse Motzkin multipliers in the checker's canonical form: increasing row indices, nonzero values. */
export interface SparseMultipliers {
  readonly rows: number[];
  readonly values: Fraction[];
}

/**
 * The same multipliers as integers over one positive denominator: value k is num[k]/den
 * (num[k] > 0; not reduced). {@link fixedSignMultipliers} returns this form, which costs no
 * Fraction construction (each one normalizes by a BigInt gcd) — for callers that store proofs and
 * format them later.
 */
export interface IntegerMultipliers {
  readonly rows: number[];
  readonly num: bigint[];
  readonly den: bigint;
}

/** Largest dimension {@link boxPolytope} accepts (2^16 vertices). */
export const MAX_BOX_DIMENSION = 16;

/**
 * Degenerate vertices (more than n tight rows): how many n-subsets of the tight rows the
 * certificate search tries by default before handing the cone problem to the exact simplex.
 */
export const MAX_BASIS_SUBSETS = 512;

/** Options of {@link fixedSignCertificate}. */
export interface CertificateOptions {
  /**
   * At a degenerate vertex, how many n-subsets of its tight rows to try before the exact simplex
   * takes over (default {@link MAX_BASIS_SUBSETS}; 0 always uses the simplex — for tests).
   */
  readonly maxBasisSubsets?: number;
}

// ---------------------------------------------------------------------------------------------
// Small BigInt helpers (local: the hot loops should not pay for generality)

function abs(x: bigint): bigint {
  return x < 0n ? -x : x;
}

const SAFE = 2n ** 53n;

/** gcd(|a|, |b|) with a float64 path once the operands are below 2^52 (exact/smallGcd.ts). */
const gcd = gcdSmallFirst;

function isZeroVector(a: readonly bigint[]): boolean {
  for (const v of a) if (v !== 0n) return false;
  return true;
}

/** num/den reduced, den made positive (den ≠ 0). */
function reduced(num: bigint[], den: bigint): { num: bigint[]; den: bigint } {
  if (den < 0n) {
    den = -den;
    for (let j = 0; j < num.length; j++) num[j] = -(num[j] as bigint);
  }
  let g = den;
  for (let j = 0; j < num.length && g !== 1n; j++) {
    const v = num[j] as bigint;
    if (v !== 0n) g = gcd(g, v);
  }
  if (g === 1n) return { num, den };
  for (let j = 0; j < num.length; j++) num[j] = (num[j] as bigint) / g;
  return { num, den: den / g };
}

function fits(x: bigint): boolean {
  return x < SAFE && x > -SAFE;
}

/** A vertex with its float64 copy when exact (see {@link Vertex.small}). */
function makeVertex(point: { num: bigint[]; den: bigint }, incidence: Uint32Array): Vertex {
  const { num, den } = point;
  const n = num.length;
  let small: Float64Array | undefined;
  let all = fits(den);
  for (let j = 0; j < n && all; j++) all = fits(num[j] as bigint);
  if (all) {
    small = new Float64Array(n + 1);
    for (let j = 0; j < n; j++) small[j] = Number(num[j] as bigint);
    small[n] = Number(den);
  }
  return { num, den, incidence, small, approx: small !== undefined ? undefined : approximate(num, den) };
}

/** fl(num_j/den) per coordinate, or undefined where the relative error model fails (see {@link Vertex.approx}). */
function approximate(num: readonly bigint[], den: bigint): Float64Array | undefined {
  const x = new Float64Array(num.length);
  for (let j = 0; j < num.length; j++) {
    const v = rationalToFloat(num[j] as bigint, den);
    if (Number.isNaN(v)) return undefined;
    x[j] = v;
  }
  return x;
}

/** 2^52: below it, integer doubles have exact sums of two and gcdFloat applies. */
const FLOAT_GCD_LIMIT = 4503599627370496;

/**
 * The crossing point (sw·num_v − sv·num_w) / (sw·den_v − sv·den_w) reduced, in float64 when that
 * is exact: v and w have float copies, sv and sw are below 2^53, and every |sw·x_v| + |sv·x_w|
 * (x a coordinate or the denominator) computes below 2^52. Rounding is monotone and 2^52 is a
 * double, so a computed product or sum below 2^52 means the exact one is below 2^52: every
 * product is then an exact integer, so is every difference, gcdFloat applies, and the divisions
 * by the gcd are exact. Returns undefined when the test fails (then BigInt).
 */
function floatCrossing(v: Vertex, w: Vertex, sv: bigint, sw: bigint, n: number, incidence: Uint32Array): Vertex | undefined {
  const vs = v.small;
  const ws = w.small;
  if (vs === undefined || ws === undefined || !fits(sv) || !fits(sw)) return undefined;
  const fv = Number(sv);
  const fw = Number(sw);
  const x = new Float64Array(n + 1);
  for (let j = 0; j <= n; j++) {
    const p = fw * (vs[j] as number);
    const q = fv * (ws[j] as number);
    if (!(Math.abs(p) + Math.abs(q) < FLOAT_GCD_LIMIT)) return undefined;
    const d = p - q;
    x[j] = d === 0 ? 0 : d; // no −0: the BigInt path's Number(0n) is +0
  }
  const den = x[n] as number; // > 0: sw > 0 > sv and both denominators are positive
  let g = den;
  for (let j = 0; j < n && g !== 1; j++) {
    const e = x[j] as number;
    if (e !== 0) g = gcdFloat(g, Math.abs(e));
  }
  const num = new Array<bigint>(n);
  if (g !== 1) for (let j = 0; j <= n; j++) x[j] = (x[j] as number) / g;
  for (let j = 0; j < n; j++) num[j] = BigInt(x[j] as number);
  return { num, den: BigInt(x[n] as number), incidence, small: x, approx: undefined };
}

/**
 * The exact value a·num + c·den at every vertex. Float path first: when a, c and the vertex are
 * integers below 2^53 and S = Σ|a_j·num_j| + |c·den| < 2^53, every product and partial sum in
 * float64 is an integer of magnitude ≤ S, hence exact, and so is the result. That holds for
 * nearly every vertex of the engine's polytopes (coordinates of ~25 bits, rows of ~20) and costs
 * a few float operations instead of 2n + 2 allocating BigInt operations. Otherwise BigInt.
 */
function affineValues(V: readonly Vertex[], a: readonly bigint[], c: bigint): bigint[] {
  const n = a.length;
  const out = new Array<bigint>(V.length);
  let af: Float64Array | undefined;
  if (fits(c) && a.every(fits)) {
    af = new Float64Array(n + 1);
    for (let j = 0; j < n; j++) af[j] = Number(a[j] as bigint);
    af[n] = Number(c);
  }
  for (let i = 0; i < V.length; i++) {
    const v = V[i] as Vertex;
    const x = v.small;
    if (af !== undefined && x !== undefined) {
      let z = 0;
      let size = 0;
      for (let j = 0; j <= n; j++) {
        const t = (af[j] as number) * (x[j] as number);
        z += t;
        size += Math.abs(t);
      }
      if (size < 9007199254740992) {
        out[i] = BigInt(z);
        continue;
      }
    }
    out[i] = dot(a, v.num) + c * v.den;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Bitsets

function wordsFor(rowCount: number): number {
  return Math.max(1, (rowCount + 31) >>> 5);
}

function popcount32(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}

/** A copy of `inc` with `words` words and bit `t` set (t < 0: none). */
function withBit(inc: Uint32Array, words: number, t: number): Uint32Array {
  const out = new Uint32Array(words);
  out.set(inc.length <= words ? inc : inc.subarray(0, words));
  if (t >= 0) out[t >>> 5] = ((out[t >>> 5] as number) | (1 << (t & 31))) >>> 0;
  return out;
}

/** The indices of the set bits, increasing. */
function bitsOf(inc: Uint32Array): number[] {
  const out: number[] = [];
  for (let w = 0; w < inc.length; w++) {
    let x = inc[w] as number;
    while (x !== 0) {
      const low = x & -x;
      out.push((w << 5) + 31 - Math.clz32(low));
      x = (x ^ low) >>> 0;
    }
  }
  return out;
}

/** The row indices tight at a vertex (increasing). */
export function incidenceRows(v: Vertex): number[] {
  return bitsOf(v.incidence);
}

// ---------------------------------------------------------------------------------------------
// Construction

/**
 * The engine's rows of the box Π [lo_j, hi_j], in its order and scaling (regions/domain.ts
 * domainRows, then enumerate.ts integerRows; checker/regionTree.ts integerDomainRows): with
 * lo_j = p/q and hi_j = p'/q' reduced, row j is −q·x_j ≤ −p and row n + j is q'·x_j ≤ p'.
 */
export function boxRows(lo: readonly Fraction[], hi: readonly Fraction[]): IntegerRow[] {
  if (lo.length !== hi.length) throw new RangeError(`box bounds of different lengths: ${lo.length} lower, ${hi.length} upper`);
  const n = lo.length;
  const unit = (j: number, v: bigint): bigint[] => Array.from({ length: n }, (_, t) => (t === j ? v : 0n));
  return [
    ...lo.map((l, j): IntegerRow => ({ a: unit(j, -denominator(l)), b: -numerator(l) })),
    ...hi.map((h, j): IntegerRow => ({ a: unit(j, denominator(h)), b: numerator(h) })),
  ];
}

/**
 * The polytope of a box given by the engine's 2n box rows ({@link boxRows}: row j is
 * −q_j·x_j ≤ −p_j, row n + j is q'_j·x_j ≤ p'_j, q_j, q'_j > 0, any positive scaling): its
 * 2^n corners with their incidence. A flat box (lo_j = hi_j) gets each corner once, tight at both
 * rows of a flat coordinate; an empty one (lo_j > hi_j) has no vertices.
 * @throws RangeError when the rows are not such a box or n > {@link MAX_BOX_DIMENSION}.
 */
export function boxPolytope(rows: readonly IntegerRow[]): VertexPolytope {
  if (rows.length % 2 !== 0 || rows.length === 0) throw new RangeError(`a box in R^n has 2n rows, got ${rows.length}`);
  const n = rows.length / 2;
  if (n > MAX_BOX_DIMENSION) throw new RangeError(`a box in R^${n} has 2^${n} vertices; at most R^${MAX_BOX_DIMENSION} is supported`);
  const lo: Ratio[] = [];
  const hi: Ratio[] = [];
  for (let j = 0; j < n; j++) {
    const lower = rows[j] as IntegerRow;
    const upper = rows[n + j] as IntegerRow;
    const ok = (r: IntegerRow, s: bigint): boolean => r.a.length === n && r.a.every((v, t) => (t === j ? v * s > 0n : v === 0n));
    if (!ok(lower, -1n)) throw new RangeError(`row ${j} is not a lower bound −q·x_${j} ≤ −p (q > 0)`);
    if (!ok(upper, 1n)) throw new RangeError(`row ${n + j} is not an upper bound q·x_${j} ≤ p (q > 0)`);
    // −q x ≤ −p ⇔ x ≥ p/q = (−b)/(−a_j); q x ≤ p ⇔ x ≤ b/a_j.
    lo.push({ num: -lower.b, den: -(lower.a[j] as bigint) });
    hi.push({ num: upper.b, den: upper.a[j] as bigint });
  }
  const words = wordsFor(2 * n);
  const cmp = lo.map((l, j) => {
    const h = hi[j] as Ratio;
    const d = l.num * h.den - h.num * l.den;
    return d < 0n ? -1 : d > 0n ? 1 : 0;
  });
  if (cmp.some((s) => s > 0)) return { dimension: n, rowCount: 2 * n, words, vertices: [], fullDimensional: false };
  // Corners: coordinate j takes lo_j (bit j of the mask clear) or hi_j (set); flat coordinates only lo_j.
  const vertices: Vertex[] = [];
  for (let mask = 0; mask < 1 << n; mask++) {
    let skip = false;
    for (let j = 0; j < n; j++) if (cmp[j] === 0 && (mask >>> j) & 1) skip = true;
    if (skip) continue;
    let den = 1n;
    const pick = (j: number): Ratio => (((mask >>> j) & 1) === 1 ? (hi[j] as Ratio) : (lo[j] as Ratio));
    for (let j = 0; j < n; j++) {
      const d = pick(j).den;
      den = (den / gcd(den, d)) * d;
    }
    const num = Array.from({ length: n }, (_, j) => pick(j).num * (den / pick(j).den));
    const incidence = new Uint32Array(words);
    for (let j = 0; j < n; j++) {
      const bits = cmp[j] === 0 ? [j, n + j] : ((mask >>> j) & 1) === 1 ? [n + j] : [j];
      for (const t of bits) incidence[t >>> 5] = ((incidence[t >>> 5] as number) | (1 << (t & 31))) >>> 0;
    }
    vertices.push(makeVertex(reduced(num, den), incidence));
  }
  return { dimension: n, rowCount: 2 * n, words, vertices, fullDimensional: cmp.every((s) => s < 0) };
}

// ---------------------------------------------------------------------------------------------
// The double-description step

/**
 * Whether vertices i and j of `vertices` span an edge, by the combinatorial test: with
 * I = inc(v_i) ∩ inc(v_j), the face F = {x ∈ P : a_t·x = b_t for t ∈ I} is the smallest face
 * containing both (any face containing them is cut out by rows tight at both), and F's
 * vertices are exactly the vertices u with inc(u) ⊇ I — so v_i v_j is an edge iff no third
 * vertex contains I. This needs complete incidence sets, and holds for every polytope, full-
 * dimensional or not. The size filter |I| ≥ n − 1 is necessary (an edge's tight rows have rank
 * n − 1) and rejects most pairs before the scan. `scratch` receives I.
 */
function isEdge(vertices: readonly Vertex[], i: number, j: number, words: number, need: number, scratch: Uint32Array, simple: Uint8Array): boolean {
  const p = (vertices[i] as Vertex).incidence;
  const q = (vertices[j] as Vertex).incidence;
  let count = 0;
  for (let w = 0; w < words; w++) {
    const x = ((p[w] as number) & (q[w] as number)) >>> 0;
    scratch[w] = x;
    count += popcount32(x);
  }
  if (count < need) return false;
  // A vertex with exactly n tight rows has them linearly independent (they have rank n there), so
  // n − 1 of them shared with another vertex cut out a face of dimension 1 holding both: an edge,
  // with no scan. Degenerate vertices (more tight rows, e.g. a redundant row through them) scan.
  if (count === need && (simple[i] === 1 || simple[j] === 1)) return true;
  for (let u = 0; u < vertices.length; u++) {
    if (u === i || u === j) continue;
    const r = (vertices[u] as Vertex).incidence;
    let contains = true;
    for (let w = 0; w < words; w++) {
      if (((scratch[w] as number) & ~(r[w] as number)) !== 0) {
        contains = false;
        break;
      }
    }
    if (contains) return false;
  }
  return true;
}

/** A 32-bit mix of a row index (murmur3's finaliser): XORs of these hash sets of rows. */
function rowHash(t: number): number {
  let h = Math.imul(t + 1, 0x9e3779b1);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Whether inc(v) without row t equals inc(w) without row u (bitsets of the same length). */
function equalWithout(p: Uint32Array, t: number, q: Uint32Array, u: number): boolean {
  for (let w = 0; w < p.length; w++) {
    const x = w === t >>> 5 ? (p[w] as number) & ~(1 << (t & 31)) : (p[w] as number);
    const y = w === u >>> 5 ? (q[w] as number) & ~(1 << (u & 31)) : (q[w] as number);
    if (x >>> 0 !== y >>> 0) return false;
  }
  return true;
}

/**
 * The edges of P from a vertex of `below` to one of `above`, in the order of a double loop over
 * `below` then `above` (so that the crossing points, hence the children's vertex lists, are those
 * of the plain pair test — the same polytopes, witnesses and certificates).
 *
 * Testing every pair costs |below|·|above| bitset intersections, which dominated the clip from
 * 6 inputs on (44 million pair tests for 1 500 regions of an 8-input net, benchmarks/RESULTS.md,
 * issue 15). Most vertices are simple (exactly n tight rows, then linearly independent), and two
 * simple vertices span an edge iff their tight sets differ in exactly one row (see
 * {@link isEdge}): then inc(v) ∖ {t} = inc(w) ∖ {u} for one t of v and one u of w. So simple
 * pairs are found by a hash join on the n "sets minus one row" of each vertex (XOR hashes,
 * every match confirmed by comparing the bitsets), in O((|below| + |above|)·n) expected; pairs
 * with a degenerate vertex fall back to {@link isEdge}.
 */
function edgesAcross(V: readonly Vertex[], below: readonly number[], above: readonly number[], n: number, words: number): number[] {
  // Flat typed buffers instead of per-vertex row arrays, Maps and pair objects (this function was
  // a tenth of the 5-input benchmark, much of it allocation): the tight rows of every simple
  // vertex of below ∪ above (n per vertex), an open-addressing table for the hash join, and the
  // pairs returned flat (i0, k0, i1, k1, …) in the same order as before.
  const m = V.length;
  const rows = grownInt32(edgeBuffers, 'rows', m * n);
  const simple = grownUint8(m);
  const hashes = grownUint32(m);
  const degenerateAbove: number[] = [];
  const classify = (i: number): void => {
    const inc = (V[i] as Vertex).incidence;
    let count = 0;
    for (let w = 0; w < inc.length; w++) count += popcount32(inc[w] as number);
    if (count !== n) {
      simple[i] = 0;
      return;
    }
    simple[i] = 1;
    let h = 0;
    let o = i * n;
    for (let w = 0; w < inc.length; w++) {
      let x = inc[w] as number;
      while (x !== 0) {
        const low = x & -x;
        const t = (w << 5) + 31 - Math.clz32(low);
        rows[o++] = t;
        h ^= rowHash(t);
        x = (x ^ low) >>> 0;
      }
    }
    hashes[i] = h >>> 0;
  };
  for (const k of above) classify(k);
  for (const i of below) classify(i);
  // The table: one entry per (simple above vertex, row u), keyed by the hash of inc ∖ {u}.
  let capacity = 16;
  while (capacity < 2 * above.length * n) capacity <<= 1;
  const mask = capacity - 1;
  const keys = grownUint32Table(capacity);
  const ranks = grownInt32(edgeBuffers, 'ranks', capacity);
  const us = grownInt32(edgeBuffers, 'us', capacity);
  ranks.fill(-1, 0, capacity);
  for (let rank = 0; rank < above.length; rank++) {
    const k = above[rank] as number;
    if (simple[k] === 0) {
      degenerateAbove.push(rank);
      continue;
    }
    const h = hashes[k] as number;
    for (let r = k * n; r < k * n + n; r++) {
      const u = rows[r] as number;
      const key = (h ^ rowHash(u)) >>> 0;
      let slot = key & mask;
      while ((ranks[slot] as number) !== -1) slot = (slot + 1) & mask;
      keys[slot] = key;
      ranks[slot] = rank;
      us[slot] = u;
    }
  }
  const scratch = new Uint32Array(words);
  const out: number[] = [];
  const found: number[] = [];
  for (const i of below) {
    found.length = 0;
    if (simple[i] === 1) {
      const p = (V[i] as Vertex).incidence;
      const h = hashes[i] as number;
      for (let r = i * n; r < i * n + n; r++) {
        const t = rows[r] as number;
        const key = (h ^ rowHash(t)) >>> 0;
        for (let slot = key & mask; (ranks[slot] as number) !== -1; slot = (slot + 1) & mask) {
          if (keys[slot] !== key) continue;
          const rank = ranks[slot] as number;
          if (equalWithout(p, t, (V[above[rank] as number] as Vertex).incidence, us[slot] as number)) found.push(rank);
        }
      }
      for (const rank of degenerateAbove) if (isEdge(V, i, above[rank] as number, words, n - 1, scratch, simple)) found.push(rank);
    } else {
      for (let rank = 0; rank < above.length; rank++) if (isEdge(V, i, above[rank] as number, words, n - 1, scratch, simple)) found.push(rank);
    }
    // Increasing rank within one below vertex (below is walked in order): a few entries, insertion sort.
    for (let x = 1; x < found.length; x++) {
      const y = found[x] as number;
      let z = x - 1;
      while (z >= 0 && (found[z] as number) > y) {
        found[z + 1] = found[z] as number;
        z--;
      }
      found[z + 1] = y;
    }
    for (const rank of found) out.push(i, above[rank] as number);
  }
  return out;
}

// Buffers of edgesAcross, grown on demand and reused: it is synchronous and never re-entered.
const edgeBuffers: Record<'rows' | 'ranks' | 'us', Int32Array> = { rows: new Int32Array(64), ranks: new Int32Array(64), us: new Int32Array(64) };
let simpleBuffer = new Uint8Array(64);
let hashBuffer = new Uint32Array(64);
let keyBuffer = new Uint32Array(64);

function grownInt32(pool: Record<string, Int32Array>, name: 'rows' | 'ranks' | 'us', size: number): Int32Array {
  let b = pool[name] as Int32Array;
  if (b.length < size) {
    b = new Int32Array(Math.max(size, 2 * b.length));
    pool[name] = b;
  }
  return b;
}

function grownUint8(size: number): Uint8Array {
  if (simpleBuffer.length < size) simpleBuffer = new Uint8Array(Math.max(size, 2 * simpleBuffer.length));
  return simpleBuffer;
}

function grownUint32(size: number): Uint32Array {
  if (hashBuffer.length < size) hashBuffer = new Uint32Array(Math.max(size, 2 * hashBuffer.length));
  return hashBuffer;
}

function grownUint32Table(size: number): Uint32Array {
  if (keyBuffer.length < size) keyBuffer = new Uint32Array(Math.max(size, 2 * keyBuffer.length));
  return keyBuffer;
}

/**
 * The vertices where the hyperplane s = 0 crosses P's edges: for every edge v w with s(v) < 0 <
 * s(w) (`values` holds s·den per vertex, so signs are exact), the point
 *   x = (s_w·num_v − s_v·num_w) / (s_w·den_v − s_v·den_w),
 * which is v + t(w − v) with t = s(v)/(s(v) − s(w)) written over integers (s_v, s_w the scaled
 * values; the denominator is > 0 as a sum of two positive products). It lies in the relative
 * interior of the edge, so its tight rows are exactly the edge's, I = inc(v) ∩ inc(w), plus the
 * new row `row`. Distinct edges have disjoint relative interiors, so no point repeats, and none
 * equals an old vertex.
 */
function crossings(P: VertexPolytope, values: readonly bigint[], row: number, words: number): Vertex[] {
  const V = P.vertices;
  const below: number[] = [];
  const above: number[] = [];
  for (let i = 0; i < V.length; i++) {
    const s = values[i] as bigint;
    if (s < 0n) below.push(i);
    else if (s > 0n) above.push(i);
  }
  const out: Vertex[] = [];
  if (below.length === 0 || above.length === 0) return out;
  const n = P.dimension;
  const scratch = new Uint32Array(P.words);
  const pairs = edgesAcross(V, below, above, n, P.words);
  for (let e = 0; e < pairs.length; e += 2) {
    const i = pairs[e] as number;
    const k = pairs[e + 1] as number;
    const v = V[i] as Vertex;
    const w = V[k] as Vertex;
    const sv = values[i] as bigint;
    const sw = values[k] as bigint;
    const p = v.incidence;
    const q = w.incidence;
    for (let t = 0; t < P.words; t++) scratch[t] = ((p[t] as number) & (q[t] as number)) >>> 0;
    const incidence = withBit(scratch, words, row);
    const fast = floatCrossing(v, w, sv, sw, n, incidence);
    if (fast !== undefined) {
      out.push(fast);
      continue;
    }
    const num = new Array<bigint>(n);
    for (let j = 0; j < n; j++) num[j] = sw * (v.num[j] as bigint) - sv * (w.num[j] as bigint);
    out.push(makeVertex(reduced(num, sw * v.den - sv * w.den), incidence));
  }
  return out;
}

/** A kept vertex in a polytope with `words` words per bitset: itself when nothing changes. */
function kept(v: Vertex, words: number): Vertex {
  return v.incidence.length === words ? v : { num: v.num, den: v.den, incidence: withBit(v.incidence, words, -1), small: v.small, approx: v.approx };
}

/**
 * The child P ∩ {s ≤ 0} where s·den_v = `values[v]`: the vertices with s < 0, those with s = 0
 * (gaining the new row's bit), and the crossing points. `onHyperplane` and `cross` are shared
 * between the two children of a split.
 */
function child(P: VertexPolytope, values: readonly bigint[], keepSign: 1 | -1, onHyperplane: readonly Vertex[], cross: readonly Vertex[], words: number): VertexPolytope {
  const vertices: Vertex[] = [];
  let strict = false;
  P.vertices.forEach((v, i) => {
    const s = values[i] as bigint;
    if (keepSign < 0 ? s < 0n : s > 0n) {
      vertices.push(kept(v, words));
      strict = true;
    }
  });
  for (const v of onHyperplane) vertices.push(v);
  for (const v of cross) vertices.push(v);
  // Full-dimensional iff the parent is and some vertex lies strictly inside the new row: if every
  // vertex had s ≥ 0 the whole P (the hull of its vertices) would lie in {s ≥ 0}, so the child
  // would lie in the hyperplane; conversely, a vertex p with s(p) < 0 has an open neighbourhood
  // in {s < 0}, which meets int P because P is the closure of its interior — an open set inside
  // the child. A child of a flat parent is flat.
  return { dimension: P.dimension, rowCount: P.rowCount + 1, words, vertices, fullDimensional: P.fullDimensional && strict };
}

function onHyperplaneVertices(P: VertexPolytope, values: readonly bigint[], words: number): Vertex[] {
  const out: Vertex[] = [];
  P.vertices.forEach((v, i) => {
    if (values[i] === 0n) out.push({ num: v.num, den: v.den, incidence: withBit(v.incidence, words, P.rowCount), small: v.small, approx: v.approx });
  });
  return out;
}

/** The same polytope with one more row that is implied everywhere and tight nowhere in the incidence sense (a zero row). */
function withTrivialRow(P: VertexPolytope, holds: boolean): VertexPolytope {
  const words = wordsFor(P.rowCount + 1);
  if (!holds) return { dimension: P.dimension, rowCount: P.rowCount + 1, words, vertices: [], fullDimensional: false };
  return { dimension: P.dimension, rowCount: P.rowCount + 1, words, vertices: P.vertices.map((v) => kept(v, words)), fullDimensional: P.fullDimensional };
}

/**
 * P ∩ {a·x ≤ b}, the new row getting index P.rowCount: one double-description step (vertices
 * with a·v < b stay, those with a·v = b stay and gain the row, those with a·v > b go, and each
 * edge from a kept to a dropped vertex contributes its point on a·x = b). Exact; the result may be
 * empty or lower-dimensional ({@link VertexPolytope.fullDimensional} says which).
 */
export function clip(P: VertexPolytope, row: IntegerRow): VertexPolytope {
  const n = P.dimension;
  if (row.a.length !== n) throw new RangeError(`row has ${row.a.length} coefficients, the polytope lives in R^${n}`);
  if (isZeroVector(row.a)) return withTrivialRow(P, row.b >= 0n);
  const values = affineValues(P.vertices, row.a, -row.b);
  const words = wordsFor(P.rowCount + 1);
  const on = onHyperplaneVertices(P, values, words);
  const cross = crossings(P, values, P.rowCount, words);
  return child(P, values, -1, on, cross, words);
}

/**
 * Both children of a split by z = a·x + c, in the engine's convention: `positive` is
 * P ∩ {−a·x ≤ c} (z ≥ 0) and `negative` is P ∩ {a·x ≤ −c} (z ≤ 0), each with the new row at
 * index P.rowCount. One evaluation and one adjacency pass serve both: the crossing points of z = 0
 * are the same for the two sides. `values` may be passed from {@link signOn} to skip the evaluation.
 */
export function split(P: VertexPolytope, a: readonly bigint[], c: bigint, values?: readonly bigint[]): { positive: VertexPolytope; negative: VertexPolytope } {
  const n = P.dimension;
  if (a.length !== n) throw new RangeError(`z has ${a.length} coefficients, the polytope lives in R^${n}`);
  if (isZeroVector(a)) return { positive: withTrivialRow(P, c >= 0n), negative: withTrivialRow(P, c <= 0n) };
  const z = values ?? evaluate(P, a, c);
  if (z.length !== P.vertices.length) throw new RangeError(`${z.length} values for ${P.vertices.length} vertices`);
  const words = wordsFor(P.rowCount + 1);
  const on = onHyperplaneVertices(P, z, words);
  const cross = crossings(P, z, P.rowCount, words);
  // Positive child: the row −z ≤ 0, i.e. keep z ≥ 0 (s = −z ≤ 0).
  return { positive: child(P, z, 1, on, cross, words), negative: child(P, z, -1, on, cross, words) };
}

/** z(v)·den_v = a·num_v + c·den_v for every vertex (its sign is the sign of z at v). */
export function evaluate(P: VertexPolytope, a: readonly bigint[], c: bigint): bigint[] {
  return affineValues(P.vertices, a, c);
}

// ---------------------------------------------------------------------------------------------
// Queries

/**
 * The sign of z = a·x + c on P in {@link SignOnPolytope.sign}'s convention, from the signs of z at
 * the vertices alone: exact values (no min/max comparisons — those only a certificate needs), and
 * `values` for {@link split}; undefined `values` when the float filter decided.
 */
export function vertexSign(P: VertexPolytope, a: readonly bigint[], c: bigint): { sign: 1 | -1 | 0; values: readonly bigint[] | undefined } {
  if (P.vertices.length === 0) throw new RangeError('vertexSign of an empty polytope');
  const filtered = floatSignOn(P, a, c);
  if (filtered !== undefined) return { sign: filtered, values: undefined };
  const values = evaluate(P, a, c);
  let positive = false;
  let negative = false;
  for (const v of values) {
    if (v > 0n) positive = true;
    else if (v < 0n) negative = true;
  }
  return { sign: positive && negative ? 0 : positive ? 1 : -1, values };
}

/** η: absolute slack covering underflow (as in network/evaluate.ts). */
const UNDERFLOW_SLACK = 2 ** -1000;

/**
 * The float64 sign filter of z = a·x + c on P: +1 when z is proven > 0 at every vertex, −1 when
 * proven < 0 at every vertex, 0 when proven > 0 at one vertex and < 0 at another (z cuts P), and
 * undefined when the filter proves none of these (a vertex on or near z = 0, a number outside
 * the float range) — then the caller decides exactly. On ACAS Xu the coefficients of z are
 * integers of hundreds of bits, and the exact BigInt values at every vertex were a third of the
 * region engine's time; most neurons are far from every vertex of a region.
 *
 * Error analysis: that of the evaluator's filter (network/evaluate.ts, Higham §3.1), for one dot
 * product. Coefficients â_j = fl(a_j), ĉ = fl(c) (one rounding: |â − a| ≤ δ|â|, δ = 2^-50) and
 * coordinates x̂_j = fl(fl(num_j)/fl(den)) with |x̂_j − x_j| ≤ δ|x̂_j| =: e_j. Recursive summation
 * gives |ẑ − z| ≤ α(|ĉ| + Σ|â_j||x̂_j|) + β Σ|â_j| e_j with α = γ_{n+1} + δ ≤ (n + 2)u + δ and
 * β = 1 + δ, i.e. |ẑ − z| ≤ α|ĉ| + (α + βδ) Σ|â_j||x̂_j|. That bound is evaluated in floating
 * point on nonnegative numbers (n + 4 operations, each rounding by a factor in [1 − u, 1 + u]):
 * the factor 1 + (n + 6)·2^-52 covers them, and η = 2^-1000 covers underflow. Overflow shows as a
 * non-finite value and ends the filter. So ẑ > B proves z > 0 and ẑ < −B proves z < 0.
 */
export function floatSignOn(P: VertexPolytope, a: readonly bigint[], c: bigint): 1 | -1 | 0 | undefined {
  const n = a.length;
  const af = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    const v = rationalToFloat(a[j] as bigint, 1n);
    if (Number.isNaN(v)) return undefined;
    af[j] = v;
  }
  const cf = rationalToFloat(c, 1n);
  if (Number.isNaN(cf)) return undefined;
  const alpha = (n + 2) * UNIT_ROUNDOFF + FLOAT_CONVERSION_DELTA;
  const perTerm = alpha + (1 + FLOAT_CONVERSION_DELTA) * FLOAT_CONVERSION_DELTA;
  const inflate = 1 + (n + 6) * 2 ** -52;
  const constantPart = alpha * Math.abs(cf);
  let positive = false;
  let negative = false;
  let unproven = false;
  for (const v of P.vertices) {
    let z = cf;
    let size = 0;
    const e = v.small;
    if (e !== undefined) {
      // x̂_j = fl(num_j/den), the double rationalToFloat gives (see Vertex.approx).
      const d = e[n] as number;
      for (let j = 0; j < n; j++) {
        const t = (af[j] as number) * ((e[j] as number) / d);
        z += t;
        size += Math.abs(t);
      }
    } else {
      const x = v.approx;
      if (x === undefined) {
        unproven = true;
        continue;
      }
      for (let j = 0; j < n; j++) {
        const t = (af[j] as number) * (x[j] as number);
        z += t;
        size += Math.abs(t);
      }
    }
    const bound = (constantPart + perTerm * size) * inflate + UNDERFLOW_SLACK;
    // NaN fails both tests, and so does an overflow to ±Infinity in the bound.
    if (!(Math.abs(z) <= Number.MAX_VALUE && bound <= Number.MAX_VALUE)) {
      unproven = true;
      continue;
    }
    if (z > bound) positive = true;
    else if (z < -bound) negative = true;
    else unproven = true;
    // One vertex on each side proves a cut whatever the others are.
    if (positive && negative) return 0;
  }
  return unproven ? undefined : positive ? 1 : -1;
}

/**
 * min and max of z = a·x + c over P, exactly, with vertices attaining them (a linear function
 * on a polytope attains its extremes at vertices). No Fraction is built: z(v) = values[v]/den_v,
 * compared by float ratios with a rigorous margin, else by exact cross-multiplication.
 * @throws RangeError when P is empty.
 */
export function signOn(P: VertexPolytope, a: readonly bigint[], c: bigint): SignOnPolytope {
  const V = P.vertices;
  if (V.length === 0) throw new RangeError('signOn of an empty polytope');
  if (a.length !== P.dimension) throw new RangeError(`z has ${a.length} coefficients, the polytope lives in R^${P.dimension}`);
  const values = evaluate(P, a, c);
  // z(v_i) = values_i / den_i. Float ratios decide most comparisons: with values_i and den_i
  // exact doubles, r_i = fl(values_i / den_i) has relative error ≤ 2^-53, so r_i − r_k is within
  // 2^-52·(|r_i| + |r_k|) of z_i − z_k and a difference beyond 2^-50·(|r_i| + |r_k|) has the
  // right sign. Closer calls (ties included) are decided exactly: z_i < z_k ⇔
  // values_i·den_k < values_k·den_i (denominators positive). NaN marks a vertex without a float ratio.
  const r = new Float64Array(V.length);
  for (let i = 0; i < V.length; i++) {
    const v = V[i] as Vertex;
    const zi = values[i] as bigint;
    r[i] = v.small !== undefined && fits(zi) ? Number(zi) / (v.small[v.small.length - 1] as number) : Number.NaN;
  }
  const compare = (i: number, k: number): number => {
    const ri = r[i] as number;
    const rk = r[k] as number;
    const d = ri - rk; // NaN when either is missing: every test below fails
    const tol = (Math.abs(ri) + Math.abs(rk)) * 8.881784197001252e-16;
    if (d < -tol) return -1;
    if (d > tol) return 1;
    const x = (values[i] as bigint) * (V[k] as Vertex).den - (values[k] as bigint) * (V[i] as Vertex).den;
    return x < 0n ? -1 : x > 0n ? 1 : 0;
  };
  let argmin = 0;
  let argmax = 0;
  for (let i = 1; i < V.length; i++) {
    if (compare(i, argmin) < 0) argmin = i;
    if (compare(i, argmax) > 0) argmax = i;
  }
  const lo = values[argmin] as bigint;
  const hi = values[argmax] as bigint;
  const sign = hi <= 0n ? -1 : lo >= 0n ? 1 : 0;
  return {
    min: { num: lo, den: (V[argmin] as Vertex).den },
    argmin,
    max: { num: hi, den: (V[argmax] as Vertex).den },
    argmax,
    sign,
    values,
  };
}

/**
 * A rational point strictly inside every row (with a nonzero coefficient) of a full-dimensional
 * P: the average of n + 1 affinely independent vertices, chosen greedily by increasing
 * denominator (to keep the point's numbers small). Why strictly inside: every vertex satisfies
 * each row a_t·x ≤ b_t; n + 1 affinely independent points cannot all lie on the hyperplane
 * a_t·x = b_t (a hyperplane holds at most n of them), so at least one satisfies the row strictly,
 * and the average of values ≤ b_t, one of them < b_t, is < b_t.
 * Returns the point as integers over a positive common denominator, reduced.
 * @throws RangeError when P is not full-dimensional.
 */
export function interiorPoint(P: VertexPolytope): { num: bigint[]; den: bigint } {
  const n = P.dimension;
  const chosen = affinelyIndependent(P, n + 1);
  if (chosen.length < n + 1) throw new RangeError('interiorPoint of a polytope with an empty interior');
  const fast = floatAverage(chosen, n);
  if (fast !== undefined) return fast;
  // Σ num_i/den_i over k points = (Σ num_i·(L/den_i)) / L, then divide by k.
  let L = 1n;
  for (const v of chosen) L = (L / gcd(L, v.den)) * v.den;
  const num = new Array<bigint>(n).fill(0n);
  for (const v of chosen) {
    const f = L / v.den;
    for (let j = 0; j < n; j++) num[j] = (num[j] as bigint) + (v.num[j] as bigint) * f;
  }
  return reduced(num, L * BigInt(chosen.length));
}

/**
 * The reduced average of the points (as {@link interiorPoint} computes it) in float64 when that is
 * exact: every point has its float copy, and the common denominator L·k, each product
 * |num_j|·(L/den) and each partial sum of their magnitudes computes below 2^52 — by monotone
 * rounding the exact values are then below 2^52 too, so every step is an exact integer
 * operation (and gcdFloat applies). Undefined otherwise (then BigInt).
 */
function floatAverage(chosen: readonly Vertex[], n: number): { num: bigint[]; den: bigint } | undefined {
  let L = 1;
  for (const v of chosen) {
    const s = v.small;
    if (s === undefined) return undefined;
    const d = s[n] as number;
    if (!(d < FLOAT_GCD_LIMIT)) return undefined;
    L = (L / gcdFloat(L, d)) * d;
    if (!(L < FLOAT_GCD_LIMIT)) return undefined;
  }
  const den = L * chosen.length;
  if (!(den < FLOAT_GCD_LIMIT)) return undefined;
  const sum = new Float64Array(n);
  const size = new Float64Array(n);
  for (const v of chosen) {
    const s = v.small as Float64Array;
    const f = L / (s[n] as number);
    for (let j = 0; j < n; j++) {
      const t = (s[j] as number) * f;
      const m = (size[j] as number) + Math.abs(t);
      if (!(m < FLOAT_GCD_LIMIT)) return undefined;
      size[j] = m;
      sum[j] = (sum[j] as number) + t;
    }
  }
  let g = den;
  for (let j = 0; j < n && g !== 1; j++) {
    const e = sum[j] as number;
    if (e !== 0) g = gcdFloat(g, Math.abs(e));
  }
  const num = new Array<bigint>(n);
  for (let j = 0; j < n; j++) num[j] = BigInt((sum[j] as number) / g);
  return { num, den: BigInt(den / g) };
}

/**
 * Up to `limit` affinely independent vertices, greedily, smallest denominators first (ties by
 * index): each vertex is taken when it is affinely independent of those taken before, decided
 * exactly by polyhedra/affineIndependence.ts (a rigorous modular filter, exact elimination when
 * it cannot prove).
 */
function affinelyIndependent(P: VertexPolytope, limit: number): Vertex[] {
  const V = P.vertices;
  const order = new Array<number>(V.length);
  for (let i = 0; i < V.length; i++) order[i] = i;
  // Comparisons, not a BigInt difference: a subtraction allocates per comparison.
  order.sort((i, j) => {
    const di = (V[i] as Vertex).den;
    const dj = (V[j] as Vertex).den;
    return di < dj ? -1 : di > dj ? 1 : i - j;
  });
  return affinelyIndependentPoints(V, order, P.dimension, limit);
}

/** The affine dimension of P (−1 when empty): the rank of the differences of its vertices. */
export function affineDimension(P: VertexPolytope): number {
  if (P.vertices.length === 0) return -1;
  return affinelyIndependent(P, P.dimension + 1).length - 1;
}

/** The vertex as reduced fractions (for API boundaries and tests). */
export function vertexPoint(v: Vertex): Fraction[] {
  return v.num.map((x) => new Fraction(x, v.den));
}

// ---------------------------------------------------------------------------------------------
// Certificates

/**
 * Solves the square system M x = rhs (M n×n as rows, integers) fraction-free (Bareiss 1968):
 * returns d and x with M (x/d) = rhs, or undefined when M is singular. After forward
 * elimination with row swaps the last pivot d is ±det M; d·(the solution) is integral by
 * Cramer's rule, so the back substitution x_i = (d·u_i − Σ_{k>i} U_ik x_k) / U_ii divides exactly
 * (the argument of exact/linalg.ts backSubstitute, which is not exported).
 */
function solveSquare(M: bigint[][], n: number): { x: bigint[]; d: bigint } | undefined {
  // M holds n rows of n + 1 entries (the right-hand side last); it is modified in place.
  let prev = 1n;
  for (let c = 0; c < n; c++) {
    let k = c;
    while (k < n && (M[k] as bigint[])[c] === 0n) k++;
    if (k === n) return undefined;
    if (k !== c) {
      const t = M[k] as bigint[];
      M[k] = M[c] as bigint[];
      M[c] = t;
    }
    const P = M[c] as bigint[];
    const p = P[c] as bigint;
    for (let i = c + 1; i < n; i++) {
      const R = M[i] as bigint[];
      const a = R[c] as bigint;
      for (let j = c + 1; j <= n; j++) R[j] = (p * (R[j] as bigint) - a * (P[j] as bigint)) / prev;
      R[c] = 0n;
    }
    prev = p;
  }
  const d = prev;
  const x = new Array<bigint>(n).fill(0n);
  for (let i = n - 1; i >= 0; i--) {
    const U = M[i] as bigint[];
    let acc = d * (U[n] as bigint);
    for (let k = i + 1; k < n; k++) acc -= (U[k] as bigint) * (x[k] as bigint);
    x[i] = acc / (U[i] as bigint);
  }
  return { x, d };
}

/** λ ≥ 0 on the rows `basis` with Σ λ_k a_k = target, as integers x over d (d ≠ 0), or undefined. */
function coneSolve(rows: readonly IntegerRow[], basis: readonly number[], target: readonly bigint[], n: number): { x: bigint[]; d: bigint } | undefined {
  const M: bigint[][] = [];
  for (let j = 0; j < n; j++) {
    const r = new Array<bigint>(n + 1);
    for (let k = 0; k < n; k++) r[k] = (rows[basis[k] as number] as IntegerRow).a[j] as bigint;
    r[n] = target[j] as bigint;
    M.push(r);
  }
  const s = solveSquare(M, n);
  if (s === undefined) return undefined;
  for (const v of s.x) if (v !== 0n && v < 0n !== s.d < 0n) return undefined;
  return s;
}

/** Whether a_s is a positive multiple of a_t (same direction). */
function sameDirection(a: readonly bigint[], b: readonly bigint[]): boolean {
  // a ∥ b with a positive factor ⇔ a_j·b_k = a_k·b_j for all j, k and the first nonzero entries agree in sign.
  let j0 = -1;
  for (let j = 0; j < a.length; j++) {
    const x = a[j] as bigint;
    const y = b[j] as bigint;
    if ((x === 0n) !== (y === 0n)) return false;
    if (x !== 0n && j0 < 0) {
      if (x < 0n !== y < 0n) return false;
      j0 = j;
    }
  }
  if (j0 < 0) return true;
  const x0 = a[j0] as bigint;
  const y0 = b[j0] as bigint;
  for (let j = j0 + 1; j < a.length; j++) if ((a[j] as bigint) * y0 !== (b[j] as bigint) * x0) return false;
  return true;
}

/**
 * Nonnegative multipliers λ on the rows tight at vertex v with Σ λ_t a_t = target, when target
 * lies in that cone (it does when v maximizes target·x over P: LP duality with complementary
 * slackness). Returned as integers over a common nonzero d, on increasing row indices.
 *
 * Simple vertex (n tight rows, independent because v is a vertex): the unique solution of one
 * n×n system. Degenerate vertex: rows with the same direction are the same half-space (all are
 * tight at v), so only the first of each is kept — the copy the checker's canonical form charges;
 * then n-subsets are tried in lexicographic order: by Carathéodory's theorem for cones, target is
 * in the cone of a linearly independent subset, which extends to an n-subset of full rank whose
 * unique solution is that one, ≥ 0. Past `maxSubsets` subsets the cone problem goes
 * to the exact simplex (solvers/exactSimplex.ts), which always finds a solution.
 */
function tightCone(rows: readonly IntegerRow[], v: Vertex, target: readonly bigint[], n: number, maxSubsets: number): { rows: number[]; x: bigint[]; d: bigint } {
  let tight = bitsOf(v.incidence);
  if (tight.length > n) {
    const distinct: number[] = [];
    for (const t of tight) {
      const a = (rows[t] as IntegerRow).a;
      if (!distinct.some((s) => sameDirection((rows[s] as IntegerRow).a, a))) distinct.push(t);
    }
    tight = distinct;
  }
  if (tight.length < n) throw new Error(`internal error: a vertex with ${tight.length} distinct tight rows in R^${n}`);
  if (tight.length === n) {
    const s = coneSolve(rows, tight, target, n);
    if (s !== undefined) return { rows: tight, ...s };
  } else {
    const pick = Array.from({ length: n }, (_, k) => k);
    for (let tries = 0; tries < maxSubsets; tries++) {
      const basis = pick.map((k) => tight[k] as number);
      const s = coneSolve(rows, basis, target, n);
      if (s !== undefined) return { rows: basis, ...s };
      // Next n-subset of {0, …, k−1} in lexicographic order.
      let i = n - 1;
      while (i >= 0 && (pick[i] as number) === tight.length - n + i) i--;
      if (i < 0) break;
      pick[i] = (pick[i] as number) + 1;
      for (let j = i + 1; j < n; j++) pick[j] = (pick[j - 1] as number) + 1;
    }
    const s = simplexCone(rows, tight, target, n);
    if (s !== undefined) return s;
  }
  throw new Error('internal error: the objective is not in the cone of the rows tight at an optimal vertex (do the rows match the polytope?)');
}

/** The cone problem λ ≥ 0, Σ λ_t a_t = target by the exact simplex (the degenerate fallback). */
function simplexCone(rows: readonly IntegerRow[], tight: readonly number[], target: readonly bigint[], n: number): { rows: number[]; x: bigint[]; d: bigint } | undefined {
  const k = tight.length;
  const zero = new Fraction(0n);
  const constraints: LinearConstraint[] = [];
  for (let s = 0; s < k; s++) constraints.push({ coefficients: Array.from({ length: k }, (_, q) => new Fraction(q === s ? -1n : 0n)), relation: '<=', rhs: zero });
  for (let j = 0; j < n; j++) {
    constraints.push({ coefficients: tight.map((t) => new Fraction((rows[t] as IntegerRow).a[j] as bigint)), relation: '=', rhs: new Fraction(target[j] as bigint) });
  }
  const r = exactMaximize(new Array<Fraction>(k).fill(zero), { variables: k, constraints });
  if (r.kind !== 'optimal') return undefined;
  let d = 1n;
  for (const v of r.primal) d = (d / gcd(d, denominator(v))) * denominator(v);
  return { rows: [...tight], x: r.primal.map((v) => numerator(v) * (d / denominator(v))), d };
}

/**
 * Whether p and q are positive multiples of each other — the same half-space written twice, the
 * engine's notion of identical rows (equal after division by the gcd of (b, a)), for the
 * canonical-form rule "the first copy carries the weight".
 */
function sameRow(p: IntegerRow, q: IntegerRow): boolean {
  // p and q are identical after dividing each by the gcd of its entries ⇔ they are positive multiples of each other.
  return sameDirection([p.b, ...p.a], [q.b, ...q.a]);
}

/** [p, q] with p, q > 0 and row r = (p/q)·row s, for rows that are positive multiples of each other ({@link sameRow}). */
function positiveFactor(r: IntegerRow, s: IntegerRow): [bigint, bigint] {
  const rv = [r.b, ...r.a];
  const sv = [s.b, ...s.a];
  const j = rv.findIndex((x) => x !== 0n);
  const p = rv[j] as bigint;
  const q = sv[j] as bigint;
  return q < 0n ? [-p, -q] : [p, q];
}

/**
 * Motzkin multipliers proving that z = a·x + c has sign `sign` on P: that the far side
 * ({z < 0} for sign +1, {z > 0} for sign −1) has an empty interior in P. They are over the rows
 * [...rows, far] with far = {a, −c} (a·x ≤ −c) for sign +1 and {−a, c} for sign −1 (far's index
 * is rows.length), in the checker's canonical sparse form: increasing indices, nonzero values,
 * y ≥ 0, Σ yᵢ aᵢ = 0, Σ yᵢ bᵢ ≤ 0 and the far row (nonzero coefficients) weighted — exactly what
 * checker/regionTree.ts refuteStrict accepts.
 *
 * Derivation (sign +1; −1 is symmetric with a ↦ −a): min z is attained at a vertex v, and a·x is
 * minimized over P at v, so by LP duality −a = Σ λ_t a_t with λ ≥ 0 on the rows tight at v
 * (see tightCone). With far multiplier 1: Σ y a = −a + a = 0 and, since a_t·v = b_t on tight
 * rows, Σ y b = Σ λ_t a_t·v − c = −a·v − c = −z(v) ≤ 0. Valid for any nonempty P, flat or not.
 * The result is checked exactly before it is returned (a few products; it guards against rows
 * that do not belong to P).
 *
 * Returns undefined when the sign does not hold on P, when P is empty, or when a = 0 and c = 0
 * (z ≡ 0: no Motzkin certificate exists in the checker's sense; the engine decides constants by
 * their constant).
 * @param extremes {@link signOn}'s answer for the same P, a and c, to skip its recomputation.
 */
export function fixedSignCertificate(
  P: VertexPolytope,
  rows: readonly IntegerRow[],
  a: readonly bigint[],
  c: bigint,
  sign: 1 | -1,
  extremes?: SignOnPolytope,
  options: CertificateOptions = {},
): SparseMultipliers | undefined {
  const m = fixedSignMultipliers(P, rows, a, c, sign, extremes, options);
  return m === undefined ? undefined : { rows: m.rows, values: m.num.map((x) => new Fraction(x, m.den)) };
}

/**
 * {@link fixedSignCertificate} in integer form ({@link IntegerMultipliers}): the same rows, the
 * same values (num[k]/den), no Fraction built.
 */
export function fixedSignMultipliers(
  P: VertexPolytope,
  rows: readonly IntegerRow[],
  a: readonly bigint[],
  c: bigint,
  sign: 1 | -1,
  extremes?: SignOnPolytope,
  options: CertificateOptions = {},
): IntegerMultipliers | undefined {
  const n = P.dimension;
  if (rows.length !== P.rowCount) throw new RangeError(`${rows.length} rows for a polytope with ${P.rowCount}`);
  if (a.length !== n) throw new RangeError(`z has ${a.length} coefficients, the polytope lives in R^${n}`);
  if (P.vertices.length === 0) return undefined;
  const far = rows.length;
  if (isZeroVector(a)) {
    // z ≡ c: the far row alone reads 0 ≤ −c (sign +) or 0 ≤ c (sign −), a contradiction iff that is < 0.
    return (sign > 0 ? c > 0n : c < 0n) ? { rows: [far], num: [1n], den: 1n } : undefined;
  }
  const e = extremes ?? signOn(P, a, c);
  if (sign > 0 ? e.min.num < 0n : e.max.num > 0n) return undefined;
  const v = P.vertices[sign > 0 ? e.argmin : e.argmax] as Vertex;
  const target = sign > 0 ? a.map((x) => -x) : a;
  const cone = tightCone(rows, v, target, n, options.maxBasisSubsets ?? MAX_BASIS_SUBSETS);

  // Exact self-check on integers: with y = x/d on the cone rows and d on the far row (far
  // multiplier 1, scaled by d), Σ y a = 0 and Σ y b ≤ 0·d — signs taken relative to d.
  const farRow: IntegerRow = sign > 0 ? { a, b: -c } : { a: a.map((x) => -x), b: c };
  const sum = farRow.a.map((x) => x * cone.d);
  let rhs = farRow.b * cone.d;
  cone.rows.forEach((t, k) => {
    const y = cone.x[k] as bigint;
    if (y === 0n) return;
    const r = rows[t] as IntegerRow;
    for (let j = 0; j < n; j++) sum[j] = (sum[j] as bigint) + y * (r.a[j] as bigint);
    rhs += y * r.b;
  });
  if (sum.some((x) => x !== 0n) || (cone.d > 0n ? rhs > 0n : rhs < 0n)) {
    throw new Error('internal error: the vertex certificate does not verify (do the rows match the polytope?)');
  }

  // Integers over den > 0: cone weight x_k/d = (x_k·sgn d)/|d|; the far row's weight 1 = |d|/|d|.
  let den = cone.d < 0n ? -cone.d : cone.d;
  const flip = cone.d < 0n;
  const weights = new Map<number, bigint>();
  cone.rows.forEach((t, k) => {
    const y = cone.x[k] as bigint;
    if (y !== 0n) weights.set(t, flip ? -y : y);
  });
  // Canonical form: a far row that is a positive multiple k = p/q of an earlier row_t (the same
  // half-space) gives its weight to that row, as k (1·far = k·row_t: Σ y a and Σ y b unchanged).
  // On a full-dimensional P this cannot happen (row_t would force z ≤ 0 on P, and sign +1 z ≥ 0,
  // so z ≡ 0 on P with a ≠ 0), so the scan is skipped there.
  let farIndex = far;
  let farNum = den;
  if (!P.fullDimensional) {
    const first = rows.findIndex((r) => sameRow(r, farRow));
    if (first >= 0) {
      const [p, q] = positiveFactor(farRow, rows[first] as IntegerRow);
      // Weights w/den become w·q/(den·q); the far weight den/den becomes den·p/(den·q).
      for (const [t, w] of weights) weights.set(t, w * q);
      farIndex = first;
      farNum = den * p;
      den *= q;
    }
  }
  weights.set(farIndex, (weights.get(farIndex) ?? 0n) + farNum);
  const idx = [...weights.keys()].sort((p, q) => p - q);
  return { rows: idx, num: idx.map((t) => weights.get(t) as bigint), den };
}
