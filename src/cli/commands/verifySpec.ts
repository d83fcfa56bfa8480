/**
 * `relucert verify spec NET PROP.vnnlib`: exact decision of a VNN-LIB specification (its violation
 * set is empty: holds; a point of it exists: violated), with a certificate on request and the
 * VNN-COMP result file (`--results`). Exit code 0 holds, 1 violated, 2 bad input, 3 unknown.
 * See docs/specifications.md and docs/cli.md.
 */
import type { Command } from 'commander';
import { formatRational } from '../../exact/rational.js';
import { readVnnlib } from '../../formats/vnnlib.js';
import { writeFileAtomic } from '../../io/files.js';
import { InputError } from '../../errors.js';
import { type Network, outputSize } from '../../network/model.js';
import type { Specification } from '../../specification/model.js';
import type { SpecProgress } from '../../properties/specification/search.js';
import { SPLIT_RULES, type SplitRule } from '../../properties/specification/expand.js';
import { verifySpecificationParallel } from '../../properties/specification/parallel.js';
import { type Shard, parseShard } from '../../engine/shardOption.js';
import { checkSpecificationFits } from '../../properties/specification/verify.js';
import { formatVnncompResult } from '../../specification/result.js';
import { deadlineAfter, parseChoice, parseTimeout, parseWorkers } from '../arguments.js';
import { ExitCode } from '../exitCodes.js';
import { type CliIo, printJson } from '../io.js';
import { type NetworkReadOptions, addNetworkOptions, readNetwork } from '../networkOptions.js';
import { certificateLine } from '../outputs.js';
import { count } from '../words.js';

interface SpecCliOptions extends NetworkReadOptions {
  certificate?: string;
  embed?: boolean;
  results?: string;
  json?: boolean;
  timeout?: string;
  workers?: string;
  split?: string;
  shard?: string;
  progress?: boolean;
}

const vec = (v: readonly { toString(): string }[]): string => `(${v.join(', ')})`;

/** Registers `spec` under an existing `verify` command. */
export function registerVerifySpec(verifyCommand: Command, io: CliIo, setExit: (code: number) => void): void {
  addNetworkOptions(
    verifyCommand
      .command('spec')
      .description('decide exactly whether a VNN-LIB specification holds (unsat) or is violated (sat), with a certificate or an exact counterexample')
      .argument('<network>', 'network file (.json, .nnet, .onnx)')
      .argument('<vnnlib>', 'VNN-LIB property file (it describes the violation set)')
      .option('--certificate <file>', 'write the certificate to this file')
      .option('--no-embed', 'name the network in the certificate by its SHA-256 only (re-check with: relucert check FILE --network NET)')
      .option('--results <file>', 'write the VNN-COMP result file (unsat, sat with the counterexample, timeout, unknown)')
      .option('--timeout <seconds>', 'stop after this many seconds (exit 3)')
      .option('--workers <k>', 'search the split tree on k worker threads (default 1; the same proof and certificate for every k when it holds)')
      .option('--split <rule>', `one split rule instead of the schedule of restarts: ${SPLIT_RULES.join(', ')} (docs/bounds.md)`)
      .option('--shard <I/K>', 'run the I-th of K parts of the tree and write its partial certificate to --certificate (join the K parts with relucert merge; docs/cluster.md)')
      .option('--progress', 'print progress on stderr even when it is not a terminal (one line every 10 nodes)')
      .option('--json', 'print the result as JSON'),
  ).action(async (file: string, vnnlib: string, options: SpecCliOptions) => {
    const timeout = parseTimeout(options.timeout, io.err);
    const workers = parseWorkers(options.workers);
    const split = options.split === undefined ? undefined : parseChoice(options.split, SPLIT_RULES, '--split');
    const shard = options.shard === undefined ? undefined : shardOptions(options, workers);
    const net = readNetwork(file, options);
    const spec = readVnnlib(vnnlib, { inputs: net.inputs, outputs: outputSize(net) });
    checkSpecificationFits(net, spec, vnnlib);
    if (shard !== undefined) {
      await runShard(net, spec, shard, options as SpecCliOptions & { certificate: string }, { timeout, split }, io, setExit);
      return;
    }
    if (options.embed === false && options.certificate === undefined) io.err('relucert: --no-embed has no effect without --certificate\n');
    // As `regions`: on a terminal the progress line is redrawn in place; elsewhere one line per report.
    const progress = options.progress === true || (io.errIsTty && options.json !== true);
    const redraw = io.errIsTty;
    const cases = spec.cases.length;
    const result = await verifySpecificationParallel(net, spec, {
      workers,
      ...(split !== undefined ? { split } : {}),
      ...(timeout !== undefined ? { deadline: deadlineAfter(timeout) } : {}),
      ...(progress
        ? { onProgress: (f: SpecProgress) => io.err(`${redraw ? '\r' : ''}case ${f.case + 1}/${cases}   nodes ${f.nodes}   leaves ${f.leaves}   depth ${f.maxDepth}   ${f.seconds.toFixed(1)} s ${redraw ? '' : '\n'}`) }
        : {}),
    });
    if (progress && redraw) io.err('\r\x1b[K');
    const decided = result.status !== 'unknown';
    if (options.certificate !== undefined && decided) {
      // Imported here: the certificate modules load the checker and its schemas, which a run without --certificate does not need (start-up time).
      const [{ writeCertificate }, { specCertificate }] = await Promise.all([import('../../certificates/write.js'), import('../../properties/specification/certificate.js')]);
      writeCertificate(options.certificate, specCertificate(net, spec, result, { embed: options.embed !== false }), { network: net });
    }
    if (options.certificate !== undefined && !decided) io.err(`relucert: no certificate written: the verdict is undecided (${result.reason})\n`);
    if (options.results !== undefined) {
      const text =
        result.status === 'holds'
          ? formatVnncompResult({ verdict: 'unsat' })
          : result.status === 'violated'
            ? formatVnncompResult({ verdict: 'sat', inputs: result.input, outputs: result.output }, spec)
            : formatVnncompResult({ verdict: result.reason.startsWith('the time limit') ? 'timeout' : 'unknown' });
      writeFileAtomic(options.results, text);
    }
    const s = result.stats;
    const written = options.certificate !== undefined && decided ? { certificate: options.certificate } : {};
    const stats = { seconds: s.seconds, falsifySeconds: s.falsifySeconds, nodes: s.nodes, leaves: s.leaves, maxDepth: s.maxDepth, confirmed: s.confirmed, rigorous: s.rigorous, exact: s.exact, reused: s.reused, workers };
    if (options.json === true) {
      const base = { network: file, specification: vnnlib, ...written, ...(options.results !== undefined ? { results: options.results } : {}), stats };
      if (result.status === 'holds') printJson(io, { verdict: 'holds', vnncomp: 'unsat', ...base });
      else if (result.status === 'violated')
        printJson(io, { verdict: 'violated', vnncomp: 'sat', case: result.case, conjunction: result.conjunction, input: result.input.map(formatRational), output: result.output.map(formatRational), ...base });
      else printJson(io, { verdict: 'unknown', vnncomp: result.reason.startsWith('the time limit') ? 'timeout' : 'unknown', reason: result.reason, ...base });
    } else if (result.status === 'holds') {
      io.out(`holds       yes   (unsat: no input of the specification's box reaches the violation set; ${count(s.leaves, 'leaf', 'leaves')}, ${count(s.nodes, 'node')}, ${s.seconds.toFixed(1)} s${workers > 1 ? ` on ${workers} worker threads` : ''})\n`);
    } else if (result.status === 'violated') {
      io.out(`holds       NO    (sat: case ${result.case + 1}, conjunction ${result.conjunction + 1}; exact counterexample)\n`);
      io.out(`x           ${vec(result.input.map(formatRational))}\n`);
      io.out(`N(x)        ${vec(result.output.map(formatRational))}\n`);
    } else io.out(`holds       UNKNOWN: ${result.reason}\n`);
    if (options.json !== true && options.certificate !== undefined && decided) io.out(certificateLine(options.certificate, options.embed === false ? ` --network ${file}` : ''));
    setExit(result.status === 'holds' ? ExitCode.ok : result.status === 'violated' ? ExitCode.negative : ExitCode.unknown);
  });
}

/**
 * `verify spec --shard I/K --certificate PART`: one part of the tree (src/properties/specification/shard.ts),
 * its partial certificate written atomically. Exit 0 when every subtree of the part closed, 1 when
 * the part found a counterexample (the merge then certifies violated), 3 otherwise.
 */
/** `--shard I/K` and the options it needs or refuses, checked before any file is read. */
function shardOptions(options: SpecCliOptions, workers: number): Shard {
  const shard = parseShard(options.shard as string);
  if (options.certificate === undefined) throw new InputError('usage', '--shard writes its partial certificate to --certificate FILE: give one', { path: '--shard' });
  if (workers > 1) throw new InputError('usage', '--shard runs its part on one thread: drop --workers (run more shards instead)', { path: '--workers' });
  if (options.results !== undefined) throw new InputError('usage', '--results needs the whole verdict: write it from the merged certificate, not from one shard', { path: '--results' });
  return shard;
}

async function runShard(
  net: Network,
  spec: Specification,
  shard: Shard,
  options: SpecCliOptions & { certificate: string },
  parsed: { timeout: number | undefined; split: SplitRule | undefined },
  io: CliIo,
  setExit: (code: number) => void,
): Promise<void> {
  const { verifySpecificationShard } = await import('../../properties/specification/shard.js');
  const started = performance.now();
  const part = verifySpecificationShard(net, spec, {
    shard,
    ...(parsed.split !== undefined ? { split: parsed.split } : {}),
    ...(parsed.timeout !== undefined ? { deadline: deadlineAfter(parsed.timeout) } : {}),
    embed: options.embed !== false,
  });
  writeFileAtomic(options.certificate, `${JSON.stringify(part, null, 1)}\n`);
  const seconds = (performance.now() - started) / 1000;
  const closed = part.cases.reduce((s, c) => s + c.subtrees.length, 0);
  const open = part.cases.reduce((s, c) => s + c.open.length, 0);
  const name = `${shard.index + 1}/${shard.count}`;
  if (options.json === true) {
    printJson(io, { shard: name, status: part.status, split: part.split, subtrees: closed, open, ...(part.reason !== undefined ? { reason: part.reason } : {}), partial: options.certificate, seconds });
  } else if (part.status === 'violated') {
    io.out(`shard ${name}   a counterexample (the merged certificate says violated)   ${seconds.toFixed(1)} s\n`);
  } else if (part.status === 'unknown') {
    io.out(`shard ${name}   UNKNOWN: ${part.reason}\n`);
  } else if (part.cases.every((c) => c.tasks === 0)) {
    io.out(`shard ${name}   the whole tree closed above the cut (every part holds it)   ${seconds.toFixed(1)} s\n`);
  } else {
    io.out(`shard ${name}   ${closed} subtree${closed === 1 ? '' : 's'} closed${open > 0 ? `, ${open} not closed (${part.cases.find((c) => c.reason !== undefined)?.reason})` : ''}   ${seconds.toFixed(1)} s\n`);
  }
  if (options.json !== true) io.out(`partial     ${options.certificate} (join all ${shard.count} with: relucert merge PARTS… -o CERT)\n`);
  setExit(part.status === 'violated' ? ExitCode.negative : part.status === 'part' && open === 0 ? ExitCode.ok : ExitCode.unknown);
}
