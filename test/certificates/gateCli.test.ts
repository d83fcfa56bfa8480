/**
 * The self-check gate seen from the command line: when an engine answer's certificate fails the
 * independent checker, the command exits 4 with one line naming the file and the checker's
 * reason, and writes neither the certificate nor the network it would have proven optimal.
 * The failure is provoked through the library, by replacing the training certificate producer
 * (module mock) with one that corrupts a bound's value — the CLI itself has no test hook.
 */
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { cli, tempDir } from '../e2e/helpers.js';

vi.mock('../../src/properties/training/certificate.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/properties/training/certificate.js')>();
  return {
    ...original,
    trainingCertificate: (...args: Parameters<typeof original.trainingCertificate>) => {
      const cert = original.trainingCertificate(...args);
      const evidence = cert.evidence as { bounds: { value: string }[] };
      // A bound whose recorded value is not Σ y_r b_r of its multipliers.
      evidence.bounds[0] = { ...(evidence.bounds[0] as { value: string }), value: '-1/7' };
      return cert;
    },
  };
});

describe('CLI: a certificate that fails its own check', () => {
  it('train-optimal exits 4, names the file and the reason, and writes nothing', async () => {
    const dir = tempDir();
    const csv = join(dir, 'xor.csv');
    writeFileSync(csv, 'x1,x2,y\n0,0,0\n1,1,0\n1,0,1\n0,1,1\n');
    const cert = join(dir, 'c.json');
    const r = await cli('train-optimal', csv, '--width', '2', '--loss', 'l1', '-o', join(dir, 'n.json'), '--certificate', cert);
    expect(r.code).toBe(4);
    expect(r.out).toBe('');
    expect(r.err).toMatch(new RegExp(`^relucert: internal error: the certificate for ${cert.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} failed its own check: .+ \\(at evidence\\.bounds\\[0\\]\\.value\\); nothing was written — please report it\\n$`));
    expect(r.err.split('\n').length).toBe(2);
    expect(readdirSync(dir)).toEqual(['xor.csv']);
  });
});
