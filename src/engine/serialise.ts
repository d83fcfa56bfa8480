/**
 * Nodes as plain data, safe for a structured clone (worker threads, src/regions/parallel.ts):
 * Fractions lose their prototype in a clone, bigints, arrays and typed arrays do not.
 *
 * Everything a node's computation reads is here or is a function of the network and the domain:
 * the affine maps of the current layer are recomputed from the pattern (`done`), which is how the
 * engine built them in the first place; the statistics are only counted, never read (except by
 * the limits). So a subtree resumed from its node is the subtree the sequential engine builds.
 * @internal not part of the public API (src/index.ts does not export it).
 */
import Fraction from 'fraction.js';
import { denominator, numerator } from '../exact/rational.js';
import type { IntegerRow } from '../exact/integerRow.js';
import type { VertexPolytope } from '../polyhedra/vertices.js';
import type { EntryDecision, LayerEntry, Node } from './node.js';
import { witnessOf } from './witness.js';

/** A rational as [signed numerator, positive denominator]. @internal */
export type RationalData = readonly [bigint, bigint];

/** Fraction → {@link RationalData}. @internal */
export function rationalData(v: Fraction): RationalData {
  return [numerator(v), denominator(v)];
}

/** {@link RationalData} → Fraction. @internal */
export function fromRationalData([num, den]: RationalData): Fraction {
  return new Fraction(num, den);
}

/** One decision of a layer's entry pre-pass, as plain data. @internal */
export type EntryDecisionData = readonly [
  neuron: number,
  sign: 1 | -1,
  proof: { readonly rows: readonly number[]; readonly values: readonly RationalData[]; readonly far: RationalData },
];

/** A {@link Node} as plain data (the maps are left out: they follow from the pattern). @internal */
export interface NodeState {
  /** Layer and neuron the node decides. */
  readonly k: number;
  readonly i: number;
  /** Pattern of layer k so far (neurons < i) and of the earlier layers. */
  readonly on: readonly boolean[];
  readonly done: readonly (readonly boolean[])[];
  /** The node's polyhedron: the domain's rows, then one row per split on its path. */
  readonly rows: readonly IntegerRow[];
  /** The interior witness, per coordinate. */
  readonly point: readonly RationalData[];
  /** What the pre-pass at layer k's entry decided (absent: not computed). */
  readonly entry?: readonly EntryDecisionData[];
  /** The node polytope's vertex representation, when the run carries one (plain data: bigints and typed arrays). */
  readonly polytope?: VertexPolytope;
  /** The node's warm-start basis (a float hint carried so that a resumed subtree starts its LPs where the sequential engine would). */
  readonly basis?: readonly number[];
  /** The node's further interior points (Node.points), per point per coordinate. */
  readonly points?: readonly (readonly RationalData[])[];
  /** The node's ray targets (Node.targets), likewise. */
  readonly targets?: readonly (readonly RationalData[])[];
}

/** The plain-data form of a node. @internal */
export function nodeState(node: Node): NodeState {
  return {
    k: node.layer,
    i: node.neuron,
    on: [...node.on],
    done: node.done.map((layer) => [...layer]),
    rows: node.rows,
    point: node.witness.rational.map(rationalData),
    ...(node.entry !== undefined ? { entry: layerEntryData(node.entry) } : {}),
    ...(node.polytope !== undefined ? { polytope: node.polytope } : {}),
    ...(node.basis !== undefined ? { basis: [...node.basis] } : {}),
    ...(node.points !== undefined ? { points: node.points.map((p) => p.rational.map(rationalData)) } : {}),
    ...(node.targets !== undefined ? { targets: node.targets.map((p) => p.rational.map(rationalData)) } : {}),
  };
}

/** A node from its plain data, with the current layer's maps (rebuilt by the caller from the pattern). @internal */
export function nodeFromState(state: NodeState, maps: Pick<Node, 'pre' | 'input'>): Node {
  return {
    layer: state.k,
    neuron: state.i,
    pre: maps.pre,
    input: maps.input,
    on: [...state.on],
    done: [...state.done],
    rows: state.rows,
    witness: witnessOf(state.point.map(fromRationalData)),
    entry: state.entry === undefined ? undefined : layerEntryFromData(state.entry),
    polytope: state.polytope,
    ...(state.basis !== undefined ? { basis: [...state.basis] } : {}),
    ...(state.points !== undefined ? { points: state.points.map((p) => witnessOf(p.map(fromRationalData))) } : {}),
    ...(state.targets !== undefined ? { targets: state.targets.map((p) => witnessOf(p.map(fromRationalData))) } : {}),
  };
}

function layerEntryData(entry: LayerEntry): EntryDecisionData[] {
  return [...entry.decided].map(([i, d]): EntryDecisionData => [i, d.sign, { rows: [...d.proof.rows], values: d.proof.values.map(rationalData), far: rationalData(d.proof.far) }]);
}

/** The inverse of layerEntryData; the map keeps the insertion order (only looked up by neuron, never iterated). */
function layerEntryFromData(data: readonly EntryDecisionData[]): LayerEntry {
  const decided = new Map<number, EntryDecision>();
  for (const [i, sign, p] of data) decided.set(i, { sign, proof: { rows: [...p.rows], values: p.values.map(fromRationalData), far: fromRationalData(p.far) } });
  return { decided };
}
