/**
 * Prototype of exact specification verification by input-splitting branch and bound (issue 13):
 * ACAS Xu φ3 and φ4 on the 45 VNN-COMP networks, to decide by measurement how a leaf bound is
 * made exact and what it costs. Not the `verify spec` engine (that plugs into the region
 * engine's split-tree core); a measured sketch of its method.
 *
 * Per instance: falsify first (seeded sampling + projected gradient, every candidate checked
 * exactly); then depth-first bisection of the input box. At each node, float64 bounds propose
 * (forward symbolic intermediate bounds, CROWN back-substitution per margin row, α-CROWN steps
 * when the best row is close); a node whose best float bound is > 0 is CLOSED only when a leaf
 * bound confirms it — `--confirm exact`: exactLeafBound on every leaf; `--confirm rigorous`
 * (default): the rigorous float64 bound, with exactLeafBound as fallback; `--confirm both`:
 * both on every leaf (for timing; the exact verdict decides). If the confirmation fails, the
 * node is split further. Candidate multipliers λ: each row alone and each pair of rows with
 * weights 1/2 (`--single-rows`: rows alone). A node that is not closed is split on the coordinate with the largest
 * smear |∂bound/∂x_t|·width_t of its best row (`--split smear`) or, by default (`improve`), on
 * the coordinate whose two children recover most of its deficit (the widest relative to the root
 * when no coordinate recovers 1/1000 of it); its centre is tried as a counterexample.
 *
 * Usage: node dist/benchmarks/specPrototype.js [--props 3,4] [--nets 1_1,1_7] [--timeout 60]
 *        [--confirm rigorous|exact|both|none]; one JSON line per instance, then a summary line.
 * Measurement options (the alternatives RESULTS.md compares): `--confirm none` (float-only
 * closing, verdict `unsat-float`), `--intermediate symbolic|crown|both|hybrid` (default hybrid),
 * `--split smear|improve` (default improve), `--candidates K` (coordinates tried by improve, by
 * smear), `--cheap-score` (score children with forward bounds only), `--single-rows` (no pairs of
 * rows), `--alpha-steps S` (default 6).
 * Also `npm run bench -- spec` (φ3 and φ4, defaults).
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import Fraction from 'fraction.js';
import { backwardBound, backwardWorkspace, crownLayerBounds, defaultAlphas, largestSmear, optimizeAlpha } from '../src/bounds/backward.js';
import { ALPHA_BITS, type ExactRow, exactLeafBound } from '../src/bounds/exactLeaf.js';
import { confirmCounterexample, falsify } from '../src/bounds/falsify.js';
import { type FloatBox, floatNetwork, layerBounds } from '../src/bounds/floatNetwork.js';
import { rigorousBox, rigorousLeafBound } from '../src/bounds/rigorousLeaf.js';
import { symbolicBounds, symbolicWorkspace } from '../src/bounds/symbolic.js';
import { float64ToRational, parseRational } from '../src/exact/rational.js';
import { readNetworkFile } from '../src/formats/index.js';
import type { Network } from '../src/network/model.js';

const DATA = process.env.RELUCERT_ACASXU_DIR ?? '/work/shared/data/acasxu';

// ---------------------------------------------------------------------------------------------
// HARD-CODED SPECIFICATIONS (prototype only, until the VNN-LIB reader lands): the input boxes
// and output rows of vnnlib/prop_3.vnnlib and prop_4.vnnlib, copied from the files' text.
// Both assert "COC is minimal": Y_0 <= Y_1, …, Y_0 <= Y_4, i.e. the violation set is
// {every row m_r = Y_0 − Y_r ≤ 0}, r = 1..4.
// ---------------------------------------------------------------------------------------------
const BOXES: Readonly<Record<string, { lo: readonly string[]; hi: readonly string[] }>> = {
  prop_3: { lo: ['-0.303531156', '-0.009549297', '0.493380324', '0.3', '0.3'], hi: ['-0.298552812', '0.009549297', '0.5', '0.5', '0.5'] },
  prop_4: { lo: ['-0.303531156', '-0.009549297', '0.0', '0.318181818', '0.083333333'], hi: ['-0.298552812', '0.009549297', '0.0', '0.5', '0.166666667'] },
};
const ROWS: readonly ExactRow[] = [1, 2, 3, 4].map((r) => ({
  c: [0, 1, 2, 3, 4].map((i) => new Fraction(i === 0 ? 1 : i === r ? -1 : 0)),
  d: new Fraction(0),
}));
// ---------------------------------------------------------------------------------------------

/** `none`: float-only closing, for measuring the search alone (its verdict is marked `unsat-float`). */
type Confirm = 'rigorous' | 'exact' | 'both' | 'none';
/**
 * Intermediate bounds: forward symbolic, CROWN back-substitution per neuron, the tighter of both,
 * or `hybrid`: forward symbolic with CROWN only for the neurons it leaves unstable.
 */
type Intermediate = 'symbolic' | 'crown' | 'both' | 'hybrid';

interface Options {
  readonly timeout: number;
  readonly confirm: Confirm;
  /** α-CROWN steps on a node whose best CROWN bound is ≤ 0. */
  readonly alphaSteps: number;
  readonly intermediate: Intermediate;
  /** Split choice: largest smear, or the coordinate whose children have the best worst bound. */
  readonly split: 'smear' | 'improve';
  /** With `improve`: how many coordinates (by smear) are tried, and whether children are scored with symbolic bounds only. */
  readonly candidates: number;
  readonly cheapScore: boolean;
  /** Also try each pair of rows with λ = (1/2, 1/2) (off with `--single-rows`). */
  readonly pairs: boolean;
}

interface Node {
  readonly lo: Float64Array;
  readonly hi: Float64Array;
  /** Bit t set: coordinate t's lower (upper) bound is the root's exact rational, not the float. */
  readonly atLo: number;
  readonly atHi: number;
  readonly depth: number;
}

interface InstanceResult {
  net: string;
  prop: string;
  expected: string;
  verdict: 'unsat' | 'sat' | 'unknown' | 'unsat-float';
  seconds: number;
  nodes: number;
  leaves: number;
  maxDepth: number;
  falsifySeconds: number;
  floatMsPerNode: number;
  rigorousLeaves: number;
  rigorousMsPerLeaf: number;
  rigorousFailures: number;
  exactLeaves: number;
  exactMsPerLeaf: number;
  exactFailures: number;
  /** Leaves the float closed but no confirmation did (split further). */
  unconfirmed: number;
  /** Leaves closed thanks to α-CROWN steps (CROWN's default slopes alone were ≤ 0). */
  alphaLeaves: number;
  /** Leaves where the rigorous and the exact bound disagree on "proven" (`--confirm both`). */
  disagreements: number;
  /** Share of the box volume (over coordinates of positive width) in closed leaves. */
  closedVolume: number;
}

/** The exact leaf box of a node: the root's rationals where flagged, the float cut points elsewhere. */
function exactBox(node: Node, rootLo: readonly Fraction[], rootHi: readonly Fraction[]): { lo: Fraction[]; hi: Fraction[] } {
  const lo = rootLo.map((v, t) => (node.atLo & (1 << t) ? v : float64ToRational(node.lo[t] as number)));
  const hi = rootHi.map((v, t) => (node.atHi & (1 << t) ? v : float64ToRational(node.hi[t] as number)));
  return { lo, hi };
}

/** One instance: falsify, then branch and bound. */
export function verifyInstance(net: Network, rootLo: readonly Fraction[], rootHi: readonly Fraction[], options: Options): Omit<InstanceResult, 'net' | 'prop' | 'expected'> {
  const start = performance.now();
  const deadline = start + options.timeout * 1000;
  const r: Omit<InstanceResult, 'net' | 'prop' | 'expected'> = {
    verdict: 'unknown',
    seconds: 0,
    nodes: 0,
    leaves: 0,
    maxDepth: 0,
    falsifySeconds: 0,
    floatMsPerNode: 0,
    rigorousLeaves: 0,
    rigorousMsPerLeaf: 0,
    rigorousFailures: 0,
    exactLeaves: 0,
    exactMsPerLeaf: 0,
    exactFailures: 0,
    unconfirmed: 0,
    closedVolume: 0,
    alphaLeaves: 0,
    disagreements: 0,
  };
  let floatMs = 0;
  let rigorousMs = 0;
  let exactMs = 0;
  const finish = (): typeof r => {
    r.seconds = (performance.now() - start) / 1000;
    r.floatMsPerNode = floatMs / Math.max(1, r.nodes);
    r.rigorousMsPerLeaf = rigorousMs / Math.max(1, r.rigorousLeaves);
    r.exactMsPerLeaf = exactMs / Math.max(1, r.exactLeaves);
    return r;
  };
  const ce = falsify(net, rootLo, rootHi, ROWS, { seed: 1, samples: 256, restarts: 8, steps: 40 });
  r.falsifySeconds = (performance.now() - start) / 1000;
  if (ce !== undefined) {
    r.verdict = 'sat';
    return finish();
  }
  const f = floatNetwork(net);
  const n = f.inputs;
  const bounds = layerBounds(f);
  const sws = symbolicWorkspace(f);
  const bws = backwardWorkspace(f);
  // Candidate multipliers λ: each row alone and, with `pairs`, each pair of rows weighted 1/2 each
  // (a leaf where two rows win on different parts closes with their average; all subsets with
  // equal weights were tried and did worse on 4_2).
  const combos: { lambda: Fraction[]; c: Float64Array }[] = [];
  const addCombo = (lambda: Fraction[]): void => {
    const c = new Float64Array(ROWS[0]?.c.length ?? 0);
    ROWS.forEach((row, q) => row.c.forEach((v, i) => (c[i] = (c[i] as number) + (lambda[q] as Fraction).valueOf() * v.valueOf())));
    combos.push({ lambda, c });
  };
  ROWS.forEach((_, a) => addCombo(ROWS.map((__, q) => new Fraction(q === a ? 1 : 0))));
  if (options.pairs) ROWS.forEach((_, a) => ROWS.forEach((__, b) => b > a && addCombo(ROWS.map((___, q) => new Fraction(q === a || q === b ? 1 : 0, 2)))));
  const rowC = combos.map((x) => x.c);
  const alpha = defaultAlphas(f, bounds);
  const full = (1 << n) - 1;
  const stack: Node[] = [{ lo: Float64Array.from(rootLo, (v) => v.valueOf()), hi: Float64Array.from(rootHi, (v) => v.valueOf()), atLo: full, atHi: full, depth: 0 }];
  const intermediateBounds = (b: FloatBox): void => {
    if (options.intermediate === 'hybrid') {
      symbolicBounds(f, b, bounds, sws, 'adaptive', undefined, bws);
      return;
    }
    if (options.intermediate !== 'crown') symbolicBounds(f, b, bounds, sws, 'adaptive');
    if (options.intermediate !== 'symbolic') crownLayerBounds(f, b, bounds, bws, options.intermediate === 'both');
  };
  const rootWidth = rootLo.map((v, t) => (rootHi[t] as Fraction).sub(v).valueOf());
  const values = new Float64Array(combos.length);
  const lambda = (best: number): Fraction[] => (combos[best] as { lambda: Fraction[] }).lambda;
  while (stack.length > 0) {
    if (performance.now() > deadline) return finish();
    const node = stack.pop() as Node;
    r.nodes++;
    r.maxDepth = Math.max(r.maxDepth, node.depth);
    const box: FloatBox = node;
    const t0 = performance.now();
    intermediateBounds(box);
    let best = 0;
    for (let q = 0; q < combos.length; q++) {
      values[q] = backwardBound(f, bounds, box, rowC[q] as Float64Array, 0, bws);
      if ((values[q] as number) > (values[best] as number)) best = q;
    }
    let useAlpha = false;
    if ((values[best] as number) <= 0 && options.alphaSteps > 0) {
      defaultAlphas(f, bounds, alpha);
      const v = optimizeAlpha(f, bounds, box, rowC[best] as Float64Array, 0, bws, alpha, options.alphaSteps, 0);
      if (v > 0) {
        values[best] = v;
        useAlpha = true;
      }
    } else {
      backwardBound(f, bounds, box, rowC[best] as Float64Array, 0, bws);
    }
    let smear = largestSmear(box, bws.inputCoef);
    const bestRowBound = (b: FloatBox): number => {
      if (options.cheapScore) symbolicBounds(f, b, bounds, sws, 'adaptive');
      else intermediateBounds(b);
      let v = Number.NEGATIVE_INFINITY;
      for (let q = 0; q < combos.length; q++) v = Math.max(v, backwardBound(f, bounds, b, rowC[q] as Float64Array, 0, bws));
      return v;
    };
    if (options.split === 'improve' && (values[best] as number) <= 0) {
      // Score = how much of the parent's deficit the two children recover; a child's bound is at
      // least the parent's (a bound over a box holds on its sub-boxes). A gain below 1/1000 of the
      // deficit counts as none: then the coordinate that is widest relative to the root is halved
      // (tiny gains from ever thinner coordinates once trapped the search at depth 60).
      const parent = values[best] as number;
      let bestScore = 2 * parent + Math.abs(parent) * 1e-3;
      let widest = -1;
      for (let t = 0; t < n; t++) {
        const rel = ((node.hi[t] as number) - (node.lo[t] as number)) / (rootWidth[t] as number);
        if (rel > widest) {
          widest = rel;
          smear = t;
        }
      }
      const order = Array.from({ length: n }, (_, t) => t)
        .map((t) => ({ t, v: Math.abs(bws.inputCoef[t] as number) * ((node.hi[t] as number) - (node.lo[t] as number)) }))
        .sort((a, b) => b.v - a.v)
        .slice(0, options.candidates);
      for (const { t } of order) {
        const lt = node.lo[t] as number;
        const ht = node.hi[t] as number;
        if (!(ht > lt)) continue;
        const mid = (lt + ht) / 2;
        const a = { lo: node.lo, hi: Float64Array.from(node.hi) };
        a.hi[t] = mid;
        const b = { lo: Float64Array.from(node.lo), hi: node.hi };
        b.lo[t] = mid;
        const score = Math.min(Math.max(bestRowBound(a), parent), 0) + Math.min(Math.max(bestRowBound(b), parent), 0);
        if (score > bestScore) {
          bestScore = score;
          smear = t;
        }
      }
    }
    floatMs += performance.now() - t0;
    if ((values[best] as number) > 0) {
      // Candidate leaf: confirm it.
      const leaf = exactBox(node, rootLo, rootHi);
      const params = useAlpha ? { alpha: alpha.map((a) => Array.from(a, (v) => Math.round(v * 2 ** ALPHA_BITS))) } : {};
      let closed = options.confirm === 'none';
      if (options.confirm === 'rigorous' || options.confirm === 'both') {
        const t1 = performance.now();
        const rb = rigorousLeafBound(net, leaf, ROWS, lambda(best), params, rigorousBox(leaf));
        rigorousMs += performance.now() - t1;
        r.rigorousLeaves++;
        if (rb.proven) closed = true;
        else r.rigorousFailures++;
      }
      if (options.confirm === 'exact' || options.confirm === 'both' || (options.confirm === 'rigorous' && !closed)) {
        const t1 = performance.now();
        const eb = exactLeafBound(net, leaf, ROWS, lambda(best), params);
        exactMs += performance.now() - t1;
        r.exactLeaves++;
        // Two computations of one relaxation with different roundings: they may differ only when
        // the bound is within rounding of 0. Counted, and the exact verdict decides.
        if (options.confirm === 'both' && closed !== eb.proven) r.disagreements++;
        closed = eb.proven;
        if (!eb.proven) r.exactFailures++;
      }
      if (closed) {
        r.leaves++;
        r.closedVolume += 2 ** -node.depth;
        if (useAlpha) r.alphaLeaves++;
        continue;
      }
      r.unconfirmed++;
    } else {
      // Try the centre as a counterexample (exactly).
      const mid = new Float64Array(n);
      for (let t = 0; t < n; t++) mid[t] = ((node.lo[t] as number) + (node.hi[t] as number)) / 2;
      const leaf = exactBox(node, rootLo, rootHi);
      const found = confirmCounterexample(net, leaf.lo, leaf.hi, ROWS, mid);
      if (found !== undefined) {
        r.verdict = 'sat';
        return finish();
      }
    }
    // Split at the float midpoint of the chosen coordinate (any point strictly inside will do: the
    // children share it, so they cover the node exactly).
    const t = smear;
    const mid = ((node.lo[t] as number) + (node.hi[t] as number)) / 2;
    if (!(mid > (node.lo[t] as number) && mid < (node.hi[t] as number))) return finish(); // no float strictly inside: unknown
    const bit = 1 << t;
    const left: Node = { lo: node.lo, hi: Float64Array.from(node.hi), atLo: node.atLo, atHi: node.atHi & ~bit, depth: node.depth + 1 };
    left.hi[t] = mid;
    const right: Node = { lo: Float64Array.from(node.lo), hi: node.hi, atLo: node.atLo & ~bit, atHi: node.atHi, depth: node.depth + 1 };
    right.lo[t] = mid;
    stack.push(right, left);
  }
  r.verdict = options.confirm === 'none' ? 'unsat-float' : 'unsat';
  return finish();
}

function expectedAnswers(): Map<string, string> {
  const map = new Map<string, string>();
  for (const line of readFileSync(`${DATA}/acasxu_expected_vnncomp2021.csv`, 'utf8').trim().split('\n').slice(1)) {
    const [net, prop, expected] = line.split(',');
    map.set(`${net},${prop}`, expected as string);
  }
  return map;
}

function argument(args: readonly string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

/** Runs the instances of φ3/φ4 (or the chosen subset); prints one JSON line each and a summary. */
export async function main(args: readonly string[] = []): Promise<void> {
  const props = (argument(args, '--props') ?? '3,4').split(',').map((p) => `prop_${p}`);
  const nets = argument(args, '--nets')?.split(',');
  const options: Options = {
    timeout: Number(argument(args, '--timeout') ?? 60),
    confirm: (argument(args, '--confirm') ?? 'rigorous') as Confirm,
    alphaSteps: Number(argument(args, '--alpha-steps') ?? 6),
    intermediate: (argument(args, '--intermediate') ?? 'hybrid') as Intermediate,
    split: (argument(args, '--split') ?? 'improve') as 'smear' | 'improve',
    candidates: Number(argument(args, '--candidates') ?? 5),
    cheapScore: args.includes('--cheap-score'),
    pairs: !args.includes('--single-rows'),
  };
  const expected = expectedAnswers();
  const instances = readFileSync(`${DATA}/acasxu_instances.csv`, 'utf8')
    .trim()
    .split('\n')
    .map((line) => line.split(','))
    .filter(([onnx, vnnlib]) => props.some((p) => vnnlib === `vnnlib/${p}.vnnlib`) && (nets === undefined || nets.some((n) => onnx?.includes(`_${n}_batch`))));
  const results: InstanceResult[] = [];
  const load = loadavg();
  for (const [onnx, vnnlib] of instances) {
    const prop = (vnnlib as string).replace('vnnlib/', '').replace('.vnnlib', '');
    const box = BOXES[prop] as { lo: readonly string[]; hi: readonly string[] };
    const net = readNetworkFile(`${DATA}/${onnx}`);
    const name = (onnx as string).replace('onnx/', '');
    const result: InstanceResult = {
      net: name,
      prop,
      expected: expected.get(`${name},${prop}.vnnlib`) ?? '?',
      ...verifyInstance(net, box.lo.map((v) => parseRational(v)), box.hi.map((v) => parseRational(v)), options),
    };
    results.push(result);
    console.log(JSON.stringify({ bench: 'spec', ...result, ok: result.verdict === result.expected }));
  }
  for (const prop of props) {
    const mine = results.filter((r) => r.prop === prop);
    if (mine.length === 0) continue;
    const sum = (key: keyof InstanceResult): number => mine.reduce((s, r) => s + (r[key] as number), 0);
    console.log(
      JSON.stringify({
        bench: 'spec-summary',
        prop,
        confirm: options.confirm,
        instances: mine.length,
        correct: mine.filter((r) => r.verdict === r.expected).length,
        wrong: mine.filter((r) => r.verdict !== 'unknown' && r.verdict !== r.expected).length,
        unknown: mine.filter((r) => r.verdict === 'unknown').length,
        seconds: sum('seconds'),
        maxSeconds: Math.max(...mine.map((r) => r.seconds)),
        leaves: sum('leaves'),
        nodes: sum('nodes'),
        unconfirmed: sum('unconfirmed'),
        loadBefore: load.map((v) => v.toFixed(2)).join(' '),
        loadAfter: loadavg().map((v) => v.toFixed(2)).join(' '),
      }),
    );
  }
}

if (process.argv[1]?.endsWith('/benchmarks/specPrototype.js')) await main(process.argv.slice(2));
