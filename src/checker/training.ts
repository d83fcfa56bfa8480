/**
 * Checks `training-optimum` certificates: "the least training loss of a one-hidden-layer ReLU
 * network of width ≤ w, f(x) = Σ_j t_j relu(a_j·x + b_j) (+ c), on the embedded data is
 * exactly `optimum`" (Arora, Basu, Mianjy, Mukherjee, ICLR 2018, Thm 4.1 / Alg. 1).
 *
 * What is verified, without trusting the engine:
 * 1. **The dichotomies.** Each listed labeling is realized by its hyperplane (a·x_i + b > 0
 *    exactly on its `+` points), no labeling is listed twice, and the list is *complete*: the
 *    checker re-derives every affine dichotomy by its own method (below) and demands equality.
 * 2. **The bounds.** For each bound the checker builds the pattern LP itself, in the canonical
 *    layout of docs/training.md, and checks its multipliers exactly: y ≤ 0, Σ y_r A_r = objective,
 *    Σ y_r b_r = value (weak duality: every feasible point has loss ≥ value), and value ≥ optimum.
 * 3. **Coverage.** Every L-element set of unit types (d, s), P_d ≠ ∅, s = ±1,
 *    L = min(w, #types), has its own bound, or a relaxed bound (F, s, from) with F inside it and
 *    every other unit of sign s and dichotomy index ≥ from. (Not needed when the optimum is 0:
 *    no loss is negative. The optimum must still be ≥ 0 — the bounds' values are checked.)
 * 4. **Attainment.** The embedded network has one ReLU layer of width ≤ w and one linear output
 *    (bias 0 unless the claim allows one); its loss, evaluated exactly on the data, is `optimum`.
 *
 * Why 2 + 3 bound every network: a unit with output weight t ≠ 0 is sign(t)·relu(|t|a·x + |t|b)
 * (positive homogeneity); on the data it has the dichotomy P = {i : a·x_i + b > 0}, which is in
 * the (complete) list; a unit with P = ∅ or t = 0 is 0 on the data; two units of one type equal
 * one unit of that type on the data; so a network is a set S of ≤ L types, and setting its loss
 * variables to its errors gives a feasible point of the LP of S — and of the LP of any L-set
 * S' ⊇ S (extra units 0), or of a relaxed LP covering S' — whose objective is ≥ that bound.
 *
 * ## The independent dichotomy method (Kirchberger's theorem), and its limits
 * A labeling (P, N) is an open dichotomy (a·x + b > 0 on P, ≤ 0 on N) iff P and N are strictly
 * separable (shift b by half the least value on P), iff conv(P) ∩ conv(N) = ∅. By Kirchberger's
 * theorem (Kirchberger 1903; see Matoušek, *Lectures on Discrete Geometry*, exercise to §1.3, or
 * Shapiro's proof via Helly), finite P, N ⊂ R^d are strictly separable iff every ≤ d + 2 of their
 * points are. For d = 2 (inputs in R¹ are embedded as (x, 0)) an inseparable ≤ 4-point
 * configuration always contains one of three *obstructions*, each tested by exact orientation
 * signs: a point on the closed segment of two points of the other class; a point in the closed
 * non-degenerate triangle of three points of the other class; two segments of opposite classes
 * that cross properly. (A degenerate triangle's hull is one of its segments; touching segments
 * put an endpoint on the other segment.) The checker enumerates labelings of the distinct points
 * depth-first, rejecting a prefix as soon as it contains an obstruction — complete and exact.
 * Limits: inputs of dimension ≤ 2, at most 30 distinct points in R¹ and 24 in R², at most
 * 5,000,000 leaves; beyond them the certificate is declared invalid ("too large to re-derive")
 * rather than trusted.
 */
import { networkFromJson } from '../network/json.js';
import { checkEmbeddedNumbers, checkNetworkLimits } from './limits.js';
import type { Network } from '../network/model.js';
import { InputError } from '../errors.js';
import { evaluate, type Q, type Row, CheckFailure, Q0, add, combineRows, demand, eq, expandMultipliers, mul, point, q, qs, row, show, sign, sub } from './kernel/index.js';
import type { Checked, Parsed } from './types.js';

/** Largest numbers of distinct points the dichotomy re-derivation accepts (R¹, R²). */
export const MAX_DISTINCT_POINTS = { 1: 30, 2: 24 } as const;
/** Largest number of leaves (L-sets of unit types) the coverage check enumerates. */
export const MAX_LEAVES = 5_000_000;

type Point2 = readonly [bigint, bigint];

function orient(a: Point2, b: Point2, c: Point2): number {
  const v = (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
  return v > 0n ? 1 : v < 0n ? -1 : 0;
}

/** Whether p lies on the closed segment [a, b] (a ≠ b). */
function onSegment(p: Point2, a: Point2, b: Point2): boolean {
  if (orient(a, b, p) !== 0) return false;
  return (p[0] - a[0]) * (p[0] - b[0]) + (p[1] - a[1]) * (p[1] - b[1]) <= 0n;
}

/** Whether p lies in the closed triangle abc, which must be non-degenerate. */
function inTriangle(p: Point2, a: Point2, b: Point2, c: Point2): boolean {
  const o = orient(a, b, c);
  const o1 = orient(a, b, p);
  const o2 = orient(b, c, p);
  const o3 = orient(c, a, p);
  return o1 * o !== -1 && o2 * o !== -1 && o3 * o !== -1;
}

/** Whether the segments [a, b] and [c, d] cross at a point interior to both (proper crossing). */
function crossProperly(a: Point2, b: Point2, c: Point2, d: Point2): boolean {
  return orient(a, b, c) * orient(a, b, d) === -1 && orient(c, d, a) * orient(c, d, b) === -1;
}

/**
 * Every open affine dichotomy of the points (as `+`/`-` strings over the given order), by
 * Kirchberger's theorem (see the module comment). Points are rationals; dimension 1 or 2.
 * @throws CheckFailure "too large to re-derive" beyond the documented limits.
 */
export function deriveDichotomies(points: readonly (readonly Q[])[]): Set<string> {
  const n = points[0]?.length ?? 0;
  demand(n === 1 || n === 2, `too large to re-derive: the checker re-derives dichotomies for inputs of dimension 1 or 2 only, the data have dimension ${n}`, 'claim.data.inputs');
  // Common denominator of every coordinate: scaling all points by one positive number keeps every orientation sign.
  let den = 1n;
  for (const x of points) for (const c of x) den = (den * c.d) / gcd(den, c.d);
  const ints: Point2[] = points.map((x) => [(x[0].n * den) / x[0].d, n === 2 ? (x[1].n * den) / x[1].d : 0n]);
  const classOf: number[] = [];
  const distinct: Point2[] = [];
  const index = new Map<string, number>();
  for (const p of ints) {
    const key = `${p[0]},${p[1]}`;
    let c = index.get(key);
    if (c === undefined) {
      c = distinct.length;
      index.set(key, c);
      distinct.push(p);
    }
    classOf.push(c);
  }
  const m = distinct.length;
  const limit = MAX_DISTINCT_POINTS[n as 1 | 2];
  demand(m <= limit, `too large to re-derive: ${m} distinct points in R^${n}, the checker's limit is ${limit}`, 'claim.data.inputs');
  // Obstructions (A, B) as bit masks: labeling P is inseparable if A ⊆ P and B ⊆ N (or A ⊆ N and B ⊆ P).
  const byLast: [number, number][][] = Array.from({ length: m }, () => []);
  const add2 = (a: number, b: number): void => {
    const last = 31 - Math.clz32(a | b);
    byLast[last].push([a, b], [b, a]);
  };
  const bit = (i: number): number => 1 << i;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < m; j++) {
      if (j === i) continue;
      for (let k = j + 1; k < m; k++) {
        if (k === i) continue;
        if (onSegment(distinct[i], distinct[j], distinct[k])) add2(bit(i), bit(j) | bit(k));
        for (let l = k + 1; l < m; l++) {
          if (l === i) continue;
          const [a, b, c] = [distinct[j], distinct[k], distinct[l]];
          if (orient(a, b, c) !== 0 && inTriangle(distinct[i], a, b, c)) add2(bit(i), bit(j) | bit(k) | bit(l));
        }
      }
    }
  }
  for (let i = 0; i < m; i++) {
    for (let j = i + 1; j < m; j++) {
      for (let k = i + 1; k < m; k++) {
        if (k === j) continue;
        for (let l = k + 1; l < m; l++) {
          if (l === j) continue;
          // Pairs {i, j} and {k, l} with i the least index: each unordered pair of pairs once.
          if (crossProperly(distinct[i], distinct[j], distinct[k], distinct[l])) add2(bit(i) | bit(j), bit(k) | bit(l));
        }
      }
    }
  }
  const found = new Set<string>();
  const full = m === 31 ? 0x7fffffff : (1 << m) - 1;
  const visit = (k: number, plus: number): void => {
    if (k === m) {
      found.add(classOf.map((c) => ((plus >> c) & 1 ? '+' : '-')).join(''));
      return;
    }
    for (const label of [0, 1]) {
      const p = label === 1 ? plus | bit(k) : plus;
      const minus = ~p & ((k === 30 ? full : (1 << (k + 1)) - 1));
      let ok = true;
      for (const [a, b] of byLast[k]) {
        if ((a & p) === a && (b & minus) === b) {
          ok = false;
          break;
        }
      }
      if (ok) visit(k + 1, p);
    }
  };
  visit(0, 0);
  return found;
}

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

type Claim = Parsed<'training-optimum'>['claim'];
type Evidence = Extract<Parsed<'training-optimum'>['evidence'], { kind: 'training-search' }>;

const Q1: Q = { n: 1n, d: 1n };
const QM1: Q = { n: -1n, d: 1n };
const neg = (a: Q): Q => ({ n: -a.n, d: a.d });

/**
 * The pattern LP of a bound, built from the claim in the canonical layout (docs/training.md):
 * variables (a_j, b_j) per unit, (a_d, b_d) per relaxed-block dichotomy, c, loss variables;
 * rows: dichotomy rows per slot and point, then two loss rows per point; objective minimized.
 */
function patternRows(
  x: readonly (readonly Q[])[],
  y: readonly Q[],
  plus: readonly (readonly boolean[])[],
  slots: readonly { d: number; s: 1 | -1 }[],
  loss: 'l1' | 'linf' | 'hinge',
  outputBias: boolean,
): { rows: Row[]; objective: Q[]; variables: number } {
  const D = x.length;
  const n = x[0].length;
  const bias = slots.length * (n + 1);
  const lossStart = bias + (outputBias ? 1 : 0);
  const variables = lossStart + (loss === 'linf' ? 1 : D);
  const rows: Row[] = [];
  slots.forEach((slot, j) => {
    for (let i = 0; i < D; i++) {
      const c: Q[] = new Array<Q>(variables).fill(Q0);
      const s = plus[slot.d][i] ? QM1 : Q1;
      for (let k = 0; k < n; k++) c[j * (n + 1) + k] = mul(s, x[i][k]);
      c[j * (n + 1) + n] = s;
      rows.push(row(c, Q0, '<='));
    }
  });
  for (let i = 0; i < D; i++) {
    const f: Q[] = new Array<Q>(variables).fill(Q0);
    slots.forEach((slot, j) => {
      if (!plus[slot.d][i]) return;
      const s = slot.s === 1 ? Q1 : QM1;
      for (let k = 0; k < n; k++) f[j * (n + 1) + k] = mul(s, x[i][k]);
      f[j * (n + 1) + n] = s;
    });
    if (outputBias) f[bias] = Q1;
    const e = loss === 'linf' ? lossStart : lossStart + i;
    if (loss === 'hinge') {
      const hinge = f.map((v) => neg(mul(v, y[i])));
      hinge[e] = QM1;
      rows.push(row(hinge, QM1, '<='));
      const nonneg: Q[] = new Array<Q>(variables).fill(Q0);
      nonneg[e] = QM1;
      rows.push(row(nonneg, Q0, '<='));
    } else {
      const above = [...f];
      above[e] = QM1;
      rows.push(row(above, y[i], '<='));
      const below = f.map(neg);
      below[e] = QM1;
      rows.push(row(below, neg(y[i]), '<='));
    }
  }
  const objective: Q[] = new Array<Q>(variables).fill(Q0);
  for (let v = lossStart; v < variables; v++) objective[v] = Q1;
  return { rows, objective, variables };
}

/** The exact training loss of a network on the data. */
function exactLoss(net: Network, x: readonly (readonly Q[])[], y: readonly Q[], loss: 'l1' | 'linf' | 'hinge'): Q {
  let total: Q = Q0;
  x.forEach((xi, i) => {
    const f = evaluate(net, xi)[0] as Q;
    const r = sub(f, y[i]);
    if (loss === 'hinge') {
      const margin = sub(Q1, mul(y[i], f));
      if (sign(margin) > 0) total = add(total, margin);
    } else {
      const a = sign(r) < 0 ? neg(r) : r;
      if (loss === 'l1') total = add(total, a);
      else if (sign(sub(a, total)) > 0) total = a;
    }
  });
  return total;
}

function binomial(n: number, k: number): number {
  if (k < 0 || k > n) return 0;
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return Math.round(r);
}

/** Checks a parsed `training-optimum` certificate (see the module comment). */
export function checkTrainingOptimum(cert: Parsed<'training-optimum'>): Checked {
  const { claim } = cert;
  demand(cert.verdict === 'holds', 'a training-optimum certificate has verdict "holds"', 'verdict');
  demand(cert.evidence.kind === 'training-search', `a training-optimum claim needs training-search evidence, not ${cert.evidence.kind}`, 'evidence.kind');
  const evidence = cert.evidence as Evidence;
  const data = (claim as Claim).data;
  const D = data.inputs.length;
  demand(D >= 1, 'the data set is empty', 'claim.data.inputs');
  demand(data.targets.length === D, `${D} inputs but ${data.targets.length} targets`, 'claim.data.targets');
  const n = data.inputs[0].length;
  demand(n >= 1, 'a data point needs at least one coordinate', 'claim.data.inputs[0]');
  data.inputs.forEach((r, i) => demand(r.length === n, `point ${i} has ${r.length} coordinates, point 0 has ${n}`, `claim.data.inputs[${i}]`));
  demand(data.inputNames.length === n, `${data.inputNames.length} input names for ${n} inputs`, 'claim.data.inputNames');
  const x = data.inputs.map((r, i) => point(r, `claim.data.inputs[${i}]`));
  const y = qs(data.targets, 'claim.data.targets');
  const loss = claim.loss;
  if (loss === 'hinge') y.forEach((v, i) => demand(v.n * v.n === v.d * v.d, `hinge loss needs labels ±1, got ${show(v)}`, `claim.data.targets[${i}]`));
  const optimum = q(claim.optimum, 'claim.optimum');

  // 1. Dichotomies: realized, distinct, complete.
  const plus: boolean[][] = [];
  const listed = new Map<string, number>();
  evidence.dichotomies.forEach((d, k) => {
    const at = `evidence.dichotomies[${k}]`;
    demand(d.labels.length === D, `the labeling has ${d.labels.length} signs for ${D} points`, `${at}.labels`);
    demand(!listed.has(d.labels), `the labeling ${d.labels} is listed twice (also at ${listed.get(d.labels)})`, `${at}.labels`);
    listed.set(d.labels, k);
    demand(d.normal.length === n, `the hyperplane has ${d.normal.length} coefficients for ${n} inputs`, `${at}.normal`);
    const a = qs(d.normal, `${at}.normal`);
    const b = q(d.offset, `${at}.offset`);
    const labels = [...d.labels].map((ch) => ch === '+');
    x.forEach((xi, i) => {
      let v = b;
      for (let j = 0; j < n; j++) v = add(v, mul(a[j], xi[j]));
      demand((sign(v) > 0) === labels[i], `the hyperplane gives a·x + b = ${show(v)} at point ${i}, but the label is ${d.labels[i]}`, `${at}.labels`);
    });
    plus.push(labels);
  });
  const derived = deriveDichotomies(x);
  for (const key of derived) demand(listed.has(key), `the realizable dichotomy ${key} is missing from the list (re-derived by Kirchberger's theorem)`, 'evidence.dichotomies');
  demand(derived.size === listed.size, `${listed.size} dichotomies listed, ${derived.size} re-derived`, 'evidence.dichotomies');

  // 2. Bounds.
  const block = plus.flatMap((p, k) => (p.some((v) => v) ? [k] : []));
  const typeId = (d: number, s: 1 | -1): number => 2 * d + (s === 1 ? 0 : 1);
  const types = block.length * 2;
  const L = Math.min(claim.width, types);
  const leafBounds = new Set<string>();
  /** Relaxed bounds by their fixed types: (sign, least dichotomy index) of the further units. */
  const relaxedBounds = new Map<string, { s: 1 | -1; from: number }[]>();
  evidence.bounds.forEach((bound, k) => {
    const at = `evidence.bounds[${k}]`;
    const ids: number[] = [];
    bound.units.forEach(([d, s], u) => {
      demand(d < plus.length, `dichotomy index ${d} is out of range`, `${at}.units[${u}]`);
      demand(plus[d].some((v) => v), `dichotomy ${d} has P = ∅: such a unit is 0 on the data and is not a unit type`, `${at}.units[${u}]`);
      ids.push(typeId(d, s));
    });
    demand(new Set(ids).size === ids.length, 'a unit type appears twice', `${at}.units`);
    if (bound.relaxed === undefined) demand(ids.length === L, `a leaf bound has ${ids.length} units, expected L = ${L}`, `${at}.units`);
    else demand(ids.length < L, `a relaxed bound fixes ${ids.length} units, fewer than L = ${L} expected`, `${at}.units`);
    const slots: { d: number; s: 1 | -1 }[] = bound.units.map(([d, s]) => ({ d, s }));
    const from = bound.relaxedFrom ?? 0;
    demand(bound.relaxed !== undefined || bound.relaxedFrom === undefined, 'relaxedFrom without relaxed', `${at}.relaxedFrom`);
    if (bound.relaxed !== undefined) for (const d of block) if (d >= from) slots.push({ d, s: bound.relaxed });
    const lp = patternRows(x, y, plus, slots, loss, claim.outputBias);
    const mult = expandMultipliers(bound.dual as string[], lp.rows.length, `${at}.dual`);
    const combined = combineRows(lp.rows, mult, lp.variables, bound.dual, `${at}.dual`, -1);
    for (let j = 0; j < lp.variables; j++) {
      const got: Q = { n: combined.coefficients.num[j], d: combined.coefficients.den };
      demand(eq(got, lp.objective[j]), `Σ yᵣ Aᵣ differs from the loss objective at variable ${j}: ${show(got)} ≠ ${show(lp.objective[j])}`, `${at}.dual`);
    }
    const value = q(bound.value, `${at}.value`);
    demand(eq(combined.rhs, value), `Σ yᵣ bᵣ = ${show(combined.rhs)}, not the recorded value ${bound.value}`, `${at}.value`);
    demand(sign(sub(value, optimum)) >= 0, `the bound ${bound.value} is below the claimed optimum ${claim.optimum}`, `${at}.value`);
    const key = [...ids].sort((u, v) => u - v).join(',');
    if (bound.relaxed === undefined) leafBounds.add(key);
    else {
      const list = relaxedBounds.get(key) ?? [];
      list.push({ s: bound.relaxed, from });
      relaxedBounds.set(key, list);
    }
  });

  // 3. Coverage of every L-set of unit types (type id t: dichotomy block[t >> 1], sign by parity).
  const allTypes: number[] = block.flatMap((d) => [typeId(d, 1), typeId(d, -1)]).sort((u, v) => u - v);
  const leaves = binomial(types, L);
  demand(leaves <= MAX_LEAVES, `too large to re-derive: ${leaves} leaves, the checker's limit is ${MAX_LEAVES}`, 'evidence.bounds');
  const chosen: number[] = [];
  const covered = (): boolean => {
    if (leafBounds.has(chosen.join(','))) return true;
    for (let mask = 0; mask < 1 << chosen.length; mask++) {
      const fixed = chosen.filter((_, i) => (mask >> i) & 1);
      const rest = chosen.filter((_, i) => !((mask >> i) & 1));
      const list = relaxedBounds.get(fixed.join(','));
      if (list === undefined) continue;
      for (const { s, from } of list) if (rest.every((t) => (t & 1) === (s === 1 ? 0 : 1) && t >> 1 >= from)) return true;
    }
    return false;
  };
  const walk = (from: number): void => {
    if (chosen.length === L) {
      demand(covered(), `no bound covers the unit types {${chosen.map((t) => `(${t >> 1}, ${t & 1 ? '-' : '+'})`).join(', ')}}`, 'evidence.bounds');
      return;
    }
    for (let k = from; k <= allTypes.length - (L - chosen.length); k++) {
      chosen.push(allTypes[k]);
      walk(k + 1);
      chosen.pop();
    }
  };
  // A zero optimum needs no coverage: every loss is a sum or maximum of nonnegative terms.
  if (sign(optimum) !== 0) walk(0);

  // 4. The optimal network attains the optimum.
  let net: Network;
  checkEmbeddedNumbers(evidence.network, 'evidence.network');
  try {
    net = networkFromJson(evidence.network);
  } catch (e) {
    if (e instanceof InputError) throw new CheckFailure(`the optimal network is not valid: ${e.detail}`, `evidence.network${e.path === undefined ? '' : `.${e.path}`}`);
    throw e;
  }
  checkNetworkLimits(net, 'evidence.network');
  demand(net.inputs === n, `the network has ${net.inputs} inputs, the data ${n}`, 'evidence.network.inputs');
  demand(net.layers.length === 2, `expected one hidden layer and one output layer, got ${net.layers.length} layers`, 'evidence.network.layers');
  const [hidden, output] = net.layers;
  demand(hidden.activation === 'relu', 'the hidden layer must be ReLU', 'evidence.network.layers[0].activation');
  demand(hidden.outputs <= claim.width, `the hidden layer has ${hidden.outputs} units, more than the width ${claim.width}`, 'evidence.network.layers[0]');
  demand(output.activation === 'identity' && output.outputs === 1, 'the output layer must be linear with one output', 'evidence.network.layers[1]');
  if (!claim.outputBias) demand(output.bias[0].n === 0n, 'the claim has no output bias, but the network has one', 'evidence.network.layers[1].bias');
  const attained = exactLoss(net, x, y, loss);
  demand(eq(attained, optimum), `the network's exact loss is ${show(attained)}, not the claimed optimum ${claim.optimum}`, 'evidence.network');
  return {
    summary: `the least ${loss} training loss of width-${claim.width} one-hidden-layer ReLU networks${claim.outputBias ? ' with output bias' : ''} on ${D} points is ${claim.optimum}: ${listed.size} dichotomies re-derived (Kirchberger), ${sign(optimum) === 0 ? `zero needs no lower bound (${evidence.bounds.length} dual bounds checked)` : `${leaves} leaves covered by ${evidence.bounds.length} dual bounds`}, attained by the embedded network`,
  };
}
