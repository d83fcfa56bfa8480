/**
 * `relucert convert IN OUT`: between relucert.network/1 JSON, .nnet and ONNX. The output file is
 * written atomically; a value the target format cannot hold exactly is an error, never rounded.
 */
import type { Command } from 'commander';
import { writeNetworkFile } from '../../formats/index.js';
import { parseChoice } from '../arguments.js';
import { ExitCode } from '../exitCodes.js';
import type { CliIo } from '../io.js';
import { type NetworkReadOptions, addNetworkOptions, readNetwork } from '../networkOptions.js';
import { networkOutputOptions } from '../outputs.js';

const FORMATS = ['json', 'nnet', 'onnx'] as const;

/** Registers `convert`. */
export function registerConvert(program: Command, io: CliIo, setExit: (code: number) => void): void {
  addNetworkOptions(
    program
      .command('convert')
      .description('convert a network between .json (relucert.network/1), .nnet and .onnx, exactly')
      .argument('<in>', 'input network file')
      .argument('<out>', 'output network file (- for standard output: JSON or .nnet text, not ONNX)')
      .option('--to <format>', `output format: ${FORMATS.join(', ')} (default: from the extension)`)
      .option('--onnx-dtype <dtype>', 'ONNX weight type: float32 or float64 (weights must be exactly representable)', 'float64'),
  ).action((input: string, output: string, options: NetworkReadOptions & { to?: string; onnxDtype: string }) => {
    const to = options.to === undefined ? undefined : parseChoice(options.to, FORMATS, '--to');
    const onnxDtype = parseChoice(options.onnxDtype, ['float32', 'float64'] as const, '--onnx-dtype');
    const net = readNetwork(input, options);
    writeNetworkFile(output, net, networkOutputOptions(output, { ...(to !== undefined ? { format: to } : {}), onnxDtype }));
    io.out(`wrote ${output === '-' ? 'standard output' : output}\n`);
    setExit(ExitCode.ok);
  });
}
