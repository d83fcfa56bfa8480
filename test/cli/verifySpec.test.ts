/**
 * `relucert verify spec` end to end, in-process: verdicts and exit codes on the bundled examples
 * (holds 0, violated 1 at the exact touching point), the certificate and the VNN-COMP result file,
 * --json, and bad input (exit 2 naming file:line:column).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkCertificate } from '../../src/checker/index.js';
import { cli, tempDir } from '../e2e/helpers.js';

const root = resolve(import.meta.dirname, '../..');
const abs = join(root, 'examples/abs.json');
const positive = join(root, 'examples/abs-positive.vnnlib');
const touching = join(root, 'examples/abs-touching.vnnlib');

describe('relucert verify spec', () => {
  it('holds: exit 0, unsat result file, a certificate the checker accepts', async () => {
    const dir = tempDir();
    const r = await cli('verify', 'spec', abs, positive, '--certificate', join(dir, 'c.json'), '--results', join(dir, 'r.txt'));
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^holds {7}yes/);
    expect(readFileSync(join(dir, 'r.txt'), 'utf8')).toBe('unsat\n');
    expect(checkCertificate(JSON.parse(readFileSync(join(dir, 'c.json'), 'utf8')))).toMatchObject({ valid: true, verdict: 'holds' });
  });

  it('violated at the single point of margin 0: exit 1, x = 0 in --json and in the result file', async () => {
    const dir = tempDir();
    const r = await cli('verify', 'spec', abs, touching, '--json', '--results', join(dir, 'r.txt'));
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out)).toMatchObject({ verdict: 'violated', vnncomp: 'sat', input: ['0'], output: ['0'] });
    expect(readFileSync(join(dir, 'r.txt'), 'utf8')).toBe('sat\n((X_0 0.0)\n (Y_0 0.0))\n');
  });

  it('--workers 2: the same verdicts, and for holds the same certificate bytes as one thread', async () => {
    const dir = tempDir();
    const one = await cli('verify', 'spec', abs, positive, '--certificate', join(dir, 'one.json'));
    const two = await cli('verify', 'spec', abs, positive, '--workers', '2', '--certificate', join(dir, 'two.json'), '--json');
    expect([one.code, two.code]).toEqual([0, 0]);
    expect(JSON.parse(two.out)).toMatchObject({ verdict: 'holds', stats: { workers: 2 } });
    expect(readFileSync(join(dir, 'two.json'), 'utf8')).toBe(readFileSync(join(dir, 'one.json'), 'utf8'));
    const violated = await cli('verify', 'spec', abs, touching, '--workers', '2', '--json');
    expect(violated.code).toBe(1);
    expect(JSON.parse(violated.out)).toMatchObject({ verdict: 'violated', input: ['0'], output: ['0'] });
    for (const bad of ['0', '-1', '1.5', 'two']) {
      const r = await cli('verify', 'spec', abs, positive, '--workers', bad);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/--workers/);
    }
  });

  it('--shard I/K: bad parts refused (exit 2), a part needs --certificate, refuses --results and --workers; merge names what is missing', async () => {
    const dir = tempDir();
    for (const bad of ['3/2', '0/0', '0/3', '1', 'x/y']) {
      const r = await cli('verify', 'spec', abs, positive, '--shard', bad, '--certificate', join(dir, 'p.json'));
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/--shard: expected I\/K/);
    }
    let r = await cli('verify', 'spec', abs, positive, '--shard', '1/2');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--certificate/);
    r = await cli('verify', 'spec', abs, positive, '--shard', '1/2', '--certificate', join(dir, 'p.json'), '--results', join(dir, 'r.txt'));
    expect(r.code).toBe(2);
    r = await cli('verify', 'spec', abs, positive, '--shard', '1/2', '--certificate', join(dir, 'p.json'), '--workers', '2');
    expect(r.code).toBe(2);
    r = await cli('verify', 'spec', abs, positive, '--split', 'sideways');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--split/);
    // Two parts of 2, merged; then merge with one missing, and with a part given twice.
    for (const i of [1, 2]) expect((await cli('verify', 'spec', abs, positive, '--shard', `${i}/2`, '--certificate', join(dir, `part-${i}.json`))).code).toBe(0);
    r = await cli('merge', join(dir, 'part-2.json'), join(dir, 'part-1.json'), '-o', join(dir, 'merged.json'), '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ verdict: 'holds', parts: 2, shards: 2 });
    r = await cli('merge', join(dir, 'part-1.json'), '-o', join(dir, 'none.json'));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/part 2\/2 missing/);
    expect(existsSync(join(dir, 'none.json'))).toBe(false);
    r = await cli('merge', join(dir, 'part-1.json'), join(dir, 'part-1.json'), '-o', join(dir, 'none.json'));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/given twice/);
    // Parts without the network embedded: merge needs --network, and the right one.
    for (const i of [1, 2]) expect((await cli('verify', 'spec', abs, positive, '--shard', `${i}/2`, '--no-embed', '--certificate', join(dir, `bare-${i}.json`))).code).toBe(0);
    r = await cli('merge', join(dir, 'bare-1.json'), join(dir, 'bare-2.json'), '-o', join(dir, 'none.json'));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/pass it with --network/);
    r = await cli('merge', join(dir, 'bare-1.json'), join(dir, 'bare-2.json'), '-o', join(dir, 'none.json'), '--network', join(root, 'examples/max5.json'));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/SHA-256/);
    expect(existsSync(join(dir, 'none.json'))).toBe(false);
    r = await cli('merge', join(dir, 'bare-1.json'), join(dir, 'bare-2.json'), '-o', join(dir, 'bare.json'), '--network', abs);
    expect(r.code).toBe(0);
    r = await cli('merge', join(dir, 'merged.json'), '-o', join(dir, 'none.json'));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/not a shard's partial certificate/);
  });

  it('bad input: exit 2 with file:line:column; --timeout 0 refused', async () => {
    const dir = tempDir();
    const empty = join(dir, 'empty.vnnlib');
    writeFileSync(empty, '(declare-const X_0 Real)\n(declare-const Y_0 Real)\n(assert (>= X_0 1))\n(assert (<= X_0 0))\n(assert (<= Y_0 0))\n');
    let r = await cli('verify', 'spec', abs, empty);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/empty\.vnnlib:4:9: empty input box/);
    const unbounded = join(dir, 'unbounded.vnnlib');
    writeFileSync(unbounded, '(declare-const X_0 Real)\n(declare-const Y_0 Real)\n(assert (<= Y_0 0))\n');
    r = await cli('verify', 'spec', abs, unbounded);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/unbounded\.vnnlib:1:16: X_0 has no bounds/);
    const extra = join(dir, 'extra.vnnlib');
    writeFileSync(extra, '(declare-const X_0 Real)\n(declare-const X_1 Real)\n(declare-const Y_0 Real)\n(assert (<= Y_0 0))\n');
    r = await cli('verify', 'spec', abs, extra);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/extra\.vnnlib:2:16: X_1 is declared but the network has 1 input/);
    r = await cli('verify', 'spec', abs, touching, '--timeout', '0');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--timeout/);
  });
});
