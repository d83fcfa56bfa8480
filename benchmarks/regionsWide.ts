/**
 * The region engine above four inputs (issue 15), side by side in one run with the naive
 * baseline: a Python + scipy HiGHS split tree that tests both halves of every undecided neuron
 * with an LP (benchmarks/baseline/regions_split_tree.py; scipy from Debian's python3-scipy or
 * any python3 that has it). Cases: seeded random 5-12-12-1, 6-10-10-1 and 8-10-10-1 nets on
 * [−1, 1]^n, and ACAS Xu 1_1 on φ1's input box (normalised units; needs RELUCERT_ACASXU_DIR).
 *
 * Per case, one JSON line: the shipped engine (regions, seconds, regions/s, LPs per region,
 * decisions by kind, the certified LP's outcomes — split or fixed sign —, the warm-started
 * simplex's counters, each decider's share of the wall time), the same with glpk.js proposals
 * (`warmLp: false`, the engine before warm starts) when it solves LPs, the LP path alone
 * (`vertexRepresentation: false`: the engine as it was for more than four inputs before
 * issue 15) warm and with glpk.js when the shipped run took the vertex path, and the baseline; `speedupOverPython` compares wall
 * times when both completed, regions per second otherwise. The load average is printed with
 * every line: the machine is shared.
 *
 * Every engine runs in a fresh process (`--one CASE ENGINE`, this script): in one process a later
 * run finds a grown heap and compiled code, and ran up to 10 % faster than the same engine first.
 * With `--before DIR` (a built dist/ of an earlier commit, e.g. main before the look-ahead), the
 * shipped configuration of that build runs too, where the shipped run solved LPs or took the
 * vertex path: before and after side by side in one run. Where the
 * look-ahead applies, the engine with `lookAhead: false` runs as well, to separate its share, and
 * where bent rays found splits, the engine with `projectedPaths: false`.
 *
 *   node dist/benchmarks/regionsWide.js [--cases r5,r6,r8,acas] [--seconds S] [--python-seconds S] [--before DIR]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { DEFAULT_DECIDERS } from '../src/engine/deciders/index.js';
import { readNetworkFile } from '../src/formats/index.js';
import { denseWeights, type Network } from '../src/network/model.js';
import { type Domain, parseBox } from '../src/regions/domain.js';
import { type RegionStats, VERTEX_MAX_INPUTS, enumerateRegions } from '../src/regions/enumerate.js';
import { randomNetwork } from './regions.js';

interface WideCase {
  readonly name: string;
  readonly net: Network;
  readonly domain: Domain & { kind: 'box' };
}

/** φ1's input box of ACAS Xu (prop_1.vnnlib, normalised units). */
const PHI1_BOX = '0.6:0.679857769,-0.5:0.5,-0.5:0.5,0.45:0.5,-0.5:-0.45';

function wideCases(names: readonly string[]): WideCase[] {
  const box = (text: string, n: number): Domain & { kind: 'box' } => parseBox(text, n) as Domain & { kind: 'box' };
  const all: Record<string, () => WideCase> = {
    r5: () => ({ name: 'random-5-12-12-1', net: randomNetwork([5, 12, 12, 1], 3), domain: box('-1:1', 5) }),
    r6: () => ({ name: 'random-6-10-10-1', net: randomNetwork([6, 10, 10, 1], 4), domain: box('-1:1', 6) }),
    r8: () => ({ name: 'random-8-10-10-1', net: randomNetwork([8, 10, 10, 1], 5), domain: box('-1:1', 8) }),
    acas: () => {
      const dir = process.env.RELUCERT_ACASXU_DIR ?? '../shared/data/acasxu';
      return { name: 'acasxu-1_1-phi1-box', net: readNetworkFile(join(dir, 'onnx', 'ACASXU_run2a_1_1_batch_2000.onnx')), domain: box(PHI1_BOX, 5) };
    },
  };
  return names.map((n) => {
    const make = all[n];
    if (make === undefined) throw new Error(`unknown case ${n}; known: ${Object.keys(all).join(', ')}`);
    return make();
  });
}

/** The baseline's input: the network's weights as float64 and the box. */
function baselineInput(c: WideCase): string {
  return JSON.stringify({
    inputs: c.net.inputs,
    box: c.domain.box.map(([lo, hi]) => [lo.valueOf(), hi.valueOf()]),
    layers: c.net.layers.map((layer) => ({
      weights: denseWeights(layer).map((row) => row.map((v) => v.valueOf())),
      bias: layer.bias.map((v) => v.valueOf()),
      relu: layer.activation === 'relu',
    })),
  });
}

/**
 * Wall time per decider (its `decide` calls, undecided ones included: a decider that declines
 * costs time too) for the duration of `run`, by wrapping each default decider's method; restored
 * afterwards. Benchmark instrumentation only: the engine does not time itself.
 */
function timeDeciders<T>(run: () => T): { result: T; seconds: Record<string, number>; lpOutcomes: { split: number; fixed: number } } {
  const seconds: Record<string, number> = {};
  // The certified LP's decisions by outcome: a split (an interior point on the missing side) or a fixed sign (Motzkin multipliers).
  const lpOutcomes = { split: 0, fixed: 0 };
  const originals = DEFAULT_DECIDERS.map((d) => d.decide);
  DEFAULT_DECIDERS.forEach((d, i) => {
    const decide = originals[i] as typeof d.decide;
    seconds[d.name] = 0;
    (d as { decide: typeof d.decide }).decide = (q, context) => {
      const t = performance.now();
      try {
        const answer = decide.call(d, q, context);
        if (d.counter === 'lps' && answer.kind !== 'undecided') lpOutcomes[answer.kind]++;
        return answer;
      } finally {
        seconds[d.name] = (seconds[d.name] as number) + (performance.now() - t) / 1000;
      }
    };
  });
  try {
    return { result: run(), seconds, lpOutcomes };
  } finally {
    DEFAULT_DECIDERS.forEach((d, i) => void ((d as { decide: typeof d.decide }).decide = originals[i] as typeof d.decide));
  }
}

/** Each decider's share of the run's wall time, and the rest (tree, regions, layer-entry pre-pass). */
function timeShares(seconds: Record<string, number>, total: number): Record<string, number> {
  const out: Record<string, number> = {};
  let used = 0;
  for (const [name, s] of Object.entries(seconds)) {
    if (s === 0) continue;
    out[name] = Number((s / Math.max(total, 1e-9)).toFixed(3));
    used += s;
  }
  out.other = Number((Math.max(total - used, 0) / Math.max(total, 1e-9)).toFixed(3));
  return out;
}

interface Baseline {
  readonly regions: number;
  readonly lps: number;
  readonly seconds: number;
  readonly status: 'complete' | 'timeout';
}

function runBaseline(c: WideCase, seconds: number): Baseline | { error: string } {
  const dir = mkdtempSync(join(tmpdir(), 'relucert-baseline-'));
  try {
    const file = join(dir, 'net.json');
    writeFileSync(file, baselineInput(c));
    const script = fileURLToPath(new URL('../../benchmarks/baseline/regions_split_tree.py', import.meta.url));
    const r = spawnSync(process.env.PYTHON ?? 'python3', [script, file, String(seconds)], { encoding: 'utf8', maxBuffer: 1 << 20 });
    if (r.status !== 0) return { error: (r.stderr || r.error?.message || `exit ${r.status}`).trim().split('\n').slice(-1)[0] ?? '' };
    return JSON.parse(r.stdout) as Baseline;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function summary(s: RegionStats, status: string): Record<string, unknown> {
  return {
    status,
    regions: s.regions,
    seconds: s.seconds,
    regionsPerSecond: Math.round(s.regions / Math.max(s.seconds, 1e-3)),
    lpsPerRegion: Number((s.lps / Math.max(s.regions, 1)).toFixed(3)),
    decisions: { vertex: s.vertex, interval: s.interval, constant: s.constant, rays: s.rays, paths: s.paths, points: s.points, reused: s.reused, boxed: s.boxed, lps: s.lps, aheadLps: s.aheadLps, boxLps: s.boxLps },
    lp: { warmSolves: s.lp.warmSolves, warmStarts: s.lp.warmStarts, warmRejected: s.lp.warmRejected, pivotsPerSolve: Number((s.lp.pivots / Math.max(s.lp.warmSolves, 1)).toFixed(2)), fallbacks: s.lp.fallbacks },
  };
}

/** One engine's line: summary, LP outcomes and time shares. */
function report(timed: { result: { stats: RegionStats; status: string }; seconds: Record<string, number>; lpOutcomes: { split: number; fixed: number } }): Record<string, unknown> {
  const { stats, status } = timed.result;
  return { ...summary(stats, status), lpOutcomes: timed.lpOutcomes, timeShares: timeShares(timed.seconds, stats.seconds) };
}

/** The engines a case runs, each in a process of its own (see {@link main}). */
type Engine = 'shipped' | 'glpk' | 'noAhead' | 'noPaths' | 'before' | 'lp' | 'lpGlpk' | 'vertex';

/** One engine's run of one case, in this process: its report line (the earlier build's: its summary). */
async function runOne(c: WideCase, engine: Engine, seconds: number, beforeDir: string): Promise<Record<string, unknown>> {
  const options = { keepTree: false, keepRegions: false, deadline: Date.now() + seconds * 1000 };
  if (engine === 'before') {
    // The earlier build's engine (its own modules: nothing is shared with this build but the inputs).
    const before = ((await import(pathToFileURL(join(resolve(beforeDir), 'src', 'regions', 'enumerate.js')).href)) as { enumerateRegions: typeof enumerateRegions }).enumerateRegions;
    const r = before(c.net, c.domain, options);
    return summary(r.stats, r.status);
  }
  const variant = { shipped: {}, glpk: { warmLp: false }, noAhead: { lookAhead: false }, noPaths: { projectedPaths: false }, lp: { vertexRepresentation: false }, lpGlpk: { vertexRepresentation: false, warmLp: false }, vertex: { vertexRepresentation: true } }[engine];
  return report(timeDeciders(() => enumerateRegions(c.net, c.domain, { ...options, ...variant })));
}

/** A summary line's field. */
function field(line: Record<string, unknown>, key: string): number {
  const decisions = line.decisions as Record<string, number> | undefined;
  return key === 'seconds' || key === 'regions' ? (line[key] as number) : (decisions?.[key] ?? 0);
}

export async function main(args: readonly string[] = process.argv.slice(2)): Promise<void> {
  const option = (name: string, fallback: string): string => {
    const i = args.indexOf(name);
    return i >= 0 && args[i + 1] !== undefined ? (args[i + 1] as string) : fallback;
  };
  const seconds = Number(option('--seconds', '120'));
  const beforeDir = option('--before', '');
  const one = args.indexOf('--one');
  if (one >= 0) {
    const [name, engine] = [args[one + 1] as string, args[one + 2] as Engine];
    console.log(JSON.stringify(await runOne(wideCases([name])[0] as WideCase, engine, seconds, beforeDir)));
    return;
  }
  const names = option('--cases', 'r5,r6,r8,acas').split(',');
  const pythonSeconds = Number(option('--python-seconds', '300'));
  // Every engine runs in a fresh process: in one process a later run finds a heap grown by the
  // earlier ones and JIT-compiled code, and ran up to 10 % faster than the same engine first.
  const script = fileURLToPath(import.meta.url);
  const fresh = (name: string, engine: Engine): Record<string, unknown> => {
    const r = spawnSync(process.execPath, [script, '--one', name, engine, '--seconds', String(seconds), ...(beforeDir !== '' ? ['--before', beforeDir] : [])], { encoding: 'utf8', maxBuffer: 1 << 24 });
    if (r.status !== 0) throw new Error(`${name} ${engine}: ${(r.stderr || `exit ${r.status}`).trim().split('\n').slice(-1)[0] ?? ''}`);
    return JSON.parse(r.stdout.trim().split('\n').slice(-1)[0] as string) as Record<string, unknown>;
  };
  for (const name of names) {
    const c = wideCases([name])[0] as WideCase;
    const loadBefore = loadavg()[0] as number;
    const shipped = fresh(name, 'shipped');
    const lps = field(shipped, 'lps');
    const vertexPath = field(shipped, 'vertex') > 0;
    // The engine before warm starts (glpk.js proposals), where the shipped run solved LPs beyond the domain's own.
    const glpk = lps > 1 ? fresh(name, 'glpk') : undefined;
    // Without the look-ahead (and the further points), where it ran.
    const noAhead = field(shipped, 'aheadLps') > 0 ? fresh(name, 'noAhead') : undefined;
    // Without the bent rays (src/engine/projectedPath.ts), where they ran.
    const noPaths = field(shipped, 'paths') > 0 ? fresh(name, 'noPaths') : undefined;
    // The earlier build, shipped configuration, where the shipped run solved LPs or took the vertex path.
    const before = beforeDir !== '' && (lps > 1 || vertexPath) ? fresh(name, 'before') : undefined;
    // The LP path alone, where the shipped run took the vertex path (n ≤ VERTEX_MAX_INPUTS), warm and with glpk.js.
    const lpPath = vertexPath ? fresh(name, 'lp') : shipped;
    const lpGlpk = vertexPath ? fresh(name, 'lpGlpk') : glpk;
    // The vertex path, where it can run (n ≤ VERTEX_MAX_INPUTS) but the shipped run took the LP path.
    const vertex = !vertexPath && c.net.inputs <= VERTEX_MAX_INPUTS ? fresh(name, 'vertex') : undefined;
    const python = runBaseline(c, pythonSeconds);
    const rate = (line: Record<string, unknown>): number => field(line, 'regions') / Math.max(field(line, 'seconds'), 1e-3);
    const pythonRate = 'status' in python ? python.regions / Math.max(python.seconds, 1e-3) : undefined;
    const both = 'status' in python && python.status === 'complete' && shipped.status === 'complete';
    const over = (line: Record<string, unknown>): number | null => ('status' in python ? Number((both && line.status === 'complete' ? python.seconds / Math.max(field(line, 'seconds'), 1e-3) : rate(line) / (pythonRate as number)).toFixed(1)) : null);
    console.log(
      JSON.stringify({
        bench: 'regions-wide',
        case: c.name,
        shipped,
        ...(glpk !== undefined ? { shippedGlpk: glpk } : {}),
        ...(noAhead !== undefined ? { shippedNoLookAhead: noAhead } : {}),
        ...(noPaths !== undefined ? { shippedNoPaths: noPaths } : {}),
        ...(before !== undefined ? { before, beforeSpeedupOverPython: over(before) } : {}),
        lpPath: vertexPath ? lpPath : 'the shipped run',
        ...(vertex !== undefined ? { vertexPath: vertex } : {}),
        ...(lpGlpk !== undefined ? { lpPathGlpk: vertexPath ? lpGlpk : 'shippedGlpk' } : {}),
        python: 'status' in python ? { ...python, regionsPerSecond: Math.round(pythonRate as number) } : python,
        speedupOverPython: over(shipped),
        ...(glpk !== undefined ? { glpkSpeedupOverPython: over(glpk) } : {}),
        speedupOverLpPath: Number((rate(shipped) / rate(lpPath)).toFixed(1)),
        sameCount: shipped.status === 'complete' && lpPath.status === 'complete' ? field(shipped, 'regions') === field(lpPath, 'regions') && (!both || python.regions === field(shipped, 'regions')) : null,
        loadBefore: Number(loadBefore.toFixed(2)),
        loadAfter: Number((loadavg()[0] as number).toFixed(2)),
      }),
    );
  }
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) await main();
