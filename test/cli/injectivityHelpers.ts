/**
 * A tiny commander program carrying only the injectivity commands (`verify injective`,
 * `experiment injectivity`), with the exit-code mapping of src/cli/program.ts.
 */
import { Command, CommanderError } from 'commander';
import { registerExperiment } from '../../src/cli/commands/experiment.js';
import { registerVerifyInjective } from '../../src/cli/commands/verifyInjective.js';
import { InputError, LimitReached } from '../../src/errors.js';

/** What one run printed and its exit code. */
export interface Run {
  code: number;
  out: string;
  err: string;
}

/** Runs `argv` through a program with the injectivity commands. */
export async function run(...argv: string[]): Promise<Run> {
  let out = '';
  let err = '';
  let code = 0;
  const io = { out: (t: string) => (out += t), err: (t: string) => (err += t), errIsTty: false };
  const setExit = (c: number): void => {
    code = c;
  };
  const program = new Command().name('relucert').exitOverride().configureOutput({ writeOut: io.out, writeErr: io.err });
  const verify = program.command('verify').description('verify a property');
  registerVerifyInjective(verify, io, setExit);
  registerExperiment(program, io, setExit);
  const all = (c: Command): void => {
    c.exitOverride().configureOutput({ writeOut: io.out, writeErr: io.err });
    c.commands.forEach(all);
  };
  all(program);
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) code = e.exitCode === 0 ? 0 : 2;
    else if (e instanceof InputError) {
      err += `relucert: ${e.message}\n`;
      code = 2;
    } else if (e instanceof LimitReached) {
      err += `relucert: ${e.message}\n`;
      code = 3;
    } else throw e;
  }
  return { code, out, err };
}
