/**
 * `relucert verify sort NET --compositional --certificate FILE`: writes a certificate (atomically,
 * only for a decided verdict) that `relucert check` re-verifies. Known answers: Batcher's bitonic
 * sorter sorts; with a comparator removed it does not (a 0-1 input shows it).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bitonicSchedule, comparatorNetwork } from '../../src/construct/constructions.js';
import { formatNetworkFile } from '../../src/network/json.js';
import type { Network } from '../../src/network/model.js';
import { cli, filesIn, tempDir } from '../e2e/helpers.js';

describe('relucert verify sort --compositional --certificate', () => {
  const dir = tempDir();
  const write = (name: string, net: Network): string => {
    const file = join(dir, name);
    writeFileSync(file, formatNetworkFile(net));
    return file;
  };

  it('writes a holds certificate that relucert check verifies; --json names it', async () => {
    const net = join(dir, 's8.json');
    expect((await cli('build', 'sorter', '--n', '8', '-o', net)).code).toBe(0);
    const cert = join(dir, 's8-cert.json');
    const r = await cli('verify', 'sort', net, '--compositional', '--certificate', cert);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`certificate ${cert}`);
    const doc = JSON.parse(readFileSync(cert, 'utf8'));
    expect([doc.claim.property, doc.claim.domain, doc.verdict, doc.evidence.kind]).toEqual(['sort', { kind: 'all' }, 'holds', 'sort-compositional']);
    const checked = await cli('check', cert, '--json');
    expect(checked.code).toBe(0);
    expect(JSON.parse(checked.out)).toMatchObject({ valid: true, property: 'sort', verdict: 'holds' });
    const json = await cli('verify', 'sort', net, '--compositional', '--certificate', cert, '--json');
    expect(JSON.parse(json.out)).toMatchObject({ file: net, method: 'compositional', verdict: 'holds', certificate: cert });
  });

  it('--no-embed names the network by hash: check needs --network', async () => {
    const net = join(dir, 's16.json');
    expect((await cli('build', 'sorter', '--n', '16', '-o', net)).code).toBe(0);
    const cert = join(dir, 's16-cert.json');
    const r = await cli('verify', 'sort', net, '--compositional', '--certificate', cert, '--no-embed');
    expect(r.code).toBe(0);
    expect(r.out).toContain(`--network ${net}`);
    expect(JSON.parse(readFileSync(cert, 'utf8')).claim.network.embedded).toBeUndefined();
    const alone = await cli('check', cert);
    expect(alone.code).toBe(2);
    expect(alone.err).toMatch(/SHA-256 only .*--network/);
    expect((await cli('check', cert, '--network', net)).code).toBe(0);
  });

  it('a sorter with a comparator removed: exit 1 and a violated certificate with a 0-1 counterexample', async () => {
    const schedule = bitonicSchedule(8).map((st, s) => (s === 4 ? st.slice(1) : st));
    const net = write('broken.json', comparatorNetwork(8, schedule));
    const cert = join(dir, 'broken-cert.json');
    const r = await cli('verify', 'sort', net, '--compositional', '--certificate', cert);
    expect(r.code).toBe(1);
    const doc = JSON.parse(readFileSync(cert, 'utf8'));
    expect([doc.verdict, doc.evidence.kind]).toEqual(['violated', 'sort-counterexample']);
    expect(doc.evidence.input.every((v: string) => v === '0' || v === '1')).toBe(true);
    const checked = await cli('check', cert);
    expect(checked.code).toBe(0);
    expect(checked.out).toMatch(/^valid: N\(x\) ≠ sort\(x\)/);
  });

  it('weights that differ from the trace: exit 3 and no certificate, nothing partial left', async () => {
    const sorter = comparatorNetwork(4, bitonicSchedule(4));
    const broken = comparatorNetwork(
      4,
      bitonicSchedule(4).map((st, s) => (s === 1 ? st.slice(1) : st)),
    );
    // The broken weights under the sorter's trace.
    const net = write('forged.json', { ...broken, metadata: sorter.metadata });
    const cert = join(dir, 'forged-cert.json');
    const before = filesIn(dir);
    const r = await cli('verify', 'sort', net, '--compositional', '--certificate', cert);
    expect(r.code).toBe(3);
    expect(existsSync(cert)).toBe(false);
    expect(filesIn(dir)).toEqual(before);
    expect((await cli('verify', 'sort', net, '--compositional', '--box', '0:1')).code).toBe(2);
  });

  it('a malformed trace is bad input (exit 2, naming metadata.trace), not a weight mismatch', async () => {
    const net = join(dir, 's4.json');
    expect((await cli('build', 'sorter', '--n', '4', '-o', net)).code).toBe(0);
    const doc = JSON.parse(readFileSync(net, 'utf8'));
    const notTrace = join(dir, 'not-trace.json');
    writeFileSync(notTrace, JSON.stringify({ ...doc, metadata: { ...doc.metadata, trace: 'hello' } }));
    const r1 = await cli('verify', 'sort', notTrace, '--compositional');
    expect(r1.code).toBe(2);
    expect(r1.err).toMatch(/metadata\.trace: not a construction trace/);
    const missingOp = JSON.parse(JSON.stringify(doc));
    missingOp.metadata.trace.stages[0].ops.pop();
    const broken = join(dir, 'broken-trace.json');
    writeFileSync(broken, JSON.stringify(missingOp));
    const r2 = await cli('verify', 'sort', broken, '--compositional');
    expect(r2.code).toBe(2);
    expect(r2.err).toMatch(/the construction trace is malformed: stage 0: no op writes output wire/);
    expect(r2.err.trim().split('\n')).toHaveLength(1);
  });
});
