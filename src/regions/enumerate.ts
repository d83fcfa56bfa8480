/**
 * The activation-region engine: a split tree over the ReLU neurons in layer order.
 *
 * Given the pattern of the earlier neurons, a neuron's pre-activation z is affine on the current
 * polyhedron P (the domain cut by the sides chosen so far). If z has a fixed sign on P, the neuron
 * is decided without a split; otherwise P splits into P ∩ {z ≥ 0} and P ∩ {z ≤ 0}. Only halves
 * with a nonempty interior are kept, so the leaves are exactly the activation regions with a
 * nonempty interior, each with a rational interior point and the exact affine map of the outputs.
 *
 * Every node carries a rational point strictly inside its P. That makes most decisions free:
 * - z(w) tells on which side the witness w lies, so that side is known nonempty;
 * - a ray from w along ∓∇z (an exact ratio test against P's rows) often reaches the other side
 *   while staying inside P — then both sides are nonempty and no LP is needed;
 * - on a box domain, exact interval bounds of z over the box may prove the sign fixed;
 * - only otherwise a certified LP (solvers/certified.ts) decides the other side: an interior
 *   point (split) or Motzkin multipliers proving its interior empty (fixed sign, with proof).
 * On a box domain in at most four dimensions the engine instead carries the exact vertex set of
 * every node's polytope down the tree (polyhedra/vertices.ts, double description): z's values at
 * the vertices decide at once — min ≥ 0 or max ≤ 0 fixes the sign, with Motzkin multipliers from
 * LP duality at the optimal vertex (its tight rows); otherwise both children's vertex sets and an
 * interior point of each follow exactly — so no LP is solved there at all. On R^n, comparator
 * networks give order cones, decided by graph search (polyhedra/differenceCone.ts).
 * Identically constant pre-activations (common in constructed, non-generic networks) are decided
 * by their constant. Duplicated and opposite hyperplanes need nothing special: once one of them
 * has split P, the other's far side has empty interior and the LP proves it.
 */
import Fraction from 'fraction.js';
import { dotInteger as dot } from '../exact/vector.js';
import { InputError } from '../errors.js';
import { type StopReason, stopReason } from '../stopCondition.js';
import { lcmBig } from '../exact/integer.js';
import type { IntegerRow } from '../exact/integerRow.js';
import { denominator, numerator } from '../exact/rational.js';
import { canonicalIntegerMultipliers } from '../certificates/multipliers.js';
import { simplestBetween } from '../exact/simplest.js';
import { type AffineMap, type LayerInput, NETWORK_INPUT, layerOutputMap, layerPreactivationMap } from '../network/affine.js';
import { compileNetwork } from '../network/compiled.js';
import type { Network } from '../network/model.js';
import { passThroughPairs } from '../network/passPairs.js';
import { orderConeInterior } from '../polyhedra/differenceCone.js';
import { type VertexPolytope, boxPolytope, fixedSignCertificate, interiorPoint as vertexInteriorPoint, signOn, split as splitPolytope } from '../polyhedra/vertices.js';
import type { LinearConstraint, LinearSystem } from '../polyhedra/system.js';
import { type CertifiedOptions, type InteriorResult, type LpStats, createLpStats, interiorPoint, maximize } from '../../solvers/certified.js';
import { type Domain, domainRows } from './domain.js';

export type { IntegerRow } from '../exact/integerRow.js';

/** Why a neuron's sign is fixed on a node's polyhedron. */
export type SignProof =
  /** The pre-activation is a constant function (its sign is the constant's; 0 counts as off). */
  | { readonly kind: 'constant' }
  /** Exact interval bounds over the domain box prove the sign. */
  | { readonly kind: 'interval' }
  /** Motzkin multipliers (sparse: row index → value) proving the other side has an empty interior. */
  | { readonly kind: 'motzkin'; readonly rows: readonly number[]; readonly values: readonly Fraction[] };

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
  /** Certified LPs solved (bounding-box LPs included). */
  lps: number;
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
   * off the optimal vertex's tight rows — with no LP. Default true; false for measurement.
   */
  readonly vertexRepresentation?: boolean;
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

/** Whether the whole domain was explored (a complete run, or a domain with empty interior). */
export function explored(result: RegionEnumeration): result is Exclude<RegionEnumeration, { status: 'stopped' }> {
  return result.status !== 'stopped';
}

/** A point as integers over a common denominator. */
interface Witness {
  readonly num: readonly bigint[];
  readonly den: bigint;
  readonly rational: readonly Fraction[];
}

function witnessOf(point: readonly Fraction[]): Witness {
  let den = 1n;
  for (const v of point) den = lcmBig(den, denominator(v));
  return { num: point.map((v) => numerator(v) * (den / denominator(v))), den, rational: point };
}

function rowsToSystem(rows: readonly IntegerRow[], n: number): LinearSystem {
  return {
    variables: n,
    constraints: rows.map((r): LinearConstraint => ({ coefficients: r.a.map((v) => new Fraction(v)), relation: '<=', rhs: new Fraction(r.b) })),
  };
}

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

/**
 * A node of the split tree as plain data, safe for a structured clone (regions/parallel.ts): the
 * engine can stop at a node and emit it as a task, and resume from it in another thread.
 *
 * Everything a node's computation reads is here or is a function of the network and the domain:
 * the affine maps of the current layer are recomputed from the pattern (`done`), which is how the
 * engine built them in the first place; the statistics are only counted, never read (except by
 * the limits). So a subtree resumed from its node is the subtree the sequential engine builds.
 * @internal not part of the public API (src/index.ts does not export it).
 */
export interface NodeState {
  /** Layer and neuron the node decides. */
  readonly k: number;
  readonly i: number;
  /** Pattern of layer k so far (neurons < i) and of the earlier layers. */
  readonly on: readonly boolean[];
  readonly done: readonly (readonly boolean[])[];
  /** The node's polyhedron: the domain's rows, then one row per split on its path. */
  readonly rows: readonly IntegerRow[];
  /** The interior witness as [numerator, denominator] per coordinate (a Fraction loses its prototype in a clone). */
  readonly point: readonly RationalData[];
  /** What the pre-pass at layer k's entry decided (absent: not computed yet, the node is at i = 0). */
  readonly entry?: readonly EntryDecisionData[];
  /** The node polytope's vertex representation, when the run carries one (plain data: bigints and typed arrays). */
  readonly polytope?: VertexPolytope;
}

/** A rational as [signed numerator, positive denominator]. @internal */
export type RationalData = readonly [bigint, bigint];

/** One decision of a layer's entry pre-pass, as plain data. @internal */
export type EntryDecisionData = readonly [
  neuron: number,
  sign: 1 | -1,
  proof: 'constant' | 'interval' | { readonly rows: readonly number[]; readonly values: readonly RationalData[]; readonly far: RationalData },
];

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

/** Fraction → {@link RationalData}. @internal */
export function rationalData(v: Fraction): RationalData {
  return [numerator(v), denominator(v)];
}

/** {@link RationalData} → Fraction. @internal */
export function fromRationalData([num, den]: RationalData): Fraction {
  return new Fraction(num, den);
}

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
  const stats: RegionStats = { regions: 0, decisions: 0, splits: 0, constant: 0, interval: 0, rays: 0, lps: 0, boxLps: 0, boxed: 0, reused: 0, passed: 0, orderCone: 0, vertex: 0, lp: lpStats, seconds: 0 };
  const pairs = options.passThroughPairs === true ? passThroughPairs(compiled) : undefined;
  /**
   * Interior point or Motzkin multipliers for `rows` made strict: by graph search when the rows
   * form an order cone (comparator networks on R^n), else by a certified LP.
   */
  const interiorOf = (rows: readonly IntegerRow[]): InteriorResult => {
    const cone = orderConeInterior(rows, n);
    if (cone !== undefined) {
      stats.orderCone++;
      return cone;
    }
    stats.lps++;
    return oracle(rowsToSystem(rows, n), lpOptions);
  };
  const keepTree = options.keepTree ?? true;
  const keepRegions = options.keepRegions ?? true;
  const regions: Region[] = [];
  const domainIntegerRows = integerRows(domainRows(domain, n));

  // Box bounds as integers over one denominator, for interval bounds of pre-activations.
  let boxLo: bigint[] | undefined;
  let boxHi: bigint[] | undefined;
  const boxDen = boxDenominator(domain);
  if (domain.kind === 'box') {
    boxLo = domain.box.map(([lo]) => numerator(lo) * (boxDen / denominator(lo)));
    boxHi = domain.box.map(([, hi]) => numerator(hi) * (boxDen / denominator(hi)));
  }

  // The domain's own interior (a resumed node brings its own witness).
  let start: Fraction[];
  if (control.start !== undefined) {
    start = control.start.point.map(fromRationalData);
  } else if (domainIntegerRows.length === 0) {
    start = new Array<Fraction>(n).fill(new Fraction(0n));
  } else {
    const r = interiorOf(domainIntegerRows);
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

  let stopped: 'max-regions' | StopReason | undefined;
  let sinceProgress = 0;
  const counter = control.regionCounter;
  const tasks: EngineTask[] = [];
  const cutRows = control.cutDepth === undefined ? undefined : domainIntegerRows.length + control.cutDepth;

  const checkLimits = (): boolean => {
    if (stopped !== undefined) return true;
    const found = counter === undefined ? stats.regions : Atomics.load(counter, 0);
    if (options.maxRegions !== undefined && found >= options.maxRegions) stopped = 'max-regions';
    else stopped = stopReason(options.deadline);
    return stopped !== undefined;
  };

  /** The interval sign of z = a·x + c over the domain box (0 when it is not fixed there). */
  const boxSign = (a: readonly bigint[], c: bigint): 1 | -1 | 0 => {
    if (boxLo === undefined || boxHi === undefined) return 0;
    let low = 0n;
    let high = 0n;
    for (let j = 0; j < n; j++) {
      const aj = a[j] as bigint;
      if (aj > 0n) {
        low += aj * (boxLo[j] as bigint);
        high += aj * (boxHi[j] as bigint);
      } else if (aj < 0n) {
        low += aj * (boxHi[j] as bigint);
        high += aj * (boxLo[j] as bigint);
      }
    }
    // With D the box denominator: low/D + c ≥ 0 ⇔ low + c·D ≥ 0 (and likewise for high).
    if (low + c * boxDen >= 0n) return 1;
    if (high + c * boxDen <= 0n) return -1;
    return 0;
  };

  /**
   * The pre-pass at a layer's entry polyhedron P: every neuron whose sign is fixed on P, with its
   * proof. Cheap tests first (constant, domain box, the witness and a ray to the far side); then,
   * when many neurons remain, P's bounding box from 2n certified LPs, whose exact duals combine
   * into a Motzkin certificate for every neuron the box settles (see {@link boxProof}); an LP each
   * for the rest.
   */
  const layerEntry = (z: AffineMap, rows: readonly IntegerRow[], w: Witness, passing: ReadonlyMap<number, number> | undefined): LayerEntry => {
    const decided = new Map<number, EntryDecision>();
    const open: number[] = [];
    z.num.forEach((a, i) => {
      if (passing?.has(i) === true) return;
      const c = z.offset[i] as bigint;
      if (a.every((v) => v === 0n)) return decided.set(i, { sign: c > 0n ? 1 : -1, proof: { kind: 'constant' } });
      const sb = boxSign(a, c);
      if (sb !== 0) return decided.set(i, { sign: sb, proof: { kind: 'interval' } });
      const zw = dot(a, w.num) + c * w.den;
      if (zw === 0n) return; // both sides touch the witness: it cuts P
      const far = shoot(rows, w, a, c, zw > 0n ? -1 : 1);
      if (far === undefined) open.push(i);
    });
    if (open.length === 0) return { decided };
    // An order cone is unbounded (it contains the line R·(1, …, 1)): no bounding box there.
    const bounds = open.length > 2 * n && orderConeInterior(rows, n) === undefined ? boundingBox(rows) : undefined;
    for (const i of open) {
      const a = z.num[i] as bigint[];
      const c = z.offset[i] as bigint;
      const side: 1 | -1 = dot(a, w.num) + c * w.den > 0n ? 1 : -1;
      const composed = bounds === undefined ? undefined : boxProof(bounds, a, c, side);
      if (composed !== undefined) {
        stats.boxed++;
        decided.set(i, { sign: side, proof: composed });
        continue;
      }
      const farRow: IntegerRow = side > 0 ? { a, b: -c } : { a: a.map((v) => -v), b: c };
      const candidate = [...rows, farRow];
      const r = interiorOf(candidate);
      if (r.kind === 'empty-interior') {
        const m = canonicalIntegerMultipliers(candidate, r.multipliers);
        decided.set(i, { sign: side, proof: entryMotzkin(m, rows.length) });
      }
    }
    return { decided };
  };

  /** P's bounding box: for each coordinate, certified max and min with their exact duals (undefined where unbounded). */
  const boundingBox = (rows: readonly IntegerRow[]): BoundingBox => {
    const system = rowsToSystem(rows, n);
    const upper: (BoxBound | undefined)[] = [];
    const lower: (BoxBound | undefined)[] = [];
    for (let j = 0; j < n; j++) {
      for (const s of [1, -1] as const) {
        stats.lps++;
        stats.boxLps++;
        const objective = Array.from({ length: n }, (_, q) => new Fraction(q === j ? BigInt(s) : 0n));
        const r = maximize(objective, system, lpOptions);
        const bound = r.kind === 'optimal' ? { value: r.value, dual: r.dual } : undefined;
        (s > 0 ? upper : lower).push(bound);
      }
    }
    return { upper, lower };
  };

  /**
   * Decides neuron `i` of layer `k` (z = that layer's pre-activation maps) on the polyhedron
   * `rows` with interior witness `w`; `on` is the pattern of layer k so far, `done` the earlier layers'.
   */
  const visit = (
    k: number,
    i: number,
    z: AffineMap,
    input: LayerInput,
    on: boolean[],
    done: (readonly boolean[])[],
    rows: readonly IntegerRow[],
    w: Witness,
    entry: LayerEntry | undefined,
    poly: VertexPolytope | undefined,
  ): RegionTree => {
    if (checkLimits()) return { kind: 'unexplored' };
    // Each split adds one row, so the row count is the split depth: cut here, and leave the
    // subtree to whoever runs the task (it resumes with exactly these arguments).
    if (cutRows !== undefined && rows.length >= cutRows) {
      tasks.push({ state: nodeState(k, i, on, done, rows, w, entry, poly), regionIndex: regions.length });
      const placeholder: TaskPlaceholder = { kind: 'unexplored', task: tasks.length - 1 };
      return placeholder;
    }
    const layer = compiled.layers[k];
    // Past the last neuron of a layer: move to the next layer (identity layers need no decisions).
    if (layer === undefined) {
      return leaf(done, input, w, rows);
    }
    if (!layer.relu || i >= layer.outputs) {
      const pattern = [...done, layer.relu ? on : []];
      const output = layerOutputMap(layer, z, on);
      const nextLayer = compiled.layers[k + 1];
      if (nextLayer === undefined) return leaf(pattern, output, w, rows);
      return visit(k + 1, 0, layerPreactivationMap(nextLayer, output, n), output, [], pattern, rows, w, undefined, poly);
    }
    // Entering a ReLU layer: decide once, on this polyhedron, every neuron whose sign is fixed
    // here; the proofs stay valid in every sub-polyhedron of this layer's subtree (their rows are
    // a prefix of the descendants' rows), so later splits in this layer need no new LP for them.
    const passing = pairs?.[k];
    // (With vertices every decision is cheap at its own node: no pre-pass.)
    if (i === 0 && entry === undefined && poly === undefined) entry = layerEntry(z, rows, w, passing);
    const partner = passing?.get(i);
    if (partner !== undefined) {
      stats.passed++;
      const next = visit(k, i + 1, z, input, [...on, i < partner], done, rows, w, entry, poly);
      return keepTree ? { kind: 'pass', next } : next;
    }
    stats.decisions++;
    if (++sinceProgress >= 1000) {
      sinceProgress = 0;
      stats.seconds = (Date.now() - started) / 1000;
      options.onProgress?.(stats);
    }
    const a = z.num[i] as bigint[];
    const c = z.offset[i] as bigint;
    const decide = (sign: 1 | -1, proof: SignProof): RegionTree => {
      const next = visit(k, i + 1, z, input, [...on, sign > 0], done, rows, w, entry, poly);
      return keepTree ? { kind: 'fixed', sign, proof, next } : next;
    };
    if (poly !== undefined) {
      if (!a.some((v) => v !== 0n)) {
        stats.constant++;
        return decide(c > 0n ? 1 : -1, { kind: 'constant' });
      }
      const sb = boxSign(a, c);
      if (sb !== 0) {
        stats.interval++;
        return decide(sb, { kind: 'interval' });
      }
      // z attains its extremes over the polytope at vertices: min ≥ 0 or max ≤ 0 fixes the sign
      // (LP duality at the optimal vertex gives the multipliers), else z = 0 cuts the interior.
      const extremes = signOn(poly, a, c);
      if (extremes.sign !== 0) {
        const proof = fixedSignCertificate(poly, rows, a, c, extremes.sign, extremes);
        if (proof !== undefined) {
          stats.vertex++;
          return decide(extremes.sign, { kind: 'motzkin', rows: proof.rows, values: proof.values });
        }
      } else {
        stats.vertex++;
        stats.splits++;
        const children = splitPolytope(poly, a, c, extremes.values);
        const zw = dot(a, w.num) + c * w.den;
        const inside = (P: VertexPolytope): Witness => {
          const p = vertexInteriorPoint(P);
          return { num: p.num, den: p.den, rational: p.num.map((v) => new Fraction(v, p.den)) };
        };
        const positiveWitness = zw > 0n ? w : inside(children.positive);
        const negativeWitness = zw < 0n ? w : inside(children.negative);
        const positive = visit(k, i + 1, z, input, [...on, true], done, [...rows, { a: a.map((v) => -v), b: c }], positiveWitness, entry, children.positive);
        const negative = visit(k, i + 1, z, input, [...on, false], done, [...rows, { a, b: -c }], negativeWitness, entry, children.negative);
        return { kind: 'split', positive, negative };
      }
      // Not reached (a fixed sign always has its certificate); the generic path below decides,
      // and this subtree goes on without vertices.
      poly = undefined;
    }
    const known = entry?.decided.get(i);
    if (known !== undefined) {
      if (known.proof.kind === 'constant') stats.constant++;
      else if (known.proof.kind === 'interval') stats.interval++;
      else stats.reused++;
      return decide(known.sign, known.proof.kind === 'entry-motzkin' ? entryProofAt(known.proof, rows, known.sign, a, c) : known.proof);
    }
    // Not fixed on the layer's entry polyhedron (the pre-pass settled constant and box-interval
    // signs there): decide on this node's polyhedron.
    // Which side is the witness on? z(w)·den_w = a·w_num + c·w_den.
    const zw = dot(a, w.num) + c * w.den;
    const positiveRow: IntegerRow = { a: a.map((v) => -v), b: c }; // −z ≤ 0
    const negativeRow: IntegerRow = { a, b: -c }; // z ≤ 0
    let positiveWitness: Witness | undefined;
    let negativeWitness: Witness | undefined;
    if (zw > 0n) positiveWitness = w;
    else if (zw < 0n) negativeWitness = w;
    // Ray shooting from w along −a (to lower z) and +a (to raise z), inside P.
    if (zw >= 0n && negativeWitness === undefined) negativeWitness = shoot(rows, w, a, c, -1);
    if (zw <= 0n && positiveWitness === undefined) positiveWitness = shoot(rows, w, a, c, 1);
    if (positiveWitness !== undefined && negativeWitness !== undefined) {
      stats.rays++;
    } else {
      // One side is known; an LP decides the other.
      const missingSign: 1 | -1 = positiveWitness === undefined ? 1 : -1;
      const candidate = [...rows, missingSign > 0 ? positiveRow : negativeRow];
      const r = interiorOf(candidate);
      if (r.kind === 'empty-interior') {
        return decide(missingSign > 0 ? -1 : 1, { kind: 'motzkin', ...canonicalIntegerMultipliers(candidate, r.multipliers) });
      }
      if (missingSign > 0) positiveWitness = witnessOf(r.point);
      else negativeWitness = witnessOf(r.point);
    }
    stats.splits++;
    const positive = visit(k, i + 1, z, input, [...on, true], done, [...rows, positiveRow], positiveWitness as Witness, entry, undefined);
    const negative = visit(k, i + 1, z, input, [...on, false], done, [...rows, negativeRow], negativeWitness as Witness, entry, undefined);
    return { kind: 'split', positive, negative };
  };

  const leaf = (pattern: (readonly boolean[])[], output: LayerInput, w: Witness, rows: readonly IntegerRow[]): RegionTree => {
    // With a shared count, the region is kept only if it gets a slot below the limit: threads
    // that check the limit at the same time cannot overshoot it together.
    if (counter !== undefined && options.maxRegions !== undefined && Atomics.add(counter, 0, 1) >= options.maxRegions) {
      stopped = 'max-regions';
      return { kind: 'unexplored' };
    }
    stats.regions++;
    const map: AffineMap = output.map ?? { num: Array.from({ length: n }, (_, q) => Array.from({ length: n }, (_, j) => (q === j ? 1n : 0n))), offset: new Array<bigint>(n).fill(0n), den: 1n };
    const region: Region = { pattern, point: w.rational, output: map, halfSpaces: rows };
    if (keepRegions) regions.push(region);
    options.onRegion?.(region);
    return { kind: 'leaf', point: w.rational };
  };

  /** The domain box's vertex representation, when vertices are used (see {@link EnumerateOptions.vertexRepresentation}). */
  const rootPolytope = (): VertexPolytope | undefined => {
    if (options.vertexRepresentation === false || domain.kind !== 'box' || n > VERTEX_MAX_INPUTS) return undefined;
    if (!domain.box.every(([lo, hi]) => lo.compare(hi) < 0)) return undefined;
    const root = boxPolytope(domainIntegerRows);
    return root.fullDimensional ? root : undefined;
  };
  const first = compiled.layers[0];
  const resumed = control.start;
  let tree: RegionTree;
  if (resumed !== undefined) {
    // The current layer's maps, rebuilt from the pattern the way visit() built them on the path.
    let input: LayerInput = NETWORK_INPUT;
    for (let j = 0; j < resumed.k; j++) {
      const layer = compiled.layers[j];
      if (layer === undefined) throw new Error(`internal: a resumed node names layer ${resumed.k} of ${compiled.layers.length}`);
      input = layerOutputMap(layer, layerPreactivationMap(layer, input, n), resumed.done[j] ?? []);
    }
    const layer = compiled.layers[resumed.k];
    if (layer === undefined) throw new Error(`internal: a resumed node names layer ${resumed.k} of ${compiled.layers.length}`);
    const entry = resumed.entry === undefined ? undefined : layerEntryFromData(resumed.entry);
    tree = visit(resumed.k, resumed.i, layerPreactivationMap(layer, input, n), input, [...resumed.on], [...resumed.done], resumed.rows, witnessOf(start), entry, resumed.polytope);
  } else {
    tree =
      first === undefined
        ? leaf([], NETWORK_INPUT, witnessOf(start), domainIntegerRows)
        : visit(0, 0, layerPreactivationMap(first, NETWORK_INPUT, n), NETWORK_INPUT, [], [], domainIntegerRows, witnessOf(start), undefined, rootPolytope());
  }
  stats.seconds = (Date.now() - started) / 1000;
  return {
    ...(stopped === undefined ? { status: 'complete' as const } : { status: 'stopped' as const, stoppedBy: stopped }),
    regions,
    tree: keepTree ? tree : undefined,
    stats,
    tasks,
  };
}

/**
 * Vertex representations are used up to this many inputs: a cell of an arrangement of m
 * hyperplanes in R^n has O(m^⌊n/2⌋) vertices, cheap to carry for n ≤ 4 (measured in
 * benchmarks/vertices.ts: 4–19 µs per decision in R^2 and R^3 against 90–270 µs per certified LP).
 */
export const VERTEX_MAX_INPUTS = 4;

/** A node's arguments to visit() as plain data (the maps are left out: they follow from the pattern). */
function nodeState(k: number, i: number, on: readonly boolean[], done: readonly (readonly boolean[])[], rows: readonly IntegerRow[], w: Witness, entry: LayerEntry | undefined, poly: VertexPolytope | undefined): NodeState {
  return {
    k,
    i,
    on: [...on],
    done: done.map((layer) => [...layer]),
    rows,
    point: w.rational.map(rationalData),
    ...(entry !== undefined ? { entry: layerEntryData(entry) } : {}),
    ...(poly !== undefined ? { polytope: poly } : {}),
  };
}

function layerEntryData(entry: LayerEntry): EntryDecisionData[] {
  return [...entry.decided].map(([i, d]): EntryDecisionData => {
    const p = d.proof;
    return [i, d.sign, p.kind === 'entry-motzkin' ? { rows: [...p.rows], values: p.values.map(rationalData), far: rationalData(p.far) } : p.kind];
  });
}

/** The inverse of layerEntryData; the map keeps the insertion order (only looked up by neuron, never iterated). */
function layerEntryFromData(data: readonly EntryDecisionData[]): LayerEntry {
  const decided = new Map<number, EntryDecision>();
  for (const [i, sign, p] of data) {
    decided.set(i, {
      sign,
      proof: typeof p === 'string' ? { kind: p } : { kind: 'entry-motzkin', rows: [...p.rows], values: p.values.map(fromRationalData), far: fromRationalData(p.far) },
    });
  }
  return { decided };
}

/** A sign proof found at a layer's entry polyhedron: multipliers on its rows and on the far-side row. */
interface EntryMotzkin {
  readonly kind: 'entry-motzkin';
  /** Multipliers on the entry polyhedron's rows (indices < its row count). */
  readonly rows: readonly number[];
  readonly values: readonly Fraction[];
  /** The multiplier of the far-side row. */
  readonly far: Fraction;
}

interface EntryDecision {
  readonly sign: 1 | -1;
  readonly proof: { readonly kind: 'constant' } | { readonly kind: 'interval' } | EntryMotzkin;
}

/** What the pre-pass at a layer's entry decided, by neuron index. */
interface LayerEntry {
  readonly decided: Map<number, EntryDecision>;
}

interface BoxBound {
  readonly value: Fraction;
  readonly dual: readonly Fraction[];
}

/** Per coordinate, max x_j (upper) and max −x_j (lower) over a polyhedron with exact duals. */
interface BoundingBox {
  readonly upper: readonly (BoxBound | undefined)[];
  readonly lower: readonly (BoxBound | undefined)[];
}

function entryMotzkin(m: { rows: number[]; values: Fraction[] }, entryRows: number): EntryMotzkin {
  const rows: number[] = [];
  const values: Fraction[] = [];
  let far = new Fraction(0n);
  m.rows.forEach((t, q) => {
    if (t === entryRows) far = m.values[q] as Fraction;
    else {
      rows.push(t);
      values.push(m.values[q] as Fraction);
    }
  });
  return { kind: 'entry-motzkin', rows, values, far };
}

/** An entry proof placed at a descendant whose rows extend the entry's: the far row is last there. */
function entryProofAt(proof: EntryMotzkin, rows: readonly IntegerRow[], sign: 1 | -1, a: readonly bigint[], c: bigint): SignProof {
  const farRow: IntegerRow = sign > 0 ? { a, b: -c } : { a: a.map((v) => -v), b: c };
  const candidate = [...rows, farRow];
  const dense = candidate.map(() => new Fraction(0n));
  proof.rows.forEach((t, q) => {
    dense[t] = proof.values[q] as Fraction;
  });
  dense[rows.length] = proof.far;
  return { kind: 'motzkin', ...canonicalIntegerMultipliers(candidate, dense) };
}

/**
 * The Motzkin certificate that z = a·x + c has the given sign on P, composed from P's bounding
 * box, when the box settles it. For sign +: min over P of a·x ≥ m = Σ_{a_j>0} a_j L_j + Σ_{a_j<0} a_j U_j;
 * each L_j (= −max(−x_j)) and U_j comes with dual multipliers y with Σ yᵢ aᵢ = ∓e_j and Σ yᵢ bᵢ = the
 * bound (LP weak duality), so Y = Σ |a_j| y^(j) has Σ Yᵢ aᵢ = −a and Σ Yᵢ bᵢ = −m; adding the far row
 * a·x < −c with multiplier 1 gives 0 < −m − c ≤ 0 when m + c ≥ 0 — Motzkin's certificate. Sign −
 * is symmetric. Returns undefined when the box does not settle the sign (or a bound is missing).
 */
function boxProof(box: BoundingBox, a: readonly bigint[], c: bigint, sign: 1 | -1): EntryMotzkin | undefined {
  const total = new Map<number, Fraction>();
  let bound = new Fraction(c); // accumulates c + Σ a_j·(the needed bound of x_j)
  for (let j = 0; j < a.length; j++) {
    const aj = a[j] as bigint;
    if (aj === 0n) continue;
    // Sign +: need a lower bound of a_j x_j, i.e. L_j if a_j > 0, U_j if a_j < 0. Sign −: the opposite.
    const useUpper = (aj > 0n) !== (sign > 0);
    const b = useUpper ? box.upper[j] : box.lower[j];
    if (b === undefined) return undefined;
    const xBound = useUpper ? b.value : b.value.neg(); // lower[j].value = max(−x_j) = −L_j
    bound = bound.add(xBound.mul(aj));
    const weight = new Fraction(aj < 0n ? -aj : aj);
    b.dual.forEach((y, t) => {
      if (y.n !== 0n) total.set(t, (total.get(t) ?? new Fraction(0n)).add(y.mul(weight)));
    });
  }
  if (sign > 0 ? bound.compare(0) < 0 : bound.compare(0) > 0) return undefined;
  const rows = [...total.keys()].filter((t) => (total.get(t) as Fraction).n !== 0n).sort((x, y) => x - y);
  return { kind: 'entry-motzkin', rows, values: rows.map((t) => total.get(t) as Fraction), far: new Fraction(1n) };
}

function boxDenominator(domain: Domain): bigint {
  if (domain.kind !== 'box') return 1n;
  let d = 1n;
  for (const [lo, hi] of domain.box) d = lcmBig(lcmBig(d, denominator(lo)), denominator(hi));
  return d;
}

/**
 * Moves from the interior point w along direction s·a (s = ±1) until z = a·x + c changes sign,
 * staying strictly inside every row of P. Returns a witness strictly on the other side, or
 * undefined when the ray leaves P first (then an LP must decide).
 */
function shoot(rows: readonly IntegerRow[], w: Witness, a: readonly bigint[], c: bigint, s: 1 | -1): Witness | undefined {
  // Along x(t) = w + t·s·a: z(x(t))·w.den = zw + t·s·|a|²·w.den (with t scaled by 1/w.den below).
  // Work with rationals: t ranges over (tCross, tExit) where tCross is where z crosses 0.
  const zw = new Fraction(dot(a, w.num) + c * w.den, w.den); // z(w) (up to the positive factor 1/den_z)
  let aa = 0n;
  for (const v of a) aa += v * v;
  // z(x(t)) = zw + t·s·aa: crosses 0 at t = −s·zw/aa (≥ 0 because s opposes zw's sign).
  const tCross = zw.mul(-s).div(aa);
  let tExit: Fraction | undefined;
  const direction = a.map((v) => (s > 0 ? v : -v));
  for (const row of rows) {
    const rate = dot(row.a, direction);
    if (rate <= 0n) continue;
    // row.a·x(t) = row.a·w + t·rate < row.b ⇔ t < (row.b − row.a·w)/rate.
    const slack = new Fraction(row.b * w.den - dot(row.a, w.num), w.den);
    const t = slack.div(rate);
    if (tExit === undefined || t.compare(tExit) < 0) tExit = t;
  }
  if (tExit !== undefined && tExit.compare(tCross) <= 0) return undefined;
  const t = tExit === undefined ? (tCross.compare(0) === 0 ? new Fraction(1n) : tCross.mul(2n)) : simplestBetween(tCross, tExit);
  if (t.compare(tCross) <= 0) return undefined;
  const point = w.rational.map((v, j) => v.add(t.mul(direction[j] as bigint)));
  return witnessOf(point);
}

