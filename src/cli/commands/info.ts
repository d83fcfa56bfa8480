/**
 * `relucert info NET`: sizes of a network (layers, widths, dense and nonzero parameters, bit
 * sizes of its rationals) and the SHA-256 that names it in certificates.
 */
import type { Command } from 'commander';
import { networkSummary } from '../../network/summary.js';
import { ExitCode } from '../exitCodes.js';
import { type CliIo, printJson } from '../io.js';
import { type NetworkReadOptions, addNetworkOptions, readNetwork } from '../networkOptions.js';

/** Registers `info`. */
export function registerInfo(program: Command, io: CliIo, setExit: (code: number) => void): void {
  addNetworkOptions(
    program
      .command('info')
      .description('show the size of a network: layers, widths, parameters, bit sizes, SHA-256')
      .argument('<network>', 'network file (.json, .nnet, .onnx)')
      .option('--json', 'print the summary as JSON'),
  ).action((file: string, options: NetworkReadOptions & { json?: boolean }) => {
    const net = readNetwork(file, options);
    const s = networkSummary(net);
    if (options.json === true) {
      printJson(io, { file, ...s });
    } else {
      const lines = [
        `network         ${s.name ?? file}`,
        `inputs          ${s.inputs}`,
        `outputs         ${s.outputs}`,
        `hidden layers   ${s.hiddenLayers}   (layers: ${s.layers})`,
        `widths          ${[s.inputs, ...s.widths].join(' → ')}`,
        `max width       ${s.maxHiddenWidth}`,
        `activations     ${s.activations.join(', ') || '(none)'}`,
        `ReLU neurons    ${s.reluNeurons}`,
        `parameters      ${s.denseParameters.toLocaleString('en-US')} dense (weights + biases), ${s.nonzeroWeights.toLocaleString('en-US')} nonzero weights`,
        `bit sizes       numerators ≤ ${s.maxNumeratorBits} bits, denominators ≤ ${s.maxDenominatorBits} bits`,
        `sha256          ${s.sha256}`,
      ];
      io.out(`${lines.join('\n')}\n`);
    }
    setExit(ExitCode.ok);
  });
}
