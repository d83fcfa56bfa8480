/**
 * Step (c) of the compositional sorting proof (./compositional.ts): proofs that a comparator
 * network sorts — {@link proveSortsZeroOne} by the 0-1 principle (Knuth, TAOCP vol. 3, §5.3.4,
 * Theorem Z, the only cited theorem any step rests on) and {@link proveSortsRecursive}, which
 * reproves the part of it that it uses for recursive merge networks; {@link proveSorts} chooses.
 */
import type { Comparator, ComparatorNetwork } from './comparatorNetwork.js';
import { applyComparatorBits, isSortedAscending, runComparators } from './comparatorNetwork.js';

/** The proof object of {@link proveSortsZeroOne}. */
export interface ZeroOneProof {
  readonly method: 'zero-one';
  /** The one theorem this proof cites. */
  readonly principle: string;
  readonly wires: number;
  readonly stages: number;
  readonly comparators: number;
  /** 2^n, as a decimal string. */
  readonly inputsChecked: string;
}

/** One merge phase of a {@link RecursiveProof}. */
export interface MergePhase {
  /** Blocks of 2^level wires are sorted after this phase. */
  readonly level: number;
  readonly blockSize: number;
  /** Stage indices [from, to) of the comparator network. */
  readonly stages: readonly [number, number];
  readonly blocks: number;
  readonly comparators: number;
  /** Distinct mergers (same comparators up to translation, same input directions) tested. */
  readonly distinctMergers: number;
  /** 0-1 inputs run through mergers in this phase: (blockSize/2 + 1)² per distinct merger. */
  readonly inputsChecked: number;
  /** Output direction of each block after the phase: `a` ascending, `d` descending. */
  readonly directions: string;
}

/** The proof object of {@link proveSortsRecursive}. */
export interface RecursiveProof {
  readonly method: 'recursive-merge';
  readonly argument: string;
  readonly wires: number;
  readonly stages: number;
  readonly comparators: number;
  readonly phases: readonly MergePhase[];
  readonly inputsChecked: number;
}

/** The verdict of a sorting proof attempt. */
export type SortingVerdict =
  | { readonly status: 'proved'; readonly proof: ZeroOneProof | RecursiveProof }
  /** A 0/1 input the comparator network does not sort, with its output. */
  | { readonly status: 'refuted'; readonly input: readonly number[]; readonly output: readonly number[]; readonly reason: string }
  /** The method does not apply (size, structure) or could not conclude. */
  | { readonly status: 'unknown'; readonly reason: string };

const THEOREM_Z = 'Knuth, TAOCP vol. 3, §5.3.4, Theorem Z (0-1 principle): a comparator network that sorts every 0-1 input sorts every input';

/** Largest n {@link proveSortsZeroOne} accepts by default: 2^26 inputs. */
export const MAX_ZERO_ONE_WIRES = 26;

function validateNetwork(cn: ComparatorNetwork): string | undefined {
  if (!Number.isSafeInteger(cn.wires) || cn.wires < 1) return `a comparator network needs at least one wire, got ${cn.wires}`;
  for (let s = 0; s < cn.stages.length; s++) {
    const used = new Set<number>();
    for (const c of cn.stages[s] as readonly Comparator[]) {
      for (const w of [c.min, c.max]) {
        if (!Number.isInteger(w) || w < 0 || w >= cn.wires) return `stage ${s}: wire ${w} outside 0..${cn.wires - 1}`;
        if (used.has(w)) return `stage ${s}: wire ${w} is in two comparators`;
        used.add(w);
      }
      if (c.min === c.max) return `stage ${s}: comparator on wire ${c.min} with itself`;
    }
  }
  return undefined;
}

const countComparators = (cn: ComparatorNetwork): number => cn.stages.reduce((s, st) => s + st.length, 0);

/** Bit patterns of wires 0..4 within a 32-input word: bit x of pattern i is bit i of x. */
const WORD_PATTERNS = [0xaaaaaaaa, 0xcccccccc, 0xf0f0f0f0, 0xff00ff00, 0xffff0000];

/**
 * (c)(i) The plain 0-1 principle, bit-sliced: every wire holds a bit vector over all 2^n 0/1
 * inputs (input x has bit i of x on wire i; 32 inputs per Uint32 word, in chunks of 2^20
 * inputs), a comparator is an AND (min) and an OR (max) of two words, and the outputs are
 * sorted iff no word of wire i has a bit that wire i+1 lacks. Comparators keep the multiset of
 * values, so a sorted 0-1 output is sort(x). By Theorem Z (Knuth, TAOCP vol. 3, §5.3.4 — the one
 * theorem this proof cites) the network then sorts every real input. Feasible to n ≈ 24–26.
 * A failure gives the first 0-1 input left unsorted.
 */
export function proveSortsZeroOne(cn: ComparatorNetwork, options: { maxWires?: number } = {}): SortingVerdict {
  const invalid = validateNetwork(cn);
  if (invalid !== undefined) return { status: 'unknown', reason: invalid };
  const n = cn.wires;
  const maxWires = options.maxWires ?? MAX_ZERO_ONE_WIRES;
  if (n > maxWires) return { status: 'unknown', reason: `the 0-1 check enumerates 2^n inputs; n = ${n} exceeds the limit ${maxWires}` };
  const m = Math.min(n, 20);
  const words = m >= 5 ? 1 << (m - 5) : 1;
  const valid = m >= 5 ? 0xffffffff : (2 ** (1 << m) - 1) >>> 0;
  const wires = Array.from({ length: n }, () => new Uint32Array(words));
  const chunks = 2 ** (n - m);
  for (let chunk = 0; chunk < chunks; chunk++) {
    for (let i = 0; i < n; i++) {
      const w = wires[i] as Uint32Array;
      if (i < Math.min(m, 5)) w.fill((WORD_PATTERNS[i] as number) & valid);
      else if (i < m) for (let k = 0; k < words; k++) w[k] = (k >>> (i - 5)) & 1 ? 0xffffffff : 0;
      else w.fill(Math.floor(chunk / 2 ** (i - m)) % 2 === 1 ? valid : 0);
    }
    for (const stage of cn.stages) applyComparatorBits(wires, stage, words);
    for (let i = 0; i + 1 < n; i++) {
      const lo = wires[i] as Uint32Array;
      const hi = wires[i + 1] as Uint32Array;
      for (let k = 0; k < words; k++) {
        const bad = ((lo[k] as number) & ~(hi[k] as number)) >>> 0;
        if (bad !== 0) {
          const index = chunk * 2 ** m + k * 32 + (31 - Math.clz32(bad & -bad));
          const input = Array.from({ length: n }, (_, j) => Math.floor(index / 2 ** j) % 2);
          return { status: 'refuted', input, output: runComparators(cn, input), reason: `outputs ${i} and ${i + 1} are out of order` };
        }
      }
    }
  }
  return {
    status: 'proved',
    proof: { method: 'zero-one', principle: THEOREM_Z, wires: n, stages: cn.stages.length, comparators: countComparators(cn), inputsChecked: (2n ** BigInt(n)).toString() },
  };
}

/** Sets bits [lo, hi) of a bit vector whose bit 0 is test number `origin` (clipped to the vector). */
function setRange(v: Uint32Array, origin: number, lo: number, hi: number): void {
  const from = Math.max(lo - origin, 0);
  const to = Math.min(hi - origin, v.length * 32);
  for (let t = from; t < to; ) {
    const k = t >>> 5;
    const bit = t & 31;
    const span = Math.min(32 - bit, to - t);
    const mask = span === 32 ? 0xffffffff : (((1 << span) - 1) << bit) >>> 0;
    v[k] = ((v[k] as number) | mask) >>> 0;
    t += span;
  }
}

type Direction = 'a' | 'd';

/**
 * Tests a merger: a block of 2h wires whose left half is sorted in direction `left` and right half
 * in direction `right`, run through `comps` (wires relative to the block). Test input (a, b) has
 * left half 0^a 1^(h−a) (ascending) or 1^a 0^(h−a) (descending), right half likewise with b;
 * all (h + 1)² of them are run, bit-sliced, test t = a·(h+1) + b being bit t. The tests are run
 * in chunks whose bit vectors together take about 1 MB, so that they stay in cache while every
 * comparator is applied. Returns the direction in which every output is sorted, or a test that
 * is not ascending and one that is not descending.
 */
function testMerger(h: number, left: Direction, right: Direction, comps: readonly Comparator[]): { dir: Direction } | { fail: [number, number][] } {
  const side = h + 1;
  const T = side * side;
  const totalWords = Math.ceil(T / 32);
  const chunkWords = Math.min(totalWords, Math.max(32, Math.floor((1 << 18) / (2 * h))));
  const w = Array.from({ length: 2 * h }, () => new Uint32Array(chunkWords));
  let ascBad = -1;
  let descBad = -1;
  for (let first = 0; first < totalWords && (ascBad < 0 || descBad < 0); first += chunkWords) {
    const words = Math.min(chunkWords, totalWords - first);
    const origin = first * 32;
    const end = Math.min(origin + words * 32, T);
    const aFrom = Math.floor(origin / side);
    const aTo = Math.floor((end - 1) / side);
    for (let p = 0; p < h; p++) {
      const l = w[p] as Uint32Array;
      const r = w[h + p] as Uint32Array;
      l.fill(0);
      r.fill(0);
      // Left wire p is 1 iff p ≥ a (ascending: 0^a 1^(h−a)) or p < a (descending: 1^a 0^(h−a)).
      if (left === 'a') setRange(l, origin, 0, (p + 1) * side);
      else setRange(l, origin, (p + 1) * side, T);
      // Right wire p likewise with b, for every a whose tests meet this chunk.
      for (let a = aFrom; a <= aTo; a++) {
        if (right === 'a') setRange(r, origin, a * side, a * side + p + 1);
        else setRange(r, origin, a * side + p + 1, (a + 1) * side);
      }
    }
    applyComparatorBits(w, comps, words);
    // Bits past T are 0 on every wire, so they never look unsorted.
    for (let p = 0; p + 1 < 2 * h && (ascBad < 0 || descBad < 0); p++) {
      const lo = w[p] as Uint32Array;
      const hi = w[p + 1] as Uint32Array;
      for (let k = 0; k < words; k++) {
        const l = lo[k] as number;
        const u = hi[k] as number;
        const asc = (l & ~u) >>> 0;
        const desc = (u & ~l) >>> 0;
        if (asc !== 0 && ascBad < 0) ascBad = origin + k * 32 + (31 - Math.clz32(asc & -asc));
        if (desc !== 0 && descBad < 0) descBad = origin + k * 32 + (31 - Math.clz32(desc & -desc));
      }
    }
  }
  if (ascBad < 0) return { dir: 'a' };
  if (descBad < 0) return { dir: 'd' };
  return {
    fail: [
      [Math.floor(ascBad / side), ascBad % side],
      [Math.floor(descBad / side), descBad % side],
    ],
  };
}

const RECURSIVE_ARGUMENT =
  'Induction on the phases. Claim after phase p: for every real input, every aligned block of 2^p wires holds a sorted (in the recorded direction) ' +
  'permutation of its inputs. Phase 0: blocks of one wire. Phase p: its comparators stay inside aligned blocks of 2^p wires (checked), so each block evolves ' +
  'on its own, and by the claim for p−1 its input u‖v has u and v sorted in known directions. For a threshold f_t(z) = [z ≥ t] (monotone), a comparator ' +
  'commutes with f_t (min(f(x), f(y)) = f(min(x, y)), likewise max), and f_t maps such u‖v to 0^a1^(h−a) or 1^a0^(h−a) followed by the same for v: ' +
  '(h+1)² 0-1 inputs, all run. If the merger M sorted them all in direction d but M(z) had z_i > z_j out of order for some real z, then t = M(z)_i would give ' +
  'an unsorted M(f_t(z)) = f_t(M(z)) with f_t(z) among the tested inputs: a contradiction. Identical mergers (same comparators up to translation, same input ' +
  'directions) are tested once. After the last phase the single block is ascending: the network sorts.';

/**
 * (c)(ii) The recursive proof for networks built like the bitonic sorter (n = 2^L), which needs
 * only polynomially many 0-1 inputs. The comparator stages are split into phases 1..L, phase p
 * starting at the first stage comparing wires in the same aligned block of 2^p but not of
 * 2^(p−1) wires and made only of comparators within aligned blocks of 2^p wires. Then, by
 * induction on p (the argument recorded in the proof object):
 *
 * *Claim after phase p:* for every real input, each aligned block of 2^p wires holds a sorted
 * permutation of its values, in a direction (ascending/descending) the proof records.
 *
 * *Step.* Phase p's comparators stay inside blocks, so each block B evolves on its own; by the
 * claim for p − 1 its input is u ‖ v with u, v (each h = 2^(p−1) long) sorted in known
 * directions: the set S of such inputs. Thresholds f_t(z) = [z ≥ t] are monotone, so every
 * comparator commutes with them (min(f(x), f(y)) = f(min(x, y)), likewise max), hence the
 * merger M_B does: M_B(f_t(z)) = f_t(M_B(z)); and f_t maps S onto the (h + 1)² 0-1 vectors
 * 0^a 1^(h−a) ‖ 1^b 0^(h−b) (for ascending u, descending v; the other direction pairs alike) —
 * the class is closed under monotone thresholds. All of them are run (bit-sliced). If every
 * output is sorted in direction d, so is M_B(z) for every z ∈ S: were M_B(z)_i > M_B(z)_j out of
 * order, t = M_B(z)_i would make f_t(M_B(z)) = M_B(f_t(z)) unsorted, with f_t(z) a tested input.
 * Comparators permute values, so the block then holds a sorted permutation. Mergers equal up to
 * translation with the same input directions behave identically and are tested once.
 *
 * After phase L the only block must be ascending. This argument is the proof of the 0-1
 * principle (Knuth, TAOCP vol. 3, §5.3.4, Theorem Z) restricted to S, given in full: no step
 * rests on a cited theorem. For n = 1024 it runs about 500k tests of the top merger.
 * A failing merger test is turned into a full 0-1 input by a greedy search (see
 * refuteFromMerger) and run through the whole network: if that output is unsorted the network
 * is refuted, otherwise the verdict is unknown (the network may sort in another way).
 */
export function proveSortsRecursive(cn: ComparatorNetwork): SortingVerdict {
  const invalid = validateNetwork(cn);
  if (invalid !== undefined) return { status: 'unknown', reason: invalid };
  const n = cn.wires;
  if (n < 2 || (n & (n - 1)) !== 0) return { status: 'unknown', reason: `the recursive proof needs n = 2^L ≥ 2 wires, got ${n}` };
  const L = Math.log2(n);
  const levelOf = (c: Comparator): number => 32 - Math.clz32(c.min ^ c.max);
  // Split the stages into phases 1..L (see above).
  const phaseStart: number[] = [];
  let current = 0;
  for (let s = 0; s < cn.stages.length; s++) {
    const level = Math.max(0, ...(cn.stages[s] as readonly Comparator[]).map(levelOf));
    if (level === current + 1) {
      phaseStart.push(s);
      current = level;
    } else if (level > current) {
      return { status: 'unknown', reason: `stage ${s} compares wires across blocks of 2^${level - 1} before blocks of 2^${current + 1} are merged: not a recursive merge network` };
    }
  }
  if (current !== L) return { status: 'unknown', reason: `the stages merge blocks up to 2^${current} wires, not the whole network (2^${L})` };
  let dirs: Direction[] = new Array<Direction>(n).fill('a');
  const phases: MergePhase[] = [];
  let total = 0;
  for (let p = 1; p <= L; p++) {
    const from = phaseStart[p - 1] as number;
    const to = p < L ? (phaseStart[p] as number) : cn.stages.length;
    const size = 1 << p;
    const h = size >> 1;
    const perBlock: Comparator[][] = Array.from({ length: n / size }, () => []);
    let comparators = 0;
    for (let s = from; s < to; s++) {
      for (const c of cn.stages[s] as readonly Comparator[]) {
        const block = c.min >>> p;
        const base = block * size;
        (perBlock[block] as Comparator[]).push({ min: c.min - base, max: c.max - base });
        comparators++;
      }
    }
    const cache = new Map<string, ReturnType<typeof testMerger>>();
    const next: Direction[] = [];
    let inputs = 0;
    for (let b = 0; b < perBlock.length; b++) {
      const left = dirs[2 * b] as Direction;
      const right = dirs[2 * b + 1] as Direction;
      const comps = perBlock[b] as Comparator[];
      const key = `${left}${right}:${comps.map((c) => `${c.min},${c.max}`).join(';')}`;
      let result = cache.get(key);
      if (result === undefined) {
        result = testMerger(h, left, right, comps);
        cache.set(key, result);
        inputs += (h + 1) * (h + 1);
      }
      if ('fail' in result) {
        const phaseEnds = [...phaseStart.slice(1), cn.stages.length];
        return refuteFromMerger(cn, phaseEnds, p, b * size, h, left, right, result.fail, `phase ${p} (blocks of ${size}): the merger of block ${b} (wires ${b * size}..${b * size + size - 1}) sorts its tested inputs in neither direction`);
      }
      next.push(result.dir);
    }
    total += inputs;
    phases.push({ level: p, blockSize: size, stages: [from, to], blocks: n / size, comparators, distinctMergers: cache.size, inputsChecked: inputs, directions: next.join('') });
    dirs = next;
  }
  if (dirs[0] !== 'a') {
    const input = [1, ...new Array<number>(n - 1).fill(0)];
    const output = runComparators(cn, input);
    return isSortedAscending(output)
      ? { status: 'unknown', reason: 'the last merge sorts in descending order on its tested inputs' }
      : { status: 'refuted', input, output, reason: 'the network sorts in descending order' };
  }
  return {
    status: 'proved',
    proof: { method: 'recursive-merge', argument: RECURSIVE_ARGUMENT, wires: n, stages: cn.stages.length, comparators: countComparators(cn), phases, inputsChecked: total },
  };
}

function isMonotone(y: readonly number[], from: number, to: number): boolean {
  let up = true;
  let down = true;
  for (let i = from + 1; i < to; i++) {
    if ((y[i - 1] as number) > (y[i] as number)) up = false;
    if ((y[i - 1] as number) < (y[i] as number)) down = false;
  }
  return up || down;
}

/**
 * Turns a failing merger test into a counterexample for the whole network, if it can. Earlier
 * phases sort each half (proved), so block B receives the tested halves when its halves hold the
 * tested numbers of ones. The error must then survive the later phases: level by level, the
 * sibling half of the enclosing block is given c ones, for the first c that leaves the enclosing
 * block unsorted in both directions after its phase (greedy; a search, not a proof step — the
 * final input is run through the whole network and reported only if its output is unsorted).
 * Networks of at most {@link MAX_ZERO_ONE_WIRES} wires fall back to the complete 0-1 check.
 */
function refuteFromMerger(
  cn: ComparatorNetwork,
  phaseEnds: readonly number[],
  p: number,
  base: number,
  h: number,
  left: Direction,
  right: Direction,
  tests: readonly [number, number][],
  reason: string,
): SortingVerdict {
  const n = cn.wires;
  const L = Math.log2(n);
  const prefix = (stages: number): ComparatorNetwork => ({ wires: n, stages: cn.stages.slice(0, stages) });
  for (const [a, b] of tests) {
    const input = new Array<number>(n).fill(0);
    const onesLeft = left === 'a' ? h - a : a;
    const onesRight = right === 'a' ? h - b : b;
    for (let i = 0; i < onesLeft; i++) input[base + i] = 1;
    for (let i = 0; i < onesRight; i++) input[base + h + i] = 1;
    for (let q = p + 1; q <= L; q++) {
      const size = 1 << q;
      const start = (base >>> q) << q;
      const half = size >> 1;
      const sibling = base - start < half ? start + half : start;
      const upto = prefix(phaseEnds[q - 1] as number);
      let chosen = 0;
      for (let c = 0; c <= half; c++) {
        for (let i = 0; i < half; i++) input[sibling + i] = i < c ? 1 : 0;
        const y = runComparators(upto, input);
        if (q === L ? !isSortedAscending(y) : !isMonotone(y, start, start + size)) {
          chosen = c;
          break;
        }
      }
      for (let i = 0; i < half; i++) input[sibling + i] = i < chosen ? 1 : 0;
    }
    const output = runComparators(cn, input);
    if (!isSortedAscending(output)) return { status: 'refuted', input, output, reason };
  }
  if (n <= MAX_ZERO_ONE_WIRES) {
    const complete = proveSortsZeroOne(cn);
    if (complete.status === 'refuted') return { ...complete, reason: `${reason} (counterexample from the 0-1 check)` };
  }
  return { status: 'unknown', reason: `${reason}; no counterexample found from the failing tests, so the network may sort in another way` };
}

/**
 * Proves that a comparator network sorts, choosing the method: the plain 0-1 check for n ≤ 20,
 * the recursive merge proof for n = 2^L > 20 (falling back to the 0-1 check up to
 * {@link MAX_ZERO_ONE_WIRES} wires when the network is not of the recursive form).
 */
export function proveSorts(cn: ComparatorNetwork): SortingVerdict {
  const n = cn.wires;
  if (n <= 20) return proveSortsZeroOne(cn);
  if ((n & (n - 1)) === 0) {
    const r = proveSortsRecursive(cn);
    if (r.status !== 'unknown' || n > MAX_ZERO_ONE_WIRES) return r;
  }
  return proveSortsZeroOne(cn);
}
