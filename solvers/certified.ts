/**
 * Certified linear programming: the only LP API the rest of relucert may use.
 *
 * Floats propose, exact arithmetic disposes. Each question is first put to the float oracle
 * (glpk.js); its answer is turned into rationals — a primal point by continued-fraction snapping
 * or by solving its tight rows exactly, multipliers by solving exactly on the support of its row
 * duals — and checked by `solvers/verify.ts`. When a check fails (rounding, degeneracy, a status
 * the float solver could not settle), the question is re-solved by the exact rational simplex
 * (`solvers/exactSimplex.ts`), whose answer is checked too. No answer leaves this module unchecked.
 *
 * Emptiness questions all go through one always-feasible phase-1 LP, the *slack LP*
 *
 *     P(T):  maximize t  subject to  a_i·x + w_i·t ≤ b_i (i ∈ T),  the other rows as written,
 *            t ≤ 1,
 *
 * with weights w_i > 0 (powers of two that normalize the rows for the float solver). Its dual is
 * Σ_i y_i a_i = 0, Σ_{i∈T} w_i y_i + μ = 1, y ≥ 0 on inequality rows, μ ≥ 0, with value
 * Σ_i y_i b_i + μ = t*. So, when T is the set of strict rows:
 * - t* > 0: an optimal x satisfies the rows of T strictly — a point;
 * - t* ≤ 0 (< 1, so μ = 0 by complementary slackness): Σ y_i a_i = 0, Σ_{T} w_i y_i = 1 and
 *   Σ y_i b_i = t* ≤ 0: some strict row has y_i > 0, which is exactly Motzkin's transposition
 *   certificate (Motzkin 1936) that the system has no solution.
 * When no row is strict, T is the set of all inequality rows and t* < 0 gives Farkas multipliers
 * (Farkas 1902: Σ y_i b_i < 0) while t* ≥ 0 gives a point of the closed system.
 *
 * Float duals are made exact by solving the linear conditions above on their support; failing
 * that, when the system contains box rows ±x_j ≤ c (a bounded input domain), the residual Σ y_i a_i
 * is cancelled with multipliers on those rows — the "safe dual bound" of exact MIP solvers
 * (Neumaier & Shcherbina 2004; Achterberg's and Cook–Koch–Steffy–Wolter's safe dual bounding;
 * Steinbach), which keeps the certificate in Motzkin form because box multipliers are ≥ 0.
 */
import Fraction from 'fraction.js';
import { float64ToRational } from '../src/exact/rational.js';
import type { LinearConstraint, LinearSystem } from '../src/polyhedra/system.js';
import { commonForm, integerRow, selectIndependent, snapToRational, solveWithDefaults, toFloat } from './exactLinear.js';
import { exactMaximize } from './exactSimplex.js';
import { loadGlpkSolver } from './glpk.js';
import type { LpProblem, LpResult, LpRow, LpSolver } from './lp.js';
import { verifyMotzkin, verifyOptimal, verifyPoint, verifyUnbounded } from './verify.js';

/** Counters of the certification layer, reported in the engine's run statistics. */
export interface LpStats {
  /** Answers returned (all certified). */
  certified: number;
  /** Answers certified from a float proposal. */
  floatSuccesses: number;
  /** Answers whose float proposal could not be certified, re-solved exactly. */
  fallbacks: number;
  /** Runs of the exact rational simplex (fallbacks, pure-equality systems, exact-only mode). */
  exactSolves: number;
  /** Calls to the float LP solver. */
  floatSolves: number;
  /** Solves by the warm-started dense simplex (solvers/integerInterior.ts; counted in `floatSolves` when certified). */
  warmSolves: number;
  /** Of those, solves that started from the given basis (the others started cold, with a phase 1). */
  warmStarts: number;
  /** Of those, proposals the exact checks rejected (then asked again on the general path). */
  warmRejected: number;
  /** Simplex pivots of the warm-started solves (phase 1 included). */
  pivots: number;
}

/** A fresh, zeroed {@link LpStats}. */
export function createLpStats(): LpStats {
  return { certified: 0, floatSuccesses: 0, fallbacks: 0, exactSolves: 0, floatSolves: 0, warmSolves: 0, warmStarts: 0, warmRejected: 0, pivots: 0 };
}

/** The module-level statistics, used when no `stats` object is passed. */
export const lpStats: LpStats = createLpStats();

/** Zeroes a statistics object (the module-level one by default). */
export function resetLpStats(stats: LpStats = lpStats): void {
  Object.assign(stats, createLpStats());
}

/** Options of every certified call. */
export interface CertifiedOptions {
  /** Where to count (default: the module-level {@link lpStats}). */
  readonly stats?: LpStats;
  /** The float oracle; `null` answers every question with the exact simplex. Default: glpk.js. */
  readonly solver?: LpSolver | null;
}

/** Answer of {@link interiorPoint}. */
export type InteriorResult =
  /** Satisfies every inequality row strictly and every equality row exactly. */
  | { kind: 'interior'; point: Fraction[] }
  /** Motzkin multipliers for the strict version of the system (one per row). */
  | { kind: 'empty-interior'; multipliers: Fraction[] };

/** Answer of {@link feasiblePoint}. */
export type FeasibilityResult =
  /** Satisfies every row as written (strict rows strictly). */
  | { kind: 'feasible'; point: Fraction[] }
  /** Motzkin multipliers (Farkas multipliers when no row is strict), one per row. */
  | { kind: 'infeasible'; multipliers: Fraction[] };

/** Answer of {@link maximize}. */
export type MaximizeResult =
  /** dual ≥ 0 on inequality rows, Σ dual_i a_i = objective, Σ dual_i b_i = value = objective·primal. */
  | { kind: 'optimal'; value: Fraction; primal: Fraction[]; dual: Fraction[] }
  /** point feasible; a·ray ≤ 0 on inequality rows, = 0 on equality rows; objective·ray > 0. */
  | { kind: 'unbounded'; point: Fraction[]; ray: Fraction[] }
  /** Farkas multipliers: ≥ 0 on inequality rows, Σ y_i a_i = 0, Σ y_i b_i < 0. */
  | { kind: 'infeasible'; multipliers: Fraction[] };

const glpk: LpSolver = await loadGlpkSolver();

/** The float solver used when the options do not name one (glpk.js). */
export function defaultLpSolver(): LpSolver {
  return glpk;
}

/**
 * A rational point in the relative interior sense of relucert: every inequality row strict,
 * equalities exact (the feasibility of `strictVersion(system)`), or Motzkin multipliers proving
 * there is none (checked against the strict version: y ≥ 0 on inequality rows, free on equality
 * rows, Σ y_i a_i = 0, and Σ y_i b_i < 0 or Σ y_i b_i = 0 with y_i > 0 on some inequality row).
 */
export function interiorPoint(system: LinearSystem, options: CertifiedOptions = {}): InteriorResult {
  const strict: LinearSystem = {
    variables: system.variables,
    constraints: system.constraints.map((c) => (c.relation === '<=' ? strictRow(c) : c)),
  };
  const r = feasiblePoint(strict, options);
  return r.kind === 'feasible' ? { kind: 'interior', point: r.point } : { kind: 'empty-interior', multipliers: r.multipliers };
}

/** The strict twin of a row; it shares the coefficient array, so the row caches still hit. */
function strictRow(c: LinearConstraint): LinearConstraint {
  return { coefficients: c.coefficients, relation: '<', rhs: c.rhs };
}

/**
 * A rational point satisfying every row as written (strict rows strictly), or Motzkin
 * multipliers proving that none exists (Farkas multipliers, Σ y_i b_i < 0, when no row is strict).
 */
export function feasiblePoint(system: LinearSystem, options: CertifiedOptions = {}): FeasibilityResult {
  const stats = options.stats ?? lpStats;
  const solver = options.solver === undefined ? glpk : options.solver;
  checkShape(system);
  let answer: FeasibilityResult | undefined;
  if (solver !== null && system.constraints.some((c) => c.relation !== '=')) {
    answer = floatFeasibility(system, solver, stats);
    if (answer === undefined) stats.fallbacks++;
    else stats.floatSuccesses++;
  }
  answer ??= exactFeasibility(system, stats);
  stats.certified++;
  return answer;
}

/**
 * Maximizes objective·x over the closed system (strict rows are read as `≤`): the optimum with
 * primal and dual certificates, or an unbounded ray with a feasible point, or Farkas multipliers.
 */
export function maximize(objective: readonly Fraction[], system: LinearSystem, options: CertifiedOptions = {}): MaximizeResult {
  const stats = options.stats ?? lpStats;
  const solver = options.solver === undefined ? glpk : options.solver;
  checkShape(system);
  if (objective.length !== system.variables) throw new RangeError(`objective has ${objective.length} entries, expected ${system.variables}`);
  const closed: LinearSystem = system.constraints.some((c) => c.relation === '<')
    ? { variables: system.variables, constraints: system.constraints.map((c) => (c.relation === '<' ? { ...c, relation: '<=' as const } : c)) }
    : system;
  let answer: MaximizeResult | undefined;
  if (solver !== null) {
    answer = floatMaximize(objective, closed, solver, stats);
    if (answer === undefined) stats.fallbacks++;
    else stats.floatSuccesses++;
  }
  if (answer === undefined) {
    stats.exactSolves++;
    const r = exactMaximize(objective, closed);
    answer =
      r.kind === 'optimal'
        ? { kind: 'optimal', value: r.value, primal: r.primal, dual: r.dual }
        : r.kind === 'unbounded'
          ? { kind: 'unbounded', point: r.point, ray: r.ray }
          : { kind: 'infeasible', multipliers: r.multipliers };
    assertCertified(answer, objective, closed);
  }
  stats.certified++;
  return answer;
}

function checkShape(system: LinearSystem): void {
  const n = system.variables;
  system.constraints.forEach((c, i) => {
    if (c.coefficients.length !== n) throw new RangeError(`row ${i} has ${c.coefficients.length} coefficients, expected ${n}`);
  });
}

/** Verifies an exact-simplex answer; a failure here is a bug in this layer, never a verdict. */
function assertCertified(answer: MaximizeResult, objective: readonly Fraction[], system: LinearSystem): void {
  const ok =
    answer.kind === 'optimal'
      ? verifyOptimal(objective, system, answer.value, answer.primal, answer.dual)
      : answer.kind === 'unbounded'
        ? verifyUnbounded(objective, system, answer.point, answer.ray)
        : verifyMotzkin(system, answer.multipliers);
  if (!ok) throw new Error(`internal error: the exact simplex returned an uncertified ${answer.kind} answer`);
}

// ---------------------------------------------------------------------------------------------
// Float rows

/** A row in float form, divided by a power of two so that its largest coefficient is in [1/2, 1]. */
interface FloatRow {
  readonly coefficients: number[];
  readonly rhs: number;
  /** The power of two the row was divided by, as a float and exactly. */
  readonly scale: number;
  readonly exactScale: Fraction;
}

/** Float coefficients of a coefficient array, cached by array identity (shared by a row's twins). */
const floatCoefficients = new WeakMap<readonly Fraction[], { coefficients: number[]; scale: number; exactScale: Fraction }>();

function floatRow(c: LinearConstraint): FloatRow {
  let entry = floatCoefficients.get(c.coefficients);
  if (entry === undefined) {
    const raw = c.coefficients.map(toFloat);
    let max = 0;
    for (const v of raw) max = Math.max(max, Math.abs(v));
    const exponent = max > 0 && Number.isFinite(max) ? Math.ceil(Math.log2(max)) : 0;
    const scale = 2 ** Math.max(-1000, Math.min(1000, exponent));
    entry = { coefficients: raw.map((v) => v / scale), scale, exactScale: float64ToRational(scale) };
    floatCoefficients.set(c.coefficients, entry);
  }
  return { coefficients: entry.coefficients, rhs: toFloat(c.rhs) / entry.scale, scale: entry.scale, exactScale: entry.exactScale };
}

/** The slack LP P(T) in floats: variables (x, t), t ≤ 1, rows of T carry +t. */
function slackLp(system: LinearSystem, inT: (c: LinearConstraint) => boolean): LpProblem {
  const n = system.variables;
  const rows: LpRow[] = new Array(system.constraints.length);
  system.constraints.forEach((c, i) => {
    const f = floatRow(c);
    const coefficients = f.coefficients.slice();
    coefficients.push(c.relation !== '=' && inT(c) ? 1 : 0);
    rows[i] = c.relation === '=' ? { coefficients, lower: f.rhs, upper: f.rhs } : { coefficients, lower: -Infinity, upper: f.rhs };
  });
  const objective = new Array<number>(n + 1).fill(0);
  objective[n] = 1;
  const bounds = new Array(n + 1).fill(FREE_BOUNDS);
  bounds[n] = { lower: -Infinity, upper: 1 };
  return { direction: 'maximize', objective, rows, bounds };
}
const FREE_BOUNDS = { lower: -Infinity, upper: Infinity } as const;

// ---------------------------------------------------------------------------------------------
// Feasibility

const isStrict = (c: LinearConstraint): boolean => c.relation === '<';
const isInequality = (c: LinearConstraint): boolean => c.relation !== '=';

/** Float-proposed, exactly checked feasibility answer, or undefined when it cannot be certified. */
function floatFeasibility(system: LinearSystem, solver: LpSolver, stats: LpStats): FeasibilityResult | undefined {
  const n = system.variables;
  const hasStrict = system.constraints.some(isStrict);
  const inT = hasStrict ? isStrict : isInequality;
  stats.floatSolves++;
  const lp = slackLp(system, inT);
  const result = solver.solve(lp);
  if (result.status === 'infeasible') {
    if (!hasStrict) return undefined; // only the equalities can be inconsistent: left to the exact method
    // The closed non-strict part is infeasible: Farkas multipliers for it are Motzkin multipliers here.
    const closedPart = system.constraints.map((c, i) => ({ c, i })).filter(({ c }) => !isStrict(c));
    const sub: LinearSystem = { variables: n, constraints: closedPart.map(({ c }) => c) };
    if (!sub.constraints.some(isInequality)) return undefined;
    const inner = floatFeasibility(sub, solver, stats);
    if (inner === undefined || inner.kind === 'feasible') return undefined;
    const multipliers = new Array<Fraction>(system.constraints.length).fill(ZERO);
    closedPart.forEach(({ i }, k) => {
      multipliers[i] = inner.multipliers[k] as Fraction;
    });
    return verifyMotzkin(system, multipliers) ? { kind: 'infeasible', multipliers } : undefined;
  }
  if (result.status !== 'optimal') return undefined;
  const t = result.primal[n] as number;
  const positive = hasStrict ? t > 0 : t >= 0;
  const nearZero = Math.abs(t) <= 1e-9;
  if (positive || nearZero) {
    const point = certifyPoint(system, result, inT, t);
    if (point !== undefined) return { kind: 'feasible', point };
  }
  if (!positive || nearZero) {
    const multipliers = certifyMultipliers(system, result, inT);
    if (multipliers !== undefined) return { kind: 'infeasible', multipliers };
  }
  return undefined;
}

const ZERO = new Fraction(0n);
const ONE = new Fraction(1n);

/**
 * An exact point from the slack LP's float optimum: snap coordinates to simple rationals within
 * a margin the slack t guarantees (scaled rows have ‖a‖₁ ≤ n, so moving x by less than t/n in
 * each coordinate keeps every T-row strict); repair equalities exactly; failing that, solve the
 * slack LP's tight rows exactly (vertex reconstruction).
 */
function certifyPoint(system: LinearSystem, result: LpResult, inT: (c: LinearConstraint) => boolean, t: number): Fraction[] | undefined {
  const n = system.variables;
  const x = result.primal.slice(0, n);
  if (t > 0) {
    const tolerance = t / (4 * Math.max(1, n));
    const snapped = x.map((v) => snapToRational(v, tolerance));
    const point = system.constraints.some((c) => c.relation === '=') ? completeEqualities(system, snapped) : snapped;
    if (point !== undefined && verifyPoint(system, point)) return point;
  }
  // Vertex reconstruction of P(T) in (x, t).
  const exactRows = slackRowsExact(system, inT);
  const vertex = reconstructVertex(exactRows, n + 1, result.primal, [...result.rowDuals, 0]);
  if (vertex === undefined) return undefined;
  const point = vertex.slice(0, n);
  return verifyPoint(system, point) ? point : undefined;
}

/** Exact rows of P(T): the system's rows (closed, T-rows with +w_i·t) and t ≤ 1 last. */
function slackRowsExact(system: LinearSystem, inT: (c: LinearConstraint) => boolean): LinearConstraint[] {
  const rows: LinearConstraint[] = system.constraints.map((c) => ({
    coefficients: [...c.coefficients, c.relation !== '=' && inT(c) ? floatRow(c).exactScale : ZERO],
    relation: c.relation === '=' ? '=' : '<=',
    rhs: c.rhs,
  }));
  const unit = new Array<Fraction>(system.variables + 1).fill(ZERO);
  unit[system.variables] = ONE;
  rows.push({ coefficients: unit, relation: '<=', rhs: ONE });
  return rows;
}

/**
 * Keeps the snapped coordinates that the equality rows leave free and solves the equalities for
 * the others, exactly (so the point satisfies every `=` row).
 */
function completeEqualities(system: LinearSystem, snapped: Fraction[]): Fraction[] | undefined {
  const n = system.variables;
  const equalities = system.constraints.filter((c) => c.relation === '=');
  const candidates: bigint[][] = equalities.map((c) => integerRow(c).coefficients as bigint[]);
  const rhs: bigint[] = equalities.map((c) => integerRow(c).rhs);
  for (let j = 0; j < n; j++) {
    const unit = new Array<bigint>(n).fill(0n);
    const v = snapped[j] as Fraction;
    unit[j] = v.d as bigint;
    candidates.push(unit);
    rhs.push((v.s < 0n ? -v.n : v.n) as bigint);
  }
  const order = candidates.map((_, i) => i);
  const chosen = selectIndependent(candidates, order, n, n);
  return solveWithDefaults(
    chosen.map((i) => candidates[i] as bigint[]),
    chosen.map((i) => rhs[i] as bigint),
    n,
    snapped,
  );
}

/**
 * Exact vertex of an LP from a float optimum: equality rows, then rows with large float duals,
 * then nearly tight rows, keeping a linearly independent set; coordinates the chosen rows leave
 * free are fixed at snapped float values. Returns the exact solution of those rows.
 */
function reconstructVertex(rows: readonly LinearConstraint[], N: number, v: readonly number[], duals: readonly number[]): Fraction[] | undefined {
  const basis = chooseTightRows(rows, N, v, duals);
  const candidates: bigint[][] = basis.map((i) => integerRow(rows[i] as LinearConstraint).coefficients as bigint[]);
  const rhs: bigint[] = basis.map((i) => integerRow(rows[i] as LinearConstraint).rhs);
  if (basis.length < N) {
    for (let j = 0; j < N; j++) {
      const unit = new Array<bigint>(N).fill(0n);
      const q = snapToRational(v[j] as number, 1e-9 * Math.max(1, Math.abs(v[j] as number)));
      unit[j] = q.d as bigint;
      candidates.push(unit);
      rhs.push((q.s < 0n ? -q.n : q.n) as bigint);
    }
    const chosen = selectIndependent(candidates, candidates.map((_, i) => i), N, N);
    return solveWithDefaults(
      chosen.map((i) => candidates[i] as bigint[]),
      chosen.map((i) => rhs[i] as bigint),
      N,
    );
  }
  return solveWithDefaults(candidates, rhs, N);
}

/** Indices of up to N independent rows that the float optimum marks as tight, best first. */
function chooseTightRows(rows: readonly LinearConstraint[], N: number, v: readonly number[], duals: readonly number[]): number[] {
  let maxDual = 0;
  for (const y of duals) maxDual = Math.max(maxDual, Math.abs(y));
  const withDual: { i: number; key: number }[] = [];
  const nearlyTight: { i: number; key: number }[] = [];
  const equalities: number[] = [];
  rows.forEach((c, i) => {
    if (c.relation === '=') {
      equalities.push(i);
      return;
    }
    const y = Math.abs(duals[i] ?? 0);
    if (y > 1e-9 * maxDual && y > 0) {
      withDual.push({ i, key: -y });
      return;
    }
    let activity = 0;
    let size = Math.abs(toFloat(c.rhs));
    c.coefficients.forEach((a, j) => {
      const term = toFloat(a) * (v[j] as number);
      activity += term;
      size += Math.abs(term);
    });
    const slack = Math.abs(toFloat(c.rhs) - activity) / (1 + size);
    if (slack < 1e-7) nearlyTight.push({ i, key: slack });
  });
  withDual.sort((a, b) => a.key - b.key);
  nearlyTight.sort((a, b) => a.key - b.key);
  const order = [...equalities, ...withDual.map((e) => e.i), ...nearlyTight.map((e) => e.i)];
  const integerRows = rows.map((c) => integerRow(c).coefficients);
  return selectIndependent(integerRows, order, N, N);
}

/**
 * Exact Motzkin/Farkas multipliers from the slack LP's float row duals: solve
 * Σ_{i∈S} y_i a_i = 0, Σ_{i∈S∩T} w_i y_i = 1 on the support S of the float duals (unknowns the
 * equations leave free keep their rationalized float values); failing that, cancel the residual
 * of the rationalized duals on box rows. Returns multipliers that passed {@link verifyMotzkin}.
 */
function certifyMultipliers(system: LinearSystem, result: LpResult, inT: (c: LinearConstraint) => boolean): Fraction[] | undefined {
  const m = system.constraints.length;
  const n = system.variables;
  // Duals of the scaled rows → duals of the original rows: y_i = ŷ_i / s_i.
  const duals = system.constraints.map((c, i) => (result.rowDuals[i] as number) / floatRow(c).scale);
  let maxDual = 0;
  for (const y of duals) maxDual = Math.max(maxDual, Math.abs(y));
  if (!(maxDual > 0) || !Number.isFinite(maxDual)) return undefined;
  const support: number[] = [];
  system.constraints.forEach((c, i) => {
    const y = duals[i] as number;
    if (c.relation === '=' ? Math.abs(y) > 1e-9 * maxDual : y > 1e-9 * maxDual) support.push(i);
  });
  if (support.length === 0) return undefined;
  const defaults = support.map((i) => snapToRational(duals[i] as number, 1e-9 * Math.max(Math.abs(duals[i] as number), 1e-300)));
  // Equations over the support: coordinates j (target 0), then the normalization (target 1).
  const equations: Fraction[][] = [];
  for (let j = 0; j < n; j++) {
    const row = support.map((i) => (system.constraints[i] as LinearConstraint).coefficients[j] as Fraction);
    row.push(ZERO);
    equations.push(row);
  }
  const normalization = support.map((i) => {
    const c = system.constraints[i] as LinearConstraint;
    return c.relation !== '=' && inT(c) ? floatRow(c).exactScale : ZERO;
  });
  if (normalization.some((w) => w.n !== 0n)) {
    normalization.push(ONE);
    equations.push(normalization);
  }
  const integerEquations = equations.map((row) => commonForm(row).num);
  const k = support.length;
  const solution = solveWithDefaults(
    integerEquations.map((row) => row.slice(0, k)),
    integerEquations.map((row) => row[k] as bigint),
    k,
    defaults,
  );
  if (solution !== undefined) {
    const y = new Array<Fraction>(m).fill(ZERO);
    support.forEach((i, s) => {
      y[i] = solution[s] as Fraction;
    });
    if (verifyMotzkin(system, y)) return y;
  }
  // Safe dual bound: rationalized duals, residual cancelled on box rows.
  const y = new Array<Fraction>(m).fill(ZERO);
  support.forEach((i, s) => {
    y[i] = defaults[s] as Fraction;
  });
  const repaired = cancelOnBoxRows(system, y);
  return repaired !== undefined && verifyMotzkin(system, repaired) ? repaired : undefined;
}

/**
 * Adds nonnegative multipliers on box rows (inequality rows with a single nonzero coefficient)
 * to make Σ y_i a_i = 0 exactly; undefined when some residual coordinate has no box row of the
 * right sign. Weak duality over the box is what makes this the "safe" bound.
 */
function cancelOnBoxRows(system: LinearSystem, y: Fraction[]): Fraction[] | undefined {
  const n = system.variables;
  const residual = new Array<Fraction>(n).fill(ZERO);
  system.constraints.forEach((c, i) => {
    const yi = y[i] as Fraction;
    if (yi.n === 0n) return;
    c.coefficients.forEach((a, j) => {
      if (a.n !== 0n) residual[j] = (residual[j] as Fraction).add(yi.mul(a));
    });
  });
  const out = y.slice();
  for (let j = 0; j < n; j++) {
    const r = residual[j] as Fraction;
    if (r.n === 0n) continue;
    // Need a row with a_kj·r < 0 and no other nonzero coefficient; pick the one with the smallest rhs weight.
    let best = -1;
    let bestCost: Fraction | undefined;
    system.constraints.forEach((c, k) => {
      if (c.relation === '=') return;
      const a = c.coefficients[j] as Fraction;
      if (a.n === 0n || a.s === r.s) return;
      if (c.coefficients.some((b, l) => l !== j && b.n !== 0n)) return;
      const cost = c.rhs.div(a).abs();
      if (bestCost === undefined || cost.compare(bestCost) < 0) {
        best = k;
        bestCost = cost;
      }
    });
    if (best < 0) return undefined;
    const a = (system.constraints[best] as LinearConstraint).coefficients[j] as Fraction;
    out[best] = (out[best] as Fraction).add(r.div(a).abs());
  }
  return out;
}

/** Exact feasibility through the exact simplex on the slack LP (weights 1). */
function exactFeasibility(system: LinearSystem, stats: LpStats): FeasibilityResult {
  const n = system.variables;
  const m = system.constraints.length;
  const hasStrict = system.constraints.some(isStrict);
  const inT = hasStrict ? isStrict : isInequality;
  const rows: LinearConstraint[] = system.constraints.map((c) => ({
    coefficients: [...c.coefficients, c.relation !== '=' && inT(c) ? ONE : ZERO],
    relation: c.relation === '=' ? '=' : '<=',
    rhs: c.rhs,
  }));
  const unit = new Array<Fraction>(n + 1).fill(ZERO);
  unit[n] = ONE;
  rows.push({ coefficients: unit, relation: '<=', rhs: ONE });
  const objective = unit;
  stats.exactSolves++;
  const r = exactMaximize(objective, { variables: n + 1, constraints: rows });
  let answer: FeasibilityResult;
  if (r.kind === 'optimal') {
    const t = r.primal[n] as Fraction;
    const ok = hasStrict || !system.constraints.some(isInequality) ? t.s > 0n && t.n !== 0n : t.s > 0n || t.n === 0n;
    answer = ok ? { kind: 'feasible', point: r.primal.slice(0, n) } : { kind: 'infeasible', multipliers: r.dual.slice(0, m) };
  } else if (r.kind === 'infeasible') {
    answer = { kind: 'infeasible', multipliers: r.multipliers.slice(0, m) };
  } else {
    throw new Error('internal error: the slack LP is bounded by t ≤ 1');
  }
  const ok = answer.kind === 'feasible' ? verifyPoint(system, answer.point) : verifyMotzkin(system, answer.multipliers);
  if (!ok) throw new Error(`internal error: the exact simplex returned an uncertified ${answer.kind} answer`);
  return answer;
}

// ---------------------------------------------------------------------------------------------
// Optimization

function floatMaximize(objective: readonly Fraction[], system: LinearSystem, solver: LpSolver, stats: LpStats): MaximizeResult | undefined {
  const n = system.variables;
  const rows: LpRow[] = system.constraints.map((c) => {
    const f = floatRow(c);
    return c.relation === '=' ? { coefficients: f.coefficients, lower: f.rhs, upper: f.rhs } : { coefficients: f.coefficients, lower: -Infinity, upper: f.rhs };
  });
  const c = objective.map(toFloat);
  stats.floatSolves++;
  const result = solver.solve({ direction: 'maximize', objective: c, rows });
  if (result.status === 'optimal') {
    const duals = system.constraints.map((row, i) => (result.rowDuals[i] as number) / floatRow(row).scale);
    return certifyOptimum(objective, system, result.primal, duals);
  }
  if (result.status === 'infeasible') {
    const r = system.constraints.some(isInequality) ? floatFeasibility(system, solver, stats) : undefined;
    return r?.kind === 'infeasible' ? r : undefined;
  }
  if (result.status === 'unbounded') {
    const feasible = system.constraints.some(isInequality) ? floatFeasibility(system, solver, stats) : undefined;
    if (feasible?.kind !== 'feasible') return undefined;
    const ray = floatRay(objective, system, solver, stats);
    if (ray === undefined || !verifyUnbounded(objective, system, feasible.point, ray)) return undefined;
    return { kind: 'unbounded', point: feasible.point, ray };
  }
  return undefined;
}

/** Exact optimum from a float optimum: vertex from tight rows, duals solved on the chosen rows. */
function certifyOptimum(objective: readonly Fraction[], system: LinearSystem, x: readonly number[], duals: readonly number[]): MaximizeResult | undefined {
  const n = system.variables;
  const primal = reconstructVertex(system.constraints, n, x, duals);
  if (primal === undefined || !verifyPoint(system, primal)) return undefined;
  const value = dotExact(objective, primal);
  // Dual candidates: rows the float solver marks (duals), restricted to rows tight at the exact primal.
  const tight = tightRows(system, primal);
  let maxDual = 0;
  for (const y of duals) maxDual = Math.max(maxDual, Math.abs(y));
  const support = tight.filter((i) => Math.abs(duals[i] as number) > 1e-9 * maxDual && (duals[i] as number) !== 0);
  const attempts = [support, chooseTightRows(system.constraints, n, x, duals).filter((i) => tight.includes(i))];
  for (const rowsUsed of attempts) {
    const dual = solveDual(objective, system, rowsUsed, duals);
    if (dual !== undefined && verifyOptimal(objective, system, value, primal, dual)) return { kind: 'optimal', value, primal, dual };
  }
  return undefined;
}

function dotExact(a: readonly Fraction[], b: readonly Fraction[]): Fraction {
  let s = ZERO;
  for (let j = 0; j < a.length; j++) if ((a[j] as Fraction).n !== 0n) s = s.add((a[j] as Fraction).mul(b[j] as Fraction));
  return s;
}

/** Indices of rows satisfied with equality at x (exactly). */
function tightRows(system: LinearSystem, x: readonly Fraction[]): number[] {
  const v = commonForm(x);
  const out: number[] = [];
  system.constraints.forEach((c, i) => {
    const r = integerRow(c);
    let s = 0n;
    for (let j = 0; j < v.num.length; j++) s += (r.coefficients[j] as bigint) * (v.num[j] as bigint);
    if (s === r.rhs * v.den) out.push(i);
  });
  return out;
}

/** Solves Σ_{i∈rows} y_i a_i = objective exactly (free unknowns default to the float duals). */
function solveDual(objective: readonly Fraction[], system: LinearSystem, rowsUsed: readonly number[], duals: readonly number[]): Fraction[] | undefined {
  const n = system.variables;
  const k = rowsUsed.length;
  const equations: bigint[][] = [];
  for (let j = 0; j < n; j++) {
    const row = rowsUsed.map((i) => (system.constraints[i] as LinearConstraint).coefficients[j] as Fraction);
    row.push(objective[j] as Fraction);
    equations.push(commonForm(row).num);
  }
  const defaults = rowsUsed.map((i) => snapToRational(duals[i] as number, 1e-9 * Math.max(Math.abs(duals[i] as number), 1e-300)));
  const solution = solveWithDefaults(
    equations.map((row) => row.slice(0, k)),
    equations.map((row) => row[k] as bigint),
    k,
    defaults,
  );
  if (solution === undefined) return undefined;
  const y = new Array<Fraction>(system.constraints.length).fill(ZERO);
  rowsUsed.forEach((i, s) => {
    y[i] = solution[s] as Fraction;
  });
  return y;
}

/** A ray from the float LP max c·d s.t. a·d ≤ 0 (= 0 on equalities), c·d ≤ 1, made exact. */
function floatRay(objective: readonly Fraction[], system: LinearSystem, solver: LpSolver, stats: LpStats): Fraction[] | undefined {
  const n = system.variables;
  const c = objective.map(toFloat);
  let cmax = 0;
  for (const v of c) cmax = Math.max(cmax, Math.abs(v));
  if (!(cmax > 0)) return undefined;
  const rows: LpRow[] = system.constraints.map((row) => {
    const f = floatRow(row);
    return row.relation === '=' ? { coefficients: f.coefficients, lower: 0, upper: 0 } : { coefficients: f.coefficients, lower: -Infinity, upper: 0 };
  });
  // Normalize by a power of two so that the float row is exactly (c / scale)·d ≤ 1.
  const scale = 2 ** Math.ceil(Math.log2(cmax));
  rows.push({ coefficients: c.map((v) => v / scale), lower: -Infinity, upper: 1 });
  stats.floatSolves++;
  const result = solver.solve({ direction: 'maximize', objective: c, rows });
  if (result.status !== 'optimal') return undefined;
  const homogeneous: LinearConstraint[] = system.constraints.map((row) => ({
    coefficients: row.coefficients,
    relation: row.relation === '=' ? '=' : '<=',
    rhs: ZERO,
  }));
  homogeneous.push({ coefficients: objective, relation: '<=', rhs: float64ToRational(scale) });
  return reconstructVertex(homogeneous, n, result.primal, result.rowDuals);
}
