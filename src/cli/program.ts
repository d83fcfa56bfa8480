/**
 * The relucert command line: one commander program whose commands are thin (parse arguments,
 * call the library, print, set the exit code). Errors become exit codes here, in one place:
 * bad input → 2 with one line naming the file and field; a reached limit → 3; anything else is
 * a bug → 4, with the stack only under --debug.
 */
import { Command, CommanderError } from 'commander';
import { InputError, InternalError, LimitReached } from '../errors.js';
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
import { registerVerifyInjective } from './commands/verifyInjective.js';
import { registerVerifyOptimal } from './commands/verifyOptimal.js';
import { registerVerifyEquiv, registerVerifySort } from './commands/verifySort.js';
import { registerRegions } from './commands/regions.js';
import { ExitCode } from './exitCodes.js';
import { type CliIo, processIo } from './io.js';

/**
 * Runs the CLI on `argv` (without the node and script entries) and resolves to the exit code.
 * Never calls process.exit, so tests can run it in-process.
 */
export async function runCli(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  let exitCode: number = ExitCode.ok;
  const setExit = (code: number): void => {
    exitCode = code;
  };
  const debug = argv.includes('--debug');
  const program = new Command()
    .name('relucert')
    .description('Exact verification of ReLU networks, with certificates an independent checker re-verifies.')
    .version(RELUCERT_VERSION, '-V, --version')
    .option('--debug', 'print stack traces of errors')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err });
  registerInfo(program, io, setExit);
  registerEval(program, io, setExit);
  registerConvert(program, io, setExit);
  registerCheck(program, io, setExit);
  registerRegions(program, io, setExit);
  registerBuild(program, io, setExit);
  registerVerify(program, io, setExit, [registerVerifySort, registerVerifyEquiv, registerVerifyInjective, registerVerifyOptimal]);
  registerComplex(program, io, setExit);
  registerMorse(program, io, setExit);
  registerTrainOptimal(program, io, setExit);
  registerExperiment(program, io, setExit);
  registerDemo(program, io, setExit);
  const configure = (command: Command): void => {
    command.exitOverride().configureOutput({ writeOut: io.out, writeErr: io.err });
    for (const sub of command.commands) configure(sub);
  };
  for (const command of program.commands) configure(command);
  try {
    // --debug is accepted anywhere on the line (before or after the command), so it is taken out
    // before commander sees it; it is declared on the program only for --help.
    await program.parseAsync(
      argv.filter((arg) => arg !== '--debug'),
      { from: 'user' },
    );
    return exitCode;
  } catch (e) {
    return exitCodeOf(e, io, debug);
  }
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
