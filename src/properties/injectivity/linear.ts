/**
 * Small exact linear-algebra helpers of the injectivity decisions: integer rows of a layer,
 * independent row selection, minors, kernel vectors, ratio tests, and a word-sized rank modulo a
 * prime used as a fast *exact* filter (full rank modulo p implies full rank over Q: a nonzero minor
 * modulo p is a nonzero integer).
 */
import Fraction from 'fraction.js';
import { integerDeterminant, integerRank, nullspace } from '../../exact/linalg.js';
import { ratio } from '../../exact/rational.js';

/** A row of an integer matrix. */
export type IntRow = readonly bigint[];

/** An n×n minor: which rows, and the exact determinant of those rows of the rational matrix. */
export interface Minor {
  /** Row indices, increasing. */
  readonly rows: readonly number[];
  /** det of the selected rows of the rational matrix (num/den): nonzero. */
  readonly determinant: Fraction;
}

/**
 * Greedily picks rows (from `candidates`, in order) that are linearly independent, up to `limit`.
 * Rank is monotone, so a row that does not raise the rank of the chosen set is skipped for good.
 */
export function independentRows(rows: readonly IntRow[], candidates: readonly number[], limit: number): number[] {
  const chosen: number[] = [];
  for (const i of candidates) {
    if (chosen.length >= limit) break;
    const row = rows[i] as IntRow;
    if (row.every((v) => v === 0n)) continue;
    const trial = [...chosen, i];
    if (integerRank(trial.map((t) => rows[t] as IntRow)) === trial.length) chosen.push(i);
  }
  return chosen;
}

/**
 * A nonzero n×n minor of the rational matrix num/den among the rows `candidates`, or undefined
 * when those rows have rank < n.
 */
export function fullRankMinor(num: readonly IntRow[], den: bigint, candidates: readonly number[], n: number): Minor | undefined {
  const picked = independentRows(num, candidates, n);
  if (picked.length < n) return undefined;
  const rows = [...picked].sort((a, b) => a - b);
  // det(num/den restricted) = det(num restricted) / den^n.
  const det = integerDeterminant(rows.map((i) => num[i] as IntRow));
  return { rows, determinant: ratio(det, den ** BigInt(n)) };
}

/** Rank over Q of the selected rows. */
export function rankOf(rows: readonly IntRow[], selected: readonly number[]): number {
  if (selected.length === 0) return 0;
  return integerRank(selected.map((i) => rows[i] as IntRow));
}

/** A nonzero rational vector d with row·d = 0 for every selected row (the selection has rank < n). */
export function kernelVector(rows: readonly IntRow[], selected: readonly number[], n: number): Fraction[] {
  const matrix = selected.map((i) => (rows[i] as IntRow).map((v) => ratio(v)));
  const basis = nullspace(matrix, n);
  const d = basis[0];
  if (d === undefined) throw new Error('internal error: kernelVector called on rows of full rank');
  return d;
}

/** a·x for an integer row and a rational vector. */
export function dotRational(a: IntRow, x: readonly Fraction[]): Fraction {
  let s = new Fraction(0n);
  a.forEach((v, j) => {
    if (v !== 0n) s = s.add((x[j] as Fraction).mul(v));
  });
  return s;
}

/**
 * The largest step t (or undefined: unbounded) such that every row a·x ≤ b stays satisfied along
 * x + t·d, t ≥ 0: min over rows with a·d > 0 of (b − a·x)/(a·d). Rows already tight with a·d > 0
 * give 0.
 */
export function maxStep(rows: readonly { a: IntRow; b: bigint }[], x: readonly Fraction[], d: readonly Fraction[]): Fraction | undefined {
  let best: Fraction | undefined;
  for (const r of rows) {
    const rate = dotRational(r.a, d);
    if (rate.compare(0) <= 0) continue;
    const t = new Fraction(r.b).sub(dotRational(r.a, x)).div(rate);
    if (best === undefined || t.compare(best) < 0) best = t;
  }
  return best;
}

/** x + t·d. */
export function step(x: readonly Fraction[], d: readonly Fraction[], t: Fraction): Fraction[] {
  return x.map((v, j) => v.add(t.mul(d[j] as Fraction)));
}

/** A prime below 2^25, so that products of two residues stay below 2^53 (exact in a double). */
export const WORD_PRIME = 33554393;

/**
 * Whether the integer matrix (rows of length `columns`) has full column rank, decided modulo
 * {@link WORD_PRIME} with double arithmetic. `true` is exact (a nonzero minor modulo p is nonzero);
 * `false` only means "not shown modulo p" — the caller decides exactly.
 */
export function fullColumnRankModPrime(rows: readonly IntRow[], columns: number): boolean {
  return fullColumnRankOfResidues(rows.map(residues), columns);
}

/** The residues of an integer row modulo {@link WORD_PRIME}, as doubles in [0, p). */
export function residues(row: IntRow): number[] {
  const P = BigInt(WORD_PRIME);
  return row.map((v) => Number(((v % P) + P) % P));
}

/** {@link fullColumnRankModPrime} on rows already reduced modulo {@link WORD_PRIME} (they are not modified). */
export function fullColumnRankOfResidues(rows: readonly (readonly number[])[], columns: number): boolean {
  if (rows.length < columns) return false;
  const p = WORD_PRIME;
  const basis: number[][] = [];
  const pivots: number[] = [];
  for (const row of rows) {
    const r = [...row];
    for (let b = 0; b < basis.length; b++) {
      const c = pivots[b] as number;
      const f = r[c] as number;
      if (f === 0) continue;
      const br = basis[b] as number[];
      for (let j = 0; j < columns; j++) r[j] = ((r[j] as number) - ((f * (br[j] as number)) % p) + p) % p;
    }
    const c = r.findIndex((v) => v !== 0);
    if (c < 0) continue;
    // Normalize the pivot to 1 (inverse by Fermat: a^(p−2)).
    const inv = powMod(r[c] as number, p - 2, p);
    for (let j = 0; j < columns; j++) r[j] = ((r[j] as number) * inv) % p;
    basis.push(r);
    pivots.push(c);
    if (basis.length === columns) return true;
  }
  return false;
}

function mulMod(a: number, b: number, p: number): number {
  return (a * b) % p;
}

function powMod(a: number, e: number, p: number): number {
  let result = 1;
  let base = a % p;
  let k = e;
  while (k > 0) {
    if (k & 1) result = mulMod(result, base, p);
    base = mulMod(base, base, p);
    k = Math.floor(k / 2);
  }
  return result;
}
