/**
 * `regions --shard I/K` and `merge` from the command line: K parts of a 5-input random net's
 * regions merge into the certificate of one `regions --certificate` run, byte for byte; the
 * options that need the whole tree are refused with --shard; bad I/K is exit 2.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { canonicalNetworkText } from '../../src/network/json.js';
import { cli, tempDir } from '../e2e/helpers.js';
import { randomNetwork } from '../support/networks.js';

describe('relucert regions --shard', () => {
  it('3 parts merged: the single run certificate, byte for byte; a part alone is not a certificate', async () => {
    const dir = tempDir();
    const net = join(dir, 'net.json');
    writeFileSync(net, canonicalNetworkText(randomNetwork([5, 8, 8, 1], 5), 'all'));
    const one = await cli('regions', net, '--box', '-1:1', '--certificate', join(dir, 'single.json'));
    expect(one.code).toBe(0);
    for (const i of [1, 2, 3]) {
      const r = await cli('regions', net, '--box', '-1:1', '--shard', `${i}/3`, '--certificate', join(dir, `part-${i}.json`));
      expect(r.code, r.err).toBe(0);
      expect(r.out).toMatch(new RegExp(`^shard ${i}/3 {3}\\d+ subtrees closed`));
    }
    const merged = await cli('merge', join(dir, 'part-3.json'), join(dir, 'part-1.json'), join(dir, 'part-2.json'), '-o', join(dir, 'merged.json'));
    expect(merged.code, merged.err).toBe(0);
    expect(readFileSync(join(dir, 'merged.json'), 'utf8')).toBe(readFileSync(join(dir, 'single.json'), 'utf8'));
    // A part is not a certificate: a usage mistake (exit 2) that names `merge`.
    const check = await cli('check', join(dir, 'part-1.json'));
    expect(check.code).toBe(2);
    expect(check.err).toMatch(/partial certificate.*relucert merge/);
  });

  it('refused with --shard: --workers, --max-regions, --list, --svg, no --certificate; bad I/K', async () => {
    const dir = tempDir();
    const net = join(dir, 'net.json');
    writeFileSync(net, canonicalNetworkText(randomNetwork([2, 4, 1], 1), 'all'));
    const part = ['--certificate', join(dir, 'p.json')];
    for (const extra of [['--workers', '2', ...part], ['--max-regions', '5', ...part], ['--list', ...part], ['--svg', join(dir, 'x.svg'), ...part], []]) {
      const r = await cli('regions', net, '--box', '-1:1', '--shard', '1/2', ...extra);
      expect(r.code).toBe(2);
    }
    for (const bad of ['3/2', '0/0']) expect((await cli('regions', net, '--shard', bad, ...part)).code).toBe(2);
  });
});
