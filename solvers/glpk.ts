/**
 * glpk.js backend of {@link LpSolver}: GLPK's primal simplex compiled to WebAssembly.
 *
 * Facts measured on Node 20 (see ARCHITECTURE.md): the `glpk.js/node` entry is synchronous once
 * its factory promise has resolved (≈10 ms, once per process); with presolve on, an infeasible LP
 * comes back as UNDEF with zero values, so presolve is switched **off** here and infeasibility is
 * reported as NOFEAS; primal values and row duals are returned, no basis and no rays (the
 * certification layer reconstructs what it needs from those two vectors).
 *
 * glpk.js's JavaScript wrapper addresses columns and rows by *name* and gives every column the
 * GLPK default x ≥ 0 unless a bound is listed, so each call lists every column as free (or with
 * its bounds) and uses short cached names.
 */
import GLPK from 'glpk.js/node';
import type { LpProblem, LpResult, LpSolver, LpStatus } from './lp.js';

/** The part of glpk.js's `LP` object this backend builds (its published typings are loose). */
interface GlpkTerm {
  name: string;
  coef: number;
}
interface GlpkBounds {
  type: number;
  lb: number;
  ub: number;
}
interface GlpkLp {
  name: string;
  objective: { direction: number; name: string; vars: GlpkTerm[] };
  subjectTo: { name: string; vars: GlpkTerm[]; bnds: GlpkBounds }[];
  bounds: ({ name: string } & GlpkBounds)[];
}
interface GlpkResult {
  result: { status: number; z: number; vars: Record<string, number>; dual?: Record<string, number> };
}
interface GlpkInstance {
  solve(lp: GlpkLp, options: { msglev: number; presol: boolean }): GlpkResult;
}

// GLPK constants (glpk.h); fixed by the C library, so they are inlined instead of read per call.
const GLP_MIN = 1;
const GLP_MAX = 2;
const GLP_FR = 1;
const GLP_LO = 2;
const GLP_UP = 3;
const GLP_DB = 4;
const GLP_FX = 5;
const GLP_NOFEAS = 4;
const GLP_OPT = 5;
const GLP_UNBND = 6;
const OPTIONS = { msglev: 0, presol: false } as const;

const columnNames: string[] = [];
const rowNames: string[] = [];
function columnName(j: number): string {
  while (columnNames.length <= j) columnNames.push(`x${columnNames.length}`);
  return columnNames[j] as string;
}
function rowName(i: number): string {
  while (rowNames.length <= i) rowNames.push(`r${rowNames.length}`);
  return rowNames[i] as string;
}

/** GLPK bound type and values for `lower ≤ · ≤ upper`. */
function boundsOf(lower: number, upper: number): GlpkBounds {
  const hasLower = lower !== -Infinity;
  const hasUpper = upper !== Infinity;
  if (hasLower && hasUpper) return lower === upper ? { type: GLP_FX, lb: lower, ub: upper } : { type: GLP_DB, lb: lower, ub: upper };
  if (hasLower) return { type: GLP_LO, lb: lower, ub: 0 };
  if (hasUpper) return { type: GLP_UP, lb: 0, ub: upper };
  return { type: GLP_FR, lb: 0, ub: 0 };
}

const FREE: GlpkBounds = { type: GLP_FR, lb: 0, ub: 0 };

/** An {@link LpSolver} over one glpk.js instance. */
export class GlpkSolver implements LpSolver {
  readonly name = 'glpk';
  readonly #glpk: GlpkInstance;

  constructor(glpk: GlpkInstance) {
    this.#glpk = glpk;
  }

  solve(problem: LpProblem): LpResult {
    const n = problem.objective.length;
    const m = problem.rows.length;
    for (const v of problem.objective) if (!Number.isFinite(v)) return failure(n, m);
    const objectiveTerms: GlpkTerm[] = [];
    for (let j = 0; j < n; j++) {
      const c = problem.objective[j] as number;
      if (c !== 0) objectiveTerms.push({ name: columnName(j), coef: c });
    }
    const subjectTo: GlpkLp['subjectTo'] = new Array(m);
    for (let i = 0; i < m; i++) {
      const row = problem.rows[i] as LpProblem['rows'][number];
      const terms: GlpkTerm[] = [];
      const a = row.coefficients;
      for (let j = 0; j < n; j++) {
        const v = a[j] as number;
        if (v !== 0) {
          if (!Number.isFinite(v)) return failure(n, m);
          terms.push({ name: columnName(j), coef: v });
        }
      }
      if (Number.isNaN(row.lower) || Number.isNaN(row.upper)) return failure(n, m);
      subjectTo[i] = { name: rowName(i), vars: terms, bnds: boundsOf(row.lower, row.upper) };
    }
    const bounds: GlpkLp['bounds'] = new Array(n);
    for (let j = 0; j < n; j++) {
      const b = problem.bounds?.[j];
      bounds[j] = { name: columnName(j), ...(b === undefined ? FREE : boundsOf(b.lower, b.upper)) };
    }
    const lp: GlpkLp = {
      name: 'lp',
      objective: { direction: problem.direction === 'maximize' ? GLP_MAX : GLP_MIN, name: 'z', vars: objectiveTerms },
      subjectTo,
      bounds,
    };
    let out: GlpkResult;
    try {
      out = this.#glpk.solve(lp, OPTIONS);
    } catch {
      return failure(n, m);
    }
    const r = out.result;
    const status: LpStatus =
      r.status === GLP_OPT ? 'optimal' : r.status === GLP_NOFEAS ? 'infeasible' : r.status === GLP_UNBND ? 'unbounded' : 'error';
    const primal = new Array<number>(n);
    for (let j = 0; j < n; j++) primal[j] = r.vars[columnName(j)] ?? 0;
    const rowDuals = new Array<number>(m);
    const dual = r.dual ?? {};
    for (let i = 0; i < m; i++) rowDuals[i] = dual[rowName(i)] ?? 0;
    return { status, value: r.z ?? Number.NaN, primal, rowDuals };
  }
}

function failure(n: number, m: number): LpResult {
  return { status: 'error', value: Number.NaN, primal: new Array<number>(n).fill(0), rowDuals: new Array<number>(m).fill(0) };
}

let instance: Promise<GlpkSolver> | undefined;

/**
 * The process-wide glpk.js solver, created on first call (the WebAssembly module loads once,
 * ≈10 ms). Later calls return the same promise; `solve` itself is synchronous.
 */
export function loadGlpkSolver(): Promise<GlpkSolver> {
  instance ??= GLPK().then((glpk) => new GlpkSolver(glpk as unknown as GlpkInstance));
  return instance;
}
