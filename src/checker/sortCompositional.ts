/**
 * Checks `sort-compositional` certificates: a ReLU network built from comparator gadgets computes
 * sort(x) (ascending) on all of R^n. Three parts, each re-derived here; the certificate's lists are
 * hints that are verified, never trusted (issue 4, part 5):
 *
 * (a) The gadget lemmas. The checker builds the two gadget networks itself from the tables below —
 *     sort2, the 4-ReLU comparator (hidden rows x − y, y − x, y, −y; outputs
 *     min = −relu(y − x) + relu(y) − relu(−y), max = relu(x − y) + relu(y) − relu(−y); Huybrechs
 *     2025, `ann_sort2`), and the identity pair relu(y) − relu(−y) — and checks the recorded
 *     region trees with the `sort-regions` check of sort.ts (walkRegionTree, per-leaf permutation
 *     and ordering multipliers): sort2 computes sort = (min, max) on all of R², the identity pair
 *     computes sort = id on R. No lemma is taken on trust.
 * (b) The weights. Stage s of the recorded list is hidden layer s: its pairs, in neuron order, are
 *     sort2 comparators (a, b) — reading (x_a, x_b), writing min to wire a and max to wire b — or
 *     identity pairs (a, a); every wire is written exactly once. From that list alone the checker
 *     rebuilds every layer symbolically and sparsely: layer 0 is stage 0's hidden map, layer s
 *     (0 < s < S) the product of stage s's hidden map and stage s−1's output map, layer S stage
 *     S−1's output map; all biases 0; activations relu, …, relu, identity. Every stored entry and
 *     every expected nonzero is compared exactly. Hence N = T_{S−1} ∘ … ∘ T_0 with
 *     T_s = O_s ∘ relu ∘ H_s (associativity of the affine maps), and by (a) T_s applies the
 *     stage's comparators to disjoint wire pairs and leaves the other wires alone: N is the
 *     comparator network C on all of R^n.
 * (c) C sorts. Every comparator replaces (x_a, x_b) by (min, max), so C(x) is a rearrangement of x,
 *     and it is sort(x) as soon as it is ascending. Two methods, both resting on the threshold
 *     argument behind the 0-1 principle (Knuth, TAOCP vol. 3, §5.3.4, Theorem Z), restated here so
 *     that no step rests on a cited theorem alone: for t real, f_t(z) = [z ≥ t] is monotone, hence
 *     commutes with min and max and with every comparator network M: M(f_t(z)) = f_t(M(z)). If
 *     M(z)_i > M(z)_{i+1}, then t = M(z)_i makes f_t(M(z)) = M(f_t(z)) unsorted at i.
 *     - `zero-one`: all 2^n 0-1 inputs, bit-sliced (n ≤ 26): by the argument, C sorts R^n.
 *     - `merge` (Batcher 1968, bitonic merging; n = 2^L): L phases of consecutive stages covering
 *       all stages. Induction on p: after phase p every aligned block of 2^p wires holds a sorted
 *       (in the recorded direction) permutation of its input. Phase p's comparators must stay
 *       inside aligned blocks of 2^p wires (checked for every comparator), so each block evolves on
 *       its own; its input is u ‖ v with u, v sorted in the directions recorded for phase p − 1
 *       (phase 0: single wires). f_t maps every such input to 0^a1^(h−a) or 1^a0^(h−a) followed by
 *       the same shape for v: (h + 1)² inputs, h = 2^(p−1), all run through the block's
 *       comparators (bit-sliced). All sorted in the recorded direction ⇒ by the argument, every
 *       real input of the block is. After phase L the single block must be ascending. Blocks with
 *       the same comparators (relative to the block), input directions and output direction give
 *       the same outputs and are tested once.
 */
import type Fraction from 'fraction.js';
import type { z } from 'zod';
import { CERTIFICATE_FORMAT, type SortCompositionalEvidence, type SortLemmaJson } from './schema/index.js';
import { ZERO, ratio } from '../exact/rational.js';
import { type Layer, type Network, denseLayer } from '../network/model.js';
import { CheckFailure, demand, fromModel } from './kernel/index.js';
import { checkSort } from './sort.js';
import type { Checked, WithNetwork } from './types.js';

type Evidence = z.infer<typeof SortCompositionalEvidence>;
type Lemma = z.infer<typeof SortLemmaJson>;

/** A gadget: its hidden rows over its input wires and its output rows over its hidden neurons. */
interface Gadget {
  readonly name: 'sort2' | 'identity';
  readonly hidden: readonly (readonly bigint[])[];
  readonly out: readonly (readonly bigint[])[];
}

/** sort2 on (x, y) = (x_a, x_b): hidden (x − y, y − x, y, −y); outputs (min, max) to (a, b). */
const SORT2: Gadget = {
  name: 'sort2',
  hidden: [
    [1n, -1n],
    [-1n, 1n],
    [0n, 1n],
    [0n, -1n],
  ],
  out: [
    [0n, -1n, 1n, -1n],
    [1n, 0n, 1n, -1n],
  ],
};

/** The identity pair on y: hidden (y, −y); output relu(y) − relu(−y). */
const IDENTITY: Gadget = { name: 'identity', hidden: [[1n], [-1n]], out: [[1n, -1n]] };

/** The gadget as a network of its own (for the lemma): one ReLU layer, one affine layer, zero biases. */
function gadgetNetwork(g: Gadget): Network {
  const rows = (m: readonly (readonly bigint[])[]): Fraction[][] => m.map((r) => r.map((v) => ratio(v)));
  const k = (g.hidden[0] as readonly bigint[]).length;
  return {
    inputs: k,
    layers: [denseLayer(rows(g.hidden), g.hidden.map(() => ZERO), 'relu', k), denseLayer(rows(g.out), g.out.map(() => ZERO), 'identity', g.hidden.length)],
  };
}

/**
 * (a) The gadget computes sort on all of R^k: the recorded tree and leaf proofs are checked as a
 * `sort-regions` certificate about the gadget network built above (no digest or hash: the
 * network is the checker's own). Paths of failures are moved under `path`.
 */
function checkLemma(g: Gadget, lemma: Lemma, path: string): void {
  const none = '0'.repeat(64);
  const cert = {
    format: CERTIFICATE_FORMAT,
    claim: { property: 'sort', network: { sha256: none }, domain: { kind: 'all' } },
    verdict: 'holds',
    evidence: { kind: 'sort-regions', claimSha256: none, nodes: lemma.nodes, leaves: lemma.leaves },
    engine: { version: 'checker', stats: {} },
    network: gadgetNetwork(g),
  } as unknown as WithNetwork<'sort'>;
  try {
    checkSort(cert);
  } catch (e) {
    if (e instanceof CheckFailure) {
      const p = e.path ?? '';
      throw new CheckFailure(`${g.name} lemma: ${e.message}`, p.startsWith('evidence.') ? `${path}.${p.slice('evidence.'.length)}` : path);
    }
    throw e;
  }
}

/** One gadget application of a stage: its wires (in gadget input order) and first hidden neuron. */
interface Item {
  readonly gadget: Gadget;
  readonly wires: readonly number[];
  readonly offset: number;
}

interface Stage {
  readonly items: readonly Item[];
  /** Hidden neurons of the stage. */
  readonly hidden: number;
  /** The comparators (min wire, max wire), in neuron order. */
  readonly comparators: readonly (readonly [number, number])[];
  readonly carried: number;
}

/** Reads the recorded stages: pairs (a, b), a ≠ b a comparator, (a, a) an identity pair; each wire written once. */
function readStages(stages: readonly (readonly number[])[], n: number): Stage[] {
  demand(stages.length >= 1, 'a sorter needs at least one stage (hidden layer)', 'evidence.stages');
  return stages.map((list, s) => {
    const path = `evidence.stages[${s}]`;
    demand(list.length % 2 === 0, `a stage lists pairs of wires: ${list.length} entries`, path);
    const seen = new Uint8Array(n);
    const items: Item[] = [];
    const comparators: [number, number][] = [];
    let hidden = 0;
    let carried = 0;
    for (let t = 0; t < list.length; t += 2) {
      const a = list[t] as number;
      const b = list[t + 1] as number;
      demand(a < n && b < n, `pair (${a}, ${b}) names a wire outside 0..${n - 1}`, `${path}[${t}]`);
      const wires = a === b ? [a] : [a, b];
      for (const w of wires) {
        demand(seen[w] === 0, `wire ${w} is written twice in stage ${s}`, `${path}[${t}]`);
        seen[w] = 1;
      }
      const gadget = a === b ? IDENTITY : SORT2;
      items.push({ gadget, wires, offset: hidden });
      hidden += gadget.hidden.length;
      if (a === b) carried++;
      else comparators.push([a, b]);
    }
    const missing = seen.indexOf(0);
    demand(missing < 0, `wire ${missing} is neither compared nor carried in stage ${s}`, path);
    return { items, hidden, comparators, carried };
  });
}

/** A sparse row: column → exact integer coefficient (zeros never stored). */
type Row = Map<number, bigint>;

function addTo(row: Row, col: number, v: bigint): void {
  const s = (row.get(col) ?? 0n) + v;
  if (s === 0n) row.delete(col);
  else row.set(col, s);
}

/** The stage's hidden map H_s: one row per neuron over the stage's input wires. */
function hiddenRows(stage: Stage): Row[] {
  const rows: Row[] = [];
  for (const item of stage.items) {
    for (const coef of item.gadget.hidden) {
      const row: Row = new Map();
      coef.forEach((v, c) => {
        if (v !== 0n) addTo(row, item.wires[c] as number, v);
      });
      rows.push(row);
    }
  }
  return rows;
}

/** The stage's output map O_s: per wire, its row over the stage's hidden neurons. */
function outputRows(stage: Stage, n: number): Row[] {
  const rows: Row[] = Array.from({ length: n }, () => new Map());
  for (const item of stage.items) {
    item.gadget.out.forEach((coef, k) => {
      const row = rows[item.wires[k] as number] as Row;
      coef.forEach((v, r) => {
        if (v !== 0n) addTo(row, item.offset + r, v);
      });
    });
  }
  return rows;
}

/** H ∘ O: each row of H (over wires) with every wire replaced by its row of O (over hidden neurons). */
function compose(h: readonly Row[], o: readonly Row[]): Row[] {
  return h.map((row) => {
    const out: Row = new Map();
    for (const [w, c] of row) for (const [j, v] of o[w] as Row) addTo(out, j, c * v);
    return out;
  });
}

/** Compares network layer k with the expected rows exactly (shape, activation, every entry, zero biases). */
function compareLayer(layer: Layer | undefined, k: number, expected: readonly Row[], inputs: number, relu: boolean, path: string): number {
  demand(layer !== undefined, `the network has no layer ${k}`, path);
  demand(layer.activation === (relu ? 'relu' : 'identity'), `layer ${k} has activation ${layer.activation}, the recorded stages give ${relu ? 'relu' : 'identity'}`, path);
  demand(
    layer.inputs === inputs && layer.outputs === expected.length && layer.rows.length === expected.length && layer.bias.length === expected.length,
    `layer ${k} has shape [${layer.outputs}, ${layer.inputs}], the recorded stages give [${expected.length}, ${inputs}]`,
    path,
  );
  let compared = 0;
  expected.forEach((want, i) => {
    const row = layer.rows[i] as Layer['rows'][number];
    demand(row.cols.length === row.values.length, `layer ${k} row ${i} is malformed`, path);
    let matched = 0;
    let prev = -1;
    row.cols.forEach((j, t) => {
      demand(Number.isInteger(j) && j > prev && j < inputs, `layer ${k} row ${i} does not list its columns in increasing order inside 0..${inputs - 1}`, path);
      prev = j;
      const v = fromModel(row.values[t] as Fraction);
      const e = want.get(j) ?? 0n;
      const equal = v.d === 1n && v.n === e;
      demand(equal, `layer ${k} weight [${i}, ${j}] is ${v.n}${v.d === 1n ? '' : `/${v.d}`}, the recorded stages give ${e}`, path);
      if (e !== 0n) matched++;
      compared++;
    });
    if (matched !== want.size) {
      const j = [...want.keys()].find((c) => !row.cols.includes(c)) as number;
      demand(false, `layer ${k} weight [${i}, ${j}] is 0, the recorded stages give ${want.get(j)}`, path);
    }
    const b = layer.bias[i] as Fraction;
    demand(fromModel(b).n === 0n, `layer ${k} bias [${i}] is not 0`, path);
  });
  return compared;
}

/** (b) The network's layers are exactly the composition of the recorded stages. Returns the entries compared. */
function checkWeights(network: Network, stages: readonly Stage[], n: number): number {
  const S = stages.length;
  demand(network.layers.length === S + 1, `the network has ${network.layers.length} layers, ${S} recorded stages need ${S + 1}`, 'evidence.stages');
  let compared = 0;
  let previousOutput: Row[] | undefined;
  let previousHidden = n;
  stages.forEach((stage, s) => {
    const h = hiddenRows(stage);
    const expected = previousOutput === undefined ? h : compose(h, previousOutput);
    compared += compareLayer(network.layers[s], s, expected, previousHidden, true, `evidence.stages[${s}]`);
    previousOutput = outputRows(stage, n);
    previousHidden = stage.hidden;
  });
  compared += compareLayer(network.layers[S], S, previousOutput as Row[], previousHidden, false, `evidence.stages[${S - 1}]`);
  return compared;
}

/** Bit patterns of wires 0..4 within a 32-input word: bit x of pattern i is bit i of x. */
const WORD_PATTERNS = [0xaaaaaaaa, 0xcccccccc, 0xf0f0f0f0, 0xff00ff00, 0xffff0000];

/** Largest n of the `zero-one` method: 2^26 inputs. */
export const MAX_ZERO_ONE_WIRES = 26;

/** Applies comparators (flat min, max wire list) to bit-sliced wires: min = AND, max = OR. */
function runBits(wires: readonly Uint32Array[], comps: readonly number[], words: number): void {
  for (let c = 0; c < comps.length; c += 2) {
    const x = wires[comps[c] as number] as Uint32Array;
    const y = wires[comps[c + 1] as number] as Uint32Array;
    for (let k = 0; k < words; k++) {
      const u = x[k] as number;
      const v = y[k] as number;
      x[k] = u & v;
      y[k] = u | v;
    }
  }
}

/**
 * (c), `zero-one`: every 0-1 input, bit-sliced (input x puts bit i of x on wire i; 2^20 inputs per
 * chunk). For n < 5 the word's extra bits repeat inputs x mod 2^n, which changes nothing.
 */
function checkZeroOne(n: number, comps: readonly number[]): string {
  demand(n <= MAX_ZERO_ONE_WIRES, `the zero-one method runs 2^n inputs; n = ${n} exceeds ${MAX_ZERO_ONE_WIRES}`, 'evidence.sorting');
  const m = Math.min(n, 20);
  const words = m > 5 ? 1 << (m - 5) : 1;
  const wires = Array.from({ length: n }, () => new Uint32Array(words));
  const chunks = 2 ** (n - m);
  for (let chunk = 0; chunk < chunks; chunk++) {
    for (let i = 0; i < n; i++) {
      const w = wires[i] as Uint32Array;
      if (i < 5) w.fill(WORD_PATTERNS[i] as number);
      else if (i < m) for (let k = 0; k < words; k++) w[k] = (k >>> (i - 5)) & 1 ? 0xffffffff : 0;
      else w.fill(Math.floor(chunk / 2 ** (i - m)) % 2 === 1 ? 0xffffffff : 0);
    }
    runBits(wires, comps, words);
    for (let i = 0; i + 1 < n; i++) {
      const lo = wires[i] as Uint32Array;
      const hi = wires[i + 1] as Uint32Array;
      for (let k = 0; k < words; k++) {
        const bad = ((lo[k] as number) & ~(hi[k] as number)) >>> 0;
        if (bad !== 0) {
          const x = chunk * 2 ** m + k * 32 + (31 - Math.clz32(bad & -bad));
          const input = Array.from({ length: n }, (_, j) => Math.floor(x / 2 ** j) % 2).join('');
          demand(false, `the comparator network does not sort the 0-1 input ${input}: outputs ${i} and ${i + 1} are out of order`, 'evidence.sorting');
        }
      }
    }
  }
  return `all ${2 ** n} 0-1 inputs sorted (0-1 principle)`;
}

/** Sets bits [lo, hi) of a bit vector. */
function setRange(v: Uint32Array, lo: number, hi: number): void {
  for (let t = lo; t < hi; ) {
    const k = t >>> 5;
    const bit = t & 31;
    const span = Math.min(32 - bit, hi - t);
    const mask = span === 32 ? 0xffffffff : (((1 << span) - 1) << bit) >>> 0;
    v[k] = ((v[k] as number) | mask) >>> 0;
    t += span;
  }
}

/**
 * Runs a block of 2h wires whose halves are sorted in directions `left`, `right` through its
 * comparators (flat list, wires relative to the block) on all (h + 1)² 0-1 inputs: test (a, b)
 * has left half 0^a 1^(h−a) (ascending) or 1^a 0^(h−a) (descending), right half likewise with b.
 * Tests are bits a·(h+1) + b, in chunks of consecutive a. Demands every output sorted in `dir`.
 */
function testMerger(h: number, left: string, right: string, dir: string, comps: readonly number[], where: string): number {
  const side = h + 1;
  const perChunk = Math.max(1, Math.floor((1 << 16) / side));
  const maxWords = Math.ceil((perChunk * side) / 32);
  const wires = Array.from({ length: 2 * h }, () => new Uint32Array(maxWords));
  for (let a0 = 0; a0 <= h; a0 += perChunk) {
    const a1 = Math.min(h + 1, a0 + perChunk);
    const words = Math.ceil(((a1 - a0) * side) / 32);
    for (const w of wires) w.fill(0);
    for (let p = 0; p < h; p++) {
      const l = wires[p] as Uint32Array;
      const r = wires[h + p] as Uint32Array;
      for (let a = a0; a < a1; a++) {
        const base = (a - a0) * side;
        // Left wire p is 1 iff p ≥ a (0^a 1^(h−a)) or p < a (1^a 0^(h−a)), for every b.
        if (left === 'a' ? p >= a : p < a) setRange(l, base, base + side);
        // Right wire p is 1 iff p ≥ b, i.e. b ≤ p (ascending), or p < b (descending).
        if (right === 'a') setRange(r, base, base + p + 1);
        else setRange(r, base + p + 1, base + side);
      }
    }
    runBits(wires, comps, words);
    // Bits past the last test are 0 on every wire and stay 0: they never look unsorted.
    for (let p = 0; p + 1 < 2 * h; p++) {
      const lo = wires[p] as Uint32Array;
      const hi = wires[p + 1] as Uint32Array;
      for (let k = 0; k < words; k++) {
        const bad = dir === 'a' ? ((lo[k] as number) & ~(hi[k] as number)) >>> 0 : ((hi[k] as number) & ~(lo[k] as number)) >>> 0;
        if (bad !== 0) {
          const t = a0 * side + k * 32 + (31 - Math.clz32(bad & -bad));
          demand(false, `${where}: the merger leaves the test input (a, b) = (${Math.floor(t / side)}, ${t % side}) unsorted ${dir === 'a' ? 'ascending' : 'descending'} at positions ${p}, ${p + 1}`, 'evidence.sorting.phases');
        }
      }
    }
  }
  return side * side;
}

/**
 * (c), `merge`: the recursive argument of the module comment. First the block structure (phases
 * cover the stages consecutively, every comparator inside its block, one direction per block),
 * then the merger tests. Returns a summary.
 */
function checkMerge(n: number, stages: readonly Stage[], phases: Extract<Evidence['sorting'], { method: 'merge' }>['phases']): string {
  demand(n >= 2 && (n & (n - 1)) === 0, `the merge method needs n = 2^L ≥ 2 wires, got ${n}`, 'evidence.sorting');
  const L = Math.log2(n);
  demand(phases.length === L, `n = ${n} needs ${L} merge phases, the certificate has ${phases.length}`, 'evidence.sorting.phases');
  // The block structure: phase p's comparators, per aligned block of 2^p wires, relative to the block.
  let next = 0;
  const blocksOf = phases.map((phase, index) => {
    const p = index + 1;
    const path = `evidence.sorting.phases[${index}]`;
    const [from, to] = phase.stages;
    demand(from === next && from <= to && to <= stages.length, `phase ${p} must cover stages [${next}, …) up to at most ${stages.length}, it gives [${from}, ${to})`, `${path}.stages`);
    next = to;
    const size = 1 << p;
    const blocks = n / size;
    demand(phase.directions.length === blocks, `phase ${p} has ${blocks} blocks of ${size} wires, the certificate gives ${phase.directions.length} directions`, `${path}.directions`);
    const perBlock: number[][] = Array.from({ length: blocks }, () => []);
    for (let s = from; s < to; s++) {
      for (const [a, b] of (stages[s] as Stage).comparators) {
        demand(a >>> p === b >>> p, `comparator (${a}, ${b}) of stage ${s} joins two blocks of ${size} wires in phase ${p}`, `evidence.stages[${s}]`);
        const base = (a >>> p) << p;
        (perBlock[a >>> p] as number[]).push(a - base, b - base);
      }
    }
    return perBlock;
  });
  demand(next === stages.length, `the phases end at stage ${next}, the network has ${stages.length} stages: every comparator must be in a phase`, 'evidence.sorting.phases');
  demand(phases[L - 1]?.directions === 'a', 'after the last phase the network sorts in descending order, not ascending', `evidence.sorting.phases[${L - 1}].directions`);
  // The induction, phase by phase: each block's merger sorts in its recorded direction.
  let dirs = 'a'.repeat(n);
  let inputs = 0;
  phases.forEach((phase, index) => {
    const p = index + 1;
    const size = 1 << p;
    const tested = new Set<string>();
    (blocksOf[index] as number[][]).forEach((comps, b) => {
      const left = dirs[2 * b] as string;
      const right = dirs[2 * b + 1] as string;
      const dir = phase.directions[b] as string;
      const key = `${left}${right}${dir}:${comps.join(',')}`;
      if (tested.has(key)) return;
      inputs += testMerger(size >> 1, left, right, dir, comps, `phase ${p}, block ${b} (wires ${b * size}..${b * size + size - 1})`);
      tested.add(key);
    });
    dirs = phase.directions;
  });
  return `recursive merging in ${L} phases, ${inputs} 0-1 merger inputs`;
}

/** Checks a parsed `sort` certificate with `sort-compositional` evidence (network resolved). */
export function checkSortCompositional(cert: WithNetwork<'sort'>): Checked {
  const { claim, network } = cert;
  const evidence = cert.evidence;
  demand(evidence.kind === 'sort-compositional', `expected sort-compositional evidence, not ${evidence.kind}`, 'evidence.kind');
  demand(cert.verdict === 'holds', 'sort-compositional evidence proves that a network sorts: the verdict must be holds', 'verdict');
  demand(claim.domain.kind === 'all', 'sort-compositional evidence proves sorting on all of R^n: the domain must be {"kind": "all"}', 'claim.domain');
  const n = network.inputs;
  const m = network.layers[network.layers.length - 1]?.outputs ?? n;
  demand(m === n, `a sorter maps R^n to R^n; the network has ${n} inputs and ${m} outputs`, 'claim.network');

  const stages = readStages(evidence.stages, n);
  const comparators = stages.reduce((s, st) => s + st.comparators.length, 0);
  const carried = stages.reduce((s, st) => s + st.carried, 0);
  // (a) Exactly the lemmas the stages use.
  demand((evidence.lemmas.sort2 !== undefined) === comparators > 0, comparators > 0 ? 'the stages use sort2: its lemma is missing' : 'no stage uses sort2: drop its lemma', 'evidence.lemmas.sort2');
  demand((evidence.lemmas.identity !== undefined) === carried > 0, carried > 0 ? 'the stages carry wires by identity pairs: their lemma is missing' : 'no stage carries a wire: drop the identity lemma', 'evidence.lemmas.identity');
  if (evidence.lemmas.sort2 !== undefined) checkLemma(SORT2, evidence.lemmas.sort2, 'evidence.lemmas.sort2');
  if (evidence.lemmas.identity !== undefined) checkLemma(IDENTITY, evidence.lemmas.identity, 'evidence.lemmas.identity');
  // (b)
  const entries = checkWeights(network, stages, n);
  // (c)
  const sorting = evidence.sorting;
  const how =
    sorting.method === 'zero-one'
      ? checkZeroOne(
          n,
          stages.flatMap((st) => st.comparators.flat()),
        )
      : checkMerge(n, stages, sorting.phases);
  return {
    summary: `N(x) = sort(x) on all of R^${n}: the weights (${entries} entries) are the composition of ${stages.length} stages of sort2 comparators (${comparators}) and identity pairs (${carried}), each gadget proved by region enumeration; the comparator network sorts: ${how}`,
  };
}
