/**
 * `relucert experiment injectivity`: the injectivity-capacity experiment (random bias-free ReLU
 * networks with Gaussian weights, decided exactly): a table of P(injective) per expansion α with
 * Wilson intervals, the α where P crosses 1/2 per (n, depth), CSV and an SVG plot with the
 * literature's reference values. See src/properties/injectivity/experiment.ts.
 */
import type { Command } from 'commander';
import { InputError } from '../../errors.js';
import { formatRational } from '../../exact/rational.js';
import { writeFileAtomic } from '../../io/files.js';
import {
  type ExperimentRow,
  FINITE_SIZE_CAVEAT,
  PROVEN_BRACKET,
  REFERENCE_ALPHAS,
  UNKNOWN_CAVEAT,
  WEIGHT_GRID_BITS,
  experimentCsv,
  experimentSvg,
  parseAlphaGrid,
  runInjectivityExperiment,
} from '../../properties/injectivity/experiment.js';
import { parseChoice, parseInteger, parseSeconds } from '../arguments.js';
import { ExitCode } from '../exitCodes.js';
import { type CliIo, printJson } from '../io.js';
import { count } from '../words.js';

interface ExperimentCliOptions {
  n: string;
  alpha: string;
  trials: string;
  depth: string;
  seed: string;
  csv?: string;
  svg?: string;
  json?: boolean;
  trialTimeout?: string;
  method?: string;
}

/** Parses `3`, `2,3,5` or `2-5` into positive integers within [min, max]. */
export function parseIntegerList(text: string, option: string, min: number, max: number): number[] {
  const out: number[] = [];
  for (const part of text.split(',')) {
    const range = /^\s*(\d+)\s*(?:-\s*(\d+))?\s*$/.exec(part);
    if (range === null) throw new InputError('usage', `expected integers such as 3, 2,3,5 or 2-5, got ${JSON.stringify(text)}`, { path: option });
    const a = Number(range[1]);
    const b = range[2] === undefined ? a : Number(range[2]);
    if (a > b) throw new InputError('usage', `the range ${part.trim()} is empty`, { path: option });
    for (let v = a; v <= b; v++) {
      if (v < min || v > max) throw new InputError('usage', `${v} is outside ${min}..${max}`, { path: option });
      out.push(v);
    }
  }
  return [...new Set(out)];
}

function formatRow(r: ExperimentRow): string {
  const p = Number.isNaN(r.p) ? '   -  ' : r.p.toFixed(3);
  const ci = `[${r.wilson[0].toFixed(3)}, ${r.wilson[1].toFixed(3)}]`;
  return `${String(r.n).padStart(2)} ${String(r.depth).padStart(5)}  ${formatRational(r.alpha).padStart(6)}  ${r.effectiveAlpha.toFixed(3).padStart(7)}  ${r.widths.join('-').padEnd(18)} ${String(r.injective).padStart(5)}/${String(r.trials - r.unknown).padEnd(5)} ${p}  ${ci.padEnd(16)} ${r.unknown > 0 ? `${r.unknown} unknown ` : ''}${r.seconds.toFixed(2)} s`;
}

/** Registers `experiment` with its `injectivity` subcommand. */
export function registerExperiment(program: Command, io: CliIo, setExit: (code: number) => void): void {
  const experiment = program.command('experiment').description('empirical experiments decided exactly');
  experiment
    .command('injectivity')
    .description('P(injective) of random Gaussian ReLU networks per expansion α, with Wilson intervals and the literature thresholds')
    .option('--n <list>', 'input dimensions: 3, 2,3,5 or 2-5', '3')
    .option('--alpha <grid>', 'expansions α = m/n per layer: start:stop:step (rationals, start ≥ 1)', '2:12:0.5')
    .option('--trials <count>', 'networks per grid point', '200')
    .option('--depth <list>', 'numbers of ReLU layers: 1, 1-4 or 1,2', '1')
    .option('--seed <int>', 'seed of the weight generator', '7')
    .option('--method <method>', 'one-layer method: auto (FGS), cells, fgs', 'auto')
    .option('--trial-timeout <seconds>', 'per-network time limit (beyond: unknown, left out of P)', '60')
    .option('--csv <file>', 'write the table as CSV')
    .option('--svg <file>', 'write a plot (SVG)')
    .option('--json', 'print the result as JSON')
    .action((options: ExperimentCliOptions) => {
      const ns = parseIntegerList(options.n, '--n', 1, 12);
      const depths = parseIntegerList(options.depth, '--depth', 1, 8);
      const alphas = parseAlphaGrid(options.alpha);
      const trials = parseInteger(options.trials, '--trials', { min: 1 });
      const seed = parseInteger(options.seed, '--seed', { min: 0 });
      const trialSeconds = parseSeconds(options.trialTimeout ?? '60', '--trial-timeout', io.err);
      const method = parseChoice(options.method ?? 'auto', ['auto', 'cells', 'fgs'] as const, '--method');
      const progress = io.errIsTty && options.json !== true;
      if (options.json !== true) {
        io.out(`injectivity experiment: n ∈ {${ns.join(', ')}}, depth ∈ {${depths.join(', ')}}, α = ${options.alpha}, ${count(trials, 'trial')} per point, seed ${seed}\n`);
        io.out(`weights: standard Gaussian (Box–Muller, mulberry32) rounded to the dyadic grid 2^-${WEIGHT_GRID_BITS}; no bias; each network decided exactly\n`);
        io.out(' n depth   alpha  eff.α    widths             injective   P      Wilson 95%\n');
      }
      const result = runInjectivityExperiment({
        ns,
        depths,
        alphas,
        trials,
        seed,
        method,
        trialSeconds,
        ...(options.json === true ? {} : { onRow: (row: ExperimentRow) => io.out(`${formatRow(row)}\n`) }),
        ...(progress ? { onTrial: (done: number, total: number) => io.err(`\r${done}/${total} networks `) } : {}),
      });
      if (progress) io.err('\r\x1b[K');
      if (options.csv !== undefined) writeFileAtomic(options.csv, experimentCsv(result));
      if (options.svg !== undefined) writeFileAtomic(options.svg, experimentSvg(result));
      if (options.json === true) {
        printJson(io, {
          seed,
          trials,
          gridBits: WEIGHT_GRID_BITS,
          rows: result.rows.map((r) => ({ ...r, alpha: formatRational(r.alpha), p: Number.isNaN(r.p) ? null : r.p })),
          crossings: result.crossings,
          references: REFERENCE_ALPHAS,
          provenBracket: PROVEN_BRACKET,
          caveat: FINITE_SIZE_CAVEAT,
          unknownCaveat: UNKNOWN_CAVEAT,
          seconds: result.seconds,
        });
      } else {
        io.out('\nP = 1/2 crossing (linear interpolation in the effective α):\n');
        for (const c of result.crossings) {
          const where = c.alpha === undefined ? (c.note === 'below-range' ? 'below the grid (P ≥ 1/2 at the first α)' : 'not reached on the grid') : `α ≈ ${c.alpha.toFixed(3)} (between ${c.between?.[0].toFixed(3)} and ${c.between?.[1].toFixed(3)})`;
          io.out(`  n = ${c.n}, depth ${c.depth}: ${where}\n`);
        }
        io.out(`reference (n → ∞, one layer): ${REFERENCE_ALPHAS.map((r) => r.label).join('; ')}; proven bracket ${PROVEN_BRACKET[0]} ≤ α* ≤ ${PROVEN_BRACKET[1]}\n`);
        io.out(`${FINITE_SIZE_CAVEAT}\n`);
        const unknown = result.rows.reduce((s, r) => s + r.unknown, 0);
        if (unknown > 0) io.out(`note: ${unknown} trial(s) unknown — ${UNKNOWN_CAVEAT}\n`);
        if (options.csv !== undefined) io.out(`csv         ${options.csv}\n`);
        if (options.svg !== undefined) io.out(`plot        ${options.svg}\n`);
        io.out(`time        ${result.seconds.toFixed(1)} s\n`);
      }
      setExit(ExitCode.ok);
    });
}
