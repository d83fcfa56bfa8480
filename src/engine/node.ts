/**
 * A node of the ReLU split tree: everything the engine knows at one point of the search. The
 * neuron it decides is neuron `neuron` of layer `layer` (layer order, then neuron order); its
 * polyhedron is the domain's rows followed by one row per split on its path (`−z ≤ 0` for the
 * positive side, `z ≤ 0` for the negative side); `witness` is strictly inside it.
 */
import type Fraction from 'fraction.js';
import type { IntegerRow } from '../exact/integerRow.js';
import type { AffineMap, LayerInput } from '../network/affine.js';
import type { VertexPolytope } from '../polyhedra/vertices.js';
import type { SimplexBasis } from '../../solvers/denseSimplex.js';
import type { Witness } from './witness.js';

/** A sign proof found at a layer's entry polyhedron: multipliers on its rows and on the far-side row. */
export interface EntryMotzkin {
  /** Multipliers on the entry polyhedron's rows (indices < its row count). */
  readonly rows: readonly number[];
  readonly values: readonly Fraction[];
  /** The multiplier of the far-side row. */
  readonly far: Fraction;
}

/** A neuron whose sign the layer-entry pre-pass fixed on the layer's entry polyhedron. */
export interface EntryDecision {
  readonly sign: 1 | -1;
  readonly proof: EntryMotzkin;
}

/**
 * What the pre-pass at a layer's entry polyhedron proved, by neuron index (src/engine/layerEntry.ts).
 * The proofs hold in every node of the layer's subtree: their rows extend the entry's.
 */
export interface LayerEntry {
  readonly decided: ReadonlyMap<number, EntryDecision>;
  /**
   * Points strictly inside the entry polyhedron that the pre-pass found (its rays' and LPs' far
   * points), in the order found. Read once, at the entry node itself, into its further points
   * (src/regions/problem.ts), so not serialised: a task never starts at a node between the two.
   */
  readonly found?: readonly Witness[];
  /** The last of the pre-pass's LPs' bases on the entry's own rows, read like `found` (a warm start for the entry node). */
  readonly basis?: SimplexBasis;
}

/** A node of the ReLU split tree. */
export interface Node {
  /** The layer and the neuron in it that this node decides. */
  readonly layer: number;
  readonly neuron: number;
  /** The pre-activation maps of the current layer on the network's inputs (a function of the pattern). */
  readonly pre: AffineMap;
  /** The current layer's input map (a function of the pattern). */
  readonly input: LayerInput;
  /** The activation pattern of the current layer so far (neurons before `neuron`). */
  readonly on: readonly boolean[];
  /** The activation patterns of the earlier layers. */
  readonly done: readonly (readonly boolean[])[];
  /** The node's polyhedron (closed rows; its interior is the rows made strict). */
  readonly rows: readonly IntegerRow[];
  /** A rational point strictly inside the polyhedron. */
  readonly witness: Witness;
  /** What the pre-pass at this layer's entry decided (undefined: not run for this layer, or with vertex sets). */
  readonly entry: LayerEntry | undefined;
  /** The polyhedron's exact vertex set, when the run carries one (src/polyhedra/vertices.ts). */
  readonly polytope: VertexPolytope | undefined;
  /**
   * An optimal basis of the last slack LP on the path whose rows are a prefix of this node's
   * (src/engine/deciders/certifiedLp.ts): the warm start of the node's LPs. A float hint only —
   * it decides nothing; undefined at the root and when the run does not warm-start.
   */
  readonly basis?: SimplexBasis | undefined;
  /**
   * Further exact points strictly inside the polyhedron, besides the witness (points found at
   * ancestors, see src/regions/problem.ts), at most {@link MAX_NODE_POINTS}. A point strictly on
   * each side of a neuron's hyperplane proves a split with no LP (the points decider). They flow
   * down the tree only, so a subtree is the same whichever thread explores it.
   */
  readonly points?: readonly Witness[] | undefined;
  /**
   * Points of ancestors' polyhedra that are not inside this one (the points that went to the
   * other side of a split on the path), newest first, at most {@link MAX_NODE_TARGETS}: targets
   * for rays from the witness (the ray decider), never interior points of this node.
   */
  readonly targets?: readonly Witness[] | undefined;
}

/** The most extra interior points a node carries (see {@link Node.points}). */
export const MAX_NODE_POINTS = 8;

/**
 * The most ray targets a node carries (see {@link Node.targets}): the other child's witness at
 * the last split on the path, and the newest before it. Measured on r8 (benchmarks/RESULTS.md,
 * "Look-ahead at split nodes" and the tenth session's section): 0 targets 1.24 LPs per region, 1
 * target 1.149, 2 targets 1.117 in the same time (paired runs, within the noise), 8 targets
 * 1.075 but 15 % slower (each further target's filtered rays cost more than its LPs saved).
 */
export const MAX_NODE_TARGETS = 2;
