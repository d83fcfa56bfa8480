/**
 * The pre-pass at a layer's entry polyhedron P: every neuron whose sign is fixed on P, with a
 * Motzkin proof that stays valid in every node of the layer's subtree (their rows extend P's), so
 * that later splits in the layer need no new LP for it (the layer-entry decider reuses them).
 *
 * Cheap tests first, by the same deciders the nodes use (constant, interval: those need no
 * proof to keep, the nodes decide them again for free), then the witness and a ray to the far
 * side; then, when many neurons remain, P's bounding box from 2n certified LPs, whose exact duals
 * combine into a Motzkin certificate for every neuron the box settles (see {@link boxProof}); the
 * order-cone and certified-LP deciders for the rest.
 */
import Fraction from 'fraction.js';
import type { IntegerRow } from '../exact/integerRow.js';
import type { AffineMap } from '../network/affine.js';
import { orderConeInterior } from '../polyhedra/differenceCone.js';
import { type CertifiedOptions, maximize } from '../../solvers/certified.js';
import type { SimplexBasis } from '../../solvers/denseSimplex.js';
import { type DeciderContext, type DecisionCounts, Question, ask, countDecision } from './decider.js';
import { certifiedLpDecider } from './deciders/certifiedLp.js';
import { constantDecider } from './deciders/constant.js';
import { intervalDecider } from './deciders/interval.js';
import { orderConeDecider } from './deciders/orderCone.js';
import { pointsDecider } from './deciders/points.js';
import { projectedPathDecider } from './deciders/projectedPath.js';
import { rayDecider } from './deciders/ray.js';
import type { EntryDecision, EntryMotzkin, LayerEntry, Node } from './node.js';
import { rowsToSystem } from './rows.js';
import { type Witness, valueAt } from './witness.js';

/** Deciders whose answers need no proof kept at the entry (the nodes ask them again). */
const FREE = [constantDecider, intervalDecider];
/** Deciders that show a neuron cuts P from points (no LP; Node.points and Node.targets when the node has them). */
const SIDES = [pointsDecider, projectedPathDecider, rayDecider];
/** Deciders for the neurons still open after the bounding box. */
const INTERIOR = [orderConeDecider, certifiedLpDecider];

/** Counters of the pre-pass. */
export type EntryCounts = DecisionCounts & { boxLps: number };

/** Runs the pre-pass at `node` (the first neuron of a ReLU layer); `passing` are pass-through neurons (skipped). */
export function layerEntry(node: Node, passing: ReadonlyMap<number, number> | undefined, context: DeciderContext, lp: CertifiedOptions, stats: EntryCounts): LayerEntry {
  const z: AffineMap = node.pre;
  const { rows, witness: w } = node;
  const n = context.n;
  const decided = new Map<number, EntryDecision>();
  const open: number[] = [];
  const found: Witness[] = [];
  let basis: SimplexBasis | undefined;
  z.num.forEach((a, i) => {
    if (passing?.has(i) === true) return;
    const c = z.offset[i] as bigint;
    const q = new Question(node, i, a, c);
    if (ask(FREE, q, context).decision !== undefined) return;
    const zw = valueAt(a, c, w);
    if (zw === 0n) return; // both sides touch the witness: it cuts P
    // The far side by the node's further points, then rays (from the witness, the points, towards the targets).
    const sides = ask(SIDES, q, context).decision;
    if (sides?.kind !== 'split') open.push(i);
    else for (const p of [sides.positive.witness, sides.negative.witness]) if (p !== w) found.push(p);
  });
  if (open.length === 0) return { decided, found };
  // An order cone is unbounded (it contains the line R·(1, …, 1)): no bounding box there.
  const bounds = open.length > 2 * n && orderConeInterior(rows, n) === undefined ? boundingBox(rows, n, lp, stats) : undefined;
  for (const i of open) {
    const a = z.num[i] as bigint[];
    const c = z.offset[i] as bigint;
    const side: 1 | -1 = valueAt(a, c, w) > 0n ? 1 : -1;
    const composed = bounds === undefined ? undefined : boxProof(bounds, a, c, side);
    if (composed !== undefined) {
      stats.boxed++;
      decided.set(i, { sign: side, proof: composed });
      continue;
    }
    const answer = ask(INTERIOR, new Question(node, i, a, c), context);
    countDecision(stats, answer, false);
    const d = answer.decision;
    if (d?.kind === 'fixed' && d.proof.kind === 'motzkin') decided.set(i, { sign: side, proof: entryMotzkin(d.proof, rows.length) });
    if (d?.kind === 'split') found.push(d.positive.witness === w ? d.negative.witness : d.positive.witness);
    // The last LP's basis on P's own rows (not its far-side row): a warm start for the layer's nodes.
    const last = d === undefined ? undefined : d.kind === 'fixed' ? d.basis : (d.positive.basis ?? d.negative.basis);
    if (last !== undefined && last.every((r) => r < rows.length)) basis = last;
  }
  return { decided, found, ...(basis !== undefined ? { basis } : {}) };
}

/** Splits multipliers over [P's rows, far row] into the entry form. */
export function entryMotzkin(m: { readonly rows: readonly number[]; readonly values: readonly Fraction[] }, entryRows: number): EntryMotzkin {
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
  return { rows, values, far };
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

/** P's bounding box: for each coordinate, certified max and min with their exact duals (undefined where unbounded). */
function boundingBox(rows: readonly IntegerRow[], n: number, lp: CertifiedOptions, stats: EntryCounts): BoundingBox {
  const system = rowsToSystem(rows, n);
  const upper: (BoxBound | undefined)[] = [];
  const lower: (BoxBound | undefined)[] = [];
  for (let j = 0; j < n; j++) {
    for (const s of [1, -1] as const) {
      stats.lps++;
      stats.boxLps++;
      const objective = Array.from({ length: n }, (_, q) => new Fraction(q === j ? BigInt(s) : 0n));
      const r = maximize(objective, system, lp);
      const bound = r.kind === 'optimal' ? { value: r.value, dual: r.dual } : undefined;
      (s > 0 ? upper : lower).push(bound);
    }
  }
  return { upper, lower };
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
  return { rows, values: rows.map((t) => total.get(t) as Fraction), far: new Fraction(1n) };
}
