/**
 * Ctrl-C on the real process (dist/src/cli/main.js): a long `regions` run stops at its next limit
 * check, prints its partial summary saying it was interrupted, writes no certificate, leaves no
 * temporary file, and exits 130. The signal is sent once the run has printed a progress line, so
 * it is known to be inside the engine (no fixed sleep). The network is far too large to finish
 * in the meantime: a random 5-input net with two hidden layers of 20 has tens of thousands of
 * regions, and a progress line comes every 1000 decisions.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatNetworkFile } from '../../src/network/json.js';
import { randomNetwork } from '../support/networks.js';
import { tempDir } from './helpers.js';
import { binMissing, startCli } from './spawn.js';

const missing = binMissing();
if (missing !== undefined) console.log(`skipping the interrupt tests: ${missing}`);

function bigNetwork(dir: string): string {
  const file = join(dir, 'big.json');
  writeFileSync(file, formatNetworkFile(randomNetwork([5, 20, 20, 1], 11)));
  return file;
}

describe.skipIf(missing !== undefined)('interrupting a run', () => {
  it('SIGINT during regions: partial summary saying so, no certificate, no temporary file, exit 130', async () => {
    const dir = tempDir();
    const run = startCli(['regions', bigNetwork(dir), '--certificate', 'c.json', '--progress'], dir);
    await run.stderrContains('regions ');
    run.child.kill('SIGINT');
    const r = await run.exit;
    expect(r.code, r.err).toBe(130);
    expect(r.out).toMatch(/^regions +\d+ +PARTIAL: interrupted; at least this many$/m);
    expect(r.out).toMatch(/^work +\d+ decisions/m);
    expect(r.err).toContain('SIGINT received');
    expect(r.err).toContain('no certificate written: the enumeration is partial (interrupted)');
    expect(readdirSync(dir)).toEqual(['big.json']);
  });

  it('SIGTERM with --json and 2 worker threads: complete false, stoppedBy "interrupted", exit 130', async () => {
    const dir = tempDir();
    const run = startCli(['regions', bigNetwork(dir), '--workers', '2', '--json', '--progress', '--certificate', 'c.json'], dir);
    await run.stderrContains('regions ');
    run.child.kill('SIGTERM');
    const r = await run.exit;
    expect(r.code, r.err).toBe(130);
    const doc = JSON.parse(r.out);
    expect(doc).toMatchObject({ complete: false, stoppedBy: 'interrupted', stats: { workers: 2 } });
    expect(doc.regions).toBeGreaterThan(0);
    expect(readdirSync(dir)).toEqual(['big.json']);
  });

  it('a second SIGINT quits at once, leaving nothing behind', async () => {
    const dir = tempDir();
    const run = startCli(['regions', bigNetwork(dir), '--certificate', 'c.json', '--progress'], dir);
    await run.stderrContains('regions ');
    run.child.kill('SIGINT');
    await run.stderrContains('SIGINT received');
    run.child.kill('SIGINT');
    const r = await run.exit;
    // Either the thread was already printing its summary, or it was ended: 130 both ways.
    expect(r.code, r.err).toBe(130);
    expect(readdirSync(dir)).toEqual(['big.json']);
  });

  it('a command blocked reading a FIFO nobody writes to is ended by the signal itself', async () => {
    const dir = tempDir();
    const fifo = join(dir, 'net.json');
    execFileSync('mkfifo', [fifo]);
    const run = startCli(['info', fifo], dir);
    // Opening the writing end returns once the command opened the reading end: it is running.
    const writer = await open(fifo, 'w');
    run.child.kill('SIGINT');
    const r = await run.exit;
    await writer.close();
    expect(r.signal, r.err).toBe('SIGINT');
    expect(r.err).toContain('the command did not stop, so the process ends now');
  });
});
