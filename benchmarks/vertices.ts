/**
 * Vertex-representation benchmark (src/polyhedra/vertices.ts): the region engine's own LP
 * questions answered from the node polytope's vertices, against the certified LP that answers
 * them today (solvers/certified.ts interiorPoint), on the same polytopes.
 *
 * Questions: every interior-point LP the engine poses (captured through its `interiorOracle`
 * hook, which delegates to the certified solver) while enumerating the regions of the seeded
 * random networks of benchmarks/regions.ts: 2-32-32-1 on [−1, 1]^2 (all regions) and
 * 3-20-20-20-1 on [−1, 1]^3 (the first `maxRegions3` regions). Each question is a node's rows
 * (the box's 2n rows, then one split row per level) plus a far-side row {a, b}: "does a·x < b
 * meet the interior of P?". The domain's own LP (no far row) is skipped.
 *
 * Per question, with z = a·x − b (the far side is z < 0):
 * - vertex path: signOn; when min z ≥ 0 the Motzkin certificate (sign +1: its far row is exactly
 *   the engine's), otherwise split P by z into both children (`vertexDecisionUs`: what a
 *   vertex-based engine needs per decision — it needs no witness points inside the tree, only one
 *   per leaf); `withPointsUs` adds an interior point of each child (or of P when max z ≤ 0), for
 *   parity with the LP, which returns a far-side point;
 * - LP path: the certified interiorPoint of the same system (glpk proposes, exact check);
 * - also timed alone: clip (P from its parent: the incremental cost of one tree edge), signOn,
 *   the certificate (Fraction values, and the integer form of fixedSignMultipliers), split,
 *   interiorPoint, and the exact-only LP (`solver: null`) on a sample.
 * The two paths must agree on every question (far side empty ⇔ min z ≥ 0), or the run fails.
 * Prints one JSON line per case and row-count bucket.
 */
import Fraction from 'fraction.js';
import { type CertifiedOptions, type InteriorResult, createLpStats, interiorPoint as lpInteriorPoint } from '../solvers/certified.js';
import { denominator, numerator } from '../src/exact/rational.js';
import type { LinearSystem } from '../src/polyhedra/system.js';
import {
  type IntegerRow,
  type VertexPolytope,
  boxPolytope,
  clip,
  fixedSignCertificate,
  fixedSignMultipliers,
  interiorPoint,
  signOn,
  split,
} from '../src/polyhedra/vertices.js';
import { parseBox } from '../src/regions/domain.js';
import { enumerateRegions } from '../src/regions/enumerate.js';
import { randomNetwork } from './regions.js';

/** One LP question of the engine, with the node polytope rebuilt from its rows. */
interface Question {
  readonly system: LinearSystem;
  /** The node's rows (without the far row). */
  readonly rows: readonly IntegerRow[];
  readonly parent: VertexPolytope;
  readonly P: VertexPolytope;
  /** z = a·x + c with a = far.a, c = −far.b: the far side is z < 0. */
  readonly a: bigint[];
  readonly c: bigint;
  /** What the certified LP answered when the engine asked. */
  readonly lpEmpty: boolean;
}

function integerRowOf(coefficients: readonly Fraction[], rhs: Fraction): IntegerRow {
  const all = [...coefficients, rhs];
  if (all.some((v) => denominator(v) !== 1n)) throw new Error('the engine posed a row with a fractional entry');
  return { a: coefficients.map(numerator), b: numerator(rhs) };
}

/** Runs the engine with a recording oracle and rebuilds every question's polytope. */
function capture(widths: readonly number[], seed: number, maxRegions: number | undefined): { questions: Question[]; regions: number; lps: number } {
  const n = widths[0] as number;
  const systems: { system: LinearSystem; empty: boolean }[] = [];
  const oracle = (system: LinearSystem, options: CertifiedOptions): InteriorResult => {
    const r = lpInteriorPoint(system, options);
    systems.push({ system, empty: r.kind === 'empty-interior' });
    return r;
  };
  const result = enumerateRegions(randomNetwork(widths, seed), parseBox('-1:1', n), {
    keepTree: false,
    keepRegions: false,
    interiorOracle: oracle,
    ...(maxRegions !== undefined ? { maxRegions } : {}),
  });
  const questions: Question[] = [];
  for (const { system, empty } of systems) {
    const all = system.constraints.map((c) => integerRowOf(c.coefficients, c.rhs));
    if (all.length <= 2 * n) continue; // the domain's own question
    const rows = all.slice(0, -1);
    const far = all[all.length - 1] as IntegerRow;
    let parent = boxPolytope(rows.slice(0, 2 * n));
    for (const r of rows.slice(2 * n, -1)) parent = clip(parent, r);
    const P = rows.length > 2 * n ? clip(parent, rows[rows.length - 1] as IntegerRow) : parent;
    questions.push({ system, rows, parent, P, a: [...far.a], c: -far.b, lpEmpty: empty });
  }
  return { questions, regions: result.stats.regions, lps: result.stats.lps };
}

/** The vertex path of one question; returns whether the far side is empty (certificate found). */
function vertexDecision(q: Question, points = false): boolean {
  const e = signOn(q.P, q.a, q.c);
  if (e.min.num >= 0n) {
    if (fixedSignCertificate(q.P, q.rows, q.a, q.c, 1, e) === undefined) throw new Error('no certificate although min z ≥ 0');
    return true;
  }
  if (e.sign === 0) {
    const { positive, negative } = split(q.P, q.a, q.c, e.values);
    if (points) {
      interiorPoint(positive);
      interiorPoint(negative);
    }
  } else if (points) {
    interiorPoint(q.P); // max z ≤ 0: P itself is on the far side
  }
  return false;
}

/** µs per call, best of `repeats` passes over the items (the machine is shared). */
function timePerCall<T>(items: readonly T[], work: (item: T) => unknown, repeats = 5): number {
  if (items.length === 0) return Number.NaN;
  let best = Number.POSITIVE_INFINITY;
  for (let r = 0; r < repeats; r++) {
    const start = process.hrtime.bigint();
    for (const item of items) work(item);
    best = Math.min(best, Number(process.hrtime.bigint() - start) / 1000 / items.length);
  }
  return best;
}

const round = (x: number): number => (Number.isNaN(x) ? x : Number(x.toFixed(x < 10 ? 2 : 1)));

function measure(name: string, n: number, questions: readonly Question[], bucket: string): Record<string, unknown> {
  const withExtremes = questions.map((q) => ({ q, e: signOn(q.P, q.a, q.c) }));
  const fixed = withExtremes.filter(({ e }) => e.min.num >= 0n);
  const splits = withExtremes.filter(({ e }) => e.sign === 0);
  const vertexUs = timePerCall(questions, (q) => vertexDecision(q));
  const withPointsUs = timePerCall(questions, (q) => vertexDecision(q, true));
  const lpUs = timePerCall(questions, (q) => lpInteriorPoint(q.system, { stats: createLpStats() }));
  const exactSample = questions.slice(0, 100);
  const exactLpUs = timePerCall(exactSample, (q) => lpInteriorPoint(q.system, { solver: null, stats: createLpStats() }), 1);
  const rowCounts = questions.map((q) => q.rows.length).sort((x, y) => x - y);
  const vertexCounts = questions.map((q) => q.P.vertices.length);
  return {
    bench: 'vertices',
    case: name,
    n,
    rows: bucket,
    questions: questions.length,
    medianRows: rowCounts[rowCounts.length >> 1],
    vertices: round(vertexCounts.reduce((s, v) => s + v, 0) / Math.max(1, questions.length)),
    maxVertices: Math.max(0, ...vertexCounts),
    farEmptyShare: round(fixed.length / Math.max(1, questions.length)),
    vertexDecisionUs: round(vertexUs),
    withPointsUs: round(withPointsUs),
    lpUs: round(lpUs),
    lpOverVertex: round(lpUs / vertexUs),
    lpOverWithPoints: round(lpUs / withPointsUs),
    exactLpUs: round(exactLpUs),
    clipUs: round(timePerCall(questions, (q) => clip(q.parent, q.rows[q.rows.length - 1] as IntegerRow))),
    signOnUs: round(timePerCall(questions, (q) => signOn(q.P, q.a, q.c))),
    certificateUs: round(timePerCall(fixed, ({ q, e }) => fixedSignCertificate(q.P, q.rows, q.a, q.c, 1, e))),
    integerCertificateUs: round(timePerCall(fixed, ({ q, e }) => fixedSignMultipliers(q.P, q.rows, q.a, q.c, 1, e))),
    splitUs: round(timePerCall(splits, ({ q, e }) => split(q.P, q.a, q.c, e.values))),
    interiorPointUs: round(timePerCall(questions, (q) => interiorPoint(q.P))),
  };
}

/** Runs the benchmark and prints one JSON line per case and bucket; also returns the figures. */
export async function run(options: { maxRegions3?: number } = {}): Promise<Record<string, unknown>[]> {
  const figures: Record<string, unknown>[] = [];
  const cases = [
    { name: 'random-2-32-32-1', widths: [2, 32, 32, 1], seed: 1, maxRegions: undefined },
    { name: 'random-3-20-20-20-1', widths: [3, 20, 20, 20, 1], seed: 2, maxRegions: options.maxRegions3 ?? 1500 },
  ];
  for (const c of cases) {
    const n = c.widths[0] as number;
    const { questions, regions, lps } = capture(c.widths, c.seed, c.maxRegions);
    // The two paths must agree on every question.
    for (const q of questions) {
      if (vertexDecision(q) !== q.lpEmpty) throw new Error(`${c.name}: the vertex path and the certified LP disagree`);
    }
    // Warm-up (JIT, glpk, row caches): every question through both vertex paths, 300 LPs.
    for (const q of questions) vertexDecision(q, true);
    for (const q of questions.slice(0, 300)) lpInteriorPoint(q.system, { stats: createLpStats() });
    // 'all' last: measured first, it paid for the garbage of the capture run.
    const buckets: [string, (m: number) => boolean][] = [
      ['<=10', (m) => m <= 10],
      ['11-20', (m) => m > 10 && m <= 20],
      ['21-40', (m) => m > 20 && m <= 40],
      ['>40', (m) => m > 40],
      ['all', () => true],
    ];
    for (const [bucket, inBucket] of buckets) {
      const subset = questions.filter((q) => inBucket(q.rows.length));
      if (subset.length === 0) continue;
      const line = { ...measure(c.name, n, subset, bucket), ...(bucket === 'all' ? { regions, engineLps: lps } : {}) };
      console.log(JSON.stringify(line));
      figures.push(line);
    }
  }
  return figures;
}

if (process.argv[1] !== undefined && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  await run();
}
