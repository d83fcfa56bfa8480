/**
 * The linear program of one combination of unit patterns (Arora, Basu, Mianjy, Mukherjee,
 * ICLR 2018, Thm 4.1 / Alg. 1, inner step), and its certified solution.
 *
 * Model: f(x) = Σ_j s_j · relu(a_j·x + b_j) (+ c with an output bias), s_j ∈ {−1, +1} — no loss
 * of generality for a linear output layer, since t·relu(z) = sign(t)·relu(|t|·z) (positive
 * homogeneity). Fix for each unit j a dichotomy (P_j, N_j) and its sign s_j. On the data, the
 * closed constraints a_j·x_i + b_j ≥ 0 (i ∈ P_j), ≤ 0 (i ∈ N_j) make relu(a_j·x_i + b_j) equal to
 * a_j·x_i + b_j on P_j and to 0 on N_j (relu(0) = 0 on both sides), so the prediction
 *     f_i = Σ_j s_j [i ∈ P_j] (a_j·x_i + b_j) + c
 * is *linear* in the unknowns and every feasible point is a network whose loss is exactly the
 * LP's objective. ℓ1, ℓ∞ and hinge losses are linear programs with epigraph variables.
 *
 * ## The canonical layout (shared, by documentation only, with src/checker/training.ts)
 * Variables, in order: (a_j, b_j) for each unit j (n + 1 each); when `relaxed` is set, (a_d, b_d)
 * for each dichotomy d of the list with P_d ≠ ∅ and index ≥ `relaxedFrom`, in list order; c when there is an output bias;
 * then the loss variables — e_1..e_D (ℓ1), t (ℓ∞), h_1..h_D (hinge).
 * Rows, all `≤`, in order:
 * 1. for each unit j, for each point i: −(a_j·x_i + b_j) ≤ 0 if i ∈ P_j, else a_j·x_i + b_j ≤ 0;
 * 2. the same for each block dichotomy d when relaxed;
 * 3. for each point i, two rows: ℓ1 `f_i − e_i ≤ y_i`, `−f_i − e_i ≤ −y_i`; ℓ∞ the same with t;
 *    hinge `−y_i f_i − h_i ≤ −1`, `−h_i ≤ 0` — where f_i also gets s·Σ_{d: i ∈ P_d}(a_d·x_i + b_d)
 *    from the relaxed block.
 * The objective, minimized: Σ e_i, t, or Σ h_i.
 *
 * ## The relaxed block (a subtree bound)
 * With `relaxed = s`, the block stands for "any number of further units, all of sign s, with
 * dichotomy index ≥ relaxedFrom": a unit of sign s with dichotomy d fits in the block's slot d, distinct units of one sign with distinct
 * dichotomies occupy distinct slots, unused slots are 0. So the LP's optimum is a lower bound on
 * the loss of every network that has the fixed units plus any further units of sign s.
 *
 * ## The certificate of a bound
 * The LP is solved by {@link maximize} on −objective; its dual u ≥ 0 gives y = −u ≤ 0 with
 * Σ y_r A_r = objective and Σ y_r b_r = value, so for every feasible z:
 * objective·z = Σ y_r (A_r·z) ≥ Σ y_r b_r = value (y_r ≤ 0, A_r·z ≤ b_r) — weak duality.
 * Multipliers on a row that repeats an earlier row (duplicated data points; for ℓ∞ two points
 * with the same target inactive in every unit) are moved onto the first copy, the canonical
 * form the checker demands (src/certificates/multipliers.ts).
 */
import Fraction from 'fraction.js';
import { type CertifiedOptions, maximize } from '../../../solvers/certified.js';
import { canonicalMultipliers } from '../../certificates/multipliers.js';
import { denseLayer, type Network } from '../../network/model.js';
import type { LinearConstraint, LinearSystem } from '../../polyhedra/system.js';
import type { TrainingData, TrainingLoss } from './data.js';
import type { Dichotomy } from './dichotomies.js';

/** A hidden unit's pattern: a dichotomy (by index in the list) and an output sign. */
export interface UnitPattern {
  readonly dichotomy: number;
  readonly sign: 1 | -1;
}

/** The training problem common to every pattern LP. */
export interface TrainingProblem {
  readonly data: TrainingData;
  readonly loss: TrainingLoss;
  readonly outputBias: boolean;
  /** The dichotomy list (the empty dichotomy included). */
  readonly dichotomies: readonly Dichotomy[];
}

/**
 * A pattern LP: fixed units, and optionally a relaxed block of sign `relaxed` over the
 * dichotomies with P ≠ ∅ and list index ≥ `relaxedFrom` (default 0).
 */
export interface PatternQuery {
  readonly units: readonly UnitPattern[];
  readonly relaxed?: 1 | -1;
  readonly relaxedFrom?: number;
}

/** A built pattern LP. */
export interface PatternLp {
  readonly system: LinearSystem;
  /** Objective to minimize. */
  readonly objective: readonly Fraction[];
  /** Index of the first variable of the output bias (−1 if none). */
  readonly biasVariable: number;
}

/** The certified optimum of a pattern LP. */
export interface PatternSolution {
  /** The minimum loss over the LP (exact). */
  readonly value: Fraction;
  /** An optimal point. */
  readonly primal: readonly Fraction[];
  /** y ≤ 0, one per row, proving loss ≥ value (duplicates merged onto first copies). */
  readonly dual: readonly Fraction[];
}

const ZERO = new Fraction(0n);
const ONE = new Fraction(1n);
const MINUS_ONE = new Fraction(-1n);

/** Indices of the dichotomies that form the relaxed block: those with P ≠ ∅ and index ≥ from, in list order. */
export function blockDichotomies(dichotomies: readonly Dichotomy[], from = 0): number[] {
  return dichotomies.flatMap((d, k) => (k >= from && d.positive.some((b) => b) ? [k] : []));
}

/** Builds the pattern LP in the canonical layout (see the module comment). */
export function buildPatternLp(problem: TrainingProblem, query: PatternQuery): PatternLp {
  const { data, loss, outputBias, dichotomies } = problem;
  const D = data.inputs.length;
  const n = data.inputs[0].length;
  const slots: { dichotomy: number; sign: 1 | -1 }[] = [...query.units];
  if (query.relaxed !== undefined) for (const d of blockDichotomies(dichotomies, query.relaxedFrom ?? 0)) slots.push({ dichotomy: d, sign: query.relaxed });
  const biasVariable = outputBias ? slots.length * (n + 1) : -1;
  const lossStart = slots.length * (n + 1) + (outputBias ? 1 : 0);
  const variables = lossStart + (loss === 'linf' ? 1 : D);
  const constraints: LinearConstraint[] = [];
  // Rows 1 and 2: the dichotomy of every slot.
  slots.forEach((slot, j) => {
    const d = dichotomies[slot.dichotomy];
    for (let i = 0; i < D; i++) {
      const row = new Array<Fraction>(variables).fill(ZERO);
      const sign = d.positive[i] ? MINUS_ONE : ONE;
      const x = data.inputs[i];
      for (let k = 0; k < n; k++) row[j * (n + 1) + k] = sign.mul(x[k]);
      row[j * (n + 1) + n] = sign;
      constraints.push({ coefficients: row, relation: '<=', rhs: ZERO });
    }
  });
  // Rows 3: the loss.
  for (let i = 0; i < D; i++) {
    const f = new Array<Fraction>(variables).fill(ZERO);
    const x = data.inputs[i];
    slots.forEach((slot, j) => {
      if (!dichotomies[slot.dichotomy].positive[i]) return;
      const s = slot.sign === 1 ? ONE : MINUS_ONE;
      for (let k = 0; k < n; k++) f[j * (n + 1) + k] = s.mul(x[k]);
      f[j * (n + 1) + n] = s;
    });
    if (outputBias) f[biasVariable] = ONE;
    const y = data.targets[i];
    const lossVar = loss === 'linf' ? lossStart : lossStart + i;
    if (loss === 'hinge') {
      const row = f.map((v) => v.mul(y).neg());
      row[lossVar] = MINUS_ONE;
      constraints.push({ coefficients: row, relation: '<=', rhs: MINUS_ONE });
      const nonneg = new Array<Fraction>(variables).fill(ZERO);
      nonneg[lossVar] = MINUS_ONE;
      constraints.push({ coefficients: nonneg, relation: '<=', rhs: ZERO });
    } else {
      const above = [...f];
      above[lossVar] = MINUS_ONE;
      constraints.push({ coefficients: above, relation: '<=', rhs: y });
      const below = f.map((v) => v.neg());
      below[lossVar] = MINUS_ONE;
      constraints.push({ coefficients: below, relation: '<=', rhs: y.neg() });
    }
  }
  const objective = new Array<Fraction>(variables).fill(ZERO);
  for (let v = lossStart; v < variables; v++) objective[v] = ONE;
  return { system: { variables, constraints }, objective, biasVariable };
}

/** Solves a pattern LP with certified answers (see the module comment). */
export function solvePatternLp(problem: TrainingProblem, query: PatternQuery, options: CertifiedOptions = {}): PatternSolution & { lp: PatternLp } {
  const lp = buildPatternLp(problem, query);
  const answer = maximize(
    lp.objective.map((v) => v.neg()),
    lp.system,
    options,
  );
  if (answer.kind !== 'optimal') {
    // The loss is ≥ 0 and all-zero weights are feasible: neither can happen for a correct LP.
    throw new Error(`internal error: a pattern LP came back ${answer.kind}`);
  }
  // Repeated rows arise from duplicated data points (same x_i), and for ℓ∞ from two points with
  // the same target that no unit is active on (their loss rows are both c − t ≤ y): the
  // canonical form puts their weight on the first copy, keeping Σ y_r (A_r, b_r) exactly.
  const dual = canonicalMultipliers(lp.system, answer.dual.map((u) => u.neg()));
  return { value: answer.value.neg(), primal: answer.primal, dual, lp };
}

/**
 * The network of a pattern LP's point: hidden unit j = relu(a_j·x + b_j) with output weight s_j,
 * padded with zero units (a = 0, b = 0, weight 1: relu(0) = 0) up to `width`; output bias c or 0.
 */
export function patternNetwork(problem: TrainingProblem, units: readonly UnitPattern[], primal: readonly Fraction[], width: number): Network {
  const n = problem.data.inputs[0].length;
  const weights: Fraction[][] = [];
  const biases: Fraction[] = [];
  const out: Fraction[] = [];
  for (let j = 0; j < width; j++) {
    if (j < units.length) {
      weights.push(primal.slice(j * (n + 1), j * (n + 1) + n));
      biases.push(primal[j * (n + 1) + n]);
      out.push(units[j].sign === 1 ? ONE : MINUS_ONE);
    } else {
      weights.push(new Array<Fraction>(n).fill(ZERO));
      biases.push(ZERO);
      out.push(ONE);
    }
  }
  const c = problem.outputBias ? primal[units.length * (n + 1)] : ZERO;
  return {
    inputs: n,
    layers: [denseLayer(weights, biases, 'relu', n), denseLayer([out], [c], 'identity', width)],
    inputNames: problem.data.inputNames,
    outputNames: [problem.data.targetName],
  };
}
