/**
 * `relucert vnncomp INSTANCES.csv --results-dir DIR`: the VNN-COMP batch runner. Every row of the
 * instance list is checked first (files present, networks and properties readable and of matching
 * sizes: exit 2 naming the row before anything runs); then each instance is decided by
 * verifySpecification within its row's timeout (capped by `--timeout`), its result file written to
 * DIR/STEM.txt (and with `--certificates` the self-checked certificate to DIR/STEM.cert.json), one
 * line printed per instance, a summary at the end. An instance whose result file exists is skipped
 * and its verdict read back (resumable), unless `--force`. Exit 0 all decided, 3 some undecided,
 * 1 a wrong answer against `--expected`, 2 bad input. See docs/cli.md.
 */
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type Fraction from 'fraction.js';
import type { Command } from 'commander';
import { writeCertificate } from '../../certificates/write.js';
import { InputError, LimitReached } from '../../errors.js';
import { readVnnlib } from '../../formats/vnnlib.js';
import { readInputText, readJsonFile, writeFileAtomic } from '../../io/files.js';
import { checkCertificate } from '../../checker/index.js';
import { claimSha256 } from '../../checker/schema/common.js';
import { evaluate } from '../../network/evaluate.js';
import { violates } from '../../specification/model.js';
import { type Network, outputSize } from '../../network/model.js';
import { specCertificate, specClaim } from '../../properties/specification/certificate.js';
import { type SpecificationWorkers, specificationWorkers, verifySpecificationParallel } from '../../properties/specification/parallel.js';
import { checkSpecificationFits } from '../../properties/specification/verify.js';
import { parseShard } from '../../engine/shardOption.js';
import { type ExpectedVerdicts, type Instance, type VnncompVerdict, expectedKey, parseResultVerdict, readExpectedVerdicts, readInstanceList } from '../../specification/instances.js';
import type { Specification } from '../../specification/model.js';
import { formatVnncompResult, parseResultCounterexample } from '../../specification/result.js';
import { interruptRequested } from '../../stopCondition.js';
import { deadlineAfter, parseTimeout, parseWorkers } from '../arguments.js';
import { ExitCode } from '../exitCodes.js';
import { type CliIo, printJson } from '../io.js';
import { type NetworkReadOptions, addNetworkOptions, readNetwork } from '../networkOptions.js';
import { type InstanceOutcome, formatInstanceLine, formatSummary, isWrong, summarize } from '../vnncompReport.js';

interface VnncompCliOptions extends NetworkReadOptions {
  resultsDir: string;
  certificates?: boolean;
  expected?: string;
  workers?: string;
  shard?: string;
  force?: boolean;
  json?: boolean;
  timeout?: string;
}

/** An instance ready to run: its network and specification read and checked. */
interface PreparedInstance {
  readonly instance: Instance;
  readonly resultPath: string;
  readonly certificatePath: string;
  /** The verdict read back from an existing result file (resumed), or undefined (to run). */
  readonly previous?: VnncompVerdict;
  /** The existing result file's text, with `previous`. */
  readonly previousText?: string;
  readonly net: Network;
  readonly spec: Specification;
}

/** The results folder, created when missing; anything else than a folder is refused. */
function prepareResultsDir(dir: string): void {
  if (existsSync(dir)) {
    if (!statSync(dir).isDirectory()) throw new InputError('io', 'is not a folder', { file: dir, path: '--results-dir' });
    return;
  }
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    throw new InputError('io', `cannot create the folder (${(e as Error).message})`, { file: dir, path: '--results-dir' });
  }
}

/** Reads every row's inputs (networks once per file), so that a bad row stops the batch before it starts. */
function prepare(list: string, instances: readonly Instance[], dir: string, options: VnncompCliOptions): PreparedInstance[] {
  const networks = new Map<string, Network>();
  return instances.map((instance) => {
    const resultPath = join(dir, `${instance.stem}.txt`);
    const certificatePath = join(dir, `${instance.stem}.cert.json`);
    const where = (e: unknown): unknown => (e instanceof InputError ? new InputError(e.code, `${e.message} (instance ${instance.network},${instance.property})`, { file: `${list}:${instance.line}` }) : e);
    try {
      let previous: { previous: VnncompVerdict; previousText: string } | undefined;
      if (options.force !== true && existsSync(resultPath)) {
        const text = readInputText(resultPath);
        previous = { previous: parseResultVerdict(text, resultPath), previousText: text };
      }
      let net = networks.get(instance.networkPath);
      if (net === undefined) {
        net = readNetwork(instance.networkPath, options);
        networks.set(instance.networkPath, net);
      }
      const spec = readVnnlib(instance.propertyPath, { inputs: net.inputs, outputs: outputSize(net) });
      checkSpecificationFits(net, spec, instance.propertyPath);
      return { instance, resultPath, certificatePath, net, spec, ...previous };
    } catch (e) {
      throw where(e);
    }
  });
}

/**
 * Why a resumed instance's files cannot be taken as they are, or undefined when they can: a `sat`
 * file's counterexample must lie in the violation set exactly, with the network's exact outputs at
 * its input; with `--certificates`, a decided instance's certificate must exist, be about this
 * network and specification, and be accepted by the checker with the file's verdict. Such an
 * instance is run again: a resumed batch never reports what it has not verified itself (except
 * an `unsat` without `--certificates`, which has no evidence to re-check).
 */
function resumeProblem(p: PreparedInstance, certificates: boolean): string | undefined {
  const { net, spec } = p;
  if (p.previous === 'sat') {
    try {
      const recorded = parseResultCounterexample(p.previousText ?? '', p.resultPath, spec.inputs, spec.outputs);
      const y = evaluate(net, recorded.inputs);
      if (violates(spec, recorded.inputs, y) === undefined) return 'its counterexample does not lie in the violation set (exactly)';
      if (y.some((v, j) => !v.equals(recorded.outputs[j] as Fraction))) return "its outputs are not the network's exact outputs at its input";
    } catch (e) {
      if (e instanceof InputError) return e.message;
      throw e;
    }
  }
  if (!certificates || (p.previous !== 'sat' && p.previous !== 'unsat')) return undefined;
  if (!existsSync(p.certificatePath)) return `--certificates, and ${p.certificatePath} is missing`;
  let doc: unknown;
  try {
    doc = readJsonFile(p.certificatePath);
  } catch (e) {
    if (e instanceof InputError) return `its certificate cannot be read (${e.message})`;
    throw e;
  }
  const claim = typeof doc === 'object' && doc !== null ? (doc as { claim?: unknown }).claim : undefined;
  if (claim === undefined || claimSha256(claim) !== claimSha256(specClaim(net, spec, true))) return `${p.certificatePath} is about another network or specification`;
  const check = checkCertificate(doc, { network: net });
  if (!check.valid) return `${p.certificatePath} is not valid: ${check.reason}`;
  const want = p.previous === 'unsat' ? 'holds' : 'violated';
  if (check.verdict !== want) return `${p.certificatePath} says ${check.verdict}, the result file ${p.previous}`;
  return undefined;
}

/** The VNN-COMP word of a run's verdict. */
function verdictWord(status: 'holds' | 'violated' | 'unknown', reason?: string): VnncompVerdict {
  if (status === 'holds') return 'unsat';
  if (status === 'violated') return 'sat';
  return reason?.startsWith('the time limit') === true ? 'timeout' : 'unknown';
}

/** Runs one prepared instance (not a resumed one) and writes its files. */
async function runInstance(
  p: PreparedInstance,
  cap: number | undefined,
  threads: SpecificationWorkers | undefined,
  options: VnncompCliOptions,
  note: (text: string) => void,
): Promise<InstanceOutcome & { interrupted: boolean }> {
  const { instance, net, spec } = p;
  const seconds = cap === undefined ? instance.timeout : Math.min(cap, instance.timeout);
  const result = await verifySpecificationParallel(net, spec, { deadline: deadlineAfter(seconds), ...(threads !== undefined ? { threads } : {}) });
  const vnncomp = verdictWord(result.status, result.status === 'unknown' ? result.reason : undefined);
  const base = { instance, result: p.resultPath, vnncomp, seconds: result.stats.seconds, skipped: false };
  // An interrupted instance leaves no result file: a resumed batch runs it again.
  if (result.status === 'unknown' && interruptRequested()) return { ...base, certificate: undefined, reason: result.reason, interrupted: true };
  let certificate: string | undefined;
  if (options.certificates === true && result.status !== 'unknown') {
    try {
      writeCertificate(p.certificatePath, specCertificate(net, spec, result, { embed: true }), { network: net });
      certificate = p.certificatePath;
    } catch (e) {
      // Too large for the checker's limits is a reached limit for this certificate, not for the
      // batch: say so and go on. A certificate that fails its own check (InternalError) is a bug
      // and ends the batch (exit 4) before this instance's result file is written.
      if (!(e instanceof LimitReached && e.limit === 'size')) throw e;
      note(`relucert: ${e.message}\n`);
    }
  }
  const text =
    result.status === 'violated' ? formatVnncompResult({ verdict: 'sat', inputs: result.input, outputs: result.output }, spec) : formatVnncompResult({ verdict: vnncomp as 'unsat' | 'timeout' | 'unknown' });
  writeFileAtomic(p.resultPath, text);
  return { ...base, certificate, ...(result.status === 'unknown' ? { reason: result.reason } : {}), interrupted: false };
}

/** What `--expected` says of an outcome: nothing to compare, agreement, or a wrong answer. */
function compare(outcome: InstanceOutcome, expected: ExpectedVerdicts | undefined): InstanceOutcome {
  if (expected === undefined) return outcome;
  const want = expected.get(expectedKey(outcome.instance.network, outcome.instance.property));
  return { ...outcome, expected: want ?? null };
}

/** Registers `vnncomp`. */
export function registerVnncomp(program: Command, io: CliIo, setExit: (code: number) => void): void {
  addNetworkOptions(
    program
      .command('vnncomp')
      .description('run a VNN-COMP instance list (onnx,vnnlib,timeout): one exact verdict and result file per instance, resumable')
      .argument('<instances>', 'the instance CSV (onnx,vnnlib,timeout per line; paths relative to its folder; optional header)')
      .requiredOption('--results-dir <dir>', 'folder of the result files (NETWORK__PROPERTY.txt; created when missing)')
      .option('--certificates', 'also write each decided instance\'s certificate (NETWORK__PROPERTY.cert.json, self-checked)')
      .option('--expected <file>', 'compare with a VNN-COMP expected-verdict CSV (network,property,expected,…); a wrong answer exits 1')
      .option('--force', 'run every instance, also those that already have a result file')
      .option('--timeout <seconds>', 'cap every instance\'s time limit at this many seconds')
      .option('--workers <k>', 'search each instance on k worker threads, started once for the batch (default 1)')
      .option('--shard <I/K>', 'run only the I-th of K parts of the list (rows I, I + K, I + 2K, …): one machine of K each (docs/cluster.md)')
      .option('--json', 'print one JSON document instead of the lines and the summary'),
  ).action(async (file: string, options: VnncompCliOptions) => {
    const cap = parseTimeout(options.timeout, io.err);
    const workers = parseWorkers(options.workers);
    const shard = options.shard === undefined ? undefined : parseShard(options.shard);
    // The whole list is read (its rows checked as always); only this shard's rows are prepared and run.
    const all = readInstanceList(file);
    const instances = shard === undefined ? all : all.filter((_, j) => j % shard.count === shard.index);
    const expected = options.expected !== undefined ? readExpectedVerdicts(options.expected) : undefined;
    const prepared = prepare(file, instances, options.resultsDir, options);
    prepareResultsDir(options.resultsDir);
    const outcomes: InstanceOutcome[] = [];
    let interrupted = false;
    // One set of threads for the whole batch (a thread's start-up is paid once, not per instance).
    // Resumed instances are re-checked first (resumeProblem); one that fails is run again.
    const problems = prepared.map((p) => (p.previous === undefined ? undefined : resumeProblem(p, options.certificates === true)));
    const threads = workers > 1 && prepared.some((p, q) => p.previous === undefined || problems[q] !== undefined) ? specificationWorkers(workers) : undefined;
    try {
      for (const [q, p] of prepared.entries()) {
        let outcome: InstanceOutcome;
        const problem = problems[q];
        if (problem !== undefined) io.err(`relucert: ${p.resultPath}: ${problem}; running the instance again\n`);
        if (p.previous !== undefined && problem === undefined) {
          outcome = { instance: p.instance, result: p.resultPath, vnncomp: p.previous, seconds: undefined, skipped: true, certificate: existsSync(p.certificatePath) ? p.certificatePath : undefined };
        } else {
          const run = await runInstance(p, cap, threads, options, io.err);
          if (run.interrupted) {
            interrupted = true;
            break;
          }
          const { interrupted: _, ...rest } = run;
          outcome = rest;
        }
        outcome = compare(outcome, expected);
        outcomes.push(outcome);
        if (options.json !== true) io.out(formatInstanceLine(outcome));
        if (outcome.expected != null && isWrong(outcome)) {
          io.err(`relucert: WRONG ANSWER: ${outcome.instance.network} ${outcome.instance.property}: ${outcome.vnncomp}, expected ${outcome.expected} (instance list line ${outcome.instance.line})\n`);
        }
      }
    } finally {
      await threads?.close();
    }
    const summary = summarize(outcomes, prepared.length, expected !== undefined);
    if (options.json === true) {
      printJson(io, {
        instances: outcomes.map((o) => ({
          network: o.instance.network,
          property: o.instance.property,
          line: o.instance.line,
          timeout: o.instance.timeout,
          verdict: o.vnncomp === 'unsat' ? 'holds' : o.vnncomp === 'sat' ? 'violated' : 'unknown',
          vnncomp: o.vnncomp,
          seconds: o.seconds ?? null,
          skipped: o.skipped,
          result: o.result,
          certificate: o.certificate ?? null,
          ...(o.reason !== undefined ? { reason: o.reason } : {}),
          ...(expected !== undefined ? { expected: o.expected ?? null, wrong: isWrong(o) } : {}),
        })),
        summary: { ...summary, interrupted },
      });
    } else io.out(formatSummary(summary, interrupted));
    setExit(summary.wrong > 0 ? ExitCode.negative : summary.undecided > 0 || interrupted ? ExitCode.unknown : ExitCode.ok);
  });
}
