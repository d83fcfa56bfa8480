/**
 * `relucert regions --workers K`: the same certificate (byte for byte), list and picture for
 * every K; limits give exit 3 with a partial result; bad values of --workers give exit 2.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { randomNetwork } from '../support/networks.js';
import { formatNetworkFile } from '../../src/network/json.js';
import type { Network } from '../../src/network/model.js';
import { cli, filesIn, tempDir } from './helpers.js';

function networkFile(dir: string, name: string, net: Network): string {
  const file = join(dir, name);
  writeFileSync(file, formatNetworkFile(net));
  return file;
}

describe('relucert regions --workers', () => {
  it('the same certificate, list and regions for K = 1, 2, 3 (3 hidden layers on [-1,1]^3)', async () => {
    const dir = tempDir();
    const net = networkFile(dir, 'net.json', randomNetwork([3, 7, 7, 7, 1], 2));
    const runs = [];
    for (const k of ['1', '2', '3']) {
      const cert = join(dir, `c${k}.json`);
      const r = await cli('regions', net, '--box', '-1:1', '--list', '--certificate', cert, '--workers', k, '--json');
      expect(r.code, k).toBe(0);
      const doc = JSON.parse(r.out);
      expect(doc.complete).toBe(true);
      expect(doc.stats.workers).toBe(Number(k));
      runs.push({ doc, cert: readFileSync(cert, 'utf8') });
    }
    const [one, ...rest] = runs as [(typeof runs)[number], ...typeof runs];
    expect(one.doc.regions).toBeGreaterThan(200);
    for (const run of rest) {
      expect(run.cert).toBe(one.cert);
      expect(run.doc.list).toEqual(one.doc.list);
      expect(run.doc.regions).toBe(one.doc.regions);
    }
    expect((await cli('check', join(dir, 'c3.json'))).code).toBe(0);
  });

  it('the same picture, and the text output says how many threads', async () => {
    const dir = tempDir();
    const net = networkFile(dir, 'net2.json', randomNetwork([2, 8, 8, 1], 3));
    const one = await cli('regions', net, '--box', '-1:1', '--svg', join(dir, 'a.svg'));
    const two = await cli('regions', net, '--box', '-1:1', '--svg', join(dir, 'b.svg'), '--workers', '2');
    expect([one.code, two.code]).toEqual([0, 0]);
    expect(readFileSync(join(dir, 'b.svg'), 'utf8')).toBe(readFileSync(join(dir, 'a.svg'), 'utf8'));
    expect(two.out.split('\n')[0]).toBe(one.out.split('\n')[0]);
    expect(two.out).toContain('on 2 worker threads');
    expect(one.out).not.toContain('worker threads');
  });

  it('--max-regions with 2 workers: exit 3, complete false, exactly that many regions, no certificate', async () => {
    const dir = tempDir();
    const net = networkFile(dir, 'big.json', randomNetwork([3, 20, 20, 1], 2));
    const cert = join(dir, 'c.json');
    const r = await cli('regions', net, '--box', '-1:1', '--max-regions', '40', '--workers', '2', '--certificate', cert, '--json');
    expect(r.code).toBe(3);
    expect(JSON.parse(r.out)).toMatchObject({ regions: 40, complete: false, stoppedBy: 'max-regions', stats: { workers: 2 } });
    expect(r.err).toContain('no certificate written');
    expect(filesIn(dir)).toEqual(['big.json']);
  });

  it('--timeout with 2 workers: exit 3, stopped by timeout', async () => {
    const dir = tempDir();
    const net = networkFile(dir, 'big.json', randomNetwork([3, 20, 20, 20, 1], 2));
    // A deadline a nanosecond away has passed at the first check after the clock's next
    // millisecond: no engine enumerates this network's thousands of regions that fast.
    const r = await cli('regions', net, '--box', '-1:1', '--timeout', '1e-9', '--workers', '2', '--json');
    expect(r.code).toBe(3);
    expect(JSON.parse(r.out)).toMatchObject({ complete: false, stoppedBy: 'timeout' });
  });

  it('bad --workers values: exit 2 with one line naming --workers', async () => {
    const dir = tempDir();
    const net = networkFile(dir, 'net2.json', randomNetwork([2, 4, 1], 1));
    for (const bad of ['0', '-1', '1.5', 'two', '', '257', '1e3']) {
      const r = await cli('regions', net, '--workers', bad);
      expect(r.code, bad).toBe(2);
      expect(r.err, bad).toContain('--workers');
      expect(r.err, bad).toContain('expected a number of worker threads from 1 to 256');
      expect(r.err.trim().split('\n'), bad).toHaveLength(1);
    }
  });
});
