/**
 * Tier 0 of the proof suite: every committed certificate is valid by the independent checker,
 * has the expected verdict, and names the network file it was made for.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { networkSha256 } from '../../src/network/hash.js';
import { checkEntry, entryNetwork, loadManifest, proofsDir } from '../../proofs/suite.js';
import { readJsonFile } from '../../src/io/files.js';

const dir = proofsDir();
const entries = loadManifest(dir);

describe('proof suite, tier 0', () => {
  it('has entries of every property and both verdicts', () => {
    const seen = new Set(entries.map((e) => `${e.property}/${e.expected}`));
    for (const k of ['linear-system/holds', 'linear-system/violated', 'lp-optimum/holds', 'activation-region/holds', 'activation-region/violated', 'output-bound/violated']) {
      expect(seen).toContain(k);
    }
  });

  for (const entry of entries.filter((e) => e.tier === 0)) {
    it(`${entry.id}: ${entry.expected}`, () => {
      const outcome = checkEntry(dir, entry);
      expect(outcome.message).not.toMatch(/^invalid|^unreadable/);
      expect(outcome.ok).toBe(true);
      expect(outcome.result).toMatchObject({ valid: true, verdict: entry.expected, property: entry.property });
      const cert = readJsonFile(join(dir, entry.certificate)) as { claim: { network?: { sha256: string } } };
      const net = entryNetwork(dir, entry);
      if (net !== undefined) expect(cert.claim.network?.sha256).toBe(networkSha256(net));
      else expect(cert.claim.network).toBeUndefined();
    });
  }

  it('network files are named, described and hash-stable', () => {
    for (const entry of entries.filter((e) => e.network !== undefined)) {
      const net = entryNetwork(dir, entry);
      expect(net?.name, entry.id).toBeTruthy();
      expect(typeof net?.metadata?.description, entry.id).toBe('string');
    }
  });
});
