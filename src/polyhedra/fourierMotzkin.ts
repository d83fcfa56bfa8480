/**
 * Exact Fourier–Motzkin elimination (Fourier 1827; Motzkin 1936) for small linear systems with
 * strict, non-strict and equality rows. It decides feasibility and explains its answer:
 *
 * - feasible: a rational point, found by back-substitution through the elimination stages,
 *   choosing for each variable a value strictly inside its interval where strictness requires
 *   (an integer near 0 when one fits, otherwise the midpoint);
 * - infeasible: Motzkin multipliers. Every derived row is tracked as a combination of the original
 *   rows with multipliers ≥ 0 on inequalities (free on equalities, used as two opposite
 *   inequalities), and is strict when some strict row enters with a positive multiplier.
 *   Elimination ends in rows 0·x ≤ β or 0·x < β; one with β < 0, or β = 0 and strict, is the
 *   contradiction, and its multipliers are the certificate of Motzkin's transposition theorem.
 *
 * Why the projection is exact with strictness: eliminating x_j from {p: a·x ≤/< b with a_j > 0} and
 * {n: a_j < 0} combines each pair with the positive factors (−n_j, p_j); a point of the projection
 * has max(lower bounds) ≤ min(upper bounds), with < whenever either side is strict, so x_j can be
 * chosen — the Fourier–Motzkin lemma, with strictness carried as in Motzkin's thesis.
 *
 * Exponential in the number of variables (rows can square at each step); meant for small systems
 * (a handful of variables, tens of rows) and as a test oracle. Duplicate directions are pruned
 * (only the tightest row of each direction is kept), which keeps the growth tame in practice.
 */
import Fraction from 'fraction.js';
import { LimitReached } from '../errors.js';
import { gcdBig, lcmBig } from '../exact/integer.js';
import { denominator, numerator } from '../exact/rational.js';
import type { LinearSystem, Relation } from './system.js';

/** A row derived by elimination: exactly Σ yᵢ (aᵢ, bᵢ) over the original rows. */
export interface DerivedRow {
  readonly coefficients: Fraction[];
  readonly relation: '<=' | '<';
  readonly rhs: Fraction;
  /** One multiplier per original row (≥ 0 on inequalities, free on equalities). */
  readonly multipliers: Fraction[];
}

/** Motzkin multipliers refuting a system: Σ yᵢ aᵢ = 0 and Σ yᵢ bᵢ < 0, or = 0 with a strict row used. */
export interface MotzkinCertificate {
  /** One multiplier per original row. */
  readonly multipliers: Fraction[];
  /** Σ yᵢ bᵢ. */
  readonly rhsSum: Fraction;
  /** Σ of the multipliers of strict rows. */
  readonly strictSum: Fraction;
}

/** The answer of {@link fourierMotzkin}. */
export type FourierMotzkinResult =
  | { readonly feasible: true; readonly point: Fraction[] }
  | ({ readonly feasible: false } & MotzkinCertificate);

/** Limits of an elimination. */
export interface FourierMotzkinOptions {
  /** Largest number of rows any stage may hold before giving up (default 20,000). */
  readonly maxRows?: number;
}

/** A working row over integers: a·x ≤ b (or < b), equal to Σ yᵢ (original row i). */
interface WorkRow {
  readonly a: bigint[];
  readonly b: bigint;
  readonly strict: boolean;
  readonly y: bigint[];
}

/** One elimination stage: the rows before `variable` was eliminated. */
interface Stage {
  readonly variable: number;
  readonly rows: readonly WorkRow[];
}

type Elimination =
  | { readonly infeasible: false; readonly stages: Stage[]; readonly rows: WorkRow[] }
  | { readonly infeasible: true; readonly row: WorkRow };

function normalize(r: WorkRow): WorkRow {
  let g = gcdBig(r.b, 0n);
  for (const v of r.a) if (g !== 1n) g = gcdBig(g, v);
  for (const v of r.y) if (g !== 1n) g = gcdBig(g, v);
  if (g <= 1n) return r;
  return { a: r.a.map((v) => v / g), b: r.b / g, strict: r.strict, y: r.y.map((v) => v / g) };
}

/** The original rows as integer working rows; equalities become two opposite inequalities. */
function initialRows(system: LinearSystem): WorkRow[] {
  const m = system.constraints.length;
  const rows: WorkRow[] = [];
  system.constraints.forEach((c, i) => {
    if (c.coefficients.length !== system.variables) {
      throw new RangeError(`row ${i} has ${c.coefficients.length} coefficients, the system has ${system.variables} variables`);
    }
    let s = denominator(c.rhs);
    for (const v of c.coefficients) s = lcmBig(s, denominator(v));
    const a = c.coefficients.map((v) => numerator(v) * (s / denominator(v)));
    const b = numerator(c.rhs) * (s / denominator(c.rhs));
    const unit = (sign: bigint): bigint[] => Array.from({ length: m }, (_, k) => (k === i ? sign * s : 0n));
    rows.push(normalize({ a, b, strict: c.relation === '<', y: unit(1n) }));
    if (c.relation === '=') rows.push(normalize({ a: a.map((v) => -v), b: -b, strict: false, y: unit(-1n) }));
  });
  return rows;
}

/**
 * Drops rows that constrain nothing (0 ≤ β with β ≥ 0, 0 < β with β > 0) and keeps one row per
 * direction (the tightest; strict wins a tie; the earliest wins a full tie, so of two identical
 * original rows the first one carries any multiplier). Returns a contradiction row if one exists.
 */
function simplify(rows: readonly WorkRow[]): { rows: WorkRow[] } | { contradiction: WorkRow } {
  const kept = new Map<string, { row: WorkRow; g: bigint }>();
  for (const r of rows) {
    let g = 0n;
    for (const v of r.a) g = gcdBig(g, v);
    if (g === 0n) {
      if (r.b < 0n || (r.b === 0n && r.strict)) return { contradiction: r };
      continue;
    }
    const key = r.a.map((v) => v / g).join(',');
    const old = kept.get(key);
    if (old === undefined) {
      kept.set(key, { row: r, g });
      continue;
    }
    // Compare b/g (this row) with b'/g' (kept row): smaller is tighter.
    const lhs = r.b * old.g;
    const rhs = old.row.b * g;
    if (lhs < rhs || (lhs === rhs && r.strict && !old.row.strict)) kept.set(key, { row: r, g });
  }
  return { rows: [...kept.values()].map((k) => k.row) };
}

function eliminate(system: LinearSystem, candidates: readonly number[], maxRows: number): Elimination {
  const first = simplify(initialRows(system));
  if ('contradiction' in first) return { infeasible: true, row: first.contradiction };
  let rows = first.rows;
  const remaining = new Set(candidates);
  const stages: Stage[] = [];
  for (;;) {
    // Eliminate next the variable that creates the fewest new rows (|P|·|N| − |P| − |N|).
    let best = -1;
    let bestCost = Number.POSITIVE_INFINITY;
    for (const j of [...remaining].sort((p, q) => p - q)) {
      let pos = 0;
      let neg = 0;
      for (const r of rows) {
        const v = r.a[j] as bigint;
        if (v > 0n) pos++;
        else if (v < 0n) neg++;
      }
      if (pos + neg === 0) continue;
      const cost = pos * neg - pos - neg;
      if (cost < bestCost) {
        best = j;
        bestCost = cost;
      }
    }
    if (best < 0) return { infeasible: false, stages, rows };
    const j = best;
    remaining.delete(j);
    stages.push({ variable: j, rows });
    const pos = rows.filter((r) => (r.a[j] as bigint) > 0n);
    const neg = rows.filter((r) => (r.a[j] as bigint) < 0n);
    const next = rows.filter((r) => r.a[j] === 0n);
    if (next.length + pos.length * neg.length > maxRows) {
      throw new LimitReached('size', `Fourier–Motzkin elimination would hold more than ${maxRows} rows`);
    }
    for (const p of pos) {
      for (const n of neg) {
        const fp = -(n.a[j] as bigint);
        const fn = p.a[j] as bigint;
        next.push(
          normalize({
            a: p.a.map((v, t) => fp * v + fn * (n.a[t] as bigint)),
            b: fp * p.b + fn * n.b,
            strict: p.strict || n.strict,
            y: p.y.map((v, t) => fp * v + fn * (n.y[t] as bigint)),
          }),
        );
      }
    }
    const simplified = simplify(next);
    if ('contradiction' in simplified) return { infeasible: true, row: simplified.contradiction };
    rows = simplified.rows;
  }
}

function certificate(system: LinearSystem, row: WorkRow): MotzkinCertificate {
  let strictSum = 0n;
  system.constraints.forEach((c, i) => {
    if (c.relation === '<') strictSum += row.y[i] as bigint;
  });
  return {
    multipliers: row.y.map((v) => new Fraction(v, 1n)),
    rhsSum: new Fraction(row.b, 1n),
    strictSum: new Fraction(strictSum, 1n),
  };
}

/**
 * A value in the interval given by bounds (null = unbounded): 0 if it fits, else the integer
 * nearest to 0 that fits, else the midpoint. The caller guarantees the interval is nonempty.
 */
function chooseValue(lo: Fraction | null, loStrict: boolean, hi: Fraction | null, hiStrict: boolean): Fraction {
  const fits = (v: Fraction): boolean =>
    (lo === null || (loStrict ? v.compare(lo) > 0 : v.compare(lo) >= 0)) && (hi === null || (hiStrict ? v.compare(hi) < 0 : v.compare(hi) <= 0));
  const zero = new Fraction(0n);
  if (fits(zero)) return zero;
  if (lo !== null && lo.compare(zero) >= 0) {
    const c = lo.floor();
    const v = c.equals(lo) && !loStrict ? c : c.add(1n);
    if (fits(v)) return v;
  } else if (hi !== null) {
    const c = hi.ceil();
    const v = c.equals(hi) && !hiStrict ? c : c.sub(1n);
    if (fits(v)) return v;
  }
  if (lo !== null && hi !== null) return lo.add(hi).div(2n);
  throw new Error('Fourier–Motzkin back-substitution found an empty interval (a bug)');
}

function backSubstitute(system: LinearSystem, stages: readonly Stage[]): Fraction[] {
  const x: Fraction[] = Array.from({ length: system.variables }, () => new Fraction(0n));
  for (let k = stages.length - 1; k >= 0; k--) {
    const { variable: j, rows } = stages[k] as Stage;
    let lo: Fraction | null = null;
    let loStrict = false;
    let hi: Fraction | null = null;
    let hiStrict = false;
    for (const r of rows) {
      const aj = r.a[j] as bigint;
      if (aj === 0n) continue;
      let rest = new Fraction(r.b);
      r.a.forEach((v, t) => {
        if (t !== j && v !== 0n) rest = rest.sub((x[t] as Fraction).mul(v));
      });
      const bound = rest.div(aj);
      // Dividing by a_j < 0 turns a·x ≤ b into a lower bound on x_j.
      if (aj > 0n) {
        const c = hi === null ? -1 : bound.compare(hi);
        if (c < 0) {
          hi = bound;
          hiStrict = r.strict;
        } else if (c === 0) hiStrict ||= r.strict;
      } else {
        const c = lo === null ? 1 : bound.compare(lo);
        if (c > 0) {
          lo = bound;
          loStrict = r.strict;
        } else if (c === 0) loStrict ||= r.strict;
      }
    }
    x[j] = chooseValue(lo, loStrict, hi, hiStrict);
  }
  return x;
}

/**
 * Decides a linear system exactly: a feasible point, or Motzkin multipliers proving there is none.
 * @throws LimitReached when a stage would exceed `maxRows` rows.
 */
export function fourierMotzkin(system: LinearSystem, options: FourierMotzkinOptions = {}): FourierMotzkinResult {
  const all = Array.from({ length: system.variables }, (_, j) => j);
  const result = eliminate(system, all, options.maxRows ?? 20_000);
  if (result.infeasible) return { feasible: false, ...certificate(system, result.row) };
  return { feasible: true, point: backSubstitute(system, result.stages) };
}

/** The outcome of {@link projectOut}. */
export type Projection =
  | { readonly infeasible: false; readonly rows: DerivedRow[] }
  | ({ readonly infeasible: true } & MotzkinCertificate);

/**
 * Eliminates the given variables, returning the projection's rows (in the remaining variables,
 * coefficients of eliminated ones 0), each with its multipliers over the original rows — or a
 * Motzkin certificate when elimination already exposes a contradiction. Used to read an LP's
 * optimum and dual off the projection onto an objective variable.
 */
export function projectOut(system: LinearSystem, variables: readonly number[], options: FourierMotzkinOptions = {}): Projection {
  const result = eliminate(system, variables, options.maxRows ?? 20_000);
  if (result.infeasible) return { infeasible: true, ...certificate(system, result.row) };
  return {
    infeasible: false,
    rows: result.rows.map((r) => ({
      coefficients: r.a.map((v) => new Fraction(v, 1n)),
      relation: r.strict ? '<' : '<=',
      rhs: new Fraction(r.b, 1n),
      multipliers: r.y.map((v) => new Fraction(v, 1n)),
    })),
  };
}

/** Whether x satisfies every row of the system (exact). */
export function satisfies(system: LinearSystem, x: readonly Fraction[]): boolean {
  return system.constraints.every((c) => {
    let lhs = new Fraction(0n);
    c.coefficients.forEach((v, j) => {
      lhs = lhs.add(v.mul(x[j] as Fraction));
    });
    const cmp = lhs.compare(c.rhs);
    return relationHolds(c.relation, cmp);
  });
}

function relationHolds(relation: Relation, cmp: number): boolean {
  return relation === '=' ? cmp === 0 : relation === '<' ? cmp < 0 : cmp <= 0;
}
