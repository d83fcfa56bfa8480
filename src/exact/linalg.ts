/**
 * Exact linear algebra over Q: rank, reduced row echelon form, nullspace, linear systems with
 * certificates of inconsistency, determinants.
 *
 * Every routine works on BigInt rows. A rational row is first multiplied by the lcm of its
 * denominators (which changes neither its row space nor, up to a known factor, a determinant),
 * and the integer matrix is then reduced by fraction-free elimination (Bareiss 1968): each update
 * `a_ij ← (p·a_ij − a_ic·a_rj) / p_prev` divides exactly, because every intermediate entry is a
 * minor of the input (Sylvester's identity), so entries stay as small as determinants allow and
 * no gcd is ever taken inside the loops. fraction.js appears only when results are handed back.
 *
 * Reference: E. H. Bareiss, "Sylvester's identity and multistep integer-preserving Gaussian
 * elimination", Mathematics of Computation 22(103):565–578, 1968.
 */
import { InputError } from '../errors.js';
import { gcdBig } from './integer.js';
import { type Fraction, ratio } from './rational.js';
import { toIntegerVector } from './vector.js';

/** A rational matrix as a list of rows (all of the same length). */
export type Matrix = readonly (readonly Fraction[])[];

/** An integer matrix as a list of BigInt rows (all of the same length). */
export type IntegerMatrix = readonly (readonly bigint[])[];

/** The outcome of {@link solve} for `A x = b`. */
export type LinearSolution =
  /** Exactly one solution. */
  | { kind: 'unique'; x: Fraction[] }
  /** No solution; `witness` is y with yᵀA = 0 and yᵀb = 1, an exact certificate of inconsistency. */
  | { kind: 'none'; witness: Fraction[] }
  /** Infinitely many solutions: x = particular + any combination of `directions` (a nullspace basis). */
  | { kind: 'family'; particular: Fraction[]; directions: Fraction[][] };

/** Number of columns of a row list, rejecting ragged input (0 when there are no rows). */
function columnCount(rows: readonly (readonly unknown[])[]): number {
  if (rows.length === 0) return 0;
  const n = (rows[0] as readonly unknown[]).length;
  for (let i = 1; i < rows.length; i++) {
    const len = (rows[i] as readonly unknown[]).length;
    if (len !== n) {
      throw new InputError('dimension', `ragged matrix: row ${i} has ${len} entries but row 0 has ${n}`, { path: `[${i}]` });
    }
  }
  return n;
}

/** Rational rows scaled to integer rows (each by the lcm of its own denominators), plus the scales. */
function scaleRows(A: Matrix): { rows: bigint[][]; scales: bigint[] } {
  const rows: bigint[][] = [];
  const scales: bigint[] = [];
  for (const row of A) {
    const v = toIntegerVector(row);
    rows.push(v.num);
    scales.push(v.den);
  }
  return { rows, scales };
}

/** What {@link eliminate} found. */
interface Elimination {
  /** Pivot column of each of the first `pivots.length` rows. */
  readonly pivots: number[];
  /** The last pivot (1 when there is none): the leading minor of order rank on the pivot rows and columns. */
  readonly pivotValue: bigint;
  /** Number of row swaps performed (the determinant's sign is (−1)^swaps). */
  readonly swaps: number;
}

/**
 * In-place fraction-free forward elimination (Bareiss 1968) of the integer matrix `M` to row
 * echelon form.
 *
 * Pivots are searched in columns `0 … searchColumns − 1` only; later columns (a right-hand side,
 * an identity block recording the row operations) are carried along. After k pivots, the entry
 * of a non-pivot row i in column j is the (k+1)×(k+1) minor of the row-permuted input on the
 * pivot rows and row i, the pivot columns and column j (Sylvester's identity) — an integer,
 * which is why the division by the previous pivot is exact. Skipped (free) columns keep this
 * true: they are zero in every row still to be processed.
 */
function eliminate(M: bigint[][], searchColumns: number): Elimination {
  const m = M.length;
  const width = m === 0 ? 0 : (M[0] as bigint[]).length;
  const pivots: number[] = [];
  let prev = 1n;
  let swaps = 0;
  let r = 0;
  for (let c = 0; c < searchColumns && r < m; c++) {
    let k = r;
    while (k < m && (M[k] as bigint[])[c] === 0n) k++;
    if (k === m) continue; // no pivot in this column: a free column
    if (k !== r) {
      const t = M[k] as bigint[];
      M[k] = M[r] as bigint[];
      M[r] = t;
      swaps++;
    }
    const P = M[r] as bigint[];
    const p = P[c] as bigint;
    for (let i = r + 1; i < m; i++) {
      const R = M[i] as bigint[];
      const a = R[c] as bigint;
      // Columns left of c are already zero in this row.
      if (a === 0n) {
        if (p !== prev) {
          for (let j = c + 1; j < width; j++) {
            const x = R[j] as bigint;
            if (x !== 0n) R[j] = (p * x) / prev;
          }
        }
      } else {
        for (let j = c + 1; j < width; j++) {
          R[j] = (p * (R[j] as bigint) - a * (P[j] as bigint)) / prev;
        }
        R[c] = 0n;
      }
    }
    prev = p;
    pivots.push(c);
    r++;
  }
  return { pivots, pivotValue: prev, swaps };
}

/**
 * d · (column j of the reduced row echelon form), restricted to the pivot rows, from the echelon
 * form `U` left by {@link eliminate} (d = its last pivot).
 *
 * With B = U on the pivot columns (upper triangular), the RREF is B⁻¹U. Its entries times d are
 * minors of the input by Cramer's rule (d is the determinant of the pivot block of the
 * input), hence integers, so the fraction-free back substitution
 * x_i = (d·U[i][j] − Σ_{k>i} U[i][c_k]·x_k) / U[i][c_i] divides exactly.
 */
function backSubstitute(U: readonly (readonly bigint[])[], pivots: readonly number[], d: bigint, j: number): bigint[] {
  const r = pivots.length;
  const x = new Array<bigint>(r).fill(0n);
  for (let i = r - 1; i >= 0; i--) {
    const row = U[i] as readonly bigint[];
    let acc = d * (row[j] as bigint);
    for (let k = i + 1; k < r; k++) {
      const u = row[pivots[k] as number] as bigint;
      if (u !== 0n) acc -= u * (x[k] as bigint);
    }
    x[i] = acc / (row[pivots[i] as number] as bigint);
  }
  return x;
}

/** Copies integer rows (the elimination works in place). */
function copyRows(rows: IntegerMatrix): bigint[][] {
  return rows.map((row) => row.slice());
}

// A prime below 2^26: products of two residues stay below 2^52, exact in a float64.
const RANK_PRIME = 67108859;
const RANK_PRIME_BIG = BigInt(RANK_PRIME);

/**
 * Rank of an integer matrix modulo {@link RANK_PRIME}, in float64 arithmetic. It is a lower
 * bound of the rank over Q: a minor that is nonzero modulo a prime is a nonzero integer.
 */
function rankModPrime(rows: readonly (readonly bigint[])[], n: number): number {
  const q = RANK_PRIME;
  const M: number[][] = rows.map((row) =>
    row.map((x) => {
      const v = Number(x % RANK_PRIME_BIG);
      return v < 0 ? v + q : v;
    }),
  );
  const m = M.length;
  let r = 0;
  for (let c = 0; c < n && r < m; c++) {
    let k = r;
    while (k < m && (M[k] as number[])[c] === 0) k++;
    if (k === m) continue;
    const P = M[k] as number[];
    M[k] = M[r] as number[];
    M[r] = P;
    const p = P[c] as number;
    for (let i = r + 1; i < m; i++) {
      const R = M[i] as number[];
      const a = R[c] as number;
      if (a === 0) continue;
      // row_i ← p·row_i − a·row_r (mod q): no inverse needed, each product < 2^52.
      for (let j = c; j < n; j++) {
        let v = ((p * (R[j] as number)) % q) - ((a * (P[j] as number)) % q);
        if (v < 0) v += q;
        R[j] = v;
      }
    }
    r++;
  }
  return r;
}

/** Rank of integer rows already checked for shape, with the full-rank shortcut modulo a prime. */
function rankOfRows(rows: readonly (readonly bigint[])[], n: number): number {
  const nonzero = rows.filter((row) => row.some((x) => x !== 0n));
  const m = nonzero.length;
  if (m === 0 || n === 0) return 0;
  const full = Math.min(m, n);
  // Exact shortcut: rank over Q ≥ rank mod q, and rank over Q ≤ min(m, n).
  if (full > 1 && rankModPrime(nonzero, n) === full) return full;
  return eliminate(copyRows(nonzero), n).pivots.length;
}

/**
 * Rank over Q of a rational matrix.
 * Fraction-free (Bareiss 1968) after scaling each row to integers; a full-rank answer modulo a
 * prime is accepted directly (a nonzero minor mod q is nonzero over Z).
 * @throws InputError `dimension` for ragged input.
 */
export function rank(A: Matrix): number {
  const n = columnCount(A);
  return rankOfRows(scaleRows(A).rows, n);
}

/**
 * Rank over Q of an integer matrix given as BigInt rows: the entry point for hot loops.
 * Fraction-free elimination (Bareiss 1968), skipped when the rank modulo a prime is already
 * min(m, n).
 * @throws InputError `dimension` for ragged input.
 */
export function integerRank(rows: IntegerMatrix): number {
  const n = columnCount(rows);
  return rankOfRows(rows, n);
}

/**
 * Reduced row echelon form over Q: `matrix` has the shape of `A`, each pivot is 1 and the only
 * nonzero entry of its column, zero rows come last; `pivots[i]` is the pivot column of row i.
 * Computed by fraction-free elimination (Bareiss 1968) on the integer-scaled rows, then
 * fraction-free back substitution for the non-pivot columns only (pivot columns are unit
 * vectors by definition), dividing by the last pivot only when building the fractions.
 * @throws InputError `dimension` for ragged input.
 */
export function rref(A: Matrix): { matrix: Fraction[][]; pivots: number[] } {
  const n = columnCount(A);
  const U = scaleRows(A).rows;
  const { pivots, pivotValue } = eliminate(U, n);
  const r = pivots.length;
  const zero = ratio(0n);
  const one = ratio(1n);
  const matrix: Fraction[][] = A.map(() => new Array<Fraction>(n).fill(zero));
  const isPivot = pivotMask(pivots, n);
  for (let i = 0; i < r; i++) (matrix[i] as Fraction[])[pivots[i] as number] = one;
  for (let j = 0; j < n; j++) {
    if (isPivot[j]) continue;
    const x = backSubstitute(U, pivots, pivotValue, j);
    for (let i = 0; i < r; i++) if (x[i] !== 0n) (matrix[i] as Fraction[])[j] = ratio(x[i] as bigint, pivotValue);
  }
  return { matrix, pivots };
}

/** `mask[c]` is true for the pivot columns. */
function pivotMask(pivots: readonly number[], n: number): boolean[] {
  const mask = new Array<boolean>(n).fill(false);
  for (const c of pivots) mask[c] = true;
  return mask;
}

/**
 * Basis of the nullspace from the echelon form `U` of {@link eliminate} (last pivot `d`): one
 * vector per free column f, with x_f = d and x_{pivot(i)} = −d·RREF[i][f], then divided by the
 * gcd of its entries and signed so that x_f > 0.
 */
function nullspaceFromEchelon(U: bigint[][], pivots: readonly number[], d: bigint, n: number): bigint[][] {
  const isPivot = pivotMask(pivots, n);
  const basis: bigint[][] = [];
  for (let f = 0; f < n; f++) {
    if (isPivot[f]) continue;
    const v = new Array<bigint>(n).fill(0n);
    v[f] = d;
    const x = backSubstitute(U, pivots, d, f);
    for (let i = 0; i < pivots.length; i++) v[pivots[i] as number] = -(x[i] as bigint);
    let g = 0n;
    for (const x of v) if (x !== 0n) g = gcdBig(g, x);
    if (d < 0n) g = -g;
    basis.push(v.map((x) => x / g));
  }
  return basis;
}

/**
 * A basis of the nullspace {x : A x = 0} over Q, of dimension n − rank(A). Each basis vector is
 * scaled to coprime integers, positive in its own free coordinate (the one where all other basis
 * vectors are zero), so the basis is canonical for the row space of A.
 * @param columns the number of columns n; required when A has no rows (then the basis is the
 *   standard basis of Qⁿ), checked against A otherwise.
 * @throws InputError `dimension` for ragged input, a mismatching `columns`, or no rows and no `columns`.
 */
export function nullspace(A: Matrix, columns?: number): Fraction[][] {
  const n = resolveColumns(A, columns);
  const U = scaleRows(A).rows;
  const { pivots, pivotValue } = eliminate(U, n);
  return nullspaceFromEchelon(U, pivots, pivotValue, n).map((v) => v.map((x) => ratio(x)));
}

/** Column count of A, reconciled with an explicit `columns` argument. */
function resolveColumns(A: Matrix, columns: number | undefined): number {
  const n = columnCount(A);
  if (columns !== undefined && (!Number.isSafeInteger(columns) || columns < 0)) {
    throw new InputError('dimension', `column count must be a nonnegative integer, got ${columns}`);
  }
  if (A.length === 0) {
    if (columns === undefined) throw new InputError('dimension', 'a matrix with no rows needs an explicit column count');
    return columns;
  }
  if (columns !== undefined && columns !== n) {
    throw new InputError('dimension', `matrix has ${n} columns but ${columns} were stated`);
  }
  return n;
}

/**
 * Solves `A x = b` exactly over Q.
 * - `unique`: the only solution;
 * - `family`: all solutions are `particular + span(directions)` (`directions` as in {@link nullspace});
 * - `none`: a witness y with yᵀA = 0 and yᵀb = 1 (a Fredholm-alternative certificate: any
 *   solution x would give 0 = yᵀA x = yᵀb = 1).
 * Fraction-free elimination (Bareiss 1968) on the integer-scaled augmented rows `[A | b]` and
 * fraction-free back substitution; when
 * the system is inconsistent it is reduced once more with an identity block appended, which
 * records the row combination that produced the contradiction `0 = β`.
 * @param columns the number of unknowns; required when A has no rows, checked otherwise.
 * @throws InputError `dimension` for ragged input, `b` of the wrong length, or no rows and no `columns`.
 */
export function solve(A: Matrix, b: readonly Fraction[], columns?: number): LinearSolution {
  const n = resolveColumns(A, columns);
  const m = A.length;
  if (b.length !== m) throw new InputError('dimension', `right-hand side has ${b.length} entries but the matrix has ${m} rows`);
  const scales: bigint[] = [];
  const M: bigint[][] = [];
  for (let i = 0; i < m; i++) {
    const v = toIntegerVector([...(A[i] as readonly Fraction[]), b[i] as Fraction]);
    M.push(v.num);
    scales.push(v.den);
  }
  const { pivots, pivotValue } = eliminate(M, n);
  const r = pivots.length;
  let inconsistent = false;
  for (let i = r; i < m; i++) if ((M[i] as bigint[])[n] !== 0n) inconsistent = true;
  if (inconsistent) return { kind: 'none', witness: inconsistencyWitness(A, b, n, scales) };
  // The particular solution sets the free unknowns to 0; the pivot unknowns are the RREF's last column.
  const x = new Array<Fraction>(n).fill(ratio(0n));
  const last = backSubstitute(M, pivots, pivotValue, n);
  for (let i = 0; i < r; i++) x[pivots[i] as number] = ratio(last[i] as bigint, pivotValue);
  if (r === n) return { kind: 'unique', x };
  const directions = nullspaceFromEchelon(M, pivots, pivotValue, n).map((v) => v.map((e) => ratio(e)));
  return { kind: 'family', particular: x, directions };
}

/**
 * y with yᵀA = 0 and yᵀb = 1 for an inconsistent system. Row i of the scaled system is
 * s_i·[A_i | b_i]; after elimination of [s_i·A_i | s_i·b_i | e_i], a row [0 | β | t] says
 * Σ t_i s_i A_i = 0 and Σ t_i s_i b_i = β ≠ 0, so y_i = t_i s_i / β.
 */
function inconsistencyWitness(A: Matrix, b: readonly Fraction[], n: number, scales: readonly bigint[]): Fraction[] {
  const m = A.length;
  const M: bigint[][] = [];
  for (let i = 0; i < m; i++) {
    const row = toIntegerVector([...(A[i] as readonly Fraction[]), b[i] as Fraction]).num;
    for (let k = 0; k < m; k++) row.push(k === i ? 1n : 0n);
    M.push(row);
  }
  const { pivots } = eliminate(M, n);
  for (let i = pivots.length; i < m; i++) {
    const row = M[i] as bigint[];
    const beta = row[n] as bigint;
    if (beta === 0n) continue;
    return row.slice(n + 1).map((t, k) => ratio(t * (scales[k] as bigint), beta));
  }
  // Unreachable: the first elimination found a row 0 = β with β ≠ 0, and the pivot choices here
  // are the same (they depend only on the first n columns).
  throw new Error('internal error: inconsistency witness not found');
}

/** Determinant of a square integer matrix by Bareiss elimination: the last pivot, signed by the swaps. */
function determinantOfRows(M: bigint[][], n: number): bigint {
  if (n === 0) return 1n;
  const { pivots, pivotValue, swaps } = eliminate(M, n);
  if (pivots.length < n) return 0n;
  return swaps % 2 === 0 ? pivotValue : -pivotValue;
}

/** Throws unless the matrix is square; returns its order. */
function squareOrder(rows: readonly (readonly unknown[])[]): number {
  const n = columnCount(rows);
  if (rows.length !== 0 && n !== rows.length) {
    throw new InputError('dimension', `determinant of a non-square ${rows.length}×${n} matrix`);
  }
  return rows.length;
}

/**
 * Determinant of a square rational matrix (1 for the 0×0 matrix).
 * With row i scaled by s_i to integers, det A = det(S A) / Π s_i, and det(S A) is the last
 * pivot of fraction-free elimination (Bareiss 1968), which is exactly a determinant by
 * Sylvester's identity.
 * @throws InputError `dimension` for a non-square or ragged matrix.
 */
export function determinant(A: Matrix): Fraction {
  const n = squareOrder(A);
  const { rows, scales } = scaleRows(A);
  let scale = 1n;
  for (const s of scales) scale *= s;
  return ratio(determinantOfRows(rows, n), scale);
}

/**
 * Determinant of a square integer matrix given as BigInt rows (1 for the 0×0 matrix), by
 * fraction-free elimination (Bareiss 1968).
 * @throws InputError `dimension` for a non-square or ragged matrix.
 */
export function integerDeterminant(rows: IntegerMatrix): bigint {
  const n = squareOrder(rows);
  return determinantOfRows(copyRows(rows), n);
}
