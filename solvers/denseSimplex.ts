/**
 * A small dense float64 simplex with warm starts: a *proposer* for the certified LP layer
 * (solvers/certified.ts), never a decider. Its answers are float claims like glpk.js's and go
 * through the same exact certification.
 *
 * Why it exists: the region engine asks, at every node of its split tree, whether the node's
 * polyhedron plus one half-space has interior points — the slack LP of solvers/certified.ts. A
 * child node is its parent plus one row, so the parent's optimal basis is a feasible start for
 * the child's LP and typically a pivot or two from its optimum, where glpk.js rebuilds and
 * solves the whole problem cold (benchmarks/RESULTS.md, "Warm-started LPs (issue 15)").
 *
 * Form. The LP is `maximize c·v subject to G v ≤ h`, v ∈ R^N free (rows with a finite upper
 * bound only, variable upper bounds as extra rows). The simplex runs on its dual
 *
 *     D:  minimize h·y  subject to  Gᵀ y = c,  y ≥ 0,
 *
 * whose basis is a set of N rows of G (the rows tight at the primal vertex). The primal point
 * is v = B⁻ᵀ h_B, and the reduced cost of a nonbasic row i is its primal slack h_i − G_i·v: D is
 * optimal exactly when v satisfies every row. Adding a row to the primal adds a column to D with
 * y_i = 0, so an optimal basis of the parent stays *feasible* for the child: the child's solve
 * is a primal simplex on D from there (which is the dual simplex on the primal). A cold start
 * runs a phase 1 on artificial columns. Entering rows by Dantzig's rule (most violated), Bland's
 * rule (Bland 1977) after a run of degenerate pivots, so the method cannot cycle.
 *
 * Basis indices: row i of the problem is i ≥ 0; the upper bound of variable j is −(j + 1), so
 * that appending rows (a child's problem) keeps every index of its parent's basis meaning the
 * same row.
 */
import type { LpProblem, LpResult, LpSolver } from './lp.js';

/** A basis of {@link DenseSimplex}: N row indices (see the module comment for bound rows). */
export type SimplexBasis = readonly number[];

/** An {@link LpResult} with the optimal basis (when the status is `optimal` and no artificial is left in it). */
export interface WarmLpResult extends LpResult {
  readonly basis: SimplexBasis | undefined;
  /** Pivots made (phase 1 and 2), for statistics. */
  readonly pivots: number;
  /** Whether the given start basis was used (false: absent, singular or infeasible, so cold). */
  readonly warm: boolean;
}

/** An LP solver that can start from a basis. */
export interface WarmLpSolver extends LpSolver {
  solveFrom(problem: LpProblem, basis: SimplexBasis | undefined): WarmLpResult;
}

/** Pivot elements below this (relative to the column's largest entry) are refused. */
const PIVOT_TOLERANCE = 1e-9;
/** Primal slacks above −this count as satisfied (rows are scaled to coefficients ≤ 1 by the caller). */
const FEASIBILITY_TOLERANCE = 1e-9;
/** Consecutive degenerate pivots after which entering rows are chosen by Bland's rule. */
const DEGENERATE_RUN = 20;
/** Refactor B⁻¹ from scratch after this many rank-one updates (float drift). */
const REFACTOR_EVERY = 24;

/**
 * An LP `maximize c·v subject to G v ≤ h` in the simplex's own form: the rows of G (read only,
 * so callers may share them between problems) with their basis indices.
 */
export interface InequalityLp {
  /** The number of variables. */
  readonly N: number;
  /** The number of rows. */
  readonly M: number;
  /** Row k of G (length N). */
  readonly g: readonly Float64Array[];
  readonly h: Float64Array;
  /** Basis index of row k (a row index ≥ 0, or −(j + 1) for the bound of variable j). */
  readonly id: Int32Array;
  readonly c: Float64Array;
}
type Columns = InequalityLp;

/**
 * Solves an {@link InequalityLp} from `basis` (cold when absent or unusable): the optimal
 * primal point v and dual y (one per row of G), or the status. Float claims only.
 */
export function solveInequalityLp(lp: InequalityLp, basis: SimplexBasis | undefined): { status: 'optimal'; v: Float64Array; y: Float64Array; basis: SimplexBasis | undefined; pivots: number; warm: boolean } | { status: 'infeasible' | 'unbounded' | 'error'; pivots: number; warm: boolean } {
  const run = new Run(lp, lp.c);
  const started = basis !== undefined && run.start(basis);
  if (!started && !run.phaseOne()) return { status: run.status === 'infeasible-dual' ? 'unbounded' : 'error', pivots: run.pivots, warm: false };
  const status = run.phaseTwo();
  // D unbounded: the primal has no feasible point.
  if (status !== 'optimal') return { status: status === 'unbounded-dual' ? 'infeasible' : 'error', pivots: run.pivots, warm: started };
  return { status: 'optimal', v: run.primal(), y: run.dual(), basis: run.basisIds(), pivots: run.pivots, warm: started };
}

/** The dense simplex as an {@link LpSolver} (cold) and a {@link WarmLpSolver}. */
export class DenseSimplex implements WarmLpSolver {
  readonly name = 'dense-simplex';

  solve(problem: LpProblem): LpResult {
    return this.solveFrom(problem, undefined);
  }

  solveFrom(problem: LpProblem, basis: SimplexBasis | undefined): WarmLpResult {
    const N = problem.objective.length;
    const m = problem.rows.length;
    const fail = (): WarmLpResult => ({ status: 'error', value: Number.NaN, primal: new Array<number>(N).fill(0), rowDuals: new Array<number>(m).fill(0), basis: undefined, pivots: 0, warm: false });
    const sign = problem.direction === 'maximize' ? 1 : -1;
    const c = new Float64Array(N);
    for (let j = 0; j < N; j++) {
      const v = problem.objective[j] as number;
      if (!Number.isFinite(v)) return fail();
      c[j] = sign * v;
    }
    // Only ≤ rows and upper bounds: anything else is left to another solver.
    const g: Float64Array[] = [];
    const hs: number[] = [];
    const ids: number[] = [];
    for (let i = 0; i < m; i++) {
      const r = problem.rows[i] as LpProblem['rows'][number];
      if (r.lower !== -Infinity || !Number.isFinite(r.upper)) return fail();
      const row = new Float64Array(N);
      for (let j = 0; j < N; j++) {
        const v = r.coefficients[j] as number;
        if (!Number.isFinite(v)) return fail();
        row[j] = v;
      }
      g.push(row);
      hs.push(r.upper);
      ids.push(i);
    }
    for (let j = 0; j < N; j++) {
      const b = problem.bounds?.[j];
      if (b === undefined) continue;
      if (b.lower !== -Infinity || Number.isNaN(b.upper)) return fail();
      if (b.upper === Infinity) continue;
      const row = new Float64Array(N);
      row[j] = 1;
      g.push(row);
      hs.push(b.upper);
      ids.push(-(j + 1));
    }
    const M = g.length;
    const r = solveInequalityLp({ N, M, g, h: Float64Array.from(hs), id: Int32Array.from(ids), c }, basis);
    if (r.status !== 'optimal') return { ...fail(), status: r.status, pivots: r.pivots, warm: r.warm };
    const { v, y } = r;
    const rowDuals = new Array<number>(m).fill(0);
    for (let k = 0; k < M; k++) if ((ids[k] as number) >= 0) rowDuals[ids[k] as number] = sign * (y[k] as number);
    let value = 0;
    for (let j = 0; j < N; j++) value += (problem.objective[j] as number) * (v[j] as number);
    return { status: 'optimal', value, primal: Array.from(v), rowDuals, basis: r.basis, pivots: r.pivots, warm: r.warm };
  }
}

/** One solve: the basis, B⁻¹ and the pivoting. Column k < M is real, M + j is artificial j. */
class Run {
  readonly #cols: Columns;
  readonly #c: Float64Array;
  readonly #N: number;
  /** Basic column per position. */
  readonly #basis: Int32Array;
  readonly #inBasis: Uint8Array;
  /** B⁻¹, row-major N×N, where B's columns are the basic columns' vectors. */
  #inv: Float64Array;
  /** y_B = B⁻¹ c. */
  readonly #yB: Float64Array;
  #updates = 0;
  pivots = 0;
  status: 'infeasible-dual' | 'error' | undefined;

  constructor(cols: Columns, c: Float64Array) {
    this.#cols = cols;
    this.#c = c;
    this.#N = cols.N;
    this.#basis = new Int32Array(cols.N);
    this.#inBasis = new Uint8Array(cols.M + cols.N);
    this.#inv = new Float64Array(cols.N * cols.N);
    this.#yB = new Float64Array(cols.N);
  }

  /** Column vector of column k (artificial j: ±e_j with the sign of c_j, so that y_art = |c_j| ≥ 0 starts feasible). */
  #column(k: number, out: Float64Array): void {
    const { M } = this.#cols;
    if (k < M) {
      out.set(this.#cols.g[k] as Float64Array);
      return;
    }
    out.fill(0);
    const j = k - M;
    out[j] = (this.#c[j] as number) < 0 ? -1 : 1;
  }

  /** Phase-2 costs per column: h for the real ones, 0 for the artificials (which never enter in phase 2). */
  #phaseTwoCosts(): Float64Array {
    if (this.#costs === undefined) {
      const { M, N } = this.#cols;
      this.#costs = new Float64Array(M + N);
      this.#costs.set(this.#cols.h.subarray(0, M));
    }
    return this.#costs;
  }
  #costs: Float64Array | undefined;

  /** Builds B⁻¹ by Gauss–Jordan with partial pivoting; false when B is (numerically) singular. */
  #refactor(): boolean {
    const N = this.#N;
    const a = new Float64Array(N * N);
    const col = new Float64Array(N);
    for (let p = 0; p < N; p++) {
      this.#column(this.#basis[p] as number, col);
      for (let r = 0; r < N; r++) a[r * N + p] = col[r] as number;
    }
    const inv = new Float64Array(N * N);
    for (let r = 0; r < N; r++) inv[r * N + r] = 1;
    for (let p = 0; p < N; p++) {
      let best = p;
      let size = Math.abs(a[p * N + p] as number);
      for (let r = p + 1; r < N; r++) {
        const s = Math.abs(a[r * N + p] as number);
        if (s > size) {
          size = s;
          best = r;
        }
      }
      if (!(size > 1e-12)) return false;
      if (best !== p) {
        for (let q = 0; q < N; q++) {
          const t = a[p * N + q] as number;
          a[p * N + q] = a[best * N + q] as number;
          a[best * N + q] = t;
          const u = inv[p * N + q] as number;
          inv[p * N + q] = inv[best * N + q] as number;
          inv[best * N + q] = u;
        }
      }
      const d = a[p * N + p] as number;
      for (let q = 0; q < N; q++) {
        a[p * N + q] = (a[p * N + q] as number) / d;
        inv[p * N + q] = (inv[p * N + q] as number) / d;
      }
      for (let r = 0; r < N; r++) {
        if (r === p) continue;
        const f = a[r * N + p] as number;
        if (f === 0) continue;
        for (let q = 0; q < N; q++) {
          a[r * N + q] = (a[r * N + q] as number) - f * (a[p * N + q] as number);
          inv[r * N + q] = (inv[r * N + q] as number) - f * (inv[p * N + q] as number);
        }
      }
    }
    this.#inv = inv;
    this.#updates = 0;
    this.#computeY();
    return true;
  }

  #computeY(): void {
    const N = this.#N;
    for (let r = 0; r < N; r++) {
      let s = 0;
      for (let q = 0; q < N; q++) s += (this.#inv[r * N + q] as number) * (this.#c[q] as number);
      this.#yB[r] = s;
    }
  }

  /** Starts from a given basis (row indices); false when it is not a nonsingular, feasible basis here. */
  start(ids: SimplexBasis): boolean {
    const { M, N } = this.#cols;
    if (ids.length !== N) return false;
    const id = this.#cols.id;
    for (let p = 0; p < N; p++) {
      const want = ids[p] as number;
      // Rows usually carry their own index as id (k = want); else search.
      let k = want >= 0 && want < M && id[want] === want ? want : -1;
      if (k < 0) for (let q = 0; q < M; q++) if (id[q] === want) k = q;
      if (k < 0 || this.#inBasis[k] === 1) return this.#clear();
      this.#basis[p] = k;
      this.#inBasis[k] = 1;
    }
    if (!this.#refactor()) return this.#clear();
    for (let p = 0; p < N; p++) if ((this.#yB[p] as number) < -FEASIBILITY_TOLERANCE) return this.#clear();
    return true;
  }

  #clear(): false {
    this.#inBasis.fill(0);
    return false;
  }

  /** Phase 1 from the artificial basis; drives the artificials out where it can. False: D infeasible (status set). */
  phaseOne(): boolean {
    const { M, N } = this.#cols;
    this.#inBasis.fill(0);
    for (let p = 0; p < N; p++) {
      this.#basis[p] = M + p;
      this.#inBasis[M + p] = 1;
    }
    if (!this.#refactor()) {
      this.status = 'error';
      return false;
    }
    const costs = new Float64Array(M + N);
    costs.fill(1, M);
    const s = this.#iterate(costs, M);
    if (s !== 'optimal') {
      this.status = 'error';
      return false;
    }
    let infeasibility = 0;
    for (let p = 0; p < N; p++) if ((this.#basis[p] as number) >= M) infeasibility += this.#yB[p] as number;
    let scale = 0;
    for (let j = 0; j < N; j++) scale = Math.max(scale, Math.abs(this.#c[j] as number));
    if (infeasibility > 1e-9 * Math.max(1, scale)) {
      this.status = 'infeasible-dual';
      return false;
    }
    // Degenerate pivots that replace basic artificials (at 0) by real columns.
    const col = new Float64Array(N);
    const u = new Float64Array(N);
    for (let p = 0; p < N; p++) {
      if ((this.#basis[p] as number) < M) continue;
      for (let k = 0; k < M; k++) {
        if (this.#inBasis[k] === 1) continue;
        this.#column(k, col);
        this.#solve(col, u);
        if (Math.abs(u[p] as number) > 1e-7) {
          this.#pivot(p, k, u);
          break;
        }
      }
    }
    for (let p = 0; p < N; p++) if ((this.#yB[p] as number) < 0) this.#yB[p] = 0;
    return true;
  }

  /** Phase 2 (true costs). */
  phaseTwo(): 'optimal' | 'unbounded-dual' | 'error' {
    return this.#iterate(this.#phaseTwoCosts(), this.#cols.M);
  }

  /** u = B⁻¹ col. */
  #solve(col: Float64Array, u: Float64Array): void {
    const N = this.#N;
    const inv = this.#inv;
    for (let r = 0; r < N; r++) {
      let s = 0;
      for (let q = 0; q < N; q++) s += (inv[r * N + q] as number) * (col[q] as number);
      u[r] = s;
    }
  }

  /** The simplex multipliers π = B⁻ᵀ cost_B: the primal point in phase 2. */
  #pi(costs: Float64Array, pi: Float64Array = new Float64Array(this.#N)): Float64Array {
    const N = this.#N;
    const inv = this.#inv;
    const basis = this.#basis;
    pi.fill(0);
    for (let p = 0; p < N; p++) {
      const cb = costs[basis[p] as number] as number;
      if (cb === 0) continue;
      for (let q = 0; q < N; q++) pi[q] = (pi[q] as number) + cb * (inv[p * N + q] as number);
    }
    return pi;
  }

  /** Replaces the basic column at position p by column k, whose B⁻¹-image is u (rank-one update of B⁻¹ and y_B). */
  #pivot(p: number, k: number, u: Float64Array): void {
    const N = this.#N;
    const up = u[p] as number;
    const inv = this.#inv;
    for (let q = 0; q < N; q++) inv[p * N + q] = (inv[p * N + q] as number) / up;
    const yp = (this.#yB[p] as number) / up;
    this.#yB[p] = yp;
    for (let r = 0; r < N; r++) {
      if (r === p) continue;
      const f = u[r] as number;
      if (f === 0) continue;
      for (let q = 0; q < N; q++) inv[r * N + q] = (inv[r * N + q] as number) - f * (inv[p * N + q] as number);
      this.#yB[r] = (this.#yB[r] as number) - f * yp;
    }
    this.#inBasis[this.#basis[p] as number] = 0;
    this.#basis[p] = k;
    this.#inBasis[k] = 1;
    this.pivots++;
    if (++this.#updates >= REFACTOR_EVERY && !this.#refactor()) throw new SingularBasis();
  }

  /**
   * Primal simplex on D with the given costs; entering candidates are columns < `entering`
   * (phase 2: real columns only). Reduced cost of column k: cost_k − π·col_k.
   */
  #iterate(costs: Float64Array, entering: number): 'optimal' | 'unbounded-dual' | 'error' {
    const { M, N } = this.#cols;
    const col = new Float64Array(N);
    const u = new Float64Array(N);
    const pi = new Float64Array(N);
    const g = this.#cols.g;
    const inBasis = this.#inBasis;
    const limit = 50 * (M + N) + 100;
    let degenerate = 0;
    try {
      for (let iteration = 0; iteration < limit; iteration++) {
        this.#pi(costs, pi);
        let enter = -1;
        let most = -FEASIBILITY_TOLERANCE;
        const bland = degenerate >= DEGENERATE_RUN;
        for (let k = 0; k < entering; k++) {
          if (inBasis[k] === 1) continue;
          // Entering candidates are real rows (k < M): their vector is row k of G.
          const gk = g[k] as Float64Array;
          let d = costs[k] as number;
          for (let q = 0; q < N; q++) d -= (pi[q] as number) * (gk[q] as number);
          if (d < most) {
            enter = k;
            if (bland) break;
            most = d;
          }
        }
        if (enter < 0) return 'optimal';
        this.#column(enter, col);
        this.#solve(col, u);
        let size = 0;
        for (let r = 0; r < N; r++) size = Math.max(size, Math.abs(u[r] as number));
        let leave = -1;
        let theta = Infinity;
        for (let r = 0; r < N; r++) {
          const ur = u[r] as number;
          if (!(ur > PIVOT_TOLERANCE * Math.max(1, size))) continue;
          const ratio = Math.max(0, this.#yB[r] as number) / ur;
          // Ties by the smallest column index (Bland's leaving rule).
          if (ratio < theta || (ratio === theta && leave >= 0 && (this.#basis[r] as number) < (this.#basis[leave] as number))) {
            theta = ratio;
            leave = r;
          }
        }
        if (leave < 0) return 'unbounded-dual';
        degenerate = theta === 0 ? degenerate + 1 : 0;
        this.#pivot(leave, enter, u);
        for (let r = 0; r < N; r++) if ((this.#yB[r] as number) < 0 && (this.#yB[r] as number) > -FEASIBILITY_TOLERANCE) this.#yB[r] = 0;
      }
    } catch (e) {
      if (e instanceof SingularBasis) return 'error';
      throw e;
    }
    return 'error';
  }

  /** The primal point v = B⁻ᵀ h_B (artificials read as v_j = 0). */
  primal(): Float64Array {
    return this.#pi(this.#phaseTwoCosts());
  }

  /** y per real column (0 off the basis). */
  dual(): Float64Array {
    const y = new Float64Array(this.#cols.M);
    for (let p = 0; p < this.#N; p++) {
      const k = this.#basis[p] as number;
      if (k < this.#cols.M) y[k] = Math.max(0, this.#yB[p] as number);
    }
    return y;
  }

  /** The basis as row indices, or undefined when an artificial is still in it. */
  basisIds(): SimplexBasis | undefined {
    const out: number[] = [];
    for (let p = 0; p < this.#N; p++) {
      const k = this.#basis[p] as number;
      if (k >= this.#cols.M) return undefined;
      out.push(this.#cols.id[k] as number);
    }
    return out;
  }
}

class SingularBasis extends Error {}
