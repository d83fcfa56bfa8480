/**
 * The certificate format and the producers: the committed JSON Schema equals the generated one;
 * written certificates read back unchanged; every producer's certificate is accepted by the
 * checker and agrees with independent answers.
 */
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fraction from 'fraction.js';
import { describe, expect, it } from 'vitest';
import { activationRegionCertificate, activationRegionSystem } from '../../src/regions/activationRegionCertificate.js';
import { linearSystemCertificate } from '../../src/properties/linearSystem/certificate.js';
import { lpOptimumCertificate } from '../../src/properties/lpOptimum/certificate.js';
import { outputBoundCounterexample } from '../../src/properties/outputBound/certificate.js';
import { CertificateJson, certificateJsonSchema } from '../../src/checker/schema/index.js';
import { formatCertificate, writeCertificate } from '../../src/certificates/write.js';
import { checkCertificate } from '../../src/checker/index.js';
import { InputError } from '../../src/errors.js';
import { parseRational } from '../../src/exact/rational.js';
import { activationSigns, evaluate } from '../../src/network/evaluate.js';
import { type Network, denseLayer } from '../../src/network/model.js';
import { satisfies } from '../../src/polyhedra/fourierMotzkin.js';
import type { LinearConstraint, LinearSystem } from '../../src/polyhedra/system.js';
import { freshFixtures, randomNetwork, rng } from '../checker/fixtures.js';
import { entryNetwork, loadManifest, proofsDir } from '../../proofs/suite.js';

const F = (v: number): Fraction => new Fraction(BigInt(v), 1n);
const abs: Network = {
  inputs: 1,
  layers: [denseLayer([[F(1)], [F(-1)]], [F(0), F(0)], 'relu', 1), denseLayer([[F(1), F(1)]], [F(0)], 'identity', 2)],
};

describe('the format', () => {
  it('schemas/certificate.schema.json is the schema generated from the zod definition (regenerate: npm run proofs -- --write-schema)', () => {
    const committed = JSON.parse(readFileSync(join(import.meta.dirname, '../../schemas/certificate.schema.json'), 'utf8'));
    expect(committed).toEqual(JSON.parse(JSON.stringify(certificateJsonSchema())));
  });

  it('written certificates parse back to the same document, in the fixed key order', () => {
    const dir = mkdtempSync(join(tmpdir(), 'relucert-cert-'));
    for (const f of freshFixtures()) {
      const file = join(dir, 'c.json');
      writeCertificate(file, f.cert, f.network !== undefined ? { network: f.network } : {});
      const text = readFileSync(file, 'utf8');
      expect(text).toBe(formatCertificate(f.cert));
      const back = JSON.parse(text);
      expect(back).toEqual(JSON.parse(JSON.stringify(f.cert)));
      expect(Object.keys(back)).toEqual(['format', 'claim', 'verdict', 'evidence', 'engine']);
      expect(CertificateJson.safeParse(back).success).toBe(true);
    }
  });
});

describe('producers', () => {
  it('linear systems in 3 variables: the certificate is valid and agrees with the point/multiplier semantics', () => {
    const int = rng(11);
    let holds = 0;
    for (let t = 0; t < 150; t++) {
      const rows: LinearConstraint[] = Array.from({ length: int(2, 7) }, () => ({
        coefficients: [F(int(-2, 2)), F(int(-2, 2)), F(int(-2, 2))],
        relation: (['<=', '<', '='] as const)[int(0, 5) % 3] as '<=' | '<' | '=',
        rhs: F(int(-3, 3)),
      }));
      const system: LinearSystem = { variables: 3, constraints: rows };
      const cert = linearSystemCertificate(system, 'feasible');
      expect(checkCertificate(cert)).toMatchObject({ valid: true });
      if (cert.verdict === 'holds' && cert.evidence.kind === 'point') {
        holds++;
        expect(satisfies(system, cert.evidence.point.map((s) => parseRational(s)))).toBe(true);
      }
    }
    expect(holds).toBeGreaterThan(10);
    expect(holds).toBeLessThan(140);
  });

  it('interior questions refuse equality rows', () => {
    expect(() => linearSystemCertificate({ variables: 1, constraints: [{ coefficients: [F(1)], relation: '=', rhs: F(0) }] }, 'interior-nonempty')).toThrow(InputError);
  });

  it('LP optima agree with vertex enumeration on random bounded 2-D LPs', () => {
    const int = rng(5);
    let optimal = 0;
    for (let t = 0; t < 60; t++) {
      const rows: LinearConstraint[] = [
        { coefficients: [F(1), F(0)], relation: '<=', rhs: F(3) },
        { coefficients: [F(-1), F(0)], relation: '<=', rhs: F(3) },
        { coefficients: [F(0), F(1)], relation: '<=', rhs: F(3) },
        { coefficients: [F(0), F(-1)], relation: '<=', rhs: F(3) },
        ...Array.from({ length: int(1, 3) }, () => ({ coefficients: [F(int(-3, 3)), F(int(-3, 3))], relation: '<=' as const, rhs: F(int(-4, 4)) })),
      ];
      const system = { variables: 2, constraints: rows };
      const c = [F(int(-3, 3)), F(int(-3, 3))];
      const sense = t % 2 === 0 ? 'max' : 'min';
      const outcome = lpOptimumCertificate(system, c, sense);
      // Brute force: the optimum of a bounded nonempty polygon is at a vertex.
      let best: Fraction | undefined;
      for (let p = 0; p < rows.length; p++) {
        for (let q = p + 1; q < rows.length; q++) {
          const [a1, a2] = (rows[p] as LinearConstraint).coefficients as [Fraction, Fraction];
          const [b1, b2] = (rows[q] as LinearConstraint).coefficients as [Fraction, Fraction];
          const det = a1.mul(b2).sub(a2.mul(b1));
          if (det.n === 0n) continue;
          const r1 = (rows[p] as LinearConstraint).rhs;
          const r2 = (rows[q] as LinearConstraint).rhs;
          const v = [r1.mul(b2).sub(a2.mul(r2)).div(det), a1.mul(r2).sub(r1.mul(b1)).div(det)];
          if (!satisfies(system, v)) continue;
          const value = (c[0] as Fraction).mul(v[0] as Fraction).add((c[1] as Fraction).mul(v[1] as Fraction));
          if (best === undefined || (sense === 'max' ? value.compare(best) > 0 : value.compare(best) < 0)) best = value;
        }
      }
      expect(outcome.status).not.toBe('unbounded');
      if (best === undefined) {
        expect(outcome.status).toBe('infeasible');
      } else {
        optimal++;
        expect(outcome.status).toBe('optimal');
        if (outcome.status === 'optimal') expect(outcome.value.equals(best)).toBe(true);
      }
      if (outcome.status !== 'unbounded') expect(checkCertificate(outcome.certificate)).toMatchObject({ valid: true });
    }
    expect(optimal).toBeGreaterThan(20);
  });

  it('LP statuses: unbounded and infeasible', () => {
    const ray = { variables: 1, constraints: [{ coefficients: [F(-1)], relation: '<=' as const, rhs: F(0) }] };
    expect(lpOptimumCertificate(ray, [F(1)], 'max').status).toBe('unbounded');
    expect(lpOptimumCertificate(ray, [F(1)], 'min')).toMatchObject({ status: 'optimal' });
    const empty = { variables: 1, constraints: [...ray.constraints, { coefficients: [F(1)], relation: '<=' as const, rhs: F(-1) }] };
    const r = lpOptimumCertificate(empty, [F(1)], 'max');
    expect(r.status).toBe('infeasible');
    if (r.status === 'infeasible') expect(checkCertificate(r.certificate)).toMatchObject({ valid: true, verdict: 'violated' });
  });

  it('activation regions: interior points have the pattern strictly; sampled patterns are never declared empty', () => {
    const int = rng(3);
    for (let t = 0; t < 30; t++) {
      const net = randomNetwork(int, 2, [int(1, 3), int(1, 3), 1]);
      // A pattern observed at a random point (all signs nonzero) must be certified nonempty.
      const x = [new Fraction(BigInt(int(-40, 40)), 13n), new Fraction(BigInt(int(-40, 40)), 17n)];
      const signs = activationSigns(net, x);
      const sampled = net.layers.map((l, k) => (l.activation === 'relu' ? Array.from(signs[k] as Int8Array, (s) => (s > 0 ? '+' : '-')).join('') : ''));
      const strict = net.layers.every((l, k) => l.activation !== 'relu' || (signs[k] as Int8Array).every((s) => s !== 0));
      const cert = activationRegionCertificate(net, sampled);
      expect(checkCertificate(cert)).toMatchObject({ valid: true });
      if (strict) expect(cert.verdict).toBe('holds');
      if (cert.verdict === 'holds' && cert.evidence.kind === 'point') {
        const at = activationSigns(net, cert.evidence.point.map((s) => parseRational(s)));
        net.layers.forEach((l, k) => {
          if (l.activation === 'relu') expect(Array.from(at[k] as Int8Array, (s) => (s > 0 ? '+' : s < 0 ? '-' : '0')).join('')).toBe(sampled[k]);
        });
      }
    }
  });

  it('the region system has the documented row order (neurons, then lower, then upper box rows)', () => {
    const s = activationRegionSystem(abs, ['+-', ''], [[F(-2), F(3)]]);
    expect(s.constraints.map((c) => [c.coefficients.map(String), c.relation, String(c.rhs)])).toEqual([
      [['-1'], '<', '0'],
      [['-1'], '<', '0'],
      [['-1'], '<', '2'],
      [['1'], '<', '3'],
    ]);
  });

  it('the falsifier finds exact counterexamples and returns undefined for true bounds', () => {
    const box: [Fraction, Fraction][] = [[F(-2), F(2)]];
    const cert = outputBoundCounterexample(abs, box, [F(1)], F(1), { seed: 1, samples: 10 });
    expect(cert && checkCertificate(cert)).toMatchObject({ valid: true, verdict: 'violated' });
    if (cert?.evidence.kind === 'counterexample') {
      expect(evaluate(abs, cert.evidence.input.map((s) => parseRational(s))).map(String)).toEqual(cert.evidence.output);
    }
    expect(outputBoundCounterexample(abs, box, [F(1)], F(2), { seed: 1, samples: 200 })).toBeUndefined();
  });
});

describe('streamed writing', () => {
  it('writes every committed proof certificate byte for byte as formatCertificate formats it (and as committed)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'relucert-stream-'));
    const certificates = join(import.meta.dirname, '..', '..', 'proofs', 'certificates');
    const names = readdirSync(certificates).filter((f) => f.endsWith('.json'));
    expect(names.length).toBeGreaterThan(40);
    // writeCertificate checks before writing: certificates that do not embed their network get it from the manifest.
    const proofs = proofsDir();
    const networks = new Map(loadManifest(proofs).map((e) => [e.certificate.split('/').pop() as string, entryNetwork(proofs, e)]));
    for (const name of names) {
      const text = readFileSync(join(certificates, name), 'utf8');
      const cert = JSON.parse(text);
      const out = join(dir, name);
      const network = networks.get(name);
      writeCertificate(out, cert, network !== undefined ? { network } : {});
      const written = readFileSync(out, 'utf8');
      expect(written, name).toBe(formatCertificate(cert));
      expect(written, name).toBe(text);
    }
  });
});
