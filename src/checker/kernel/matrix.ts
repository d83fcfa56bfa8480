/**
 * Exact linear algebra the checker needs on small integer matrices: rank, determinant (Bareiss'
 * fraction-free elimination, 1968: every intermediate is a minor, so numbers stay bounded) and
 * the unique solution of a square system.
 */
import { type Q, reduce } from './rational.js';

/**
 * Bareiss elimination in place on a copy; returns the rank and, for a square matrix of full rank,
 * the determinant (0 otherwise).
 */
function bareiss(rows: readonly (readonly bigint[])[]): { rank: number; det: bigint } {
  const m = rows.map((r) => [...r]);
  const cols = m[0]?.length ?? 0;
  let rank = 0;
  let prev = 1n;
  let sign = 1n;
  for (let c = 0; c < cols && rank < m.length; c++) {
    const p = m.findIndex((r, i) => i >= rank && r[c] !== 0n);
    if (p < 0) continue;
    if (p !== rank) {
      [m[p], m[rank]] = [m[rank] as bigint[], m[p] as bigint[]];
      sign = -sign;
    }
    const piv = m[rank] as bigint[];
    const pv = piv[c] as bigint;
    for (let i = rank + 1; i < m.length; i++) {
      const r = m[i] as bigint[];
      const f = r[c] as bigint;
      for (let j = c; j < cols; j++) r[j] = (pv * (r[j] as bigint) - f * (piv[j] as bigint)) / prev;
    }
    prev = pv;
    rank++;
  }
  const square = m.length === cols;
  return { rank, det: square && rank === cols ? (cols === 0 ? 1n : sign * prev) : 0n };
}

/** Rank over Q of an integer matrix. */
export function integerRank(rows: readonly (readonly bigint[])[]): number {
  return bareiss(rows).rank;
}

/** Determinant of a square integer matrix (1 for the empty one). */
export function integerDeterminant(rows: readonly (readonly bigint[])[]): bigint {
  return bareiss(rows).det;
}

/** The unique solution of A x = b for a square integer A and integer b, or undefined when A is singular (Cramer's rule). */
export function solveSquare(A: readonly (readonly bigint[])[], b: readonly bigint[]): Q[] | undefined {
  const det = integerDeterminant(A);
  if (det === 0n) return undefined;
  const s = det < 0n ? -1n : 1n;
  return A.map((_, j) => reduce({ n: s * integerDeterminant(A.map((r, i) => r.map((v, k) => (k === j ? (b[i] as bigint) : v)))), d: s * det }));
}
