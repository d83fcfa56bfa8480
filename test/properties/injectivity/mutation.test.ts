/**
 * Mutation tests of injectivity certificates: every number of the evidence is changed (+1, negated,
 * 0, ×2) one at a time and the checker must reject — except where the change leaves a true
 * statement (a leaf's interior point moved, a counterexample pair moved), which an exact oracle
 * then confirms. Claim changes (network weights, domain) are re-sealed (network hash and claim
 * digest, test/support/reseal.ts) so that the seals do not hide weak mathematics: a rejection must
 * not be on a seal, and an accepted mutated claim must be true by the engine's other method. Structural changes (a node, minor or pair dropped, the verdict flipped) are rejected.
 */
import Fraction from 'fraction.js';
import { describe, expect, it } from 'vitest';
import { injectivityCertificate } from '../../../src/properties/injectivity/certificate.js';
import type { Certificate } from '../../../src/checker/schema/index.js';
import { checkCertificate } from '../../../src/checker/index.js';
import { formatRational, parseRational } from '../../../src/exact/rational.js';
import { evaluate } from '../../../src/network/evaluate.js';
import { networkFromJson } from '../../../src/network/json.js';
import type { Network } from '../../../src/network/model.js';
import { decideByRegionPairs } from '../../../src/properties/injectivity/pairs.js';
import { type InjectivityResult, type VerifyInjectiveOptions, verifyInjective } from '../../../src/properties/injectivity/verify.js';
import { type Domain, parseBox } from '../../../src/regions/domain.js';
import { rejectedOnSeal, reseal } from '../../support/reseal.js';
import { layer, net, plusMinus } from './helpers.js';

type Json = unknown;
type Path = (string | number)[];
const RATIONAL = /^-?(0|[1-9][0-9]*)(\/[1-9][0-9]*)?$/;

function sites(value: Json, path: Path = []): Path[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => sites(v, [...path, i]));
  if (typeof value === 'object' && value !== null) return Object.entries(value).flatMap(([k, v]) => (k === 'claimSha256' || k === 'sha256' || k === 'embedded' ? [] : sites(v, [...path, k])));
  if (typeof value === 'number' || (typeof value === 'string' && RATIONAL.test(value))) return [path];
  return [];
}
const get = (doc: Json, path: Path): Json => path.reduce<Json>((v, k) => (v as Record<string | number, Json>)[k], doc);
function set(doc: Json, path: Path, value: Json): void {
  (get(doc, path.slice(0, -1)) as Record<string | number, Json>)[path[path.length - 1] as string | number] = value;
}
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;
function mutations(value: string | number): (string | number)[] {
  if (typeof value === 'number') return [value + 1, -value, 0, 2 * value].filter((v) => v !== value && !Object.is(v, -0) && v >= 0);
  const r = parseRational(value);
  return [r.add(1n), r.neg(), new Fraction(0n), r.mul(2n)].filter((v) => !v.equals(r)).map(formatRational);
}

interface Fixture {
  readonly name: string;
  readonly cert: Certificate;
  readonly network: Network;
  readonly domain: Domain;
}

function fixture(name: string, network: Network, options: VerifyInjectiveOptions = {}): Fixture {
  const result = verifyInjective(network, options);
  if (result.status === 'unknown') throw new Error('unknown');
  const domain = options.domain ?? { kind: 'all' };
  return { name, cert: clone(injectivityCertificate(network, domain, result)), network, domain };
}

function pairsFixture(name: string, network: Network, domain: Domain): Fixture {
  const r = decideByRegionPairs(network, domain);
  if (!r.injective) throw new Error('expected injective');
  const result: InjectivityResult = { status: 'holds', argument: 'region-pairs', proof: { kind: 'pairs', tree: r.enumeration.tree, bounds: r.bounds, pairs: r.pairs }, explanation: '', stats: { seconds: 0, stages: 1, cells: 0, searchLps: 0 } };
  return { name, cert: clone(injectivityCertificate(network, domain, result)), network, domain };
}

const B2 = [[1, 2], [3, -1]];
const twoLayer = net([layer(plusMinus([[1, 0], [0, 1]])), layer([[1, 0, -1, 0], [-1, 0, 1, 0], [0, 1, 0, -1], [0, -1, 0, 1]])]);
// N(x) = (relu x, x + relu(x − 1) + relu(x − 2)): strictly increasing, four regions on [−2, 3], images of non-adjacent ones separated.
const biased = net([layer([[1], [1], [1], [-1], [1]], 'relu', [0, -1, 0, 0, -2]), layer([[1, 0, 0, 0, 0], [0, 1, 1, -1, 1]], 'identity')]);
const fixtures: Fixture[] = [
  fixture('one layer, cells', net([layer(plusMinus(B2))]), { method: 'cells' }),
  fixture('one layer, FGS search', net([layer(plusMinus(B2))]), { method: 'fgs' }),
  fixture('layer-wise (orthant)', net([layer(plusMinus(B2)), layer([[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]])])),
  fixture('region pairs', twoLayer),
  pairsFixture('region pairs with bounds on a box', biased, parseBox('-2:3', 1)),
  fixture('counterexample pair', net([layer([[1, 0], [0, 1]])])),
  fixture('affine rank', net([layer([[1, 2], [3, 4]], 'identity')])),
];

/** Is the claim (possibly mutated) true? Decided by the engine with the other one-layer method and pairs. */
function claimTrue(cert: Certificate): boolean {
  const claim = cert.claim as { network: { embedded: unknown }; domain: Json };
  const network = networkFromJson(claim.network.embedded);
  const d = claim.domain as { kind: string; box?: [string, string][] };
  const domain: Domain = d.kind === 'box' ? { kind: 'box', box: (d.box ?? []).map(([lo, hi]) => [parseRational(lo), parseRational(hi)] as [Fraction, Fraction]) } : { kind: 'all' };
  const r = decideByRegionPairs(network, domain, { certify: false });
  return r.injective === (cert.verdict === 'holds');
}

describe('injectivity certificates: every fixture is valid', () => {
  for (const f of fixtures) {
    it(f.name, () => {
      const r = checkCertificate(f.cert);
      expect(r.valid, r.valid ? '' : `${r.reason} at ${r.path}`).toBe(true);
    });
  }
  it('the fixtures exercise every proof kind', () => {
    const text = JSON.stringify(fixtures.map((f) => f.cert.evidence));
    for (const key of ['"cells"', '"search"', '"minor"', '"farkas"', '"duals"', '"separated"', '"x"', '"minors"']) expect(text).toContain(key);
  });
});

describe('injectivity certificates: mutations are rejected (or proven harmless)', () => {
  for (const f of fixtures) {
    it(`${f.name}: every evidence number`, () => {
      let rejected = 0;
      for (const path of sites(f.cert.evidence)) {
        const original = get(f.cert.evidence, path) as string | number;
        for (const m of mutations(original)) {
          const doc = clone(f.cert);
          set(doc.evidence, path, m);
          const r = checkCertificate(doc);
          if (!r.valid) {
            // The evidence changed, not the claim: no seal is involved, and no checker bug either.
            expect(r.reason, `evidence.${path.join('.')} → ${m}`).not.toMatch(/^internal error|the evidence was made for another claim/);
            rejected++;
            continue;
          }
          // Survivors must leave a true certificate: a leaf point moved inside its cell, or a pair
          // that is still a counterexample (checked here by exact evaluation).
          const key = path[path.length - 2];
          if (key === 'point') continue;
          // Another row of a minor with the recorded determinant (recomputed exactly by the checker) proves the same.
          if (key === 'rows' && path.includes('minor')) continue;
          if (path[0] === 'x' || path[0] === 'y') {
            const e = doc.evidence as { x: string[]; y: string[] };
            const x = e.x.map((t) => parseRational(t));
            const y = e.y.map((t) => parseRational(t));
            expect(x.some((v, j) => !v.equals(y[j] as Fraction))).toBe(true);
            expect(evaluate(f.network, x).map(formatRational)).toEqual(evaluate(f.network, y).map(formatRational));
            continue;
          }
          throw new Error(`${f.name}: mutation ${JSON.stringify(original)} → ${JSON.stringify(m)} at evidence.${path.join('.')} was accepted`);
        }
      }
      expect(rejected).toBeGreaterThan(0);
    });

    it(`${f.name}: re-sealed claim mutations are accepted only when true`, () => {
      let rejected = 0;
      const claimSites = sites(f.cert.claim).filter((p) => p[0] === 'domain');
      const embedded = (f.cert.claim as { network: { embedded: Record<string, unknown> } }).network.embedded;
      const weightSites = sites(embedded.layers).map((p) => ['network', 'embedded', 'layers', ...p] as Path);
      for (const path of [...claimSites, ...weightSites]) {
        const original = get(f.cert.claim, path) as string | number;
        if (typeof original === 'number') continue;
        for (const m of mutations(original)) {
          const doc = clone(f.cert);
          set(doc.claim, path, m);
          // Re-sealed (network hash and claim digest) so that the mathematics, not a seal, decides.
          reseal(doc);
          const r = checkCertificate(doc);
          const where = `${f.name}: mutated claim at claim.${path.join('.')} = ${m}`;
          if (r.valid) expect(claimTrue(doc), `${where} accepted, so it must be true`).toBe(true);
          else {
            expect(rejectedOnSeal(r), `${where} rejected on a seal: ${r.reason}`).toBe(false);
            rejected++;
          }
        }
      }
      expect(rejected, 'some claim mutations are rejected by the mathematics').toBeGreaterThan(0);
    });
  }

  it('structural changes are rejected', () => {
    for (const f of fixtures) {
      const flipped = clone(f.cert);
      flipped.verdict = f.cert.verdict === 'holds' ? 'violated' : 'holds';
      expect(checkCertificate(flipped).valid, `${f.name}: verdict flipped`).toBe(false);
      const e = f.cert.evidence as Record<string, unknown>;
      for (const key of ['stages', 'nodes', 'pairs', 'bounds', 'x']) {
        const list = e[key];
        if (!Array.isArray(list) || list.length === 0) continue;
        const doc = clone(f.cert);
        ((doc.evidence as Record<string, unknown>)[key] as unknown[]).pop();
        expect(checkCertificate(doc).valid, `${f.name}: last ${key} dropped`).toBe(false);
      }
    }
  });

  it('a holds certificate does not transfer to a non-injective network', () => {
    const f = fixtures[0] as Fixture;
    const doc = clone(f.cert);
    const claim = doc.claim as unknown as { network: { embedded: { layers: { weights: string[][] }[] }; sha256: string } };
    // [B; −B] → [B; B]: rows in pairs, not injective.
    claim.network.embedded.layers[0]!.weights = [['1', '2'], ['3', '-1'], ['1', '2'], ['3', '-1']];
    const r = checkCertificate(reseal(doc));
    expect(r.valid).toBe(false);
    expect(rejectedOnSeal(r), r.valid ? '' : r.reason).toBe(false);
  });
});

