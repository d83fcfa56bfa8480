/**
 * Small exact helpers of the LP layer: integer forms of rows (cached), float ↔ rational
 * conversion, rationalization of float proposals, and fraction-free (Bareiss 1968) elimination
 * for the tiny square systems that turn a float answer into an exact one (a vertex from its
 * tight rows, a dual vector from its support).
 *
 * They are kept local (rather than in src/exact/linalg.ts) because the certification hot path
 * needs two shapes linalg does not offer: "solve, setting free unknowns to given defaults" and
 * "pick independent rows in a given priority order".
 */
import Fraction from 'fraction.js';
import { bitLength, gcdBig, lcmBig } from '../src/exact/integer.js';
import { denominator, float64ToRational, numerator } from '../src/exact/rational.js';
import type { LinearConstraint } from '../src/polyhedra/system.js';

/** A row scaled to integers: `coefficients · x (relation) rhs` multiplied by the lcm of its denominators. */
export interface ScaledRow {
  readonly coefficients: readonly bigint[];
  readonly rhs: bigint;
  /** The positive factor the rational row was multiplied by. */
  readonly scale: bigint;
}

/** Integer form of a coefficient list: the coefficients times the lcm of their denominators. */
interface IntegerCoefficients {
  readonly scaled: bigint[];
  readonly lcm: bigint;
  /** The last full row built from these coefficients (rows often share their right-hand side object). */
  last?: { rhs: Fraction; row: ScaledRow };
}

// Keyed by the coefficient *array*, so that a row and its strict or relaxed twin
// ({ ...row, relation }) share one entry: the search asks about the same hyperplanes over and over.
const integerCoefficients = new WeakMap<readonly Fraction[], IntegerCoefficients>();

/** The integer form of a constraint (cached per coefficient array). */
export function integerRow(c: LinearConstraint): ScaledRow {
  let entry = integerCoefficients.get(c.coefficients);
  if (entry === undefined) {
    let lcm = 1n;
    for (const a of c.coefficients) lcm = lcmBig(lcm, denominator(a));
    entry = { scaled: c.coefficients.map((a) => numerator(a) * (lcm / denominator(a))), lcm };
    integerCoefficients.set(c.coefficients, entry);
  }
  if (entry.last !== undefined && entry.last.rhs === c.rhs) return entry.last.row;
  const d = denominator(c.rhs);
  let row: ScaledRow;
  if (entry.lcm % d === 0n) {
    row = { coefficients: entry.scaled, rhs: numerator(c.rhs) * (entry.lcm / d), scale: entry.lcm };
  } else {
    const scale = lcmBig(entry.lcm, d);
    const f = scale / entry.lcm;
    row = { coefficients: entry.scaled.map((a) => a * f), rhs: numerator(c.rhs) * (scale / d), scale };
  }
  entry.last = { rhs: c.rhs, row };
  return row;
}

const SAFE = 2n ** 53n;

/** The float nearest (up to one rounding) to a rational; exact for integers and dyadics that fit. */
export function toFloat(f: Fraction): number {
  const n = f.n as bigint;
  const d = f.d as bigint;
  // Fast path: both parts exactly representable, so one correctly rounded division.
  if (n < SAFE && d < SAFE) return f.s < 0n ? -Number(n) / Number(d) : Number(n) / Number(d);
  return bigRatioToFloat(numerator(f), d);
}

/** p/q as a float, without overflow when p and q are huge but their ratio is not. */
export function bigRatioToFloat(p: bigint, q: bigint): number {
  // The common case without bit lengths (a BigInt's toString): both below 2^1000 in size.
  if (p < FLOAT_SAFE && p > -FLOAT_SAFE && q < FLOAT_SAFE && q > -FLOAT_SAFE) return Number(p) / Number(q);
  const pb = bitLength(p);
  const qb = bitLength(q);
  if (pb <= 1000 && qb <= 1000) return Number(p) / Number(q);
  // Keep 64 significant bits of each and carry the exponent separately.
  const ps = Math.max(0, pb - 64);
  const qs = Math.max(0, qb - 64);
  return (Number(p >> BigInt(ps)) / Number(q >> BigInt(qs))) * 2 ** (ps - qs);
}

/** 2^1000: integers below it in size convert to finite doubles, as bigRatioToFloat's first branch needs. */
const FLOAT_SAFE = 1n << 1000n;

/** Largest denominator the continued-fraction snapping may produce before giving up on it. */
const MAX_SNAP_DENOMINATOR = 2n ** 53n;

/**
 * A rational within `tolerance` of the float `x`, with a small denominator when one exists: the
 * first continued-fraction convergent of `x` that is close enough. When none is found below
 * {@link MAX_SNAP_DENOMINATOR} (or `tolerance` is 0), the float's exact binary value is returned.
 * The result is only a proposal; the caller checks it exactly.
 */
export function snapToRational(x: number, tolerance: number): Fraction {
  if (!Number.isFinite(x)) throw new RangeError(`cannot rationalize ${x}`);
  if (Number.isInteger(x)) return float64ToRational(x);
  if (!(tolerance > 0) || Math.abs(x) > 2 ** 52) return float64ToRational(x);
  // Convergents p_k/q_k of x (Khinchin; the recurrence p_k = a_k p_{k−1} + p_{k−2}).
  let pPrev = 1n;
  let qPrev = 0n;
  let p = BigInt(Math.floor(x));
  let q = 1n;
  let rest = x - Math.floor(x);
  for (let k = 0; k < 64; k++) {
    if (Math.abs(x - Number(p) / Number(q)) <= tolerance) return new Fraction(p, q);
    if (rest === 0) break;
    const inv = 1 / rest;
    if (!Number.isFinite(inv) || inv > 2 ** 52) break;
    const a = Math.floor(inv);
    rest = inv - a;
    const big = BigInt(a);
    const pNext = big * p + pPrev;
    const qNext = big * q + qPrev;
    if (qNext > MAX_SNAP_DENOMINATOR) break;
    pPrev = p;
    qPrev = q;
    p = pNext;
    q = qNext;
  }
  return float64ToRational(x);
}

/** Packs rationals over a common denominator: `values[j] = num[j] / den`. */
export function commonForm(values: readonly Fraction[]): { num: bigint[]; den: bigint } {
  let den = 1n;
  for (const v of values) den = lcmBig(den, denominator(v));
  return { num: values.map((v) => numerator(v) * (den / denominator(v))), den };
}

/**
 * Solves `A x = b` exactly (A: k×m integer rows, b: k integers) by fraction-free Gauss–Jordan
 * elimination; unknowns left free by the elimination take `defaults` (0 when absent).
 * Returns `undefined` when the system is inconsistent.
 *
 * Every update `M_ij ← (p·M_ij − M_ic·M_rj) / d` divides exactly (Bareiss 1968: the entries are
 * minors of the input), and at the end every pivot equals the last pivot d, so
 * x_{c_i} = (M_i,rhs − Σ_free M_if·x_f) / d.
 */
export function solveWithDefaults(
  A: readonly (readonly bigint[])[],
  b: readonly bigint[],
  m: number,
  defaults?: readonly Fraction[],
): Fraction[] | undefined {
  const k = A.length;
  const M: bigint[][] = A.map((row, i) => [...row, b[i] as bigint]);
  const pivotColumn: number[] = [];
  let d = 1n;
  let rank = 0;
  for (let c = 0; c < m && rank < k; c++) {
    let r = -1;
    for (let i = rank; i < k; i++) {
      if ((M[i] as bigint[])[c] !== 0n) {
        r = i;
        break;
      }
    }
    if (r < 0) continue;
    const tmp = M[r] as bigint[];
    M[r] = M[rank] as bigint[];
    M[rank] = tmp;
    const pivotRow = tmp;
    const p = pivotRow[c] as bigint;
    for (let i = 0; i < k; i++) {
      if (i === rank) continue;
      const row = M[i] as bigint[];
      const f = row[c] as bigint;
      if (f === 0n) {
        if (p !== d) for (let j = 0; j <= m; j++) row[j] = ((row[j] as bigint) * p) / d;
        continue;
      }
      for (let j = 0; j <= m; j++) row[j] = ((row[j] as bigint) * p - f * (pivotRow[j] as bigint)) / d;
    }
    d = p;
    pivotColumn.push(c);
    rank++;
  }
  for (let i = rank; i < k; i++) if ((M[i] as bigint[])[m] !== 0n) return undefined;
  const isPivot = new Array<boolean>(m).fill(false);
  for (const c of pivotColumn) isPivot[c] = true;
  const defaultForm = commonForm(defaults ?? new Array<Fraction>(m).fill(new Fraction(0n)));
  const x = new Array<Fraction>(m);
  for (let j = 0; j < m; j++) if (!isPivot[j]) x[j] = new Fraction(defaultForm.num[j] as bigint, defaultForm.den);
  for (let i = 0; i < rank; i++) {
    const row = M[i] as bigint[];
    let acc = (row[m] as bigint) * defaultForm.den;
    for (let j = 0; j < m; j++) if (!isPivot[j] && row[j] !== 0n) acc -= (row[j] as bigint) * (defaultForm.num[j] as bigint);
    x[pivotColumn[i] as number] = new Fraction(acc, d * defaultForm.den);
  }
  return x;
}

/**
 * Indices of a maximal linearly independent subset of `rows` (at most `limit`), scanned in
 * `order`: a row is kept when it is independent of the rows kept before it. Fraction-free:
 * each candidate is reduced against the kept echelon rows and divided by its content.
 */
export function selectIndependent(rows: readonly (readonly bigint[])[], order: readonly number[], m: number, limit: number): number[] {
  const basis: { row: bigint[]; pivot: number }[] = [];
  const chosen: number[] = [];
  for (const index of order) {
    if (chosen.length >= limit) break;
    const v = [...(rows[index] as readonly bigint[])];
    for (const { row, pivot } of basis) {
      const f = v[pivot] as bigint;
      if (f === 0n) continue;
      const p = row[pivot] as bigint;
      let g = 0n;
      for (let j = 0; j < m; j++) {
        v[j] = (v[j] as bigint) * p - f * (row[j] as bigint);
        g = gcdBig(g, v[j] as bigint);
      }
      if (g > 1n) for (let j = 0; j < m; j++) v[j] = (v[j] as bigint) / g;
    }
    const pivot = v.findIndex((x) => x !== 0n);
    if (pivot < 0) continue;
    basis.push({ row: v, pivot });
    chosen.push(index);
  }
  return chosen;
}
