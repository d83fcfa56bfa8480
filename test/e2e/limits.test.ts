/**
 * Regression tests of issue 11 at the command line: tiny inputs that declared huge sizes used to
 * exhaust memory (exit 134); deeply nested JSON used to overflow the stack. Each is now bad input,
 * exit 2, one line naming the file, the field and the limit.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, filesIn, tempDir } from './helpers.js';

const root = resolve(import.meta.dirname, '../..');
const bin = join(root, 'dist/src/cli/main.js');

/** The 70-byte network of the issue. */
const HUGE = '{"format":"relucert.network/1","inputs":1000000000,"layers":[]}';

function writeTemp(name: string, text: string): { dir: string; file: string } {
  const dir = tempDir();
  const file = join(dir, name);
  writeFileSync(file, text);
  return { dir, file };
}

function oneLine(text: string): string[] {
  return text.split('\n').filter((l) => l !== '');
}

describe('declared sizes are checked before allocating', () => {
  it('the 70-byte network: regions and verify injective exit 2 naming inputs and the limit', async () => {
    const { file } = writeTemp('huge.json', HUGE);
    for (const command of [['regions'], ['verify', 'injective'], ['info']]) {
      const r = await cli(...command, file);
      expect(r.code).toBe(2);
      expect(oneLine(r.err)).toHaveLength(1);
      expect(r.err).toContain(`${file}: inputs:`);
      expect(r.err).toContain('1,000,000');
    }
  });

  it('as a process with a small heap: exit 2, not a V8 out-of-memory abort (134)', () => {
    if (!existsSync(bin)) {
      console.log(`skipped: ${bin} is not built (npm run build)`);
      return;
    }
    const { file } = writeTemp('huge.json', HUGE);
    const wide = writeTemp('wide.json', '{"format":"relucert.network/1","inputs":1000000,"layers":[]}').file;
    for (const args of [['regions', file], ['verify', 'injective', file], ['regions', wide], ['verify', 'injective', wide], ['verify', 'sort', wide]]) {
      const run = spawnSync(process.execPath, ['--max-old-space-size=256', bin, ...args], { encoding: 'utf8' });
      expect(run.status, `${args.join(' ')}: ${run.stderr}`).toBe(2);
      expect(oneLine(run.stderr)).toHaveLength(1);
    }
  });

  it('a network within the reader limit whose dense maps are too large: exit 2 naming the command and the field', async () => {
    const { file } = writeTemp('wide.json', '{"format":"relucert.network/1","inputs":1000000,"layers":[]}');
    for (const [command, name] of [[['regions'], 'regions'], [['verify', 'injective'], 'verify injective'], [['verify', 'equiv', '--reference', 'sort'], 'verify equiv']] as const) {
      const r = await cli(...command, file);
      expect(r.code).toBe(2);
      expect(r.err).toContain(`${file}: inputs: ${name} builds dense maps of inputs × inputs = 1000000 × 1000000 entries; at most 4,000,000 are supported`);
    }
  });

  it('convert to .nnet of a sparse layer whose dense form is too large: exit 2, no file written; to ONNX: a sparse initializer', async () => {
    const rows = 5000;
    const cols = 20_000;
    const doc = { format: 'relucert.network/1', inputs: cols, layers: [{ weights: { shape: [rows, cols], entries: [[0, 0, '1']] }, bias: new Array<string>(rows).fill('0'), activation: 'identity' }] };
    const { dir, file } = writeTemp('sparse.json', JSON.stringify(doc));
    const r = await cli('convert', file, join(dir, 'sparse.nnet'));
    expect(r.code).toBe(2);
    expect(r.err).toContain('layers[0]: .nnet stores every weight densely');
    expect(filesIn(dir)).toEqual(['sparse.json']);
    // ONNX stores the one nonzero as a sparse initializer (10^8 dense weights would not fit).
    expect((await cli('convert', file, join(dir, 'sparse.onnx'))).code).toBe(0);
    const sha = async (f: string): Promise<string> => JSON.parse((await cli('info', join(dir, f), '--json')).out).sha256 as string;
    expect(await sha('sparse.onnx')).toBe(await sha('sparse.json'));
  });
});

describe('nesting depth', () => {
  let metadata: Record<string, unknown> = { leaf: 1 };
  for (let k = 0; k < 3000; k++) metadata = { m: metadata };
  const deep = JSON.stringify({ format: 'relucert.network/1', inputs: 1, layers: [], metadata });

  it('a network with metadata 3000 levels deep: info and convert exit 2 naming the file (no stack overflow)', async () => {
    const { dir, file } = writeTemp('deep.json', deep);
    for (const command of [['info', file], ['convert', file, join(dir, 'out.json')]]) {
      const r = await cli(...command);
      expect(r.code).toBe(2);
      expect(oneLine(r.err)).toHaveLength(1);
      expect(r.err).toContain(`${file}: metadata.m.m`);
      expect(r.err).toContain('nested more than 256 levels deep');
    }
    expect(filesIn(dir)).toEqual(['deep.json']);
  });

  it('relucert check of a deeply nested certificate file: exit 2 naming the file', async () => {
    const cert = `{"format":"relucert.certificate/1","claim":{"property":"regions","network":{"sha256":"${'0'.repeat(64)}","embedded":${deep}},"domain":{"kind":"all"},"regions":1},"verdict":"holds","evidence":{"kind":"region-tree","claimSha256":"${'0'.repeat(64)}","nodes":[]},"engine":{"version":"t","stats":{}}}`;
    const { file } = writeTemp('deep-cert.json', cert);
    const r = await cli('check', file);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${file}: claim.network.embedded.metadata.m`);
  });
});
