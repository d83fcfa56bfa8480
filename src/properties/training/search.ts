/**
 * Global-optimal training of a one-hidden-layer ReLU network: the algorithm of Arora, Basu,
 * Mianjy and Mukherjee ("Understanding Deep Neural Networks with Rectified Linear Units",
 * ICLR 2018, Thm 4.1 / Alg. 1), run in exact arithmetic with a certificate for every step.
 *
 * Alg. 1 enumerates, for every sign vector s ∈ {±1}^w and every w-tuple of affine dichotomies,
 * one convex program (here an LP, {@link solvePatternLp}); every feasible point of every program
 * is a network with exactly that loss and every network is feasible for the program of its own
 * patterns, so the least optimum is the global optimum. The naive count is 2^w·K^w programs
 * (K dichotomies). This search solves far fewer, by three exact reductions and one bound:
 *
 * 1. **Zero units.** A unit with P = ∅ is 0 on the data, whatever its sign: it is dropped. The
 *    remaining *unit types* are (d, s) with P_d ≠ ∅.
 * 2. **Symmetry.** Units are interchangeable: a network is a multiset of types.
 * 3. **Repeats and monotonicity.** Two units of one type (d, s) equal one unit of that type on
 *    the data (the sum of two affine functions ≥ 0 on P_d and ≤ 0 on N_d is another), and the LP
 *    of a set S of types is the LP of any S' ⊇ S with the extra units set to 0, so its optimum is
 *    ≥ that of S'. Hence the optimum is the least LP value over the L-element *sets* of types,
 *    L = min(w, number of types): C(2(K−1), L) leaves instead of 2^w·K^w.
 * 4. **Bounding.** Leaves are visited as a tree: the units of sign −1 first, then those of sign
 *    +1, each in dichotomy order; once the remaining units all have one sign s, the LP with the
 *    fixed units plus a relaxed block (one slot of sign s per dichotomy that the remaining units
 *    may still have; see patternLp.ts) bounds every leaf below the node. Siblings are visited in
 *    the order of their bounds (best first), and a subtree whose bound reaches the best loss
 *    found so far is pruned — the bound's dual multipliers are its certificate.
 * 5. **Zero loss.** A network with loss 0 ends the search: no loss is negative, so no bound is
 *    needed for the leaves not yet visited (the checker accepts optimum 0 without coverage).
 *
 * Every LP answer is certified exactly (solvers/certified.ts); floats only propose.
 */
import type Fraction from 'fraction.js';
import { type CertifiedOptions, type LpStats, createLpStats } from '../../../solvers/certified.js';
import type { Network } from '../../network/model.js';
import { Budget, BudgetExhausted } from './budget.js';
import { type TrainingData, type TrainingLoss, checkDataForLoss } from './data.js';
import { type Dichotomy, enumerateDichotomies } from './dichotomies.js';
import { type TrainingProblem, type UnitPattern, blockDichotomies, patternNetwork, solvePatternLp } from './patternLp.js';
import { InputError } from '../../errors.js';
import type { StopReason } from '../../stopCondition.js';

/** Options of {@link trainOptimal}. */
export interface TrainOptions extends Omit<CertifiedOptions, 'stats'> {
  /** Number w ≥ 1 of hidden units. */
  readonly width: number;
  readonly loss: TrainingLoss;
  /** Whether the output has a bias c (default false: f = Σ s_j relu(a_j·x + b_j)). */
  readonly outputBias?: boolean;
  /** Most LPs to solve (dichotomy and pattern LPs together). */
  readonly maxLps?: number;
  /** Wall-clock limit in milliseconds. */
  readonly timeoutMs?: number;
  /** Whether to prune subtrees by relaxed-block bounds (default true). */
  readonly prune?: boolean;
  /** Least number of leaves below a node for a bound to be tried (default 4). */
  readonly pruneMinLeaves?: number;
  /**
   * A bound is tried only when the leaves below number at least this many times the slots of its
   * relaxed block (default 2): a bound LP costs about as much as that many leaf LPs.
   */
  readonly pruneLeafFactor?: number;
  /** Whether to keep the per-leaf dual multipliers for a certificate (default true). */
  readonly collectBounds?: boolean;
  /** Where to count the LP layer's work (default: a fresh counter, reported in the stats). */
  readonly lpStats?: LpStats;
}

/** Exact sparse multipliers: nonzero entries of a vector of `length` rationals. */
export interface SparseDual {
  readonly length: number;
  readonly rows: readonly number[];
  readonly values: readonly Fraction[];
}

/**
 * A proven lower bound: every network whose units include `units` (and, when `relaxed` is set,
 * otherwise only units of sign `relaxed` with dichotomy index ≥ relaxedFrom) has loss ≥ value. Proof: `dual` on the pattern LP.
 */
export interface BoundRecord {
  readonly units: readonly UnitPattern[];
  readonly relaxed?: 1 | -1;
  /** With `relaxed`: the further units have dichotomy index ≥ relaxedFrom. */
  readonly relaxedFrom?: number;
  readonly value: Fraction;
  readonly dual: SparseDual;
}

/** Work done by a search. */
export interface TrainStats {
  readonly points: number;
  readonly distinctPoints: number;
  readonly dichotomies: number;
  readonly dichotomyLps: number;
  /** LPs of leaves (one set of unit types each). */
  readonly leafLps: number;
  /** LPs of relaxed-block bounds. */
  readonly boundLps: number;
  /** Bounds that pruned a subtree. */
  readonly prunedSubtrees: number;
  /** Leaves not solved because a bound covered them. */
  readonly prunedLeaves: number;
  /** Leaves: L-element sets of unit types. */
  readonly leaves: number;
  /** Pattern LPs of Alg. 1 as written: 2^w · K^w. */
  readonly naiveLps: number;
  /** All LPs solved (dichotomies, leaves, bounds). */
  readonly lpsSolved: number;
  readonly milliseconds: number;
  readonly lp: LpStats;
}

/** The best network found and its exact loss. */
export interface BestNetwork {
  readonly loss: Fraction;
  readonly network: Network;
  readonly units: readonly UnitPattern[];
}

/** What {@link trainOptimal} finds. */
export type TrainResult =
  | {
      readonly status: 'optimal';
      /** The exact global optimum of the training loss. */
      readonly optimum: Fraction;
      /** A network attaining it. */
      readonly best: BestNetwork;
      readonly dichotomies: readonly Dichotomy[];
      /** Lower bounds covering every leaf (empty unless collectBounds; partial when the optimum is 0). */
      readonly bounds: readonly BoundRecord[];
      readonly stats: TrainStats;
    }
  | {
      readonly status: 'unknown';
      readonly reason: 'max-lps' | StopReason;
      /** The best network found before the limit — *not* proven optimal. */
      readonly best: BestNetwork | undefined;
      readonly stats: TrainStats;
    };

/** The non-zero unit types (d, s), P_d ≠ ∅: all of sign +1, then all of sign −1, dichotomies in list order. */
export function unitTypes(dichotomies: readonly Dichotomy[]): UnitPattern[] {
  const block = blockDichotomies(dichotomies);
  return [...block.map((d) => ({ dichotomy: d, sign: 1 as const })), ...block.map((d) => ({ dichotomy: d, sign: -1 as const }))];
}

function binomial(n: number, k: number): number {
  if (k < 0 || k > n) return 0;
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return Math.round(r);
}

function sparse(values: readonly Fraction[]): SparseDual {
  const rows: number[] = [];
  const nz: Fraction[] = [];
  values.forEach((v, i) => {
    if (v.n !== 0n) {
      rows.push(i);
      nz.push(v);
    }
  });
  return { length: values.length, rows, values: nz };
}

/**
 * Trains a width-w one-hidden-layer ReLU network to global optimality (see the module comment),
 * exactly. Returns the optimum, an optimal network, the dichotomies and the bounds that make up
 * the certificate — or, when a limit is reached, "unknown" with the best network so far.
 * @throws InputError for width < 1, an empty data set, or hinge labels other than ±1.
 */
export function trainOptimal(data: TrainingData, options: TrainOptions): TrainResult {
  const started = Date.now();
  const { width, loss } = options;
  if (!Number.isSafeInteger(width) || width < 1) throw new InputError('usage', `the width must be a positive integer, got ${width}`, { path: '--width' });
  if (data.inputs.length === 0) throw new InputError('dimension', 'the data set is empty');
  checkDataForLoss(data, loss);
  const lp = options.lpStats ?? createLpStats();
  const certified: CertifiedOptions = { stats: lp, ...(options.solver !== undefined ? { solver: options.solver } : {}) };
  const budget = new Budget(options.maxLps, options.timeoutMs);
  const prune = options.prune ?? true;
  const pruneMinLeaves = options.pruneMinLeaves ?? 4;
  const pruneLeafFactor = options.pruneLeafFactor ?? 2;
  const collect = options.collectBounds ?? true;
  const counters = { dichotomyLps: 0, leafLps: 0, boundLps: 0, prunedSubtrees: 0, prunedLeaves: 0, leaves: 0, distinct: 0, dichotomies: 0, naive: 0 };
  const stats = (): TrainStats => ({
    points: data.inputs.length,
    distinctPoints: counters.distinct,
    dichotomies: counters.dichotomies,
    dichotomyLps: counters.dichotomyLps,
    leafLps: counters.leafLps,
    boundLps: counters.boundLps,
    prunedSubtrees: counters.prunedSubtrees,
    prunedLeaves: counters.prunedLeaves,
    leaves: counters.leaves,
    naiveLps: counters.naive,
    lpsSolved: budget.lps,
    milliseconds: Date.now() - started,
    lp: { ...lp },
  });
  let best: BestNetwork | undefined;
  const bounds: BoundRecord[] = [];
  try {
    const enumeration = enumerateDichotomies(data.inputs, { ...certified, budget });
    const dichotomies = enumeration.dichotomies;
    counters.dichotomyLps = enumeration.lps;
    counters.distinct = enumeration.distinctPoints;
    counters.dichotomies = dichotomies.length;
    counters.naive = 2 ** width * dichotomies.length ** width;
    const problem: TrainingProblem = { data, loss, outputBias: options.outputBias ?? false, dichotomies };
    const types = unitTypes(dichotomies);
    const plusTypes = types.filter((t) => t.sign === 1);
    const minusTypes = types.filter((t) => t.sign === -1);
    const L = Math.min(width, types.length);
    counters.leaves = binomial(types.length, L);

    /** Raised when a leaf fits the data exactly: no loss is below 0, so the search is over. */
    const ZERO_LOSS = Symbol('zero loss');
    const solveLeaf = (units: readonly UnitPattern[]): void => {
      budget.spend();
      counters.leafLps++;
      const s = solvePatternLp(problem, { units }, certified);
      if (collect) bounds.push({ units: [...units], value: s.value, dual: sparse(s.dual) });
      if (best === undefined || s.value.compare(best.loss) < 0) {
        best = { loss: s.value, network: patternNetwork(problem, units, s.primal, width), units: [...units] };
        if (s.value.n === 0n) throw ZERO_LOSS;
      }
    };
    /**
     * A node of the search tree: `chosen` so far; still to choose `minusLeft` types of sign −1
     * from minusTypes[minusFrom..] and then `plusLeft` of sign +1 from plusTypes[plusFrom..].
     */
    interface Node {
      readonly chosen: readonly UnitPattern[];
      readonly minusLeft: number;
      readonly minusFrom: number;
      readonly plusLeft: number;
      readonly plusFrom: number;
    }
    const leavesBelow = (v: Node): number => binomial(minusTypes.length - v.minusFrom, v.minusLeft) * binomial(plusTypes.length - v.plusFrom, v.plusLeft);
    /** The relaxed block of a node: the sign and first dichotomy of the units still to choose, when they all have one sign. */
    const blockOf = (v: Node): { sign: 1 | -1; from: number } | undefined => {
      if (v.minusLeft === 0 && v.plusLeft > 0) return { sign: 1, from: plusTypes[v.plusFrom].dichotomy };
      if (v.plusLeft === 0 && v.minusLeft > 0) return { sign: -1, from: minusTypes[v.minusFrom].dichotomy };
      return undefined;
    };
    interface NodeBound {
      readonly value: Fraction;
      readonly record: () => BoundRecord;
    }
    /** The relaxed-block bound of a node (one LP), when pruning is on and enough leaves lie below. */
    const boundOf = (v: Node): NodeBound | undefined => {
      const block = blockOf(v);
      if (!prune || block === undefined) return undefined;
      const below = leavesBelow(v);
      if (below < pruneMinLeaves || below < pruneLeafFactor * blockDichotomies(dichotomies, block.from).length) return undefined;
      budget.spend();
      counters.boundLps++;
      const s = solvePatternLp(problem, { units: v.chosen, relaxed: block.sign, relaxedFrom: block.from }, certified);
      return { value: s.value, record: () => ({ units: [...v.chosen], relaxed: block.sign, relaxedFrom: block.from, value: s.value, dual: sparse(s.dual) }) };
    };
    const prunes = (b: NodeBound | undefined): b is NodeBound => b !== undefined && best !== undefined && b.value.compare(best.loss) >= 0;
    const pruned = (v: Node, b: NodeBound): void => {
      counters.prunedSubtrees++;
      counters.prunedLeaves += leavesBelow(v);
      if (collect) bounds.push(b.record());
    };
    const children = (v: Node): Node[] => {
      const out: Node[] = [];
      if (v.minusLeft > 0) {
        for (let k = v.minusFrom; k <= minusTypes.length - v.minusLeft; k++) out.push({ ...v, chosen: [...v.chosen, minusTypes[k]], minusLeft: v.minusLeft - 1, minusFrom: k + 1 });
      } else {
        for (let k = v.plusFrom; k <= plusTypes.length - v.plusLeft; k++) out.push({ ...v, chosen: [...v.chosen, plusTypes[k]], plusLeft: v.plusLeft - 1, plusFrom: k + 1 });
      }
      return out;
    };
    /**
     * Visits a node whose own bound (if any) did not prune it. Children that are inner nodes get
     * their bounds first and are visited best-bound-first, so that a good incumbent is found early
     * and the remaining siblings are pruned by bounds already paid for.
     */
    const expand = (v: Node): void => {
      if (v.minusLeft === 0 && v.plusLeft === 0) {
        solveLeaf(v.chosen);
        return;
      }
      const kids = children(v).map((child) => ({ child, bound: child.minusLeft + child.plusLeft > 0 ? boundOf(child) : undefined }));
      kids.sort((a, b) => (a.bound === undefined ? (b.bound === undefined ? 0 : -1) : b.bound === undefined ? 1 : a.bound.value.compare(b.bound.value)));
      for (const { child, bound } of kids) {
        if (prunes(bound)) pruned(child, bound);
        else expand(child);
      }
    };
    // Sign splits: p units of sign +1, L − p of sign −1. Mixed splits first: with both signs the
    // fits are best on most data, and an early good incumbent makes the bounds prune more.
    const splits = Array.from({ length: L + 1 }, (_, p) => p).sort((a, b) => Math.abs(2 * a - L) - Math.abs(2 * b - L));
    try {
      for (const p of splits) {
        const q = L - p;
        if (p > plusTypes.length || q > minusTypes.length) continue;
        // The −1 units first; once they are all chosen the rest have sign +1 and bounds apply.
        // With p = 0 the −1 units are the last ones, so bounds apply among them.
        const root: Node = { chosen: [], minusLeft: q, minusFrom: 0, plusLeft: p, plusFrom: 0 };
        const bound = best === undefined ? undefined : boundOf(root);
        if (prunes(bound)) pruned(root, bound);
        else expand(root);
      }
    } catch (e) {
      // Zero loss is the least possible: every loss is a sum or maximum of nonnegative terms.
      if (e !== ZERO_LOSS) throw e;
    }
    if (best === undefined) throw new Error('internal error: the search found no network');
    return { status: 'optimal', optimum: best.loss, best, dichotomies, bounds, stats: stats() };
  } catch (e) {
    if (e instanceof BudgetExhausted) return { status: 'unknown', reason: e.limit, best, stats: stats() };
    throw e;
  }
}
