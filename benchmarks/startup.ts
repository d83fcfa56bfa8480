/**
 * Start-up of the `relucert` executable (issue 14, goal 4: `verify spec` on a trivial instance in
 * under 0.5 s wall). Each case runs the built CLI as a fresh process `--runs` times, one after the
 * other, and prints one JSON line: the wall seconds of each run (process start to exit, as
 * `/usr/bin/time` measures them), their minimum, median and maximum, and the load average before
 * the case. Two baselines put the figures in proportion: a Node process that does nothing, and
 * one that also starts and ends one worker thread (the CLI runs its command in a worker,
 * src/cli/supervisor.ts). Timings are measurements, never test assertions.
 *
 * Usage: node dist/benchmarks/startup.js [--runs 10] [--bin PATH/TO/main.js] (another build of
 * the CLI, to compare before and after); also `npm run bench -- startup`.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = new URL('../..', import.meta.url).pathname;
const DEFAULT_BIN = join(ROOT, 'dist/src/cli/main.js');

function argument(args: readonly string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

/** Wall seconds of one run of `node …args` in the repository root; a failing run is an error (a broken case must not look fast). */
function wallSeconds(args: readonly string[], allowedCodes: readonly number[] = [0]): number {
  const start = process.hrtime.bigint();
  const run = spawnSync(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (run.status === null || !allowedCodes.includes(run.status)) throw new Error(`node ${args.join(' ')} exited with ${run.status ?? run.signal}: ${run.stderr.toString()}`);
  return seconds;
}

const round = (s: number): number => Math.round(s * 1000) / 1000;

/** Runs one case `runs` times and prints its JSON line. */
function measure(name: string, args: readonly string[], runs: number): void {
  const load = loadavg().map((l) => Math.round(l * 100) / 100);
  wallSeconds(args); // one unmeasured run: the files are then in the page cache, as for a user's second command
  const seconds = Array.from({ length: runs }, () => wallSeconds(args));
  const sorted = [...seconds].sort((a, b) => a - b);
  const median = runs % 2 === 1 ? (sorted[(runs - 1) / 2] as number) : ((sorted[runs / 2 - 1] as number) + (sorted[runs / 2] as number)) / 2;
  console.log(
    JSON.stringify({
      bench: 'startup',
      case: name,
      runs,
      min: round(sorted[0] as number),
      median: round(median),
      max: round(sorted[runs - 1] as number),
      seconds: seconds.map(round),
      loadavg: load,
    }),
  );
}

/** Measures the start-up cases with the CLI at `--bin` (default: this build). */
export function main(args: readonly string[] = []): void {
  const runs = Number(argument(args, '--runs') ?? '10');
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a positive integer, not ${argument(args, '--runs')}`);
  const bin = argument(args, '--bin') ?? DEFAULT_BIN;
  const dir = mkdtempSync(join(tmpdir(), 'relucert-startup-'));
  try {
    const onnx = join(dir, 'abs.onnx');
    wallSeconds([bin, 'convert', 'examples/abs.json', onnx]);
    measure('node -e 0', ['-e', '0'], runs);
    measure('node + one worker thread', ['-e', "new (require('node:worker_threads').Worker)('0', { eval: true })"], runs);
    measure('verify spec abs.json abs-positive.vnnlib', [bin, 'verify', 'spec', 'examples/abs.json', 'examples/abs-positive.vnnlib'], runs);
    measure('verify spec abs.onnx abs-positive.vnnlib', [bin, 'verify', 'spec', onnx, 'examples/abs-positive.vnnlib'], runs);
    measure('verify spec abs.json abs-positive.vnnlib --certificate', [bin, 'verify', 'spec', 'examples/abs.json', 'examples/abs-positive.vnnlib', '--certificate', join(dir, 'abs-spec.json')], runs);
    measure('info abs.json', [bin, 'info', 'examples/abs.json'], runs);
    measure('--help', [bin, '--help'], runs);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) main(process.argv.slice(2));
