/**
 * Compositional proof that a constructed network sorts, in two exact steps that need no LP and
 * no region enumeration (issue 4, part 5 (b) and (c)):
 *
 * (b) {@link checkTrace}: the network's weight matrices equal, entry by entry, the composition of
 *     the gadgets its construction trace (`metadata.trace`, format `relucert.trace/1`, see
 *     src/construct/calculus.ts and docs/constructions.md) records. Each layer's expected sparse
 *     rows are rebuilt from the trace alone — the gadget matrices are restated here, the stage
 *     layout and padding rules applied, adjacent affine maps multiplied in exact rationals — and
 *     compared with the network's. The result is the comparator network the ReLU network
 *     implements, or the first differing entry.
 * (c) {@link proveSortsZeroOne} / {@link proveSortsRecursive}: the comparator network sorts.
 *
 * Together with (a), the gadget lemma proved elsewhere (sort2 computes (min, max) on all of R²,
 * relu(y) − relu(−y) = y), (b) and (c) prove that the ReLU network computes sort(x) on all of R^n.
 *
 * Independence: this module imports only the exact core and the network model — not the
 * construction code whose output it checks (the `Comparator` shape it shares with
 * src/construct/constructions.ts is a type-only import, erased at run time). The independent
 * checker re-derives (a)–(c) with its own, shorter code (src/checker/sortCompositional.ts) from a
 * `sort-compositional` certificate (src/properties/sorting/compositionalCertificate.ts).
 * The only cited theorem any step rests on is the 0-1 principle (Knuth, TAOCP vol. 3, §5.3.4,
 * Theorem Z), and only in {@link proveSortsZeroOne}; the recursive proof reproves the part of
 * it that it uses (see {@link proveSortsRecursive}).
 */
import type Fraction from 'fraction.js';
import { formatRational, isZero, parseRational, ratio } from '../../exact/rational.js';
import type { Layer, Network, WeightRow } from '../../network/model.js';
import type { Comparator } from '../../construct/constructions.js';

export type { Comparator };

// ---------------------------------------------------------------------------------------------
// Comparator networks

/** A comparator network on `wires` wires: stages of comparators on disjoint wires. */
export interface ComparatorNetwork {
  readonly wires: number;
  readonly stages: readonly (readonly Comparator[])[];
}

/** Runs a comparator network on one vector of numbers (0/1 inputs in the proofs). */
export function runComparators(cn: ComparatorNetwork, x: readonly number[]): number[] {
  const y = [...x];
  for (const stage of cn.stages) {
    for (const c of stage) {
      const a = y[c.min] as number;
      const b = y[c.max] as number;
      y[c.min] = Math.min(a, b);
      y[c.max] = Math.max(a, b);
    }
  }
  return y;
}

function isSortedAscending(y: readonly number[]): boolean {
  for (let i = 1; i < y.length; i++) if ((y[i - 1] as number) > (y[i] as number)) return false;
  return true;
}

// ---------------------------------------------------------------------------------------------
// (b) Trace checking

/** Where the network and its trace disagree, precisely. */
export interface TraceMismatch {
  /** `trace`: the trace itself is malformed or does not fit the network; the others: an entry differs. */
  readonly kind: 'trace' | 'layers' | 'shape' | 'activation' | 'weight' | 'bias';
  readonly message: string;
  readonly layer?: number;
  readonly row?: number;
  readonly col?: number;
  readonly stage?: number;
  readonly op?: number;
  /** Expected and actual values as reduced rationals. */
  readonly expected?: string;
  readonly actual?: string;
}

/** What {@link checkTrace} established. */
export type TraceCheck =
  | {
      readonly status: 'match';
      readonly layers: number;
      readonly stages: number;
      readonly ops: number;
      /** How often each gadget occurs (the gadget lemmas the sorting proof relies on). */
      readonly gadgets: Readonly<Record<string, number>>;
      /** Ops padded after their gadget by identity pairs (trace rule 3). */
      readonly paddedOps: number;
      /** Stored weights and biases compared (every nonzero on either side, every bias). */
      readonly entriesCompared: number;
      /** The comparator network the trace describes, or null with the reason in `note`. */
      readonly comparatorNetwork: ComparatorNetwork | null;
      readonly note?: string;
    }
  | { readonly status: 'mismatch'; readonly mismatch: TraceMismatch };

interface Row {
  cols: number[];
  values: Fraction[];
}

/** An affine map with sparse rows: x ↦ W x + b, W of shape rows.length × inputs. */
interface Affine {
  inputs: number;
  rows: Row[];
  bias: Fraction[];
}

interface Op {
  gadget: string;
  params: Record<string, unknown> | undefined;
  in: number[];
  out: number[];
}

interface Stage {
  layer: number;
  hiddenLayers: number;
  inputs: number;
  outputs: number;
  ops: Op[];
}

class Mismatch extends Error {
  constructor(readonly mismatch: TraceMismatch) {
    super(mismatch.message);
  }
}

function fail(m: TraceMismatch): never {
  throw new Mismatch(m);
}

const Z = ratio(0n);

/**
 * Applies comparators to bit-sliced 0-1 wires (bit j of every wire is one input): on 0/1 values
 * min is AND and max is OR, 32 inputs per word operation.
 */
function applyComparatorBits(wires: readonly Uint32Array[], comparators: Iterable<Comparator>, words: number): void {
  for (const c of comparators) {
    const a = wires[c.min] as Uint32Array;
    const b = wires[c.max] as Uint32Array;
    for (let k = 0; k < words; k++) {
      const x = a[k] as number;
      const y = b[k] as number;
      a[k] = x & y;
      b[k] = x | y;
    }
  }
}
const q = (p: number, d = 1): Fraction => ratio(BigInt(p), BigInt(d));

function dense(matrix: readonly (readonly (number | Fraction)[])[], bias: readonly (number | Fraction)[], inputs: number): Affine {
  const f = (v: number | Fraction): Fraction => (typeof v === 'number' ? q(v) : v);
  return {
    inputs,
    rows: matrix.map((r) => {
      const row: Row = { cols: [], values: [] };
      r.forEach((v, j) => {
        const x = f(v);
        if (!isZero(x)) {
          row.cols.push(j);
          row.values.push(x);
        }
      });
      return row;
    }),
    bias: bias.map(f),
  };
}

/**
 * The affine maps of a gadget, restated from the sources independently of src/construct
 * (Huybrechs 2025, `src/basicnets.jl`; Telgarsky 2016; Arora et al. 2018 §3; docs/constructions.md).
 */
function gadgetMaps(op: Op, where: { stage: number; op: number }): Affine[] {
  // The maps are never mutated, so one copy per gadget serves every op (28,160 sort2 ops at n = 1024).
  const key = op.gadget === 'affine' ? undefined : `${op.gadget}|${JSON.stringify(op.params ?? null)}`;
  const cached = key === undefined ? undefined : GADGET_CACHE.get(key);
  if (cached !== undefined) return cached;
  const maps = freshGadgetMaps(op, where);
  if (key !== undefined) GADGET_CACHE.set(key, maps);
  return maps;
}

const GADGET_CACHE = new Map<string, Affine[]>();

function freshGadgetMaps(op: Op, where: { stage: number; op: number }): Affine[] {
  switch (op.gadget) {
    case 'wire':
      return [dense([[1]], [0], 1)];
    case 'identity':
      return [dense([[1], [-1]], [0, 0], 1), dense([[1, -1]], [0], 2)];
    case 'abs':
      return [dense([[1], [-1]], [0, 0], 1), dense([[1, 1]], [0], 2)];
    case 'max2':
      return [
        dense(
          [
            [1, -1],
            [0, 1],
            [0, -1],
          ],
          [0, 0, 0],
          2,
        ),
        dense([[1, 1, -1]], [0], 3),
      ];
    case 'min2':
      return [
        dense(
          [
            [-1, 1],
            [0, 1],
            [0, -1],
          ],
          [0, 0, 0],
          2,
        ),
        dense([[-1, 1, -1]], [0], 3),
      ];
    case 'sort2':
      return [
        dense(
          [
            [1, -1],
            [-1, 1],
            [0, 1],
            [0, -1],
          ],
          [0, 0, 0, 0],
          2,
        ),
        dense(
          [
            [0, -1, 1, -1],
            [1, 0, 1, -1],
          ],
          [0, 0],
          4,
        ),
      ];
    case 'tent':
      return [dense([[1], [1]], [0, q(-1, 2)], 1), dense([[2, -4]], [0], 2)];
    case 'zigzag': {
      const w = op.params?.w;
      if (typeof w !== 'number' || !Number.isSafeInteger(w) || w < 2 || w > 1e6) fail({ kind: 'trace', ...where, message: 'zigzag needs an integer parameter w ≥ 2' });
      const c = Array.from({ length: w }, (_, i) => (i === 0 ? w : i % 2 === 0 ? 2 * w : -2 * w));
      return [
        dense(
          Array.from({ length: w }, () => [1]),
          Array.from({ length: w }, (_, i) => q(-i, w)),
          1,
        ),
        dense([c], [0], w),
      ];
    }
    case 'affine':
      return [affineFromParams(op.params, where)];
    default:
      return fail({ kind: 'trace', ...where, message: `unknown gadget ${JSON.stringify(op.gadget)}` });
  }
}

function affineFromParams(params: Record<string, unknown> | undefined, where: { stage: number; op: number }): Affine {
  const bad = (why: string): never => fail({ kind: 'trace', ...where, message: `affine op: ${why}` });
  const inputs = params?.inputs;
  const weights = params?.weights;
  const bias = params?.bias;
  if (typeof inputs !== 'number' || !Number.isSafeInteger(inputs) || inputs < 0) return bad('params.inputs must be a nonnegative integer');
  if (!Array.isArray(bias)) return bad('params.bias must be an array');
  if (!Array.isArray(weights)) return bad('params.weights must be an array of [row, col, value]');
  const read = (v: unknown, path: string): Fraction => {
    if (typeof v !== 'string') return bad(`${path} must be a rational string`);
    try {
      return parseRational(v);
    } catch {
      return bad(`${path} is not a rational`);
    }
  };
  const b = bias.map((v, i) => read(v, `bias[${i}]`));
  const rows = new Array<Map<number, Fraction>>(b.length);
  for (let i = 0; i < b.length; i++) rows[i] = new Map();
  weights.forEach((e: unknown, k) => {
    if (!Array.isArray(e) || e.length !== 3) return bad(`weights[${k}] must be [row, col, value]`);
    const [i, j, v] = e as [unknown, unknown, unknown];
    if (typeof i !== 'number' || typeof j !== 'number' || !Number.isInteger(i) || !Number.isInteger(j) || i < 0 || j < 0 || i >= b.length || j >= inputs) {
      return bad(`weights[${k}] is outside the shape [${b.length}, ${inputs}]`);
    }
    const m = rows[i] as Map<number, Fraction>;
    if (m.has(j)) return bad(`weights[${k}] repeats entry (${i}, ${j})`);
    m.set(j, read(v, `weights[${k}][2]`));
    return undefined;
  });
  return { inputs, rows: rows.map((m) => rowFromMap(m)), bias: b };
}

function rowFromMap(m: Map<number, Fraction>): Row {
  const cols = [...m.keys()].sort((a, b) => a - b);
  const row: Row = { cols: [], values: [] };
  for (const c of cols) {
    const v = m.get(c) as Fraction;
    if (!isZero(v)) {
      row.cols.push(c);
      row.values.push(v);
    }
  }
  return row;
}

/** A row with its columns renamed (sums where two columns meet). */
function mapColumns(row: Row, rename: (c: number) => number): Row {
  const cols = row.cols.map(rename);
  let increasing = true;
  for (let k = 1; k < cols.length && increasing; k++) increasing = (cols[k - 1] as number) < (cols[k] as number);
  if (increasing) return { cols, values: row.values };
  const m = new Map<number, Fraction>();
  row.cols.forEach((c, k) => {
    const d = rename(c);
    const prev = m.get(d);
    m.set(d, prev === undefined ? (row.values[k] as Fraction) : prev.add(row.values[k] as Fraction));
  });
  return rowFromMap(m);
}

const neg = (r: Row): Row => ({ cols: r.cols, values: r.values.map((v) => v.neg()) });

/**
 * Trace rule 3: a gadget with h hidden layers padded to H > h by identity pairs after it. The
 * gadget's last map (A, b) becomes the ReLU layer with rows (A_k, b_k), (−A_k, −b_k) per output
 * k; then H − h − 1 layers of blocks [[1, −1], [−1, 1]]; then [1 −1] per output.
 */
function padMaps(maps: Affine[], depth: number): Affine[] {
  const h = maps.length - 1;
  if (h === depth) return maps;
  const last = maps[h] as Affine;
  const m = last.rows.length;
  const first: Affine = { inputs: last.inputs, rows: [], bias: [] };
  last.rows.forEach((row, k) => {
    first.rows.push(row, neg(row));
    first.bias.push(last.bias[k] as Fraction, (last.bias[k] as Fraction).neg());
  });
  const out = [...maps.slice(0, h), first];
  const pairs = (rowsPerWire: (k: number) => Row[], count: number): Affine => ({
    inputs: 2 * m,
    rows: Array.from({ length: m }, (_, k) => rowsPerWire(k)).flat(),
    bias: new Array<Fraction>(count).fill(Z),
  });
  for (let d = h + 1; d < depth; d++) {
    out.push(
      pairs(
        (k) => [
          { cols: [2 * k, 2 * k + 1], values: [q(1), q(-1)] },
          { cols: [2 * k, 2 * k + 1], values: [q(-1), q(1)] },
        ],
        2 * m,
      ),
    );
  }
  out.push(pairs((k) => [{ cols: [2 * k, 2 * k + 1], values: [q(1), q(-1)] }], m));
  return out;
}

/** The H + 1 affine maps of a stage, rebuilt from its ops (trace rules 1–4); counts padded ops. */
function stageMaps(stage: Stage, s: number, counts: { padded: number }): Affine[] {
  const H = stage.hiddenLayers;
  const opMaps = stage.ops.map((op, k) => {
    const where = { stage: s, op: k };
    const maps = gadgetMaps(op, where);
    const h = maps.length - 1;
    const gIn = (maps[0] as Affine).inputs;
    const gOut = (maps[h] as Affine).rows.length;
    if (op.in.length !== gIn || op.out.length !== gOut) {
      fail({ kind: 'trace', ...where, message: `${op.gadget} maps ${gIn} → ${gOut} wires, the op lists ${op.in.length} → ${op.out.length}` });
    }
    if (h > H) fail({ kind: 'trace', ...where, message: `${op.gadget} has ${h} hidden layers, its stage only ${H}` });
    if (h < H) counts.padded++;
    return padMaps(maps, H);
  });
  const result: Affine[] = [];
  let prevOffsets: number[] = [];
  for (let d = 0; d <= H; d++) {
    const offsets: number[] = [];
    const inputs = d === 0 ? stage.inputs : (result[d - 1] as Affine).rows.length;
    if (d < H) {
      const layer: Affine = { inputs, rows: [], bias: [] };
      stage.ops.forEach((op, k) => {
        const map = (opMaps[k] as Affine[])[d] as Affine;
        offsets.push(layer.rows.length);
        const off = prevOffsets[k] as number;
        map.rows.forEach((row, r) => {
          layer.rows.push(d === 0 ? mapColumns(row, (c) => op.in[c] as number) : { cols: row.cols.map((c) => c + off), values: row.values });
          layer.bias.push(map.bias[r] as Fraction);
        });
      });
      result.push(layer);
    } else {
      const rows = new Array<Row | undefined>(stage.outputs);
      const bias = new Array<Fraction>(stage.outputs).fill(Z);
      stage.ops.forEach((op, k) => {
        const map = (opMaps[k] as Affine[])[d] as Affine;
        const off = prevOffsets[k] as number;
        map.rows.forEach((row, r) => {
          const w = op.out[r] as number;
          rows[w] = H === 0 ? mapColumns(row, (c) => op.in[c] as number) : { cols: row.cols.map((c) => c + off), values: row.values };
          bias[w] = map.bias[r] as Fraction;
        });
      });
      result.push({ inputs, rows: rows as Row[], bias });
    }
    prevOffsets = offsets;
  }
  return result;
}

/** outer ∘ inner as one affine map (sparse rows times sparse rows, exact). */
function multiply(outer: Affine, inner: Affine): Affine {
  const acc = new Array<Fraction | undefined>(inner.inputs);
  const touched: number[] = [];
  const rows = outer.rows.map((row) => {
    row.cols.forEach((j, k) => {
      const a = row.values[k] as Fraction;
      const r = inner.rows[j] as Row;
      r.cols.forEach((c, t) => {
        const p = a.mul(r.values[t] as Fraction);
        const prev = acc[c];
        if (prev === undefined) touched.push(c);
        acc[c] = prev === undefined ? p : prev.add(p);
      });
    });
    touched.sort((x, y) => x - y);
    const out: Row = { cols: [], values: [] };
    for (const c of touched) {
      const v = acc[c] as Fraction;
      if (!isZero(v)) {
        out.cols.push(c);
        out.values.push(v);
      }
      acc[c] = undefined;
    }
    touched.length = 0;
    return out;
  });
  const bias = outer.rows.map((row, i) => {
    let s = outer.bias[i] as Fraction;
    row.cols.forEach((j, k) => {
      s = s.add((row.values[k] as Fraction).mul(inner.bias[j] as Fraction));
    });
    return s;
  });
  return { inputs: inner.inputs, rows, bias };
}

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v);

/** Reads and validates the trace of a network's metadata (structure only; weights come later). */
function readTrace(net: Network, outputs: number): Stage[] {
  const t = net.metadata?.trace as Record<string, unknown> | undefined;
  if (t === undefined || t === null || typeof t !== 'object') fail({ kind: 'trace', message: 'the network has no construction trace (metadata.trace)' });
  if (t.format !== 'relucert.trace/1') fail({ kind: 'trace', message: `metadata.trace.format must be "relucert.trace/1", got ${JSON.stringify(t.format)}` });
  if (t.inputs !== net.inputs) fail({ kind: 'trace', message: `the trace has ${String(t.inputs)} inputs, the network ${net.inputs}` });
  if (t.outputs !== outputs) fail({ kind: 'trace', message: `the trace has ${String(t.outputs)} outputs, the network ${outputs}` });
  if (!Array.isArray(t.stages) || t.stages.length === 0) fail({ kind: 'trace', message: 'metadata.trace.stages must be a nonempty array' });
  let wires = net.inputs;
  let layer = 0;
  return (t.stages as unknown[]).map((raw, s) => {
    const st = raw as Record<string, unknown>;
    const bad = (message: string, op?: number): never => fail({ kind: 'trace', stage: s, ...(op !== undefined ? { op } : {}), message: `stage ${s}${op !== undefined ? ` op ${op}` : ''}: ${message}` });
    if (typeof st !== 'object' || st === null) return bad('not an object');
    if (!isInt(st.hiddenLayers) || st.hiddenLayers < 0) return bad('hiddenLayers must be a nonnegative integer');
    if (st.inputs !== wires) return bad(`reads ${String(st.inputs)} wires, the previous stage gives ${wires}`);
    if (st.layer !== layer) return bad(`starts at layer ${String(st.layer)}, the hidden layers before it put it at ${layer}`);
    if (!isInt(st.outputs) || st.outputs < 0) return bad('outputs must be a nonnegative integer');
    if (!Array.isArray(st.ops)) return bad('ops must be an array');
    const inputs = wires;
    const outs = st.outputs;
    const written = new Array<number>(outs).fill(-1);
    const ops = (st.ops as unknown[]).map((rawOp, k): Op => {
      const o = rawOp as Record<string, unknown>;
      if (typeof o !== 'object' || o === null || typeof o.gadget !== 'string') return bad('needs a gadget name', k);
      const wiresOf = (v: unknown, n: number, what: string): number[] => {
        if (!Array.isArray(v) || !v.every((w) => isInt(w) && w >= 0 && w < n)) return bad(`${what} must list wires in 0..${n - 1}`, k);
        return v as number[];
      };
      const ins = wiresOf(o.in, inputs, 'in');
      const out = wiresOf(o.out, outs, 'out');
      for (const w of out) {
        if (written[w] !== -1) bad(`output wire ${w} is written by ops ${written[w]} and ${k}`, k);
        written[w] = k;
      }
      const params = o.params === undefined ? undefined : (o.params as Record<string, unknown>);
      return { gadget: o.gadget, params, in: ins, out };
    });
    const unwritten = written.indexOf(-1);
    if (unwritten !== -1) bad(`no op writes output wire ${unwritten}`);
    const stage: Stage = { layer, hiddenLayers: st.hiddenLayers, inputs, outputs: outs, ops };
    wires = outs;
    layer += st.hiddenLayers;
    return stage;
  });
}

function compareLayer(expected: Affine, actual: Layer, k: number, activation: 'relu' | 'identity'): number {
  if (actual.activation !== activation) {
    fail({ kind: 'activation', layer: k, message: `layer ${k}: activation ${actual.activation}, the trace gives ${activation}`, expected: activation, actual: actual.activation });
  }
  if (actual.inputs !== expected.inputs || actual.outputs !== expected.rows.length) {
    fail({
      kind: 'shape',
      layer: k,
      message: `layer ${k}: shape [${actual.outputs}, ${actual.inputs}], the trace gives [${expected.rows.length}, ${expected.inputs}]`,
      expected: `[${expected.rows.length}, ${expected.inputs}]`,
      actual: `[${actual.outputs}, ${actual.inputs}]`,
    });
  }
  let compared = 0;
  for (let i = 0; i < actual.outputs; i++) {
    const e = expected.rows[i] as Row;
    const a = actual.rows[i] as WeightRow;
    let x = 0;
    let y = 0;
    // Merge-walk the two sorted sparse rows: a column present on one side only is a mismatch
    // against an implicit zero.
    while (x < e.cols.length || y < a.cols.length) {
      const ce = x < e.cols.length ? (e.cols[x] as number) : Number.POSITIVE_INFINITY;
      const ca = y < a.cols.length ? (a.cols[y] as number) : Number.POSITIVE_INFINITY;
      const col = Math.min(ce, ca);
      const ev = ce === col ? (e.values[x++] as Fraction) : Z;
      const av = ca === col ? (a.values[y++] as Fraction) : Z;
      compared++;
      if (!ev.equals(av)) {
        fail({
          kind: 'weight',
          layer: k,
          row: i,
          col,
          expected: formatRational(ev),
          actual: formatRational(av),
          message: `layer ${k} weight [${i}, ${col}] is ${formatRational(av)}, the trace gives ${formatRational(ev)}`,
        });
      }
    }
    const eb = expected.bias[i] as Fraction;
    const ab = actual.bias[i] as Fraction;
    compared++;
    if (!eb.equals(ab)) {
      fail({ kind: 'bias', layer: k, row: i, expected: formatRational(eb), actual: formatRational(ab), message: `layer ${k} bias [${i}] is ${formatRational(ab)}, the trace gives ${formatRational(eb)}` });
    }
  }
  return compared;
}

/** The comparator network of a trace made of in-place sort2 ops and pass-throughs, or why not. */
function comparatorsOf(stages: readonly Stage[], wires: number): { cn: ComparatorNetwork | null; note?: string } {
  const out: Comparator[][] = [];
  for (let s = 0; s < stages.length; s++) {
    const st = stages[s] as Stage;
    if (st.inputs !== wires || st.outputs !== wires) return { cn: null, note: `stage ${s} maps ${st.inputs} → ${st.outputs} wires` };
    const step: Comparator[] = [];
    for (let k = 0; k < st.ops.length; k++) {
      const op = st.ops[k] as Op;
      if (op.gadget === 'sort2') {
        const [a, b] = op.in as [number, number];
        const [c, d] = op.out as [number, number];
        if (a === b || !((c === a && d === b) || (c === b && d === a))) return { cn: null, note: `stage ${s} op ${k}: sort2 reads (${a}, ${b}) but writes (${c}, ${d})` };
        // sort2 writes (min, max) to out = (c, d); min is symmetric, so the input order is free.
        step.push({ min: c, max: d });
      } else if (op.gadget === 'identity' || op.gadget === 'wire') {
        if (op.in[0] !== op.out[0]) return { cn: null, note: `stage ${s} op ${k}: ${op.gadget} moves wire ${op.in[0]} to ${op.out[0]}` };
      } else {
        return { cn: null, note: `stage ${s} op ${k}: gadget ${op.gadget} is not a comparator or a pass-through` };
      }
    }
    if (step.length > 0) out.push(step);
  }
  return { cn: { wires, stages: out } };
}

/**
 * (b) Checks exactly that the network's layers equal the composition of the gadgets its trace
 * records: every stage's affine maps are rebuilt from the gadget table (padded, laid out and
 * wired as the trace rules say), consecutive stages' boundary maps are multiplied, and the
 * resulting sparse rows and biases are compared entry-wise (with implicit zeros) with the
 * network's, together with shapes and activations. Returns the comparator network the trace
 * describes (when all its ops are in-place sort2 comparators and pass-throughs), or the first
 * mismatch: layer, row, column, expected and actual value.
 */
export function checkTrace(net: Network): TraceCheck {
  try {
    const last = net.layers[net.layers.length - 1];
    const outputs = last === undefined ? net.inputs : last.outputs;
    const stages = readTrace(net, outputs);
    const hidden = stages.reduce((s, st) => s + st.hiddenLayers, 0);
    if (hidden + 1 !== net.layers.length) {
      fail({ kind: 'layers', message: `the trace's stages have ${hidden} hidden layers in all, so ${hidden + 1} layers; the network has ${net.layers.length}` });
    }
    let compared = 0;
    let pending: Affine | undefined;
    let k = 0;
    const gadgets: Record<string, number> = {};
    const counts = { padded: 0 };
    stages.forEach((st, s) => {
      for (const op of st.ops) gadgets[op.gadget] = (gadgets[op.gadget] ?? 0) + 1;
      const maps = stageMaps(st, s, counts);
      // The first map of a stage folds into the last (affine) map of the previous stage.
      const first = pending === undefined ? (maps[0] as Affine) : multiply(maps[0] as Affine, pending);
      const sequence = [first, ...maps.slice(1)];
      for (let d = 0; d < sequence.length - 1; d++) {
        compared += compareLayer(sequence[d] as Affine, net.layers[k] as Layer, k, 'relu');
        k++;
      }
      pending = sequence[sequence.length - 1] as Affine;
    });
    compared += compareLayer(pending as Affine, net.layers[k] as Layer, k, 'identity');
    const { cn, note } = comparatorsOf(stages, net.inputs);
    return {
      status: 'match',
      layers: net.layers.length,
      stages: stages.length,
      ops: stages.reduce((s, st) => s + st.ops.length, 0),
      gadgets,
      paddedOps: counts.padded,
      entriesCompared: compared,
      comparatorNetwork: cn,
      ...(note !== undefined ? { note } : {}),
    };
  } catch (e) {
    if (e instanceof Mismatch) return { status: 'mismatch', mismatch: e.mismatch };
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------
// (c) Proofs that a comparator network sorts

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

/** The outcome of {@link compositionalSortProof}. */
export type CompositionalSortResult =
  | {
      readonly status: 'proved' | 'refuted' | 'unknown';
      readonly trace: Extract<TraceCheck, { status: 'match' }>;
      readonly sorting: SortingVerdict;
      /** The gadget lemmas (part (a)) the conclusion still rests on. */
      readonly gadgetLemmas: readonly string[];
    }
  | { readonly status: 'mismatch'; readonly mismatch: TraceMismatch }
  | { readonly status: 'not-a-comparator-network'; readonly trace: Extract<TraceCheck, { status: 'match' }>; readonly reason: string };

/**
 * Steps (b) and (c) together: the trace check, then a sorting proof of the comparator network it
 * yields. `proved` means: if the gadget lemmas listed hold (sort2 = (min, max) on R²; the
 * identity pair is the identity), the network computes sort(x) on all of R^n.
 */
export function compositionalSortProof(net: Network): CompositionalSortResult {
  const trace = checkTrace(net);
  if (trace.status === 'mismatch') return trace;
  if (trace.comparatorNetwork === null) return { status: 'not-a-comparator-network', trace, reason: trace.note ?? 'not a comparator network' };
  const sorting = proveSorts(trace.comparatorNetwork);
  const lemmas: string[] = [];
  if ((trace.gadgets.sort2 ?? 0) > 0) lemmas.push('sort2: (x, y) ↦ (−relu(y−x) + relu(y) − relu(−y), relu(x−y) + relu(y) − relu(−y)) = (min(x, y), max(x, y)) on all of R²');
  if ((trace.gadgets.identity ?? 0) > 0 || trace.paddedOps > 0) lemmas.push('identity pair: relu(y) − relu(−y) = y on R');
  return { status: sorting.status, trace, sorting, gadgetLemmas: lemmas };
}
