/**
 * Global-optimal training benchmark (issue 6, part 7): the exact Arora et al. search against the
 * obvious peer, the big-M MILP of the same training problem solved directly by glpk.js.
 *
 * Cases (ℓ1 loss, no output bias, fixed seeds): D = 20 points in R¹ with w = 2; D = 12 in R²
 * with w = 2; D = 8 in R² with w = 3. Targets are random integers in [−5, 5], inputs random
 * integers (R² points in general position). One JSON line per case:
 * `{ bench: 'training', case, D, n, w, optimum, exactMs, dichotomies, leaves, lpsSolved, leafLps,
 *    boundLps, prunedLeaves, naiveLps, milp: { ms, value, status, agrees, weightBound } }`.
 *
 * The MILP: weights boxed to |a_jk|, |b_j| ≤ B (big-M needs bounds; B = 100, reported along with
 * the largest weight of the exact optimal network so a disagreement can be told from a box that
 * is too small), per unit j and point i a binary z_ji and h_ji = relu(a_j·x_i + b_j) written as
 * h ≥ 0, h ≥ g, h ≤ g + M_i(1 − z), h ≤ M_i z with M_i = B(‖x_i‖₁ + 1); f_i = Σ_j s_j h_ji with
 * the output signs fixed per MILP (one MILP per number of positive units, by symmetry); ℓ1 by
 * e_i ≥ ±(f_i − y_i); glpk time limit 120 s per MILP (status "feasible (time limit)" when hit).
 * Its float optimum "agrees" when within 1e-6 (relative) of the exact one.
 */
import Fraction from 'fraction.js';
import GLPK from 'glpk.js/node';
import { formatRational } from '../src/exact/rational.js';
import { type TrainingData, trainingData } from '../src/properties/training/data.js';
import { trainOptimal } from '../src/properties/training/search.js';
import { mulberry32 } from '../src/random/prng.js';

const F = (v: number): Fraction => new Fraction(BigInt(v), 1n);

/** D random points (distinct in R¹; no three collinear in R²) with random integer targets in [−5, 5]. */
export function benchmarkData(D: number, n: 1 | 2, seed: number): TrainingData {
  const random = mulberry32(seed);
  const int = (lo: number, hi: number): number => lo + Math.floor(random() * (hi - lo + 1));
  const pts: number[][] = [];
  while (pts.length < D) {
    const p = n === 1 ? [int(-30, 30)] : [int(-10, 10), int(-10, 10)];
    let ok = pts.every((q) => q.some((v, k) => v !== p[k]));
    if (n === 2) {
      for (let i = 0; ok && i < pts.length; i++) {
        for (let j = i + 1; ok && j < pts.length; j++) {
          const [a, b] = [pts[i], pts[j]];
          if ((b[0] - a[0]) * (p[1] - a[1]) - (b[1] - a[1]) * (p[0] - a[0]) === 0) ok = false;
        }
      }
    }
    if (ok) pts.push(p);
  }
  return trainingData(
    pts.map((p) => p.map(F)),
    pts.map(() => F(int(-5, 5))),
  );
}

interface GlpkLike {
  solve(lp: unknown, options: Record<string, unknown>): { result: { status: number; z: number } };
}

/** The big-M MILP peer (see the module comment): best float value over the sign splits, and its time. */
export function bigMMilp(glpk: GlpkLike, data: TrainingData, width: number, weightBound: number, tmlim = 120): { ms: number; value: number; status: string } {
  const D = data.inputs.length;
  const n = data.inputs[0].length;
  const x = data.inputs.map((r) => r.map((v) => v.valueOf()));
  const y = data.targets.map((v) => v.valueOf());
  const start = Date.now();
  let best = Number.POSITIVE_INFINITY;
  let status = 'optimal';
  for (let p = 0; p <= width; p++) {
    const signs = Array.from({ length: width }, (_, j) => (j < p ? 1 : -1));
    const subjectTo: unknown[] = [];
    const bounds: unknown[] = [];
    const binaries: string[] = [];
    const row = (name: string, vars: { name: string; coef: number }[], type: 'up' | 'lo', rhs: number): void => {
      subjectTo.push({ name, vars, bnds: type === 'up' ? { type: 3, ub: rhs, lb: 0 } : { type: 2, lb: rhs, ub: 0 } });
    };
    for (let j = 0; j < width; j++) {
      for (let k = 0; k < n; k++) bounds.push({ name: `a${j}_${k}`, type: 4, lb: -weightBound, ub: weightBound });
      bounds.push({ name: `b${j}`, type: 4, lb: -weightBound, ub: weightBound });
      for (let i = 0; i < D; i++) {
        const M = weightBound * (x[i].reduce((s, v) => s + Math.abs(v), 0) + 1);
        const g = [...x[i].map((v, k) => ({ name: `a${j}_${k}`, coef: v })), { name: `b${j}`, coef: 1 }];
        const h = { name: `h${j}_${i}`, coef: 1 };
        const z = `z${j}_${i}`;
        binaries.push(z);
        bounds.push({ name: h.name, type: 2, lb: 0, ub: 0 });
        row(`ge${j}_${i}`, [h, ...g.map((t) => ({ name: t.name, coef: -t.coef }))], 'lo', 0);
        row(`le${j}_${i}`, [h, ...g.map((t) => ({ name: t.name, coef: -t.coef })), { name: z, coef: M }], 'up', M);
        row(`on${j}_${i}`, [h, { name: z, coef: -M }], 'up', 0);
      }
    }
    for (let i = 0; i < D; i++) {
      const f = signs.map((s, j) => ({ name: `h${j}_${i}`, coef: s }));
      bounds.push({ name: `e${i}`, type: 2, lb: 0, ub: 0 });
      row(`p${i}`, [...f, { name: `e${i}`, coef: -1 }], 'up', y[i]);
      row(`m${i}`, [...f.map((t) => ({ name: t.name, coef: -t.coef })), { name: `e${i}`, coef: -1 }], 'up', -y[i]);
    }
    const lp = {
      name: 'bigm',
      objective: { direction: 1, name: 'loss', vars: Array.from({ length: D }, (_, i) => ({ name: `e${i}`, coef: 1 })) },
      subjectTo,
      bounds,
      binaries,
    };
    const r = glpk.solve(lp, { msglev: 0, presol: true, tmlim });
    if (r.result.status !== 5) status = r.result.status === 2 ? 'feasible (time limit)' : `glpk status ${r.result.status}`;
    if (r.result.status === 5 || r.result.status === 2) best = Math.min(best, r.result.z);
  }
  return { ms: Date.now() - start, value: best, status };
}

/** The benchmark cases of issue 6. */
export const CASES = [
  { name: 'D20-R1-w2', D: 20, n: 1 as const, width: 2, seed: 20 },
  { name: 'D12-R2-w2', D: 12, n: 2 as const, width: 2, seed: 12 },
  { name: 'D8-R2-w3', D: 8, n: 2 as const, width: 3, seed: 8 },
];

/** Runs every case (or those named) and prints one JSON line each; returns the lines. */
export async function run(options: { cases?: readonly string[]; prune?: boolean; milp?: boolean } = {}): Promise<Record<string, unknown>[]> {
  const glpk = (await GLPK()) as unknown as GlpkLike;
  const lines: Record<string, unknown>[] = [];
  for (const c of CASES) {
    if (options.cases !== undefined && !options.cases.includes(c.name)) continue;
    const data = benchmarkData(c.D, c.n, c.seed);
    const t0 = Date.now();
    const r = trainOptimal(data, { width: c.width, loss: 'l1', prune: options.prune ?? true, collectBounds: true });
    const exactMs = Date.now() - t0;
    if (r.status !== 'optimal') throw new Error('unreachable: no limits were set');
    const weightBound = 100;
    let maxWeight = 0;
    for (const layer of r.best.network.layers.slice(0, 1)) {
      for (const rowW of layer.rows) for (const v of rowW.values) maxWeight = Math.max(maxWeight, Math.abs(v.valueOf()));
      for (const v of layer.bias) maxWeight = Math.max(maxWeight, Math.abs(v.valueOf()));
    }
    const milp = options.milp === false ? undefined : bigMMilp(glpk, data, c.width, weightBound);
    const exact = r.optimum.valueOf();
    const line = {
      bench: 'training',
      case: c.name,
      D: c.D,
      n: c.n,
      w: c.width,
      loss: 'l1',
      prune: options.prune ?? true,
      optimum: formatRational(r.optimum),
      exactMs,
      dichotomies: r.stats.dichotomies,
      leaves: r.stats.leaves,
      naiveLps: r.stats.naiveLps,
      lpsSolved: r.stats.lpsSolved,
      dichotomyLps: r.stats.dichotomyLps,
      leafLps: r.stats.leafLps,
      boundLps: r.stats.boundLps,
      prunedLeaves: r.stats.prunedLeaves,
      lpFallbacks: r.stats.lp.fallbacks,
      bounds: r.bounds.length,
      ...(milp !== undefined
        ? {
            milp: {
              ms: milp.ms,
              value: milp.value,
              status: milp.status,
              agrees: Math.abs(milp.value - exact) <= 1e-6 * Math.max(1, Math.abs(exact)),
              weightBound,
              exactMaxHiddenWeight: maxWeight,
            },
          }
        : {}),
    };
    console.log(JSON.stringify(line));
    lines.push(line);
  }
  return lines;
}

/** Entry point used by benchmarks/run.ts (`npm run bench -- training`). */
export async function main(): Promise<void> {
  await run();
}

if (process.argv[1]?.endsWith('/benchmarks/training.js')) {
  const args = process.argv.slice(2);
  const cases = args.filter((a) => !a.startsWith('--'));
  await run({ ...(cases.length > 0 ? { cases } : {}), prune: !args.includes('--no-prune'), milp: !args.includes('--no-milp') });
}
