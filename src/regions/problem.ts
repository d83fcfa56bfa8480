/**
 * Region enumeration as a split problem (src/engine/search.ts): a node decides one ReLU neuron,
 * in layer order. Given the pattern of the earlier neurons, the neuron's pre-activation z is
 * affine on the node's polyhedron P; the deciders (src/engine/deciders/) either fix its sign on
 * P, with a proof, or split P into P ∩ {z ≥ 0} and P ∩ {z ≤ 0}, each with an interior point.
 * Only halves with a nonempty interior are kept, so the leaves are exactly the activation
 * regions with a nonempty interior, each with a rational interior point and the exact affine map
 * of the outputs.
 */
import type Fraction from 'fraction.js';
import type { AffineMap, LayerInput } from '../network/affine.js';
import { layerOutputMap, layerPreactivationMap } from '../network/affine.js';
import type { CompiledNetwork } from '../network/compiled.js';
import type { CertifiedOptions } from '../../solvers/certified.js';
import type { SimplexBasis } from '../../solvers/denseSimplex.js';
import { type Decider, type DeciderContext, Question, ask, countDecision } from '../engine/decider.js';
import { entryMotzkin, layerEntry } from '../engine/layerEntry.js';
import { certifiedLpDecider, constantDecider, intervalDecider, pointsDecider, projectedPathDecider, rayDecider } from '../engine/deciders/index.js';
import type { Limits } from '../engine/limits.js';
import { type EntryDecision, MAX_NODE_POINTS, MAX_NODE_TARGETS, type Node } from '../engine/node.js';
import type { Progress } from '../engine/progress.js';
import type { Expansion, SplitProblem } from '../engine/search.js';
import { type Witness, floatFormOf, signAt } from '../engine/witness.js';
import type { IntegerRow } from '../exact/integerRow.js';
import type { Region, RegionStats, RegionTree, TaskPlaceholder } from './enumerate.js';

/** What the region problem needs from its run. */
export interface RegionProblemSetup {
  readonly compiled: CompiledNetwork;
  /** The pass-through pairs per layer (neuron → partner), when they are skipped. */
  readonly pairs: readonly (ReadonlyMap<number, number> | undefined)[] | undefined;
  readonly deciders: readonly Decider[];
  readonly context: DeciderContext;
  readonly lp: CertifiedOptions;
  readonly stats: RegionStats;
  readonly limits: Limits;
  readonly progress: Progress<RegionStats>;
  readonly keepTree: boolean;
  readonly keepRegions: boolean;
  readonly regions: Region[];
  readonly onRegion: ((region: Region) => void) | undefined;
  /**
   * At every split node, ask the layer's later neurons on the node's own polyhedron (see
   * {@link RegionProblem.lookAhead}) and carry further interior points down the tree (Node.points).
   */
  readonly lookAhead: boolean;
}

/**
 * The children's further interior points at a split on z = a·x + c: of the new points found at
 * the node, its witness and its own further points (newest first), those strictly on each child's
 * side, other than the child's witness, at most MAX_NODE_POINTS. Exact: z = 0 is in neither.
 * And their ray targets: the points that went to the other child (its witness first), then the
 * node's own targets, at most MAX_NODE_TARGETS.
 */
function childPoints(node: Node, wPositive: Witness, wNegative: Witness, found: readonly Witness[], a: readonly bigint[], c: bigint): { positive: Witness[]; negative: Witness[]; positiveTargets: Witness[]; negativeTargets: Witness[] } {
  const positive: Witness[] = [];
  const negative: Witness[] = [];
  // Every point of this node lands on one side (or on z = 0): on the other, it is a ray target.
  const positiveTargets: Witness[] = [wNegative];
  const negativeTargets: Witness[] = [wPositive];
  const form = floatFormOf(a, c);
  for (const p of [...found, node.witness, ...(node.points ?? [])]) {
    if (p === wPositive || p === wNegative) continue;
    const v = signAt(form, a, c, p);
    if (v > 0) {
      if (positive.length < MAX_NODE_POINTS) positive.push(p);
      negativeTargets.push(p);
    } else if (v < 0) {
      if (negative.length < MAX_NODE_POINTS) negative.push(p);
      positiveTargets.push(p);
    }
  }
  const inherited = node.targets ?? [];
  return { positive, negative, positiveTargets: [...positiveTargets, ...inherited].slice(0, MAX_NODE_TARGETS), negativeTargets: [...negativeTargets, ...inherited].slice(0, MAX_NODE_TARGETS) };
}

/** A basis whose rows are all among the first `rows` rows (not an LP's far-side row), else undefined. */
function onRows(basis: SimplexBasis | undefined, rows: number): SimplexBasis | undefined {
  return basis !== undefined && basis.every((r) => r < rows) ? basis : undefined;
}

/** The look-ahead's deciders, in order (no vertex sets: the look-ahead runs on the LP path). */
const LOOK_AHEAD = [constantDecider, intervalDecider, pointsDecider, projectedPathDecider, rayDecider, certifiedLpDecider];

type RegionExpansion = Expansion<Node, RegionTree, 'max-regions'>;

/**
 * The node with every field present, in one order: nodes built by spreading carry their
 * optional fields or not, and V8 then sees many object shapes at every read of a node's fields
 * (the search reads them at every decision).
 */
function shaped(n: Node): Node {
  // Every key of Node, required: a field added to Node and not listed here fails to compile
  // (it would otherwise be dropped from every node built here).
  const all = { layer: n.layer, neuron: n.neuron, pre: n.pre, input: n.input, on: n.on, done: n.done, rows: n.rows, witness: n.witness, entry: n.entry, polytope: n.polytope, basis: n.basis, points: n.points, targets: n.targets } satisfies Record<keyof Node, unknown>;
  return all;
}

const UNEXPLORED: RegionTree = { kind: 'unexplored' };
const only = ([t]: RegionTree[]): RegionTree => t as RegionTree;

/** The region problem over the nodes of src/engine/node.ts. */
export class RegionProblem implements SplitProblem<Node, RegionTree, 'max-regions'> {
  readonly #s: RegionProblemSetup;

  constructor(setup: RegionProblemSetup) {
    this.#s = setup;
  }

  unexplored(): RegionTree {
    return UNEXPLORED;
  }

  placeholder(task: number): RegionTree {
    const placeholder: TaskPlaceholder = { kind: 'unexplored', task };
    return placeholder;
  }

  mark(): number {
    return this.#s.regions.length;
  }

  expand(start: Node): RegionExpansion {
    const s = this.#s;
    let node = start;
    const { layer: k, neuron: i } = node;
    const layer = s.compiled.layers[k];
    // Past the last layer (a resumed node only).
    if (layer === undefined) return this.leaf(node.done, node.input, node.witness, node.rows);
    // Past the last neuron of a layer: move to the next layer (identity layers need no decisions).
    if (!layer.relu || i >= layer.outputs) {
      const pattern = [...node.done, layer.relu ? node.on : []];
      const output = layerOutputMap(layer, node.pre, node.on);
      const nextLayer = s.compiled.layers[k + 1];
      if (nextLayer === undefined) return this.leaf(pattern, output, node.witness, node.rows);
      const next = shaped({ ...node, layer: k + 1, neuron: 0, pre: layerPreactivationMap(nextLayer, output, s.context.n), input: output, on: [], done: pattern, entry: undefined });
      return { kind: 'branch', children: [next], join: only };
    }
    // Entering a ReLU layer: decide once, on this polyhedron, every neuron whose sign is fixed
    // here (the layer-entry decider reuses the proofs below). With vertices every decision is
    // cheap at its own node: no pre-pass.
    const passing = s.pairs?.[k];
    if (i === 0 && node.entry === undefined && node.polytope === undefined) {
      const entry = layerEntry(node, passing, s.context, s.lp, s.stats);
      // With the look-ahead, the pre-pass's far points join the node's further points (newest first).
      const points = s.lookAhead && entry.found !== undefined && entry.found.length > 0 ? { points: [...entry.found].reverse().concat(node.points ?? []).slice(0, MAX_NODE_POINTS) } : {};
      node = shaped({ ...node, entry, ...points, basis: entry.basis ?? node.basis });
    }
    const partner = passing?.get(i);
    if (partner !== undefined) {
      s.stats.passed++;
      const next = shaped({ ...node, neuron: i + 1, on: [...node.on, i < partner] });
      return { kind: 'branch', children: [next], join: s.keepTree ? ([t]) => ({ kind: 'pass', next: t as RegionTree }) : only };
    }
    s.stats.decisions++;
    s.progress.tick();
    const a = node.pre.num[i] as bigint[];
    const c = node.pre.offset[i] as bigint;
    const answer = ask(s.deciders, new Question(node, i, a, c), s.context);
    const d = answer.decision;
    if (d === undefined) throw new Error(`internal: no decider decided neuron ${i} of layer ${k}`);
    countDecision(s.stats, answer, true);
    const at = answer.node;
    if (d.kind === 'fixed') {
      // The LP's basis, when one proved it, is the next node's warm start (same rows) unless it holds the far row.
      const basis = onRows(d.basis, at.rows.length) ?? at.basis;
      const next = shaped({ ...at, neuron: i + 1, on: [...at.on, d.sign > 0], basis });
      // The proof is read only into a kept tree (a decider may build it lazily, vertexSet.ts).
      const { sign } = d;
      return { kind: 'branch', children: [next], join: s.keepTree ? ([t]) => ({ kind: 'fixed', sign, proof: d.proof, next: t as RegionTree }) : only };
    }
    const ahead = s.lookAhead ? this.lookAhead(at, i, layer.outputs, passing, [d.positive.witness, d.negative.witness]) : undefined;
    const entry = ahead?.entry ?? at.entry;
    const pools = ahead !== undefined ? childPoints(at, d.positive.witness, d.negative.witness, ahead.found, a, c) : undefined;
    const positive = shaped({ ...at, entry, neuron: i + 1, on: [...at.on, true], rows: [...at.rows, { a: a.map((v) => -v), b: c }], witness: d.positive.witness, polytope: d.positive.polytope, basis: d.positive.basis ?? ahead?.basis ?? at.basis, points: pools?.positive, targets: pools?.positiveTargets });
    const negative = shaped({ ...at, entry, neuron: i + 1, on: [...at.on, false], rows: [...at.rows, { a, b: -c }], witness: d.negative.witness, polytope: d.negative.polytope, basis: d.negative.basis ?? ahead?.basis ?? at.basis, points: pools?.negative, targets: pools?.negativeTargets });
    return { kind: 'branch', children: [positive, negative], join: ([p, q]) => ({ kind: 'split', positive: p as RegionTree, negative: q as RegionTree }) };
  }

  /**
   * The look-ahead at a split node (RegionProblemSetup.lookAhead): the layer's later neurons,
   * asked on this node's own polyhedron before its children ask them. A sign fixed here holds in
   * both children's subtrees, so its Motzkin proof (over this node's rows and the far side's row)
   * joins the layer's entry decisions, which the layer-entry decider places at every descendant
   * whose rows extend these (one LP here instead of one or more per subtree). A neuron found to
   * cut this polyhedron gives an interior point on its far side, which goes to the child it lies
   * in (childPoints). Cheap tests first: the children's witnesses and the points found so far
   * are inside this polyhedron too, and a point on either side, or a ray, shows the neuron is
   * not fixed here with no LP. Only its LPs are counted (lps and aheadLps): the node counters
   * are for the nodes' own decisions.
   */
  lookAhead(at: Node, i: number, outputs: number, passing: ReadonlyMap<number, number> | undefined, children: readonly Witness[]): { entry: Node['entry']; found: Witness[]; basis: SimplexBasis | undefined } {
    const s = this.#s;
    const entry = at.entry;
    const found: Witness[] = [];
    // The last look-ahead LP's basis on this node's rows: a warm start for the children.
    let basis: SimplexBasis | undefined;
    if (entry === undefined) return { entry, found, basis };
    let decided: Map<number, EntryDecision> | undefined;
    for (let j = i + 1; j < outputs; j++) {
      if (passing?.has(j) === true || entry.decided.has(j)) continue;
      const points = [...children.filter((p) => p !== at.witness), ...found, ...(at.points ?? [])];
      const q = new Question(shaped({ ...at, points }), j, at.pre.num[j] as bigint[], at.pre.offset[j] as bigint);
      const answer = ask(LOOK_AHEAD, q, s.context);
      if (answer.by === certifiedLpDecider) {
        s.stats.lps++;
        s.stats.aheadLps++;
      }
      const d = answer.decision;
      if (d === undefined) continue;
      if (answer.by === certifiedLpDecider) basis = onRows(d.kind === 'fixed' ? d.basis : (d.positive.basis ?? d.negative.basis), at.rows.length) ?? basis;
      if (d.kind === 'split') {
        // Its new point, when an LP or a ray found one: an interior point for the child it lies in.
        for (const p of [d.positive.witness, d.negative.witness]) if (p !== at.witness && !points.includes(p)) found.push(p);
        continue;
      }
      if (d.proof.kind !== 'motzkin') continue; // constant or interval: every node decides it again for free
      decided ??= new Map(entry.decided);
      decided.set(j, { sign: d.sign, proof: entryMotzkin(d.proof, at.rows.length) });
    }
    return { entry: decided === undefined ? entry : { decided }, found, basis };
  }

  /** A region: the leaf of its path (or a stop, when the shared region count has no slot left). */
  leaf(pattern: readonly (readonly boolean[])[], output: LayerInput, w: Witness, rows: readonly IntegerRow[]): RegionExpansion {
    const s = this.#s;
    if (!s.limits.reserveLeaf()) return { kind: 'stop', result: 'max-regions', tree: UNEXPLORED };
    s.stats.regions++;
    // The region record only when someone takes it, and the leaf's point read when read: a
    // witness may build its Fractions lazily (integerWitness), and a count reads neither (the
    // Fractions of the leaves were 8.7 % of r6's time on the vertex path).
    if (s.keepRegions || s.onRegion !== undefined) {
      const n = s.context.n;
      const map: AffineMap = output.map ?? { num: Array.from({ length: n }, (_, q) => Array.from({ length: n }, (_, j) => (q === j ? 1n : 0n))), offset: new Array<bigint>(n).fill(0n), den: 1n };
      const region: Region = { pattern, point: w.rational, output: map, halfSpaces: rows };
      if (s.keepRegions) s.regions.push(region);
      s.onRegion?.(region);
    }
    return {
      kind: 'leaf',
      tree: {
        kind: 'leaf',
        get point(): readonly Fraction[] {
          return w.rational;
        },
      },
    };
  }
}
