/**
 * `relucert build NAME [--n N] [--k K] [--w W] [--levels L] [--algorithm A] [-o FILE] [--json]`:
 * builds a named construction (src/construct/constructions.ts) with exact weights and its
 * construction trace; `relucert build --list` lists them. Without `-o` the network JSON goes to
 * stdout; with `--json` a summary is printed instead ({construction, parameters, file, summary}).
 */
import type { Command } from 'commander';
import { CONSTRUCTIONS, type ConstructionParameter, buildConstruction, findConstruction } from '../../construct/constructions.js';
import { InputError } from '../../errors.js';
import { writeNetworkFile } from '../../formats/index.js';
import { formatNetworkFile } from '../../network/json.js';
import { networkSummary } from '../../network/summary.js';
import { parseInteger } from '../arguments.js';
import { ExitCode } from '../exitCodes.js';
import { type CliIo, printJson } from '../io.js';
import { networkOutputOptions } from '../outputs.js';

interface BuildOptions {
  list?: boolean;
  n?: string;
  k?: string;
  w?: string;
  levels?: string;
  algorithm?: string;
  output?: string;
  json?: boolean;
}

const INTEGER_OPTIONS = ['n', 'k', 'w', 'levels'] as const;

function describeParameter(p: ConstructionParameter): string {
  const range = p.choices !== undefined ? p.choices.join('|') : `${p.min ?? 1}..${p.max ?? '∞'}`;
  const dflt = p.default !== undefined ? `, default ${p.default}` : '';
  return `--${p.name} <${range}>${dflt}`;
}

/** Registers `build`. */
export function registerBuild(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('build')
    .description('build a named network construction (sorters, max/min/median, abs, tent, sawtooth, zigzag, x² folding) with exact weights')
    .argument('[construction]', 'name of the construction (see --list)')
    .option('--list', 'list the constructions, their parameters and sources')
    .option('--n <n>', 'number of inputs (max, min, sorter, median)')
    .option('--k <k>', 'number of compositions (sawtooth, zigzag)')
    .option('--w <w>', 'zigzag width')
    .option('--levels <levels>', 'folding levels (square)')
    .option('--algorithm <algorithm>', 'sorting algorithm: bitonic or odd-even (sorter, median)')
    .option('-o, --output <file>', 'write the network to this file (.json, .nnet, .onnx; atomic); default: JSON on stdout')
    .option('--json', 'print a JSON summary {construction, parameters, file, summary}')
    .action((name: string | undefined, options: BuildOptions) => {
      if (options.list === true) {
        if (options.json === true) {
          printJson(
            io,
            CONSTRUCTIONS.map((c) => ({ name: c.name, description: c.description, source: c.source, parameters: c.parameters })),
          );
        } else {
          const lines = CONSTRUCTIONS.map((c) => {
            const params = c.parameters.map(describeParameter).join(' ');
            return `${c.name.padEnd(9)} ${c.description}${params === '' ? '' : `\n          ${params}`}`;
          });
          io.out(`${lines.join('\n')}\n`);
        }
        setExit(ExitCode.ok);
        return;
      }
      if (name === undefined) {
        throw new InputError('usage', `name a construction (one of ${CONSTRUCTIONS.map((c) => c.name).join(', ')}) or use --list`);
      }
      const construction = findConstruction(name);
      const given: Record<string, number | string> = {};
      for (const key of INTEGER_OPTIONS) {
        const text = options[key];
        if (text === undefined) continue;
        given[key] = parseInteger(text, `--${key}`);
      }
      if (options.algorithm !== undefined) given.algorithm = options.algorithm;
      const { network, parameters } = buildConstruction(construction.name, given);
      const file = options.output;
      if (file !== undefined) writeNetworkFile(file, network, networkOutputOptions(file));
      if (options.json === true) {
        printJson(io, { construction: construction.name, parameters, file: file ?? null, summary: networkSummary(network) });
      } else if (file !== undefined) {
        const s = networkSummary(network);
        io.out(
          `wrote ${file === '-' ? 'standard output' : file}: ${network.name ?? construction.name}, ${s.hiddenLayers} hidden layer${s.hiddenLayers === 1 ? '' : 's'}, width ${s.maxHiddenWidth}, ` +
            `${s.nonzeroWeights.toLocaleString('en-US')} nonzero weights, ${s.denseParameters.toLocaleString('en-US')} dense parameters\n`,
        );
      } else {
        io.out(formatNetworkFile(network));
      }
      setExit(ExitCode.ok);
    });
}
