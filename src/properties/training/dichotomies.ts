/**
 * Affine dichotomies of a finite point set: the partitions (P, N) with P = {i : a·x_i + b > 0}
 * for some a ∈ Qⁿ, b ∈ Q — exactly the activation patterns one ReLU unit can have on the data
 * (Arora, Basu, Mianjy, Mukherjee, ICLR 2018, Alg. 1, step "enumerate the hyperplane
 * partitions"). P = ∅ (a = 0, b < 0) and P = everything (a = 0, b > 0) are included.
 *
 * Only *open* dichotomies are enumerated (strict on P, non-strict on N). The closed labelings
 * {a·x_i + b ≥ 0} / {≤ 0} are not: a = 0, b = 0 satisfies all of them, so every one of the 2^D
 * labelings would look realizable while none but two is a pattern a unit actually has.
 *
 * Enumeration is incremental over the distinct points (duplicated points always share a side):
 * the dichotomies of the first k + 1 points are exactly the extensions of those of the first k
 * (a restriction of a dichotomy is a dichotomy), and of the two extensions of a dichotomy realized
 * by (a, b), one is realized by (a, b) itself — the side x_{k+1} is on — so only the other needs
 * an LP: the certified feasibility of {a·x_i + b > 0 (i ∈ P), a·x_i + b ≤ 0 (i ∈ N)} in (a, b),
 * answered with an exact rational point or exact Motzkin multipliers. No general-position
 * assumption is made anywhere; for points in general position the count is Cover's
 * 2·Σ_{k=0..n} C(D−1, k) (Cover 1965, Thm 1, for affine dichotomies of D points in Rⁿ).
 */
import Fraction from 'fraction.js';
import { type CertifiedOptions, feasiblePoint } from '../../../solvers/certified.js';
import { gcdBig, lcmBig } from '../../exact/integer.js';
import { denominator, numerator } from '../../exact/rational.js';
import type { LinearConstraint, LinearSystem } from '../../polyhedra/system.js';
import type { Budget } from './budget.js';

/** One affine dichotomy of the data points, with an exact hyperplane realizing it. */
export interface Dichotomy {
  /** positive[i]: whether point i is in P (a·x_i + b > 0). */
  readonly positive: readonly boolean[];
  /** `+`/`-` per data point: the dichotomy's name in certificates. */
  readonly key: string;
  /** a: integer-valued rationals (the hyperplane is scaled to coprime integers). */
  readonly normal: readonly Fraction[];
  /** b. */
  readonly offset: Fraction;
}

/** Result of {@link enumerateDichotomies}. */
export interface DichotomyEnumeration {
  /** All affine dichotomies, the empty one (all `-`) first, then by number of `+`, then by key. */
  readonly dichotomies: readonly Dichotomy[];
  /** Number of distinct data points. */
  readonly distinctPoints: number;
  /** LPs solved. */
  readonly lps: number;
}

const ZERO = new Fraction(0n);
const ONE = new Fraction(1n);

/** The value a·x + b. */
function affineValue(normal: readonly Fraction[], offset: Fraction, x: readonly Fraction[]): Fraction {
  let v = offset;
  for (let j = 0; j < x.length; j++) if (normal[j].n !== 0n && x[j].n !== 0n) v = v.add(normal[j].mul(x[j]));
  return v;
}

/** (a, b) multiplied by a positive rational so that it is a coprime integer vector (signs unchanged). */
function integerHyperplane(v: readonly Fraction[]): Fraction[] {
  let den = 1n;
  for (const c of v) den = lcmBig(den, denominator(c));
  const ints = v.map((c) => numerator(c) * (den / denominator(c)));
  let g = 0n;
  for (const c of ints) g = gcdBig(g, c);
  if (g === 0n) return v.map(() => ZERO);
  return ints.map((c) => new Fraction(c / g, 1n));
}

/** Exact key of a point, for grouping duplicates. */
function pointKey(x: readonly Fraction[]): string {
  return x.map((c) => `${numerator(c)}/${denominator(c)}`).join(',');
}

/** Options of {@link enumerateDichotomies}. */
export interface DichotomyOptions extends CertifiedOptions {
  /** Counts LPs and enforces limits. */
  readonly budget?: Budget;
}

/**
 * All affine dichotomies of `points` (see the module comment), each with an exact realizing
 * hyperplane. Duplicated points, collinear and otherwise degenerate configurations are handled.
 * @throws BudgetExhausted (from the budget) when a limit is reached.
 */
export function enumerateDichotomies(points: readonly (readonly Fraction[])[], options: DichotomyOptions = {}): DichotomyEnumeration {
  const n = points[0]?.length ?? 0;
  // Group duplicates: the enumeration runs over distinct points, labels are copied to duplicates.
  const distinct: (readonly Fraction[])[] = [];
  const classOf: number[] = [];
  const seen = new Map<string, number>();
  for (const x of points) {
    const key = pointKey(x);
    let c = seen.get(key);
    if (c === undefined) {
      c = distinct.length;
      seen.set(key, c);
      distinct.push(x);
    }
    classOf.push(c);
  }
  // Row of (a, b) ↦ a·x + b for each distinct point: P rows are −(a·x + b) < 0, N rows a·x + b ≤ 0.
  const plusRows: LinearConstraint[] = distinct.map((x) => ({ coefficients: [...x.map((c) => c.neg()), ONE.neg()], relation: '<', rhs: ZERO }));
  const minusRows: LinearConstraint[] = distinct.map((x) => ({ coefficients: [...x, ONE], relation: '<=', rhs: ZERO }));
  let lps = 0;
  interface Partial {
    labels: boolean[];
    hyperplane: Fraction[];
  }
  // Before any point: the single empty labeling, realized by a = 0, b = −1.
  let current: Partial[] = [{ labels: [], hyperplane: [...new Array<Fraction>(n).fill(ZERO), ONE.neg()] }];
  for (let k = 0; k < distinct.length; k++) {
    const x = distinct[k];
    const next: Partial[] = [];
    for (const p of current) {
      const side = affineValue(p.hyperplane.slice(0, n), p.hyperplane[n], x).compare(0) > 0;
      next.push({ labels: [...p.labels, side], hyperplane: p.hyperplane });
      const labels = [...p.labels, !side];
      const system: LinearSystem = { variables: n + 1, constraints: labels.map((plus, i) => (plus ? plusRows[i] : minusRows[i])) };
      options.budget?.spend();
      lps++;
      const answer = feasiblePoint(system, options);
      if (answer.kind === 'feasible') next.push({ labels, hyperplane: integerHyperplane(answer.point) });
    }
    current = next;
  }
  const dichotomies: Dichotomy[] = current.map((p) => {
    const positive = classOf.map((c) => p.labels[c]);
    return { positive, key: positive.map((b) => (b ? '+' : '-')).join(''), normal: p.hyperplane.slice(0, n), offset: p.hyperplane[n] };
  });
  dichotomies.sort((u, v) => plusCount(u) - plusCount(v) || (u.key < v.key ? -1 : u.key > v.key ? 1 : 0));
  return { dichotomies, distinctPoints: distinct.length, lps };
}

function plusCount(d: Dichotomy): number {
  let c = 0;
  for (const b of d.positive) if (b) c++;
  return c;
}

/** Whether (a, b) realizes the labeling exactly: a·x_i + b > 0 iff positive[i]. */
export function realizes(points: readonly (readonly Fraction[])[], normal: readonly Fraction[], offset: Fraction, positive: readonly boolean[]): boolean {
  return points.every((x, i) => (affineValue(normal, offset, x).compare(0) > 0) === positive[i]);
}

/** Cover's count 2·Σ_{k=0..n} C(D−1, k) of affine dichotomies of D points in general position in Rⁿ. */
export function coverCount(points: number, dimension: number): bigint {
  let sum = 0n;
  let binom = 1n; // C(D−1, 0)
  for (let k = 0; k <= dimension && k <= points - 1; k++) {
    sum += binom;
    binom = (binom * BigInt(points - 1 - k)) / BigInt(k + 1);
  }
  return 2n * sum;
}
