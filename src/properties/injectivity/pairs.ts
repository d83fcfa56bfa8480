/**
 * The exact injectivity decision for networks of any depth, by pairs of activation regions
 * (NOTES.md B.3, "whole deep network, exact"):
 *
 *     N is not injective on K  ⇔  there are regions R_p, R_q (possibly p = q), x ∈ R̄_p, y ∈ R̄_q
 *                                 with x ≠ y and A_p x + c_p = A_q y + c_q,
 *
 * because N is continuous and equals A_p x + c_p on the closure R̄_p, and the closed regions cover K.
 * For each pair the set P_pq = {(x, y) : x ∈ R̄_p, y ∈ R̄_q, A_p x + c_p = A_q y + c_q} ⊆ R^{2n} is a
 * polyhedron, and "x = y on P_pq" is decided exactly:
 * - p = q: rank A_p = n forces x = y (a nonzero n×n minor); rank A_p < n gives a counterexample
 *   inside the region (interior point plus a kernel step, ratio-tested to stay in R̄_p);
 * - separated: exact output bounds (certified LPs, one max and one min per region and output) with
 *   max_p out_k < min_q out_k prove P_pq empty without solving anything for the pair — the
 *   "exact bounds first" pruning;
 * - by linear algebra alone: if each x_i − y_i is a combination λᵀ(A_p x − A_q y) of the equations
 *   with λᵀ(c_q − c_p) = 0, the equations force x = y (adjacent regions sharing a face typically
 *   end here, and every non-adjacent pair of a bias-free net whose [A_p | −A_q] has full column rank);
 * - otherwise by LPs: maximize ±(x_i − y_i) over P_pq, each answer certified — Farkas multipliers
 *   (P_pq empty), dual multipliers proving the maximum ≤ 0 for all 2n objectives (x = y), or an
 *   optimal point / unbounded ray with x ≠ y (a counterexample, re-checked by exact evaluation).
 *
 * Every multiplier vector is put in the checker's canonical form (weight of a repeated row moved to
 * its first copy, none on rows that say nothing), over rows built exactly as the checker rebuilds
 * them: the domain's rational rows, the split rows of the region's path, then the output equations.
 */
import Fraction from 'fraction.js';
import { canonicalMultipliers as sharedCanonicalMultipliers } from '../../certificates/multipliers.js';
import { LimitReached } from '../../errors.js';
import { stopReason } from '../../stopCondition.js';
import { solve } from '../../exact/linalg.js';
import { ratio } from '../../exact/rational.js';
import type { Network } from '../../network/model.js';
import type { LinearConstraint, LinearSystem } from '../../polyhedra/system.js';
import { type Domain, domainRows } from '../../regions/domain.js';
import { type EnumerateOptions, type Region, type RegionEnumeration, enumerateRegions } from '../../regions/enumerate.js';
import { type CertifiedOptions, maximize } from '../../../solvers/certified.js';
import { integerDomainRowCount } from './domainRows.js';
import { type IntRow, type Minor, WORD_PRIME, fullColumnRankOfResidues, fullRankMinor, kernelVector, maxStep, residues, step } from './linear.js';

/** An exact bound of one output over one closed region, with its dual certificate. */
export interface OutputBound {
  readonly region: number;
  readonly output: number;
  /** `max`: out_k ≤ value on R̄_p; `min`: out_k ≥ value. */
  readonly sense: 'max' | 'min';
  readonly value: Fraction;
  /** Multipliers over the region's rows (canonical). */
  readonly dual: readonly Fraction[];
}

/** Why a pair of regions cannot give a counterexample. */
export type PairProof =
  | { readonly kind: 'minor'; readonly p: number; readonly q: number; readonly minor: Minor }
  | { readonly kind: 'separated'; readonly p: number; readonly q: number; readonly upper: number; readonly lower: number }
  | { readonly kind: 'farkas'; readonly p: number; readonly q: number; readonly multipliers: readonly Fraction[] }
  | { readonly kind: 'duals'; readonly p: number; readonly q: number; readonly duals: readonly (readonly Fraction[])[] }
  /** Decision-only fast path (bias-free, full column rank modulo a prime): not written to certificates. */
  | { readonly kind: 'rank'; readonly p: number; readonly q: number };

/** What {@link decideByRegionPairs} found. */
export type RegionPairsResult =
  | {
      readonly injective: true;
      readonly enumeration: RegionEnumeration;
      readonly regions: readonly Region[];
      readonly bounds: readonly OutputBound[];
      readonly pairs: readonly PairProof[];
      readonly stats: RegionPairsStats;
    }
  | { readonly injective: false; readonly x: Fraction[]; readonly y: Fraction[]; readonly stats: RegionPairsStats; readonly regions: number; readonly how: 'region-rank' | 'pair-lp' };

/** Work counters. */
export interface RegionPairsStats {
  regions: number;
  pairs: number;
  separated: number;
  linear: number;
  rankFilter: number;
  lps: number;
  boundLps: number;
  seconds: number;
}

/** Options of {@link decideByRegionPairs}. */
export interface RegionPairsOptions {
  /** Produce certifiable proofs for every pair (default true); false allows the modular rank shortcut. */
  readonly certify?: boolean;
  /** Compute exact output bounds to prune pairs: default when there are at least 4 regions and the net is not bias-free on a domain around 0. */
  readonly bounds?: boolean;
  readonly deadline?: number;
  readonly maxRegions?: number;
  readonly lp?: CertifiedOptions;
}

/** The rational rows of a region's closure in the checker's order: domain rows, then split rows. */
export function regionConstraints(region: Region, domain: Domain, n: number): LinearConstraint[] {
  const dom = domainRows(domain, n);
  const skip = integerDomainRowCount(dom);
  const splits = region.halfSpaces.slice(skip).map((r): LinearConstraint => ({ coefficients: r.a.map((v) => ratio(v)), relation: '<=', rhs: ratio(r.b) }));
  return [...dom.map((c): LinearConstraint => ({ coefficients: c.coefficients, relation: c.relation === '<' ? '<=' : c.relation, rhs: c.rhs })), ...splits];
}

/** The pair system in (x, y) ∈ R^{2n}: rows of p on x, rows of q on y, then A_p x − A_q y = c_q − c_p. */
export function pairSystem(rp: Region, rq: Region, rowsP: readonly LinearConstraint[], rowsQ: readonly LinearConstraint[], n: number): LinearSystem {
  const zeros = Array.from({ length: n }, () => ratio(0n));
  const P = rp.output;
  const Q = rq.output;
  const equations = P.num.map((rowP, k): LinearConstraint => ({
    coefficients: [...rowP.map((v) => ratio(v, P.den)), ...(Q.num[k] as bigint[]).map((v) => ratio(-v, Q.den))],
    relation: '=',
    rhs: ratio(Q.offset[k] as bigint, Q.den).sub(ratio(P.offset[k] as bigint, P.den)),
  }));
  return {
    variables: 2 * n,
    constraints: [
      ...rowsP.map((c) => ({ ...c, coefficients: [...c.coefficients, ...zeros] })),
      ...rowsQ.map((c) => ({ ...c, coefficients: [...zeros, ...c.coefficients] })),
      ...equations,
    ],
  };
}

/**
 * Multipliers in the checker's canonical form (src/certificates/multipliers.ts): rows with zero
 * coefficients that cannot contribute a contradiction (0 ≤ b with b ≥ 0, 0 = 0) get none, and
 * the weight of a row that repeats an earlier row moves to the first copy. Σ y_i a_i is
 * unchanged and Σ y_i b_i can only decrease, so a bound or a refutation stays valid (bounds are
 * recomputed from the canonical multipliers).
 */
export function canonicalMultipliers(system: LinearSystem, y: readonly Fraction[]): Fraction[] {
  const useful = y.map((v, i) => {
    const c = system.constraints[i] as LinearConstraint;
    const zero = c.coefficients.every((a) => a.n === 0n);
    return zero && (c.relation === '=' ? c.rhs.n === 0n : c.rhs.compare(0) >= 0) ? ratio(0n) : v;
  });
  return sharedCanonicalMultipliers(system, useful);
}

function isBiasFree(net: Network): boolean {
  return net.layers.every((layer) => layer.bias.every((b) => b.n === 0n));
}

function domainAroundOrigin(domain: Domain): boolean {
  if (domain.kind === 'all') return true;
  if (domain.kind === 'box') return domain.box.every(([lo, hi]) => lo.compare(0) <= 0 && hi.compare(0) >= 0);
  return false;
}

/**
 * Decides injectivity of `net` on `domain` (nonempty interior) by pairs of regions.
 * @throws LimitReached when the enumeration or the deadline stops the run.
 */
export function decideByRegionPairs(net: Network, domain: Domain, options: RegionPairsOptions = {}): RegionPairsResult {
  const started = Date.now();
  const n = net.inputs;
  const certify = options.certify ?? true;
  const lp = options.lp ?? {};
  const stats: RegionPairsStats = { regions: 0, pairs: 0, separated: 0, linear: 0, rankFilter: 0, lps: 0, boundLps: 0, seconds: 0 };
  const enumOptions: EnumerateOptions = {
    keepTree: certify,
    ...(options.deadline !== undefined ? { deadline: options.deadline } : {}),
    ...(options.maxRegions !== undefined ? { maxRegions: options.maxRegions } : {}),
    ...(options.lp !== undefined ? { lp: options.lp } : {}),
  };
  const enumeration = enumerateRegions(net, domain, enumOptions);
  if (enumeration.status === 'stopped') throw new LimitReached(enumeration.stoppedBy, `the region enumeration stopped after ${enumeration.stats.regions} regions`);
  const regions = enumeration.regions;
  stats.regions = regions.length;
  const done = (): RegionPairsStats => ({ ...stats, seconds: (Date.now() - started) / 1000 });
  const checkDeadline = (): void => {
    const stop = stopReason(options.deadline);
    if (stop !== undefined) throw new LimitReached(stop, `the pair decision stopped after ${stats.pairs} pairs`);
  };
  const rows = regions.map((r) => regionConstraints(r, domain, n));
  const outputs = regions[0]?.output.num.length ?? 0;
  const allOutputs = Array.from({ length: outputs }, (_, k) => k);

  // p = q: rank of A_p.
  const minors: Minor[] = [];
  for (const [p, region] of regions.entries()) {
    const A = region.output.num as IntRow[];
    const minor = fullRankMinor(A, region.output.den, allOutputs, n);
    if (minor === undefined) {
      const d = kernelVector(A, allOutputs, n);
      const x = [...region.point];
      const closure = region.halfSpaces.map((h) => ({ a: h.a, b: h.b }));
      const limit = maxStep(closure, x, d);
      const t = limit === undefined ? ratio(1n) : limit.div(2);
      return { injective: false, x, y: step(x, d, t), stats: done(), regions: regions.length, how: 'region-rank' };
    }
    minors[p] = minor;
  }

  // Exact output bounds per region (certified LPs), to separate pairs whose images cannot meet.
  const useBounds = options.bounds ?? (regions.length >= 4 && !(isBiasFree(net) && domainAroundOrigin(domain)));
  const bounds: OutputBound[] = [];
  const maxIndex: (number | undefined)[][] = regions.map(() => []);
  const minIndex: (number | undefined)[][] = regions.map(() => []);
  if (useBounds) {
    for (const [p, region] of regions.entries()) {
      checkDeadline();
      const system: LinearSystem = { variables: n, constraints: rows[p] as LinearConstraint[] };
      for (let k = 0; k < outputs; k++) {
        const a = (region.output.num[k] as bigint[]).map((v) => ratio(v, region.output.den));
        const c = ratio(region.output.offset[k] as bigint, region.output.den);
        for (const sense of ['max', 'min'] as const) {
          stats.boundLps++;
          const r = maximize(sense === 'max' ? a : a.map((v) => v.neg()), system, lp);
          if (r.kind !== 'optimal') continue;
          const dual = canonicalMultipliers(system, r.dual);
          const rhs = dual.reduce((s, v, i) => (v.n === 0n ? s : s.add(v.mul((system.constraints[i] as LinearConstraint).rhs))), ratio(0n));
          const value = sense === 'max' ? rhs.add(c) : c.sub(rhs);
          (sense === 'max' ? maxIndex : minIndex)[p]![k] = bounds.length;
          bounds.push({ region: p, output: k, sense, value, dual });
        }
      }
    }
  }

  const pairs: PairProof[] = [];
  // Residues of every A_p modulo a word prime, once per region, for the decision-only filter: the
  // column rank of [A_p | −A_q] is that of [num_p | −num_q] (columns scaled by nonzero 1/den).
  const residueRows = !certify && isBiasFree(net) ? regions.map((r) => r.output.num.map(residues)) : undefined;
  for (let p = 0; p < regions.length; p++) {
    pairs.push({ kind: 'minor', p, q: p, minor: minors[p] as Minor });
    for (let q = p + 1; q < regions.length; q++) {
      stats.pairs++;
      if (stats.pairs % 64 === 0) checkDeadline();
      const rp = regions[p] as Region;
      const rq = regions[q] as Region;
      // Separation by bounds.
      let separated: PairProof | undefined;
      if (useBounds) {
        for (let k = 0; k < outputs && separated === undefined; k++) {
          for (const [a, b] of [[p, q], [q, p]] as const) {
            const u = maxIndex[a]![k];
            const l = minIndex[b]![k];
            if (u !== undefined && l !== undefined && (bounds[u] as OutputBound).value.compare((bounds[l] as OutputBound).value) < 0) {
              separated = { kind: 'separated', p, q, upper: u, lower: l };
              break;
            }
          }
        }
      }
      if (separated !== undefined) {
        stats.separated++;
        pairs.push(separated);
        continue;
      }
      // Decision-only shortcut: a bias-free net's equations A_p x = A_q y with full column rank force x = y = 0.
      if (residueRows !== undefined && fullColumnRankOfResidues(pairResidues(residueRows[p] as number[][], residueRows[q] as number[][]), 2 * n)) {
        stats.rankFilter++;
        pairs.push({ kind: 'rank', p, q });
        continue;
      }
      const system = pairSystem(rp, rq, rows[p] as LinearConstraint[], rows[q] as LinearConstraint[], n);
      const linear = linearDuals(system, rp.output.num.length, n);
      if (linear !== undefined) {
        stats.linear++;
        pairs.push({ kind: 'duals', p, q, duals: linear });
        continue;
      }
      const duals: Fraction[][] = [];
      let proof: PairProof | undefined;
      for (let i = 0; i < n && proof === undefined; i++) {
        for (const s of [1, -1] as const) {
          const objective = Array.from({ length: 2 * n }, (_, j) => ratio(j === i ? BigInt(s) : j === n + i ? BigInt(-s) : 0n));
          stats.lps++;
          const r = maximize(objective, system, lp);
          if (r.kind === 'infeasible') {
            proof = { kind: 'farkas', p, q, multipliers: canonicalMultipliers(system, r.multipliers) };
            break;
          }
          if (r.kind === 'unbounded') {
            // point + λ·ray with objective > 0: λ = max(0, −obj(point)/obj(ray)) + 1.
            const objAt = (v: readonly Fraction[]): Fraction => v.reduce((acc, e, j) => acc.add(e.mul(objective[j] as Fraction)), ratio(0n));
            const slope = objAt(r.ray);
            const base = objAt(r.point);
            const lambda = (base.compare(0) < 0 ? base.neg().div(slope) : ratio(0n)).add(1);
            const z = r.point.map((v, j) => v.add(lambda.mul(r.ray[j] as Fraction)));
            return { injective: false, x: z.slice(0, n), y: z.slice(n), stats: done(), regions: regions.length, how: 'pair-lp' };
          }
          if (r.value.compare(0) > 0) {
            return { injective: false, x: r.primal.slice(0, n), y: r.primal.slice(n), stats: done(), regions: regions.length, how: 'pair-lp' };
          }
          duals.push(canonicalMultipliers(system, r.dual));
        }
      }
      pairs.push(proof ?? { kind: 'duals', p, q, duals });
    }
  }
  return { injective: true, enumeration, regions, bounds, pairs, stats: done() };
}

/** Rows [num_p | −num_q] modulo the word prime, from per-region residues. */
function pairResidues(rp: readonly (readonly number[])[], rq: readonly (readonly number[])[]): number[][] {
  return rp.map((row, k) => [...row, ...(rq[k] as number[]).map((v) => (v === 0 ? 0 : WORD_PRIME - v))]);
}

/**
 * Duals that use the equations only: for each i and sign s, λ with λᵀ[A_p | −A_q] = s(e_i, −e_i)
 * and λᵀ(c_q − c_p) = 0, zero on every inequality row. Undefined when some x_i − y_i is not such a
 * combination (then LPs decide).
 */
function linearDuals(system: LinearSystem, equations: number, n: number): Fraction[][] | undefined {
  const first = system.constraints.length - equations;
  const eq = system.constraints.slice(first);
  // Transposed: 2n rows (one per variable), one column per equation.
  const At = Array.from({ length: 2 * n }, (_, j) => eq.map((c) => c.coefficients[j] as Fraction));
  const out: Fraction[][] = [];
  for (let i = 0; i < n; i++) {
    const target = Array.from({ length: 2 * n }, (_, j) => ratio(j === i ? 1n : j === n + i ? -1n : 0n));
    const sol = eq.length === 0 ? undefined : solve(At, target, eq.length);
    if (sol === undefined || sol.kind === 'none') return undefined;
    const lambda = sol.kind === 'unique' ? sol.x : sol.particular;
    const value = lambda.reduce((s, v, k) => s.add(v.mul((eq[k] as LinearConstraint).rhs)), ratio(0n));
    if (value.n !== 0n) return undefined;
    for (const s of [1, -1]) {
      const y = system.constraints.map(() => ratio(0n));
      lambda.forEach((v, k) => {
        y[first + k] = s > 0 ? v : v.neg();
      });
      out.push(canonicalMultipliers(system, y));
    }
  }
  return out;
}
