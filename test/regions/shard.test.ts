/**
 * Region shards (src/regions/shard.ts): the K parts of one `regions` run merge into the
 * certificate one run writes, byte for byte (K = 1, 2, 3, on the bitonic sorter of 4 inputs —
 * 108 regions, a count known from its construction — and on random nets with 2 and 5 inputs);
 * the parts checked as a set (missing, twice, another network or domain); an empty domain.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkCertificate } from '../../src/checker/index.js';
import { formatCertificate } from '../../src/certificates/write.js';
import { networkFromJson } from '../../src/network/json.js';
import type { Network } from '../../src/network/model.js';
import { regionsCertificate } from '../../src/regions/certificate.js';
import { type Domain, parseBox } from '../../src/regions/domain.js';
import { enumerateRegions } from '../../src/regions/enumerate.js';
import { type RegionsShardPart, enumerateRegionsShard, mergeRegionsShards } from '../../src/regions/shard.js';
import type { NamedPart } from '../../src/engine/shards.js';
import { randomNetwork } from '../support/networks.js';

const root = resolve(import.meta.dirname, '../..');
const bitonic = networkFromJson(JSON.parse(readFileSync(join(root, 'proofs/networks/bitonic-4.json'), 'utf8')));

function parts(net: Network, domain: Domain, K: number): NamedPart<RegionsShardPart>[] {
  return Array.from({ length: K }, (_, i) => ({ file: `part${i + 1}.json`, part: JSON.parse(JSON.stringify(enumerateRegionsShard(net, domain, { shard: { index: i, count: K } }))) as RegionsShardPart }));
}

describe('regions shards', () => {
  // `dealt`: the tree is wide enough to have 16·K subtrees at one depth (else the top holds it all, in every part).
  const cases: [string, Network, Domain, boolean][] = [
    ['bitonic sorter of 4 on R^4', bitonic, { kind: 'all' }, false],
    ['random 2-12-12-1 on [−1, 1]^2', randomNetwork([2, 12, 12, 1], 4), parseBox('-1:1', 2), false],
    ['random 5-8-8-1 on [−1, 1]^5', randomNetwork([5, 8, 8, 1], 5), parseBox('-1:1', 5), true],
  ];
  for (const [name, net, domain, dealt] of cases) {
    it(`${name}: K = 1, 2, 3 merge into the single run's certificate, byte for byte`, () => {
      const single = enumerateRegions(net, domain);
      expect(single.status).toBe('complete');
      const reference = formatCertificate(regionsCertificate(net, domain, single));
      for (const K of [1, 2, 3]) {
        const list = parts(net, domain, K);
        if (dealt) for (const { part } of list) expect(part.subtrees.length).toBeGreaterThan(0);
        expect(formatCertificate(mergeRegionsShards(list))).toBe(reference);
      }
    });
  }

  it('the bitonic sorter has its 108 regions; the merged certificate is valid', () => {
    const merged = mergeRegionsShards(parts(bitonic, { kind: 'all' }, 2));
    expect((merged.claim as { regions: number }).regions).toBe(108);
    expect(checkCertificate(merged).valid).toBe(true);
  });

  it('parts checked as a set: one missing, one twice, another domain', () => {
    const box = parseBox('-1:1', 2);
    const net = randomNetwork([2, 12, 12, 1], 4);
    const three = parts(net, box, 3);
    expect(() => mergeRegionsShards([three[0], three[2]] as NamedPart<RegionsShardPart>[])).toThrow(/part 2\/3 missing/);
    expect(() => mergeRegionsShards([three[0], three[1], three[1], three[2]] as NamedPart<RegionsShardPart>[])).toThrow(/given twice/);
    const other = parts(net, parseBox('-2:2', 2), 3)[1] as NamedPart<RegionsShardPart>;
    expect(() => mergeRegionsShards([three[0], other, three[2]] as NamedPart<RegionsShardPart>[])).toThrow(/claim .* differs/);
  });
});
