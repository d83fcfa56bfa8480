/**
 * Runs the `complex` and `morse` commands in-process in a tiny commander program (the lead wires
 * them into src/cli/program.ts), capturing output and exit code like the real CLI does.
 */
import { Command, CommanderError } from 'commander';
import { registerComplex } from '../../../src/cli/commands/complex.js';
import { registerMorse } from '../../../src/cli/commands/morse.js';
import { InputError, LimitReached } from '../../../src/errors.js';

/** Output and exit code of one run. */
export interface Run {
  code: number;
  out: string;
  err: string;
}

/** Runs `relucert <argv>` with only the complex and morse commands registered. */
export async function run(...argv: string[]): Promise<Run> {
  let out = '';
  let err = '';
  let code = 0;
  const io = { out: (t: string) => void (out += t), err: (t: string) => void (err += t), errIsTty: false };
  const program = new Command().exitOverride().configureOutput({ writeOut: io.out, writeErr: io.err });
  registerComplex(program, io, (c) => void (code = c));
  registerMorse(program, io, (c) => void (code = c));
  for (const c of program.commands) c.exitOverride().configureOutput({ writeOut: io.out, writeErr: io.err });
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (e) {
    if (e instanceof InputError) {
      err += `relucert: ${e.message}\n`;
      code = 2;
    } else if (e instanceof LimitReached) {
      err += `relucert: ${e.message}\n`;
      code = 3;
    } else if (e instanceof CommanderError) code = e.exitCode === 0 ? 0 : 2;
    else throw e;
  }
  return { code, out, err };
}
