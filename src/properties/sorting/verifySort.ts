/**
 * Exact decision of "the network sorts": N(x) = sort(x) for every x in the domain (default all of
 * R^n), where sort orders the coordinates **ascending** (N(x)_0 ≤ N(x)_1 ≤ … ≤ N(x)_{n−1}).
 *
 * Method. The region engine (regions/enumerate.ts) covers the domain by linear pieces — activation
 * regions, except that pass-through pairs (network/passPairs.ts) are taken as the linear terms
 * they are instead of being split — each with an interior point and the exact affine output map
 * x ↦ (M x + c)/den. On one piece ("region") R:
 * 1. pick a tie-free point q strictly inside R (all coordinates distinct; a small exact shift of
 *    the engine's interior point) and its sorting permutation σ (x_{σ(0)} < … < x_{σ(n−1)} at q);
 * 2. if the map is not x ↦ P_σ x (P_σ x = (x_{σ(0)}, …, x_{σ(n−1)}), zero offset), the network is
 *    wrong on R: near q, sort(x) = P_σ x, and two different affine maps cannot agree on all of
 *    q, q + t·e_0, …, q + t·e_{n−1} (t small, same region and order cell) — one of these points is a
 *    counterexample, found by exact evaluation;
 * 3. otherwise certify, for every adjacent pair, x_{σ(i)} − x_{σ(i+1)} ≤ 0 on the closure of R by
 *    a certified LP maximum with exact dual multipliers y ≥ 0 (Σ y_r a_r = e_{σ(i)} − e_{σ(i+1)},
 *    Σ y_r b_r ≤ 0 over R's half-spaces a_r·x ≤ b_r). Then P_σ x is sorted on R, so N = sort on
 *    R. If the maximum is positive (or unbounded), a point of R's closure with
 *    x_{σ(i)} > x_{σ(i+1)} has N(x) = P_σ x unsorted: a counterexample.
 * The leaves cover the domain, so "holds" on every leaf proves N = sort on the whole domain.
 * Nothing is decided in floating point: LP answers are certified exactly (solvers/certified.ts)
 * and every counterexample is confirmed by exact evaluation.
 */
import Fraction from 'fraction.js';
import { InputError } from '../../errors.js';
import { evaluate } from '../../network/evaluate.js';
import { type Network, outputSize } from '../../network/model.js';
import type { LinearConstraint, LinearSystem } from '../../polyhedra/system.js';
import type { Domain } from '../../regions/domain.js';
import { type IntegerRow, type Region, type RegionEnumeration, enumerateRegions } from '../../regions/enumerate.js';
import { orderConeBound } from '../../polyhedra/differenceCone.js';
import { maximize } from '../../../solvers/certified.js';

/** The proof that one leaf region is sorted correctly. */
export interface SortLeafProof {
  /** σ: on the leaf, N(x)_i = x_{σ(i)} and x_{σ(0)} ≤ … ≤ x_{σ(n−1)}. */
  readonly permutation: readonly number[];
  /**
   * Per adjacent pair i (n − 1 of them): dual multipliers y ≥ 0, one per half-space of the leaf
   * (domain rows then split rows), with Σ y_r a_r = e_{σ(i)} − e_{σ(i+1)} and Σ y_r b_r ≤ 0.
   */
  readonly multipliers: readonly (readonly Fraction[])[];
}

/** Counters of one run. */
export interface SortStats {
  readonly regions: number;
  readonly orderingLps: number;
  /** Ordering inequalities proved by a path in the leaf's order cone (no LP; polyhedra/differenceCone.ts). */
  readonly orderingPaths: number;
  readonly seconds: number;
}

/** Result of {@link verifySort}. */
export type SortResult =
  | {
      readonly status: 'holds';
      readonly enumeration: RegionEnumeration;
      /** One proof per leaf, keyed by the leaf's interior point (see {@link pointKey}). */
      readonly leaves: ReadonlyMap<string, SortLeafProof>;
      readonly stats: SortStats;
    }
  | {
      readonly status: 'violated';
      /** A rational input with N(x) ≠ sort(x). */
      readonly x: Fraction[];
      /** N(x), exactly. */
      readonly output: Fraction[];
      /** sort(x), ascending. */
      readonly expected: Fraction[];
      /** Why this region fails (for the report). */
      readonly reason: string;
      readonly stats: SortStats;
    }
  | { readonly status: 'unknown'; readonly reason: string; readonly stats: SortStats };

/** Options of {@link verifySort}. */
export interface VerifySortOptions {
  /** Stop at this time (ms since the epoch); the result is then `unknown`. */
  readonly deadline?: number;
  /** Stop after this many regions; the result is then `unknown`. */
  readonly maxRegions?: number;
  /**
   * Take pass-through pairs as linear (default true). False splits them like every other neuron,
   * enumerating raw activation regions: slower, the same verdict; for measurement (benchmarks/sorting.ts).
   */
  readonly passThroughPairs?: boolean;
}

/** The key of a point (its exact coordinates as text), used to attach proofs to tree leaves. */
export function pointKey(point: readonly Fraction[]): string {
  return point.map((v) => v.toFraction()).join(',');
}

/** The coordinates in ascending order. */
export function sortAscending(x: readonly Fraction[]): Fraction[] {
  return [...x].sort((a, b) => a.compare(b));
}

/** Whether two exact vectors are equal. */
export function sameVector(a: readonly Fraction[], b: readonly Fraction[]): boolean {
  return a.length === b.length && a.every((v, i) => v.equals(b[i] as Fraction));
}

function strictlyInside(rows: readonly IntegerRow[], x: readonly Fraction[]): boolean {
  return rows.every((r) => {
    let s = new Fraction(0n);
    r.a.forEach((aj, j) => {
      if (aj !== 0n) s = s.add((x[j] as Fraction).mul(aj));
    });
    return s.compare(new Fraction(r.b)) < 0;
  });
}

function distinct(x: readonly Fraction[]): boolean {
  const s = sortAscending(x);
  for (let i = 0; i + 1 < s.length; i++) if ((s[i] as Fraction).equals(s[i + 1] as Fraction)) return false;
  return true;
}

/** σ with x_{σ(0)} < … < x_{σ(n−1)} (x tie-free). */
function sortingPermutation(x: readonly Fraction[]): number[] {
  return x.map((_, i) => i).sort((i, j) => (x[i] as Fraction).compare(x[j] as Fraction));
}

/** Points p + t·d for t = 1, 1/2, 1/4, … until `accept` holds (exact; at most 400 halvings). */
function shrinkAlong(p: readonly Fraction[], d: readonly Fraction[], accept: (x: Fraction[]) => boolean): Fraction[] | undefined {
  let t = new Fraction(1n);
  for (let k = 0; k < 400; k++) {
    const x = p.map((v, j) => v.add((d[j] as Fraction).mul(t)));
    if (accept(x)) return x;
    t = t.div(2n);
  }
  return undefined;
}

/** A point strictly inside the region with pairwise distinct coordinates. */
function tieFreePoint(region: Region): Fraction[] {
  const p = region.point;
  if (distinct(p)) return [...p];
  // Direction (1, 2, …, n)/ (n+1)²: p + t·d has a tie for at most n² values of t.
  const n = p.length;
  const d = p.map((_, j) => new Fraction(j + 1, (n + 1) * (n + 1)));
  const q = shrinkAlong(p, d, (x) => distinct(x) && strictlyInside(region.halfSpaces, x));
  if (q === undefined) throw new Error('internal: no tie-free point found in an open region');
  return q;
}

function isPermutationMap(region: Region, sigma: readonly number[]): boolean {
  const { num, offset, den } = region.output;
  if (offset.some((v) => v !== 0n)) return false;
  return num.every((row, i) => row.every((v, j) => v === (j === sigma[i] ? den : 0n)));
}

function toSystem(rows: readonly IntegerRow[], n: number): LinearSystem {
  return {
    variables: n,
    constraints: rows.map((r): LinearConstraint => ({ coefficients: r.a.map((v) => new Fraction(v)), relation: '<=', rhs: new Fraction(r.b) })),
  };
}

type Found = { x: Fraction[]; output: Fraction[]; expected: Fraction[] };

/** A counterexample found while the enumeration runs: thrown out of it to stop at once. */
class Violation extends Error {
  constructor(
    readonly found: Found,
    readonly reason: string,
  ) {
    super(reason);
  }
}

function disagreement(net: Network, x: Fraction[]): Found | undefined {
  const output = evaluate(net, x);
  const expected = sortAscending(x);
  return sameVector(output, expected) ? undefined : { x, output, expected };
}

/**
 * Points q and q + t·e_j (t small: same region, same order cell) — where two different affine
 * maps on a neighbourhood of q must differ at one of them.
 */
export function probePoints(region: Region, q: readonly Fraction[]): Fraction[][] {
  const sigma = sortingPermutation(q);
  const out: Fraction[][] = [[...q]];
  const n = q.length;
  for (let j = 0; j < n; j++) {
    const e = q.map((_, t) => new Fraction(t === j ? 1n : 0n));
    const x = shrinkAlong(q, e, (y) => distinct(y) && strictlyInside(region.halfSpaces, y) && sortingPermutation(y).every((v, i) => v === sigma[i]));
    if (x !== undefined) out.push(x);
  }
  return out;
}

/**
 * Decides exactly whether N(x) = sort(x) (ascending) on the domain.
 * @throws InputError when the output size differs from the input size.
 */
export function verifySort(net: Network, domain: Domain = { kind: 'all' }, options: VerifySortOptions = {}): SortResult {
  const started = Date.now();
  const n = net.inputs;
  const m = outputSize(net);
  if (m !== n) throw new InputError('dimension', `a sorter maps R^n to R^n, but this network has ${n} inputs and ${m} outputs`);
  let orderingLps = 0;
  let orderingPaths = 0;
  const stats = (regions: number): SortStats => ({ regions, orderingLps, orderingPaths, seconds: (Date.now() - started) / 1000 });
  const leaves = new Map<string, SortLeafProof>();
  let regions = 0;
  /** A region's verdict: its proof, or a counterexample (thrown out of the enumeration as {@link Violation}). */
  const judge = (region: Region): void => {
    regions++;
    const q = tieFreePoint(region);
    const sigma = sortingPermutation(q);
    if (!isPermutationMap(region, sigma)) {
      for (const x of probePoints(region, q)) {
        const found = disagreement(net, x);
        if (found !== undefined) throw new Violation(found, 'on this region the output map is not the permutation that sorts it');
      }
      throw new Error('internal: the output map differs from the sorting permutation, but no probe point shows it');
    }
    const system = toSystem(region.halfSpaces, n);
    const multipliers: Fraction[][] = [];
    for (let i = 0; i + 1 < n; i++) {
      const a = sigma[i] as number;
      const b = sigma[i + 1] as number;
      // On an order cone (a comparator network on R^n) a path a → b of rows x_u ≤ x_v proves it.
      const path = orderConeBound(region.halfSpaces, n, a, b);
      if (path !== undefined) {
        orderingPaths++;
        multipliers.push(path);
        continue;
      }
      const objective = q.map((_, j) => new Fraction(j === a ? 1n : j === b ? -1n : 0n));
      orderingLps++;
      const res = maximize(objective, system);
      let bad: Fraction[] | undefined;
      if (res.kind === 'optimal') {
        if (res.value.compare(0) <= 0) {
          multipliers.push(res.dual);
          continue;
        }
        bad = res.primal;
      } else if (res.kind === 'unbounded') {
        const f = (x: readonly Fraction[]): Fraction => (x[a] as Fraction).sub(x[b] as Fraction);
        const rate = f(res.ray);
        const t = f(res.point).neg().div(rate).add(1n);
        const step = t.compare(0) > 0 ? t : new Fraction(1n);
        bad = res.point.map((v, j) => v.add((res.ray[j] as Fraction).mul(step)));
      } else {
        throw new Error('internal: a region with an interior point is infeasible');
      }
      const found = disagreement(net, bad);
      if (found === undefined) throw new Error('internal: the ordering fails on the region but the network agrees with sort there');
      throw new Violation(found, `on this region the output is x ↦ P x, but x_${a} ≤ x_${b} (coordinates numbered from 0) fails there, so the output is not sorted`);
    }
    leaves.set(pointKey(region.point), { permutation: sigma, multipliers });
  };
  // Pass-through pairs (the identity gadget relu(y) − relu(−y)) never bend the function, so the
  // leaves are linear pieces rather than activation regions: far fewer for constructed sorters.
  // Each piece is judged as soon as it is found, so a wrong network stops at its first bad piece
  // (and the pieces need not be kept: the tree and the proofs are the certificate).
  let enumeration: RegionEnumeration;
  try {
    enumeration = enumerateRegions(net, domain, {
      keepTree: true,
      keepRegions: false,
      onRegion: judge,
      passThroughPairs: options.passThroughPairs ?? true,
      ...(options.deadline !== undefined ? { deadline: options.deadline } : {}),
      ...(options.maxRegions !== undefined ? { maxRegions: options.maxRegions } : {}),
    });
  } catch (e) {
    if (e instanceof Violation) return { status: 'violated', ...e.found, reason: e.reason, stats: stats(regions) };
    throw e;
  }
  if (enumeration.status === 'stopped') return { status: 'unknown', reason: `the region enumeration stopped (${enumeration.stoppedBy})`, stats: stats(regions) };
  return { status: 'holds', enumeration, leaves, stats: stats(regions) };
}
