/**
 * One step of the specification branch and bound: `expand(node)` closes what it can on the node
 * (a bound entry per conjunction, each confirmed by the checker's own leaf function), and
 * otherwise finds a counterexample at the node's centre or splits the node in two on an input
 * coordinate. The loop around it (search.ts) only keeps the stack, the limits and the preorder
 * output, so it ports mechanically to a generic split-tree core.
 *
 * Floats propose (src/bounds: forward symbolic bounds with CROWN refinement of unstable neurons,
 * CROWN back-substitution per candidate multiplier vector, α-CROWN steps when the best candidate
 * is close, β-CROWN steps on phase-split leaves), exact arithmetic decides: a conjunction is closed only when
 * {@link leafCloses} (the rigorous float64 bound, or the exact rational one) proves it.
 *
 * Candidate multipliers λ over a conjunction's rows: each row alone and each pair with weights
 * (1/2, 1/2) (benchmarks/RESULTS.md: on ACAS Xu φ3 1_1 pairs cut the tree from 1 293 to 65 nodes).
 * The split coordinate is the one whose two halves recover most of the worst open conjunction's
 * deficit, the coordinate widest relative to the root when none recovers 1/1000 of it (this
 * avoids a depth-60 trap measured on 4_2). Below the top of the tree ({@link FULL_SCORE_DEPTH})
 * the halves are scored with forward bounds intersected with the node's own intermediate bounds,
 * which enclose theirs, instead of their own CROWN passes: the passes were 57–66 % of a node's
 * time, and the cheaper scores choose splits about as well (benchmarks/RESULTS.md, issue 14:
 * ACAS Xu trees 0–27 % larger, 1.6–2× faster).
 */
import Fraction from 'fraction.js';
import { type BackwardWorkspace, type SplitNeuron, backwardBound, backwardWorkspace, defaultAlphas, inputPartCorrection, combineFloatRows, optimizeAlpha, optimizeAlphaBeta, optimizeAlphaLambda } from '../../bounds/backward.js';
import { BoxDescent, confirmCounterexample } from '../../bounds/falsify.js';
import { type FloatBox, type FloatNet, type LayerBounds, floatNetwork, layerBounds } from '../../bounds/floatNetwork.js';
import { type ReusedBounds, type SymbolicWorkspace, symbolicBounds, symbolicWorkspace } from '../../bounds/symbolic.js';
import { ALPHA_BITS, type ExactRow } from '../../checker/leafExact.js';
import { boundNetwork } from '../../checker/leafNetwork.js';
import { leafCloses, leafEmpty } from '../../checker/spec.js';
import { float64ToRational } from '../../exact/rational.js';
import type { Network } from '../../network/model.js';
import type { Specification } from '../../specification/model.js';
import type { SpecCounterexample } from './counterexample.js';
import { type RegionLpOptions, RegionLpSearch } from './counterexampleLp.js';
import { inputRowCandidates } from './inputMultipliers.js';
import { type SplitMultiplier, splitMultipliers } from './splitMultipliers.js';
import { caseMarginRows, outputOnlyRows, violatesConjunction } from './rows.js';

/** A node of the search: an exact sub-box of one case's box and the conjunctions still open on it. */
export interface Node {
  readonly lo: readonly Fraction[];
  readonly hi: readonly Fraction[];
  /** Float copies of lo, hi (the float bounds' working box; the exact box is what the proof is about). */
  readonly box: FloatBox;
  readonly open: readonly number[];
  readonly depth: number;
  /** Phase constraints per hidden layer of the bound network (+1 z ≥ 0, −1 z ≤ 0, 0 none); absent: none. */
  readonly phases?: readonly Int8Array[];
  /**
   * A phase split's parent's intermediate bounds, up to the split's layer: this node's own there
   * (symbolic.ts ReusedBounds), so they are not recomputed. Only saves time: the bounds, and so
   * the tree and the certificate, are the same with or without it.
   */
  readonly reuse?: ReusedBounds;
}

/** A bound entry: conjunction closed on a leaf by multipliers λ (rows, then input constraints) and optional slopes. */
export interface BoundEntry {
  readonly conjunction: number;
  readonly lambda: readonly Fraction[];
  /** Per hidden layer, integer slopes a ∈ [0, 2^ALPHA_BITS] (α = a / 2^ALPHA_BITS). */
  readonly alpha?: readonly (readonly number[])[];
  /** Multipliers of the leaf's phase-split constraints (splitMultipliers.ts). */
  readonly beta?: readonly SplitMultiplier[];
}

/** A split: an input bisection at a rational cut point, or a ReLU phase split (children z ≤ 0, then z ≥ 0). */
export type SplitLabel = readonly ['x', number, Fraction] | readonly ['r', number, number];

/** What {@link SpecExpander.expand} decides for a node. */
export type Expansion =
  | { readonly kind: 'leaf'; readonly entries: readonly BoundEntry[] }
  /** The leaf's phase constraints are infeasible on its box (confirmed by the checker's forward bounds). */
  | { readonly kind: 'empty' }
  | { readonly kind: 'branch'; readonly entries: readonly BoundEntry[]; readonly label: SplitLabel; readonly children: readonly [Node, Node] }
  | { readonly kind: 'stop'; readonly counterexample: SpecCounterexample }
  | { readonly kind: 'stuck'; readonly reason: string };

/**
 * Expansions of one case under one split rule, kept across the schedule's attempts (verify.ts):
 * keyed by the node objects themselves, which a replayed branch hands out again as its children.
 */
export interface ExpansionMemo {
  get(node: Node): { readonly expansion: Expansion; readonly counts: ExpandCounts } | undefined;
  set(node: Node, entry: { readonly expansion: Expansion; readonly counts: ExpandCounts }): void;
}

/** Adds counts `b` to `a`, field by field. */
export function addCounts(a: ExpandCounts, b: ExpandCounts): void {
  for (const key of Object.keys(a) as (keyof ExpandCounts)[]) a[key] += b[key];
}

/** Counters of the expander (for statistics). */
export interface ExpandCounts {
  nodes: number;
  confirmed: number;
  unconfirmed: number;
  rigorous: number;
  exact: number;
  alphaEntries: number;
  /** Bound entries closed by optimised β on a leaf with unstable neurons ({@link ExpandOptions.betaSteps}). */
  betaEntries: number;
}

interface Candidate {
  readonly lambda: Fraction[];
  readonly c: Float64Array;
  readonly d: number;
  /** Σ λ_r input_r as floats when some row has an input part (VNN-LIB mixed rows), else undefined. */
  readonly e: Float64Array | undefined;
}

/** The root node of case k. */
export function rootNode(spec: Specification, k: number, box: readonly (readonly [Fraction, Fraction])[]): Node {
  const lo = box.map(([l]) => l);
  const hi = box.map(([, h]) => h);
  return { lo, hi, box: { lo: Float64Array.from(lo, (v) => v.valueOf()), hi: Float64Array.from(hi, (v) => v.valueOf()) }, open: (spec.cases[k]?.outputs ?? []).map((_, j) => j), depth: 0 };
}

/**
 * How a node's split coordinate is chosen: `widest` the largest width relative to the root box;
 * `smear` the largest |g_t|·(hi_t − lo_t) of the worst open conjunction's linear bound g·x + c
 * (its possible variation along x_t, the input smear of ReluVal/Neurify); `scored` bisect the
 * `candidates` coordinates of largest smear tentatively and keep the one whose halves' bounds
 * improve most (ten cheap bound computations per node, `score`); `phase` split the phase of the unstable ReLU
 * with the largest relaxation gap times its backward coefficient, |g_i|·u·(−l)/(u − l) (BaBSR's
 * intercept score, Bunel et al. 2020), input coordinates by smear only when no neuron is unstable;
 * a leaf on which every neuron is fixed is closed by the split constraints' LP multipliers β
 * (splitMultipliers.ts), one with neurons still unstable by β-CROWN's (α and β by gradient
 * ascent, backward.ts optimizeAlphaBeta) when α alone does not close it. Phase splits pay where input splits cannot make the relaxation exact:
 * neurons of many inputs whose kinks no box avoids (max of five inputs; docs/specifications.md).
 */
export const SPLIT_RULES = ['scored', 'smear', 'widest', 'phase'] as const;

/** One of {@link SPLIT_RULES} (see above). */
export type SplitRule = (typeof SPLIT_RULES)[number];

/**
 * Nodes above this depth score their split candidates with the halves' own CROWN passes, deeper
 * ones inside the node's bounds (module comment). The first cuts shape the whole tree, and the
 * cheap scores cannot see a cut that pays only through deep layers' bounds: on ACAS Xu 4_3 φ3
 * they alone grew the tree from 85 nodes to 3 249, and it takes the own passes down to depth 3
 * (15 nodes) to get it back to 109 (benchmarks/RESULTS.md, issue 14).
 */
const FULL_SCORE_DEPTH = 4;

/** Steps of the descent from an open node's centre (falsify.ts {@link BoxDescent}). */
const NODE_DESCENT_STEPS = 12;

/** Under `smear`, a coordinate is a candidate when the widest one (relative to the root box) is at most this many times wider. */
const SMEAR_WIDTH_RATIO = 2;

/**
 * β-CROWN steps per open conjunction on a partially split leaf. β-CROWN itself uses 20 (Wang et
 * al. 2021); the figure here was chosen by measurement (benchmarks/RESULTS.md, issue 14).
 */
export const BETA_STEPS = 20;

/** Steps of the joint α, λ ascent ({@link ExpandOptions.lambdaSteps}); chosen by measurement (benchmarks/RESULTS.md, issue 14). */
export const LAMBDA_STEPS = 12;

/** λ found by the joint ascent is rounded to this many bits (dyadic, short in the certificate). */
const LAMBDA_BITS = 16;

/** A conjunction's own output rows in float64 (the joint λ ascent's input). */
interface RowFloats {
  readonly c: Float64Array[];
  readonly d: number[];
}

/** The phase-split neurons of a node, in layer then neuron order. */
function splitNeurons(phases: readonly Int8Array[] | undefined): SplitNeuron[] {
  const out: SplitNeuron[] = [];
  phases?.forEach((p, layer) => {
    for (let neuron = 0; neuron < p.length; neuron++) {
      const s = p[neuron] as number;
      if (s !== 0) out.push({ layer, neuron, sign: s > 0 ? 1 : -1 });
    }
  });
  return out;
}

/** Options of the expander. */
export interface ExpandOptions {
  /** α-CROWN steps when the best candidate bound is ≤ 0 (default 6). */
  readonly alphaSteps?: number;
  /**
   * β-CROWN steps (joint α, β; backward.ts optimizeAlphaBeta) on a phase-split leaf that some
   * neuron is still unstable on, when α alone does not close it (default {@link BETA_STEPS}; 0: none).
   */
  readonly betaSteps?: number;
  /** How the split coordinate is chosen (default 'scored'; {@link SplitRule}). */
  readonly split?: SplitRule;
  /** Coordinates scored per split under the 'scored' rule (default 5). */
  readonly candidates?: number;
  /** Throttle of the LP stage at open nodes. */
  readonly regionLp?: RegionLpOptions;
  /**
   * Steps of the joint α and λ ascent on a conjunction of two or more output rows whose best
   * candidate bound is ≤ 0 (backward.ts optimizeAlphaLambda; default {@link LAMBDA_STEPS}; 0: α
   * alone on the best fixed candidate, as for single rows).
   */
  readonly lambdaSteps?: number;
  /** Expansions to reuse and to add to ({@link ExpansionMemo}); only for this case and rule. */
  readonly memo?: ExpansionMemo;
}

/** The expander of one case: float workspaces and candidate multipliers, built once. */
export class SpecExpander {
  readonly counts: ExpandCounts = { nodes: 0, confirmed: 0, unconfirmed: 0, rigorous: 0, exact: 0, alphaEntries: 0, betaEntries: 0 };
  /** Nodes answered from the memo ({@link ExpandOptions.memo}); counted in `counts.nodes` too. */
  reused = 0;
  /** The network the bounds work on (an identity layer appended after a final ReLU layer, as the checker does). */
  private readonly boundNet: Network;
  private readonly f: FloatNet;
  private readonly bounds: LayerBounds;
  private readonly sws: SymbolicWorkspace;
  private readonly bws: BackwardWorkspace;
  private readonly rows: ExactRow[][];
  private readonly candidates: Candidate[][];
  private readonly rootWidth: number[];
  private readonly alphaSteps: number;
  private readonly betaSteps: number;
  /** Per input: the kinks −b/w of first-layer ReLUs that depend on that input alone. */
  private readonly kinks: Fraction[][];
  private readonly splitCandidates: number;
  private readonly splitRule: SplitRule;
  private readonly lambdaSteps: number;
  private readonly memo: ExpansionMemo | undefined;
  /** Per conjunction: its own rows as floats when there are two or more and none has an input part, else undefined. */
  private readonly rowFloats: (RowFloats | undefined)[];
  /** The LP stage at open nodes (counterexampleLp.ts): touching points no centre hits. */
  readonly regionLp: RegionLpSearch;
  /** The descent at open nodes, per conjunction (made when first needed). */
  private readonly descents: (BoxDescent | undefined)[] = [];

  constructor(
    private readonly net: Network,
    private readonly spec: Specification,
    private readonly k: number,
    root: Node,
    options: ExpandOptions = {},
  ) {
    this.boundNet = boundNetwork(net);
    this.f = floatNetwork(this.boundNet);
    this.bounds = layerBounds(this.f);
    this.sws = symbolicWorkspace(this.f);
    this.bws = backwardWorkspace(this.f);
    this.rows = caseMarginRows(spec, k);
    this.alphaSteps = options.alphaSteps ?? 6;
    this.betaSteps = options.betaSteps ?? BETA_STEPS;
    this.splitCandidates = options.candidates ?? 5;
    this.splitRule = options.split ?? 'scored';
    this.lambdaSteps = options.lambdaSteps ?? LAMBDA_STEPS;
    this.memo = options.memo;
    this.regionLp = new RegionLpSearch(net, spec, k, root.lo.map((v, t) => [v, root.hi[t] as Fraction] as const), options.regionLp);
    this.kinks = root.lo.map(() => []);
    const first = net.layers[0];
    if (first !== undefined && first.activation === 'relu') {
      first.rows.forEach((row, i) => {
        if (row.cols.length === 1) (this.kinks[row.cols[0] as number] as Fraction[]).push((first.bias[i] as Fraction).neg().div(row.values[0] as Fraction));
      });
    }
    this.rootWidth = root.lo.map((v, t) => (root.hi[t] as Fraction).sub(v).valueOf());
    const m = spec.outputs;
    this.candidates = this.rows.map((all, j) => {
      const own = outputOnlyRows(spec, k, j);
      const mixed = all.slice(0, own.length).map((r) => r.x);
      const extra = all.length - own.length;
      const out: Candidate[] = [];
      const add = (weights: Fraction[]): void => {
        const c = new Float64Array(m);
        let d = 0;
        let e: Float64Array | undefined;
        own.forEach((row, r) => {
          const w = (weights[r] as Fraction).valueOf();
          if (w === 0) return;
          row.c.forEach((v, i) => (c[i] = (c[i] as number) + w * v.valueOf()));
          d += w * row.d.valueOf();
          const x = mixed[r];
          if (x !== undefined) {
            e ??= new Float64Array(spec.inputs);
            x.forEach((v, t) => ((e as Float64Array)[t] = ((e as Float64Array)[t] as number) + w * v.valueOf()));
          }
        });
        out.push({ lambda: [...weights, ...new Array<Fraction>(extra).fill(new Fraction(0))], c, d, e });
      };
      own.forEach((_, a) => add(own.map((__, r) => new Fraction(r === a ? 1 : 0))));
      own.forEach((_, a) => own.forEach((__, b) => b > a && add(own.map((___, r) => new Fraction(r === a || r === b ? 1 : 0, 2)))));
      return out.concat(inputRowCandidates(out, all, own.length, spec.inputs));
    });
    this.rowFloats = this.rows.map((all, j) => {
      const own = outputOnlyRows(spec, k, j);
      if (own.length < 2 || all.slice(0, own.length).some((r) => r.x !== undefined)) return undefined;
      return { c: own.map((r) => Float64Array.from(r.c, (v) => v.valueOf())), d: own.map((r) => r.d.valueOf()) };
    });
  }

  /**
   * The joint α, λ ascent (backward.ts optimizeAlphaLambda) on conjunction j from candidate
   * `start`: the candidate of the best λ rounded to {@link LAMBDA_BITS} bits (the start itself when
   * the ascent does not improve on it), its slopes, and its float bound with those slopes.
   */
  private optimizeMultipliers(j: number, rows: RowFloats, start: Candidate, box: FloatBox): { cand: Candidate; alpha: Float64Array[]; value: number } {
    const own = rows.c.length;
    const lambda = Float64Array.from({ length: own }, (_, r) => (start.lambda[r] as Fraction).valueOf());
    let total = 0;
    for (const v of lambda) total += v;
    for (let r = 0; r < own; r++) lambda[r] = (lambda[r] as number) / total;
    const alpha = defaultAlphas(this.f, this.bounds);
    optimizeAlphaLambda(this.f, this.bounds, box, rows.c, rows.d, lambda, this.bws, alpha, this.lambdaSteps, 0);
    const scale = 2 ** LAMBDA_BITS;
    const weights = Array.from(lambda, (v) => new Fraction(Math.round(v * scale), scale));
    const all = (this.rows[j] as ExactRow[]).length;
    const c = new Float64Array(this.spec.outputs);
    const d = combineFloatRows(rows.c, rows.d, weights.map((w) => w.valueOf()), c);
    const cand: Candidate = { lambda: [...weights, ...new Array<Fraction>(all - own).fill(new Fraction(0))], c, d, e: undefined };
    // The bound of the rounded λ with the slopes as found, and with the slopes rounded to {0, 1}
    // (α = 0 is what closes relu(z) ≥ 0 margins; optimizeAlpha's comment).
    let value = backwardBound(this.f, this.bounds, box, c, d, this.bws, alpha);
    if (value <= 0) {
      const rounded = alpha.map((a) => Float64Array.from(a, (x) => (x >= 0.5 ? 1 : 0)));
      const v = backwardBound(this.f, this.bounds, box, c, d, this.bws, rounded);
      if (v > value) {
        value = v;
        for (let q = 0; q < alpha.length; q++) (alpha[q] as Float64Array).set(rounded[q] as Float64Array);
      }
    }
    return { cand, alpha, value };
  }

  /** Intermediate bounds of a float box under phase constraints (false: the float bounds find the leaf empty). */
  private intermediate(box: FloatBox, phases?: readonly Int8Array[], reuse?: ReusedBounds): boolean {
    return symbolicBounds(this.f, box, this.bounds, this.sws, 'adaptive', phases, this.bws, reuse);
  }

  /**
   * The float bound of one candidate: CROWN's, with an input part e moved into the final linear
   * function before it is minimised over the box (min (g + e)·x instead of min g·x).
   */
  private bound(cand: Candidate, box: FloatBox, alpha?: readonly Float64Array[]): number {
    const v = backwardBound(this.f, this.bounds, box, cand.c, cand.d, this.bws, alpha);
    const e = cand.e;
    return e === undefined ? v : inputPartCorrection(box, this.bws.inputCoef, e, v);
  }

  /** Best float bound over the candidates of conjunction j (the intermediate bounds must be current). */
  private best(j: number, box: FloatBox): { value: number; index: number } {
    let value = Number.NEGATIVE_INFINITY;
    let index = -1;
    (this.candidates[j] as Candidate[]).forEach((cand, q) => {
      const v = this.bound(cand, box);
      if (v > value) {
        value = v;
        index = q;
      }
    });
    return { value, index };
  }

  /**
   * The worst best-bound over the open conjunctions of a sub-box of the node being split (for
   * scoring splits), under the node's phases, with the node's own intermediate bounds `enclosing`
   * in place of the CROWN passes ({@link ReusedBounds.enclosing}); +∞ when the float bounds find
   * the sub-box empty.
   */
  private score(box: FloatBox, open: readonly number[], phases: readonly Int8Array[] | undefined, enclosing: LayerBounds | undefined): number {
    if (!this.intermediate(box, phases, enclosing !== undefined ? { bounds: enclosing, layers: enclosing.lo.length, enclosing: true } : undefined)) return Number.POSITIVE_INFINITY;
    let worst = Number.POSITIVE_INFINITY;
    for (const j of open) worst = Math.min(worst, this.best(j, box).value);
    return worst;
  }

  /**
   * Decides one node (module comment). With a {@link ExpansionMemo}, a node expanded before (by an
   * earlier attempt with the same case and rule: the schedule's restarts, verify.ts) is answered
   * from it, its counts added again: an expansion is a function of the node, the case and the rule
   * (parallel.ts), so the tree and the counts are those of a fresh search.
   */
  expand(node: Node): Expansion {
    const memo = this.memo;
    if (memo === undefined) return this.expandFresh(node);
    const hit = memo.get(node);
    if (hit !== undefined) {
      addCounts(this.counts, hit.counts);
      this.reused++;
      return hit.expansion;
    }
    const before = { ...this.counts };
    const expansion = this.expandFresh(node);
    if (expansion.kind === 'leaf' || expansion.kind === 'empty' || expansion.kind === 'branch') {
      const counts = { ...this.counts };
      for (const key of Object.keys(counts) as (keyof ExpandCounts)[]) counts[key] -= before[key];
      memo.set(node, { expansion, counts });
    }
    return expansion;
  }

  private expandFresh(node: Node): Expansion {
    this.counts.nodes++;
    const { box } = node;
    const leaf = { lo: node.lo, hi: node.hi, ...(node.phases !== undefined ? { phases: node.phases } : {}) };
    const entries: BoundEntry[] = [];
    const open: number[] = [];
    let worst = { j: -1, value: Number.POSITIVE_INFINITY, index: -1 };
    if (!this.intermediate(box, node.phases, node.reuse)) {
      // Empty in floats: an `empty` node when the checker's own forward bounds agree; otherwise
      // the leaf is nearly empty, and halves of its box may be proved empty (or bounded).
      if (leafEmpty(this.boundNet, leaf, this.spec.outputs)) return { kind: 'empty' };
      const t = this.splitCoordinate(node, node.open, Number.NEGATIVE_INFINITY, false);
      if (t < 0) return { kind: 'stuck', reason: 'the float bounds find a phase-split leaf empty, the exact ones do not, and its box cannot be halved' };
      return this.bisect(node, t, [], node.open);
    }
    const fixed = node.phases !== undefined && this.everyNeuronFixed();
    const splits = splitNeurons(node.phases);
    for (const j of node.open) {
      const rows = this.rows[j] as ExactRow[];
      const cands = this.candidates[j] as Candidate[];
      let { value, index } = this.best(j, box);
      let alphaInts: number[][] | undefined;
      // The slopes α-CROWN ended at (the start of β-CROWN), when it ran.
      let alphaStart: Float64Array[] | undefined;
      let chosen = index >= 0 ? (cands[index] as Candidate) : undefined;
      const rowFloats = this.rowFloats[j];
      if (value <= 0 && this.alphaSteps > 0 && chosen !== undefined && rowFloats !== undefined && this.lambdaSteps > 0) {
        const joint = this.optimizeMultipliers(j, rowFloats, chosen, box);
        chosen = joint.cand;
        alphaStart = joint.alpha;
        if (joint.value > 0) {
          value = joint.value;
          alphaInts = joint.alpha.map((a) => Array.from(a, (x) => Math.round(x * 2 ** ALPHA_BITS)));
        }
      } else if (value <= 0 && this.alphaSteps > 0 && chosen !== undefined) {
        const alpha = defaultAlphas(this.f, this.bounds);
        const cand = chosen;
        // The optimiser does not see an input part: with one, the slopes all 0 and all 1 are tried instead.
        let v = cand.e === undefined ? optimizeAlpha(this.f, this.bounds, box, cand.c, cand.d, this.bws, alpha, this.alphaSteps, 0) : 0;
        if (cand.e === undefined) alphaStart = alpha.map((a) => Float64Array.from(a));
        if (cand.e !== undefined) {
          for (const a of alpha) a.fill(0);
          v = this.bound(cand, box, alpha);
          if (v <= 0) {
            for (const a of alpha) a.fill(1);
            v = this.bound(cand, box, alpha);
          }
        } else if (v <= 0) {
          // The sign-gradient steps approach an end point of [0, 1] without reaching it; the
          // slopes rounded to {0, 1} are tried too (α = 0 is what closes relu(z) ≥ 0 margins).
          for (const a of alpha) for (let i = 0; i < a.length; i++) a[i] = (a[i] as number) >= 0.5 ? 1 : 0;
          v = backwardBound(this.f, this.bounds, box, cand.c, cand.d, this.bws, alpha);
        }
        if (v > 0) {
          value = v;
          alphaInts = alpha.map((a) => Array.from(a, (x) => Math.round(x * 2 ** ALPHA_BITS)));
        }
      }
      if (value > 0 && chosen !== undefined) {
        const cand = chosen;
        if (leafCloses(this.boundNet, leaf, rows, cand.lambda, alphaInts, this.counts)) {
          this.counts.confirmed++;
          if (alphaInts !== undefined) this.counts.alphaEntries++;
          entries.push({ conjunction: j, lambda: cand.lambda, ...(alphaInts !== undefined ? { alpha: alphaInts } : {}) });
          continue;
        }
        this.counts.unconfirmed++;
      }
      if (!fixed && splits.length > 0 && this.betaSteps > 0 && chosen !== undefined) {
        const cand = chosen;
        const closing = this.closeByBeta(leaf, rows, cand, box, splits, alphaStart);
        if (closing !== undefined) {
          this.counts.confirmed++;
          this.counts.betaEntries++;
          entries.push({ conjunction: j, lambda: cand.lambda, alpha: closing.alpha, beta: closing.beta });
          continue;
        }
      }
      if (fixed && chosen !== undefined) {
        const closing = this.closeBySplitMultipliers(node, leaf, rows, chosen.lambda);
        if (closing !== undefined) {
          this.counts.confirmed++;
          entries.push({ conjunction: j, lambda: chosen.lambda, beta: closing });
          continue;
        }
      }
      open.push(j);
      if (value < worst.value) worst = { j, value, index };
    }
    if (open.length === 0) return { kind: 'leaf', entries };
    // A counterexample at the centre, exactly (the float centre, read exactly and clamped into the box).
    const n = node.lo.length;
    const centre = new Float64Array(n);
    for (let t = 0; t < n; t++) centre[t] = ((box.lo[t] as number) + (box.hi[t] as number)) / 2;
    for (const j of open) {
      const found = confirmCounterexample(this.net, node.lo, node.hi, outputOnlyRows(this.spec, this.k, j), centre);
      if (found === undefined) continue;
      const y = violatesConjunction(this.net, this.spec, this.k, j, found.point);
      if (y !== undefined) return { kind: 'stop', counterexample: { case: this.k, conjunction: j, input: found.point, output: y } };
    }
    // Falsification inside the node: a short descent from the centre per open conjunction (the
    // node boxes the search keeps open are where the bounds allow a violation); the LP stage is
    // offered the lowest point reached, whose region is likelier to hold one than the centre's.
    let offered = centre;
    let lowest = Number.POSITIVE_INFINITY;
    for (const j of open) {
      const x = Float64Array.from(centre);
      this.descents[j] ??= new BoxDescent(this.net, outputOnlyRows(this.spec, this.k, j), this.net.inputs);
      const descent = (this.descents[j] as BoxDescent).descend(node.lo, node.hi, box.lo, box.hi, x, NODE_DESCENT_STEPS);
      const found = descent.counterexample;
      if (found !== undefined) {
        const y = violatesConjunction(this.net, this.spec, this.k, j, found.point);
        if (y !== undefined) return { kind: 'stop', counterexample: { case: this.k, conjunction: j, input: found.point, output: y } };
      }
      if (descent.value < lowest) {
        lowest = descent.value;
        offered = x;
      }
    }
    const inRegion = this.regionLp.offer(offered, open);
    if (inRegion !== undefined) return { kind: 'stop', counterexample: inRegion };
    // The smear of the worst conjunction's bound (its input coefficients, in the workspace).
    const worstCand = (this.candidates[worst.j] as Candidate[] | undefined)?.[worst.index];
    if (worstCand !== undefined) this.bound(worstCand, box);
    if (this.splitRule === 'phase' && !this.kinkInside(node)) {
      const neuron = this.splitNeuron(node);
      if (neuron !== undefined) {
        const [k, i] = neuron;
        // This node's bounds (nothing since the start of expand has changed them): the children's up to layer k.
        const own = { lo: this.bounds.lo.map((a) => Float64Array.from(a)), hi: this.bounds.hi.map((a) => Float64Array.from(a)) };
        const child = (sign: 1 | -1): Node => {
          const phases = node.phases?.map((p) => p.slice()) ?? this.bounds.lo.map((l) => new Int8Array(l.length));
          (phases[k] as Int8Array)[i] = sign;
          return { lo: node.lo, hi: node.hi, box, open, depth: node.depth + 1, phases, reuse: { bounds: own, layers: k + 1 } };
        };
        return { kind: 'branch', entries, label: ['r', k, i], children: [child(-1), child(1)] };
      }
    }
    const t = this.splitCoordinate(node, open, worst.value, worstCand !== undefined);
    if (t < 0) return { kind: 'stuck', reason: 'every input coordinate of an open leaf has width 0 (or below float64 resolution) and its bound is not positive' };
    return this.bisect(node, t, entries, open);
  }

  /** The branch that bisects `node` on input t (at {@link cutPoint}), keeping its phases. */
  private bisect(node: Node, t: number, entries: readonly BoundEntry[], open: readonly number[]): Expansion {
    const { box } = node;
    const cut = this.cutPoint(node, t);
    const leftHi = node.hi.slice();
    leftHi[t] = cut;
    const rightLo = node.lo.slice();
    rightLo[t] = cut;
    const fcut = cut.valueOf();
    const lbox = { lo: box.lo, hi: Float64Array.from(box.hi) };
    lbox.hi[t] = fcut;
    const rbox = { lo: Float64Array.from(box.lo), hi: box.hi };
    rbox.lo[t] = fcut;
    return {
      kind: 'branch',
      entries,
      label: ['x', t, cut],
      children: [
        { lo: node.lo, hi: leftHi, box: lbox, open, depth: node.depth + 1, ...(node.phases !== undefined ? { phases: node.phases } : {}) },
        { lo: rightLo, hi: node.hi, box: rbox, open, depth: node.depth + 1, ...(node.phases !== undefined ? { phases: node.phases } : {}) },
      ],
    };
  }

  /** Whether the current bounds fix every hidden neuron (l ≥ 0 or u ≤ 0, phase clamps applied). */
  private everyNeuronFixed(): boolean {
    for (let k = 0; k < this.bounds.lo.length; k++) {
      if (!(this.f.layers[k] as { relu: boolean }).relu) continue;
      const lo = this.bounds.lo[k] as Float64Array;
      const hi = this.bounds.hi[k] as Float64Array;
      for (let i = 0; i < lo.length; i++) if ((lo[i] as number) < 0 && (hi[i] as number) > 0) return false;
    }
    return true;
  }

  /**
   * Closes conjunction rows·λ on a fully fixed phase-split leaf by the LP multipliers of its
   * split constraints (splitMultipliers.ts), confirmed by the checker's leaf function; undefined
   * when they do not prove it.
   */
  private closeBySplitMultipliers(node: Node, leaf: { lo: readonly Fraction[]; hi: readonly Fraction[]; phases?: readonly Int8Array[] }, rows: readonly ExactRow[], lambda: readonly Fraction[]): SplitMultiplier[] | undefined {
    const phases = node.phases as readonly Int8Array[];
    const pattern = this.boundNet.layers.map((layer, k) => {
      if (layer.activation !== 'relu' || k >= this.bounds.lo.length) return new Array<boolean>(layer.outputs).fill(true);
      const p = phases[k] as Int8Array;
      const lo = this.bounds.lo[k] as Float64Array;
      return Array.from({ length: layer.outputs }, (_, i) => (p[i] as number) > 0 || ((p[i] as number) === 0 && (lo[i] as number) >= 0));
    });
    const proposal = splitMultipliers(this.boundNet, node.lo, node.hi, pattern, phases, rows, lambda);
    if (proposal === undefined) return undefined;
    const candidates = proposal.kind === 'optimal' ? [proposal.beta] : proposal.candidates;
    for (const beta of candidates) {
      const maps = this.bounds.lo.map(() => new Map<number, Fraction>());
      for (const [k, i, b] of beta) (maps[k] as Map<number, Fraction>).set(i, b);
      if (leafCloses(this.boundNet, leaf, rows, lambda, undefined, this.counts, maps)) return [...beta];
    }
    return undefined;
  }

  /**
   * Closes candidate `cand` on a phase-split leaf with unstable neurons by β-CROWN (module
   * comment of backward.ts optimizeAlphaBeta), from the slopes α-CROWN ended at (CROWN's default
   * when it did not run) and β = 0, confirmed by the checker's leaf function with the slopes and
   * β rounded as the certificate carries them; undefined when the float bound stays ≤ 0 or the
   * confirmation refuses it.
   */
  private closeByBeta(
    leaf: { lo: readonly Fraction[]; hi: readonly Fraction[]; phases?: readonly Int8Array[] },
    rows: readonly ExactRow[],
    cand: Candidate,
    box: FloatBox,
    splits: readonly SplitNeuron[],
    alphaStart: Float64Array[] | undefined,
  ): { alpha: number[][]; beta: SplitMultiplier[] } | undefined {
    const alpha = alphaStart ?? defaultAlphas(this.f, this.bounds);
    const beta = new Float64Array(splits.length);
    const v = optimizeAlphaBeta(this.f, this.bounds, box, cand.c, cand.d, cand.e, this.bws, alpha, splits, beta, this.betaSteps, 0);
    if (!(v > 0)) return undefined;
    const alphaInts = alpha.map((a) => Array.from(a, (x) => Math.round(x * 2 ** ALPHA_BITS)));
    const chosen: SplitMultiplier[] = [];
    const maps = this.bounds.lo.map(() => new Map<number, Fraction>());
    splits.forEach(({ layer, neuron }, q) => {
      const b = beta[q] as number;
      if (b === 0) return;
      const exact = float64ToRational(b);
      chosen.push([layer, neuron, exact]);
      (maps[layer] as Map<number, Fraction>).set(neuron, exact);
    });
    if (leafCloses(this.boundNet, leaf, rows, cand.lambda, alphaInts, this.counts, maps)) return { alpha: alphaInts, beta: chosen };
    this.counts.unconfirmed++;
    return undefined;
  }

  /** Whether a single-input kink lies strictly inside the box (cut there first, whatever the rule). */
  private kinkInside(node: Node): boolean {
    return this.kinks.some((zs, t) => zs.some((z) => z.compare(node.lo[t] as Fraction) > 0 && z.compare(node.hi[t] as Fraction) < 0));
  }

  /**
   * The unstable neuron to split under `phase` (module comment): the largest |g_i|·u·(−l)/(u − l)
   * with g the backward coefficients of the last bound computed (the worst open conjunction's);
   * undefined when no neuron is unstable.
   */
  private splitNeuron(node: Node): readonly [number, number] | undefined {
    let best: [number, number] | undefined;
    let bestScore = -1;
    for (let k = 0; k < this.bounds.lo.length; k++) {
      if (!(this.f.layers[k] as { relu: boolean }).relu) continue;
      const lo = this.bounds.lo[k] as Float64Array;
      const hi = this.bounds.hi[k] as Float64Array;
      const g = this.bws.g[k] as Float64Array;
      const p = node.phases?.[k];
      for (let i = 0; i < lo.length; i++) {
        const l = lo[i] as number;
        const u = hi[i] as number;
        if (!(l < 0 && u > 0) || (p !== undefined && p[i] !== 0)) continue;
        // A neuron the bound does not see still counts a little, so that every unstable one is eventually split.
        const score = (Math.abs(g[i] as number) + 1e-12) * ((u * -l) / (u - l));
        if (score > bestScore) {
          bestScore = score;
          best = [k, i];
        }
      }
    }
    return best;
  }

  /**
   * Where to cut coordinate t: at the kink −b/w of a first-layer ReLU that depends on x_t alone
   * (w x_t + b) when one lies strictly inside the interval (the kink nearest the middle) — then
   * both halves have that neuron stable, as a phase split would (identity pairs relu(x) − relu(−x)
   * carry inputs this way, and a float midpoint never lands on their kink); otherwise the float
   * midpoint read exactly when it lies strictly inside, else the exact midpoint.
   */
  private cutPoint(node: Node, t: number): Fraction {
    const lo = node.lo[t] as Fraction;
    const hi = node.hi[t] as Fraction;
    const centre = lo.add(hi).div(2);
    let kink: Fraction | undefined;
    for (const z of this.kinks[t] as Fraction[]) {
      if (z.compare(lo) > 0 && z.compare(hi) < 0 && (kink === undefined || z.sub(centre).abs().compare(kink.sub(centre).abs()) < 0)) kink = z;
    }
    if (kink !== undefined) return kink;
    const mid = ((node.box.lo[t] as number) + (node.box.hi[t] as number)) / 2;
    if (Number.isFinite(mid)) {
      const r = float64ToRational(mid);
      if (r.compare(lo) > 0 && r.compare(hi) < 0) return r;
    }
    return lo.add(hi).div(2);
  }

  /**
   * Whether coordinate t can still be bisected usefully: the float midpoint lies strictly inside
   * the float interval. Below float64 resolution the float bounds cannot tell the halves apart,
   * and exact halving alone would grow the cut points' denominators without end.
   */
  private splittable(node: Node, t: number): boolean {
    if ((node.hi[t] as Fraction).compare(node.lo[t] as Fraction) <= 0) return false;
    const lo = node.box.lo[t] as number;
    const hi = node.box.hi[t] as number;
    const mid = (lo + hi) / 2;
    return mid > lo && mid < hi;
  }

  /** The split coordinate (module comment); −1 when no coordinate can be bisected. */
  private splitCoordinate(node: Node, open: readonly number[], parent: number, haveSmear: boolean): number {
    const n = node.lo.length;
    // A single-input kink inside the box is removed first: one cut makes that neuron exact.
    for (let t = 0; t < n; t++) {
      if ((this.kinks[t] as Fraction[]).some((z) => z.compare(node.lo[t] as Fraction) > 0 && z.compare(node.hi[t] as Fraction) < 0)) return t;
    }
    let widest = -1;
    let choice = -1;
    for (let t = 0; t < n; t++) {
      if (!this.splittable(node, t)) continue;
      const rel = (node.box.hi[t] as number) - (node.box.lo[t] as number);
      const w = (this.rootWidth[t] as number) > 0 ? rel / (this.rootWidth[t] as number) : 0;
      if (w > widest) {
        widest = w;
        choice = t;
      }
    }
    if (choice < 0 || !Number.isFinite(parent) || this.splitRule === 'widest' || !haveSmear) return choice;
    // The coordinates by smear. Under `smear`, only those at least 1/SMEAR_WIDTH_RATIO as wide
    // (relative to the root box) as the widest: the smear sees only what the relaxation sees, and
    // a coordinate the loose bound ignores would otherwise never be cut (ACAS Xu 2_1 φ3 ran out
    // of time so). `scored` needs no such guard (φ1 needs boxes thin in one coordinate).
    const smear = Array.from({ length: n }, (_, t) => t)
      .filter((t) => this.splittable(node, t))
      .filter((t) => this.splitRule !== 'smear' || SMEAR_WIDTH_RATIO * ((node.box.hi[t] as number) - (node.box.lo[t] as number)) >= widest * (this.rootWidth[t] as number))
      .map((t) => ({ t, v: Math.abs(this.bws.inputCoef[t] as number) * ((node.box.hi[t] as number) - (node.box.lo[t] as number)) }))
      .sort((a, b) => b.v - a.v);
    if (this.splitRule === 'smear') return smear[0] !== undefined && smear[0].v > 0 ? smear[0].t : choice;
    // Score the eligible coordinates with the largest smear. The node's bounds (current: nothing
    // since the start of expand has changed them) enclose every sub-box's.
    const order = smear.slice(0, this.splitCandidates);
    const enclosing = node.depth < FULL_SCORE_DEPTH ? undefined : { lo: this.bounds.lo.map((a) => Float64Array.from(a)), hi: this.bounds.hi.map((a) => Float64Array.from(a)) };
    let bestScore = 2 * parent + Math.abs(parent) * 1e-3;
    for (const { t } of order) {
      const lt = node.box.lo[t] as number;
      const ht = node.box.hi[t] as number;
      const mid = (lt + ht) / 2;
      if (!(mid > lt && mid < ht)) continue;
      const a = { lo: node.box.lo, hi: Float64Array.from(node.box.hi) };
      a.hi[t] = mid;
      const b = { lo: Float64Array.from(node.box.lo), hi: node.box.hi };
      b.lo[t] = mid;
      const s = Math.min(Math.max(this.score(a, open, node.phases, enclosing), parent), 0) + Math.min(Math.max(this.score(b, open, node.phases, enclosing), parent), 0);
      if (s > bestScore) {
        bestScore = s;
        choice = t;
      }
    }
    return choice;
  }
}
