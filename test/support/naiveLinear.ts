/**
 * Naive exact linear inequalities for test oracles, written apart from src/polyhedra and solvers/
 * (the engine's and the checker's) so that one bug cannot hit engine, checker and oracle at once:
 * Fourier–Motzkin elimination in fraction.js, feasibility, and the optimum of a small LP by
 * projecting onto the objective. Exponential; meant for a handful of variables and rows.
 */
import Fraction from 'fraction.js';
import { parseRational } from '../../src/exact/rational.js';

/** a·x < b (strict) or a·x ≤ b. */
export interface Inequality {
  readonly a: readonly Fraction[];
  readonly b: Fraction;
  readonly strict: boolean;
}

const ZERO = new Fraction(0n);

/** A row with a zero coefficient vector: 0 < b or 0 ≤ b, true or false on its own. */
function constantHolds(r: Inequality): boolean {
  return r.strict ? r.b.compare(0) > 0 : r.b.compare(0) >= 0;
}

const isZero = (a: readonly Fraction[]): boolean => a.every((v) => v.n === 0n);

/**
 * Eliminates the variables `keep`, …, `variables − 1` (the last first): every pair of a row with
 * a positive and a row with a negative coefficient, scaled to cancel it, strict when either is;
 * per direction only the tightest row is kept. Returns rows in which only the first `keep`
 * variables have nonzero coefficients, or undefined when a constant row is false (the system is
 * infeasible). The projection of {x : rows} onto the first `keep` coordinates is the set of the
 * returned rows (Fourier 1827, Motzkin 1936).
 */
export function naiveProject(rows: readonly Inequality[], variables: number, keep: number): Inequality[] | undefined {
  let current: Inequality[] = [];
  for (const r of rows) {
    if (isZero(r.a)) {
      if (!constantHolds(r)) return undefined;
    } else current.push(r);
  }
  for (let j = variables - 1; j >= keep; j--) {
    const pos = current.filter((r) => (r.a[j] as Fraction).compare(0) > 0);
    const neg = current.filter((r) => (r.a[j] as Fraction).compare(0) < 0);
    const next: Inequality[] = current.filter((r) => (r.a[j] as Fraction).n === 0n);
    for (const p of pos) {
      for (const q of neg) {
        const sp = (q.a[j] as Fraction).neg();
        const sq = p.a[j] as Fraction;
        const a = p.a.map((v, t) => v.mul(sp).add((q.a[t] as Fraction).mul(sq)));
        next.push({ a, b: p.b.mul(sp).add(q.b.mul(sq)), strict: p.strict || q.strict });
      }
    }
    const tightest = new Map<string, Inequality>();
    for (const r of next) {
      if (isZero(r.a)) {
        if (!constantHolds(r)) return undefined;
        continue;
      }
      // Scale so that the first nonzero coefficient is ±1: equal directions get equal keys.
      const lead = (r.a.find((v) => v.n !== 0n) as Fraction).abs();
      const scaled: Inequality = { a: r.a.map((v) => v.div(lead)), b: r.b.div(lead), strict: r.strict };
      const key = scaled.a.map((v) => v.toFraction()).join(',');
      const old = tightest.get(key);
      const c = old === undefined ? -1 : scaled.b.compare(old.b);
      if (old === undefined || c < 0 || (c === 0 && scaled.strict && !old.strict)) tightest.set(key, scaled);
    }
    current = [...tightest.values()];
  }
  return current;
}

/** Whether {x : every row} is nonempty. */
export function naiveFeasible(rows: readonly Inequality[], variables: number): boolean {
  const projected = naiveProject(rows, variables, 0);
  return projected !== undefined && projected.every(constantHolds);
}

/** The outcome of {@link naiveLp}. */
export type NaiveLpOutcome = { readonly status: 'infeasible' } | { readonly status: 'unbounded' } | { readonly status: 'optimal'; readonly value: Fraction };

/**
 * max or min c·x over {x : rows} (non-strict rows: the optimum is attained when finite), by
 * projecting the system with t = c·x onto t: what is left are bounds t ≤ u and t ≥ l.
 */
export function naiveLp(rows: readonly Inequality[], variables: number, c: readonly Fraction[], sense: 'max' | 'min'): NaiveLpOutcome {
  if (rows.some((r) => r.strict)) throw new Error('naiveLp: closed systems only');
  // Variables (t, x): rows 0·t + a·x ≤ b, t − c·x ≤ 0 and −t + c·x ≤ 0.
  const lifted: Inequality[] = [
    ...rows.map((r) => ({ a: [ZERO, ...r.a], b: r.b, strict: false })),
    { a: [new Fraction(1n), ...c.map((v) => v.neg())], b: ZERO, strict: false },
    { a: [new Fraction(-1n), ...c], b: ZERO, strict: false },
  ];
  const onT = naiveProject(lifted, variables + 1, 1);
  if (onT === undefined) return { status: 'infeasible' };
  let upper: Fraction | undefined;
  let lower: Fraction | undefined;
  for (const r of onT) {
    const a = r.a[0] as Fraction;
    if (a.n === 0n) {
      if (!constantHolds(r)) return { status: 'infeasible' };
      continue;
    }
    const bound = r.b.div(a);
    if (a.compare(0) > 0) upper = upper === undefined || bound.compare(upper) < 0 ? bound : upper;
    else lower = lower === undefined || bound.compare(lower) > 0 ? bound : lower;
  }
  if (upper !== undefined && lower !== undefined && lower.compare(upper) > 0) return { status: 'infeasible' };
  const value = sense === 'max' ? upper : lower;
  return value === undefined ? { status: 'unbounded' } : { status: 'optimal', value };
}

/** A linear system as certificates write it (rationals as text). */
export interface SystemText {
  readonly variables: number;
  readonly constraints: readonly { readonly coefficients: readonly string[]; readonly relation: string; readonly rhs: string }[];
}

/**
 * The rows of a system as written (`=` as two rows), or, with `interior`, the rows of its
 * interior: every row with a nonzero coefficient vector strict, and the false row 0 < 0 for an
 * equality row with a nonzero coefficient vector (a hyperplane has no interior).
 */
export function systemRows(system: SystemText, interior = false): Inequality[] {
  return system.constraints.flatMap((c): Inequality[] => {
    const a = c.coefficients.map((t) => parseRational(t));
    const b = parseRational(c.rhs);
    const zero = isZero(a);
    if (c.relation === '=') {
      if (interior && !zero) return [{ a: a.map(() => ZERO), b: ZERO, strict: true }];
      return [
        { a, b, strict: false },
        { a: a.map((v) => v.neg()), b: b.neg(), strict: false },
      ];
    }
    return [{ a, b, strict: c.relation === '<' || (interior && !zero) }];
  });
}
