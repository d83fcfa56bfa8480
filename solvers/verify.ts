/**
 * Exact checks of every kind of answer the LP layer returns. `solvers/certified.ts` returns
 * nothing that has not passed one of these; each is a few lines of BigInt arithmetic over the
 * rows' integer forms, so checking costs far less than solving.
 *
 * Conventions: a row is `a·x (relation) b` with relation `<=`, `<` or `=`; "inequality rows" are
 * the `<=` and `<` rows.
 */
import type Fraction from 'fraction.js';
import { denominator, numerator } from '../src/exact/rational.js';
import type { LinearSystem } from '../src/polyhedra/system.js';
import { commonForm, integerRow } from './exactLinear.js';

/** Sign of a·x − b for integer row (a, b) and x = num/den (den > 0). */
function rowSign(a: readonly bigint[], b: bigint, num: readonly bigint[], den: bigint): number {
  let s = 0n;
  for (let j = 0; j < num.length; j++) {
    const v = num[j] as bigint;
    if (v !== 0n) s += (a[j] as bigint) * v;
  }
  const diff = s - b * den;
  return diff < 0n ? -1 : diff > 0n ? 1 : 0;
}

/** Whether `point` satisfies every row of `system` as written (strict rows strictly). */
export function verifyPoint(system: LinearSystem, point: readonly Fraction[]): boolean {
  return satisfies(system, point, false);
}

/** Whether `point` satisfies every row; `closedRows` reads strict rows as `≤`. */
function satisfies(system: LinearSystem, point: readonly Fraction[], closedRows: boolean): boolean {
  if (point.length !== system.variables) return false;
  const x = commonForm(point);
  for (const c of system.constraints) {
    const r = integerRow(c);
    const s = rowSign(r.coefficients, r.rhs, x.num, x.den);
    if (c.relation === '=' ? s !== 0 : c.relation === '<' && !closedRows ? s >= 0 : s > 0) return false;
  }
  return true;
}

/**
 * Σ_i y_i·(a_i, b_i) as integers over a common denominator: returns the n+1 numerators
 * (coefficients, then right-hand side), or `undefined` if some inequality row has y_i < 0.
 */
function combine(system: LinearSystem, multipliers: readonly Fraction[]): { sum: bigint[]; den: bigint } | undefined {
  const n = system.variables;
  const m = system.constraints.length;
  // y_i·(a_i, b_i) = (y_i / λ_i)·(a'_i, b'_i) with (a'_i, b'_i) the integer row scaled by λ_i.
  const scaled: Fraction[] = new Array(m);
  for (let i = 0; i < m; i++) {
    const c = system.constraints[i] as LinearSystem['constraints'][number];
    const y = multipliers[i] as Fraction;
    if (c.relation !== '=' && y.s < 0n && y.n !== 0n) return undefined;
    scaled[i] = y.div(integerRow(c).scale);
  }
  const z = commonForm(scaled);
  const sum = new Array<bigint>(n + 1).fill(0n);
  for (let i = 0; i < m; i++) {
    const zi = z.num[i] as bigint;
    if (zi === 0n) continue;
    const r = integerRow(system.constraints[i] as LinearSystem['constraints'][number]);
    for (let j = 0; j < n; j++) sum[j] = (sum[j] as bigint) + zi * (r.coefficients[j] as bigint);
    sum[n] = (sum[n] as bigint) + zi * r.rhs;
  }
  return { sum, den: z.den };
}

/**
 * Whether `multipliers` prove that `system` (rows as written) has no solution — Motzkin's
 * transposition theorem (Motzkin 1936), Farkas's lemma (Farkas 1902) when no row is strict:
 * y_i ≥ 0 on inequality rows (free on `=` rows), Σ y_i a_i = 0, and either Σ y_i b_i < 0, or
 * Σ y_i b_i = 0 and y_i > 0 on some strict row. (Adding the rows with weights y would give
 * 0 < 0 or 0 ≤ negative.)
 */
export function verifyMotzkin(system: LinearSystem, multipliers: readonly Fraction[]): boolean {
  if (multipliers.length !== system.constraints.length) return false;
  const combined = combine(system, multipliers);
  if (combined === undefined) return false;
  const n = system.variables;
  for (let j = 0; j < n; j++) if (combined.sum[j] !== 0n) return false;
  const b = combined.sum[n] as bigint;
  if (b < 0n) return true;
  if (b > 0n) return false;
  return system.constraints.some((c, i) => c.relation === '<' && (multipliers[i] as Fraction).s > 0n && (multipliers[i] as Fraction).n !== 0n);
}

/** objective·x as an exact comparison target: returns Σ c_j x_j as a fraction p/q (BigInt pair). */
function dot(objective: readonly Fraction[], x: readonly Fraction[]): { p: bigint; q: bigint } {
  const c = commonForm(objective);
  const v = commonForm(x);
  let p = 0n;
  for (let j = 0; j < c.num.length; j++) p += (c.num[j] as bigint) * (v.num[j] as bigint);
  return { p, q: c.den * v.den };
}

function equalsFraction(p: bigint, q: bigint, f: Fraction): boolean {
  return p * denominator(f) === numerator(f) * q;
}

/**
 * Whether (primal, dual) prove that `value` is the maximum of objective·x over the closed system
 * (strict rows are read as `≤`): primal satisfies the closed rows, objective·primal = value,
 * dual ≥ 0 on inequality rows, Σ dual_i a_i = objective and Σ dual_i b_i = value (weak duality
 * then bounds every feasible x by value).
 */
export function verifyOptimal(
  objective: readonly Fraction[],
  system: LinearSystem,
  value: Fraction,
  primal: readonly Fraction[],
  dual: readonly Fraction[],
): boolean {
  const n = system.variables;
  if (objective.length !== n || primal.length !== n || dual.length !== system.constraints.length) return false;
  if (!satisfies(system, primal, true)) return false;
  const cx = dot(objective, primal);
  if (!equalsFraction(cx.p, cx.q, value)) return false;
  const combined = combine(system, dual);
  if (combined === undefined) return false;
  for (let j = 0; j < n; j++) if (!equalsFraction(combined.sum[j] as bigint, combined.den, objective[j] as Fraction)) return false;
  return equalsFraction(combined.sum[n] as bigint, combined.den, value);
}

/**
 * Whether (point, ray) prove that objective·x is unbounded above on the closed system: point is
 * feasible, a·ray ≤ 0 on inequality rows, a·ray = 0 on `=` rows, objective·ray > 0.
 */
export function verifyUnbounded(objective: readonly Fraction[], system: LinearSystem, point: readonly Fraction[], ray: readonly Fraction[]): boolean {
  const n = system.variables;
  if (objective.length !== n || point.length !== n || ray.length !== n) return false;
  if (!satisfies(system, point, true)) return false;
  const d = commonForm(ray);
  for (const c of system.constraints) {
    const s = rowSign(integerRow(c).coefficients, 0n, d.num, d.den);
    if (c.relation === '=' ? s !== 0 : s > 0) return false;
  }
  return dot(objective, ray).p > 0n;
}
