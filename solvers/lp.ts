/**
 * The float LP oracle's interface.
 *
 * Everything here is float64: an {@link LpSolver} only *proposes* (a primal point, row duals, a
 * status). Nothing that crosses this interface is a fact until `solvers/certified.ts` has turned
 * it into rationals and checked it exactly (`solvers/verify.ts`). Keeping the interface tiny lets
 * another backend (HiGHS, a WebAssembly SoPlex, …) replace glpk.js without touching the engine.
 */

/** What the float solver claims about an LP. `error` covers every status it could not settle. */
export type LpStatus = 'optimal' | 'infeasible' | 'unbounded' | 'error';

/** Optimization direction. */
export type LpDirection = 'minimize' | 'maximize';

/**
 * One row `lower ≤ coefficients · x ≤ upper`. Use `-Infinity` / `Infinity` for a missing side and
 * `lower === upper` for an equality. `coefficients` is dense (one entry per variable); zero entries
 * are skipped when the row is handed to the backend.
 */
export interface LpRow {
  readonly coefficients: readonly number[];
  readonly lower: number;
  readonly upper: number;
}

/** Bounds `lower ≤ x_j ≤ upper` of one variable (`±Infinity` when absent). */
export interface LpVariableBounds {
  readonly lower: number;
  readonly upper: number;
}

/**
 * A float LP: optimize `objective · x` subject to `rows` and `bounds`.
 * Variables are **free** unless `bounds` says otherwise (unlike GLPK's default x ≥ 0): the
 * polyhedra of relucert live in all of Rⁿ.
 */
export interface LpProblem {
  readonly direction: LpDirection;
  /** One coefficient per variable; its length is the number of variables. */
  readonly objective: readonly number[];
  readonly rows: readonly LpRow[];
  /** Per-variable bounds; omitted means every variable is free. */
  readonly bounds?: readonly LpVariableBounds[];
}

/**
 * The float solver's answer. `primal` has one value per variable and `rowDuals` one per row; both
 * are meaningful only when `status` is `optimal` (backends fill zeros otherwise).
 * Sign convention of `rowDuals`: the derivative of the optimal value with respect to the row's
 * active bound, so for a maximization a binding `≤` row has a dual ≥ 0.
 */
export interface LpResult {
  readonly status: LpStatus;
  readonly value: number;
  readonly primal: number[];
  readonly rowDuals: number[];
}

/** A float LP backend. `solve` is synchronous: it sits on the hot path of the region search. */
export interface LpSolver {
  /** Short backend name for statistics and messages (`glpk`). */
  readonly name: string;
  solve(problem: LpProblem): LpResult;
}
