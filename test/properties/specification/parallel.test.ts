/**
 * `verify spec --workers K` (src/properties/specification/parallel.ts): the same proof trees,
 * counts and certificate bytes for K = 1, 2, 3 when the specification holds (also across the
 * schedule's restarts and at a node cap), an exact counterexample the checker accepts when it is
 * violated, and the limits and bad options as in the sequential search.
 */
import Fraction from 'fraction.js';
import { describe, expect, it } from 'vitest';
import { checkCertificate } from '../../../src/checker/index.js';
import { maxNetwork } from '../../../src/construct/constructions.js';
import { parseVnnlib } from '../../../src/formats/vnnlib.js';
import type { Network } from '../../../src/network/model.js';
import { networkFromJson } from '../../../src/network/json.js';
import { evaluate } from '../../../src/network/evaluate.js';
import { specCertificate } from '../../../src/properties/specification/certificate.js';
import { specificationWorkers, verifySpecificationParallel } from '../../../src/properties/specification/parallel.js';
import type { SpecResult, SpecVerifyOptions } from '../../../src/properties/specification/verify.js';
import type { Specification } from '../../../src/specification/model.js';
import { randomNetwork } from '../../support/networks.js';
import { aboveSpec, maxSpec } from '../../support/specs.js';

/** The certificate's canonical bytes (as written to a file). */
function bytes(net: Network, spec: Specification, r: SpecResult): string {
  return JSON.stringify(specCertificate(net, spec, r, { embed: false }), (_, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
}

async function runAll(net: Network, spec: Specification, options: SpecVerifyOptions): Promise<SpecResult[]> {
  const out: SpecResult[] = [];
  for (const workers of [1, 2, 3]) out.push(await verifySpecificationParallel(net, spec, { ...options, workers }));
  return out;
}

describe('verify spec on worker threads: the sequential proof for every K', () => {
  const net = randomNetwork([3, 10, 10, 1], 1);
  // Above every value the network takes on the box (the sequential search proves it; K = 2, 3 must agree).
  const spec = aboveSpec(3, '306.61');

  it('holds: the same trees, counts and certificate bytes for K = 1, 2, 3, and the checker accepts them', async () => {
    const [one, two, three] = await runAll(net, spec, {});
    expect(one?.status).toBe('holds');
    // A tree with tens of nodes: the parallel search really cut it into tasks.
    expect(one?.stats.nodes).toBeGreaterThan(30);
    for (const r of [two, three]) {
      expect(r?.status).toBe('holds');
      expect(r?.stats.nodes).toBe(one?.stats.nodes);
      expect(bytes(net, spec, r as SpecResult)).toBe(bytes(net, spec, one as SpecResult));
    }
    expect(checkCertificate(specCertificate(net, spec, two as SpecResult)).valid).toBe(true);
  });

  it("the schedule's restarts (node caps that cut attempts short) take the same turns for every K", async () => {
    const results = await runAll(net, spec, { scheduleStart: 8 });
    const first = results[0] as SpecResult;
    expect(first.status).toBe('holds');
    // At least one attempt ran out of nodes before the one that closed.
    expect(first.stats.nodes).toBeGreaterThan(first.stats.leaves * 2);
    for (const r of results) {
      expect(r.stats.nodes).toBe(first.stats.nodes);
      expect(bytes(net, spec, r)).toBe(bytes(net, spec, first));
      // The restarts took over what earlier attempts with the same rule had searched (the
      // expansion memo in one thread, the searched tasks on workers), and the counts stayed.
      expect(r.stats.reused).toBeGreaterThan(0);
      expect(r.stats.reused).toBeLessThan(r.stats.nodes);
    }
  });

  it('a node cap below the tree stops every K as unknown, after exactly the cap', async () => {
    for (const r of await runAll(net, spec, { split: 'scored', maxNodes: 25 })) {
      expect(r.status).toBe('unknown');
      if (r.status === 'unknown') expect(r.reason).toMatch(/node limit \(25\)/);
      expect(r.stats.nodes).toBe(25);
    }
  });

  it('max(x_1, x_2, x_3) ≥ x_1 − 1/10^9 on [−1, 2]^3 (known to hold): the same certificate for every K', async () => {
    const maxNet = maxNetwork(3);
    const max3 = maxSpec(3, 0);
    const results = await runAll(maxNet, max3, { noFalsify: true });
    for (const r of results) {
      expect(r.status).toBe('holds');
      expect(bytes(maxNet, max3, r)).toBe(bytes(maxNet, max3, results[0] as SpecResult));
    }
  });
});

describe('verify spec on worker threads: an attempt with a stuck node (found by review13)', () => {
  // max N = 5/2 on [−1, 1]^2 (by the exact LP over every activation pattern), so Y_0 ≥ 5/2 + 2^-55
  // is empty; the input rules get stuck near the maximiser (boxes below float64 resolution),
  // later attempts close it. Before: K = 1 reached the stuck node of an attempt before its node
  // cap and answered unknown (365 nodes); K = 2 and 3 reached the cap first (another thread spent
  // the shared count), went on with the schedule and answered holds (431 nodes), on every run seen. Now a stuck node is a leaf that
  // cannot close and the search goes on (problem.ts): the attempt's end is the same for every K.
  it('the same verdict, nodes and certificate for K = 1, 2, 3', async () => {
    const net = networkFromJson({
      format: 'relucert.network/1',
      inputs: 2,
      layers: [
        { weights: [['-4', '-1/2'], ['5', '3/2']], bias: ['-3', '-1'], activation: 'relu' },
        { weights: [['-9/4', '5/2'], ['3', '3/2'], ['2', '-9/2'], ['0', '-4']], bias: ['0', '-7', '3', '-5'], activation: 'relu' },
        { weights: [['-9/4', '1', '1', '9']], bias: ['-7/2'], activation: 'identity' },
      ],
    });
    const text = ['(declare-const X_0 Real)', '(declare-const X_1 Real)', '(declare-const Y_0 Real)', '(assert (>= X_0 -1))', '(assert (<= X_0 1))', '(assert (>= X_1 -1))', '(assert (<= X_1 1))', '(assert (>= Y_0 2.5000000000000000277555756156289135105907917022705078125))'].join('\n');
    const spec = parseVnnlib(text, { inputs: 2, file: 'stuck.vnnlib' });
    const [one, two, three] = await runAll(net, spec, { noFalsify: true, scheduleStart: 16, maxNodes: 3000 });
    for (const r of [two, three]) {
      expect(r?.status).toBe(one?.status);
      expect(r?.stats.nodes).toBe(one?.stats.nodes);
      if (r?.status === 'holds') expect(bytes(net, spec, r)).toBe(bytes(net, spec, one as SpecResult));
    }
  });
});

describe('verify spec on worker threads: violations, limits, bad options', () => {
  const net = randomNetwork([3, 10, 10, 1], 1);

  it('a bound below a value the network takes (known violated: the point shows it) gives an exact counterexample, found by the tree search alone', async () => {
    const witness = [new Fraction(1, 2), new Fraction(-1, 3), new Fraction(1, 5)];
    const y = evaluate(net, witness)[0] as Fraction;
    const spec = aboveSpec(3, y.sub(new Fraction(1, 100)).valueOf().toFixed(6));
    for (const workers of [2, 3]) {
      const r = await verifySpecificationParallel(net, spec, { workers, noFalsify: true });
      expect(r.status).toBe('violated');
      if (r.status !== 'violated') continue;
      // Exact: N(x) is the output the result states, and it lies in the violation set.
      expect(evaluate(net, r.input).map(String)).toEqual(r.output.map(String));
      expect(checkCertificate(specCertificate(net, spec, r)).valid).toBe(true);
    }
  });

  it('a passed deadline stops the workers: unknown, time limit', async () => {
    const r = await verifySpecificationParallel(net, aboveSpec(3, '306.61'), { workers: 2, noFalsify: true, deadline: 1 });
    expect(r.status).toBe('unknown');
    if (r.status === 'unknown') expect(r.reason).toMatch(/time limit/);
  });

  it('threads kept across runs (as a batch keeps them) load each problem in turn: the sequential answers', async () => {
    const threads = specificationWorkers(2);
    try {
      for (const seed of [1, 4, 1]) {
        const other = randomNetwork([3, 10, 10, 1], seed);
        const spec = aboveSpec(3, '306.61');
        const alone = await verifySpecificationParallel(other, spec, {});
        const shared = await verifySpecificationParallel(other, spec, { threads });
        expect(shared.status).toBe(alone.status);
        if (alone.status !== 'holds') continue;
        expect(bytes(other, spec, shared)).toBe(bytes(other, spec, alone));
      }
    } finally {
      await threads.close();
    }
  });

  it('bad numbers of workers are refused', async () => {
    for (const workers of [0, -1, 1.5, Number.NaN]) {
      await expect(verifySpecificationParallel(net, aboveSpec(3, '1'), { workers })).rejects.toThrow(RangeError);
    }
  });
});
