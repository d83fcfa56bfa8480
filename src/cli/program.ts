/**
 * The relucert command line: one commander program whose commands are thin (parse arguments,
 * call the library, print, set the exit code). Errors become exit codes here, in one place:
 * bad input → 2 with one line naming the file and field; a reached limit → 3; anything else is
 * a bug → 4, with the stack only under --debug.
 */
import { Command, CommanderError } from 'commander';
import { InputError, InternalError, LimitReached } from '../errors.js';
import { checkOutputPath, setStandardOutput } from '../io/outputTarget.js';
import { interruptRequested } from '../stopCondition.js';
import { RELUCERT_VERSION } from '../version.js';
import { registerBuild } from './commands/build.js';
import { registerCheck } from './commands/check.js';
import { registerConvert } from './commands/convert.js';
import { registerDemo } from './commands/demo.js';
import { registerEval } from './commands/eval.js';
import { registerComplex } from './commands/complex.js';
import { registerExperiment } from './commands/experiment.js';
import { registerInfo } from './commands/info.js';
import { registerMorse } from './commands/morse.js';
import { registerTrainOptimal } from './commands/trainOptimal.js';
import { registerVerify } from './commands/verify.js';
import { registerRegions } from './commands/regions.js';
import { registerVnncomp } from './commands/vnncomp.js';
import { verifyCommands } from '../properties/registry.js';
import { ExitCode } from './exitCodes.js';
import { type CliIo, processIo } from './io.js';

/**
 * Runs the CLI on `argv` (without the node and script entries) and resolves to the exit code.
 * Never calls process.exit, so tests can run it in-process.
 */
export async function runCli(argv: readonly string[], cliIo: CliIo = processIo): Promise<number> {
  let exitCode: number = ExitCode.ok;
  const setExit = (code: number): void => {
    exitCode = code;
  };
  const debug = argv.includes('--debug');
  // When an output file is `-`, stdout carries that file and nothing else: the command's own
  // report (text or --json) goes to stderr instead (decided in the preAction hook below).
  let reportToErr = false;
  const io: CliIo = { out: (text) => (reportToErr ? cliIo.err(text) : cliIo.out(text)), err: cliIo.err, errIsTty: cliIo.errIsTty };
  // commander's own messages ("error: unknown option '--x'") get the prefix of every other error line.
  const output = { writeOut: io.out, writeErr: io.err, outputError: (text: string, write: (text: string) => void) => write(`relucert: ${text.replace(/^error: /, '')}`) };
  const program = new Command()
    .name('relucert')
    .description('Exact verification of ReLU networks, with certificates an independent checker re-verifies.')
    .version(RELUCERT_VERSION, '-V, --version')
    .option('--debug', 'print stack traces of errors')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput(output)
    .hook('preAction', (_program, action) => {
      reportToErr = checkOutputs(outputPaths(action));
    });
  registerInfo(program, io, setExit);
  registerEval(program, io, setExit);
  registerConvert(program, io, setExit);
  registerCheck(program, io, setExit);
  registerRegions(program, io, setExit);
  registerBuild(program, io, setExit);
  // The property verifiers come from the property registry (src/properties/registry.ts).
  registerVerify(program, io, setExit, verifyCommands());
  registerVnncomp(program, io, setExit);
  registerComplex(program, io, setExit);
  registerMorse(program, io, setExit);
  registerTrainOptimal(program, io, setExit);
  registerExperiment(program, io, setExit);
  registerDemo(program, io, setExit);
  const configure = (command: Command): void => {
    command.exitOverride().configureOutput(output);
    for (const sub of command.commands) configure(sub);
  };
  for (const command of program.commands) configure(command);
  // `-` as an output file is standard output for this run (the real one, not the report's).
  const previousStdout = setStandardOutput(cliIo.out);
  try {
    // --debug is accepted anywhere on the line (before or after the command), so it is taken out
    // before commander sees it; it is declared on the program only for --help.
    await program.parseAsync(
      argv.filter((arg) => arg !== '--debug'),
      { from: 'user' },
    );
    // A run the user interrupted ends with 130 even when its engine finished first: the
    // output above is whatever it had (docs/cli.md, "Interrupting a run").
    return interruptRequested() ? ExitCode.interrupted : exitCode;
  } catch (e) {
    const code = exitCodeOf(e, io, debug);
    return interruptRequested() ? ExitCode.interrupted : code;
  } finally {
    setStandardOutput(previousStdout);
  }
}

/** The options that name an output file (each takes `-` for stdout); demo's --out is a folder. */
const OUTPUT_OPTIONS = ['certificate', 'svg', 'output', 'csv', 'better', 'results'] as const;

/** The output files a command line names, with the option that names each. */
function outputPaths(action: Command): { option: string; path: string }[] {
  const opts = action.opts() as Record<string, unknown>;
  const paths = OUTPUT_OPTIONS.flatMap((key) => (typeof opts[key] === 'string' ? [{ option: `--${key}`, path: opts[key] }] : []));
  if (action.name() === 'convert' && typeof action.args[1] === 'string') paths.push({ option: '<out>', path: action.args[1] });
  return paths;
}

/**
 * Checks the output paths before the run (a directory, a socket or a missing folder is refused
 * now, not after an hour of work) and says whether one of them is stdout. At most one may be.
 */
function checkOutputs(paths: readonly { option: string; path: string }[]): boolean {
  const dashes = paths.filter((p) => p.path === '-');
  if (dashes.length > 1) throw new InputError('usage', `only one output can go to standard output (-); ${dashes.map((d) => d.option).join(' and ')} both name it`, { path: dashes[1]?.option ?? '' });
  for (const p of paths) {
    if (p.path === '-') continue;
    try {
      checkOutputPath(p.path);
    } catch (e) {
      throw e instanceof InputError ? new InputError(e.code, e.detail, { path: p.option, file: p.path }) : e;
    }
  }
  return dashes.length === 1;
}

function exitCodeOf(e: unknown, io: CliIo, debug: boolean): number {
  if (e instanceof CommanderError) {
    // --help and --version end through here with exit code 0; usage errors were already printed.
    return e.exitCode === 0 ? ExitCode.ok : ExitCode.badInput;
  }
  if (e instanceof InputError) {
    io.err(`relucert: ${e.message}\n`);
    if (debug) io.err(`${e.stack ?? ''}\n`);
    return ExitCode.badInput;
  }
  if (e instanceof LimitReached && e.limit === 'interrupted') {
    io.err(`relucert: interrupted: ${e.message}\n`);
    return ExitCode.interrupted;
  }
  if (e instanceof LimitReached) {
    io.err(`relucert: ${e.message} (limit reached: ${e.limit})\n`);
    return ExitCode.unknown;
  }
  if (e instanceof InternalError) {
    // An answer whose certificate failed its own check (src/certificates/write.ts): nothing was written.
    io.err(`relucert: internal error: ${e.message} — please report it\n`);
    if (debug) io.err(`${e.stack ?? ''}\n`);
    return ExitCode.internal;
  }
  const error = e instanceof Error ? e : new Error(String(e));
  io.err(`relucert: internal error: ${error.message}${debug ? '' : ' (rerun with --debug for the stack trace; please report it)'}\n`);
  if (debug) io.err(`${error.stack ?? ''}\n`);
  return ExitCode.internal;
}
