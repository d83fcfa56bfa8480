/**
 * `relucert verify injective` and `relucert experiment injectivity`, run in-process through a
 * tiny commander program carrying only these commands (the lead wires them into the real CLI).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkCertificate } from '../../src/checker/index.js';
import { formatNetworkFile } from '../../src/network/json.js';
import type { Network } from '../../src/network/model.js';
import { layer, net, plusMinus } from '../properties/injectivity/helpers.js';
import { tempDir } from '../e2e/helpers.js';
import { run } from './injectivityHelpers.js';

function file(dir: string, name: string, network: Network): string {
  const path = join(dir, name);
  writeFileSync(path, formatNetworkFile(network));
  return path;
}

describe('relucert verify injective', () => {
  const dir = tempDir();
  const injective = file(dir, 'pm.json', net([layer(plusMinus([[1, 2], [3, -1]]))]));
  const identity = file(dir, 'id.json', net([layer([[1, 0], [0, 1]])]));
  const deep = file(dir, 'deep.json', net([layer(plusMinus([[1, 0], [0, 1]])), layer([[1, 0, -1, 0], [-1, 0, 1, 0], [0, 1, 0, -1], [0, -1, 0, 1]])]));
  const affine = file(dir, 'affine.json', net([layer([[1, 2], [2, 4]], 'identity')]));

  it('an injective layer: exit 0, the argument, a certificate the checker accepts', async () => {
    const cert = join(dir, 'pm.cert.json');
    const r = await run('verify', 'injective', injective, '--certificate', cert);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/injective\s+yes\s+\(argument: fgs\)/);
    const check = checkCertificate(JSON.parse(readFileSync(cert, 'utf8')));
    expect(check.valid && check.verdict).toBe('holds');
    const cells = await run('verify', 'injective', injective, '--method', 'cells', '--json');
    expect(JSON.parse(cells.out)).toMatchObject({ verdict: 'holds', argument: 'cells' });
  });

  it('W = I: exit 1 with the pair x ≠ y and their common output', async () => {
    const cert = join(dir, 'id.cert.json');
    const r = await run('verify', 'injective', identity, '--json', '--certificate', cert);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.out) as { verdict: string; x: string[]; y: string[]; output: string[] };
    expect(doc.verdict).toBe('violated');
    expect(doc.x).not.toEqual(doc.y);
    expect(doc.output).toEqual(['0', '0']);
    expect(checkCertificate(JSON.parse(readFileSync(cert, 'utf8')))).toMatchObject({ valid: true, verdict: 'violated' });
  });

  it('deep: the exact decision proves what the layer-wise test cannot; --deep layer-wise says unknown (exit 3)', async () => {
    const r = await run('verify', 'injective', deep, '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ verdict: 'holds', argument: 'region-pairs' });
    const lw = await run('verify', 'injective', deep, '--deep', 'layer-wise');
    expect(lw.code).toBe(3);
    expect(lw.out).toMatch(/UNKNOWN/);
  });

  it('--box decides on a box; zero hidden layers are decided by rank', async () => {
    const r = await run('verify', 'injective', identity, '--box', '1:2', '--json');
    expect(r.code).toBe(0);
    const a = await run('verify', 'injective', affine, '--json');
    expect(a.code).toBe(1);
    expect(JSON.parse(a.out)).toMatchObject({ verdict: 'violated', argument: 'affine-rank' });
  });

  it('bad input: exit 2 with the option named', async () => {
    expect((await run('verify', 'injective', injective, '--method', 'newton')).code).toBe(2);
    const flat = await run('verify', 'injective', injective, '--box', '1:1');
    expect(flat.code).toBe(2);
    expect(flat.err).toMatch(/--box/);
    const fgsWithBox = await run('verify', 'injective', injective, '--method', 'fgs', '--box', '0:1');
    expect(fgsWithBox.code).toBe(2);
    expect((await run('verify', 'injective', join(dir, 'missing.json'))).code).toBe(2);
  });
});

describe('relucert experiment injectivity', () => {
  it('a small run: table, crossing, caveat, CSV and SVG', async () => {
    const dir = tempDir();
    const csv = join(dir, 'p.csv');
    const svg = join(dir, 'p.svg');
    const r = await run('experiment', 'injectivity', '--n', '2', '--alpha', '2:5:1', '--trials', '6', '--seed', '3', '--csv', csv, '--svg', svg);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Wilson/);
    expect(r.out).toMatch(/P = 1\/2 crossing/);
    expect(r.out).toMatch(/finite-size caveat/);
    expect(r.out).toMatch(/2\^-10/);
    const lines = readFileSync(csv, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(5);
    expect(lines[0]).toBe('n,depth,alpha,effective_alpha,widths,trials,injective,unknown,p,wilson_low,wilson_high,seconds');
    expect(lines[1]).toMatch(/^2,1,2,2\.0000,2-4,6,\d,0,/);
    const picture = readFileSync(svg, 'utf8');
    for (const label of ['6.698', '6.7004', '7.6477', '8.34', '3.4 ≤ α* ≤ 10.5']) expect(picture).toContain(label);
  });

  it('is reproducible from the seed (JSON output)', async () => {
    const a = await run('experiment', 'injectivity', '--n', '2', '--alpha', '3:4:1', '--trials', '5', '--seed', '9', '--json');
    const b = await run('experiment', 'injectivity', '--n', '2', '--alpha', '3:4:1', '--trials', '5', '--seed', '9', '--json');
    const strip = (t: string) => JSON.stringify((JSON.parse(t) as { rows: { injective: number }[] }).rows.map((x) => x.injective));
    expect(strip(a.out)).toBe(strip(b.out));
    expect(JSON.parse(a.out)).toHaveProperty('caveat');
  });

  it('bad ranges and --trials 0: exit 2 with a clear message', async () => {
    for (const [args, pattern] of [
      [['--alpha', '5:2:1'], /empty/],
      [['--alpha', '0.5:3:0.5'], /at least 1/],
      [['--alpha', '2:12:0'], /positive/],
      [['--alpha', '2:x:1'], /rational/],
      [['--trials', '0'], /positive integer/],
      [['--n', '0'], /outside/],
      [['--depth', '3-1'], /empty/],
    ] as const) {
      const r = await run('experiment', 'injectivity', ...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err, args.join(' ')).toMatch(pattern);
    }
  });
});
