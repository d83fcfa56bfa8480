import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, filesIn, tempDir } from './helpers.js';

const root = resolve(import.meta.dirname, '../..');
const demoNet = join(root, 'examples/demo.json');
const absNet = join(root, 'examples/abs.json');

describe('relucert info', () => {
  it('prints sizes and the hash', async () => {
    const r = await cli('info', demoNet, '--json');
    expect(r.code).toBe(0);
    const s = JSON.parse(r.out);
    expect(s).toMatchObject({ inputs: 2, outputs: 1, hiddenLayers: 1, widths: [2, 1], denseParameters: 9, nonzeroWeights: 6 });
    expect(s.sha256).toMatch(/^[0-9a-f]{64}$/);
    const text = await cli('info', demoNet);
    expect(text.out).toContain('hidden layers   1');
  });
});

describe('relucert eval', () => {
  it('evaluates exactly where float64 is wrong', async () => {
    // 10^18 · |1/10 + 2/10 − 3/10| = 0 exactly; float64 gives 55.51…
    const r = await cli('eval', demoNet, '--input', '0.1,0.2', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual({ results: [{ input: ['1/10', '1/5'], output: ['0'], pattern: '00|0' }] });
  });

  it('evaluates several points with rational and decimal input', async () => {
    const r = await cli('eval', absNet, '--input', '-7/3', '--input', '2.5e-1', '--json');
    const results = JSON.parse(r.out).results;
    expect(results.map((x: { output: string[] }) => x.output[0])).toEqual(['7/3', '1/4']);
    expect(results.map((x: { pattern: string }) => x.pattern)).toEqual(['-+|+', '+-|+']);
  });

  it('rejects a point of the wrong dimension or a non-number with exit code 2 and one line', async () => {
    for (const input of ['1', '1,2,3', '1/0,1', 'abc,1', '']) {
      const r = await cli('eval', demoNet, '--input', input);
      expect(r.code, input).toBe(2);
      expect(r.err.trim().split('\n'), input).toHaveLength(1);
      expect(r.err).toMatch(/^relucert: --input/);
      expect(r.err).not.toContain('    at ');
    }
  });
});

describe('relucert convert', () => {
  it('round-trips JSON → ONNX → JSON exactly for dyadic weights', async () => {
    const dir = tempDir();
    const onnx = join(dir, 'abs.onnx');
    expect((await cli('convert', absNet, onnx)).code).toBe(0);
    const back = join(dir, 'abs.json');
    expect((await cli('convert', onnx, back)).code).toBe(0);
    const a = JSON.parse((await cli('info', absNet, '--json')).out).sha256;
    const b = JSON.parse((await cli('info', back, '--json')).out).sha256;
    expect(b).toBe(a);
  });

  it('refuses to round a non-representable weight and leaves no file behind', async () => {
    const dir = tempDir();
    const r = await cli('convert', demoNet, join(dir, 'demo.onnx'), '--onnx-dtype', 'float32');
    expect(r.code).toBe(2);
    expect(r.err).toContain('demo.onnx');
    expect(filesIn(dir)).toEqual([]);
  });
});

describe('bad input', () => {
  it('a missing file: exit 2, names the file, no stack', async () => {
    const r = await cli('info', '/nonexistent/net.json');
    expect(r.code).toBe(2);
    expect(r.err).toBe('relucert: /nonexistent/net.json: no such file\n');
  });

  it('an empty or truncated file: exit 2 naming it', async () => {
    const dir = tempDir();
    const empty = join(dir, 'empty.json');
    writeFileSync(empty, '');
    expect((await cli('info', empty)).err).toContain('empty.json: the file is empty');
    const truncated = join(dir, 'trunc.json');
    writeFileSync(truncated, '{"format": "relucert.network/1", "inputs": 2, "layers": [');
    const r = await cli('info', truncated);
    expect(r.code).toBe(2);
    expect(r.err).toContain('trunc.json: not valid JSON');
  });

  it('an unknown option or command: exit 2', async () => {
    expect((await cli('info', demoNet, '--nope')).code).toBe(2);
    expect((await cli('frobnicate')).code).toBe(2);
    expect((await cli('info', demoNet, '--from', 'xml')).code).toBe(2);
  });

  it('--debug shows the stack trace', async () => {
    const r = await cli('info', '/nonexistent/net.json', '--debug');
    expect(r.code).toBe(2);
    expect(r.err).toContain('    at ');
  });
});

describe('the installed bin', () => {
  const bin = join(root, 'dist/src/cli/main.js');
  it.skipIf(!existsSync(bin))('runs as a process with the documented exit codes', () => {
    const ok = spawnSync(process.execPath, [bin, 'eval', absNet, '--input', '-2'], { encoding: 'utf8' });
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain('abs(x) = 2');
    const bad = spawnSync(process.execPath, [bin, 'eval', absNet, '--input', 'x'], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr.split('\n').filter((l) => l !== '')).toHaveLength(1);
  });
});

describe('relucert demo', () => {
  it('runs the main job end to end and writes checkable certificates', async () => {
    const dir = tempDir();
    const r = await cli('demo', '--json', '--out', dir);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out);
    expect(doc.ok).toBe(true);
    // The exact value at (1/10, 2/10) is 0 (the known answer: 1/10 + 2/10 − 3/10 = 0).
    expect(doc.steps[0].exact).toEqual(['0']);
    expect(doc.steps[0].float64[0]).not.toBe(0);
    expect(doc.steps.map((s: { check?: { valid: boolean } }) => s.check?.valid)).toEqual([undefined, true, true, false]);
    expect(filesIn(dir)).toEqual(['demo-activation-region.json', 'demo-output-bound.json']);
    for (const f of filesIn(dir)) {
      const c = await cli('check', join(dir, f));
      expect(c.code, f).toBe(0);
      expect(c.out).toMatch(/^valid: /);
    }
  });
});

describe('relucert check', () => {
  it('rejects a tampered certificate with exit 1 and an unreadable one with exit 2', async () => {
    const dir = tempDir();
    await cli('demo', '--out', dir);
    const file = join(dir, 'demo-activation-region.json');
    const cert = JSON.parse(readFileSync(file, 'utf8'));
    cert.evidence.multipliers[1] = '2';
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify(cert));
    const r = await cli('check', bad, '--json');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out).valid).toBe(false);
    writeFileSync(bad, '{"format": ');
    expect((await cli('check', bad)).code).toBe(2);
    expect((await cli('check', join(dir, 'missing.json'))).code).toBe(2);
  });

  it('refuses with exit 2 what is not a certificate (a network, a shard part, other JSON) and a hash-only network without --network', async () => {
    const dir = tempDir();
    const network = await cli('check', absNet);
    expect(network.code).toBe(2);
    expect(network.err).toMatch(/is a network .*not a certificate/);
    const part = join(dir, 'part.json');
    writeFileSync(part, JSON.stringify({ format: 'relucert.spec-shard/1' }));
    const shard = await cli('check', part);
    expect(shard.code).toBe(2);
    expect(shard.err).toMatch(/partial certificate.*relucert merge/);
    writeFileSync(part, JSON.stringify([1, 2]));
    expect((await cli('check', part)).err).toMatch(/expected a relucert certificate .*no format field/);
    const cert = join(dir, 'hash-only.json');
    expect((await cli('verify', 'spec', absNet, join(root, 'examples/abs-positive.vnnlib'), '--no-embed', '--certificate', cert)).code).toBe(0);
    const alone = await cli('check', cert);
    expect(alone.code).toBe(2);
    expect(alone.err).toMatch(/SHA-256 only .*--network/);
    expect((await cli('check', cert, '--network', absNet)).code).toBe(0);
  });
});

describe('a network path that is not a readable file', () => {
  it('is named a directory or a missing file before its extension is looked at (exit 2)', async () => {
    const folder = await cli('info', join(root, 'examples'));
    expect(folder.code).toBe(2);
    expect(folder.err).toMatch(/is a directory, not a file/);
    const missing = await cli('info', join(root, 'examples/no-such-network'));
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/no such file/);
    const unknown = await cli('info', join(root, 'README.md'));
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/cannot tell the network format .*--from/);
  });
});
