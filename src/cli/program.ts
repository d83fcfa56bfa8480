/**
 * The relucert command line: one commander program whose commands are thin (parse arguments,
 * call the library, print, set the exit code). Errors become exit codes here, in one place:
 * bad input → 2 with one line naming the file and field; a reached limit → 3; anything else is
 * a bug → 4, with the stack only under --debug.
 *
 * Start-up: a command module imports its whole engine, so importing every command costs more
 * than most runs. The commands are therefore listed by name below and imported on demand: a line
 * that names a command (`relucert verify spec …`) loads that command only; any other line
 * (`--help`, `help`, a misspelt name, no command) loads all of them, so that help, `--version`
 * and commander's suggestions are exactly those of the full program.
 */
import { Command, CommanderError } from 'commander';
import { InputError, InternalError, LimitReached } from '../errors.js';
import { checkOutputPath, setStandardOutput } from '../io/outputTarget.js';
import { interruptRequested } from '../stopCondition.js';
import { RELUCERT_VERSION } from '../version.js';
import type { RegisterVerifier } from './commands/verify.js';
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
  for (const register of await commandsFor(argv)) register(program, io, setExit);
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

/** A top-level command's registration function. */
type RegisterCommand = (program: Command, io: CliIo, setExit: (code: number) => void) => void;

/**
 * Every top-level command, in the order `relucert --help` lists them, with the import that
 * registers it. `verify` is assembled from its subcommands ({@link VERIFY_SUBCOMMANDS}).
 */
const COMMANDS: readonly { readonly name: string; readonly load: (subcommand: string | undefined) => Promise<RegisterCommand> }[] = [
  { name: 'info', load: async () => (await import('./commands/info.js')).registerInfo },
  { name: 'eval', load: async () => (await import('./commands/eval.js')).registerEval },
  { name: 'convert', load: async () => (await import('./commands/convert.js')).registerConvert },
  { name: 'check', load: async () => (await import('./commands/check.js')).registerCheck },
  { name: 'regions', load: async () => (await import('./commands/regions.js')).registerRegions },
  { name: 'build', load: async () => (await import('./commands/build.js')).registerBuild },
  { name: 'verify', load: loadVerify },
  { name: 'vnncomp', load: async () => (await import('./commands/vnncomp.js')).registerVnncomp },
  { name: 'merge', load: async () => (await import('./commands/merge.js')).registerMerge },
  { name: 'complex', load: async () => (await import('./commands/complex.js')).registerComplex },
  { name: 'morse', load: async () => (await import('./commands/morse.js')).registerMorse },
  { name: 'train-optimal', load: async () => (await import('./commands/trainOptimal.js')).registerTrainOptimal },
  { name: 'experiment', load: async () => (await import('./commands/experiment.js')).registerExperiment },
  { name: 'demo', load: async () => (await import('./commands/demo.js')).registerDemo },
];

/**
 * The `verify` subcommands by name, each with the import of its module, for a line that names
 * one. The property registry (src/properties/registry.ts) stays the source of the full list and
 * its order (it imports every property); test/cli/lazyCommands.test.ts checks that this table
 * names the same subcommands in the same order.
 */
export const VERIFY_SUBCOMMANDS: readonly { readonly name: string; readonly load: () => Promise<RegisterVerifier> }[] = [
  { name: 'sort', load: async () => (await import('./commands/verifySort.js')).registerVerifySort },
  { name: 'equiv', load: async () => (await import('./commands/verifySort.js')).registerVerifyEquiv },
  { name: 'injective', load: async () => (await import('./commands/verifyInjective.js')).registerVerifyInjective },
  { name: 'optimal', load: async () => (await import('./commands/verifyOptimal.js')).registerVerifyOptimal },
  { name: 'spec', load: async () => (await import('./commands/verifySpec.js')).registerVerifySpec },
];

/** `verify` with the named subcommand only, or with every subcommand the property registry gives. */
async function loadVerify(subcommand: string | undefined): Promise<RegisterCommand> {
  const { registerVerify } = await import('./commands/verify.js');
  const named = VERIFY_SUBCOMMANDS.find((entry) => entry.name === subcommand);
  const verifiers = named !== undefined ? [await named.load()] : (await import('../properties/registry.js')).verifyCommands();
  return (program, io, setExit) => registerVerify(program, io, setExit, verifiers);
}

/**
 * The commands to register for `argv`: only the one it names, or all of them. The command is the
 * first argument: the program has no option that takes a value (--debug is taken out of `argv`
 * before commander sees it), so a first argument that is not an option is the command's name.
 * Likewise `verify` has no options of its own, so its next argument is the subcommand's name.
 */
export async function commandsFor(argv: readonly string[]): Promise<RegisterCommand[]> {
  const args = argv.filter((arg) => arg !== '--debug');
  const named = COMMANDS.find((entry) => entry.name === args[0]);
  if (named !== undefined) return [await named.load(args[1])];
  return Promise.all(COMMANDS.map((entry) => entry.load(undefined)));
}

/** The options that name an output file (each takes `-` for stdout); demo's --out is a folder. */
const OUTPUT_OPTIONS = ['certificate', 'svg', 'output', 'csv', 'better', 'results'] as const;

/** The output files a command line names, with the option that names each. */
function outputPaths(action: Command): { option: string; path: string }[] {
  const opts = action.opts() as Record<string, unknown>;
  const paths = OUTPUT_OPTIONS.flatMap((key) => (typeof opts[key] === 'string' ? [{ option: `--${key}`, path: opts[key] }] : []));
  if (action.name() === 'convert' && typeof action.args[1] === 'string') paths.push({ option: 'the output file', path: action.args[1] });
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
      // An option is named (`--certificate`); a positional output (convert's OUT) is its file alone.
      throw e instanceof InputError ? new InputError(e.code, e.detail, { ...(p.option.startsWith('--') ? { path: p.option } : {}), file: p.path }) : e;
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
