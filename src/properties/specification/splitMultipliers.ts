/**
 * Multipliers β of a leaf's phase-split constraints, by linear programming, for a leaf on which
 * the bounds fix every hidden neuron (phase-split, or stable: l ≥ 0 or u ≤ 0). There the network
 * is one affine map N_P (the pattern P of the fixed phases), the leaf is the polytope
 *
 *   X = { x ∈ box : s_i z_i(x) ≥ 0 for every split neuron i },
 *
 * and the best bound of f(x) = Σ_r λ_r m_r(x) over X is an LP. By LP duality its optimum is
 * max over β ≥ 0 of min over the box of f(x) − Σ_i β_i s_i z_i(x): exactly the Lagrangian the
 * checker's leaf functions evaluate with the backward multipliers μ_i − s_i β_i at the split
 * neurons (checker/leafExact.ts, step 2; β-CROWN, Wang et al. 2021, optimises the same β by
 * gradient ascent, here the LP gives the optimum). The duals of the split rows are that β. When X
 * is empty, Farkas multipliers of the split rows, scaled up, make the same Lagrangian as large as
 * one likes: the leaf closes by a bound as well.
 *
 * Floats propose here too: the LP layer's answer is certified exactly (solvers/certified.ts), but
 * only the checker's leaf function, run on the rounded β, decides whether the leaf closes. The
 * pattern is read from float bounds; if it is wrong, the bound just fails to prove.
 */
import Fraction from 'fraction.js';
import { maximize } from '../../../solvers/certified.js';
import { type ExactRow, combineInputParts, combineRows } from '../../checker/leafExact.js';
import { float64ToRational } from '../../exact/rational.js';
import { type AffineMap, preactivationMaps } from '../../network/affine.js';
import type { Network } from '../../network/model.js';
import type { LinearConstraint } from '../../polyhedra/system.js';

/** A split neuron's multiplier: layer, neuron, β. */
export type SplitMultiplier = readonly [layer: number, neuron: number, beta: Fraction];

/** What {@link splitMultipliers} proposes: β per split, or several scaled candidates when X is empty. */
export type SplitMultiplierProposal = { readonly kind: 'optimal'; readonly beta: readonly SplitMultiplier[] } | { readonly kind: 'empty'; readonly candidates: readonly (readonly SplitMultiplier[])[] };

/** Factors tried on the Farkas multipliers of an empty leaf. */
const EMPTY_SCALES = [2 ** 10, 2 ** 24, 2 ** 40];

function mapRow(map: AffineMap, i: number, n: number): { a: Fraction[]; c: Fraction } {
  const row = map.num[i] as bigint[];
  return { a: Array.from({ length: n }, (_, t) => new Fraction(row[t] as bigint, map.den)), c: new Fraction(map.offset[i] as bigint, map.den) };
}

/**
 * β rounded to a float's value (53 significant bits): short numbers for the certificate; any β is
 * valid. A β beyond the double range (it would overflow, or underflow to 0 and lose the bound it
 * gives) stays exact.
 */
function short(v: Fraction): Fraction {
  const f = v.valueOf();
  if (!Number.isFinite(f) || (f === 0 && v.n !== 0n)) return v;
  return float64ToRational(f);
}

/**
 * The LP multipliers of the split constraints for the objective Σλ_r m_r, or undefined when the
 * LP is unbounded (cannot happen on a box) or the leaf has no split.
 * @param boundNet the network the leaf functions bound (checker/leafNetwork.ts)
 * @param pattern per layer of `boundNet`, which neurons are on (identity layers: all)
 * @param phases per hidden layer, the split phases (+1, −1, 0)
 */
export function splitMultipliers(
  boundNet: Network,
  lo: readonly Fraction[],
  hi: readonly Fraction[],
  pattern: readonly (readonly boolean[])[],
  phases: readonly Int8Array[],
  rows: readonly ExactRow[],
  lambda: readonly Fraction[],
): SplitMultiplierProposal | undefined {
  const n = boundNet.inputs;
  const maps = preactivationMaps(boundNet, pattern);
  const constraints: LinearConstraint[] = [];
  const unit = (t: number, s: number): Fraction[] => Array.from({ length: n }, (_, q) => new Fraction(q === t ? s : 0));
  lo.forEach((l, t) => {
    constraints.push({ coefficients: unit(t, 1), relation: '<=', rhs: hi[t] as Fraction });
    constraints.push({ coefficients: unit(t, -1), relation: '<=', rhs: l.neg() });
  });
  const splits: [number, number, number][] = []; // layer, neuron, row index
  phases.forEach((p, k) => {
    for (let i = 0; i < p.length; i++) {
      const s = p[i] as number;
      if (s === 0) continue;
      const { a, c } = mapRow(maps[k] as AffineMap, i, n);
      // s z(x) ≥ 0 as a row: −s a·x ≤ s c.
      splits.push([k, i, constraints.length]);
      constraints.push({ coefficients: a.map((v) => (s > 0 ? v.neg() : v)), relation: '<=', rhs: s > 0 ? c : c.neg() });
    }
  });
  if (splits.length === 0) return undefined;
  // f(x) = c·N_P(x) + e·x + d, N_P the last layer's map (boundNet ends with an identity layer).
  const outputs = (maps[maps.length - 1] as AffineMap).num.length;
  const cd = combineRows(rows, lambda, outputs);
  const e = combineInputParts(rows, lambda, n);
  const last = maps[maps.length - 1] as AffineMap;
  const objective = Array.from({ length: n }, (_, t) => e?.[t] ?? new Fraction(0));
  for (let i = 0; i < outputs; i++) {
    const w = cd[i] as Fraction;
    if (w.n === 0n) continue;
    const { a } = mapRow(last, i, n);
    a.forEach((v, t) => (objective[t] = (objective[t] as Fraction).add(w.mul(v))));
  }
  // min f = −max(−f).
  const answer = maximize(
    objective.map((v) => v.neg()),
    { variables: n, constraints },
  );
  if (answer.kind === 'optimal') return { kind: 'optimal', beta: splits.map(([k, i, r]) => [k, i, short(answer.dual[r] as Fraction)] as const) };
  if (answer.kind === 'infeasible') {
    const y = splits.map(([, , r]) => answer.multipliers[r] as Fraction);
    const top = y.reduce((m, v) => (v.abs().compare(m) > 0 ? v.abs() : m), new Fraction(0));
    if (top.n === 0n) return undefined;
    return { kind: 'empty', candidates: EMPTY_SCALES.map((scale) => splits.map(([k, i], q) => [k, i, short((y[q] as Fraction).div(top).mul(scale))] as const)) };
  }
  return undefined;
}
