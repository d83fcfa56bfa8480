/**
 * Shards (src/properties/specification/shard.ts): the K parts of one run merge into the
 * certificate one run with the same split rule writes, byte for byte, for K = 1, 2, 3; a part
 * missing, given twice, of another K or another claim is refused naming the parts; a part
 * stopped by its deadline leaves its subtrees open and the merge says which.
 */
import { describe, expect, it } from 'vitest';
import { checkCertificate } from '../../../src/checker/index.js';
import { formatCertificate } from '../../../src/certificates/write.js';
import { InputError } from '../../../src/errors.js';
import { specCertificate } from '../../../src/properties/specification/certificate.js';
import { type NamedSpecPart as NamedPart, type ShardPart, mergeSpecShards, parseShard, verifySpecificationShard } from '../../../src/properties/specification/shard.js';
import { verifySpecification } from '../../../src/properties/specification/verify.js';
import { randomNetwork } from '../../support/networks.js';
import { aboveSpec, maxSpec } from '../../support/specs.js';
import { maxNetwork } from '../../../src/construct/constructions.js';

// max(x_1..x_5) ≥ x_3 − 1/10^9 on [−1, 2]^5 (known to hold), under phase splits: a tree wide
// enough (hundreds of nodes) that every K of 1, 2, 3 deals it 48 subtrees.
const net = maxNetwork(5);
const spec = maxSpec(5, 2);
const parts = (K: number, extra: { deadline?: number } = {}): NamedPart[] =>
  Array.from({ length: K }, (_, i) => ({ file: `part${i + 1}.json`, part: JSON.parse(JSON.stringify(verifySpecificationShard(net, spec, { shard: { index: i, count: K }, split: 'phase', ...extra }))) as ShardPart }));

describe('spec shards', () => {
  const single = verifySpecification(net, spec, { split: 'phase' });
  const reference = formatCertificate(specCertificate(net, spec, single));

  it('K = 1, 2, 3: the merged certificate is byte for byte the single run with the same rule, and the checker accepts it', () => {
    expect(single.status).toBe('holds');
    for (const K of [1, 2, 3]) {
      const list = parts(K);
      // The tree really is dealt: subtrees below the cut, each part closing its own.
      for (const { part } of list) {
        expect(part.cases[0]?.tasks).toBeGreaterThanOrEqual(16 * K);
        expect(part.cases[0]?.subtrees.length).toBeGreaterThan(0);
      }
      expect(formatCertificate(mergeSpecShards(list))).toBe(reference);
    }
    expect(checkCertificate(mergeSpecShards(parts(2))).valid).toBe(true);
  });

  it('a part missing, twice, of another K, of another claim, or not a part: refused naming the parts', () => {
    const three = parts(3);
    const refused = (list: NamedPart[], pattern: RegExp): void => {
      let error: unknown;
      try {
        mergeSpecShards(list);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(InputError);
      expect((error as Error).message).toMatch(pattern);
    };
    refused([three[0] as NamedPart, three[2] as NamedPart], /part 2\/3 missing/);
    refused([three[0] as NamedPart, three[1] as NamedPart, { ...(three[1] as NamedPart), file: 'again.json' }], /part 2\/3 is given twice/);
    refused([...three.slice(0, 2), parts(2)[1] as NamedPart], /different K/);
    const other = verifySpecificationShard(randomNetwork([3, 10, 10, 1], 1), aboveSpec(3, '400'), { shard: { index: 2, count: 3 } });
    refused([...three.slice(0, 2), { file: 'other.json', part: other }], /claim .* differs/);
    refused([{ file: 'cert.json', part: JSON.parse(reference) as ShardPart }], /not a shard's partial certificate/);
    // A part with the right format but a field missing or out of range: bad input, not a crash.
    const { cases: _cases, ...noCases } = three[0]?.part as ShardPart;
    refused([{ file: 'cut.json', part: noCases as unknown as ShardPart }], /cut\.json|malformed partial certificate at cases/);
    refused([{ file: 'k.json', part: { ...(three[0]?.part as ShardPart), shard: { index: 4, count: 3 } } }], /shard\.index is above shard\.count/);
  });

  it('a part stopped by its deadline: the merge names the subtrees not closed and writes nothing', () => {
    const two = parts(2);
    // Part 2 stopped after its top (a deadline passing then): its subtrees stay open.
    const late = JSON.parse(JSON.stringify(two[1])) as NamedPart;
    const c = late.part.cases[0] as unknown as { subtrees: unknown[]; open: number[]; reason?: string };
    c.open = (c.subtrees as { task: number }[]).map((t) => t.task);
    c.subtrees = [];
    c.reason = 'the time limit was reached';
    expect(() => mergeSpecShards([two[0] as NamedPart, late])).toThrow(/subtrees 1, 3, .* of part 2\/2 \(part2\.json\) not closed \(the time limit was reached\)/);
    // A part stopped before its top: no certificate either.
    const stopped = parts(2, { deadline: 1 });
    expect(() => mergeSpecShards([two[0] as NamedPart, stopped[1] as NamedPart])).toThrow(/did not search the top of the tree/);
  });

  it('--shard text: I/K with 1 ≤ I ≤ K', () => {
    expect(parseShard('2/3')).toEqual({ index: 1, count: 3 });
    for (const bad of ['3/2', '0/0', '0/3', '1/0', '1', 'a/b', '-1/2', '1.5/2']) expect(() => parseShard(bad)).toThrow(InputError);
  });
});
