/**
 * The checker's exact arithmetic: rationals as BigInt pairs, rows of a linear system as integer
 * numerators over one denominator, and the two checks every property reduces to — a point that
 * satisfies a system (with recorded slacks) and Motzkin multipliers that refute one.
 *
 * Deliberately small: no fraction.js in loops, no elimination, nothing but +, ×, comparison.
 */
import { MAX_RATIONAL_DIGITS } from '../certificates/schema.js';
import { gcdBig } from '../exact/integer.js';

/**
 * The most digits of a common denominator the checker forms for one list of numbers (a row of a
 * system, a point, a multiplier vector): the same limit as for one written number, so that one
 * row written with many distinct large denominators cannot make every entry as long as all of
 * them together (n entries × n·2000 digits). Honest lists share their denominators (ACAS Xu
 * regions: at most 239 digits).
 */
export const MAX_COMMON_DENOMINATOR_DIGITS = MAX_RATIONAL_DIGITS;

/**
 * The most digits of a denominator the checker derives by adding and multiplying (a combination
 * Σ yᵢ aᵢ of rows, a sum of products); numerators may have twice as many. Together with the limits
 * above this bounds the cost of every arithmetic operation, so the checking time is proportional
 * to the work the certificate's structure asks for (rows × variables, points × network size).
 */
export const MAX_DERIVED_DIGITS = 20_000;

const COMMON_BOUND = 10n ** BigInt(MAX_COMMON_DENOMINATOR_DIGITS);
const DERIVED_BOUND = 10n ** BigInt(MAX_DERIVED_DIGITS);
const DERIVED_NUMERATOR_BOUND = DERIVED_BOUND * DERIVED_BOUND;

/** The rational n/d with d > 0 (not necessarily reduced). */
export interface Q {
  readonly n: bigint;
  readonly d: bigint;
}

/** A problem found while checking, located by a JSON path. Caught by checkCertificate. */
export class CheckFailure extends Error {
  override readonly name: string = 'CheckFailure';
  readonly path: string | undefined;
  constructor(reason: string, path?: string) {
    super(reason);
    this.path = path;
  }
}

/**
 * A certificate refused because it exceeds one of the checker's documented size limits (not
 * because its mathematics is wrong). A producer that meets it has made a certificate too large to
 * check, which is a reached limit, not a bug (see the self-check gate in certificates/write.ts).
 */
export class SizeLimitFailure extends CheckFailure {
  override readonly name = 'SizeLimitFailure';
}

/** Throws a {@link SizeLimitFailure} unless `condition` holds. */
export function demandWithinLimit(condition: boolean, reason: string, path?: string): asserts condition {
  if (!condition) throw new SizeLimitFailure(reason, path);
}

/** Throws a {@link CheckFailure} unless `condition` holds. */
export function demand(condition: boolean, reason: string, path?: string): asserts condition {
  if (!condition) throw new CheckFailure(reason, path);
}

/** Runs `check`, locating at `path` a failure raised without a location (a size limit deep in the arithmetic). */
export function located<T>(path: string, check: () => T): T {
  try {
    return check();
  } catch (e) {
    if (e instanceof CheckFailure && e.path === undefined) throw e instanceof SizeLimitFailure ? new SizeLimitFailure(e.message, path) : new CheckFailure(e.message, path);
    throw e;
  }
}

/** Throws unless a derived rational is within {@link MAX_DERIVED_DIGITS}; returns it. */
export function derived(x: Q): Q {
  if (x.d >= DERIVED_BOUND || x.n >= DERIVED_NUMERATOR_BOUND || x.n <= -DERIVED_NUMERATOR_BOUND) {
    throw new SizeLimitFailure(`checking these numbers would derive a rational with more than ${MAX_DERIVED_DIGITS} digits in its denominator or ${2 * MAX_DERIVED_DIGITS} in its numerator (the checker's limit; see docs/certificates.md)`);
  }
  return x;
}

/** Parses rational text as the schema admits it (`-7/3`, `5`). */
export function q(text: string, path?: string): Q {
  const slash = text.indexOf('/');
  const n = BigInt(slash < 0 ? text : text.slice(0, slash));
  const d = slash < 0 ? 1n : BigInt(text.slice(slash + 1));
  demand(d > 0n, `${JSON.stringify(text)} has a zero denominator`, path);
  return { n, d };
}

/** Parses a list of rationals. */
export function qs(texts: readonly string[], path: string): Q[] {
  return texts.map((t, i) => q(t, `${path}[${i}]`));
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

/** Zero. */
export const Q0: Q = { n: 0n, d: 1n };

/**
 * a + b (within {@link MAX_DERIVED_DIGITS}), over the larger denominator when one divides the
 * other, else over their product. Sums along a row, a point or a box usually have related
 * denominators: over the product they would grow by a whole denominator per term (a box of n
 * bounds with denominator 100 would give 100^n), over the larger one they stay the lcm.
 */
export function add(a: Q, b: Q): Q {
  if (a.d === b.d) return derived({ n: a.n + b.n, d: a.d });
  if (a.d > b.d && a.d % b.d === 0n) return derived({ n: a.n + b.n * (a.d / b.d), d: a.d });
  if (b.d > a.d && b.d % a.d === 0n) return derived({ n: a.n * (b.d / a.d) + b.n, d: b.d });
  return derived({ n: a.n * b.d + b.n * a.d, d: a.d * b.d });
}

/** a − b. */
export function sub(a: Q, b: Q): Q {
  return add(a, { n: -b.n, d: b.d });
}

/** a · b (within {@link MAX_DERIVED_DIGITS}). */
export function mul(a: Q, b: Q): Q {
  return derived({ n: a.n * b.n, d: a.d * b.d });
}

/** Sign of a rational: −1, 0 or 1. */
export function sign(a: Q): -1 | 0 | 1 {
  return a.n > 0n ? 1 : a.n < 0n ? -1 : 0;
}

/** Whether a = b exactly. */
export function eq(a: Q, b: Q): boolean {
  return a.n * b.d === b.n * a.d;
}

/** Numbers longer than this are abbreviated in messages (and not reduced: a gcd of long numbers is slow). */
const SHOWN_DIGITS = 60;
const SHOWN_BOUND = 10n ** BigInt(SHOWN_DIGITS);

function abbreviate(x: bigint): string {
  const t = x.toString();
  const digits = t.startsWith('-') ? t.length - 1 : t.length;
  return digits <= SHOWN_DIGITS ? t : `${t.slice(0, t.length - digits + 12)}…(${digits} digits)`;
}

/** Reduced text of a rational (for messages); very long ones abbreviated, unreduced. */
export function show(a: Q): string {
  if (a.d >= SHOWN_BOUND || a.n >= SHOWN_BOUND || -a.n >= SHOWN_BOUND) {
    return a.d === 1n ? abbreviate(a.n) : `${abbreviate(a.n)}/${abbreviate(a.d)}`;
  }
  const g = gcdBig(a.n, a.d);
  const n = g > 1n ? a.n / g : a.n;
  const d = g > 1n ? a.d / g : a.d;
  return d === 1n ? n.toString() : `${n}/${d}`;
}

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

function lcm(a: bigint, b: bigint): bigint {
  return a === b ? a : (a / gcdBig(a, b)) * b;
}

/** Relation of a row, as in the certificate format. */
export type Relation = '<=' | '<' | '=';

/**
 * One row `(num / den) · x  relation  rhs / den` with integer num and rhs and den > 0:
 * the rational row exactly, over its own common denominator.
 */
export interface Row {
  readonly num: bigint[];
  readonly rhs: bigint;
  readonly den: bigint;
  readonly relation: Relation;
}

/** Builds a row from rational coefficients and right-hand side. */
export function row(coefficients: readonly Q[], rhs: Q, relation: Relation, path?: string): Row {
  const v = vector([...coefficients, rhs], path);
  return { num: v.num.slice(0, coefficients.length), rhs: v.num[coefficients.length] as bigint, den: v.den, relation };
}

/** Whether the row's coefficients are all zero (it constrains nothing but its constant). */
export function isZeroRow(r: Row): boolean {
  return r.num.every((v) => v === 0n);
}

/** The slack rhs − a·x of a row at x. */
export function slack(r: Row, x: QVector): Q {
  let acc = 0n;
  for (let j = 0; j < r.num.length; j++) acc += (r.num[j] as bigint) * (x.num[j] as bigint);
  return { n: r.rhs * x.den - acc, d: r.den * x.den };
}

/**
 * A text that is equal for two rows exactly when they are the same constraint written the same
 * way (equal rationals, same relation): the row divided by the gcd of all its integers is the
 * unique representation over the lcm of its entries' reduced denominators.
 */
function rowKey(r: Row): string {
  let g = r.den;
  for (const v of r.num) g = gcdBig(g, v);
  g = gcdBig(g, r.rhs);
  return `${r.relation}|${r.den / g}|${r.rhs / g}|${r.num.map((v) => v / g).join(',')}`;
}

/**
 * Checks a point evidence: `x` has one coordinate per variable, every recorded slack equals
 * rhs − a·x exactly, and the slack has the row's sign (= 0, ≥ 0, > 0). Coordinates of variables
 * that no row mentions must be 0: otherwise they could be changed without any slack noticing.
 */
export function checkPoint(rows: readonly Row[], variables: number, point: readonly string[], slacks: readonly string[], path: string): void {
  demand(point.length === variables, `the point has ${point.length} coordinates, the system has ${variables} variables`, `${path}.point`);
  demand(slacks.length === rows.length, `${slacks.length} slacks recorded for ${rows.length} rows`, `${path}.slacks`);
  const x = vector(qs(point, `${path}.point`), `${path}.point`);
  for (let j = 0; j < variables; j++) {
    if (rows.every((r) => r.num[j] === 0n)) {
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
    if (r.relation !== '=') {
      demand(sign(yi) === inequalitySign, `row ${i} is an inequality, so its multiplier must be ${inequalitySign > 0 ? '≥ 0' : '≤ 0'} (got ${show(yi)})`, at);
    }
    demand(!(isZeroRow(r) && r.rhs === 0n && r.relation !== '<'), `row ${i} says nothing (0 ${r.relation} 0), so its multiplier must be 0`, at);
    const first = firstWithKey.get(rowKey(r)) as number;
    demand(first === i, `row ${i} repeats row ${first}; only the first copy may carry a multiplier`, at);
    // Add yi · (num / r.den) to (acc / den) over the common denominator lcm(den, yi.d · r.den).
    const termDen = yi.d * r.den;
    const common = den % termDen === 0n ? den : lcm(den, termDen);
    if (common >= DERIVED_BOUND) derived({ n: 0n, d: common });
    const scaleAcc = common / den;
    const scaleTerm = (common / termDen) * yi.n;
    num = num.map((v, j) => v * scaleAcc + (r.num[j] as bigint) * scaleTerm);
    den = common;
    rhs = add(rhs, { n: yi.n * r.rhs, d: termDen });
    if (r.relation === '<') strictSum = add(strictSum, yi);
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
