/**
 * `relucert train-optimal DATA.csv --width w --loss l1|linf|hinge`: trains a one-hidden-layer
 * ReLU network to the exact global optimum (Arora, Basu, Mianjy, Mukherjee, ICLR 2018, Thm 4.1 /
 * Alg. 1), prints the optimal loss, writes the network (`-o`) and a `training-optimum` certificate
 * (`--certificate`). Exit 0 optimal, 2 bad input, 3 a limit was reached (the best network so far is
 * written, marked as *not* proven optimal).
 */
import type { Command } from 'commander';
import { trainingCertificate } from '../../properties/training/certificate.js';
import { writeCertificate } from '../../certificates/write.js';
import { formatDecimal } from '../../exact/decimal.js';
import { formatRational } from '../../exact/rational.js';
import { writeNetworkFile } from '../../formats/index.js';
import type { Network } from '../../network/model.js';
import { TRAINING_LOSSES, type TrainingLoss, readTrainingData } from '../../properties/training/data.js';
import { trainOptimal } from '../../properties/training/search.js';
import { type Note, parseChoice, parseLimit, parsePositiveInteger, parseTimeout } from '../arguments.js';
import { ExitCode } from '../exitCodes.js';
import { type CliIo, printJson } from '../io.js';
import { networkOutputOptions } from '../outputs.js';

/** Options shared by `train-optimal` and `verify optimal`. */
export interface TrainingCliOptions {
  loss: string;
  outputBias?: boolean;
  target?: string;
  maxLps?: string;
  timeout?: string;
  prune?: boolean;
  json?: boolean;
}

/** Parses `--width`: a positive integer (0 is rejected with exit 2). */
export function parseWidth(text: string): number {
  return parsePositiveInteger(text, '--width');
}

/** The search options common to both commands (`note`: where a clamped limit is reported). */
export function searchOptions(options: TrainingCliOptions, note: Note): { loss: TrainingLoss; maxLps?: number; timeoutMs?: number; prune: boolean } {
  const loss = parseChoice(options.loss, TRAINING_LOSSES, '--loss');
  const maxLps = options.maxLps === undefined ? undefined : parseLimit(options.maxLps, '--max-lps', note);
  const seconds = parseTimeout(options.timeout, note);
  const timeoutMs = seconds === undefined ? undefined : seconds * 1000;
  return { loss, ...(maxLps !== undefined ? { maxLps } : {}), ...(timeoutMs !== undefined ? { timeoutMs } : {}), prune: options.prune !== false };
}

/** Adds the options shared by the training commands. */
export function addTrainingOptions(command: Command): Command {
  return command
    .requiredOption('--loss <loss>', `training loss: ${TRAINING_LOSSES.join(', ')}`)
    .option('--output-bias', 'allow an output bias c: f(x) = Σ_j t_j relu(a_j·x + b_j) + c')
    .option('--target <name>', 'the target column (default: the last column)')
    .option('--max-lps <n>', 'stop after this many LPs (exit 3 with the best network so far)')
    .option('--timeout <seconds>', 'stop after this many seconds (exit 3 with the best network so far)')
    .option('--no-prune', 'solve every leaf LP instead of pruning subtrees by relaxed bounds')
    .option('--json', 'print the result as JSON');
}

/** Why a search stopped before proving the optimum, in words. */
export function limitWords(reason: 'max-lps' | 'timeout' | 'interrupted'): string {
  return reason === 'interrupted' ? 'the run was interrupted' : reason === 'timeout' ? 'the time limit was reached' : 'the LP limit was reached';
}

/** The network with a note in its metadata saying whether it is proven optimal. */
export function annotated(net: Network, note: Record<string, unknown>): Network {
  return { ...net, metadata: { ...(net.metadata ?? {}), trainOptimal: note } };
}

/** Registers `train-optimal`. */
export function registerTrainOptimal(program: Command, io: CliIo, setExit: (code: number) => void): void {
  addTrainingOptions(
    program
      .command('train-optimal')
      .description('train a one-hidden-layer ReLU network to the exact global optimum (Arora et al. 2018), with a certificate')
      .argument('<data>', 'CSV file: a header naming the columns, then one data point per line (decimal or p/q cells)')
      .requiredOption('--width <w>', 'number of hidden units (≥ 1)')
      .option('-o, --output <file>', 'write the optimal network here (.json, .nnet, .onnx)')
      .option('--certificate <file>', 'write the training-optimum certificate here'),
  ).action((file: string, options: TrainingCliOptions & { width: string; output?: string; certificate?: string }) => {
    const width = parseWidth(options.width);
    const search = searchOptions(options, io.err);
    const data = readTrainingData(file, options.target !== undefined ? { target: options.target } : {});
    const outputBias = options.outputBias === true;
    const result = trainOptimal(data, { ...search, width, outputBias });
    const s = result.stats;
    const counts = `${s.points} points (${s.distinctPoints} distinct), ${s.dichotomies} dichotomies; LPs solved: ${s.lpsSolved} (${s.dichotomyLps} dichotomy, ${s.leafLps} leaf, ${s.boundLps} bound; ${s.prunedLeaves} of ${s.leaves} leaves pruned) against the naive count ${s.naiveLps} pattern LPs; ${s.milliseconds} ms`;
    if (result.status === 'unknown') {
      const best = result.best;
      if (best !== undefined && options.output !== undefined) {
        writeNetworkFile(options.output, annotated(best.network, { provenOptimal: false, loss: search.loss, value: formatRational(best.loss), reason: result.reason }), networkOutputOptions(options.output));
      }
      if (options.json === true) {
        printJson(io, { status: 'unknown', reason: result.reason, provenOptimal: false, bestLoss: best === undefined ? null : formatRational(best.loss), network: best !== undefined ? (options.output ?? null) : null, stats: s });
      } else {
        io.out(`unknown: ${limitWords(result.reason)} before the optimum was proven\n`);
        if (best !== undefined) io.out(`best ${search.loss} loss found so far: ${formatRational(best.loss)} — NOT proven optimal${options.output !== undefined ? ` (network written to ${options.output})` : ''}\n`);
        else io.out('no network was found before the limit\n');
        io.out(`${counts}\n`);
      }
      setExit(ExitCode.unknown);
      return;
    }
    // The certificate first: if it fails its own check (exit 4), no network is written as proven optimal either.
    if (options.certificate !== undefined) writeCertificate(options.certificate, trainingCertificate(data, { width, loss: search.loss, outputBias }, result));
    if (options.output !== undefined) writeNetworkFile(options.output, annotated(result.best.network, { provenOptimal: true, loss: search.loss, value: formatRational(result.optimum) }), networkOutputOptions(options.output));
    if (options.json === true) {
      printJson(io, {
        status: 'optimal',
        loss: search.loss,
        optimum: formatRational(result.optimum),
        width,
        outputBias,
        network: options.output ?? null,
        certificate: options.certificate ?? null,
        stats: s,
      });
    } else {
      io.out(`optimal ${search.loss} loss: ${formatRational(result.optimum)}${result.optimum.d === 1n ? '' : ` (≈ ${formatDecimal(result.optimum, 6)})`}, width ${width}${outputBias ? ', with output bias' : ''}\n`);
      io.out(`${counts}\n`);
      if (options.output !== undefined) io.out(`network: ${options.output}\n`);
      if (options.certificate !== undefined) io.out(`certificate: ${options.certificate}\n`);
    }
    setExit(ExitCode.ok);
  });
}
