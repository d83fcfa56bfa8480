/**
 * The greedy choice of affinely independent points (polyhedra/vertices.ts interiorPoint and
 * affineDimension): points are taken in a given order, each one kept when it is affinely
 * independent of those kept before, up to a limit. The decision for each candidate is a
 * mathematical fact (independent or not over Q), so any exact method gives the same choice; this
 * module makes that decision mostly in float64 arithmetic modulo primes, rigorously:
 *
 * - Homogeneous rows. Points x_i = num_i/den_i are affinely independent iff the integer rows
 *   (num_i, den_i) ∈ Z^{n+1} are linearly independent ((x_i, 1) scaled by den_i > 0). These rows
 *   are as small as the points (no differences, no common denominator).
 * - Independence. If the rows' images modulo a prime p are linearly independent over F_p, the
 *   rows are independent over Q: some maximal minor is nonzero mod p, hence nonzero. So a
 *   candidate whose image is not in the span of the kept rows' images — those being independent
 *   mod p themselves — is independent (one prime, the common case).
 * - Dependence. If the kept rows plus the candidate had rank r + 1 over Q, some (r+1)-minor M
 *   would be a nonzero integer with |M| ≤ H = Π ||row||_2 (Hadamard: a minor's rows are parts of
 *   the rows). A candidate whose image lies in the span of the kept images modulo every prime of
 *   a set with Π p > H has every such minor divisible by Π p > |M|, so M = 0: dependent.
 * - Otherwise (a prime dividing a minor, probability ~1/p, or numbers too large for the primes
 *   at hand) the exact fraction-free elimination decides, kept from the first such candidate on.
 *
 * Arithmetic mod p < 2^26 in float64: residues are below 2^26, products below 2^52, and the
 * elimination step d_j·b_c − b_j·d_c stays below 2^53 in magnitude, so every operation is exact;
 * the reduction t − p·⌊t/p⌋ may be off by one multiple of p (the float quotient has error < 1)
 * and is corrected by one comparison.
 */

import { gcdBig } from '../exact/integer.js';

/** A point num/den (den > 0) with its float64 copy (num_0 … num_{n−1}, den) when every entry is below 2^53. */
export interface HomogeneousPoint {
  readonly num: readonly bigint[];
  readonly den: bigint;
  readonly small: Float64Array | undefined;
}

/**
 * The primes (all below 2^26, the largest ones) used by default: 24 of them give Π p > 2^623,
 * enough for the Hadamard bound of 7 rows of 80-bit entries. Checked prime by the tests.
 */
export const INDEPENDENCE_PRIMES: readonly number[] = [
  67108859, 67108837, 67108819, 67108777, 67108763, 67108757, 67108753, 67108747, 67108739, 67108729, 67108721, 67108709, 67108693, 67108669, 67108667,
  67108661, 67108649, 67108633, 67108597, 67108579, 67108529, 67108511, 67108507, 67108493,
];

/** x mod p in [0, p) for an integer-valued double |x| < 2^53 (fmod is exact). */
function residueOfFloat(x: number, p: number): number {
  const r = x % p;
  return r < 0 ? r + p : r;
}

/** t mod p in [0, p) for an integer-valued double |t| ≤ 2^53 − 2^27 and p < 2^26 (see the module comment). */
function reduceMod(t: number, p: number): number {
  let r = t - p * Math.floor(t / p);
  if (r < 0) r += p;
  else if (r >= p) r -= p;
  return r;
}

/** An echelon basis mod p, fraction-free (no inverses): row k has a nonzero entry at pivots[k] and zeros at earlier rows' pivots. */
interface ModBasis {
  readonly p: number;
  readonly bigP: bigint;
  readonly rows: Float64Array; // rank rows of width n + 1
  readonly pivots: Int32Array;
  rank: number;
  /** How many kept points it holds (rank < kept when some kept image was dependent mod p). */
  kept: number;
}

/** Upper bound on log2 of the Euclidean norm of a point's homogeneous row. */
function rowLog2Bound(v: HomogeneousPoint, n: number): number {
  let bits = 0;
  const s = v.small;
  if (s !== undefined) {
    let m = 0;
    for (let j = 0; j <= n; j++) m = Math.max(m, Math.abs(s[j] as number));
    // |x| < 2^(⌊log2 x⌋ + 1); one more bit covers any error of Math.log2.
    bits = m === 0 ? 0 : Math.floor(Math.log2(m)) + 2;
  } else {
    for (let j = 0; j <= n; j++) {
      const x = j < n ? (v.num[j] as bigint) : v.den;
      // Hex digits times 4 bound the bit length.
      bits = Math.max(bits, (x < 0n ? -x : x).toString(16).length * 4);
    }
  }
  return bits + 0.5 * Math.log2(n + 1);
}

/** The residues of v's homogeneous row mod p into out[0..n]. */
function residues(v: HomogeneousPoint, n: number, p: number, bigP: bigint, out: Float64Array): void {
  const s = v.small;
  if (s !== undefined) {
    for (let j = 0; j <= n; j++) out[j] = residueOfFloat(s[j] as number, p);
    return;
  }
  for (let j = 0; j <= n; j++) {
    const x = (j < n ? (v.num[j] as bigint) : v.den) % bigP;
    out[j] = Number(x < 0n ? x + bigP : x);
  }
}

/** Reduces d (residues, width n + 1) against the basis in place; returns its first nonzero index or −1. */
function reduceAgainst(B: ModBasis, d: Float64Array, n: number): number {
  const w = n + 1;
  const p = B.p;
  for (let k = 0; k < B.rank; k++) {
    const c = B.pivots[k] as number;
    const x = d[c] as number;
    if (x === 0) continue;
    const o = k * w;
    const piv = B.rows[o + c] as number;
    for (let j = 0; j < w; j++) d[j] = reduceMod((d[j] as number) * piv - (B.rows[o + j] as number) * x, p);
  }
  for (let j = 0; j < w; j++) if (d[j] !== 0) return j;
  return -1;
}

function addReduced(B: ModBasis, d: Float64Array, pivot: number, n: number): void {
  if (pivot >= 0) {
    const o = B.rank * (n + 1);
    for (let j = 0; j <= n; j++) B.rows[o + j] = d[j] as number;
    B.pivots[B.rank] = pivot;
    B.rank++;
  }
  B.kept++;
}

// Typed arrays are costly to allocate (a few per call were a third of this module's time), and
// the function below is synchronous and never re-entered: one set of buffers per prime index,
// grown on demand, serves every call.
const pool: { rows: Float64Array; pivots: Int32Array }[] = [];
let scratch = new Float64Array(8);

function buffersFor(k: number, rows: number, pivots: number): { rows: Float64Array; pivots: Int32Array } {
  let b = pool[k];
  if (b === undefined || b.rows.length < rows || b.pivots.length < pivots) {
    b = { rows: new Float64Array(rows), pivots: new Int32Array(pivots) };
    pool[k] = b;
  }
  return b;
}

function scratchFor(w: number): Float64Array {
  if (scratch.length < w) scratch = new Float64Array(w);
  return scratch;
}

/**
 * The original exact test (fraction-free elimination of the differences v − v0 over integers,
 * gcd-normalised): the fallback, and the reference the tests compare the filter against.
 */
class ExactBasis {
  readonly #v0: HomogeneousPoint;
  readonly #n: number;
  readonly #basis: { row: bigint[]; pivot: number }[] = [];
  constructor(v0: HomogeneousPoint, n: number) {
    this.#v0 = v0;
    this.#n = n;
  }
  /** v − v0 (scaled to integers) reduced against the basis, or undefined when it reduces to 0. */
  reduce(v: HomogeneousPoint): { row: bigint[]; pivot: number } | undefined {
    const v0 = this.#v0;
    const n = this.#n;
    let d = Array.from({ length: n }, (_, j) => (v.num[j] as bigint) * v0.den - (v0.num[j] as bigint) * v.den);
    for (const { row, pivot } of this.#basis) {
      const x = d[pivot] as bigint;
      if (x === 0n) continue;
      const p = row[pivot] as bigint;
      d = d.map((e, j) => e * p - (row[j] as bigint) * x);
      let g = 0n;
      for (const e of d) if (e !== 0n) g = gcdBig(g, e);
      if (g > 1n) d = d.map((e) => e / g);
    }
    const pivot = d.findIndex((e) => e !== 0n);
    return pivot < 0 ? undefined : { row: d, pivot };
  }
  add(r: { row: bigint[]; pivot: number }): void {
    this.#basis.push(r);
  }
}

/**
 * Up to `limit` affinely independent points of `points`, greedily in the order `order` (indices
 * into points): each is kept when it is affinely independent of those kept before. Exact (see
 * the module comment); `primes` (distinct primes below 2^26) is for tests.
 */
export function affinelyIndependentPoints<T extends HomogeneousPoint>(points: readonly T[], order: readonly number[], n: number, limit: number, primes: readonly number[] = INDEPENDENCE_PRIMES): T[] {
  const out: T[] = [];
  if (limit <= 0) return out;
  const w = n + 1;
  const bases: ModBasis[] = [];
  const d = scratchFor(w);
  let keptLog2 = 0;
  let exact: ExactBasis | undefined;
  const basis = (k: number): ModBasis => {
    while (bases.length <= k) {
      const p = primes[bases.length] as number;
      const buffers = buffersFor(bases.length, w * limit, limit);
      const B: ModBasis = { p, bigP: BigInt(p), rows: buffers.rows, pivots: buffers.pivots, rank: 0, kept: 0 };
      // Its rows from the points kept so far.
      for (const v of out) {
        residues(v, n, p, B.bigP, d);
        addReduced(B, d, reduceAgainst(B, d, n), n);
      }
      bases.push(B);
    }
    return bases[k] as ModBasis;
  };
  const keep = (v: T, exactRow: { row: bigint[]; pivot: number } | undefined): void => {
    out.push(v);
    if (exact !== undefined) {
      if (out.length > 1) exact.add(exactRow ?? (exact.reduce(v) as { row: bigint[]; pivot: number }));
      return;
    }
    keptLog2 += rowLog2Bound(v, n);
    for (const B of bases) {
      residues(v, n, B.p, B.bigP, d);
      addReduced(B, d, reduceAgainst(B, d, n), n);
    }
  };
  for (const i of order) {
    if (out.length >= limit) break;
    const v = points[i] as T;
    if (out.length === 0) {
      keep(v, undefined);
      continue;
    }
    const verdict = exact === undefined ? modularVerdict(v) : undefined;
    if (verdict === true) {
      keep(v, undefined);
      continue;
    }
    if (verdict === false) continue;
    // Undecided mod the primes: the exact elimination, from here on.
    if (exact === undefined) {
      exact = new ExactBasis(out[0] as T, n);
      for (let k = 1; k < out.length; k++) exact.add(exact.reduce(out[k] as T) as { row: bigint[]; pivot: number });
    }
    const r = exact.reduce(v);
    if (r !== undefined) keep(v, r);
  }
  return out;

  /** true: independent of the kept points; false: dependent; undefined: not proven mod the primes. */
  function modularVerdict(v: T): boolean | undefined {
    const need = keptLog2 + rowLog2Bound(v, n);
    let have = 0;
    let allZero = true;
    for (let k = 0; k < primes.length; k++) {
      const B = basis(k);
      residues(v, n, B.p, B.bigP, d);
      const pivot = reduceAgainst(B, d, n);
      if (pivot >= 0) {
        if (B.rank === B.kept) return true;
        allZero = false;
      }
      // Math.log2 is within an ulp; the margin keeps the product bound a lower bound.
      have += Math.log2(B.p) - 1e-9;
      if (allZero && have > need) return false;
    }
    return undefined;
  }
}
