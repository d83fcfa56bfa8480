/**
 * `relucert verify optimal NET DATA.csv --loss l1|linf|hinge`: is the one-hidden-layer network
 * NET a global optimum of its training loss on DATA (among networks of its width)? Exit 0 holds,
 * 1 violated (prints the optimum and NET's exact loss; `--better OUT` writes an optimal network),
 * 2 bad input, 3 a limit was reached.
 */
import type { Command } from 'commander';
import { trainingCertificate } from '../../properties/training/certificate.js';
import { writeCertificate } from '../../certificates/write.js';
import { formatRational } from '../../exact/rational.js';
import { writeNetworkFile } from '../../formats/index.js';
import { readTrainingData } from '../../properties/training/data.js';
import { oneHiddenLayerShape, verifyOptimal } from '../../properties/training/optimality.js';
import { ExitCode } from '../exitCodes.js';
import { type CliIo, printJson } from '../io.js';
import { networkOutputOptions } from '../outputs.js';
import { type NetworkReadOptions, addNetworkOptions, readNetwork } from '../networkOptions.js';
import { type TrainingCliOptions, addTrainingOptions, annotated, limitWords, searchOptions } from './trainOptimal.js';

/** Adds `optimal` to an existing `verify` command. */
export function registerVerifyOptimal(verifyCommand: Command, io: CliIo, setExit: (code: number) => void): void {
  addNetworkOptions(
    addTrainingOptions(
      verifyCommand
        .command('optimal')
        .description('decide whether a one-hidden-layer network attains the exact global optimum of its training loss')
        .argument('<network>', 'network file (.json, .nnet, .onnx): one hidden ReLU layer, one linear output')
        .argument('<data>', 'CSV training data (header, then decimal or p/q cells)')
        .option('--better <file>', 'when violated (or unknown with an improvement), write a better network here')
        .option('--certificate <file>', 'write the training-optimum certificate of the optimum here'),
    ),
  ).action((netFile: string, dataFile: string, options: TrainingCliOptions & NetworkReadOptions & { better?: string; certificate?: string }) => {
    const search = searchOptions(options, io.err);
    const net = readNetwork(netFile, options);
    const data = readTrainingData(dataFile, options.target !== undefined ? { target: options.target } : {});
    const shape = oneHiddenLayerShape(net, data.inputs[0].length, netFile);
    const outputBias = options.outputBias === true || shape.hasOutputBias;
    const result = verifyOptimal(net, data, { ...search, outputBias, file: netFile });
    const L = search.loss;
    if (result.status === 'unknown') {
      if (result.better !== undefined && options.better !== undefined) {
        writeNetworkFile(options.better, annotated(result.better.network, { provenOptimal: false, loss: L, value: formatRational(result.better.loss) }), networkOutputOptions(options.better));
      }
      if (options.json === true) {
        printJson(io, { status: 'unknown', reason: result.reason, loss: L, networkLoss: formatRational(result.loss), betterLoss: result.better === undefined ? null : formatRational(result.better.loss), stats: result.stats });
      } else {
        io.out(`unknown: ${limitWords(result.reason)}; ${netFile}'s exact ${L} loss is ${formatRational(result.loss)}\n`);
        if (result.better !== undefined) io.out(`a better network (loss ${formatRational(result.better.loss)}, not proven optimal)${options.better !== undefined ? ` was written to ${options.better}` : ' was found'}\n`);
      }
      setExit(ExitCode.unknown);
      return;
    }
    if (options.certificate !== undefined) writeCertificate(options.certificate, trainingCertificate(data, { width: shape.width, loss: L, outputBias }, result.training));
    if (result.status === 'violated' && options.better !== undefined) {
      writeNetworkFile(options.better, annotated(result.better, { provenOptimal: true, loss: L, value: formatRational(result.optimum) }), networkOutputOptions(options.better));
    }
    if (options.json === true) {
      printJson(io, {
        status: result.status,
        loss: L,
        width: shape.width,
        outputBias,
        networkLoss: formatRational(result.loss),
        optimum: formatRational(result.optimum),
        better: result.status === 'violated' ? (options.better ?? null) : null,
        certificate: options.certificate ?? null,
        stats: result.training.stats,
      });
    } else if (result.status === 'holds') {
      io.out(`holds: ${netFile} attains the global optimum ${L} loss ${formatRational(result.optimum)} among width-${shape.width} networks${outputBias ? ' with output bias' : ''}\n`);
    } else {
      io.out(`violated: ${netFile}'s exact ${L} loss is ${formatRational(result.loss)}, the global optimum at width ${shape.width} is ${formatRational(result.optimum)}\n`);
      if (options.better !== undefined) io.out(`better network: ${options.better}\n`);
    }
    setExit(result.status === 'holds' ? ExitCode.ok : ExitCode.negative);
  });
}
