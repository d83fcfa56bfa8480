/**
 * Small promises of the command line: numbers in any JavaScript syntax that denotes one, huge
 * limits clamped with a note, eval without a point is bad usage, --decimal also in --json,
 * commander's own errors with the relucert: prefix, counts in the right number, file names
 * instead of placeholders.
 */
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseInteger, parseLimit, parseSeconds } from '../../src/cli/arguments.js';
import { InputError } from '../../src/errors.js';
import { cli, tempDir } from '../e2e/helpers.js';

const root = resolve(import.meta.dirname, '../..');
const demoNet = join(root, 'examples/demo.json');
const absNet = join(root, 'examples/abs.json');
const xor = join(root, 'examples/xor.csv');

describe('number options', () => {
  it('seconds: any positive JavaScript number; beyond 10^9 s clamped with a note', () => {
    const notes: string[] = [];
    const note = (t: string): void => void notes.push(t);
    expect(['1e3', '1000', '0x3e8', '+1000', ' 1000 ', '1000.0', '.5e4'].map((t) => parseSeconds(t, '--timeout', note))).toEqual([1000, 1000, 1000, 1000, 1000, 1000, 5000]);
    expect(parseSeconds('1e-3', '--timeout', note)).toBe(0.001);
    expect(notes).toEqual([]);
    expect(parseSeconds('1e400', '--timeout', note)).toBe(1e9);
    expect(parseSeconds('Infinity', '--timeout', note)).toBe(1e9);
    expect(notes).toHaveLength(2);
    expect(notes[0]).toMatch(/^relucert: --timeout 1e400 is more than 1000000000 s/);
    for (const bad of ['0', '-1', '-0', '', ' ', 'abc', 'NaN', '1_000', '1e3s', '-Infinity']) {
      expect(() => parseSeconds(bad, '--timeout', note), bad).toThrow(InputError);
    }
  });

  it('limits: positive integers in any syntax; past 2^53 − 1 clamped to it with a note', () => {
    const notes: string[] = [];
    const note = (t: string): void => void notes.push(t);
    expect(['5', '5e0', '0x5', '5.0'].map((t) => parseLimit(t, '--max-regions', note))).toEqual([5, 5, 5, 5]);
    expect(parseLimit('99999999999999999999', '--max-regions', note)).toBe(Number.MAX_SAFE_INTEGER);
    expect(parseLimit('1e300', '--max-regions', note)).toBe(Number.MAX_SAFE_INTEGER);
    expect(notes).toHaveLength(2);
    for (const bad of ['0', '1.5', '-3', 'ten', '', '1e-3']) expect(() => parseLimit(bad, '--max-regions', note), bad).toThrow(InputError);
  });

  it('integers with a range name the range', () => {
    expect(parseInteger('2e0', '--workers', { min: 1, max: 256 })).toBe(2);
    expect(() => parseInteger('257', '--workers', { min: 1, max: 256 })).toThrow(/from 1 to 256/);
    expect(() => parseInteger('99999999999999999999', '--n')).toThrow(InputError);
  });

  it('the CLI takes --timeout 1e3 and --max-regions 99999999999999999999 (with a note), and still refuses 0', async () => {
    const r = await cli('regions', demoNet, '--timeout', '1e3', '--max-regions', '99999999999999999999');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/^regions   2$/m);
    expect(r.err).toBe('relucert: --max-regions 99999999999999999999 is more than 2^53 − 1; using 9007199254740991 (no practical limit)\n');
    for (const [option, value] of [['--timeout', '0'], ['--max-regions', '0'], ['--timeout', 'soon']]) {
      const bad = await cli('regions', demoNet, option as string, value as string);
      expect(bad.code, `${option} ${value}`).toBe(2);
      expect(bad.err).toMatch(new RegExp(`^relucert: ${option}: `));
    }
  });

  it('--max-regions 1e0 is one region: exit 3, partial', async () => {
    const r = await cli('regions', demoNet, '--max-regions', '1e0', '--json');
    expect(r.code).toBe(3);
    expect(JSON.parse(r.out)).toMatchObject({ regions: 1, complete: false, stoppedBy: 'max-regions' });
  });

  it('training takes --timeout 1e3 too (one parser for every command)', async () => {
    const r = await cli('train-optimal', xor, '--width', '1', '--loss', 'l1', '--timeout', '1e3', '--max-lps', '1e6');
    expect(r.code, r.err).toBe(0);
  });
});

describe('relucert eval', () => {
  it('without --input: exit 2 with a hint, one line', async () => {
    const r = await cli('eval', absNet);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/^relucert: --input: no point to evaluate: give one with --input/);
    expect(r.err.trim().split('\n')).toHaveLength(1);
  });

  it('--decimal with --json: a decimal list beside the exact output (≈ marks a rounded value)', async () => {
    const r = await cli('eval', absNet, '--input', '-7/3', '--input', '1/4', '--decimal', '3', '--json');
    expect(r.code).toBe(0);
    // |−7/3| = 7/3 = 2.333…; |1/4| = 0.25 exactly.
    expect(JSON.parse(r.out).results.map((x: { output: string[]; decimal: string[] }) => [x.output, x.decimal])).toEqual([
      [['7/3'], ['≈2.333']],
      [['1/4'], ['0.25']],
    ]);
    expect(JSON.parse((await cli('eval', absNet, '--input', '1', '--json')).out).results[0].decimal).toBeUndefined();
  });

  it('--decimal beyond its limit is bad usage, not an internal error', async () => {
    const r = await cli('eval', absNet, '--input', '1/3', '--decimal', '1e7');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^relucert: --decimal: expected a positive integer from 1 to 100000/);
  });

  it('counts in the right number: "1 input", "2 coordinates"', async () => {
    const r = await cli('eval', absNet, '--input', '1,2');
    expect(r.code).toBe(2);
    expect(r.err).toContain('the network has 1 input, the point has 2 coordinates');
    const s = await cli('eval', demoNet, '--input', '1');
    expect(s.err).toContain('the network has 2 inputs, the point has 1 coordinate');
  });
});

describe("commander's own errors", () => {
  it('carry the relucert: prefix, exit 2', async () => {
    for (const [argv, says] of [
      [['regions', demoNet, '--no-such-option'], "relucert: unknown option '--no-such-option'"],
      [['eval'], "relucert: missing required argument 'network'"],
      [['no-such-command'], "relucert: unknown command 'no-such-command'"],
    ] as const) {
      const r = await cli(...argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.err, argv.join(' ')).toMatch(new RegExp(`^${says.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    }
  });
});

describe('verify optimal', () => {
  it('names the network file, not a placeholder', async () => {
    const dir = tempDir();
    const net = join(dir, 'xor.json');
    expect((await cli('train-optimal', xor, '--width', '2', '--loss', 'l1', '-o', net)).code).toBe(0);
    const r = await cli('verify', 'optimal', net, xor, '--loss', 'l1');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(new RegExp(`^holds: ${net.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} attains the global optimum`));
    expect(r.out).not.toContain('NET');
  });
});
