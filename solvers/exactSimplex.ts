/**
 * An exact rational simplex method: the fallback of the certification layer and the oracle of
 * its tests.
 *
 * Problem: maximize c·x subject to rows a_i·x ≤ b_i or a_i·x = b_i, x ∈ Qⁿ free.
 *
 * Method. Two-phase primal simplex (Dantzig) on a dense tableau in standard form: every free
 * variable is split x = x⁺ − x⁻, each `≤` row gets a slack, rows are negated so that b̃ ≥ 0, and
 * rows without a usable unit column (equalities, `≤` rows with b < 0) get an artificial variable.
 * Phase 1 minimizes the sum of artificials; phase 2 minimizes −c·x with artificials barred from
 * entering (those still basic sit on redundant rows at value 0 and stay there).
 *
 * Arithmetic. The tableau is kept as BigInt numerators over one common denominator d > 0 and
 * pivoted integer-preservingly (Edmonds 1967, Bareiss 1968; the "Q-pivot" of Azulay & Pique
 * 1998): M_ij ← (M_ij·p − M_iq·M_rj) / d with exact division, because every entry is a minor of
 * the scaled input. No gcd is taken in the loop.
 *
 * Anti-cycling. Dantzig's rule (most negative reduced cost) after a nondegenerate pivot, Bland's
 * smallest-index rule (Bland 1977) after a degenerate one; the leaving row is always chosen by
 * minimum ratio with ties broken by the smallest basic index. Any infinite sequence of pivots
 * would have to cycle at one degenerate vertex, and there every pivot follows a degenerate pivot
 * and so is a pure Bland pivot, which cannot cycle — so the method terminates.
 *
 * Certificates, read from the tableau. B⁻¹ is the block of the tableau under the initial unit
 * columns u(i) (slack or artificial), and the simplex multipliers are π_i = c_{u(i)} − r_{u(i)}
 * (r = reduced cost). Undoing the row scaling λ_i (to integers), the sign flips σ_i and the
 * objective scaling κ gives the dual of the original rows, y_i = −σ_i λ_i π_i / κ:
 * - optimal: y ≥ 0 on `≤` rows, Σ y_i a_i = c, Σ y_i b_i = c·x* (strong duality);
 * - infeasible (phase-1 optimum w > 0, with phase-1 multipliers): y ≥ 0 on `≤` rows,
 *   Σ y_i a_i = 0, Σ y_i b_i = −w < 0 — Farkas's lemma (Farkas 1902);
 * - unbounded: the entering column q with no positive entry gives the ray z_q = 1,
 *   z_B = −B⁻¹Ã_q, i.e. a·d ≤ 0 on `≤` rows, a·d = 0 on `=` rows, c·d > 0.
 */
import Fraction from 'fraction.js';
import { gcdBig, lcmBig } from '../src/exact/integer.js';
import { denominator, numerator } from '../src/exact/rational.js';
import type { LinearSystem } from '../src/polyhedra/system.js';
import { integerRow } from './exactLinear.js';

/** The answer of {@link exactMaximize}. */
export type ExactLpResult =
  /** `value` = objective·primal = Σ dual_i·rhs_i; dual ≥ 0 on `≤` rows and Σ dual_i a_i = objective. */
  | { kind: 'optimal'; value: Fraction; primal: Fraction[]; dual: Fraction[]; pivots: number }
  /** `point` is feasible; `ray` satisfies a·ray ≤ 0 (`≤` rows), a·ray = 0 (`=` rows), objective·ray > 0. */
  | { kind: 'unbounded'; point: Fraction[]; ray: Fraction[]; pivots: number }
  /** Farkas multipliers: ≥ 0 on `≤` rows, Σ y_i a_i = 0, Σ y_i b_i < 0. */
  | { kind: 'infeasible'; multipliers: Fraction[]; pivots: number };

/** Options of {@link exactMaximize}. */
export interface ExactSimplexOptions {
  /** Safety cap on pivots (the method terminates anyway; the cap only guards against misuse). Default 1e6. */
  readonly maxPivots?: number;
}

/**
 * Maximizes `objective · x` over a closed system (rows `<=` or `=`; a strict row is an error —
 * pass `closedVersion(system)` or pose the slack LP). Variables are free. Exact throughout.
 */
export function exactMaximize(objective: readonly Fraction[], system: LinearSystem, options: ExactSimplexOptions = {}): ExactLpResult {
  const n = system.variables;
  if (objective.length !== n) throw new RangeError(`objective has ${objective.length} entries, expected ${n}`);
  const m = system.constraints.length;
  const maxPivots = options.maxPivots ?? 1_000_000;

  // Integer rows, signs, and the column layout [x⁺ | x⁻ | slacks | artificials | rhs].
  const scale: bigint[] = new Array(m);
  const sign: bigint[] = new Array(m);
  const slackColumn: number[] = new Array(m).fill(-1);
  const artificialColumn: number[] = new Array(m).fill(-1);
  let columns = 2 * n;
  for (let i = 0; i < m; i++) {
    const c = system.constraints[i] as LinearSystem['constraints'][number];
    if (c.coefficients.length !== n) throw new RangeError(`row ${i} has ${c.coefficients.length} coefficients, expected ${n}`);
    if (c.relation === '<') throw new RangeError(`row ${i} is strict; the exact simplex solves closed systems`);
    if (c.relation === '<=') slackColumn[i] = columns++;
  }
  const firstArtificial = columns;
  const rows: bigint[][] = [];
  for (let i = 0; i < m; i++) {
    const c = system.constraints[i] as LinearSystem['constraints'][number];
    const r = integerRow(c);
    scale[i] = r.scale;
    sign[i] = r.rhs < 0n ? -1n : 1n;
    if (c.relation === '=' || sign[i] === -1n) artificialColumn[i] = columns++;
  }
  const rhs = columns;
  const width = columns + 1;
  for (let i = 0; i < m; i++) {
    const c = system.constraints[i] as LinearSystem['constraints'][number];
    const r = integerRow(c);
    const s = sign[i] as bigint;
    const row = new Array<bigint>(width).fill(0n);
    for (let j = 0; j < n; j++) {
      const a = (r.coefficients[j] as bigint) * s;
      row[j] = a;
      row[n + j] = -a;
    }
    if (slackColumn[i] >= 0) row[slackColumn[i] as number] = s;
    if (artificialColumn[i] >= 0) row[artificialColumn[i] as number] = 1n;
    row[rhs] = r.rhs * s;
    rows.push(row);
  }
  // Phase-2 objective: minimize −κ·c·x (κ clears the objective's denominators).
  let kappa = 1n;
  for (const v of objective) kappa = lcmBig(kappa, denominator(v));
  const costRow = new Array<bigint>(width).fill(0n);
  for (let j = 0; j < n; j++) {
    const cj = numerator(objective[j] as Fraction) * (kappa / denominator(objective[j] as Fraction));
    costRow[j] = -cj;
    costRow[n + j] = cj;
  }
  // Initial basis: the unit column of each row.
  const basis: number[] = new Array(m);
  const unitColumn: number[] = new Array(m);
  for (let i = 0; i < m; i++) {
    unitColumn[i] = artificialColumn[i] >= 0 ? (artificialColumn[i] as number) : (slackColumn[i] as number);
    basis[i] = unitColumn[i] as number;
  }
  const hasArtificials = firstArtificial < columns;
  // Phase-1 objective (sum of artificials), priced out against the artificial basis.
  const phase1Row = new Array<bigint>(width).fill(0n);
  if (hasArtificials) {
    for (let i = 0; i < m; i++) {
      if (artificialColumn[i] < 0) continue;
      const row = rows[i] as bigint[];
      for (let j = 0; j < firstArtificial; j++) phase1Row[j] = (phase1Row[j] as bigint) - (row[j] as bigint);
      phase1Row[rhs] = (phase1Row[rhs] as bigint) - (row[rhs] as bigint);
    }
  }
  const tableau = new Tableau(rows, [costRow, phase1Row], basis, rhs);

  if (hasArtificials) {
    const outcome = tableau.run(1, firstArtificial, maxPivots);
    if (outcome.kind === 'unbounded') throw new Error('exact simplex: phase 1 cannot be unbounded');
    if ((phase1Row[rhs] as bigint) < 0n) {
      // w = −phase1Row[rhs]/d > 0: Farkas multipliers from the phase-1 prices (cost 1 on artificials).
      const multipliers = new Array<Fraction>(m);
      for (let i = 0; i < m; i++) {
        const u = unitColumn[i] as number;
        const cu = artificialColumn[i] >= 0 ? tableau.d : 0n;
        multipliers[i] = new Fraction((sign[i] as bigint) * (scale[i] as bigint) * ((tableau.objectives[1] as bigint[])[u] as bigint - cu), tableau.d);
      }
      return { kind: 'infeasible', multipliers, pivots: tableau.pivots };
    }
    // Drive basic artificials (at level 0) out where the row allows it; otherwise the row is redundant.
    for (let i = 0; i < m; i++) {
      if ((basis[i] as number) < firstArtificial) continue;
      const row = tableau.rows[i] as bigint[];
      for (let j = 0; j < firstArtificial; j++) {
        if (row[j] !== 0n) {
          tableau.pivot(i, j);
          break;
        }
      }
    }
    tableau.objectives.pop(); // phase-1 row no longer needed
  }
  const outcome = tableau.run(0, firstArtificial, maxPivots);
  const point = tableau.primal(n);
  if (outcome.kind === 'unbounded') {
    const q = outcome.column;
    const z = new Array<bigint>(columns).fill(0n);
    z[q] = tableau.d;
    for (let i = 0; i < m; i++) z[basis[i] as number] = -((tableau.rows[i] as bigint[])[q] as bigint);
    const direction: bigint[] = [];
    for (let j = 0; j < n; j++) direction.push((z[j] as bigint) - (z[n + j] as bigint));
    let g = 0n;
    for (const v of direction) g = gcdBig(g, v);
    const ray = direction.map((v) => new Fraction(g > 1n ? v / g : v, 1n));
    return { kind: 'unbounded', point, ray, pivots: tableau.pivots };
  }
  const cost = tableau.objectives[0] as bigint[];
  const dual = new Array<Fraction>(m);
  for (let i = 0; i < m; i++) {
    dual[i] = new Fraction((sign[i] as bigint) * (scale[i] as bigint) * (cost[unitColumn[i] as number] as bigint), tableau.d * kappa);
  }
  const value = new Fraction(cost[rhs] as bigint, tableau.d * kappa);
  return { kind: 'optimal', value, primal: point, dual, pivots: tableau.pivots };
}

/** A dense integer tableau over a common positive denominator `d`, pivoted fraction-free. */
class Tableau {
  d = 1n;
  pivots = 0;
  constructor(
    readonly rows: bigint[][],
    /** Objective rows (reduced costs; the rhs entry is −objective value), updated by every pivot. */
    readonly objectives: bigint[][],
    readonly basis: number[],
    readonly rhs: number,
  ) {}

  /** Pivots on (r, q): Bareiss update of every other row, then normalizes d > 0. */
  pivot(r: number, q: number): void {
    const pivotRow = this.rows[r] as bigint[];
    const p = pivotRow[q] as bigint;
    const d = this.d;
    const width = this.rhs + 1;
    const update = (row: bigint[]): void => {
      const f = row[q] as bigint;
      if (f === 0n) {
        if (p !== d) for (let j = 0; j < width; j++) row[j] = ((row[j] as bigint) * p) / d;
        return;
      }
      for (let j = 0; j < width; j++) row[j] = ((row[j] as bigint) * p - f * (pivotRow[j] as bigint)) / d;
    };
    for (let i = 0; i < this.rows.length; i++) if (i !== r) update(this.rows[i] as bigint[]);
    for (const row of this.objectives) update(row);
    if (p < 0n) {
      for (const row of this.rows) for (let j = 0; j < width; j++) row[j] = -(row[j] as bigint);
      for (const row of this.objectives) for (let j = 0; j < width; j++) row[j] = -(row[j] as bigint);
      this.d = -p;
    } else {
      this.d = p;
    }
    this.basis[r] = q;
    this.pivots++;
  }

  /**
   * Runs the simplex method on objective row `which` (minimization), with columns
   * `< enterLimit` allowed to enter. Returns optimal, or unbounded with the entering column.
   */
  run(which: number, enterLimit: number, maxPivots: number): { kind: 'optimal' } | { kind: 'unbounded'; column: number } {
    const rhs = this.rhs;
    let bland = false;
    for (;;) {
      const cost = this.objectives[which] as bigint[];
      let q = -1;
      let best = 0n;
      for (let j = 0; j < enterLimit; j++) {
        const r = cost[j] as bigint;
        if (r < 0n) {
          if (bland) {
            q = j;
            break;
          }
          if (r < best) {
            best = r;
            q = j;
          }
        }
      }
      if (q < 0) return { kind: 'optimal' };
      let leave = -1;
      for (let i = 0; i < this.rows.length; i++) {
        const row = this.rows[i] as bigint[];
        const a = row[q] as bigint;
        if (a <= 0n) continue;
        if (leave < 0) {
          leave = i;
          continue;
        }
        const best = this.rows[leave] as bigint[];
        // Compare row[rhs]/a with best[rhs]/best[q] (both denominators positive).
        const lhs = (row[rhs] as bigint) * (best[q] as bigint);
        const rhsv = (best[rhs] as bigint) * a;
        if (lhs < rhsv || (lhs === rhsv && (this.basis[i] as number) < (this.basis[leave] as number))) leave = i;
      }
      if (leave < 0) return { kind: 'unbounded', column: q };
      if (this.pivots >= maxPivots) throw new Error(`exact simplex: more than ${maxPivots} pivots`);
      bland = (this.rows[leave] as bigint[])[rhs] === 0n;
      this.pivot(leave, q);
    }
  }

  /** The current basic solution, mapped back to x = x⁺ − x⁻. */
  primal(n: number): Fraction[] {
    const z = new Map<number, bigint>();
    for (let i = 0; i < this.rows.length; i++) z.set(this.basis[i] as number, (this.rows[i] as bigint[])[this.rhs] as bigint);
    const x: Fraction[] = [];
    for (let j = 0; j < n; j++) x.push(new Fraction((z.get(j) ?? 0n) - (z.get(n + j) ?? 0n), this.d));
    return x;
  }
}
