/**
 * Injectivity benchmark (issue 5, "Speed"): one JSON line per case.
 *
 * - `layer`: one bias-free Gaussian layer (the capacity experiment's sampler, seed 7, trials 0–2)
 *   at n = 3, m = 30 and n = 4, m = 40, decided by the cell criterion and by the FGS search
 *   (seconds per decision, LPs, verdicts — the two must agree; the cells at n = 4, m = 40 are
 *   timed once, they exceed the limit);
 * - `largest-m`: the largest m at n = 4 that each method decides within the limit (60 s), over a
 *   capped ladder (cells: 12, 16, 24, 32; FGS: 40, 160, 640, 2560 — beyond the cap FGS decided
 *   m = 10 240 in 40 s on a loaded 2-core machine), stopping at the first decision over the
 *   limit, so that `npm run bench` stays within a few minutes; `RELUCERT_BENCH_INJ_LIMIT`
 *   (seconds) changes the limit;
 * - `deep`: a depth-2 network at n = 3 (widths 3-12-24, trial 0: its first layer is injective),
 *   decided exactly without certificates (first layer by FGS, then the layer-wise test or pairs
 *   of regions), with the argument that decided.
 */
import { LimitReached } from '../src/errors.js';
import { mixSeed, randomNetwork } from '../src/properties/injectivity/experiment.js';
import { mulberry32Uint32 as mulberry32 } from '../src/random/prng.js';
import { verifyInjective } from '../src/properties/injectivity/verify.js';

function instance(widths: readonly number[], trial: number) {
  return randomNetwork(widths, mulberry32(mixSeed([7, ...widths, trial])));
}

function decide(widths: readonly number[], trial: number, method: 'cells' | 'fgs', limitSeconds: number): Record<string, unknown> {
  const net = instance(widths, trial);
  const t0 = performance.now();
  try {
    const r = verifyInjective(net, { method, certify: false, deadline: Date.now() + limitSeconds * 1000 });
    const seconds = (performance.now() - t0) / 1000;
    return { verdict: r.status, argument: r.status === 'unknown' ? undefined : r.argument, seconds: Number(seconds.toFixed(3)), cells: r.stats.cells, searchLps: r.stats.searchLps };
  } catch (e) {
    if (!(e instanceof LimitReached)) throw e;
    return { verdict: 'timeout', seconds: Number(((performance.now() - t0) / 1000).toFixed(3)) };
  }
}

/** Runs every case, printing one JSON line each; returns the lines. */
export async function run(): Promise<Record<string, unknown>[]> {
  const lines: Record<string, unknown>[] = [];
  const emit = (line: Record<string, unknown>): void => {
    lines.push(line);
    console.log(JSON.stringify(line));
  };
  const limit = Number(process.env.RELUCERT_BENCH_INJ_LIMIT ?? '60');
  for (const [n, m] of [
    [3, 30],
    [4, 40],
  ] as const) {
    for (let trial = 0; trial < 3; trial++) {
      // The cell enumeration at n = 4, m = 40 (≈ 2·Σ_{k<4} C(39, k) ≈ 20 000 cells) exceeds the limit: timed once only.
      const cells = n === 4 && trial > 0 ? { verdict: 'skipped' } : decide([n, m], trial, 'cells', limit);
      const fgs = decide([n, m], trial, 'fgs', limit);
      emit({ bench: 'injectivity', case: 'layer', n, m, trial, cells, fgs, agree: cells.verdict === fgs.verdict || cells.verdict === 'timeout' || cells.verdict === 'skipped' || fgs.verdict === 'timeout' });
    }
  }
  for (const [method, ladder] of [
    ['cells', [12, 16, 24, 32]],
    ['fgs', [40, 160, 640, 2560]],
  ] as const) {
    let largest = 0;
    for (const m of ladder) {
      const r = decide([4, m], 0, method, limit);
      emit({ bench: 'injectivity', case: 'ladder', method, n: 4, m, ...r });
      if (r.verdict === 'timeout' || (r.seconds as number) > limit) break;
      largest = m;
    }
    emit({ bench: 'injectivity', case: 'largest-m', method, n: 4, limitSeconds: limit, largestDecided: largest, capped: largest === ladder[ladder.length - 1] });
  }
  // A first layer that is injective (trial 0 of 3-12-24), so that the second layer must be decided.
  for (const widths of [[3, 12, 24]]) {
    for (let trial = 0; trial < 1; trial++) {
      const net = instance(widths, trial);
      const t0 = performance.now();
      try {
        const r = verifyInjective(net, { certify: false, deadline: Date.now() + limit * 1000 });
        emit({
          bench: 'injectivity',
          case: 'deep',
          widths: widths.join('-'),
          trial,
          verdict: r.status,
          argument: r.status === 'unknown' ? undefined : r.argument,
          seconds: Number(((performance.now() - t0) / 1000).toFixed(3)),
          regions: r.stats.pairs?.regions,
          pairs: r.stats.pairs?.pairs,
        });
      } catch (e) {
        if (!(e instanceof LimitReached)) throw e;
        emit({ bench: 'injectivity', case: 'deep', widths: widths.join('-'), trial, verdict: 'timeout', seconds: Number(((performance.now() - t0) / 1000).toFixed(3)) });
      }
    }
  }
  return lines;
}

/** Entry for benchmarks/run.ts. */
export async function main(): Promise<void> {
  await run();
}
