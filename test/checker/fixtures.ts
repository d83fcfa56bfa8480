/**
 * Certificates for the checker tests: every committed proof certificate, and fresh ones produced
 * from seeded random systems, LPs and tiny networks (including sparse multipliers, equality rows,
 * a network supplied rather than embedded).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Fraction from 'fraction.js';
import { activationRegionCertificate } from '../../src/regions/activationRegionCertificate.js';
import { linearSystemCertificate } from '../../src/properties/linearSystem/certificate.js';
import { lpOptimumCertificate } from '../../src/properties/lpOptimum/certificate.js';
import { outputBoundCounterexample } from '../../src/properties/outputBound/certificate.js';
import { compositionalSortCertificate } from '../../src/properties/sorting/compositionalCertificate.js';
import { sorterNetwork } from '../../src/construct/constructions.js';
import type { Certificate } from '../../src/checker/schema/index.js';
import { type Layer, type Network, denseLayer } from '../../src/network/model.js';
import type { LinearConstraint, Relation } from '../../src/polyhedra/system.js';
import { entryNetwork, loadManifest, proofsDir } from '../../proofs/suite.js';

/** A certificate to check, with the network to supply when it is not embedded. */
export interface Fixture {
  readonly name: string;
  readonly cert: Certificate;
  readonly network?: Network;
}

/** A small seeded PRNG (mulberry32). */
export function rng(seed: number): (lo: number, hi: number) => number {
  let a = seed >>> 0;
  return (lo, hi) => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return lo + (((t ^ (t >>> 14)) >>> 0) % (hi - lo + 1));
  };
}

const F = (v: number | bigint): Fraction => new Fraction(BigInt(v), 1n);

/** A random dense network with small integer weights. */
export function randomNetwork(int: (lo: number, hi: number) => number, inputs: number, widths: readonly number[], lastRelu = false): Network {
  const layers: Layer[] = [];
  let n = inputs;
  widths.forEach((m, k) => {
    const weights = Array.from({ length: m }, () => Array.from({ length: n }, () => F(int(-2, 2))));
    const bias = Array.from({ length: m }, () => F(int(-2, 2)));
    layers.push(denseLayer(weights, bias, k === widths.length - 1 && !lastRelu ? 'identity' : 'relu', n));
    n = m;
  });
  return { inputs, layers };
}

/** Every committed proof certificate. */
export function committedFixtures(): Fixture[] {
  const dir = proofsDir();
  return loadManifest(dir).map((entry) => ({
    name: `proof ${entry.id}`,
    cert: JSON.parse(readFileSync(join(dir, entry.certificate), 'utf8')) as Certificate,
    ...(entry.network !== undefined ? { network: entryNetwork(dir, entry) as Network } : {}),
  }));
}

/** Freshly produced certificates of every property, verdict and evidence kind. */
export function freshFixtures(): Fixture[] {
  const out: Fixture[] = [];
  const int = rng(7);
  // Linear systems in 1–3 variables with every relation; both questions.
  for (let t = 0; out.length < 10 && t < 200; t++) {
    const n = int(1, 3);
    const rows: LinearConstraint[] = Array.from({ length: int(2, 5) }, () => {
      const k = int(0, 9);
      const relation: Relation = k < 5 ? '<=' : k < 8 ? '<' : '=';
      return { coefficients: Array.from({ length: n }, () => F(int(-3, 3))), relation, rhs: new Fraction(BigInt(int(-6, 6)), BigInt(int(1, 3))) };
    });
    const hasEq = rows.some((r) => r.relation === '=');
    const question = !hasEq && t % 2 === 0 ? 'interior-nonempty' : 'feasible';
    out.push({ name: `random system ${t} (${question})`, cert: linearSystemCertificate({ variables: n, constraints: rows }, question) });
  }
  // Random bounded LPs (a box keeps them bounded), max and min, with an equality row sometimes.
  for (let t = 0; out.filter((f) => f.cert.claim.property === 'lp-optimum').length < 6 && t < 100; t++) {
    const n = 2;
    const rows: LinearConstraint[] = [];
    for (let j = 0; j < n; j++) {
      const e = (s: number): Fraction[] => Array.from({ length: n }, (_, q) => F(q === j ? s : 0));
      rows.push({ coefficients: e(1), relation: '<=', rhs: F(3) }, { coefficients: e(-1), relation: '<=', rhs: F(3) });
    }
    rows.push({ coefficients: [F(int(-3, 3)), F(int(-3, 3))], relation: t % 3 === 0 ? '=' : '<=', rhs: F(int(-2, 4)) });
    const objective = [F(int(-3, 3)), new Fraction(BigInt(int(-3, 3)), 2n)];
    const sense = t % 2 === 0 ? 'max' : 'min';
    const statement = t % 4 === 1 ? 'bound' : 'optimum';
    const outcome = lpOptimumCertificate({ variables: n, constraints: rows }, objective, sense, statement);
    if (outcome.status === 'optimal') out.push({ name: `random LP ${t} (${sense}, ${statement})`, cert: outcome.certificate });
  }
  // Activation regions of random tiny networks, with and without a box.
  for (let t = 0; t < 8; t++) {
    const net = randomNetwork(int, int(1, 2), [int(1, 3), int(1, 2), 1], t % 2 === 0);
    const pattern = net.layers.map((l) => (l.activation === 'relu' ? Array.from({ length: l.outputs }, () => (int(0, 1) ? '+' : '-')).join('') : ''));
    const box = t % 3 === 0 ? undefined : Array.from({ length: net.inputs }, () => [F(int(-3, -1)), F(int(1, 3))] as [Fraction, Fraction]);
    out.push({ name: `random region ${t}`, cert: activationRegionCertificate(net, pattern, box ? { box } : {}) });
  }
  // Sparse multipliers: ten neurons x − i; x < i for i ≤ 8 and x > 9 contradict through rows 0 and 9.
  const ladder: Network = {
    inputs: 1,
    layers: [denseLayer(Array.from({ length: 10 }, () => [F(1)]), Array.from({ length: 10 }, (_, i) => F(-i)), 'relu', 1)],
  };
  const sparse = activationRegionCertificate(ladder, ['---------+'], { embed: false });
  out.push({ name: 'ladder region (sparse multipliers, network supplied)', cert: sparse, network: ladder });
  // Counterexamples on random networks (skipped when the falsifier finds none).
  for (let t = 0; t < 4; t++) {
    const net = randomNetwork(int, 2, [3, 2]);
    const box = [[F(-2), F(1)], [F(0), F(2)]] as [Fraction, Fraction][];
    const cert = outputBoundCounterexample(net, box, [F(1), F(-1)], F(0), { seed: t, samples: 50, embed: t % 2 === 0 });
    if (cert !== undefined) out.push({ name: `random counterexample ${t}`, cert, ...(t % 2 === 0 ? {} : { network: net }) });
  }
  // Compositional sort proofs with the network embedded: recursive merging (bitonic, n = 4) and
  // the 0-1 principle with identity pairs (odd–even transposition, n = 3).
  for (const [net, method] of [
    [sorterNetwork(4), 'merge'],
    [sorterNetwork(3, 'odd-even'), 'zero-one'],
  ] as const) {
    const outcome = compositionalSortCertificate(net, { method });
    if (outcome.status === 'holds') out.push({ name: `compositional ${net.name ?? ''} (${method}, embedded)`, cert: outcome.certificate });
  }
  return out;
}
