/**
 * `relucert verify <property> …`: the parent of the property verifiers. Each property registers
 * its own subcommand (one module per property); this module only groups them.
 */
import type { Command } from 'commander';
import type { CliIo } from '../io.js';

/** A property verifier's registration function. */
export type RegisterVerifier = (verifyCommand: Command, io: CliIo, setExit: (code: number) => void) => void;

/** Registers `verify` with the given property subcommands. */
export function registerVerify(program: Command, io: CliIo, setExit: (code: number) => void, verifiers: readonly RegisterVerifier[]): void {
  const verify = program.command('verify').description('verify a property exactly, with a certificate (sort, equiv, injective, optimal, spec)');
  for (const register of verifiers) register(verify, io, setExit);
}
