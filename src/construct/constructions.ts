/**
 * Named constructions built with the network calculus (calculus.ts) from the gadgets
 * (gadgets.ts), and the registry {@link CONSTRUCTIONS} behind `relucert build`.
 *
 * Every network carries `metadata.construction` ({ name, parameters, source }) and
 * `metadata.trace` (the stages and gadgets it was built from; format in calculus.ts and
 * docs/constructions.md).
 */
import { InputError } from '../errors.js';
import { ONE, ZERO, ratio } from '../exact/rational.js';
import type { Network } from '../network/model.js';
import {
  affineNetwork,
  arrange,
  compose,
  composeAll,
  identityNetwork,
  inPlace,
  parallel,
  wireNetwork,
  type WirePart,
} from './calculus.js';
import { absGadget, max2Gadget, min2Gadget, sort2Gadget, tentGadget, zigzagGadget } from './gadgets.js';

/** A comparator: the minimum of its two wires goes to `min`, the maximum to `max`. */
export interface Comparator {
  readonly min: number;
  readonly max: number;
}

/** Comparators acting in parallel (disjoint wires), stage after stage. */
export type ComparatorSchedule = readonly (readonly Comparator[])[];

function isPowerOfTwo(n: number): boolean {
  return Number.isSafeInteger(n) && n >= 1 && (n & (n - 1)) === 0;
}

/**
 * The bitonic sorting network of Batcher (1968) for n = 2^L, in the iterative form of Huybrechs
 * 2025 (`src/applications/sort.jl`, NOTES §A.4): for i = 1..L (merge blocks of size 2^i), for
 * j = i−1 down to 0 (distance 2^j), for every wire k with l = k xor 2^j > k a comparator on
 * (k, l), ascending (min to k) when bit i of k is 0 and descending (min to l) otherwise.
 * L(L+1)/2 steps of n/2 disjoint comparators; every wire is in one comparator per step.
 */
export function bitonicSchedule(n: number): Comparator[][] {
  if (!isPowerOfTwo(n) || n < 2) throw new InputError('usage', `the bitonic sorter needs n = 2^L ≥ 2, got ${n}`);
  const L = Math.log2(n);
  const steps: Comparator[][] = [];
  for (let i = 1; i <= L; i++) {
    for (let j = i - 1; j >= 0; j--) {
      const step: Comparator[] = [];
      for (let k = 0; k < n; k++) {
        const l = k ^ (1 << j);
        if (l > k) step.push((k & (1 << i)) === 0 ? { min: k, max: l } : { min: l, max: k });
      }
      steps.push(step);
    }
  }
  return steps;
}

/**
 * Odd–even transposition sort (Knuth, TAOCP vol. 3, §5.3.4, exercise 37; Habermann 1972) for any
 * n ≥ 2: n rounds, round r comparing (i, i+1) for every i ≡ r (mod 2), i + 1 < n, min to i.
 * Rounds without comparators (only round 1 for n = 2) are left out.
 */
export function oddEvenSchedule(n: number): Comparator[][] {
  if (!Number.isSafeInteger(n) || n < 2) throw new InputError('usage', `the odd–even transposition sorter needs n ≥ 2, got ${n}`);
  const steps: Comparator[][] = [];
  for (let r = 0; r < n; r++) {
    const step: Comparator[] = [];
    for (let i = r % 2; i + 1 < n; i += 2) step.push({ min: i, max: i + 1 });
    if (step.length > 0) steps.push(step);
  }
  return steps;
}

/**
 * The ReLU network of a comparator schedule: one hidden layer per step, each comparator a sort2
 * gadget reading (x_min, x_max) — so for a descending comparator the two inputs are swapped, as
 * in Huybrechs — and writing (min, max) back to its wires; wires in no comparator are carried by
 * identity pairs. Steps are composed with {@link compose}: the merged layers are A1_{t+1}·A2_t.
 */
export function comparatorNetwork(n: number, schedule: ComparatorSchedule): Network {
  const sort2 = sort2Gadget();
  const steps = schedule.map((step) => inPlace(n, step.map((c) => ({ net: sort2, wires: [c.min, c.max] }))));
  return steps.length === 0 ? identityNetwork(n, 1) : composeAll(steps);
}

/** The sorting algorithms {@link sorterNetwork} knows. */
export type SortAlgorithm = 'bitonic' | 'odd-even';

/**
 * A network computing sort(x) (ascending) exactly on all of R^n: the bitonic sorter
 * (Huybrechs 2025 §"sorting", n = 2^L: L(L+1)/2 hidden layers of width 2n, weights in {−1, 0, 1},
 * zero biases) or odd–even transposition (any n ≥ 2: n hidden layers, width 2n, n = 2: 1).
 */
export function sorterNetwork(n: number, algorithm: SortAlgorithm = 'bitonic'): Network {
  const schedule = algorithm === 'bitonic' ? bitonicSchedule(n) : oddEvenSchedule(n);
  return named(comparatorNetwork(n, schedule), `${algorithm}-sorter-${n}`, 'sorter', { n, algorithm }, SOURCES.sorter);
}

function treeOf(n: number, gadget: () => Network, what: string): Network {
  if (!Number.isSafeInteger(n) || n < 2) throw new InputError('usage', `${what} of n needs n ≥ 2, got ${n}`);
  const g = gadget();
  const levels: Network[] = [];
  for (let m = n; m > 1; m = Math.ceil(m / 2)) {
    const parts: WirePart[] = [];
    for (let i = 0; 2 * i + 1 < m; i++) parts.push({ net: g, in: [2 * i, 2 * i + 1], out: [i] });
    if (m % 2 === 1) parts.push({ net: identityNetwork(1, 1), in: [m - 1], out: [(m - 1) / 2] });
    levels.push(arrange(m, Math.ceil(m / 2), parts));
  }
  return composeAll(levels);
}

/**
 * max(x_1, …, x_n) by a balanced tree of max2 gadgets (Arora et al. 2018 §2, the max-of-affine-pieces
 * step of the representation theorem; Huybrechs 2025): level by level, wires (2i, 2i+1) → max at wire i, an odd last wire carried by
 * an identity pair; ⌈log2 n⌉ hidden layers.
 */
export function maxNetwork(n: number): Network {
  return named(treeOf(n, max2Gadget, 'max'), `max-${n}`, 'max', { n }, SOURCES.max);
}

/** min(x_1, …, x_n) by a balanced tree of min2 gadgets, as {@link maxNetwork}. */
export function minNetwork(n: number): Network {
  return named(treeOf(n, min2Gadget, 'min'), `min-${n}`, 'min', { n }, SOURCES.min);
}

/**
 * The median of n numbers: a sorter followed by an affine selection folded into its last layer.
 * Odd n: the middle order statistic x_(n+1)/2. Even n: the mean of the two middle order
 * statistics (x_(n/2) + x_(n/2+1))/2 — the usual definition (e.g. numpy.median), which keeps the
 * median symmetric under x ↦ −x; the output weights are then ±1/2.
 */
export function medianNetwork(n: number, algorithm: SortAlgorithm = 'odd-even'): Network {
  const sorter = comparatorNetwork(n, algorithm === 'bitonic' ? bitonicSchedule(n) : oddEvenSchedule(n));
  const half = ratio(1n, 2n);
  const select =
    n % 2 === 1
      ? wireNetwork(n, [(n - 1) / 2])
      : affineNetwork(n, [{ cols: [n / 2 - 1, n / 2], values: [half, half] }], [ZERO]);
  return named(compose(select, sorter), `median-${n}`, 'median', { n, algorithm }, SOURCES.median);
}

/**
 * The sawtooth t^k: k tent maps composed (Telgarsky 2016; Yarotsky 2017 §3.1): k hidden
 * layers of width 2, 2^k linear pieces on [0, 1], value (j mod 2) at j·2^−k.
 */
export function sawtoothNetwork(k: number): Network {
  checkAtLeast(k, 1, 'k', 'sawtooth');
  const t = tentGadget();
  return named(composeAll(Array.from({ length: k }, () => t)), `sawtooth-${k}`, 'sawtooth', { k }, SOURCES.sawtooth);
}

/**
 * The zigzag composition h^k of Arora et al. 2018 (§3, the hard functions of the depth gap; NOTES §C.3): k hidden
 * layers of width w, w^k linear pieces on [0, 1], value (j mod 2) at j·w^−k.
 */
export function zigzagNetwork(k: number, w: number): Network {
  checkAtLeast(k, 1, 'k', 'zigzag');
  checkAtLeast(w, 2, 'w', 'zigzag');
  const h = zigzagGadget(w);
  return named(composeAll(Array.from({ length: k }, () => h)), `zigzag-${k}-${w}`, 'zigzag', { k, w }, SOURCES.zigzag);
}

/**
 * The folding approximation of x² on [0, 1] with L levels (Yarotsky 2017, Prop. 2; the
 * "interpolation" initialisation of Huybrechs' `ann_square`, NOTES §A.5):
 *   f_L(x) = x − Σ_{s=1..L} t^s(x) / 4^s,
 * the piecewise-linear interpolant of x² on the grid k·2^−L (exact at the grid points, error
 * 2^(−2L−2) at the midpoints, which is the maximum). Wires (t, acc) start as (x, x); level s
 * replaces t by tent(t) and carries acc by an identity pair (width 4), then the affine map
 * acc ← acc − t/4^s is folded into the next layer; the output is acc. L hidden layers.
 */
export function squareNetwork(levels: number): Network {
  checkAtLeast(levels, 1, 'levels', 'square');
  const stepOf = (s: number): Network => {
    const mix = affineNetwork(
      2,
      [
        { cols: [0], values: [ONE] },
        { cols: [0, 1], values: [ratio(-1n, 4n ** BigInt(s)), ONE] },
      ],
      [ZERO, ZERO],
    );
    return compose(mix, parallel(tentGadget(), identityNetwork(1, 1)));
  };
  const parts: Network[] = [wireNetwork(1, [0, 0])];
  for (let s = 1; s <= levels; s++) parts.push(stepOf(s));
  parts.push(wireNetwork(2, [1]));
  return named(composeAll(parts), `square-${levels}`, 'square', { levels }, SOURCES.square);
}

function checkAtLeast(v: number, min: number, name: string, what: string): void {
  if (!Number.isSafeInteger(v) || v < min) throw new InputError('usage', `${what}: ${name} must be an integer ≥ ${min}, got ${v}`);
}

function named(net: Network, name: string, construction: string, parameters: Record<string, unknown>, source: string): Network {
  return { ...net, name, metadata: { ...(net.metadata ?? {}), construction: { name: construction, parameters, source } } };
}

const HUYBRECHS = 'Huybrechs 2025, On the algorithmic construction of deep ReLU networks (arXiv 2506.19104), AlgorithmicNeuralNets.jl';
const SOURCES = {
  abs: `${HUYBRECHS} src/basicnets.jl ann_abs`,
  max2: `${HUYBRECHS} src/basicnets.jl ann_max2`,
  min2: `${HUYBRECHS} src/basicnets.jl ann_min2`,
  sort2: `${HUYBRECHS} src/basicnets.jl ann_sort2`,
  max: `Arora, Basu, Mianjy, Mukherjee 2018 (ICLR) §2 (max tree); ${HUYBRECHS}`,
  min: `Arora, Basu, Mianjy, Mukherjee 2018 (ICLR) §2 (tree of pairwise min); ${HUYBRECHS}`,
  sorter: `${HUYBRECHS} src/applications/sort.jl (bitonic, Batcher 1968); odd-even transposition: Knuth TAOCP vol. 3 §5.3.4 ex. 37`,
  median: `sorter (${HUYBRECHS}) followed by selection of the middle order statistic(s)`,
  tent: 'Telgarsky 2016, Benefits of depth in neural networks (tent map)',
  sawtooth: 'Telgarsky 2016; Yarotsky 2017, Error bounds for approximations with deep ReLU networks, §3.1',
  zigzag: 'Arora, Basu, Mianjy, Mukherjee 2018 (ICLR), Understanding deep neural networks with rectified linear units, §3 (zigzag compositions)',
  square: `Yarotsky 2017, Prop. 2 (x² by folding); ${HUYBRECHS} src/approx ann_square with interpolation init`,
} as const;

/** One parameter of a named construction. */
export interface ConstructionParameter {
  readonly name: 'n' | 'k' | 'w' | 'levels' | 'algorithm';
  readonly description: string;
  /** Integer parameters: the allowed range. */
  readonly min?: number;
  readonly max?: number;
  /** Choice parameters: the allowed values. */
  readonly choices?: readonly string[];
  /** Value when not given (a parameter without default is required). */
  readonly default?: number | string;
}

/** A named construction of `relucert build`. */
export interface Construction {
  readonly name: string;
  readonly description: string;
  readonly source: string;
  readonly parameters: readonly ConstructionParameter[];
  /** Builds the network from validated parameters. */
  readonly build: (params: Readonly<Record<string, number | string>>) => Network;
}

const N_SORT: ConstructionParameter = { name: 'n', description: 'number of inputs', min: 2, max: 4096 };
const ALGORITHM: ConstructionParameter = {
  name: 'algorithm',
  description: 'bitonic (n a power of two) or odd-even (any n ≤ 512)',
  choices: ['bitonic', 'odd-even'],
  default: 'bitonic',
};

/** Largest n for the odd–even sorter: n hidden layers of width 2n, about 9n² nonzero weights. */
export const MAX_ODD_EVEN_N = 512;

function sortSize(n: number, algorithm: string): void {
  if (algorithm === 'bitonic' && !isPowerOfTwo(n)) {
    throw new InputError('usage', `the bitonic sorter needs n a power of two (2, 4, 8, …, 4096), got ${n}; use --algorithm odd-even for any n ≥ 2`, { path: '--n' });
  }
  if (algorithm === 'odd-even' && n > MAX_ODD_EVEN_N) {
    throw new InputError('usage', `the odd-even sorter is supported for 2 ≤ n ≤ ${MAX_ODD_EVEN_N} (n hidden layers of width 2n), got ${n}`, { path: '--n' });
  }
}

/** Every named construction, in the order `relucert build --list` shows them. */
export const CONSTRUCTIONS: readonly Construction[] = [
  { name: 'abs', description: '|x| with 2 ReLUs', source: SOURCES.abs, parameters: [], build: () => named(absGadget(), 'abs', 'abs', {}, SOURCES.abs) },
  { name: 'max2', description: 'max(x, y) with 3 ReLUs', source: SOURCES.max2, parameters: [], build: () => named(max2Gadget(), 'max2', 'max2', {}, SOURCES.max2) },
  { name: 'min2', description: 'min(x, y) with 3 ReLUs', source: SOURCES.min2, parameters: [], build: () => named(min2Gadget(), 'min2', 'min2', {}, SOURCES.min2) },
  {
    name: 'sort2',
    description: '(x, y) ↦ (min, max), the 4-ReLU comparator',
    source: SOURCES.sort2,
    parameters: [],
    build: () => named(sort2Gadget(), 'sort2', 'sort2', {}, SOURCES.sort2),
  },
  {
    name: 'max',
    description: 'max of n inputs, balanced tree of max2, ⌈log2 n⌉ hidden layers',
    source: SOURCES.max,
    parameters: [{ name: 'n', description: 'number of inputs', min: 2, max: 1 << 20 }],
    build: (p) => maxNetwork(p.n as number),
  },
  {
    name: 'min',
    description: 'min of n inputs, balanced tree of min2, ⌈log2 n⌉ hidden layers',
    source: SOURCES.min,
    parameters: [{ name: 'n', description: 'number of inputs', min: 2, max: 1 << 20 }],
    build: (p) => minNetwork(p.n as number),
  },
  {
    name: 'sorter',
    description: 'exact sort of n inputs (ascending): bitonic (n = 2^L) or odd-even transposition',
    source: SOURCES.sorter,
    parameters: [N_SORT, ALGORITHM],
    build: (p) => {
      sortSize(p.n as number, p.algorithm as string);
      return sorterNetwork(p.n as number, p.algorithm as SortAlgorithm);
    },
  },
  {
    name: 'median',
    description: 'median of n inputs (even n: mean of the two middle values) from a sorter',
    source: SOURCES.median,
    parameters: [N_SORT, { ...ALGORITHM, default: 'odd-even' }],
    build: (p) => {
      sortSize(p.n as number, p.algorithm as string);
      return medianNetwork(p.n as number, p.algorithm as SortAlgorithm);
    },
  },
  { name: 'tent', description: 'the tent map 2relu(x) − 4relu(x − 1/2)', source: SOURCES.tent, parameters: [], build: () => named(tentGadget(), 'tent', 'tent', {}, SOURCES.tent) },
  {
    name: 'sawtooth',
    description: 'tent^k: k hidden layers of width 2, 2^k pieces on [0, 1]',
    source: SOURCES.sawtooth,
    parameters: [{ name: 'k', description: 'number of tent maps composed', min: 1, max: 10000 }],
    build: (p) => sawtoothNetwork(p.k as number),
  },
  {
    name: 'zigzag',
    description: 'Arora et al. zigzag h^k: k hidden layers of width w, w^k pieces on [0, 1]',
    source: SOURCES.zigzag,
    parameters: [
      { name: 'k', description: 'number of zigzags composed', min: 1, max: 10000 },
      { name: 'w', description: 'pieces of one zigzag (hidden width)', min: 2, max: 10000, default: 2 },
    ],
    build: (p) => zigzagNetwork(p.k as number, p.w as number),
  },
  {
    name: 'square',
    description: 'x² on [0, 1] by folding: the interpolant on the grid k·2^−L (error ≤ 2^(−2L−2))',
    source: SOURCES.square,
    parameters: [{ name: 'levels', description: 'folding levels L', min: 1, max: 1000 }],
    build: (p) => squareNetwork(p.levels as number),
  },
];

/** The construction of that name, or an InputError naming the ones that exist. */
export function findConstruction(name: string): Construction {
  const c = CONSTRUCTIONS.find((x) => x.name === name);
  if (c === undefined) {
    throw new InputError('usage', `unknown construction ${JSON.stringify(name)}; supported: ${CONSTRUCTIONS.map((x) => x.name).join(', ')}`);
  }
  return c;
}

/**
 * Validates parameters (unknown names, missing values, ranges, choices; defaults filled in) and
 * builds the named construction. Every error is an InputError('usage') naming what is supported.
 */
export function buildConstruction(name: string, given: Readonly<Record<string, number | string>>): { network: Network; parameters: Record<string, number | string> } {
  const c = findConstruction(name);
  const known = new Set(c.parameters.map((p) => p.name as string));
  for (const key of Object.keys(given)) {
    if (!known.has(key)) {
      const takes = c.parameters.length === 0 ? 'takes no parameters' : `takes ${c.parameters.map((p) => `--${p.name}`).join(', ')}`;
      throw new InputError('usage', `${c.name} ${takes}, got --${key}`, { path: `--${key}` });
    }
  }
  const params: Record<string, number | string> = {};
  for (const p of c.parameters) {
    const v = given[p.name] ?? p.default;
    if (v === undefined) throw new InputError('usage', `${c.name} needs --${p.name} (${p.description})`, { path: `--${p.name}` });
    if (p.choices !== undefined) {
      if (typeof v !== 'string' || !p.choices.includes(v)) {
        throw new InputError('usage', `expected one of ${p.choices.join(', ')}, got ${JSON.stringify(v)}`, { path: `--${p.name}` });
      }
    } else {
      const lo = p.min ?? 1;
      const hi = p.max ?? Number.MAX_SAFE_INTEGER;
      if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < lo || v > hi) {
        throw new InputError('usage', `${c.name} needs an integer with ${lo} ≤ ${p.name} ≤ ${hi}, got ${JSON.stringify(v)}`, { path: `--${p.name}` });
      }
    }
    params[p.name] = v;
  }
  return { network: c.build(params), parameters: params };
}
