/**
 * `verifyInjective`: is the network injective on a domain (no x ≠ y with N(x) = N(y))? Decided
 * exactly, with the argument that proved the verdict:
 *
 * - `affine-rank` — no ReLU layer: N is affine, injective ⇔ its matrix has rank n (full-dimensional
 *   domain);
 * - `cells` / `fgs` — one ReLU layer (identity layers before it folded in, a trailing affine map of
 *   full column rank allowed): the cell criterion (cells.ts) or, for bias-free layers on R^n, the
 *   Froese–Grillo–Skutella search (fgs.ts). A non-injective first layer refutes every depth: equal
 *   first-layer outputs give equal network outputs;
 * - `layer-wise` — a sufficient test: the first stage injective on the domain, every later ReLU
 *   stage injective on the nonnegative orthant it receives (the cell criterion on the domain
 *   R^m_{≥0}, NOTES.md B.3 "deep layers"), a trailing affine map of full column rank;
 * - `region-pairs` / `region-rank` — the exact decision for any depth (pairs.ts), used when the
 *   layer-wise test is inconclusive: a later layer may be injective on the image of the earlier
 *   ones without being injective on the whole orthant.
 *
 * Domains: all of R^n, a box or a polytope, each closed and with a nonempty interior (the criteria
 * are stated for full-dimensional domains; a flat domain is rejected as bad input).
 */
import type Fraction from 'fraction.js';
import { InputError, LimitReached } from '../../errors.js';
import { ratio } from '../../exact/rational.js';
import { preactivationMaps } from '../../network/affine.js';
import { evaluate } from '../../network/evaluate.js';
import type { Network } from '../../network/model.js';
import type { LinearSystem } from '../../polyhedra/system.js';
import { type Domain, domainRows } from '../../regions/domain.js';
import type { RegionTree } from '../../regions/enumerate.js';
import { type CertifiedOptions, interiorPoint } from '../../../solvers/certified.js';
import { decideLayerByCells } from './cells.js';
import { integerDomainRows } from './domainRows.js';
import { type FgsNode, decideLayerFgs } from './fgs.js';
import { type IntRow, type Minor, fullRankMinor, kernelVector, maxStep, step } from './linear.js';
import { type OutputBound, type PairProof, type RegionPairsStats, decideByRegionPairs } from './pairs.js';
import { type Stage, networkStages } from './stages.js';

/** Which argument decided. */
export type InjectivityArgument = 'affine-rank' | 'cells' | 'fgs' | 'layer-wise' | 'region-pairs' | 'region-rank';

/** The proof of one stage for the layer-wise argument. */
export type StageProof =
  | { readonly kind: 'cells'; readonly tree: RegionTree; readonly minors: readonly Minor[] }
  | { readonly kind: 'fgs'; readonly nodes: readonly FgsNode[] }
  | { readonly kind: 'affine'; readonly minor: Minor };

/** What proves injectivity. */
export type InjectivityProof =
  | { readonly kind: 'layers'; readonly stages: readonly StageProof[] }
  | { readonly kind: 'pairs'; readonly tree: RegionTree | undefined; readonly bounds: readonly OutputBound[]; readonly pairs: readonly PairProof[] };

/** Counters of a run. */
export interface InjectivityStats {
  seconds: number;
  stages: number;
  /** Cells examined by the cell criterion (all stages). */
  cells: number;
  /** LPs of the FGS search. */
  searchLps: number;
  pairs?: RegionPairsStats;
}

/** The outcome of {@link verifyInjective}. */
export type InjectivityResult =
  | { readonly status: 'holds'; readonly argument: InjectivityArgument; readonly proof: InjectivityProof; readonly explanation: string; readonly stats: InjectivityStats }
  | {
      readonly status: 'violated';
      readonly argument: InjectivityArgument;
      readonly x: Fraction[];
      readonly y: Fraction[];
      /** N(x) = N(y), exactly. */
      readonly output: Fraction[];
      readonly explanation: string;
      readonly stats: InjectivityStats;
    }
  | { readonly status: 'unknown'; readonly reason: string; readonly stats: InjectivityStats };

/** Options of {@link verifyInjective}. */
export interface VerifyInjectiveOptions {
  /** Default: all of R^n. */
  readonly domain?: Domain;
  /** One-layer method: `auto` (FGS when it applies — bias-free on R^n — else cells), `cells`, `fgs`. */
  readonly method?: 'auto' | 'cells' | 'fgs';
  /** Deep networks: `auto` (layer-wise, then pairs), `layer-wise` (only the sufficient test), `pairs` (only the exact decision). */
  readonly deep?: 'auto' | 'layer-wise' | 'pairs';
  /** Keep everything a certificate needs (default true). */
  readonly certify?: boolean;
  /** Skip the orthant test of a later stage when its cell bound Σ_{k≤d} C(m, k) exceeds this (default 20000). */
  readonly layerWiseCellLimit?: number;
  readonly deadline?: number;
  readonly maxRegions?: number;
  readonly lp?: CertifiedOptions;
}

/** The nonnegative orthant of R^m as a polytope domain (rows −q_j ≤ 0). */
export function orthantDomain(m: number): Domain {
  return {
    kind: 'polytope',
    system: {
      variables: m,
      constraints: Array.from({ length: m }, (_, j) => ({
        coefficients: Array.from({ length: m }, (_, t) => ratio(t === j ? -1n : 0n)),
        relation: '<=' as const,
        rhs: ratio(0n),
      })),
    },
  };
}

/** A rational point strictly inside the domain, or an InputError when its interior is empty. */
export function domainInteriorPoint(domain: Domain, n: number, lp: CertifiedOptions = {}): Fraction[] {
  if (domain.kind === 'all') return Array.from({ length: n }, () => ratio(0n));
  if (domain.kind === 'box') {
    domain.box.forEach(([lo, hi], j) => {
      if (lo.compare(hi) >= 0) throw new InputError('range', `the box is flat in coordinate ${j + 1} (${lo.toFraction()} = ${hi.toFraction()}); injectivity is decided on domains with a nonempty interior`, { path: '--box' });
    });
    return domain.box.map(([lo, hi]) => lo.add(hi).div(2));
  }
  const system: LinearSystem = { variables: n, constraints: domainRows(domain, n) };
  const r = interiorPoint(system, lp);
  if (r.kind === 'empty-interior') throw new InputError('range', 'the domain has an empty interior; injectivity is decided on domains with a nonempty interior', { path: '--domain' });
  return r.point;
}

function binomialSum(m: number, d: number, cap: number): number {
  let total = 0;
  let c = 1;
  for (let k = 0; k <= Math.min(d, m); k++) {
    if (k > 0) c = (c * (m - k + 1)) / k;
    total += c;
    if (total > cap) return total;
  }
  return total;
}

function stageMatrix(stage: Stage): { W: IntRow[]; offset: bigint[]; den: bigint } {
  const z = preactivationMaps(stage.network, [])[0];
  if (z === undefined) throw new Error('internal error: a stage without a layer');
  return { W: z.num, offset: z.offset, den: z.den };
}

/**
 * Decides whether `net` is injective on the domain (see the module comment for the arguments).
 * @throws InputError for a domain with empty interior; LimitReached when a limit stops the run.
 */
export function verifyInjective(net: Network, options: VerifyInjectiveOptions = {}): InjectivityResult {
  const started = Date.now();
  const n = net.inputs;
  const domain = options.domain ?? { kind: 'all' };
  const certify = options.certify ?? true;
  const stats: InjectivityStats = { seconds: 0, stages: 0, cells: 0, searchLps: 0 };
  const lp = options.lp ?? {};
  const inside = domainInteriorPoint(domain, n, lp);
  const stages = networkStages(net);
  stats.stages = stages.length;
  const finish = <T extends InjectivityResult>(r: T): T => {
    stats.seconds = (Date.now() - started) / 1000;
    if (r.status === 'violated') {
      const fx = evaluate(net, r.x);
      const fy = evaluate(net, r.y);
      if (r.x.every((v, j) => v.equals(r.y[j] as Fraction)) || fx.some((v, j) => !v.equals(fy[j] as Fraction))) {
        throw new Error('internal error: the counterexample pair does not check');
      }
    }
    return r;
  };
  const violated = (argument: InjectivityArgument, x: Fraction[], y: Fraction[], explanation: string): InjectivityResult =>
    finish({ status: 'violated', argument, x, y, output: evaluate(net, x), explanation, stats });
  const limits = {
    ...(options.deadline !== undefined ? { deadline: options.deadline } : {}),
    ...(options.maxRegions !== undefined ? { maxRegions: options.maxRegions } : {}),
    ...(options.lp !== undefined ? { lp: options.lp } : {}),
  };

  const proofs: StageProof[] = [];
  let inconclusive: string | undefined;
  for (const [s, stage] of stages.entries()) {
    const { W, den } = stageMatrix(stage);
    const d = stage.network.inputs;
    const all = Array.from({ length: W.length }, (_, i) => i);
    if (stage.kind === 'affine') {
      const minor = fullRankMinor(W, den, all, d);
      if (minor !== undefined) {
        proofs.push({ kind: 'affine', minor });
        continue;
      }
      if (s === 0) {
        // N is affine: x and x + t·d with d ∈ ker A, inside the domain.
        const dir = kernelVector(W, all, d);
        const limit = maxStep(integerDomainRows(domainRows(domain, n)), inside, dir);
        const t = limit === undefined ? ratio(1n) : limit.div(2);
        return violated('affine-rank', inside, step(inside, dir, t), `the network is affine with rank < ${n}: it is constant along a kernel direction`);
      }
      inconclusive = `the final affine map has rank < ${d}`;
      break;
    }
    // A ReLU stage.
    const biasFree = stage.network.layers[0]?.bias.every((b) => b.n === 0n) ?? false;
    const stageDomain = s === 0 ? domain : orthantDomain(d);
    const fgsApplies = s === 0 && biasFree && domain.kind === 'all';
    const method = options.method ?? 'auto';
    if (method === 'fgs' && s === 0 && !fgsApplies) throw new InputError('usage', 'the FGS search applies to bias-free first layers on all of R^n (use --method cells)', { path: '--method' });
    if (s === 0 && (method === 'fgs' || (method === 'auto' && fgsApplies))) {
      const r = decideLayerFgs(W, d, { den, ...(options.deadline !== undefined ? { deadline: options.deadline } : {}), lp });
      stats.searchLps += r.lps;
      if (!r.injective) return violated('fgs', r.x, r.y, stages.length === 1 ? 'the FGS search found a rank-deficient activation set' : 'the first layer is not injective (FGS search): equal first-layer outputs give equal network outputs');
      proofs.push({ kind: 'fgs', nodes: r.nodes });
      continue;
    }
    if (s > 0) {
      if (options.deep === 'pairs') {
        inconclusive = 'layer-wise test skipped';
        break;
      }
      if (binomialSum(W.length, d, options.layerWiseCellLimit ?? 20000) > (options.layerWiseCellLimit ?? 20000)) {
        inconclusive = `stage ${s + 1} has too many potential cells for the orthant test`;
        break;
      }
    }
    let r: ReturnType<typeof decideLayerByCells>;
    try {
      r = decideLayerByCells(stage.network, stageDomain, { keepTree: certify, ...limits });
    } catch (e) {
      if (e instanceof LimitReached && s > 0 && options.deep !== 'layer-wise') {
        inconclusive = `the orthant test of stage ${s + 1} reached a limit`;
        break;
      }
      throw e;
    }
    if (!r.injective) {
      stats.cells += r.cellsExamined;
      if (s === 0) {
        return violated('cells', r.x, r.y, stages.length === 1 ? 'a cell of the arrangement has positive rows of rank < n' : 'the first layer is not injective (cell criterion): equal first-layer outputs give equal network outputs');
      }
      inconclusive = `stage ${s + 1} is not injective on the whole nonnegative orthant`;
      break;
    }
    stats.cells += r.minors.length;
    proofs.push({ kind: 'cells', tree: r.enumeration.tree as RegionTree, minors: r.minors });
  }
  if (inconclusive === undefined) {
    const single = stages.filter((st) => st.kind === 'relu').length <= 1 && (stages.length === 1 || stages[0]?.kind === 'relu');
    const onlyAffine = stages.length === 1 && stages[0]?.kind === 'affine';
    const argument: InjectivityArgument = onlyAffine ? 'affine-rank' : stages.length === 1 ? ((proofs[0]?.kind === 'fgs' ? 'fgs' : 'cells') as InjectivityArgument) : 'layer-wise';
    const explanation = onlyAffine
      ? `the network is affine of rank ${n}`
      : stages.length === 1
        ? 'every activation set of the layer has rank n'
        : single
          ? 'the ReLU layer is injective and the final affine map has full column rank'
          : 'every stage is injective on the set it receives (first stage on the domain, later stages on the nonnegative orthant)';
    return finish({ status: 'holds', argument, proof: { kind: 'layers', stages: proofs }, explanation, stats });
  }
  if (options.deep === 'layer-wise') return finish({ status: 'unknown', reason: `the layer-wise test is inconclusive: ${inconclusive}`, stats });
  const r = decideByRegionPairs(net, domain, { certify, ...limits });
  stats.pairs = r.stats;
  if (!r.injective) {
    return violated(r.how === 'region-rank' ? 'region-rank' : 'region-pairs', r.x, r.y, r.how === 'region-rank' ? 'the network has rank < n on an activation region' : 'two points of two activation regions have the same output (pair LP)');
  }
  return finish({
    status: 'holds',
    argument: 'region-pairs',
    proof: { kind: 'pairs', tree: r.enumeration.tree, bounds: r.bounds, pairs: r.pairs },
    explanation: `no two points of the ${r.regions.length} regions share an output (layer-wise test inconclusive: ${inconclusive})`,
    stats,
  });
}
