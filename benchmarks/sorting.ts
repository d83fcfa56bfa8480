/**
 * Exact sort verification of constructed sorters (issue 4 part 6), one JSON line per case:
 * - `direct`: region enumeration (src/properties/sorting/verifySort.ts) with pass-through pairs
 *   taken as linear and order cones decided by graph search (the default), and, as the "before"
 *   figure, with every neuron split (`passThroughPairs: false`: raw activation regions, LPs);
 * - the largest n whose direct proof finishes within the time limit, per algorithm.
 * RELUCERT_BENCH_SORT_LIMIT sets the limit in seconds (default 60).
 */
import { sorterNetwork } from '../src/construct/constructions.js';
import { verifySort } from '../src/properties/sorting/verifySort.js';

const limit = Number(process.env['RELUCERT_BENCH_SORT_LIMIT'] ?? '60');

function direct(algorithm: 'bitonic' | 'odd-even', n: number, passThroughPairs: boolean): { holds: boolean; pieces: number; seconds: number; lps: number; orderCone: number } {
  const started = Date.now();
  const r = verifySort(sorterNetwork(n, algorithm), { kind: 'all' }, { deadline: started + limit * 1000, passThroughPairs });
  const seconds = (Date.now() - started) / 1000;
  if (r.status !== 'holds') return { holds: false, pieces: r.stats.regions, seconds, lps: -1, orderCone: -1 };
  return { holds: true, pieces: r.stats.regions, seconds, lps: r.enumeration.stats.lps + r.stats.orderingLps, orderCone: r.enumeration.stats.orderCone + r.stats.orderingPaths };
}

export async function main(): Promise<void> {
  const cases: ['bitonic' | 'odd-even', number][] = [
    ['bitonic', 4],
    ['odd-even', 5],
    ['bitonic', 8],
  ];
  for (const [algorithm, n] of cases) {
    for (const pass of [false, true]) {
      const r = direct(algorithm, n, pass);
      console.log(JSON.stringify({ bench: 'sorting', mode: 'direct', version: pass ? 'after' : 'before', algorithm, n, complete: r.holds, pieces: r.pieces, seconds: r.seconds, lps: r.lps, graphQuestions: r.orderCone, limitSeconds: limit }));
    }
  }
  // Largest n proved directly within the limit (n! pieces: the count grows ~n-fold per step).
  for (const algorithm of ['odd-even', 'bitonic'] as const) {
    let best = 0;
    for (let n = algorithm === 'bitonic' ? 2 : 3; n <= 16; n = algorithm === 'bitonic' ? n * 2 : n + 1) {
      const r = direct(algorithm, n, true);
      console.log(JSON.stringify({ bench: 'sorting', mode: 'direct-largest', algorithm, n, complete: r.holds, pieces: r.pieces, seconds: r.seconds, limitSeconds: limit }));
      if (!r.holds) break;
      best = n;
    }
    console.log(JSON.stringify({ bench: 'sorting', mode: 'direct-largest', algorithm, largestN: best, limitSeconds: limit }));
  }
  await Promise.resolve();
}
