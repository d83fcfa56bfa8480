/**
 * `relucert eval NET --input "1/2,-3,0.25"`: exact outputs and activation pattern at rational points.
 */
import type { Command } from 'commander';
import { formatDecimal } from '../../exact/decimal.js';
import { formatRational } from '../../exact/rational.js';
import { activationSigns, evaluate, formatSignPattern } from '../../network/evaluate.js';
import { parsePositiveInteger, parseRationalList } from '../arguments.js';
import { InputError } from '../../errors.js';
import { ExitCode } from '../exitCodes.js';
import { type CliIo, printJson } from '../io.js';
import { type NetworkReadOptions, addNetworkOptions, readNetwork } from '../networkOptions.js';
import { count } from '../words.js';

/** The most `--decimal` digits (beyond, the rendering takes seconds and says nothing more to a reader). */
export const MAX_DECIMAL_DIGITS = 100_000;

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** Registers `eval`. */
export function registerEval(program: Command, io: CliIo, setExit: (code: number) => void): void {
  addNetworkOptions(
    program
      .command('eval')
      .description('evaluate a network exactly at rational points: outputs and activation pattern')
      .argument('<network>', 'network file (.json, .nnet, .onnx)')
      .option('--input <values>', 'a point, comma-separated rationals ("1/2,-3,0.25"); repeat for several points (at least one)', collect, [])
      .option('--decimal <digits>', `also show outputs in decimal, rounded to this many digits (at most ${MAX_DECIMAL_DIGITS}; with --json: a "decimal" list beside "output")`)
      .option('--json', 'print the results as JSON'),
  ).action((file: string, options: NetworkReadOptions & { input: string[]; decimal?: string; json?: boolean }) => {
    const digits = options.decimal === undefined ? undefined : parsePositiveInteger(options.decimal, '--decimal', MAX_DECIMAL_DIGITS);
    if (options.input.length === 0) {
      throw new InputError('usage', 'no point to evaluate: give one with --input "x1,x2,…" (one rational per network input, e.g. --input "1/2,-3"; repeat --input for several points)', { path: '--input' });
    }
    const net = readNetwork(file, options);
    const points = options.input.map((text, k) => {
      const x = parseRationalList(text, options.input.length > 1 ? `--input #${k + 1}` : '--input');
      if (x.length !== net.inputs) {
        throw new InputError('usage', `the network has ${count(net.inputs, 'input')}, the point has ${count(x.length, 'coordinate')}`, {
          path: options.input.length > 1 ? `--input #${k + 1}` : '--input',
        });
      }
      return x;
    });
    const results = points.map((x) => ({
      input: x.map(formatRational),
      output: evaluate(net, x),
      pattern: formatSignPattern(activationSigns(net, x)),
    }));
    if (options.json === true) {
      printJson(io, {
        results: results.map((r) => ({
          input: r.input,
          output: r.output.map(formatRational),
          ...(digits !== undefined ? { decimal: r.output.map((y) => formatDecimal(y, digits)) } : {}),
          pattern: r.pattern,
        })),
      });
    } else {
      for (const r of results) {
        io.out(`input    ${r.input.join(', ')}\n`);
        r.output.forEach((y, i) => {
          const name = net.outputNames?.[i] ?? `y${i}`;
          io.out(`  ${name} = ${formatRational(y)}${digits === undefined ? '' : `   (${formatDecimal(y, digits)})`}\n`);
        });
        io.out(`pattern  ${r.pattern}   (per ReLU/identity layer: + active, - inactive, 0 exactly at the kink)\n`);
      }
    }
    setExit(ExitCode.ok);
  });
}
