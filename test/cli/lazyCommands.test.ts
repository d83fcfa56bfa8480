/**
 * The CLI imports only the command a line names (src/cli/program.ts, start-up time). What a user
 * sees must not depend on it: each command registered alone has the same help, options and
 * subcommands as in the full program, the full program lists every command, and the `verify`
 * subcommands the CLI can load by name are the property registry's, in its order.
 */
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { VERIFY_SUBCOMMANDS, commandsFor, runCli } from '../../src/cli/program.js';
import { verifyCommands } from '../../src/properties/registry.js';

const quiet = { out: (): void => {}, err: (): void => {}, errIsTty: false };

/** A bare program with the commands {@link commandsFor} selects for `argv`. */
async function programFor(argv: readonly string[]): Promise<Command> {
  const program = new Command().name('relucert');
  for (const register of await commandsFor(argv)) register(program, quiet, () => {});
  return program;
}

/** A command's help text and those of all its subcommands, keyed by their path. */
function helpTree(command: Command, path = command.name()): Record<string, string> {
  const tree: Record<string, string> = { [path]: command.helpInformation() };
  for (const sub of command.commands) Object.assign(tree, helpTree(sub, `${path} ${sub.name()}`));
  return tree;
}

/** The names `relucert … --help` lists under "Commands:" (commander adds `help`). */
async function listedCommands(argv: readonly string[]): Promise<string[]> {
  let help = '';
  const code = await runCli(argv, { out: (t) => (help += t), err: (t) => (help += t), errIsTty: false });
  expect(code).toBe(0);
  const commands = help.slice(help.indexOf('Commands:'));
  return [...commands.matchAll(/^ {2}([\w-]+)/gm)].map((m) => m[1] as string).filter((name) => name !== 'help');
}

describe('lazy command loading', () => {
  it('registers every command for a line that names none, and --help lists them all', async () => {
    const full = await programFor([]);
    const names = full.commands.map((c) => c.name());
    expect(names.length).toBeGreaterThanOrEqual(13);
    expect(await listedCommands(['--help'])).toEqual(names);
    for (const line of [['--help'], ['help', 'verify'], ['-V'], ['nosuch'], ['verfy', 'spec']]) {
      expect((await programFor(line)).commands.map((c) => c.name())).toEqual(names);
    }
  });

  it('registers only the named command, with the same help and subcommands as in the full program', async () => {
    const full = await programFor([]);
    for (const command of full.commands) {
      const alone = await programFor([command.name(), '--help']);
      expect(alone.commands.map((c) => c.name())).toEqual([command.name()]);
      expect(helpTree(alone.commands[0] as Command)).toEqual(helpTree(command));
    }
  });

  it('registers only the named verify subcommand, with the same help as under the full verify', async () => {
    const fullVerify = (await programFor([])).commands.find((c) => c.name() === 'verify') as Command;
    for (const sub of fullVerify.commands) {
      const verify = (await programFor(['--debug', 'verify', sub.name(), 'x'])).commands;
      expect(verify.map((c) => c.name())).toEqual(['verify']);
      expect((verify[0] as Command).commands.map((c) => c.name())).toEqual([sub.name()]);
      expect(helpTree((verify[0] as Command).commands[0] as Command)).toEqual(helpTree(sub));
    }
    // `verify --help` and an unknown subcommand get every subcommand.
    for (const line of [['verify', '--help'], ['verify'], ['verify', 'nope']]) {
      const verify = (await programFor(line)).commands[0] as Command;
      expect(verify.commands.map((c) => c.name())).toEqual(fullVerify.commands.map((c) => c.name()));
    }
  });

  it('loads by name exactly the verify subcommands of the property registry, in its order', async () => {
    const fromRegistry = verifyCommands();
    expect(await Promise.all(VERIFY_SUBCOMMANDS.map((entry) => entry.load()))).toEqual(fromRegistry);
    const verify = new Command('verify');
    for (const register of fromRegistry) register(verify, quiet, () => {});
    expect(VERIFY_SUBCOMMANDS.map((entry) => entry.name)).toEqual(verify.commands.map((c) => c.name()));
    expect(await listedCommands(['verify', '--help'])).toEqual(verify.commands.map((c) => c.name()));
  });
});
