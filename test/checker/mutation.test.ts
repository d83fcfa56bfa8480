/**
 * Mutation testing of the checker: every number in the claim and the evidence of every committed
 * proof certificate and of freshly produced ones is changed, one at a time (+1, negated, 0, ×2;
 * identity changes skipped), and the certificate must then be rejected. Structural changes too
 * (a row or multiplier dropped, the verdict swapped, a relation made strict or non-strict, the
 * network hash changed, a pattern sign flipped, …).
 *
 * Claim changes are caught first by the claim digest the evidence records (and, in an embedded
 * network, by its hash). So that this does not hide weak mathematics, every claim mutation —
 * number or structural — is also re-sealed (digest and network hashes recomputed): then it must
 * be rejected for a reason other than a seal, or accepted only if the mutated claim is in fact
 * true, which an oracle written apart from engine and checker (test/support: naive evaluation,
 * Fourier–Motzkin, brute force over all patterns) confirms.
 */
import Fraction from 'fraction.js';
import { describe, expect, it } from 'vitest';
import { type Certificate, canonicalJson } from '../../src/checker/schema/index.js';
import { type CheckResult, checkCertificate } from '../../src/checker/index.js';
import { formatRational, parseRational } from '../../src/exact/rational.js';
import { networkFromJson } from '../../src/network/json.js';
import type { Network } from '../../src/network/model.js';
import { naiveFeasible, naiveLp, systemRows } from '../support/naiveLinear.js';
import { type DomainText, interiorRows, naiveForward, naiveRegionCount, openBoxRows, patternRows } from '../support/naiveRegions.js';
import { rejectedOnSeal, reseal } from '../support/reseal.js';
import { sameArrangementClaim } from '../support/sameArrangement.js';
import { type Fixture, committedFixtures, freshFixtures } from './fixtures.js';

type Json = unknown;
type Path = (string | number)[];

const RATIONAL = /^-?(0|[1-9][0-9]*)(\/[1-9][0-9]*)?$/;
const SKIP_KEYS = new Set(['sha256', 'claimSha256']);

/** Paths of every number (JSON integer or rational text) under a value. */
function numberSites(value: Json, path: Path = []): Path[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => numberSites(v, [...path, i]));
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([k, v]) => (SKIP_KEYS.has(k) ? [] : numberSites(v, [...path, k])));
  }
  if (typeof value === 'number' || (typeof value === 'string' && RATIONAL.test(value))) return [path];
  return [];
}

function get(doc: Json, path: Path): Json {
  return path.reduce<Json>((v, k) => (v as Record<string | number, Json>)[k], doc);
}

function set(doc: Json, path: Path, value: Json): void {
  const parent = get(doc, path.slice(0, -1)) as Record<string | number, Json>;
  parent[path[path.length - 1] as string | number] = value;
}

function clone<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

/** The four mutations of a number, identities skipped. */
function mutations(value: string | number): (string | number)[] {
  if (typeof value === 'number') return [value + 1, -value, 0, 2 * value].filter((v) => v !== value && !Object.is(v, -0));
  const r = parseRational(value);
  return [r.add(1n), r.neg(), new Fraction(0n), r.mul(2n)].filter((v) => !v.equals(r)).map(formatRational);
}

const pathText = (p: Path): string => p.map((k) => (typeof k === 'number' ? `[${k}]` : `.${k}`)).join('').slice(1);

// ---------------------------------------------------------------------------------------------
// Oracles: is a (mutated) claim with this verdict true? Written apart from the checker and the
// engine (test/support/naiveLinear.ts, naiveRegions.ts).

/** The claim's network: embedded, else the one supplied; undefined when the embedded one is not a network. */
function claimNetwork(ref: { embedded?: unknown }, network: Network | undefined): Network | undefined {
  if (ref.embedded === undefined) return network;
  try {
    return networkFromJson(ref.embedded);
  } catch {
    return undefined;
  }
}

/** Pattern strings as booleans, or undefined when they do not fit the network. */
function patternOf(net: Network, pattern: readonly string[]): boolean[][] | undefined {
  if (pattern.length !== net.layers.length) return undefined;
  const out = net.layers.map((l, k) => (l.activation === 'relu' && (pattern[k] as string).length === l.outputs ? Array.from(pattern[k] as string, (ch) => ch === '+') : l.activation !== 'relu' && pattern[k] === '' ? [] : undefined));
  return out.every((p) => p !== undefined) ? (out as boolean[][]) : undefined;
}

function oracleAgrees(cert: Certificate, network: Network | undefined, original?: Certificate): boolean {
  const claim = cert.claim;
  switch (claim.property) {
    case 'linear-system': {
      const feasible = naiveFeasible(systemRows(claim.system, claim.question === 'interior-nonempty'), claim.system.variables);
      return feasible === (cert.verdict === 'holds');
    }
    case 'lp-optimum': {
      const rows = systemRows(claim.system);
      if (rows.some((r) => r.strict)) return false; // an LP claim is about a closed system
      const outcome = naiveLp(rows, claim.system.variables, claim.objective.map((t) => parseRational(t)), claim.sense);
      const v = parseRational(claim.value);
      if (outcome.status === 'unbounded') return false;
      if (outcome.status === 'infeasible') return claim.statement === 'bound';
      if (claim.statement === 'optimum') return outcome.value.equals(v);
      return claim.sense === 'max' ? outcome.value.compare(v) <= 0 : outcome.value.compare(v) >= 0;
    }
    case 'activation-region': {
      const net = claimNetwork(claim.network, network);
      const pattern = net === undefined ? undefined : patternOf(net, claim.pattern);
      if (net === undefined || pattern === undefined) return false;
      const box = claim.domain === undefined ? [] : openBoxRows(claim.domain.box.map(([lo, hi]) => [parseRational(lo), parseRational(hi)] as const));
      const feasible = naiveFeasible([...patternRows(net, pattern, true), ...box], net.inputs);
      return feasible === (cert.verdict === 'holds');
    }
    case 'output-bound': {
      if (cert.verdict !== 'violated' || cert.evidence.kind !== 'counterexample') return false;
      const net = claimNetwork(claim.network, network);
      if (net === undefined) return false;
      const x = cert.evidence.input.map((t) => parseRational(t));
      const inBox = claim.domain.box.every(([lo, hi], j) => parseRational(lo).compare(x[j] as Fraction) <= 0 && (x[j] as Fraction).compare(parseRational(hi)) <= 0);
      const y = naiveForward(net, x).out;
      const value = y.reduce((acc, v, i) => acc.add(v.mul(parseRational(claim.objective[i] as string))), new Fraction(0n));
      return inBox && value.compare(parseRational(claim.bound)) > 0;
    }
    case 'regions': {
      const net = claimNetwork(claim.network, network);
      if (net === undefined) return false;
      const count = naiveRegionCount(net, interiorRows(claim.domain as DomainText, net.inputs));
      if (count !== undefined) return count === claim.regions;
      // Too many patterns to enumerate: the mutated claim is true if it is the original claim
      // mathematically (same regions by an invariance of test/support/sameArrangement.ts, e.g. only
      // the output layer or the metadata changed; same domain and count).
      const o = original?.claim as typeof claim | undefined;
      const before = o === undefined ? undefined : claimNetwork(o.network, network);
      return o !== undefined && before !== undefined && canonicalJson(claim.domain) === canonicalJson(o.domain) && claim.regions === o.regions && sameArrangementClaim(before, net, claim.domain);
    }
    case 'complex': {
      // No independent complex oracle: true only when it is the original claim mathematically.
      const o = original?.claim as typeof claim | undefined;
      const net = claimNetwork(claim.network, network);
      const before = o === undefined ? undefined : claimNetwork(o.network, network);
      if (o === undefined || net === undefined || before === undefined) return false;
      const { network: _n, ...rest } = claim;
      const { network: _o, ...restOriginal } = o;
      return canonicalJson(rest) === canonicalJson(restOriginal) && sameArrangementClaim(before, net, claim.domain, claim.withOutput);
    }
    default:
      // No independent oracle for this property here: an accepted re-sealed claim mutation is reported.
      return false;
  }
}

/**
 * A region tree's leaf point is a witness of an open set, not a recorded value: moving it to
 * another point of the same leaf interior proves the same claim. Such a mutation may be accepted
 * only if this independent oracle confirms it — the naive evaluator gives the moved point the same
 * strict sign of every ReLU pre-activation as the original point (zeros only where the original
 * had them: neurons constant zero on the region), and the point is strictly inside the domain box.
 */
function sameLeafInterior(original: Certificate, mutated: Certificate, site: Path, network: Network | undefined): boolean {
  if (original.evidence.kind !== 'region-tree' || site[1] !== 'nodes' || site[3] !== 'point') return false;
  const claim = original.claim as { network: { embedded?: unknown }; domain: { kind: string; box?: [string, string][] } };
  const net = claim.network.embedded ? networkFromJson(claim.network.embedded) : (network as Network);
  const pointAt = (c: Certificate): Fraction[] => ((c.evidence as { nodes: { point: string[] }[] }).nodes[site[2] as number] as { point: string[] }).point.map((t) => parseRational(t));
  const x = pointAt(original);
  const y = pointAt(mutated);
  if (claim.domain.kind === 'box') {
    const inside = (claim.domain.box ?? []).every(([lo, hi], j) => parseRational(lo).compare(y[j] as Fraction) < 0 && (y[j] as Fraction).compare(parseRational(hi)) < 0);
    if (!inside) return false;
  } else if (claim.domain.kind !== 'all') return false;
  // Signs of every ReLU pre-activation, by the naive evaluator of test/support.
  const signs = (p: Fraction[]): string =>
    naiveForward(net, p)
      .pre.filter((_, k) => net.layers[k]?.activation === 'relu')
      .flat()
      .map((v) => v.compare(0))
      .join(',');
  return signs(x) === signs(y);
}

// ---------------------------------------------------------------------------------------------

/**
 * At most {@link MAX_SITES} number sites per part (claim, evidence) of one certificate, spread
 * evenly and deterministically: small certificates are mutated everywhere, large ones (a region
 * tree of a thousand nodes, an embedded network) at an even sample, so that the whole test stays
 * within seconds. Each property also has its own mutation tests next to its code.
 */
const MAX_SITES = 120;
function sample(sites: Path[]): Path[] {
  if (sites.length <= MAX_SITES) return sites;
  const stride = sites.length / MAX_SITES;
  return Array.from({ length: MAX_SITES }, (_, i) => sites[Math.floor(i * stride)] as Path);
}

/**
 * Check options for a re-sealed mutant: a network embedded in the claim is the network the claim
 * is about (the fixture's supplied network is the unmutated one, whose hash no longer matches).
 */
function resealedOptions(doc: Certificate, f: Fixture): { network?: Network } {
  const ref = (doc.claim as { network?: { embedded?: unknown } }).network;
  return f.network !== undefined && ref?.embedded === undefined ? { network: f.network } : {};
}

/** Structural mutations that test the seals (claim digest, network hash) themselves. */
const SEAL_MUTATIONS = new Set(['claimSha256 changed', 'network sha256 changed', 'embedded network removed']);

function reasonOf(r: CheckResult): string {
  return r.valid ? 'valid' : `${r.reason}${r.path === undefined ? '' : ` (at ${r.path})`}`;
}

/** Structural mutations of a certificate: name and mutated copy. */
function structural(cert: Certificate): [string, Json][] {
  const out: [string, Json][] = [];
  const variant = (name: string, edit: (d: Record<string, any>) => void): void => {
    const d = clone(cert) as Record<string, any>;
    edit(d);
    out.push([name, d]);
  };
  variant('verdict swapped', (d) => {
    d.verdict = d.verdict === 'holds' ? 'violated' : 'holds';
  });
  variant('claimSha256 changed', (d) => {
    d.evidence.claimSha256 = `${d.evidence.claimSha256.slice(0, -1)}${d.evidence.claimSha256.endsWith('0') ? '1' : '0'}`;
  });
  variant('evidence kind unknown', (d) => {
    d.evidence.kind = 'future-kind';
  });
  const claim = cert.claim as Record<string, any>;
  if (claim.system !== undefined) {
    claim.system.constraints.forEach((c: { relation: string }, i: number) => {
      variant(`row ${i} dropped`, (d) => d.claim.system.constraints.splice(i, 1));
      if (c.relation !== '=') variant(`row ${i} ${c.relation === '<' ? 'non-strict' : 'strict'}`, (d) => {
        d.claim.system.constraints[i].relation = c.relation === '<' ? '<=' : '<';
      });
    });
  }
  if (claim.question !== undefined) variant('question changed', (d) => {
    d.claim.question = d.claim.question === 'feasible' ? 'interior-nonempty' : 'feasible';
  });
  if (claim.sense !== undefined) variant('sense changed', (d) => {
    d.claim.sense = d.claim.sense === 'max' ? 'min' : 'max';
  });
  if (claim.statement !== undefined) variant('statement changed', (d) => {
    d.claim.statement = d.claim.statement === 'bound' ? 'optimum' : 'bound';
  });
  if (claim.network !== undefined) {
    variant('network sha256 changed', (d) => {
      const h: string = d.claim.network.sha256;
      d.claim.network.sha256 = `${h.slice(0, -1)}${h.endsWith('0') ? '1' : '0'}`;
    });
    if (claim.network.embedded !== undefined) variant('embedded network removed', (d) => {
      delete d.claim.network.embedded;
    });
  }
  if (claim.pattern !== undefined) {
    (claim.pattern as string[]).forEach((s, k) => {
      for (let i = 0; i < s.length; i++) variant(`pattern[${k}][${i}] flipped`, (d) => {
        const t: string = d.claim.pattern[k];
        d.claim.pattern[k] = t.slice(0, i) + (t[i] === '+' ? '-' : '+') + t.slice(i + 1);
      });
    });
  }
  if (claim.domain !== undefined) variant('box dropped', (d) => {
    delete d.claim.domain;
  });
  const ev = cert.evidence as Record<string, any>;
  for (const key of ['point', 'slacks', 'primal', 'input', 'output', 'preactivations']) {
    if (Array.isArray(ev[key]) && ev[key].length > 0) variant(`evidence.${key} shortened`, (d) => d.evidence[key].pop());
  }
  if (ev.kind === 'sort-compositional') {
    // (b) the comparator list: a comparator reversed, a pair or a stage dropped.
    (ev.stages as number[][]).forEach((pairs, s) => {
      const at = pairs.findIndex((w, i) => i % 2 === 0 && w !== pairs[i + 1]);
      if (at >= 0) variant(`stage ${s} comparator reversed`, (d) => d.evidence.stages[s].splice(at, 2, pairs[at + 1], pairs[at]));
      variant(`stage ${s} last pair dropped`, (d) => d.evidence.stages[s].splice(-2, 2));
      variant(`stage ${s} dropped`, (d) => d.evidence.stages.splice(s, 1));
    });
    // (a) the gadget lemmas: removed, a node or a leaf proof dropped, the two swapped.
    for (const name of Object.keys(ev.lemmas)) {
      variant(`lemma ${name} removed`, (d) => delete d.evidence.lemmas[name]);
      variant(`lemma ${name} first node dropped`, (d) => d.evidence.lemmas[name].nodes.shift());
      variant(`lemma ${name} last leaf dropped`, (d) => d.evidence.lemmas[name].leaves.pop());
    }
    if (ev.lemmas.sort2 !== undefined && ev.lemmas.identity !== undefined) {
      variant('lemmas swapped', (d) => {
        [d.evidence.lemmas.sort2, d.evidence.lemmas.identity] = [d.evidence.lemmas.identity, d.evidence.lemmas.sort2];
      });
    }
    // (c) the merge structure: a phase dropped, a block's direction flipped, a boundary moved.
    if (ev.sorting.method === 'merge') {
      (ev.sorting.phases as { stages: [number, number]; directions: string }[]).forEach((phase, p) => {
        variant(`phase ${p} dropped`, (d) => d.evidence.sorting.phases.splice(p, 1));
        variant(`phase ${p} block 0 direction flipped`, (d) => {
          d.evidence.sorting.phases[p].directions = (phase.directions[0] === 'a' ? 'd' : 'a') + phase.directions.slice(1);
        });
        variant(`phase ${p} last block dropped`, (d) => {
          d.evidence.sorting.phases[p].directions = phase.directions.slice(0, -1);
        });
        if (p > 0 && phase.stages[0] > 0) {
          variant(`phase ${p} starts one stage earlier`, (d) => {
            d.evidence.sorting.phases[p - 1].stages[1]--;
            d.evidence.sorting.phases[p].stages[0]--;
          });
        }
      });
    }
  }
  for (const key of ['multipliers', 'dual']) {
    const m = ev[key];
    if (m === undefined) continue;
    if (Array.isArray(m)) {
      m.forEach((_: unknown, i: number) => variant(`${key}[${i}] dropped`, (d) => d.evidence[key].splice(i, 1)));
    } else {
      (m.rows as number[]).forEach((_, i) => {
        variant(`${key} sparse entry ${i} dropped`, (d) => {
          d.evidence[key].rows.splice(i, 1);
          d.evidence[key].values.splice(i, 1);
        });
        variant(`${key} sparse value ${i} dropped`, (d) => d.evidence[key].values.splice(i, 1));
      });
    }
  }
  return out;
}

describe('mutation testing of the checker', () => {
  // Injectivity and training certificates carry witnesses with many equivalent choices (cell points, kernel
  // steps, rows of a minor, realizing hyperplanes); test/properties/injectivity/mutation.test.ts and
  // test/properties/training/checker.test.ts mutate them with
  // oracles for those equivalences, so they are left out here. So are spec certificates, whose
  // multipliers are one valid choice among many (any positive multiple of λ proves the same leaf):
  // test/checker/spec.test.ts mutates them and says which changes must be rejected.
  const OWN_MUTATION_TESTS = new Set(['injectivity', 'training-optimum', 'spec']);
  const fixtures: Fixture[] = [...committedFixtures(), ...freshFixtures()].filter((f) => !OWN_MUTATION_TESTS.has(f.cert.claim.property));

  it('has fixtures of every property, verdict and evidence kind, and every group of fresh ones was filled', () => {
    // The fresh fixtures keep only draws that qualify (a bounded LP, a counterexample found): count them.
    const fresh = freshFixtures();
    const count = (prefix: string): number => fresh.filter((f) => f.name.startsWith(prefix)).length;
    expect([count('random system'), count('random LP'), count('random region'), count('compositional')]).toEqual([10, 6, 8, 2]);
    expect(count('random counterexample')).toBeGreaterThanOrEqual(1);
    const kinds = new Set(fixtures.map((f) => `${f.cert.claim.property}/${f.cert.verdict}/${f.cert.evidence.kind}`));
    for (const k of [
      'linear-system/holds/point',
      'linear-system/violated/motzkin',
      'lp-optimum/holds/primal-dual',
      'lp-optimum/holds/dual',
      'activation-region/holds/point',
      'activation-region/violated/motzkin',
      'output-bound/violated/counterexample',
      'sort/holds/sort-compositional',
    ]) {
      expect(kinds, k).toContain(k);
    }
    expect(fixtures.some((f) => !Array.isArray((f.cert.evidence as { multipliers?: unknown }).multipliers ?? []))).toBe(true);
    // Compositional sort certificates with both methods of (c) and both gadget lemmas, one with its network embedded.
    const compositional = fixtures.map((f) => f.cert.evidence).filter((e): e is Extract<Certificate['evidence'], { kind: 'sort-compositional' }> => e.kind === 'sort-compositional');
    expect(new Set(compositional.map((e) => e.sorting.method))).toEqual(new Set(['zero-one', 'merge']));
    expect(compositional.some((e) => e.lemmas.identity !== undefined)).toBe(true);
    expect(fixtures.some((f) => f.cert.evidence.kind === 'sort-compositional' && f.cert.claim.property === 'sort' && f.cert.claim.network.embedded !== undefined)).toBe(true);
  });

  it('every unmutated fixture is valid', () => {
    for (const f of fixtures) {
      const r = checkCertificate(f.cert, f.network ? { network: f.network } : {});
      expect(r, f.name).toMatchObject({ valid: true, verdict: f.cert.verdict });
    }
  });

  it('changing any number of the claim or the evidence makes the certificate invalid', () => {
    const accepted: string[] = [];
    let total = 0;
    let resealedRejected = 0;
    let resealedAcceptedTrue = 0;
    let equivalentWitnesses = 0;
    for (const f of fixtures) {
      const options = f.network ? { network: f.network } : {};
      const sites = [...sample(numberSites(f.cert.claim, ['claim'])), ...sample(numberSites(f.cert.evidence, ['evidence']))];
      for (const site of sites) {
        for (const m of mutations(get(f.cert, site) as string | number)) {
          total++;
          const doc = clone(f.cert);
          set(doc, site, m);
          if (checkCertificate(doc, options).valid) {
            if (sameLeafInterior(f.cert, doc, site, f.network)) equivalentWitnesses++;
            else accepted.push(`${f.name}: ${pathText(site)} → ${m}`);
          }
          if (site[0] !== 'claim') continue;
          // Re-sealed: the digest and the network hashes no longer protect the claim; the mathematics must.
          reseal(doc);
          const r = checkCertificate(doc, resealedOptions(doc, f));
          if (rejectedOnSeal(r)) accepted.push(`${f.name}: re-sealed ${pathText(site)} → ${m} rejected on a seal: ${reasonOf(r)}`);
          else if (!r.valid) resealedRejected++;
          // Metadata and names of an embedded network are not part of what it computes (the hash
          // covers format, inputs and layers), so the mutated claim is the same mathematical claim.
          else if (site[1] === 'network' && site[2] === 'embedded' && (site[3] === 'metadata' || site[3] === 'name')) resealedAcceptedTrue++;
          else if (oracleAgrees(doc, f.network, f.cert)) resealedAcceptedTrue++;
          else accepted.push(`${f.name}: re-sealed ${pathText(site)} → ${m} accepted, but the mutated claim is false`);
        }
      }
    }
    console.log(
      `number mutations: ${total}; re-sealed claim mutations rejected by the mathematics: ${resealedRejected}, accepted and confirmed true by the oracle: ${resealedAcceptedTrue}; region-tree witnesses moved within their leaf (accepted, confirmed by evaluation): ${equivalentWitnesses}`,
    );
    expect(accepted).toEqual([]);
    expect(total).toBeGreaterThan(1000);
  }, 240_000);

  it('structural changes make the certificate invalid; claim changes re-sealed are rejected by the mathematics unless true', () => {
    const accepted: string[] = [];
    let total = 0;
    let resealed = 0;
    let resealedAcceptedTrue = 0;
    for (const f of fixtures) {
      const options = f.network ? { network: f.network } : {};
      for (const [name, doc] of structural(f.cert)) {
        total++;
        const r = checkCertificate(doc, options);
        if (r.valid) accepted.push(`${f.name}: ${name}`);
        if (SEAL_MUTATIONS.has(name)) {
          // These test the seals themselves: re-sealing would undo or bypass them.
          if (!rejectedOnSeal(r) && !/does not embed it/.test(reasonOf(r))) accepted.push(`${f.name}: ${name} not rejected on its seal: ${reasonOf(r)}`);
          continue;
        }
        const d = doc as Certificate;
        if (JSON.stringify(d.claim) === JSON.stringify(f.cert.claim)) {
          if (rejectedOnSeal(r)) accepted.push(`${f.name}: ${name} (the evidence only) rejected on a seal: ${reasonOf(r)}`);
          continue;
        }
        resealed++;
        const again = checkCertificate(reseal(d), resealedOptions(d, f));
        if (rejectedOnSeal(again)) accepted.push(`${f.name}: re-sealed ${name} rejected on a seal: ${reasonOf(again)}`);
        else if (again.valid && oracleAgrees(d, f.network, f.cert)) resealedAcceptedTrue++;
        else if (again.valid) accepted.push(`${f.name}: re-sealed ${name} accepted, but the mutated claim is false`);
      }
    }
    console.log(`structural mutations: ${total}; claim changes re-sealed: ${resealed} (accepted and confirmed true by the oracle: ${resealedAcceptedTrue})`);
    expect(accepted).toEqual([]);
    expect(resealed).toBeGreaterThan(100);
  });
});
