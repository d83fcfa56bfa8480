/**
 * The checker's one row type and vectors over one denominator, and the two checks every property
 * reduces to: a point that satisfies a system (with recorded slacks) and Motzkin multipliers that
 * refute one.
 */
import { SizeLimitFailure, demand, located } from './failure.js';
import { COMMON_BOUND, DERIVED_BOUND, MAX_COMMON_DENOMINATOR_DIGITS, type Q, Q0, add, derived, eq, gcd, lcm, mul, q, qs, show, sign } from './rational.js';

/** A rational vector as integer numerators over one positive denominator. */
export interface QVector {
  readonly num: bigint[];
  readonly den: bigint;
}

/**
 * Packs rationals over the product-free common denominator (lcm), which must stay within
 * {@link MAX_COMMON_DENOMINATOR_DIGITS} (checked as it grows, so a list with many distinct large
 * denominators is refused after a bounded amount of work).
 */
export function vector(values: readonly Q[], path?: string): QVector {
  let den = 1n;
  for (const v of values) {
    if (v.d === den || den % v.d === 0n) continue;
    den = lcm(den, v.d);
    if (den >= COMMON_BOUND) {
      throw new SizeLimitFailure(`these numbers have a common denominator of more than ${MAX_COMMON_DENOMINATOR_DIGITS} digits (the checker's limit for one row, point or list of multipliers; see docs/certificates.md)`, path);
    }
  }
  return { num: values.map((v) => v.n * (den / v.d)), den };
}

/**
 * Parses a point (or any list used as one vector) and checks that its common denominator is
 * within {@link MAX_COMMON_DENOMINATOR_DIGITS}: every exact evaluation at the point computes over
 * that denominator.
 */
export function point(texts: readonly string[], path: string): Q[] {
  const values = qs(texts, path);
  vector(values, path);
  return values;
}

/** Relation of a row, as in the certificate format. */
export type Relation = '<=' | '<' | '=';

/**
 * The one row type: `(a / den) · x  relation  b / den` with integer a and b, den > 0 (default 1)
 * and relation `<=` by default — the rational row exactly, over its own common denominator. The
 * region walk's closed half-spaces a·x ≤ b are rows with the defaults.
 */
export interface Row {
  readonly a: readonly bigint[];
  readonly b: bigint;
  readonly den?: bigint;
  readonly relation?: Relation;
}

/** Builds a row from rational coefficients and right-hand side. */
export function row(coefficients: readonly Q[], rhs: Q, relation: Relation, path?: string): Row {
  const v = vector([...coefficients, rhs], path);
  return { a: v.num.slice(0, coefficients.length), b: v.num[coefficients.length] as bigint, den: v.den, relation };
}

/** Whether the row's coefficients are all zero (it constrains nothing but its constant). */
export function isZeroRow(r: Row): boolean {
  return r.a.every((v) => v === 0n);
}

/** a·x for integer a and rational x. */
export function dotQ(a: readonly bigint[], x: readonly Q[]): Q {
  let s: Q = Q0;
  a.forEach((v, j) => {
    if (v !== 0n) s = add(s, mul({ n: v, d: 1n }, x[j] as Q));
  });
  return s;
}

/** The slack b − a·x of a row at x. */
export function slack(r: Row, x: QVector): Q {
  let acc = 0n;
  for (let j = 0; j < r.a.length; j++) acc += (r.a[j] as bigint) * (x.num[j] as bigint);
  return { n: r.b * x.den - acc, d: (r.den ?? 1n) * x.den };
}

/**
 * A text that is equal for two rows exactly when they are the same constraint written the same
 * way (equal rationals, same relation): the row divided by the gcd of all its integers is the
 * unique representation over the lcm of its entries' reduced denominators.
 */
function rowKey(r: Row): string {
  const den = r.den ?? 1n;
  let g = den;
  for (const v of r.a) g = gcd(g, v);
  g = gcd(g, r.b);
  return `${r.relation ?? '<='}|${den / g}|${r.b / g}|${r.a.map((v) => v / g).join(',')}`;
}

/**
 * Checks a point evidence: `x` has one coordinate per variable, every recorded slack equals
 * b − a·x exactly, and the slack has the row's sign (= 0, ≥ 0, > 0). Coordinates of variables
 * that no row mentions must be 0: otherwise they could be changed without any slack noticing.
 */
export function checkPoint(rows: readonly Row[], variables: number, point: readonly string[], slacks: readonly string[], path: string): void {
  demand(point.length === variables, `the point has ${point.length} coordinates, the system has ${variables} variables`, `${path}.point`);
  demand(slacks.length === rows.length, `${slacks.length} slacks recorded for ${rows.length} rows`, `${path}.slacks`);
  const x = vector(qs(point, `${path}.point`), `${path}.point`);
  for (let j = 0; j < variables; j++) {
    if (rows.every((r) => r.a[j] === 0n)) {
      demand(x.num[j] === 0n, `coordinate ${j} appears in no row, so it must be 0 (got ${show({ n: x.num[j] as bigint, d: x.den })})`, `${path}.point[${j}]`);
    }
  }
  rows.forEach((r, i) => {
    const at = `${path}.slacks[${i}]`;
    const s = located(at, () => derived(slack(r, x)));
    const recorded = q(slacks[i] as string, at);
    demand(eq(s, recorded), `row ${i}: the slack rhs − a·x at the point is ${show(s)}, the certificate records ${show(recorded)}`, at);
    const sg = sign(s);
    if (r.relation === '=') demand(sg === 0, `row ${i} is an equality but its slack is ${show(s)}`, at);
    else if (r.relation === '<') demand(sg > 0, `row ${i} is strict but its slack is ${show(s)} (must be > 0)`, at);
    else demand(sg >= 0, `row ${i} is violated: slack ${show(s)} < 0`, at);
  });
}

/** Expands dense or sparse multipliers to one rational per row, checking the sparse form's rules. */
export function expandMultipliers(m: readonly string[] | { rows: readonly number[]; values: readonly string[] }, rows: number, path: string): Q[] {
  if (Array.isArray(m)) {
    demand(m.length === rows, `${m.length} multipliers for ${rows} rows`, path);
    return qs(m as readonly string[], path);
  }
  const sparse = m as { rows: readonly number[]; values: readonly string[] };
  demand(sparse.rows.length === sparse.values.length, `${sparse.rows.length} row indices but ${sparse.values.length} values`, path);
  const out: Q[] = Array.from({ length: rows }, () => Q0);
  sparse.rows.forEach((i, k) => {
    demand(i < rows, `row index ${i} is out of range (the system has ${rows} rows)`, `${path}.rows[${k}]`);
    demand(k === 0 || i > (sparse.rows[k - 1] as number), 'sparse row indices must be strictly increasing', `${path}.rows[${k}]`);
    const v = q(sparse.values[k] as string, `${path}.values[${k}]`);
    demand(v.n !== 0n, 'sparse multipliers list nonzero values only', `${path}.values[${k}]`);
    out[i] = v;
  });
  return out;
}

/** Where multiplier i is located in the evidence (dense index or sparse position). */
function multiplierPath(m: unknown, i: number, path: string): string {
  if (Array.isArray(m)) return `${path}[${i}]`;
  const k = (m as { rows: number[] }).rows.indexOf(i);
  return k < 0 ? path : `${path}.values[${k}]`;
}

/**
 * The combination Σ yᵢ (aᵢ, bᵢ) of the rows, exactly, after checking the canonical-form rules
 * that make every multiplier matter: signs (y ≥ 0 on inequalities, free on equalities, y ≤ 0 on
 * inequalities when `inequalitySign` is −1), 0 on rows that say nothing (0·x ≤ 0, 0·x = 0),
 * and 0 on a row identical to an earlier row (the earlier copy carries the weight).
 * Returns the combined coefficients, the combined right-hand side and the sum of the
 * multipliers of strict rows.
 */
export function combineRows(
  rows: readonly Row[],
  y: readonly Q[],
  variables: number,
  multipliersJson: unknown,
  path: string,
  inequalitySign: 1 | -1 = 1,
): { coefficients: QVector; rhs: Q; strictSum: Q } {
  return located(path, () => combineRowsAt(rows, y, variables, multipliersJson, path, inequalitySign));
}

function combineRowsAt(
  rows: readonly Row[],
  y: readonly Q[],
  variables: number,
  multipliersJson: unknown,
  path: string,
  inequalitySign: 1 | -1,
): { coefficients: QVector; rhs: Q; strictSum: Q } {
  let den = 1n;
  let num = new Array<bigint>(variables).fill(0n);
  let rhs: Q = Q0;
  let strictSum: Q = Q0;
  const firstWithKey = new Map<string, number>();
  rows.forEach((r, i) => {
    const key = rowKey(r);
    if (!firstWithKey.has(key)) firstWithKey.set(key, i);
  });
  rows.forEach((r, i) => {
    const yi = y[i] as Q;
    if (yi.n === 0n) return;
    const at = multiplierPath(multipliersJson, i, path);
    const relation = r.relation ?? '<=';
    if (relation !== '=') {
      demand(sign(yi) === inequalitySign, `row ${i} is an inequality, so its multiplier must be ${inequalitySign > 0 ? '≥ 0' : '≤ 0'} (got ${show(yi)})`, at);
    }
    demand(!(isZeroRow(r) && r.b === 0n && relation !== '<'), `row ${i} says nothing (0 ${relation} 0), so its multiplier must be 0`, at);
    const first = firstWithKey.get(rowKey(r)) as number;
    demand(first === i, `row ${i} repeats row ${first}; only the first copy may carry a multiplier`, at);
    // Add yi · (a / r.den) to (acc / den) over the common denominator lcm(den, yi.d · r.den).
    const termDen = yi.d * (r.den ?? 1n);
    const common = den % termDen === 0n ? den : lcm(den, termDen);
    if (common >= DERIVED_BOUND) derived({ n: 0n, d: common });
    const scaleAcc = common / den;
    const scaleTerm = (common / termDen) * yi.n;
    num = num.map((v, j) => v * scaleAcc + (r.a[j] as bigint) * scaleTerm);
    den = common;
    rhs = add(rhs, { n: yi.n * r.b, d: termDen });
    if (relation === '<') strictSum = add(strictSum, yi);
  });
  return { coefficients: { num, den }, rhs, strictSum };
}

/**
 * Checks Motzkin multipliers refuting a system. Motzkin's transposition theorem (1936; see
 * Schrijver, *Theory of Linear and Integer Programming*, Cor. 7.1k): the system
 * {aᵢ·x ≤ bᵢ (i ∈ I), aᵢ·x < bᵢ (i ∈ S), aᵢ·x = bᵢ (i ∈ E)} has no solution if and only if
 * there are yᵢ ≥ 0 (i ∈ I ∪ S), yᵢ free (i ∈ E) with Σ yᵢ aᵢ = 0 and either Σ yᵢ bᵢ < 0, or
 * Σ yᵢ bᵢ = 0 and yᵢ > 0 for some i ∈ S. Only the easy direction is used here: a solution x
 * would give 0 = (Σ yᵢ aᵢ)·x ≤ Σ yᵢ bᵢ, with < when a strict row has yᵢ > 0 — a contradiction.
 * For non-strict systems this is Farkas' lemma; for all-strict systems, Gordan's theorem.
 */
export function checkMotzkin(
  rows: readonly Row[],
  variables: number,
  evidence: { multipliers: unknown; rhsSum: string; strictSum: string },
  path: string,
): void {
  const y = expandMultipliers(evidence.multipliers as string[], rows.length, `${path}.multipliers`);
  const { coefficients, rhs, strictSum } = combineRows(rows, y, variables, evidence.multipliers, `${path}.multipliers`);
  const j = coefficients.num.findIndex((v) => v !== 0n);
  demand(j < 0, `Σ yᵢ aᵢ is not 0: its coordinate ${j} is ${show({ n: coefficients.num[j] ?? 0n, d: coefficients.den })}`, `${path}.multipliers`);
  const recordedRhs = q(evidence.rhsSum, `${path}.rhsSum`);
  demand(eq(rhs, recordedRhs), `Σ yᵢ bᵢ is ${show(rhs)}, the certificate records ${show(recordedRhs)}`, `${path}.rhsSum`);
  const recordedStrict = q(evidence.strictSum, `${path}.strictSum`);
  demand(eq(strictSum, recordedStrict), `the multipliers of strict rows sum to ${show(strictSum)}, the certificate records ${show(recordedStrict)}`, `${path}.strictSum`);
  const s = sign(rhs);
  demand(
    s < 0 || (s === 0 && sign(strictSum) > 0),
    s === 0 ? 'Σ yᵢ bᵢ = 0 but no strict row has a positive multiplier: the combination reads 0 ≤ 0, no contradiction' : `Σ yᵢ bᵢ = ${show(rhs)} > 0: the combination reads 0 ≤ ${show(rhs)}, no contradiction`,
    `${path}.rhsSum`,
  );
}

/** Multipliers as the format writes them: one per row, or the nonzero ones by row index. */
export type MultiplierList = readonly string[] | { readonly rows: readonly number[]; readonly values: readonly string[] };

/** Σ y_r (a_r, b_r) over closed rows after checking y ≥ 0. */
export function combine(rows: readonly Row[], y: readonly Q[], n: number, path: string): { a: Q[]; b: Q } {
  const a: Q[] = Array.from({ length: n }, () => Q0);
  let b: Q = Q0;
  rows.forEach((r, i) => {
    const yi = y[i] as Q;
    if (yi.n === 0n) return;
    demand(sign(yi) > 0, `multiplier ${i} is ${show(yi)}; multipliers of inequalities must be ≥ 0`, path);
    r.a.forEach((v, j) => {
      if (v !== 0n) a[j] = add(a[j] as Q, mul(yi, { n: v, d: 1n }));
    });
    b = add(b, mul(yi, { n: r.b, d: 1n }));
  });
  return { a, b };
}

/**
 * Checks Motzkin multipliers refuting closed integer rows a·x ≤ b all made strict (the interior of
 * their polyhedron is empty): Σ y a = 0 and Σ y b ≤ 0 with y ≠ 0 on a row that is not 0·x ≤ b.
 */
export function refuteStrict(rows: readonly Row[], n: number, m: MultiplierList, path: string): void {
  const y = expandMultipliers(m as string[] | { rows: number[]; values: string[] }, rows.length, path);
  const { a, b } = located(path, () => combine(rows, y, n, path));
  const j = a.findIndex((v) => v.n !== 0n);
  demand(j < 0, `Σ yᵢ aᵢ is not 0: its coordinate ${j} is ${show(a[j] ?? Q0)}`, path);
  // A row with zero coefficients says 0 ≤ b: it is closed whatever "strict" means for the others
  // (the interior of {0·x ≤ 0} is all of R^n), so only rows with a nonzero coefficient count as strict.
  const strictWeight = y.some((v, i) => v.n !== 0n && (rows[i] as Row).a.some((c) => c !== 0n));
  demand(sign(b) < 0 || (sign(b) === 0 && strictWeight), `the multipliers give 0 < ${show(b)}: no contradiction`, path);
}
