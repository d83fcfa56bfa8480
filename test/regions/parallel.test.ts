/**
 * The parallel region engine (regions/parallel.ts): whatever the number of workers, a complete
 * run gives the sequential engine's certificate byte for byte, the same regions in the same
 * order, the same tree and the same counts. The workers run the built dist/ code (`npm test`
 * builds first), the main thread the sources: agreeing is part of what is tested.
 */
import Fraction from 'fraction.js';
import { describe, expect, it } from 'vitest';
import { randomNetwork } from '../support/networks.js';
import { encodeRegionTree, regionsCertificate } from '../../src/regions/certificate.js';
import { checkCertificate } from '../../src/checker/index.js';
import { sorterNetwork } from '../../src/construct/constructions.js';
import { formatRational } from '../../src/exact/rational.js';
import type { Network } from '../../src/network/model.js';
import { type Domain, parseBox } from '../../src/regions/domain.js';
import { type EngineRun, type Region, type RegionEnumeration, type RegionStats, type RegionTree, enumerateRegions, runEngine } from '../../src/regions/enumerate.js';
import { type ParallelEnumerateOptions, type Part, type QueuedTask, type WorkerSetup, createRegionPool, domainData, enumerateRegionsParallel, runRegionTasks } from '../../src/regions/parallel.js';
import { canonicalNetworkText } from '../../src/network/json.js';

/** Regions as text: pattern, point, output map, half-spaces (bigints and Fractions spelled out). */
function regionsText(regions: readonly Region[]): string {
  return JSON.stringify(
    regions.map((r) => ({
      pattern: r.pattern,
      point: r.point.map(formatRational),
      output: { num: r.output.num.map((row) => row.map(String)), offset: r.output.offset.map(String), den: String(r.output.den) },
      halfSpaces: r.halfSpaces.map((h) => [h.a.map(String), String(h.b)]),
    })),
  );
}

/** Every counter but the wall time, LP counters included. */
function counters(stats: RegionStats): Record<string, unknown> {
  const { seconds: _seconds, lp, ...rest } = stats;
  return { ...rest, lp: { ...lp } };
}

/** No node of the tree carries a task index (the splice replaced every placeholder). */
function placeholders(tree: RegionTree | undefined): number {
  if (tree === undefined) return 0;
  let found = 0;
  const stack: RegionTree[] = [tree];
  while (stack.length > 0) {
    const t = stack.pop() as RegionTree;
    if ('task' in t) found++;
    if (t.kind === 'split') stack.push(t.positive, t.negative);
    else if (t.kind === 'fixed' || t.kind === 'pass') stack.push(t.next);
  }
  return found;
}

interface Case {
  readonly name: string;
  readonly net: Network;
  readonly domain: Domain;
  readonly regions?: number;
  readonly options?: ParallelEnumerateOptions;
}

const triangle: Domain = {
  kind: 'polytope',
  system: {
    variables: 2,
    constraints: [
      { coefficients: [new Fraction(-1n), new Fraction(0n)], relation: '<=', rhs: new Fraction(1n) },
      { coefficients: [new Fraction(0n), new Fraction(-1n)], relation: '<=', rhs: new Fraction(1n) },
      { coefficients: [new Fraction(1n), new Fraction(1n)], relation: '<=', rhs: new Fraction(1n, 2n) },
    ],
  },
};

const CASES: Case[] = [
  { name: 'random 2-8-8-1 on [-1,1]^2', net: randomNetwork([2, 8, 8, 1], 3), domain: parseBox('-1:1', 2) },
  { name: 'random 3-7-7-7-1 on [-1,1]^3', net: randomNetwork([3, 7, 7, 7, 1], 2), domain: parseBox('-1:1', 3) },
  // Seven inputs: the LP path with warm-started LPs, the basis carried in each task's node.
  { name: 'random 7-6-5-1 on [-1,1]^7 (warm-started LPs)', net: randomNetwork([7, 6, 5, 1], 5), domain: parseBox('-1:1', 7) },
  { name: 'bitonic-4 on R^4', net: sorterNetwork(4, 'bitonic'), domain: { kind: 'all' }, regions: 108 },
  { name: 'random 2-8-8-1 on a triangle, exact LPs only', net: randomNetwork([2, 8, 8, 1], 4), domain: triangle, options: { lp: { solver: null } } },
];

async function runAll(c: Case, workers: number, extra: ParallelEnumerateOptions = {}): Promise<RegionEnumeration & { tasks: number }> {
  return enumerateRegionsParallel(c.net, c.domain, { ...c.options, ...extra, workers });
}

describe('enumerateRegionsParallel: the same result for every number of workers', () => {
  for (const c of CASES) {
    it(c.name, async () => {
      const sequential = enumerateRegions(c.net, c.domain, c.options?.lp !== undefined ? { lp: c.options.lp } : {});
      if (c.regions !== undefined) expect(sequential.stats.regions).toBe(c.regions);
      const reference = JSON.stringify(regionsCertificate(c.net, c.domain, sequential));
      expect(checkCertificate(JSON.parse(reference)).valid).toBe(true);
      for (const workers of [1, 2, 3]) {
        // Few tasks per worker on these small trees, so that most of the tree is explored in the
        // workers; and the default split as well.
        for (const tasksPerWorker of [2, 16]) {
          const r = await runAll(c, workers, { tasksPerWorker });
          const label = `${workers} workers, ${tasksPerWorker} tasks each`;
          expect(r.status, label).toBe('complete');
          expect(JSON.stringify(regionsCertificate(c.net, c.domain, r)), label).toBe(reference);
          expect(regionsText(r.regions), label).toBe(regionsText(sequential.regions));
          expect(counters(r.stats), label).toEqual(counters(sequential.stats));
          expect(placeholders(r.tree), label).toBe(0);
          if (workers === 1) expect(r.tasks).toBe(0);
          if (workers > 1 && tasksPerWorker === 2) expect(r.tasks, label).toBeGreaterThan(0);
        }
      }
    });
  }

  it('a few hundred regions on [-1,1]^3: the random 3-layer case is big enough to matter', () => {
    const c = CASES[1] as Case;
    const r = enumerateRegions(c.net, c.domain, { keepTree: false, keepRegions: false });
    expect(r.stats.regions).toBeGreaterThanOrEqual(200);
  });

  it('pass-through pairs (the 5-input odd-even sorter: 120 = 5! linear pieces)', async () => {
    const net = sorterNetwork(5, 'odd-even');
    const domain: Domain = { kind: 'all' };
    const sequential = enumerateRegions(net, domain, { passThroughPairs: true });
    expect(sequential.stats.regions).toBe(120);
    expect(sequential.stats.passed).toBeGreaterThan(0);
    const tree = JSON.stringify(encodeRegionTree(sequential.tree as RegionTree));
    for (const workers of [2, 3]) {
      const r = await enumerateRegionsParallel(net, domain, { passThroughPairs: true, workers, tasksPerWorker: 2 });
      expect(r.status).toBe('complete');
      expect(r.tasks).toBeGreaterThan(0);
      expect(JSON.stringify(encodeRegionTree(r.tree as RegionTree))).toBe(tree);
      expect(regionsText(r.regions)).toBe(regionsText(sequential.regions));
      expect(counters(r.stats)).toEqual(counters(sequential.stats));
    }
  });

  it('without the tree and the regions: the same counts', async () => {
    const c = CASES[1] as Case;
    const sequential = enumerateRegions(c.net, c.domain, { keepTree: false, keepRegions: false });
    const r = await runAll(c, 2, { keepTree: false, keepRegions: false, tasksPerWorker: 4 });
    expect(r.tree).toBeUndefined();
    expect(r.regions).toEqual([]);
    expect(counters(r.stats)).toEqual(counters(sequential.stats));
  });

  it('an empty domain: 0 regions and the emptiness proof', async () => {
    const net = randomNetwork([2, 4, 1], 1);
    const flat = parseBox('1:1,0:1', 2);
    const sequential = enumerateRegions(net, flat);
    const r = await enumerateRegionsParallel(net, flat, { workers: 2 });
    expect(JSON.stringify(regionsCertificate(net, flat, r))).toBe(JSON.stringify(regionsCertificate(net, flat, sequential)));
  });
});

describe('enumerateRegionsParallel: limits', () => {
  const big = randomNetwork([3, 20, 20, 1], 2);
  const box = parseBox('-1:1', 3);

  it('maxRegions counts across all threads: exactly that many regions, complete false', async () => {
    for (const workers of [2, 3]) {
      const r = await enumerateRegionsParallel(big, box, { workers, maxRegions: 50, tasksPerWorker: 4 });
      expect(r).toMatchObject({ status: 'stopped', stoppedBy: 'max-regions' });
      expect(r.stats.regions).toBe(50);
      expect(r.regions).toHaveLength(50);
      expect(r.tasks).toBeGreaterThan(0); // the limit was reached in the workers, not in the main thread alone
      expect(() => regionsCertificate(big, box, r)).toThrow(/partial/);
    }
  });

  it('a passed deadline stops the main thread before any task is sent', async () => {
    const passed = await enumerateRegionsParallel(big, box, { workers: 2, deadline: Date.now() - 1 });
    expect(passed).toMatchObject({ status: 'stopped', stoppedBy: 'timeout', tasks: 0 });
  });

  it('a passed deadline stops the workers: every subtree sent comes back unfinished (and finishes without it)', async () => {
    // Real subtrees of a small network (so that finishing them is quick), cut by the sequential engine at depth 3.
    const small = randomNetwork([2, 8, 8, 1], 3);
    const square = parseBox('-1:1', 2);
    const root = runEngine(small, square, {}, { cutDepth: 3 });
    expect(root.tasks.length).toBeGreaterThan(1);
    const runTasks = async (options: WorkerSetup['options']): Promise<EngineRun[]> => {
      const part: Part = { run: root, children: root.tasks.map(() => undefined) };
      const queue: QueuedTask[] = root.tasks.map((task, index) => ({ parent: part, index, task }));
      const pool = createRegionPool(2, { network: canonicalNetworkText(small, 'all'), domain: domainData(square), options, exactOnly: false });
      const runs: EngineRun[] = [];
      try {
        await runRegionTasks(pool, queue, () => false, (_queued, run) => runs.push(run), () => {});
      } finally {
        await pool.close();
      }
      return runs;
    };
    // A deadline 1 ms after the epoch: passed for every thread, whatever its speed.
    const stopped = await runTasks({ deadline: 1 });
    expect(stopped).toHaveLength(root.tasks.length);
    for (const run of stopped) expect(run).toMatchObject({ status: 'stopped', stoppedBy: 'timeout' });
    const finished = await runTasks({});
    expect(finished).toHaveLength(root.tasks.length);
    for (const run of finished) expect(run.status).toBe('complete');
  });

  it('bad numbers of workers are refused', async () => {
    for (const workers of [0, -1, 1.5, Number.NaN]) {
      await expect(enumerateRegionsParallel(big, box, { workers })).rejects.toThrow(RangeError);
    }
  });
});

describe('worker failures surface as errors, and the workers are terminated', () => {
  const net = randomNetwork([2, 4, 1], 1);
  const domain = parseBox('-1:1', 2);
  const setup = (network: string): WorkerSetup => ({ network, domain: domainData(domain), options: {}, exactOnly: false });
  const task = (k: number) => {
    const parent = { run: { status: 'complete' as const, regions: [], tree: undefined, stats: {} as RegionStats, tasks: [] }, children: [undefined] };
    return { parent, index: 0, task: { state: { k, i: 1, on: [true], done: [], rows: [], point: [[0n, 1n], [0n, 1n]] as const }, regionIndex: 0 } };
  };

  it('an error inside a task', async () => {
    const pool = createRegionPool(1, setup(canonicalNetworkText(net, 'all')));
    try {
      await expect(runRegionTasks(pool, [task(7)], () => false, () => {}, () => {})).rejects.toThrow(/region worker thread failed: internal: a resumed node names layer 7/);
    } finally {
      await pool.close();
    }
  });

  it('a worker that cannot start', async () => {
    const pool = createRegionPool(2, setup('not json'));
    try {
      await expect(runRegionTasks(pool, [task(0)], () => false, () => {}, () => {})).rejects.toThrow(/region worker thread/);
    } finally {
      await pool.close();
    }
  });
});
