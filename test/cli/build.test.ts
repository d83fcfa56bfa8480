/**
 * `relucert build`, run in-process on a fresh commander program with the same error-to-exit-code
 * mapping as src/cli/program.ts (bad input → 2), so the command is tested before it is wired in.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { describe, expect, it } from 'vitest';
import { registerBuild } from '../../src/cli/commands/build.js';
import type { CliIo } from '../../src/cli/io.js';
import { InputError } from '../../src/errors.js';
import { parseRational } from '../../src/exact/rational.js';
import { evaluate } from '../../src/network/evaluate.js';
import { networkFromJson } from '../../src/network/json.js';
import { readNetworkFile } from '../../src/formats/index.js';
import { checkTrace } from '../../src/properties/sorting/traceCheck.js';

interface Run {
  code: number;
  out: string;
  err: string;
}

async function build(...argv: string[]): Promise<Run> {
  let out = '';
  let err = '';
  let code = 0;
  const io: CliIo = { out: (t) => (out += t), err: (t) => (err += t), errIsTty: false };
  const program = new Command().exitOverride().configureOutput({ writeOut: io.out, writeErr: io.err });
  registerBuild(program, io, (c) => {
    code = c;
  });
  for (const c of program.commands) c.exitOverride().configureOutput({ writeOut: io.out, writeErr: io.err });
  try {
    await program.parseAsync(['build', ...argv], { from: 'user' });
  } catch (e) {
    if (e instanceof InputError) {
      err += `relucert: ${e.message}\n`;
      code = 2;
    } else if (e instanceof CommanderError) {
      code = e.exitCode === 0 ? 0 : 2;
    } else {
      throw e;
    }
  }
  return { code, out, err };
}

const tempDir = (): string => mkdtempSync(join(tmpdir(), 'relucert-build-'));

describe('relucert build', () => {
  it('--list names every construction with its parameters', async () => {
    const r = await build('--list');
    expect(r.code).toBe(0);
    for (const name of ['abs', 'sort2', 'max2', 'min2', 'max', 'min', 'sorter', 'median', 'tent', 'sawtooth', 'zigzag', 'square']) {
      expect(r.out).toMatch(new RegExp(`^${name} `, 'm'));
    }
    expect(r.out).toMatch(/--algorithm <bitonic\|odd-even>, default bitonic/);
    const j = await build('--list', '--json');
    expect(JSON.parse(j.out).map((c: { name: string }) => c.name)).toContain('zigzag');
  });

  it('sorter --n 8 -o FILE writes a bitonic sorter whose trace checks; --json gives the summary', async () => {
    const dir = tempDir();
    const file = join(dir, 'sort8.json');
    const r = await build('sorter', '--n', '8', '-o', file, '--json');
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.out);
    expect(summary.construction).toBe('sorter');
    expect(summary.parameters).toEqual({ n: 8, algorithm: 'bitonic' });
    expect(summary.file).toBe(file);
    expect([summary.summary.hiddenLayers, summary.summary.maxHiddenWidth, summary.summary.nonzeroWeights, summary.summary.denseParameters]).toEqual([6, 16, 408, 1640]);
    const net = readNetworkFile(file);
    expect(checkTrace(net).status).toBe('match');
    const x = ['3', '-1/2', '7', '0', '3', '-100', '1e20', '2/3'].map((t) => parseRational(t));
    expect(evaluate(net, x).map((v) => v.toFraction())).toEqual(['-100', '-1/2', '0', '2/3', '3', '3', '7', '100000000000000000000']);
    expect(readdirSync(dir)).toEqual(['sort8.json']);
  });

  it('without -o prints the network JSON; odd-even and other constructions build', async () => {
    const r = await build('sorter', '--n', '5', '--algorithm', 'odd-even');
    expect(r.code).toBe(0);
    const net = networkFromJson(JSON.parse(r.out));
    expect(net.inputs).toBe(5);
    expect(net.layers.length).toBe(6);
    const cases: [string[], number][] = [
      [['max', '--n', '5'], 3],
      [['min', '--n', '3'], 2],
      [['median', '--n', '4'], 4],
      [['abs'], 1],
      [['sort2'], 1],
      [['max2'], 1],
      [['min2'], 1],
      [['tent'], 1],
      [['sawtooth', '--k', '3'], 3],
      [['zigzag', '--k', '3', '--w', '2'], 3],
      [['square', '--levels', '4'], 4],
    ];
    for (const [args, hidden] of cases) {
      const run = await build(...args, '--json');
      expect(run.code, args.join(' ')).toBe(0);
      expect(JSON.parse(run.out).summary.hiddenLayers, args.join(' ')).toBe(hidden);
      expect(JSON.parse(run.out).file).toBeNull();
    }
  });

  it('-o without --json prints one line with the sizes', async () => {
    const file = join(tempDir(), 'max5.json');
    const r = await build('max', '--n', '5', '-o', file);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^wrote .*max5\.json: max-5, 3 hidden layers/);
    expect(existsSync(file)).toBe(true);
    expect(JSON.parse(readFileSync(file, 'utf8')).metadata.construction.name).toBe('max');
  });

  it('unsupported sizes and bad arguments exit 2 naming what is supported, writing nothing', async () => {
    const dir = tempDir();
    const file = join(dir, 'x.json');
    const cases: [string[], RegExp][] = [
      [['sorter', '--n', '6', '-o', file], /power of two.*--algorithm odd-even/],
      [['sorter', '--n', '1'], /2 ≤ n ≤ 4096/],
      [['max', '--n', '1'], /2 ≤ n/],
      [['sawtooth', '--k', '0'], /1 ≤ k/],
      [['zigzag', '--k', '2', '--w', '1'], /2 ≤ w/],
      [['sorter', '--n', 'eight'], /--n: expected an integer/],
      [['sorter', '--n', '8', '--algorithm', 'merge'], /bitonic, odd-even/],
      [['abs', '--n', '3'], /abs takes no parameters/],
      [['square'], /square needs --levels/],
      [['quicksort'], /unknown construction "quicksort"; supported: abs/],
      [[], /name a construction/],
    ];
    for (const [args, pattern] of cases) {
      const r = await build(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err, args.join(' ')).toMatch(pattern);
    }
    expect(readdirSync(dir)).toEqual([]);
  });
});
