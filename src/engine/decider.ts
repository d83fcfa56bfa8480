/**
 * Where the engine decides a neuron. A {@link Decider} is asked about one neuron at one node —
 * its pre-activation z = a·x + c, an exact affine function of the inputs on the node's polyhedron
 * P — and answers `fixed` (z has one sign on P's interior, with the proof), `split` (both sides
 * have interior points, here they are) or `undecided` (ask the next one). The engine asks the
 * deciders of {@link DEFAULT_DECIDERS}-style lists in order and counts who decided, in one place
 * ({@link countDecision}); deciders never count.
 */
import type Fraction from 'fraction.js';
import type { IntegerRow } from '../exact/integerRow.js';
import type { InteriorResult } from '../../solvers/certified.js';
import type { WarmInteriorResult } from '../../solvers/integerInterior.js';
import type { SimplexBasis } from '../../solvers/denseSimplex.js';
import type { VertexPolytope } from '../polyhedra/vertices.js';
import type { Node } from './node.js';
import { type FloatForm, type Witness, floatFormOf, signAt, valueAt } from './witness.js';

/** Why a neuron's sign is fixed on a node's polyhedron (as the split tree and its certificate record it). */
export type SignProof =
  /** The pre-activation is a constant function (its sign is the constant's; 0 counts as off). */
  | { readonly kind: 'constant' }
  /** Exact interval bounds over the domain box prove the sign. */
  | { readonly kind: 'interval' }
  /** Motzkin multipliers (sparse: row index → value) proving the other side has an empty interior. */
  | { readonly kind: 'motzkin'; readonly rows: readonly number[]; readonly values: readonly Fraction[] };

/** One side of a split: an interior point of the node's polyhedron on that side, and its vertex set when known. */
export interface Side {
  readonly witness: Witness;
  readonly polytope?: VertexPolytope;
  /** A warm-start basis for the side's LPs (the certified LP's, when it found this side); absent: the node's. */
  readonly basis?: SimplexBasis;
}

/** A decider's answer. */
export type Decision =
  /** `basis`: the final basis of the LP that proved it, when one did (a warm-start hint, see {@link Side.basis}). */
  | { readonly kind: 'fixed'; readonly sign: 1 | -1; readonly proof: SignProof; readonly basis?: SimplexBasis }
  | { readonly kind: 'split'; readonly positive: Side; readonly negative: Side }
  /** Not decided here; `node`, when given, replaces the node for the deciders after this one and for the children. */
  | { readonly kind: 'undecided'; readonly node?: Node };

/** The undecided answer without a replacement node. */
export const UNDECIDED: Decision = { kind: 'undecided' };

/** The counters of src/regions' statistics a decider's decisions are counted under. */
export type DeciderCounter = 'constant' | 'interval' | 'vertex' | 'reused' | 'rays' | 'paths' | 'points' | 'orderCone' | 'lps' | 'boxed';

/** What deciders may read besides the node: the run's fixed data and its oracles. */
export interface DeciderContext {
  /** The number of network inputs. */
  readonly n: number;
  /** The domain box as integers over one denominator (undefined: the domain is not a box). */
  readonly box: IntegerBox | undefined;
  /** The certified interior-point oracle (rows read strict): an interior point, or Motzkin multipliers. */
  readonly interior: (rows: readonly IntegerRow[]) => InteriorResult;
  /**
   * The same oracle with the float proposal from the warm-started dense simplex, started at
   * `basis` (a basis of an earlier question whose rows are a prefix of `rows`); undefined when
   * the run does not use it (the region engine's `warmLp` option). Certified exactly as `interior`.
   */
  readonly warmInterior: ((rows: readonly IntegerRow[], basis: SimplexBasis | undefined) => WarmInteriorResult) | undefined;
  /** The most vertices a node's vertex set may have; a child with more goes on without one (the LP path). */
  readonly maxVertices: number;
  /** Whether the projected-path decider runs (deciders/projectedPath.ts; the region engine's `projectedPaths` option). */
  readonly projectedPaths: boolean;
}

/** A box lo ≤ x ≤ hi as integers over the common denominator `den`. */
export interface IntegerBox {
  readonly lo: readonly bigint[];
  readonly hi: readonly bigint[];
  readonly den: bigint;
}

/**
 * One question: the sign of z = a·x + c (neuron `neuron` of the node's layer) on the node.
 * Deciders share what they learn about the two sides through `positive`/`negative`: points
 * known strictly on that side of z = 0 inside P (the witness's own side is known from the start).
 */
export class Question {
  readonly node: Node;
  readonly neuron: number;
  readonly a: readonly bigint[];
  readonly c: bigint;
  #atWitness: bigint | undefined;
  #floatForm: FloatForm | undefined | null = null;
  #sides: { positive: Witness | undefined; negative: Witness | undefined } | undefined;

  constructor(node: Node, neuron: number, a: readonly bigint[], c: bigint) {
    this.node = node;
    this.neuron = neuron;
    this.a = a;
    this.c = c;
  }

  /** z's float form, for exact signs at many points ({@link signAt}: a float filter with a rigorous error bound). */
  get floatForm(): FloatForm | undefined {
    if (this.#floatForm === null) this.#floatForm = floatFormOf(this.a, this.c);
    return this.#floatForm;
  }

  /** The exact sign of z at a point. */
  signAt(p: Witness): -1 | 0 | 1 {
    return signAt(this.floatForm, this.a, this.c, p);
  }

  /** z(w)·den_w at the node's witness w (its sign is z's there). */
  get atWitness(): bigint {
    this.#atWitness ??= valueAt(this.a, this.c, this.node.witness);
    return this.#atWitness;
  }

  /** Points known on each side (mutable: a decider that finds one records it for the next). */
  get sides(): { positive: Witness | undefined; negative: Witness | undefined } {
    if (this.#sides === undefined) {
      const zw = this.atWitness;
      const w = this.node.witness;
      this.#sides = { positive: zw > 0n ? w : undefined, negative: zw < 0n ? w : undefined };
    }
    return this.#sides;
  }

  /** The row of the positive side, −z ≤ 0. */
  positiveRow(): IntegerRow {
    return { a: this.a.map((v) => -v), b: this.c };
  }

  /** The row of the negative side, z ≤ 0. */
  negativeRow(): IntegerRow {
    return { a: this.a, b: -this.c };
  }

  /** The question with another node (same neuron), for a decider's replacement node. */
  on(node: Node): Question {
    return new Question(node, this.neuron, this.a, this.c);
  }
}

/** A way to decide a neuron. */
export interface Decider {
  /** A name for messages and docs. */
  readonly name: string;
  /** The statistics counter its decisions are counted under. */
  readonly counter: DeciderCounter;
  decide(question: Question, context: DeciderContext): Decision;
}

/** The answer of a list of deciders, and who gave it (undefined: none decided). */
export interface Answer {
  readonly decision: Exclude<Decision, { kind: 'undecided' }> | undefined;
  readonly by: Decider | undefined;
  /** The node after any replacements (the children descend from it). */
  readonly node: Node;
}

/** Asks the deciders in order until one decides. */
export function ask(deciders: readonly Decider[], question: Question, context: DeciderContext): Answer {
  let q = question;
  for (const decider of deciders) {
    const d = decider.decide(q, context);
    if (d.kind !== 'undecided') return { decision: d, by: decider, node: q.node };
    if (d.node !== undefined) q = q.on(d.node);
  }
  return { decision: undefined, by: undefined, node: q.node };
}

/** Counters {@link countDecision} updates. */
export type DecisionCounts = Record<DeciderCounter | 'splits', number>;

/**
 * The one place decisions are counted: the decider's counter, and a split when the answer is one
 * and `splits` is asked for (node decisions; the layer-entry pre-pass counts no splits).
 */
export function countDecision(stats: DecisionCounts, answer: Answer, splits: boolean): void {
  if (answer.by === undefined || answer.decision === undefined) return;
  stats[answer.by.counter]++;
  if (splits && answer.decision.kind === 'split') stats.splits++;
}
