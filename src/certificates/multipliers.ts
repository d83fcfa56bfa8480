/**
 * The canonical form of multiplier vectors, shared by every producer of multipliers (training
 * bounds, injectivity pairs, the region engine, the Fourier–Motzkin producers).
 *
 * The checker (src/checker/arithmetic.ts `combineRows`) accepts a multiplier on a row only if the
 * row says something (not 0 ≤ 0, not 0 = 0) and is the first copy of itself: a row repeated
 * later (two data points with the same target and the same activity, two identical neurons, a
 * system written with a repeated row) must carry its weight on the first copy. Every multiplier
 * then matters, so a certificate cannot hide free, meaningless numbers.
 *
 * Why moving the weight is sound: if row q is f > 0 times an earlier row p of the same relation,
 * (a_q, b_q) = f·(a_p, b_p), then y_q·(a_q, b_q) = (f·y_q)·(a_p, b_p). Moving y_q to p as f·y_q
 * keeps Σ yᵢ (aᵢ, bᵢ) — the combined row and its right-hand side — exactly, and keeps every sign
 * (f > 0), so a Farkas or Motzkin refutation, an LP dual and its bound all stay what they were.
 * A row 0 ≤ 0 or 0 = 0 adds 0·(0, 0): dropping its weight changes nothing either. Only the sum
 * of the multipliers of *strict* rows can change (by f), never its sign: a producer that records
 * that sum recomputes it with {@link strictSum}. The earliest positive multiple of a row is the
 * first copy of itself (an earlier identical row would be an earlier positive multiple), so the
 * result is canonical in the checker's sense.
 */
import Fraction from 'fraction.js';
import type { LinearConstraint, LinearSystem } from '../polyhedra/system.js';

const ZERO = new Fraction(0n);

/** How the canonicalisation sees the rows: only rows with weight are ever compared, with earlier rows only. */
interface RowView {
  /** Whether row t says nothing (0 ≤ 0, 0 = 0), so it must carry no weight. */
  vacuous(t: number): boolean;
  /** The factor f > 0 with row t = f · row s (same relation), or undefined. */
  positiveMultiple(s: number, t: number): Fraction | undefined;
}

/**
 * The canonical multipliers as a map row → nonzero weight. Cost: for each row with weight, one
 * comparison with each earlier row, most rejected at their first entries (differing zero
 * patterns or signs); building a key for every row dominated profiles of the region engine.
 */
function canonicalize(view: RowView, multipliers: readonly Fraction[]): Map<number, Fraction> {
  const merged = new Map<number, Fraction>();
  multipliers.forEach((v, t) => {
    if (v.n === 0n || view.vacuous(t)) return;
    let target = t;
    let weight = v;
    for (let s = 0; s < t; s++) {
      const f = view.positiveMultiple(s, t);
      if (f !== undefined) {
        target = s;
        weight = v.mul(f);
        break;
      }
    }
    merged.set(target, (merged.get(target) ?? ZERO).add(weight));
  });
  for (const [t, v] of merged) if (v.n === 0n) merged.delete(t);
  return merged;
}

/**
 * The factor f > 0 with q = f·p over paired entries (sign and zero pattern equal, all ratios
 * equal), 1 for two all-zero rows; entries given as (numerator, positive denominator).
 */
function factorOf(length: number, p: (j: number) => readonly [bigint, bigint], q: (j: number) => readonly [bigint, bigint]): Fraction | undefined {
  let pivotP: readonly [bigint, bigint] | undefined;
  let pivotQ: readonly [bigint, bigint] | undefined;
  for (let j = 0; j < length; j++) {
    const x = p(j);
    const y = q(j);
    if ((x[0] === 0n) !== (y[0] === 0n) || (x[0] > 0n) !== (y[0] > 0n)) return undefined;
    if (x[0] === 0n) continue;
    if (pivotP === undefined || pivotQ === undefined) {
      pivotP = x;
      pivotQ = y;
      continue;
    }
    // y / x = pivotQ / pivotP  ⇔  y·pivotP = pivotQ·x (cross-multiplied over the positive denominators).
    if (y[0] * pivotP[0] * x[1] * pivotQ[1] !== pivotQ[0] * x[0] * y[1] * pivotP[1]) return undefined;
  }
  if (pivotP === undefined || pivotQ === undefined) return new Fraction(1n);
  return new Fraction(pivotQ[0] * pivotP[1], pivotQ[1] * pivotP[0]);
}

/**
 * {@link factorOf} for integer rows (a, b) without building entry pairs: the same answer — the
 * factor f > 0 with q = f·p, or undefined — on the region engine's hot path (every certified LP
 * compares each weighted row with the earlier ones).
 */
function integerFactorOf(p: IntegerRowLike, q: IntegerRowLike): Fraction | undefined {
  const n = p.a.length;
  let pivotP = 0n;
  let pivotQ = 0n;
  for (let j = 0; j <= n; j++) {
    const x = j < n ? (p.a[j] as bigint) : p.b;
    const y = j < n ? (q.a[j] as bigint) : q.b;
    if ((x === 0n) !== (y === 0n) || (x > 0n) !== (y > 0n)) return undefined;
    if (x === 0n) continue;
    if (pivotP === 0n) {
      pivotP = x;
      pivotQ = y;
      continue;
    }
    // y / x = pivotQ / pivotP  ⇔  y·pivotP = pivotQ·x.
    if (y * pivotP !== pivotQ * x) return undefined;
  }
  if (pivotP === 0n) return new Fraction(1n);
  return new Fraction(pivotQ, pivotP);
}

function entry(c: LinearConstraint, j: number): readonly [bigint, bigint] {
  const v = j < c.coefficients.length ? (c.coefficients[j] as Fraction) : c.rhs;
  return [v.s < 0n ? -v.n : v.n, v.d];
}

/**
 * Canonical multipliers over a linear system (one per row, dense): the weight of a row that is a
 * positive multiple of an earlier row with the same relation moves there, rescaled; rows 0 ≤ 0
 * and 0 = 0 get none. Σ yᵢ (aᵢ, bᵢ) is unchanged (see the module comment).
 */
export function canonicalMultipliers(system: LinearSystem, multipliers: readonly Fraction[]): Fraction[] {
  const rows = system.constraints;
  const width = system.variables + 1;
  const merged = canonicalize(
    {
      vacuous: (t) => {
        const c = rows[t] as LinearConstraint;
        return c.relation !== '<' && c.rhs.n === 0n && c.coefficients.every((v) => v.n === 0n);
      },
      positiveMultiple: (s, t) => {
        const p = rows[s] as LinearConstraint;
        const q = rows[t] as LinearConstraint;
        if (p.relation !== q.relation) return undefined;
        return factorOf(width, (j) => entry(p, j), (j) => entry(q, j));
      },
    },
    multipliers,
  );
  return multipliers.map((_, t) => merged.get(t) ?? ZERO);
}

/** A row a·x < b with integer entries (the region engine reads its rows strict). */
export interface IntegerRowLike {
  readonly a: readonly bigint[];
  readonly b: bigint;
}

/**
 * {@link canonicalMultipliers} for the region engine's integer rows, all read strict, in sparse
 * form (increasing rows, nonzero values) — the form of its sign proofs. No strict row is
 * vacuous: 0 < 0 is itself a contradiction and 0 < b with b > 0 is not 0 ≤ 0.
 */
export function canonicalIntegerMultipliers(rows: readonly IntegerRowLike[], multipliers: readonly Fraction[]): { rows: number[]; values: Fraction[] } {
  const merged = canonicalize(
    {
      vacuous: () => false,
      positiveMultiple: (s, t) => integerFactorOf(rows[s] as IntegerRowLike, rows[t] as IntegerRowLike),
    },
    multipliers,
  );
  const idx = [...merged.keys()].sort((x, y) => x - y);
  return { rows: idx, values: idx.map((t) => merged.get(t) as Fraction) };
}

/** Σ of the multipliers of the strict rows (the `strictSum` of Motzkin evidence). */
export function strictSum(system: LinearSystem, multipliers: readonly Fraction[]): Fraction {
  let sum = ZERO;
  system.constraints.forEach((c, i) => {
    if (c.relation === '<') sum = sum.add(multipliers[i] as Fraction);
  });
  return sum;
}

/** Σ yᵢ bᵢ (the `rhsSum` of Motzkin evidence, the value of a dual). */
export function rhsSum(system: LinearSystem, multipliers: readonly Fraction[]): Fraction {
  let sum = ZERO;
  system.constraints.forEach((c, i) => {
    const y = multipliers[i] as Fraction;
    if (y.n !== 0n) sum = sum.add(y.mul(c.rhs));
  });
  return sum;
}
