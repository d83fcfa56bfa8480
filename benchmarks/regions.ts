/**
 * Region-engine benchmark (issue 3): regions per second, LPs per region, and the cost of
 * certification against a float-only baseline, on
 * (a) a seeded random 2-32-32-1 network on [-1, 1]^2,
 * (b) a seeded random 3-20-20-20-1 network on [-1, 1]^3,
 * (c) the 4-input bitonic sorter of Huybrechs (weights in {−1, 0, 1}, zero biases) on R^4;
 * and, for case (b), the parallel engine (`--workers K`) with K = 1 and K = 2 worker threads.
 *
 * The float-only baseline ("--no-certify", measurement only) answers each interior question
 * with glpk's float solution taken at face value — no rationalization, no exact check, no
 * fallback. It exists only here: the engine never runs uncertified otherwise.
 * Prints one JSON line per case.
 */
import { availableParallelism, loadavg } from 'node:os';
import Fraction from 'fraction.js';
import { type InteriorResult, defaultLpSolver } from '../solvers/certified.js';
import { sorterNetwork } from '../src/construct/constructions.js';
import { float64ToRational, ratio } from '../src/exact/rational.js';
import { type Network, denseLayer } from '../src/network/model.js';
import type { LinearSystem } from '../src/polyhedra/system.js';
import { mulberry32, randomInteger } from '../src/random/prng.js';
import { type Domain, parseBox } from '../src/regions/domain.js';
import { enumerateRegions } from '../src/regions/enumerate.js';
import { enumerateRegionsParallel } from '../src/regions/parallel.js';

/** A seeded random ReLU network with weights p/q (|p| ≤ 9, q ∈ 1..4) and a linear output. */
export function randomNetwork(widths: readonly number[], seed: number): Network {
  const random = mulberry32(seed);
  const value = (): Fraction => ratio(BigInt(randomInteger(random, -9, 9)), BigInt(randomInteger(random, 1, 4)));
  const layers = widths.slice(1).map((m, k) => {
    const n = widths[k] as number;
    const last = k === widths.length - 2;
    return denseLayer(
      Array.from({ length: m }, () => Array.from({ length: n }, value)),
      Array.from({ length: m }, value),
      last ? 'identity' : 'relu',
      n,
    );
  });
  return { inputs: widths[0] as number, layers, name: `random ${widths.join('-')} (seed ${seed})` };
}

/** glpk's answer to "does the strict system have a point?", trusted blindly (measurement only). */
function floatOnlyInterior(system: LinearSystem): InteriorResult {
  const n = system.variables;
  const objective = new Array<number>(n + 1).fill(0);
  objective[n] = 1;
  const r = defaultLpSolver().solve({
    direction: 'maximize',
    objective,
    rows: system.constraints.map((c) => ({ coefficients: [...c.coefficients.map((v) => v.valueOf()), 1], lower: -Infinity, upper: c.rhs.valueOf() })),
    bounds: [...new Array(n).fill({ lower: -Infinity, upper: Infinity }), { lower: -Infinity, upper: 1 }],
  });
  if (r.status === 'optimal' && r.value > 1e-9) return { kind: 'interior', point: r.primal.slice(0, n).map((v) => float64ToRational(v)) };
  return { kind: 'empty-interior', multipliers: system.constraints.map(() => new Fraction(0n)) };
}

interface Case {
  readonly name: string;
  readonly net: Network;
  readonly domain: Domain;
}

function cases(): Case[] {
  return [
    { name: 'random-2-32-32-1', net: randomNetwork([2, 32, 32, 1], 1), domain: parseBox('-1:1', 2) },
    { name: 'random-3-20-20-20-1', net: randomNetwork([3, 20, 20, 20, 1], 2), domain: parseBox('-1:1', 3) },
    { name: 'bitonic-4', net: sorterNetwork(4, 'bitonic'), domain: { kind: 'all' } },
  ];
}

/**
 * Case (b) with K = 1 and K = 2 worker threads, back to back, one JSON line per K once all have
 * run (`speedup`: the K = 1 time over this one's). The load average before and after each run is
 * printed: the machine is shared, and other jobs on its cores eat into a speedup.
 */
export async function workers(counts: readonly number[] = [1, 2]): Promise<void> {
  const c = cases()[1] as Case;
  const runs: { K: number; seconds: number; line: Record<string, unknown> }[] = [];
  for (const K of counts) {
    const before = loadavg()[0] as number;
    const r = await enumerateRegionsParallel(c.net, c.domain, { workers: K, keepTree: false, keepRegions: false });
    const s = r.stats;
    runs.push({
      K,
      seconds: s.seconds,
      line: {
        bench: 'regions',
        case: c.name,
        workers: K,
        cores: availableParallelism(),
        regions: s.regions,
        seconds: s.seconds,
        regionsPerSecond: Math.round(s.regions / Math.max(s.seconds, 1e-3)),
        tasks: r.tasks,
        loadBefore: Number(before.toFixed(2)),
        loadAfter: Number((loadavg()[0] as number).toFixed(2)),
      },
    });
  }
  const one = runs.find((r) => r.K === 1)?.seconds;
  for (const r of runs) {
    console.log(JSON.stringify({ ...r.line, ...(one !== undefined ? { speedup: Number((one / Math.max(r.seconds, 1e-3)).toFixed(2)) } : {}) }));
  }
}

/**
 * Runs every case and prints its JSON line: the engine as shipped (vertex representation on box
 * domains in ≤ 4 dimensions, order cones, certified LPs otherwise), the LP path alone
 * (`vertexRepresentation: false`, certified), and the float-only baseline of the LP path (glpk
 * trusted blindly). `certifiedOverFloatOnly` compares the shipped engine with that baseline;
 * `lpPathCertifiedOverFloatOnly` the certified LP path with it (the cost of certifying LPs).
 */
export async function main(): Promise<void> {
  for (const c of cases()) {
    const certified = enumerateRegions(c.net, c.domain, { keepTree: false, keepRegions: false });
    const lpPath = enumerateRegions(c.net, c.domain, { keepTree: false, keepRegions: false, vertexRepresentation: false });
    const floatOnly = enumerateRegions(c.net, c.domain, { keepTree: false, keepRegions: false, vertexRepresentation: false, interiorOracle: floatOnlyInterior });
    const s = certified.stats;
    console.log(
      JSON.stringify({
        bench: 'regions',
        case: c.name,
        regions: s.regions,
        seconds: s.seconds,
        regionsPerSecond: Math.round(s.regions / Math.max(s.seconds, 1e-3)),
        lpsPerRegion: Number((s.lps / Math.max(s.regions, 1)).toFixed(2)),
        lps: s.lps,
        vertexDecisions: s.vertex,
        rays: s.rays,
        interval: s.interval,
        fallbacks: s.lp.fallbacks,
        lpPathSeconds: lpPath.stats.seconds,
        lpPathLpsPerRegion: Number((lpPath.stats.lps / Math.max(lpPath.stats.regions, 1)).toFixed(2)),
        floatOnlySeconds: floatOnly.stats.seconds,
        floatOnlyRegions: floatOnly.stats.regions,
        certifiedOverFloatOnly: Number((s.seconds / Math.max(floatOnly.stats.seconds, 1e-3)).toFixed(2)),
        lpPathCertifiedOverFloatOnly: Number((lpPath.stats.seconds / Math.max(floatOnly.stats.seconds, 1e-3)).toFixed(2)),
      }),
    );
  }
  await workers();
}
