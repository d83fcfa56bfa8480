/**
 * Checks `spec` certificates: a VNN-LIB specification's violation set is empty (`spec-tree`) or
 * contains the given point (`spec-counterexample`). See docs/certificates.md, "spec".
 *
 * holds: for every case, the split tree's leaves cover the case's input box (an input bisection
 * at t gives [lo_j, t] and [t, hi_j]; a ReLU phase split gives z ≤ 0 and z ≥ 0, together every
 * point), and on every leaf every output conjunction of the case is closed by a bound entry whose
 * leaf bound the checker recomputes itself: min over the leaf of Σ_r λ_r m_r > 0 with m_r ≤ 0 at
 * every point of the violation set (output rows by definition, input constraints by the case's
 * input set), so no point of the leaf violates that conjunction — or the leaf is empty. The bound
 * is the rigorous float64 function (leafRigorous.ts) when it proves, the exact rational one
 * (leafExact.ts) otherwise: both are valid lower bounds, the float one by its a-priori error bound.
 * violated: the exact output at the input, in the case's input set, satisfies every row of the
 * conjunction (closed: a margin of exactly 0 is a violation).
 * A network ending with a ReLU layer is bounded as itself followed by an identity layer
 * (leafNetwork.ts): layer indices of slopes and phase splits count that layer.
 */
import Fraction from 'fraction.js';
import type { z } from 'zod';
import type { SpecClaim, SpecCounterexampleEvidence, SpecTreeEvidence } from './schema/spec.js';
import { type Network, outputSize } from '../network/model.js';
import { CheckFailure, type Q, demand, evaluate, q, vector } from './kernel/index.js';
import { boundNetwork } from './leafNetwork.js';
import { ALPHA_BITS, type ExactLeaf, type ExactLeafParameters, type ExactRow, exactLeafBound } from './leafExact.js';
import { rigorousLeafBound } from './leafRigorous.js';
import type { Checked, WithNetwork } from './types.js';

type Claim = z.infer<typeof SpecClaim>;
type Case = Claim['specification']['cases'][number];
type TreeNode = z.infer<typeof SpecTreeEvidence>['cases'][number][number];

function rational(text: string, path: string): Fraction {
  const v = q(text, path);
  return new Fraction(v.n, v.d);
}

/** The checked case: exact box, and per conjunction its rows followed by the case's input constraints as margin rows. */
export interface CheckedCase {
  readonly lo: Fraction[];
  readonly hi: Fraction[];
  /** Per conjunction: rows m = c·y + x·x + d (≤ 0 at every violating point of the case). */
  readonly conjunctions: ExactRow[][];
}

/**
 * Reads and checks the claim's specification against the network: sizes, lo ≤ hi, rows of the
 * right length. VNN-LIB row `output·y + input·x ≤ rhs` becomes the margin c = output, x = input,
 * d = −rhs; an input constraint `a·x ≤ b` the margin c = 0, x = a, d = −b.
 */
export function readSpecCases(claim: Claim, net: Network): CheckedCase[] {
  const spec = claim.specification;
  const n = net.inputs;
  const m = outputSize(net);
  demand(spec.inputs === n, `the specification has ${spec.inputs} inputs, the network ${n}`, 'claim.specification.inputs');
  demand(spec.outputs === m, `the specification has ${spec.outputs} outputs, the network ${m}`, 'claim.specification.outputs');
  demand(spec.cases.length > 0, 'the specification has no case', 'claim.specification.cases');
  const zeros = new Array<Fraction>(m).fill(new Fraction(0));
  return spec.cases.map((c: Case, k) => {
    const at = `claim.specification.cases[${k}]`;
    demand(c.box.length === n, `the box has ${c.box.length} intervals for ${n} inputs`, `${at}.box`);
    const lo = c.box.map(([l], t) => rational(l, `${at}.box[${t}][0]`));
    const hi = c.box.map(([, h], t) => rational(h, `${at}.box[${t}][1]`));
    lo.forEach((l, t) => demand(l.compare(hi[t] as Fraction) <= 0, `input ${t}: lower bound above upper bound`, `${at}.box[${t}]`));
    vector([...c.box.flat()].map((text, i) => q(text, `${at}.box`)), `${at}.box`);
    const inputRows: ExactRow[] = c.inputConstraints.map((ic, s) => {
      const p = `${at}.inputConstraints[${s}]`;
      demand(ic.coefficients.length === n, `${ic.coefficients.length} coefficients for ${n} inputs`, `${p}.coefficients`);
      return { c: zeros, x: ic.coefficients.map((v, t) => rational(v, `${p}.coefficients[${t}]`)), d: rational(ic.rhs, `${p}.rhs`).neg() };
    });
    const conjunctions = c.outputs.map((conj, j) =>
      conj.rows
        .map((r, i): ExactRow => {
          const p = `${at}.outputs[${j}].rows[${i}]`;
          demand(r.output.length === m, `${r.output.length} output coefficients for ${m} outputs`, `${p}.output`);
          if (r.input !== undefined) demand(r.input.length === n, `${r.input.length} input coefficients for ${n} inputs`, `${p}.input`);
          return {
            c: r.output.map((v, t) => rational(v, `${p}.output[${t}]`)),
            d: rational(r.rhs, `${p}.rhs`).neg(),
            ...(r.input !== undefined ? { x: r.input.map((v, t) => rational(v, `${p}.input[${t}]`)) } : {}),
          };
        })
        .concat(inputRows),
    );
    return { lo, hi, conjunctions };
  });
}

/** A leaf of the walk: its box, phases, and the conjunctions not yet closed on it. */
interface Frame {
  readonly lo: Fraction[];
  readonly hi: Fraction[];
  readonly phases: Int8Array[];
  readonly open: Set<number>;
}

/** Statistics of one check, for the summary. */
interface TreeCount {
  leaves: number;
  bounds: number;
  rigorous: number;
  exact: number;
}

/**
 * Whether the leaf bound of (rows, λ, α) proves the leaf closed: the rigorous float filter
 * first, the exact function when the filter cannot prove it. Exported so that the engine confirms
 * every bound entry with this very function before writing it.
 */
export function leafCloses(
  net: Network,
  leaf: ExactLeaf,
  rows: readonly ExactRow[],
  lambda: readonly Fraction[],
  alpha?: readonly (ArrayLike<number> | undefined)[],
  count?: { rigorous: number; exact: number },
  beta?: ExactLeafParameters['beta'],
): boolean {
  const params: ExactLeafParameters = { ...(alpha !== undefined ? { alpha } : {}), ...(beta !== undefined ? { beta } : {}) };
  if (rigorousLeafBound(net, leaf, rows, lambda, params).proven) {
    if (count !== undefined) count.rigorous++;
    return true;
  }
  // Counted when it proves the leaf: a refused entry is the engine's `unconfirmed`, not `exact`.
  const proven = exactLeafBound(net, leaf, rows, lambda, params).proven;
  if (proven && count !== undefined) count.exact++;
  return proven;
}

/**
 * Whether the leaf's phase constraints are infeasible on its box by the forward bounds (the
 * rigorous float filter, else the exact function). Exported so that the engine writes an `empty`
 * node only when this very function agrees.
 */
export function leafEmpty(net: Network, leaf: ExactLeaf, outputs: number): boolean {
  const zero: ExactRow[] = [{ c: new Array<Fraction>(outputs).fill(new Fraction(0)), d: new Fraction(0) }];
  return rigorousLeafBound(net, leaf, zero, [new Fraction(1)]).empty || exactLeafBound(net, leaf, zero, [new Fraction(1)]).empty;
}

/** A RangeError of the leaf functions (bad sizes, λ < 0, α out of range) as a located check failure. */
function asFailure<T>(path: string, run: () => T): T {
  try {
    return run();
  } catch (e) {
    if (e instanceof RangeError) throw new CheckFailure(e.message, path);
    throw e;
  }
}

function checkTree(original: Network, c: CheckedCase, nodes: readonly TreeNode[], path: string, count: TreeCount): void {
  const net = boundNetwork(original);
  const n = net.inputs;
  const hidden = net.layers.length - 1;
  const root: Frame = { lo: c.lo, hi: c.hi, phases: net.layers.slice(0, hidden).map((l) => new Int8Array(l.outputs)), open: new Set(c.conjunctions.map((_, j) => j)) };
  const stack: Frame[] = [root];
  let at = 0;
  while (stack.length > 0) {
    const frame = stack.pop() as Frame;
    while (frame.open.size > 0) {
      const p = `${path}[${at}]`;
      demand(at < nodes.length, `the tree ends while a leaf still has ${frame.open.size} open conjunction(s) (${[...frame.open].join(', ')})`, path);
      const node = nodes[at] as TreeNode;
      at++;
      if (node === 'empty') {
        const empty = leafEmpty(net, { lo: frame.lo, hi: frame.hi, phases: frame.phases }, outputSize(net));
        demand(empty, 'the leaf is not empty: its phase constraints are satisfiable as far as the forward bounds show', p);
        count.leaves++;
        frame.open.clear();
      } else if (Array.isArray(node) && node[0] === 'x') {
        const [, j, text] = node;
        demand(j < n, `input ${j} does not exist (the network has ${n} inputs)`, `${p}[1]`);
        const t = rational(text, `${p}[2]`);
        demand(t.compare(frame.lo[j] as Fraction) > 0 && t.compare(frame.hi[j] as Fraction) < 0, `the cut point ${text} is not strictly inside [${(frame.lo[j] as Fraction).toFraction()}, ${(frame.hi[j] as Fraction).toFraction()}]`, `${p}[2]`);
        const leftHi = frame.hi.slice();
        leftHi[j] = t;
        const rightLo = frame.lo.slice();
        rightLo[j] = t;
        stack.push({ lo: rightLo, hi: frame.hi, phases: frame.phases, open: new Set(frame.open) });
        stack.push({ lo: frame.lo, hi: leftHi, phases: frame.phases, open: new Set(frame.open) });
        break;
      } else if (Array.isArray(node) && node[0] === 'r') {
        const [, k, i] = node;
        demand(k < hidden && net.layers[k]?.activation === 'relu', `layer ${k} is not a hidden ReLU layer`, `${p}[1]`);
        demand(i < (net.layers[k]?.outputs ?? 0), `layer ${k} has no neuron ${i}`, `${p}[2]`);
        demand((frame.phases[k] as Int8Array)[i] === 0, `neuron ${i} of layer ${k} is already split on this path`, p);
        const off = frame.phases.map((a) => a.slice());
        (off[k] as Int8Array)[i] = -1;
        const on = frame.phases.map((a) => a.slice());
        (on[k] as Int8Array)[i] = 1;
        stack.push({ lo: frame.lo, hi: frame.hi, phases: on, open: new Set(frame.open) });
        stack.push({ lo: frame.lo, hi: frame.hi, phases: off, open: new Set(frame.open) });
        break;
      } else if (typeof node === 'object' && 'bound' in node) {
        demand(node.bound.length > 0, 'a bound node closes no conjunction', `${p}.bound`);
        // The leaf functions compute over the box's common denominator: within the limit of one list.
        vector([...frame.lo, ...frame.hi].map((v) => ({ n: v.s * v.n, d: v.d })), p);
        const leaf: ExactLeaf = { lo: frame.lo, hi: frame.hi, phases: frame.phases };
        node.bound.forEach((entry, e) => {
          const ep = `${p}.bound[${e}]`;
          demand(frame.open.has(entry.conjunction), `conjunction ${entry.conjunction} is not open on this leaf (the case has ${c.conjunctions.length}; closed ones cannot be closed twice)`, `${ep}.conjunction`);
          const rows = c.conjunctions[entry.conjunction] as ExactRow[];
          demand(entry.lambda.length === rows.length, `${entry.lambda.length} multipliers for ${rows.length} rows (the conjunction's rows, then the case's input constraints)`, `${ep}.lambda`);
          vector(entry.lambda.map((v, r) => q(v, `${ep}.lambda[${r}]`)), `${ep}.lambda`);
          const lambda = entry.lambda.map((v, r) => rational(v, `${ep}.lambda[${r}]`));
          lambda.forEach((v, r) => demand(v.s > 0n || v.n === 0n, `multiplier ${r} is negative`, `${ep}.lambda[${r}]`));
          let alpha: (readonly number[] | undefined)[] | undefined;
          if (entry.alpha !== undefined) {
            demand(entry.alpha.length === hidden, `${entry.alpha.length} slope lists for ${hidden} hidden layers`, `${ep}.alpha`);
            alpha = entry.alpha.map((a, k) => {
              if (a.length === 0) return undefined;
              demand(a.length === (net.layers[k]?.outputs ?? 0), `layer ${k}: ${a.length} slopes for ${net.layers[k]?.outputs} neurons`, `${ep}.alpha[${k}]`);
              a.forEach((v, i) => demand(v <= 2 ** ALPHA_BITS, `slope ${v} is above ${2 ** ALPHA_BITS} (α = a/${2 ** ALPHA_BITS} ∈ [0, 1])`, `${ep}.alpha[${k}][${i}]`));
              return a;
            });
          }
          let beta: Map<number, Fraction>[] | undefined;
          if (entry.beta !== undefined) {
            beta = net.layers.slice(0, hidden).map(() => new Map<number, Fraction>());
            entry.beta.forEach(([k, i, text], b) => {
              const bp = `${ep}.beta[${b}]`;
              demand(k < hidden, `layer ${k} is not a hidden layer`, `${bp}[0]`);
              demand((frame.phases[k] as Int8Array)[i] === 1 || (frame.phases[k] as Int8Array)[i] === -1, `neuron ${i} of layer ${k} is not phase-split on this leaf (β belongs to a split's constraint)`, `${bp}[1]`);
              const layerBeta = beta?.[k] as Map<number, Fraction>;
              demand(!layerBeta.has(i), `a second β for neuron ${i} of layer ${k}`, bp);
              vector([q(text, `${bp}[2]`)], `${bp}[2]`);
              layerBeta.set(i, rational(text, `${bp}[2]`));
            });
          }
          const closed = asFailure(ep, () => leafCloses(net, leaf, rows, lambda, alpha, count, beta));
          demand(closed, `the leaf bound of conjunction ${entry.conjunction} is not positive: these multipliers do not prove the conjunction empty on this leaf`, ep);
          count.bounds++;
          frame.open.delete(entry.conjunction);
        });
        if (frame.open.size === 0) count.leaves++;
      } else {
        throw new CheckFailure('unknown node', p);
      }
    }
  }
  demand(at === nodes.length, `${nodes.length - at} node(s) after the last leaf of the tree`, `${path}[${at}]`);
}

/** Checks a `spec` certificate (either evidence kind). */
export function checkSpec(cert: WithNetwork<'spec'>): Checked {
  const { claim, network: net } = cert;
  const cases = readSpecCases(claim, net);
  const evidence = cert.evidence as z.infer<typeof SpecTreeEvidence> | z.infer<typeof SpecCounterexampleEvidence>;
  if (evidence.kind === 'spec-counterexample') {
    demand(cert.verdict === 'violated', 'a counterexample proves the verdict "violated"', 'verdict');
    demand(evidence.case < cases.length, `no case ${evidence.case} (the specification has ${cases.length})`, 'evidence.case');
    const c = cases[evidence.case] as CheckedCase;
    const raw = claim.specification.cases[evidence.case] as Case;
    demand(evidence.conjunction < raw.outputs.length, `case ${evidence.case} has no conjunction ${evidence.conjunction}`, 'evidence.conjunction');
    demand(evidence.input.length === net.inputs, `the input has ${evidence.input.length} coordinates, the network ${net.inputs}`, 'evidence.input');
    vector(evidence.input.map((v, t) => q(v, `evidence.input[${t}]`)), 'evidence.input');
    const x = evidence.input.map((v, t) => rational(v, `evidence.input[${t}]`));
    x.forEach((v, t) => demand(v.compare(c.lo[t] as Fraction) >= 0 && v.compare(c.hi[t] as Fraction) <= 0, `input ${t} = ${v.toFraction()} is outside the case's box`, `evidence.input[${t}]`));
    // The checker's own exact evaluator (kernel), not the engine's float-filtered one.
    const y = evaluate(net, x.map((v): Q => ({ n: v.s * v.n, d: v.d }))).map((v) => new Fraction(v.n, v.d));
    demand(evidence.output.length === y.length, `the output has ${evidence.output.length} coordinates, the network ${y.length}`, 'evidence.output');
    y.forEach((v, i) => demand(v.equals(rational(evidence.output[i] as string, `evidence.output[${i}]`)), `output ${i} is ${v.toFraction()}, the certificate says ${evidence.output[i]}`, `evidence.output[${i}]`));
    const margin = (r: ExactRow): Fraction => {
      let s = r.d;
      r.c.forEach((v, i) => (s = v.n === 0n ? s : s.add(v.mul(y[i] as Fraction))));
      r.x?.forEach((v, t) => (s = v.n === 0n ? s : s.add(v.mul(x[t] as Fraction))));
      return s;
    };
    // The conjunction's rows and the input constraints (appended to it) must all be ≤ 0: closed.
    (c.conjunctions[evidence.conjunction] as ExactRow[]).forEach((r, i) => {
      const isInput = i >= raw.outputs[evidence.conjunction]!.rows.length;
      const v = margin(r);
      demand(v.compare(0) <= 0, isInput ? `the input violates input constraint ${i - raw.outputs[evidence.conjunction]!.rows.length} (by ${v.toFraction()})` : `row ${i} of the conjunction does not hold at the point (its margin is ${v.neg().toFraction()} < 0)`, 'evidence.input');
    });
    return { summary: `the network's exact output at the given input lies in the violation set (case ${evidence.case + 1}, conjunction ${evidence.conjunction + 1}): the specification is violated` };
  }
  demand(evidence.kind === 'spec-tree', `evidence of kind ${JSON.stringify((evidence as { kind: string }).kind)} does not prove a spec claim`, 'evidence.kind');
  demand(cert.verdict === 'holds', 'a split tree proves the verdict "holds"', 'verdict');
  demand(evidence.cases.length === cases.length, `${evidence.cases.length} trees for ${cases.length} cases`, 'evidence.cases');
  const count: TreeCount = { leaves: 0, bounds: 0, rigorous: 0, exact: 0 };
  cases.forEach((c, k) => checkTree(net, c, evidence.cases[k] as TreeNode[], `evidence.cases[${k}]`, count));
  return {
    summary: `every case's violation set is empty: ${count.leaves} leaves cover the input sets, ${count.bounds} leaf bounds recomputed (${count.rigorous} by the rigorous float filter, ${count.exact} exactly) — the specification holds`,
  };
}
