/**
 * The checker on hand-made certificates: malformed documents, unsupported evidence, network
 * resolution, evidence that proves less than the claim, and the boundary cases of the theorems.
 */
import fc from 'fast-check';
import Fraction from 'fraction.js';
import { describe, expect, it } from 'vitest';
import { activationRegionCertificate } from '../../src/regions/activationRegionCertificate.js';
import { linearSystemCertificate } from '../../src/properties/linearSystem/certificate.js';
import { CERTIFICATE_FORMAT, claimSha256 } from '../../src/checker/schema/index.js';
import { type CheckResult, checkCertificate, checkExitCode } from '../../src/checker/index.js';
import { networkSha256 } from '../../src/network/hash.js';
import { networkToJson } from '../../src/network/json.js';
import { type Network, denseLayer } from '../../src/network/model.js';

const F = (v: number): Fraction => new Fraction(BigInt(v), 1n);
const abs: Network = {
  inputs: 1,
  layers: [denseLayer([[F(1)], [F(-1)]], [F(0), F(0)], 'relu', 1), denseLayer([[F(1), F(1)]], [F(0)], 'identity', 2)],
};

/** A certificate document with its claim digest filled in. */
function doc(claim: Record<string, unknown>, verdict: string, evidence: Record<string, unknown>): Record<string, unknown> {
  return {
    format: CERTIFICATE_FORMAT,
    claim,
    verdict,
    evidence: { ...evidence, claimSha256: claimSha256(claim) },
    engine: { version: 'test', stats: {} },
  };
}

const row = (coefficients: string[], relation: string, rhs: string) => ({ coefficients, relation, rhs });
const invalid = (r: CheckResult): string => (r.valid ? 'VALID' : r.reason);

describe('checkCertificate: malformed and unsupported input', () => {
  it('reports malformed documents with the zod path, and never throws', () => {
    expect(checkCertificate(42)).toMatchObject({ valid: false });
    const bad = linearSystemCertificate({ variables: 1, constraints: [{ coefficients: [F(1)], relation: '<=', rhs: F(1) }] }, 'feasible') as Record<string, any>;
    bad.evidence.point = [0.5];
    expect(checkCertificate(bad)).toMatchObject({ valid: false, path: 'evidence.point[0]' });
    bad.evidence.point = ['1/0'];
    expect(checkCertificate(bad)).toMatchObject({ valid: false, path: 'evidence.point[0]' });
    fc.assert(fc.property(fc.jsonValue(), (v) => checkCertificate(v).valid === false));
  });

  it('an unknown evidence kind is unsupported, not malformed', () => {
    const r = checkCertificate({ format: CERTIFICATE_FORMAT, evidence: { kind: 'future-kind' } });
    expect(invalid(r)).toMatch(/^unsupported evidence/);
  });

  it('output-bound "holds" is answered "unsupported evidence", whatever the evidence', () => {
    const claim = {
      property: 'output-bound',
      network: { sha256: networkSha256(abs), embedded: networkToJson(abs) },
      domain: { box: [['-2', '2']] },
      objective: ['1'],
      bound: '2',
    };
    const r = checkCertificate(doc(claim, 'holds', { kind: 'point', point: ['0'], slacks: [] }));
    expect(invalid(r)).toMatch(/^unsupported evidence/);
    expect(checkExitCode(r)).toBe(1);
  });
});

describe('checkCertificate: the network', () => {
  const cert = activationRegionCertificate(abs, ['+-', ''], { embed: false });

  it('a certificate naming a network it does not embed needs the network', () => {
    expect(invalid(checkCertificate(cert))).toBe(`the certificate names network ${networkSha256(abs)} but does not embed it; pass it with --network`);
    expect(checkCertificate(cert, { network: abs }).valid).toBe(true);
  });

  it('a supplied network with another hash is rejected', () => {
    const other: Network = { inputs: 1, layers: [denseLayer([[F(2)], [F(-1)]], [F(0), F(0)], 'relu', 1), abs.layers[1] as never] };
    expect(invalid(checkCertificate(cert, { network: other }))).toMatch(/hashes to/);
  });

  it('an invalid embedded network is reported at its path', () => {
    const claim = { property: 'activation-region', network: { sha256: networkSha256(abs), embedded: { format: 'relucert.network/1', inputs: 0, layers: [] } }, pattern: [] };
    const r = checkCertificate(doc(claim, 'holds', { kind: 'point', point: [], slacks: [] }));
    expect(r).toMatchObject({ valid: false, path: expect.stringMatching(/^claim\.network\.embedded/) });
  });
});

describe('checkCertificate: evidence that proves less is invalid', () => {
  const segment = { variables: 2, constraints: [row(['1', '1'], '<=', '1'), row(['-1', '-1'], '<=', '-1')] };

  it('a boundary point does not show a nonempty interior', () => {
    const claim = { property: 'linear-system', system: segment, question: 'interior-nonempty' };
    expect(invalid(checkCertificate(doc(claim, 'holds', { kind: 'point', point: ['1', '0'], slacks: ['0', '0'] })))).toMatch(/strict/);
    const feasible = { ...claim, question: 'feasible' };
    expect(checkCertificate(doc(feasible, 'holds', { kind: 'point', point: ['1', '0'], slacks: ['0', '0'] })).valid).toBe(true);
  });

  it('multipliers summing to 0 ≤ 0 without a strict row refute nothing', () => {
    const claim = { property: 'linear-system', system: segment, question: 'feasible' };
    const r = checkCertificate(doc(claim, 'violated', { kind: 'motzkin', multipliers: ['1', '1'], rhsSum: '0', strictSum: '0' }));
    expect(invalid(r)).toMatch(/no contradiction/);
    const interior = { ...claim, question: 'interior-nonempty' };
    expect(checkCertificate(doc(interior, 'violated', { kind: 'motzkin', multipliers: ['1', '1'], rhsSum: '0', strictSum: '2' })).valid).toBe(true);
  });

  it('a negative multiplier on an inequality is refused; equalities take any sign', () => {
    const system = { variables: 1, constraints: [row(['1'], '=', '1'), row(['1'], '<=', '0')] };
    const claim = { property: 'linear-system', system, question: 'feasible' };
    expect(checkCertificate(doc(claim, 'violated', { kind: 'motzkin', multipliers: ['-1', '1'], rhsSum: '-1', strictSum: '0' })).valid).toBe(true);
    expect(checkCertificate(doc(claim, 'violated', { kind: 'motzkin', multipliers: ['1', '-1'], rhsSum: '1', strictSum: '0' })).valid).toBe(false);
  });

  it('interior questions keep zero rows as they are and refuse equalities', () => {
    const system = { variables: 1, constraints: [row(['0'], '<=', '0'), row(['1'], '<=', '1')] };
    const claim = { property: 'linear-system', system, question: 'interior-nonempty' };
    expect(checkCertificate(doc(claim, 'holds', { kind: 'point', point: ['0'], slacks: ['0', '1'] })).valid).toBe(true);
    const withEq = { ...claim, system: { variables: 1, constraints: [row(['1'], '=', '0')] } };
    expect(invalid(checkCertificate(doc(withEq, 'holds', { kind: 'point', point: ['0'], slacks: ['0'] })))).toMatch(/may not contain "="/);
  });

  it('verdict and evidence kind must match; lp bound ↔ dual, lp optimum ↔ primal-dual', () => {
    const claim = { property: 'linear-system', system: segment, question: 'feasible' };
    expect(checkCertificate(doc(claim, 'violated', { kind: 'point', point: ['1', '0'], slacks: ['0', '0'] })).valid).toBe(false);
    const lp = { property: 'lp-optimum', system: { variables: 1, constraints: [row(['1'], '<=', '2')] }, objective: ['1'], sense: 'max', statement: 'optimum', value: '2' };
    expect(checkCertificate(doc(lp, 'holds', { kind: 'primal-dual', primal: ['2'], slacks: ['0'], dual: ['1'] })).valid).toBe(true);
    expect(checkCertificate(doc(lp, 'holds', { kind: 'dual', dual: ['1'] })).valid).toBe(false);
    const bound = { ...lp, statement: 'bound', value: '2' };
    expect(checkCertificate(doc(bound, 'holds', { kind: 'dual', dual: ['1'] })).valid).toBe(true);
    expect(checkCertificate(doc({ ...bound, sense: 'min' }, 'holds', { kind: 'dual', dual: ['1'] })).valid).toBe(false);
    expect(checkCertificate(doc(lp, 'holds', { kind: 'primal-dual', primal: ['1'], slacks: ['1'], dual: ['1'] })).valid).toBe(false);
  });

  it('a repeated row may not carry the multiplier of its first copy', () => {
    const system = { variables: 1, constraints: [row(['1'], '<=', '0'), row(['1'], '<=', '0'), row(['-1'], '<=', '-1')] };
    const claim = { property: 'linear-system', system, question: 'feasible' };
    expect(checkCertificate(doc(claim, 'violated', { kind: 'motzkin', multipliers: ['1', '0', '1'], rhsSum: '-1', strictSum: '0' })).valid).toBe(true);
    expect(invalid(checkCertificate(doc(claim, 'violated', { kind: 'motzkin', multipliers: ['0', '1', '1'], rhsSum: '-1', strictSum: '0' })))).toMatch(/repeats row 0/);
  });

  it('a counterexample on the boundary of the bound proves nothing', () => {
    const claim = { property: 'output-bound', network: { sha256: networkSha256(abs), embedded: networkToJson(abs) }, domain: { box: [['-2', '2']] }, objective: ['1'], bound: '2' };
    const r = checkCertificate(doc(claim, 'violated', { kind: 'counterexample', input: ['-2'], preactivations: [['-2', '2'], ['2']], output: ['2'], value: '2' }));
    expect(invalid(r)).toMatch(/does not exceed/);
  });
});
