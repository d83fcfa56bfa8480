/**
 * Step (b) of the compositional sorting proof (./compositional.ts): {@link checkTrace} checks
 * that the network's weight matrices equal, entry by entry, the composition of the gadgets its
 * construction trace (`metadata.trace`, format `relucert.trace/1`, see src/construct/calculus.ts
 * and docs/constructions.md) records. Each layer's expected sparse rows are rebuilt from the
 * trace alone — the gadget matrices are restated here, the stage layout and padding rules
 * applied, adjacent affine maps multiplied in exact rationals — and compared with the network's.
 * The result is the comparator network the ReLU network implements, or the first differing entry.
 *
 * Independence: this module imports only the exact core and the network model — not the
 * construction code whose output it checks (the `Comparator` shape it shares with
 * src/construct/constructions.ts is a type-only import, erased at run time).
 */
import type Fraction from 'fraction.js';
import { formatRational, isZero, parseRational, ratio } from '../../exact/rational.js';
import type { Layer, Network, WeightRow } from '../../network/model.js';
import type { Comparator, ComparatorNetwork } from './comparatorNetwork.js';

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
