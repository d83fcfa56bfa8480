/**
 * LP-layer benchmark: certified interiorPoint on random 30×5 systems against the bare glpk.js
 * solve of the same slack LP. Prints one JSON line:
 * `{ bench: 'lp', systems, certifiedUs, glpkOnlyUs, exactOnlyUs, fallbackRate, interiorShare }`.
 *
 * Systems: integer coefficients in [−10, 10], right-hand sides a·p + r with p a random integer
 * point and r ∈ [−4, 12], so that about half have a nonempty interior (both branches of the
 * certification are timed). A fixed seed keeps runs comparable.
 */
import Fraction from 'fraction.js';
import { createLpStats, defaultLpSolver, interiorPoint } from '../solvers/certified.js';
import type { LpProblem } from '../solvers/lp.js';
import type { LinearSystem } from '../src/polyhedra/system.js';
import { mulberry32 as prng } from '../src/random/prng.js';


function randomSystem(random: () => number, rows: number, n: number): LinearSystem {
  const int = (lo: number, hi: number): number => lo + Math.floor(random() * (hi - lo + 1));
  const p = Array.from({ length: n }, () => int(-3, 3));
  const constraints = Array.from({ length: rows }, () => {
    const a = Array.from({ length: n }, () => int(-10, 10));
    const b = a.reduce((s, v, j) => s + v * (p[j] as number), 0) + int(-2, 12);
    return { coefficients: a.map((v) => new Fraction(BigInt(v), 1n)), relation: '<=' as const, rhs: new Fraction(BigInt(b), 1n) };
  });
  return { variables: n, constraints };
}

/** The slack LP of a system in floats, as certified.ts poses it (max t, a·x + t ≤ b, t ≤ 1). */
function slackLpOf(system: LinearSystem): LpProblem {
  const n = system.variables;
  const objective = new Array<number>(n + 1).fill(0);
  objective[n] = 1;
  return {
    direction: 'maximize',
    objective,
    rows: system.constraints.map((c) => ({ coefficients: [...c.coefficients.map((v) => v.valueOf()), 1], lower: -Infinity, upper: c.rhs.valueOf() })),
    bounds: [...new Array(n).fill({ lower: -Infinity, upper: Infinity }), { lower: -Infinity, upper: 1 }],
  };
}

function timePerCall(work: () => void, calls: number): number {
  const start = process.hrtime.bigint();
  work();
  return Number(process.hrtime.bigint() - start) / 1000 / calls;
}

/** Runs the benchmark and prints its JSON line; also returns the figures. */
export async function run(options: { systems?: number; seed?: number } = {}): Promise<Record<string, unknown>> {
  const count = options.systems ?? 2000;
  const random = prng(options.seed ?? 20240611);
  const systems = Array.from({ length: count }, () => randomSystem(random, 30, 5));
  const problems = systems.map(slackLpOf);
  const glpk = defaultLpSolver();
  // Warm up the JIT and the per-row caches.
  const warm = createLpStats();
  for (const s of systems.slice(0, 200)) interiorPoint(s, { stats: warm });
  for (const p of problems.slice(0, 200)) glpk.solve(p);

  const stats = createLpStats();
  let interior = 0;
  const certifiedUs = timePerCall(() => {
    for (const s of systems) if (interiorPoint(s, { stats }).kind === 'interior') interior++;
  }, count);
  const glpkOnlyUs = timePerCall(() => {
    for (const p of problems) glpk.solve(p);
  }, count);
  const exactSample = systems.slice(0, Math.min(200, count));
  const exactOnlyUs = timePerCall(() => {
    for (const s of exactSample) interiorPoint(s, { solver: null, stats: createLpStats() });
  }, exactSample.length);
  const figures = {
    bench: 'lp',
    systems: count,
    rows: 30,
    variables: 5,
    certifiedUs: Math.round(certifiedUs),
    glpkOnlyUs: Math.round(glpkOnlyUs),
    exactOnlyUs: Math.round(exactOnlyUs),
    fallbackRate: stats.fallbacks / stats.certified,
    interiorShare: interior / count,
  };
  console.log(JSON.stringify(figures));
  return figures;
}

if (process.argv[1] !== undefined && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  await run();
}
