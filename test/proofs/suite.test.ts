/**
 * The proof suite. Tier 0: every committed certificate is its entry's (property, verdict, claim
 * and method pinned to the manifest) and valid by the independent checker. The pinning is tested
 * for what it is for: any certificate copied over another entry's is refused, and changing any
 * parameter of an entry makes its own certificate refused. `generateEntry` and `regenerateEntry`
 * are tested on every tier-0 entry and on their failure paths.
 */
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ClaimJson, canonicalJson } from '../../src/checker/schema/index.js';
import { checkCertificate } from '../../src/checker/index.js';
import { readJsonFile } from '../../src/io/files.js';
import { networkSha256 } from '../../src/network/hash.js';
import type { Network } from '../../src/network/model.js';
import { GENERATORS } from '../../proofs/generators.js';
import { pinningMismatch } from '../../proofs/pinning.js';
import { type ManifestEntry, checkEntry, checkEntryCertificate, entryNetwork, compareEntry, generateEntry, loadManifest, proofsDir, regenerateEntry } from '../../proofs/suite.js';
import { tempDir } from '../e2e/helpers.js';

const dir = proofsDir();
const entries = loadManifest(dir);
const docs = new Map(entries.map((e) => [e.id, readJsonFile(join(dir, e.certificate))]));
const networks = new Map(entries.map((e) => [e.id, entryNetwork(dir, e)]));
const byId = (id: string): ManifestEntry => entries.find((e) => e.id === id) as ManifestEntry;
const docOf = (id: string): unknown => docs.get(id);
const netOf = (id: string): Network | undefined => networks.get(id);

/** A fresh copy of proofs/ (manifest, networks, certificates) to write into. */
function proofsCopy(): string {
  const copy = join(tempDir(), 'proofs');
  cpSync(dir, copy, { recursive: true, filter: (src) => !src.endsWith('.ts') });
  return copy;
}

describe('proof suite, tier 0', () => {
  it('has entries of every property and both verdicts', () => {
    const seen = new Set(entries.map((e) => `${e.property}/${e.expected}`));
    for (const k of ['linear-system/holds', 'linear-system/violated', 'lp-optimum/holds', 'activation-region/holds', 'activation-region/violated', 'output-bound/violated']) {
      expect(seen).toContain(k);
    }
    expect(new Set(entries.map((e) => e.property))).toEqual(new Set(Object.keys(GENERATORS)));
  });

  for (const entry of entries.filter((e) => e.tier === 0)) {
    it(`${entry.id}: ${entry.expected}`, () => {
      const outcome = checkEntry(dir, entry);
      expect(outcome.message).not.toMatch(/^invalid|^unreadable|^not this entry/);
      expect(outcome.ok).toBe(true);
      expect(outcome.result).toMatchObject({ valid: true, verdict: entry.expected, property: entry.property });
      const cert = docOf(entry.id) as { claim: { network?: { sha256: string } } };
      const net = netOf(entry.id);
      if (net !== undefined) expect(cert.claim.network?.sha256).toBe(networkSha256(net));
      else expect(cert.claim.network).toBeUndefined();
    });
  }

  it('network files are named, described and hash-stable', () => {
    for (const entry of entries.filter((e) => e.network !== undefined)) {
      const net = netOf(entry.id);
      expect(net?.name, entry.id).toBeTruthy();
      expect(typeof net?.metadata?.description, entry.id).toBe('string');
    }
  });
});

describe('pinning: a certificate is its own entry’s', () => {
  it('every entry pins its claim to fields of its property\'s schema, every required one among them', () => {
    // The claim schema of each property, read from the format (not from the generators).
    const shapes = new Map(ClaimJson.options.map((o) => [o.shape.property.value as string, o.shape as Record<string, { safeParse(v: unknown): { success: boolean } }>]));
    for (const e of entries) {
      const shape = shapes.get(e.property);
      expect(shape, e.id).toBeDefined();
      const pinned = Object.keys((GENERATORS[e.property] as (typeof GENERATORS)[string]).claimFields(e.generate, netOf(e.id), e.id));
      const keys = Object.keys(shape ?? {}).filter((k) => k !== 'property');
      for (const k of pinned) expect(keys, `${e.id}: pins ${k}`).toContain(k);
      for (const k of keys) if (!(shape?.[k]?.safeParse(undefined).success ?? true)) expect(pinned, `${e.id}: leaves ${k} unpinned`).toContain(k);
    }
  });

  it('every committed certificate (all tiers) is pinned to its entry', () => {
    for (const e of entries) expect(pinningMismatch(e, docOf(e.id), netOf(e.id)), e.id).toBeUndefined();
  });

  it('any certificate copied over any other entry’s is refused (all ordered pairs)', () => {
    const accepted: string[] = [];
    for (const from of entries) {
      for (const to of entries) {
        if (from !== to && pinningMismatch(to, docOf(from.id), netOf(to.id)) === undefined) accepted.push(`${from.id} → ${to.id}`);
      }
    }
    expect(accepted).toEqual([]);
  });

  it('a certificate file copied over another’s fails checkEntry, before and whatever the checker says', () => {
    const copy = proofsCopy();
    const swaps: [string, string, RegExp][] = [
      // Same property and verdict, both valid: only the pinning can tell them apart.
      ['training-xor-l1-w1', 'training-abs-l1-w1', /claim\.data\.inputNames/],
      ['training-xor-l1-w1', 'training-xor-l1-w2', /claim\.width is 1, the entry says 2/],
      ['regions-abs-line', 'regions-abs-empty-box', /claim\.domain\.kind is "all", the entry says "box"/],
      ['segment-feasible', 'open-triangle-feasible', /claim\.system\.constraints/],
      ['abs-region-positive', 'hat-region-descending', /claim\.network\.sha256/],
      // The same claim proved by another method than the entry asks for.
      ['inj-plus-minus-2-fgs', 'inj-plus-minus-2-cells', /the entry asks for method cells/],
      ['sort-odd-even-5', 'sort-compositional-odd-even-5', /the entry asks for a compositional proof/],
      // Another verdict.
      ['segment-interior-empty', 'segment-feasible', /the certificate says "violated", the entry expects holds/],
    ];
    for (const [from, to, why] of swaps) {
      const target = byId(to);
      expect(checkEntry(copy, target).ok, `${to} before the copy`).toBe(true);
      expect(checkCertificate(docOf(from), netOf(from) ? { network: netOf(from) as Network } : {}).valid, `${from} is itself valid`).toBe(true);
      writeFileSync(join(copy, target.certificate), readFileSync(join(dir, byId(from).certificate)));
      const outcome = checkEntry(copy, target);
      expect(outcome.ok, `${from} → ${to}`).toBe(false);
      expect(outcome.message, `${from} → ${to}`).toMatch(/^not this entry's certificate: |^the certificate says/);
      expect(outcome.message, `${from} → ${to}`).toMatch(why);
      expect(outcome.result, 'refused before the checker runs').toBeUndefined();
    }
  });

  it('changing any parameter, the verdict or a known answer of an entry makes its own certificate refused', () => {
    const missed: string[] = [];
    let variants = 0;
    for (const entry of entries) {
      for (const [what, variant] of entryVariants(entry)) {
        variants++;
        if (pinningMismatch(variant, docOf(entry.id), netOf(entry.id)) === undefined) missed.push(`${entry.id}: ${what}`);
      }
    }
    expect(missed).toEqual([]);
    expect(variants).toBeGreaterThan(3 * entries.length);
  });

  it('the document is read as it is: another property, a missing claim, an embedded network that is not the entry’s', () => {
    const abs = byId('regions-abs-line');
    const doc = structuredClone(docOf(abs.id)) as { claim: Record<string, any>; verdict: string };
    expect(pinningMismatch(abs, { ...doc, claim: undefined }, netOf(abs.id))).toBe('the certificate has no claim');
    expect(pinningMismatch(abs, { ...doc, claim: { ...doc.claim, property: 'sort' } }, netOf(abs.id))).toMatch(/about "sort", the entry about regions/);
    const other = structuredClone(doc);
    other.claim.network.embedded = (docOf('abs-bound-violated') as typeof doc).claim.network.embedded;
    expect(pinningMismatch(abs, other, netOf(abs.id))).toBeUndefined(); // the same network, embedded by another certificate
    other.claim.network.embedded = (docOf('hat-bound-violated-at-centre') as typeof doc).claim.network.embedded;
    expect(pinningMismatch(abs, other, netOf(abs.id))).toMatch(/claim\.network\.embedded hashes to [0-9a-f]{64}, the entry's network to/);
    other.claim.network.embedded = { format: 'relucert.network/1' };
    expect(pinningMismatch(abs, other, netOf(abs.id))).toMatch(/claim\.network\.embedded is not a network/);
    const extra = structuredClone(doc);
    extra.claim.note = 'x';
    expect(pinningMismatch(abs, extra, netOf(abs.id))).toMatch(/claim\.note is not part of this entry's claim/);
    // A rational spelled differently is the same number.
    const lp = byId('lp-max-vertex');
    const respelled = structuredClone(docOf(lp.id)) as { claim: { objective: string[] } };
    respelled.claim.objective = ['2/2', '2'];
    expect(pinningMismatch(lp, respelled, undefined)).toBeUndefined();
  });
});

/**
 * Variants of an entry that change what its certificate must say: every rational, integer,
 * boolean, enum value, pattern sign, name and box of `generate`, `embed` and `box` added where
 * absent, the verdict, and every number of the known answers. Left alone: `seed` and `samples`
 * (where the falsifier looks, not what is claimed) and `method: "auto"` (any method).
 */
function entryVariants(entry: ManifestEntry): [string, ManifestEntry][] {
  const out: [string, ManifestEntry][] = [];
  const variant = (what: string, edit: (e: ManifestEntry & { generate: Record<string, any>; claim?: Record<string, any> }) => void): void => {
    const e = structuredClone(entry) as ManifestEntry & { generate: Record<string, any> };
    edit(e);
    out.push([what, e]);
  };
  variant('verdict flipped', (e) => {
    (e as { expected: string }).expected = e.expected === 'holds' ? 'violated' : 'holds';
  });
  const ENUMS: Record<string, readonly string[]> = {
    question: ['feasible', 'interior-nonempty'],
    sense: ['max', 'min'],
    statement: ['optimum', 'bound'],
    relation: ['<=', '<'],
    loss: ['l1', 'linf'],
    method: entry.property === 'sort' ? ['zero-one', 'merge'] : ['fgs', 'cells'],
    reference: ['max', 'min'],
  };
  const walk = (value: unknown, path: (string | number)[], root: 'generate' | 'claim'): void => {
    const key = [...path].reverse().find((k) => typeof k === 'string') as string;
    const at = `${root}.${path.join('.')}`;
    const set = (what: string, v: unknown): void =>
      variant(`${at} ${what}`, (e) => {
        const parent = path.slice(0, -1).reduce<any>((o, k) => o[k], (e as any)[root]);
        parent[path[path.length - 1] as string | number] = v;
      });
    if (Array.isArray(value)) return value.forEach((v, i) => walk(v, [...path, i], root));
    if (typeof value === 'object' && value !== null) return Object.entries(value).forEach(([k, v]) => walk(v, [...path, k], root));
    if (key === 'seed' || key === 'samples') return;
    if (typeof value === 'boolean') return set('negated', !value);
    if (typeof value === 'number') return set('+ 1', value + 1);
    if (typeof value !== 'string') return;
    if (key in ENUMS) {
      // "auto" allows any method; and a counterexample is one whatever search found it.
      if (key === 'method' && (value === 'auto' || entry.expected === 'violated')) return;
      const values = ENUMS[key] as readonly string[];
      return set('changed', values[(values.indexOf(value) + 1) % values.length]);
    }
    if (key === 'box') return set('changed', value.replace(/[0-9]+$/, (d) => String(Number(d) + 1)));
    if (key === 'pattern') return value.length > 0 ? set('first sign flipped', (value[0] === '+' ? '-' : '+') + value.slice(1)) : undefined;
    if (/^-?[0-9]+(\/[0-9]+)?$/.test(value)) return set('+ 1', value.startsWith('-') ? `${value}1` : `1${value}`);
    return set('renamed', `${value}'`);
  };
  walk(entry.generate, [], 'generate');
  walk(entry.claim ?? {}, [], 'claim');
  const network = entry.network !== undefined;
  if (network && entry.generate.embed === undefined) variant('generate.embed: false added', (e) => (e.generate.embed = false));
  if (network && entry.generate.box === undefined && entry.property !== 'output-bound') {
    variant('generate.box added', (e) => (e.generate.box = entry.property === 'activation-region' ? [['-1', '1']] : '-1:1'));
  }
  return out;
}

describe('generateEntry', () => {
  it('regenerates every tier-0 certificate: pinned to its entry, valid, with the committed claim', () => {
    for (const entry of entries.filter((e) => e.tier === 0)) {
      const cert = generateEntry(dir, entry);
      const net = netOf(entry.id);
      expect(pinningMismatch(entry, cert, net), entry.id).toBeUndefined();
      expect(checkCertificate(cert, net ? { network: net } : {}), entry.id).toMatchObject({ valid: true, verdict: entry.expected });
      expect(canonicalJson(cert.claim), entry.id).toBe(canonicalJson((docOf(entry.id) as { claim: unknown }).claim));
    }
  });

  it('honours the parameters: another box, pattern or system gives another claim, pinned to the changed entry', () => {
    const region = { ...byId('abs-region-positive'), generate: { pattern: ['+-', ''], box: [['1', '3']] } } as ManifestEntry;
    const cert = generateEntry(dir, region);
    expect(cert.claim).toMatchObject({ domain: { box: [['1', '3']] } });
    expect(pinningMismatch(region, cert, netOf(region.id))).toBeUndefined();
    expect(pinningMismatch(byId('abs-region-positive'), cert, netOf(region.id))).toMatch(/claim\.domain\.box\[0\]\[0\] is "1", the entry says "-2"/);
    const regions = { ...byId('regions-abs-line'), generate: { box: '-1:1', embed: false } } as ManifestEntry;
    const counted = generateEntry(dir, regions);
    expect(counted.claim).toMatchObject({ regions: 2, domain: { kind: 'box' } });
    expect((counted.claim as { network: { embedded?: unknown } }).network.embedded).toBeUndefined();
    expect(pinningMismatch(regions, counted, netOf(regions.id))).toBeUndefined();
  });

  it('fails with the entry named when the producer has no certificate to give or the entry is incomplete', () => {
    const holdsBound = { ...byId('abs-bound-violated'), generate: { box: [['-2', '2']], objective: ['1'], bound: '2', seed: 1, samples: 20 } } as ManifestEntry;
    expect(() => generateEntry(dir, holdsBound)).toThrow(/abs-bound-violated: the falsifier found no counterexample/);
    const unbounded = {
      ...byId('lp-max-vertex'),
      generate: { system: { variables: 1, constraints: [{ coefficients: ['-1'], relation: '<=', rhs: '0' }] }, objective: ['1'], sense: 'max', statement: 'optimum' },
    } as ManifestEntry;
    expect(() => generateEntry(dir, unbounded)).toThrow(/lp-max-vertex: the LP is unbounded/);
    const { network: _network, ...withoutNetwork } = byId('regions-abs-line');
    expect(() => generateEntry(dir, withoutNetwork as ManifestEntry)).toThrow(/regions-abs-line: this property needs a network/);
    expect(() => generateEntry(dir, { ...byId('regions-abs-line'), property: 'no-such-property' })).toThrow(/regions-abs-line: no generator for property no-such-property/);
    expect(() => generateEntry(dir, { ...byId('regions-abs-line'), generate: { bogus: 1 } })).toThrow(/bogus/);
  });
});

describe('regenerateEntry', () => {
  it('rewrites a certificate that then passes checkEntry; refuses a changed verdict or known answer and leaves the file alone', () => {
    const copy = proofsCopy();
    const entry = byId('regions-lines-4-generic');
    const file = join(copy, entry.certificate);
    writeFileSync(file, 'not json');
    expect(checkEntry(copy, entry).ok).toBe(false);
    expect(regenerateEntry(copy, entry)).toMatchObject({ ok: true });
    expect(checkEntry(copy, entry)).toMatchObject({ ok: true });
    const before = readFileSync(file, 'utf8');
    expect(regenerateEntry(copy, { ...entry, expected: 'violated' })).toMatchObject({ ok: false, message: expect.stringMatching(/verdict changed/) });
    expect(regenerateEntry(copy, { ...entry, claim: { regions: 12 } })).toMatchObject({ ok: false, message: expect.stringMatching(/claim\.regions is 11, the entry says 12/) });
    expect(readFileSync(file, 'utf8')).toBe(before);
    const fresh = byId('regions-abs-line');
    const missing = join(copy, 'certificates', 'new.json');
    expect(existsSync(missing)).toBe(false);
    expect(regenerateEntry(copy, { ...fresh, certificate: 'certificates/new.json' })).toMatchObject({ ok: true });
    expect(checkEntry(copy, { ...fresh, certificate: 'certificates/new.json' })).toMatchObject({ ok: true });
  });

  it('checkEntryCertificate names an unreadable or invalid certificate', () => {
    const copy = proofsCopy();
    const entry = byId('farkas-cycle-3var');
    writeFileSync(join(copy, entry.certificate), 'not json');
    expect(checkEntry(copy, entry).message).toMatch(/^unreadable certificate/);
    const forged = structuredClone(docOf(entry.id)) as { evidence: { multipliers: string[] } };
    forged.evidence.multipliers = forged.evidence.multipliers.map(() => '0');
    expect(checkEntryCertificate(copy, entry, forged).message).toMatch(/^invalid: /);
  });
});

describe('compareEntry: the engine reproduces every committed tier-0 certificate', () => {
  // The guard of every refactoring: a certificate may change only with a deliberate
  // `npm run proofs -- --regenerate`, never as a side effect.
  for (const entry of entries.filter((e) => e.tier === 0)) {
    it(entry.id, () => {
      expect(compareEntry(dir, entry)).toMatchObject({ ok: true });
    });
  }

  it('reports where a changed certificate differs, timings aside', () => {
    const copy = proofsCopy();
    const entry = byId('regions-abs-line');
    const file = join(copy, entry.certificate);
    const doc = JSON.parse(readFileSync(file, 'utf8')) as { engine: { stats: Record<string, unknown> }; claim: { regions: number } };
    doc.engine.stats.milliseconds = 123456;
    writeFileSync(file, JSON.stringify(doc));
    expect(compareEntry(copy, entry)).toMatchObject({ ok: true });
    doc.claim.regions += 1;
    writeFileSync(file, JSON.stringify(doc));
    expect(compareEntry(copy, entry)).toMatchObject({ ok: false, message: expect.stringMatching(/differs from the committed certificate at character \d+/) });
  });
});
