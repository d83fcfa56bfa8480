/**
 * The activation-region engine: the ReLU split tree (src/engine/) with region enumeration as
 * its problem (./problem.ts).
 *
 * The split tree: given the pattern of the earlier neurons, a neuron's pre-activation z is affine
 * on the current polyhedron P (the domain cut by the sides chosen so far). If z has a fixed sign
 * on P, the neuron is decided without a split; otherwise P splits into P ∩ {z ≥ 0} and
 * P ∩ {z ≤ 0}. Only halves with a nonempty interior are kept, so the leaves are exactly the
 * activation regions with a nonempty interior, each with a rational interior point and the exact
 * affine map of the outputs.
 *
 * Every node carries a rational point strictly inside its P, which makes most decisions free.
 * The deciders (src/engine/deciders/, asked in this order): a constant pre-activation; exact
 * interval bounds over a box domain; the exact vertex set of the node's polytope (box domains in
 * at most four dimensions: no LP at all); a proof found at the layer's entry polyhedron; a ray
 * from the witness to the other side; an order cone's graph search (comparator networks on R^n);
 * a certified LP (solvers/certified.ts): an interior point (split) or Motzkin multipliers proving
 * the far side's interior empty (fixed sign, with proof). Duplicated and opposite hyperplanes need
 * nothing special: once one of them has split P, the other's far side has empty interior and the
 * LP proves it.
 */
import Fraction from 'fraction.js';
import { InputError } from '../errors.js';
import type { StopReason } from '../stopCondition.js';
import { lcmBig } from '../exact/integer.js';
import type { IntegerRow } from '../exact/integerRow.js';
import { denominator, numerator } from '../exact/rational.js';
import { canonicalIntegerMultipliers } from '../certificates/multipliers.js';
import { type AffineMap, type LayerInput, NETWORK_INPUT, layerOutputMap, layerPreactivationMap } from '../network/affine.js';
import { type CompiledLayer, type CompiledNetwork, compileNetwork } from '../network/compiled.js';
import type { Network } from '../network/model.js';
import { passThroughPairs } from '../network/passPairs.js';
import { orderConeInterior } from '../polyhedra/differenceCone.js';
import { type VertexPolytope, boxPolytope } from '../polyhedra/vertices.js';
import type { LinearConstraint, LinearSystem } from '../polyhedra/system.js';
import { type CertifiedOptions, type InteriorResult, type LpStats, createLpStats, interiorPoint } from '../../solvers/certified.js';
import { integerInteriorFrom } from '../../solvers/integerInterior.js';
import type { DeciderContext, IntegerBox } from '../engine/decider.js';
import { DEFAULT_DECIDERS } from '../engine/deciders/index.js';
import { Limits } from '../engine/limits.js';
import type { Node } from '../engine/node.js';
import { Progress } from '../engine/progress.js';
import { rowsToSystem } from '../engine/rows.js';
import { search } from '../engine/search.js';
import { type NodeState, nodeFromState, nodeState } from '../engine/serialise.js';
import { type Witness, witnessOf } from '../engine/witness.js';
import { type Domain, domainRows } from './domain.js';
import { RegionProblem } from './problem.js';

export type { IntegerRow } from '../exact/integerRow.js';
export type { NodeState, RationalData } from '../engine/serialise.js';
export { fromRationalData, rationalData } from '../engine/serialise.js';
import type { SignProof } from '../engine/decider.js';

export type { SignProof } from '../engine/decider.js';

/**
 * A node of the split tree. The neuron a node decides is implicit: depth d decides the d-th ReLU
 * neuron in layer order. A node's polyhedron is the domain's rows followed by one row per split
 * on its path: `−z ≤ 0` for the positive child, `z ≤ 0` for the negative child.
 */
export type RegionTree =
  | { readonly kind: 'split'; readonly positive: RegionTree; readonly negative: RegionTree }
  | { readonly kind: 'fixed'; readonly sign: 1 | -1; readonly proof: SignProof; readonly next: RegionTree }
  /**
   * A neuron of a pass-through pair (network/passPairs.ts), not split: the pair adds a linear
   * term, so the lower-indexed neuron is taken as on and its partner as off on both sides of its
   * hyperplane (only with {@link EnumerateOptions.passThroughPairs}).
   */
  | { readonly kind: 'pass'; readonly next: RegionTree }
  | { readonly kind: 'leaf'; readonly point: readonly Fraction[] }
  /** Not explored: the run stopped at a limit first. */
  | { readonly kind: 'unexplored' };

/** One activation region with a nonempty interior. */
export interface Region {
  /** Per layer, which ReLU neurons are on (identity layers: empty). */
  readonly pattern: readonly (readonly boolean[])[];
  /** A rational point strictly inside the region (every split row strict). */
  readonly point: readonly Fraction[];
  /** The exact affine map of the outputs on the region. */
  readonly output: AffineMap;
  /**
   * Closed half-spaces whose intersection is the region's closure: the domain's rows and the
   * split rows on its path (neurons with a fixed sign add none: their sign is implied).
   */
  readonly halfSpaces: readonly IntegerRow[];
}

/** Counters of one run. */
export interface RegionStats {
  regions: number;
  /** Tree nodes visited (decisions made). */
  decisions: number;
  splits: number;
  /** Decisions settled by a constant pre-activation. */
  constant: number;
  /** Decisions settled by interval bounds over the box. */
  interval: number;
  /** Splits found by ray shooting from the witness (no LP). */
  rays: number;
  /** Splits found by a bent ray (src/engine/projectedPath.ts: the projected gradient, planned in floats, its end checked exactly; no LP). */
  paths: number;
  /** Splits found by a node's further interior points, inherited from its ancestors (no LP, no ray). */
  points: number;
  /** Certified LPs solved (bounding-box LPs included). */
  lps: number;
  /** Of the LPs, those a split node spent on its next neurons (the look-ahead, src/regions/problem.ts). */
  aheadLps: number;
  /** LPs spent on bounding boxes of layer-entry polyhedra. */
  boxLps: number;
  /** Decisions settled by a Motzkin certificate composed from bounding-box duals (no LP of their own). */
  boxed: number;
  /** Decisions settled by a proof found at the layer's entry polyhedron and reused below it. */
  reused: number;
  /** Neurons of pass-through pairs taken as linear (no decision needed). */
  passed: number;
  /** Interior questions on order cones answered by graph search instead of an LP (polyhedra/differenceCone.ts). */
  orderCone: number;
  /** Decisions made from the node polytope's vertices (no LP; polyhedra/vertices.ts). */
  vertex: number;
  /** LP statistics of the certification layer. */
  readonly lp: LpStats;
  seconds: number;
}

/** Options of {@link enumerateRegions}. */
export interface EnumerateOptions {
  /** Stop after this many regions (the result is then partial). */
  readonly maxRegions?: number;
  /** Stop at this time (ms since the epoch, Date.now()). */
  readonly deadline?: number;
  /** Keep the split tree (needed for certificates). Default true. */
  readonly keepTree?: boolean;
  /** Keep the regions (pattern, point, affine map). Default true. */
  readonly keepRegions?: boolean;
  /**
   * Skip the splits of pass-through pairs (network/passPairs.ts): the leaves are then the linear
   * pieces the pairs do not bend, not activation regions, and their patterns take each pair's
   * lower-indexed neuron as on and its partner as off. For properties of the network's function
   * (sorting, equivalence); never for region counts. Default false.
   */
  readonly passThroughPairs?: boolean;
  /**
   * On a full-dimensional box in at most {@link VERTEX_MAX_INPUTS} dimensions, carry the exact
   * vertex set of every node's polytope down the tree (polyhedra/vertices.ts) and decide each
   * neuron from its values at the vertices — a split, or a fixed sign with Motzkin multipliers read
   * off the optimal vertex's tight rows — with no LP. Default: in at most
   * {@link VERTEX_DEFAULT_INPUTS} dimensions (where it is the faster path); true up to
   * {@link VERTEX_MAX_INPUTS}; false for measurement.
   */
  readonly vertexRepresentation?: boolean;
  /**
   * The most vertices a node's vertex set may have: a child with more takes the LP path for its
   * subtree (default {@link MAX_NODE_VERTICES}). For measurement and tests.
   */
  readonly maxNodeVertices?: number;
  /**
   * Propose the certified LP decider's answers with the warm-started dense simplex
   * (solvers/denseSimplex.ts), each node's LP started from its parent's optimal basis, instead
   * of a cold glpk.js solve. Only the float proposal changes: every answer is certified exactly
   * as before. Default true on box domains (the benchmarked case, benchmarks/RESULTS.md,
   * "Warm-started LPs (issue 15)"); off elsewhere, and ignored when `lp.solver` is set (an
   * explicit float oracle, or `null` for exact-only) or `interiorOracle` is. For measurement.
   */
  readonly warmLp?: boolean;
  /**
   * At every split node, ask the layer's later neurons on the node's own polyhedron, before its
   * children do: a sign fixed there is proved once for both subtrees (the proof is reused below
   * like a layer-entry proof), and a neuron that cuts it gives an interior point that the child
   * containing it carries (with the pre-pass's far points: Node.points), so that later splits
   * are often found with no LP. Default: on with warm-started LPs (box domains; see `warmLp`),
   * where it was measured (benchmarks/RESULTS.md, "Look-ahead at split nodes"); false for
   * measurement.
   */
  readonly lookAhead?: boolean;
  /**
   * Before a node's rays and LPs, try bent rays to the far side of the neuron's hyperplane
   * (src/engine/projectedPath.ts: the projected gradient, planned in floats, its end checked
   * exactly). Default: on with warm-started LPs (box domains, where it was measured:
   * benchmarks/RESULTS.md, "Bent rays"); off elsewhere, which keeps the interior points of the
   * committed certificates on R^n and polytope domains as they were; false for measurement.
   */
  readonly projectedPaths?: boolean;
  /** Called for every region as it is found. */
  readonly onRegion?: (region: Region) => void;
  /** Called now and then with the running statistics (for progress display). */
  readonly onProgress?: (stats: RegionStats) => void;
  /** LP options (float oracle; `solver: null` for exact-only). */
  readonly lp?: CertifiedOptions;
  /**
   * Replaces the certified interior-point oracle. For measurement only (the benchmark's
   * float-only baseline); the CLI never sets it, and every verdict uses the certified default.
   */
  readonly interiorOracle?: (system: LinearSystem, options: CertifiedOptions) => InteriorResult;
}

/** What every {@link RegionEnumeration} holds. */
interface EnumerationParts {
  /** The regions found, in depth-first order of the split tree. */
  readonly regions: Region[];
  /** The split tree (undefined when not kept, and when the domain has an empty interior). */
  readonly tree: RegionTree | undefined;
  readonly stats: RegionStats;
}

/**
 * What {@link enumerateRegions} found: the whole domain explored (`complete`), a run stopped by a
 * limit (`stopped`: the regions are then a prefix of the complete list, the tree has unexplored
 * nodes), or a domain whose interior is empty (`empty-domain`: no regions, Motzkin multipliers
 * over the domain rows prove it).
 */
export type RegionEnumeration =
  | (EnumerationParts & { readonly status: 'complete' })
  | (EnumerationParts & { readonly status: 'stopped'; readonly stoppedBy: 'max-regions' | StopReason })
  | (EnumerationParts & { readonly status: 'empty-domain'; readonly emptyDomain: readonly Fraction[] });

/** Integer form of the domain's rows (each closed row scaled by its denominators' lcm). */
function integerRows(rows: readonly LinearConstraint[]): IntegerRow[] {
  const out: IntegerRow[] = [];
  for (const [t, row] of rows.entries()) {
    // 0·x ≤ b with b ≥ 0 holds everywhere, and its "strict" form is ambiguous (0 < 0): the LP
    // oracle would call the interior empty, the order-cone search and the checker's Motzkin rule
    // would not. Domain files drop such rows when read; the library API refuses them.
    if (row.coefficients.every((v) => v.n === 0n) && row.rhs.compare(0) === 0) {
      throw new InputError('range', `domain row ${t} is 0·x ${row.relation} 0, which constrains nothing: drop it`, { path: `constraints[${t}]` });
    }
    let den = denominator(row.rhs);
    for (const v of row.coefficients) den = lcmBig(den, denominator(v));
    const a = row.coefficients.map((v) => numerator(v) * (den / denominator(v)));
    const b = numerator(row.rhs) * (den / denominator(row.rhs));
    out.push({ a, b });
    // An equality is two closed rows; it makes the interior empty, which the LP then proves.
    if (row.relation === '=') out.push({ a: a.map((v) => -v), b: -b });
  }
  return out;
}

/**
 * Enumerates the activation regions of `net` with nonempty interior on `domain`.
 * @throws nothing on limits: a reached limit gives `complete: false` (callers map it to exit 3).
 */
export function enumerateRegions(net: Network, domain: Domain, options: EnumerateOptions = {}): RegionEnumeration {
  const { tasks: _none, ...result } = runEngine(net, domain, options);
  return result;
}

/** Hooks of the parallel engine; {@link enumerateRegions} uses none. @internal */
export interface EngineControl {
  /** Resume at this node instead of the domain's root (its witness replaces the domain's interior LP). */
  readonly start?: NodeState;
  /**
   * Emit a task instead of visiting any node with this many split rows beyond the domain's: the
   * children of the splits at depth `cutDepth − 1` become tasks.
   */
  readonly cutDepth?: number;
  /**
   * The region count shared by every thread of a run (Atomics on a SharedArrayBuffer), used with
   * `maxRegions` instead of this run's own count: a region is kept only when it reserves a slot
   * below the limit, so all threads together keep at most `maxRegions` regions.
   */
  readonly regionCounter?: Int32Array;
}

/** A subtree cut off at {@link EngineControl.cutDepth}. @internal */
export interface EngineTask {
  readonly state: NodeState;
  /** How many of the run's regions precede the subtree in depth-first order. */
  readonly regionIndex: number;
}

/**
 * A cut subtree in the tree: a node left unexplored by this run, with the index of its task. The
 * parallel engine replaces every placeholder by the task's subtree (or, when a limit stopped the
 * run first, by a plain `unexplored` node), so none escapes the public API; and a stray one would
 * still read as unexplored (no certificate is written for a tree with an unexplored node).
 * @internal
 */
export interface TaskPlaceholder {
  readonly kind: 'unexplored';
  readonly task: number;
}

/** What {@link runEngine} found: the enumeration of its subtree, and the tasks it cut off (in depth-first order). @internal */
export type EngineRun = RegionEnumeration & {
  readonly tasks: readonly EngineTask[];
};

/**
 * Vertex representations are used up to this many inputs. A cell of an arrangement of m
 * hyperplanes in R^n has O(m^⌊n/2⌋) vertices, and the box alone has 2^n. Measured on random nets
 * on [−1, 1]^n (benchmarks/regions.ts, issue 15): the vertex sets of the nodes had mean / p90 /
 * max 32 / 64 / 120 vertices at n = 5 and 60 / 118 / 280 at n = 6, and the vertex path took 0
 * LPs at 3× the speed of the LP path; at n = 8 (251 / 608 / 1 449) it was 2–3× slower than the
 * LP path, so it stops at 6. Asked for (`vertexRepresentation: true`) it runs up to here; by
 * default up to {@link VERTEX_DEFAULT_INPUTS}.
 */
export const VERTEX_MAX_INPUTS = 6;

/**
 * The vertex path by default up to this many inputs. With bent rays (src/engine/projectedPath.ts)
 * the LP path became about 2× faster than the vertex path at n = 6 on random nets (6-10-10-1 at
 * 0.83 LPs per region, 6-16-16-1, 6-24-1, 6-8-8-8-1) and stayed 1.7–2.6× slower at n = 5
 * (benchmarks/RESULTS.md, "Bent rays"); ACAS Xu has 5 inputs.
 */
export const VERTEX_DEFAULT_INPUTS = 5;

/**
 * The most vertices a node carries by default (see {@link EnumerateOptions.maxNodeVertices}): a
 * guard against polytopes with many facets, far above the counts measured at n ≤ 6.
 */
export const MAX_NODE_VERTICES = 4096;

/**
 * The engine behind {@link enumerateRegions}, with the hooks of the parallel engine: resume at a
 * serialized node, cut the tree into tasks at a split depth, count regions across threads.
 * @internal
 */
export function runEngine(net: Network, domain: Domain, options: EnumerateOptions = {}, control: EngineControl = {}): EngineRun {
  const started = Date.now();
  const n = net.inputs;
  const compiled = compileNetwork(net);
  const lpStats = options.lp?.stats ?? createLpStats();
  const lpOptions: CertifiedOptions = { ...options.lp, stats: lpStats };
  const oracle = options.interiorOracle ?? interiorPoint;
  const stats: RegionStats = { regions: 0, decisions: 0, splits: 0, constant: 0, interval: 0, rays: 0, paths: 0, points: 0, lps: 0, aheadLps: 0, boxLps: 0, boxed: 0, reused: 0, passed: 0, orderCone: 0, vertex: 0, lp: lpStats, seconds: 0 };
  const regions: Region[] = [];
  const domainIntegerRows = integerRows(domainRows(domain, n));
  const box = integerBox(domain);
  const warm = (options.warmLp ?? box !== undefined) && options.lp?.solver === undefined && options.interiorOracle === undefined;
  const context: DeciderContext = {
    n,
    box,
    interior: (rows) => oracle(rowsToSystem(rows, n), lpOptions),
    warmInterior: warm ? (rows, basis) => integerInteriorFrom(rows, n, basis, lpOptions) : undefined,
    maxVertices: options.maxNodeVertices ?? MAX_NODE_VERTICES,
    projectedPaths: options.projectedPaths ?? warm,
  };

  // The domain's own interior (a resumed node brings its own witness): by graph search when the
  // rows form an order cone, else by a certified LP.
  let start: Fraction[] | undefined;
  if (control.start === undefined) {
    if (domainIntegerRows.length === 0) {
      start = new Array<Fraction>(n).fill(new Fraction(0n));
    } else {
      const cone = orderConeInterior(domainIntegerRows, n);
      if (cone !== undefined) stats.orderCone++;
      else stats.lps++;
      const r = cone ?? context.interior(domainIntegerRows);
      if (r.kind === 'empty-interior') {
        stats.seconds = (Date.now() - started) / 1000;
        const canonical = canonicalIntegerMultipliers(domainIntegerRows, r.multipliers);
        const emptyDomain = domainIntegerRows.map(() => new Fraction(0n));
        canonical.rows.forEach((t, q) => {
          emptyDomain[t] = canonical.values[q] as Fraction;
        });
        return { status: 'empty-domain', regions, tree: undefined, emptyDomain, stats, tasks: [] };
      }
      start = r.point;
    }
  }

  const limits = new Limits(
    {
      ...(options.maxRegions !== undefined ? { maxLeaves: options.maxRegions } : {}),
      ...(options.deadline !== undefined ? { deadline: options.deadline } : {}),
      ...(control.regionCounter !== undefined ? { sharedLeaves: control.regionCounter } : {}),
    },
    () => stats.regions,
  );
  const keepTree = options.keepTree ?? true;
  const problem = new RegionProblem({
    compiled,
    pairs: options.passThroughPairs === true ? passThroughPairs(compiled) : undefined,
    deciders: DEFAULT_DECIDERS,
    context,
    lp: lpOptions,
    stats,
    limits,
    progress: new Progress(stats, started, options.onProgress),
    keepTree,
    keepRegions: options.keepRegions ?? true,
    regions,
    onRegion: options.onRegion,
    lookAhead: options.lookAhead ?? warm,
  });

  const first = compiled.layers[0];
  let tree: RegionTree;
  let stopped: 'max-regions' | StopReason | undefined;
  let tasks: EngineTask[] = [];
  if (control.start === undefined && first === undefined) {
    // No layers: the domain is the one region.
    const e = problem.leaf([], NETWORK_INPUT, witnessOf(start as Fraction[]), domainIntegerRows);
    if (e.kind === 'branch') throw new Error('internal: a leaf that branches');
    tree = e.tree;
    if (e.kind === 'stop') stopped = e.result;
  } else {
    const root = control.start !== undefined ? resumedNode(control.start, compiled, n) : rootNode(first as CompiledLayer, witnessOf(start as Fraction[]));
    const run = search(problem, root, {
      limits,
      ...(control.cutDepth !== undefined ? { cutDepth: control.cutDepth } : {}),
      startDepth: root.rows.length - domainIntegerRows.length,
    });
    tree = run.tree;
    stopped = run.stopped === undefined ? undefined : run.stopped.kind === 'limit' ? run.stopped.reason : run.stopped.result;
    tasks = run.tasks.map((t) => ({ state: nodeState(t.node), regionIndex: t.mark }));
  }
  stats.seconds = (Date.now() - started) / 1000;
  return {
    ...(stopped === undefined ? { status: 'complete' as const } : { status: 'stopped' as const, stoppedBy: stopped }),
    regions,
    tree: keepTree ? tree : undefined,
    stats,
    tasks,
  };

  /** The domain box's vertex representation, when vertices are used (see {@link EnumerateOptions.vertexRepresentation}). */
  function rootPolytope(): VertexPolytope | undefined {
    if (options.vertexRepresentation === false || domain.kind !== 'box' || n > (options.vertexRepresentation === true ? VERTEX_MAX_INPUTS : VERTEX_DEFAULT_INPUTS)) return undefined;
    if (!domain.box.every(([lo, hi]) => lo.compare(hi) < 0)) return undefined;
    const root = boxPolytope(domainIntegerRows);
    return root.fullDimensional ? root : undefined;
  }

  function rootNode(layer: CompiledLayer, witness: Witness): Node {
    return { layer: 0, neuron: 0, pre: layerPreactivationMap(layer, NETWORK_INPUT, n), input: NETWORK_INPUT, on: [], done: [], rows: domainIntegerRows, witness, entry: undefined, polytope: rootPolytope(), ...(warm && box !== undefined ? { basis: boxBasis(n) } : {}) };
  }
}

/** A serialized node with its layer's maps, rebuilt from the pattern the way the search built them on the path. */
function resumedNode(state: NodeState, compiled: CompiledNetwork, n: number): Node {
  let input: LayerInput = NETWORK_INPUT;
  for (let j = 0; j < state.k; j++) {
    const layer = compiled.layers[j];
    if (layer === undefined) throw new Error(`internal: a resumed node names layer ${state.k} of ${compiled.layers.length}`);
    input = layerOutputMap(layer, layerPreactivationMap(layer, input, n), state.done[j] ?? []);
  }
  const layer = compiled.layers[state.k];
  if (layer === undefined) throw new Error(`internal: a resumed node names layer ${state.k} of ${compiled.layers.length}`);
  return nodeFromState(state, { pre: layerPreactivationMap(layer, input, n), input });
}

/**
 * A warm start for the root's LPs on a box (rows lo_j first, then hi_j: src/regions/domain.ts):
 * the upper rows of every coordinate and the lower row of the first. In the slack LP (maximize t,
 * each row a_i·x + t ≤ b_i scaled) it is dual feasible whatever the box — the multipliers ½ on
 * x_1's two rows and 0 elsewhere sum to the objective (0, …, 0, 1) — so the first LPs need no
 * phase 1 (without it, every subtree whose path had no LP began with one). A float hint only.
 */
function boxBasis(n: number): number[] {
  return [...Array.from({ length: n }, (_, j) => n + j), 0];
}

/** The domain box as integers over one denominator, for interval bounds of pre-activations. */
function integerBox(domain: Domain): IntegerBox | undefined {
  if (domain.kind !== 'box') return undefined;
  let den = 1n;
  for (const [lo, hi] of domain.box) den = lcmBig(lcmBig(den, denominator(lo)), denominator(hi));
  return {
    lo: domain.box.map(([lo]) => numerator(lo) * (den / denominator(lo))),
    hi: domain.box.map(([, hi]) => numerator(hi) * (den / denominator(hi))),
    den,
  };
}
