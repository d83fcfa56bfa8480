/**
 * The Froese–Grillo–Skutella search for bias-free layers x ↦ ReLU(W x) (Froese, Grillo, Skutella,
 * "Complexity of injectivity and verification of ReLU neural networks", arXiv 2405.19805;
 * structure as in gamma1398/Testing-injectivity-of-ReLU-layers, see NOTES.md B.3).
 *
 * By the cell criterion (cells.ts) with b = 0, the layer is injective iff rank W_{S(x)} = n for
 * every x, S(x) = {i : w_i·x ≥ 0}. At x = 0 that is rank W = n. For x ≠ 0 the search looks for x
 * with rank W_{S(x)} < n. A node is a set C of rows forced active and asks for x with S(x) = C
 * exactly; by homogeneity that is the LP
 *
 *     w_i·x ≥ 0 (i ∈ C),   w_i·x ≤ −1 (i ∉ C).
 *
 * - rank W_C = n: every x with S(x) ⊇ C has full rank — the node is closed (a minor proves it);
 * - the LP is feasible: S(x) = C has rank < n — x is a witness, and x + t·d with d ∈ ker W_C and
 *   t small enough that the rows outside C stay negative gives a counterexample pair;
 * - the LP is infeasible: Farkas multipliers y ≥ 0 on a subsystem. Any x with S(x) ⊇ C must make
 *   some row i ∉ C in the multipliers' support nonnegative (else a positive multiple of x would
 *   satisfy the subsystem), so the children C ∪ {i}, i in the support outside C, cover every such
 *   x. A basic Farkas certificate has support ≤ n + 1 (Carathéodory), which this module enforces by
 *   an exact reduction, so for generic W (rank grows by one per level, depth ≤ n − 1) the tree has
 *   at most Σ_{d<n} (n+1)^d LPs — (n+1)^(n−1) at its last level, the bound the notes quote. For non-generic W the rank test replaces |C| = n − 1 (the notes' remark): a node
 *   is closed exactly when rank W_C = n.
 *
 * Sets already refuted are remembered (the same C is reached in several orders); the certificate
 * marks such a node "seen". Every LP answer is certified (solvers/certified.ts).
 */
import Fraction from 'fraction.js';
import { LimitReached } from '../../errors.js';
import { stopReason } from '../../stopCondition.js';
import { nullspace } from '../../exact/linalg.js';
import { ratio } from '../../exact/rational.js';
import type { LinearSystem } from '../../polyhedra/system.js';
import { type CertifiedOptions, feasiblePoint } from '../../../solvers/certified.js';
import { type IntRow, type Minor, dotRational, fullRankMinor, kernelVector, rankOf, step } from './linear.js';

/** One node of the search tree, in preorder. */
export type FgsNode =
  /** rank W_C = n. */
  | { readonly kind: 'minor'; readonly minor: Minor }
  /** Farkas multipliers of the node's LP (sparse, over the m rows); children follow, one per support row outside C, ascending. */
  | { readonly kind: 'farkas'; readonly rows: readonly number[]; readonly values: readonly Fraction[] }
  /** This C was refuted earlier in preorder. */
  | { readonly kind: 'seen' };

/** What {@link decideLayerFgs} found. */
export type FgsResult =
  | { readonly injective: true; readonly nodes: readonly FgsNode[]; readonly lps: number }
  | { readonly injective: false; readonly x: Fraction[]; readonly y: Fraction[]; readonly lps: number };

/** Options of {@link decideLayerFgs}. */
export interface FgsOptions {
  /** The positive denominator of the layer's rows (W = rows/den): minors are reported for W itself. Default 1. */
  readonly den?: bigint;
  readonly deadline?: number;
  readonly lp?: CertifiedOptions;
}

/**
 * Decides injectivity of x ↦ ReLU(W x) for integer rows W (m × n) — the rows of a bias-free layer
 * scaled by a positive denominator, which changes neither S(x) nor any rank.
 * @throws LimitReached at the deadline.
 */
export function decideLayerFgs(W: readonly IntRow[], n: number, options: FgsOptions = {}): FgsResult {
  const m = W.length;
  const all = Array.from({ length: m }, (_, i) => i);
  let lps = 0;
  if (rankOf(W, all) < n) {
    // S(0) is every row: ReLU(W·0) = 0 = ReLU(W d) for d ∈ ker W.
    const d = kernelVector(W, all, n);
    return { injective: false, x: d.map(() => new Fraction(0n)), y: d, lps };
  }
  const nodes: FgsNode[] = [];
  const refuted = new Set<string>();

  const search = (C: readonly number[]): { x: Fraction[]; y: Fraction[] } | undefined => {
    const stop = stopReason(options.deadline);
    if (stop !== undefined) throw new LimitReached(stop, `the injectivity search stopped after ${lps} LPs`);
    const key = C.join(',');
    if (refuted.has(key)) {
      nodes.push({ kind: 'seen' });
      return undefined;
    }
    const minor = fullRankMinor(W, options.den ?? 1n, C, n);
    if (minor !== undefined) {
      nodes.push({ kind: 'minor', minor });
      refuted.add(key);
      return undefined;
    }
    const inC = new Array<boolean>(m).fill(false);
    for (const i of C) inC[i] = true;
    const system: LinearSystem = {
      variables: n,
      constraints: W.map((w, i) =>
        inC[i]
          ? { coefficients: w.map((v) => ratio(-v)), relation: '<=' as const, rhs: ratio(0n) }
          : { coefficients: w.map((v) => ratio(v)), relation: '<=' as const, rhs: ratio(-1n) },
      ),
    };
    lps++;
    const r = feasiblePoint(system, options.lp ?? {});
    if (r.kind === 'feasible') {
      // S(x) = C exactly (rows outside C are ≤ −1) and rank W_C < n.
      const x = r.point;
      const d = kernelVector(W, C, n);
      let worst = new Fraction(0n);
      for (let i = 0; i < m; i++) {
        if (inC[i]) continue;
        const rate = dotRational(W[i] as IntRow, d).abs();
        if (rate.compare(worst) > 0) worst = rate;
      }
      // |w_i·d|·t ≤ 1/2 keeps w_i·(x + t d) ≤ −1/2 for the rows outside C. worst > 0 because rank W = n.
      const t = worst.n === 0n ? ratio(1n) : new Fraction(1n).div(worst.mul(2));
      return { x, y: step(x, d, t) };
    }
    const y = caratheodory(system, r.multipliers);
    const support = y.flatMap((v, i) => (v.n === 0n ? [] : [i]));
    nodes.push({ kind: 'farkas', rows: support, values: support.map((i) => y[i] as Fraction) });
    for (const i of support) {
      if (inC[i]) continue;
      const child = [...C, i].sort((a, b) => a - b);
      const found = search(child);
      if (found !== undefined) return found;
    }
    refuted.add(key);
    return undefined;
  };

  const found = search([]);
  if (found !== undefined) return { injective: false, ...found, lps };
  return { injective: true, nodes, lps };
}

/**
 * Reduces Farkas multipliers (y ≥ 0, Σ y_i a_i = 0, Σ y_i b_i < 0) to a support whose vectors
 * (a_i, b_i) are linearly independent — at most n + 1 rows — by moving along a dependency until a
 * multiplier vanishes (Carathéodory's argument). Σ y_i (a_i, b_i) is unchanged at every move.
 */
function caratheodory(system: LinearSystem, multipliers: readonly Fraction[]): Fraction[] {
  const y = multipliers.map((v) => new Fraction(v));
  for (;;) {
    const support = y.flatMap((v, i) => (v.n === 0n ? [] : [i]));
    // Columns (a_i, b_i) for i in the support: a dependency z has Σ z_i (a_i, b_i) = 0.
    const rowsOfColumns = Array.from({ length: system.variables + 1 }, (_, r) =>
      support.map((i) => {
        const c = system.constraints[i];
        if (c === undefined) throw new Error('internal error: multiplier index out of range');
        return r < system.variables ? (c.coefficients[r] as Fraction) : c.rhs;
      }),
    );
    const basis = nullspace(rowsOfColumns, support.length);
    const zRaw = basis[0];
    if (zRaw === undefined) return y;
    const z = zRaw.some((v) => v.compare(0) > 0) ? zRaw : zRaw.map((v) => v.neg());
    let t: Fraction | undefined;
    support.forEach((i, k) => {
      const zk = z[k] as Fraction;
      if (zk.compare(0) <= 0) return;
      const ratioK = (y[i] as Fraction).div(zk);
      if (t === undefined || ratioK.compare(t) < 0) t = ratioK;
    });
    if (t === undefined) return y;
    const tt = t;
    support.forEach((i, k) => {
      // Nonnegative by the ratio test; the minimizing index becomes exactly 0, so the support shrinks.
      y[i] = (y[i] as Fraction).sub(tt.mul(z[k] as Fraction));
    });
  }
}
