/**
 * The self-check gate of writeCertificate (issue 11): a certificate the independent checker
 * rejects is never written — no file, no temporary file — and the caller gets an InternalError
 * with the checker's reason and path; a valid one is written as formatCertificate formats it.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import Fraction from 'fraction.js';
import { describe, expect, it } from 'vitest';
import { activationRegionCertificate } from '../../src/regions/activationRegionCertificate.js';
import { linearSystemCertificate } from '../../src/properties/linearSystem/certificate.js';
import type { Certificate } from '../../src/checker/schema/index.js';
import { formatCertificate, writeCertificate } from '../../src/certificates/write.js';
import { InternalError, LimitReached } from '../../src/errors.js';
import { MAX_RATIONAL_DIGITS } from '../../src/checker/schema/index.js';
import { denseLayer, type Network } from '../../src/network/model.js';
import { tempDir } from '../e2e/helpers.js';

const F = (v: number): Fraction => new Fraction(BigInt(v), 1n);

/** x ≤ 0 and −x ≤ −1: infeasible, refuted by the multipliers (1, 1): 0 ≤ −1. */
function refutation(): Certificate {
  return linearSystemCertificate(
    { variables: 1, constraints: [{ coefficients: [F(1)], relation: '<=', rhs: F(0) }, { coefficients: [F(-1)], relation: '<=', rhs: F(-1) }] },
    'feasible',
  );
}

/** Calls `run` and returns what it threw. */
function thrown(run: () => void): unknown {
  try {
    run();
  } catch (e) {
    return e;
  }
  return undefined;
}

describe('writeCertificate: the self-check gate', () => {
  it('writes a certificate the checker accepts, byte for byte as formatCertificate formats it', () => {
    const dir = tempDir();
    const file = join(dir, 'ok.json');
    const cert = refutation();
    writeCertificate(file, cert);
    expect(readFileSync(file, 'utf8')).toBe(formatCertificate(cert));
  });

  it('a broken certificate throws InternalError with the checker\'s reason and path, and leaves no file and no temporary file', () => {
    const dir = tempDir();
    const file = join(dir, 'broken.json');
    const cert = refutation();
    expect(cert.evidence.kind).toBe('motzkin');
    // Σ yᵢ bᵢ of (1, 1) is −1; recording −2 makes the evidence false.
    const broken = { ...cert, evidence: { ...cert.evidence, rhsSum: '-2' } } as Certificate;
    const e = thrown(() => writeCertificate(file, broken));
    expect(e).toBeInstanceOf(InternalError);
    const error = e as InternalError;
    expect(error.path).toBe('evidence.rhsSum');
    expect(error.reason).toContain('-1');
    expect(error.file).toBe(file);
    expect(error.message).toBe(`the certificate for ${file} failed its own check: ${error.reason} (at evidence.rhsSum); nothing was written`);
    expect(existsSync(file)).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('an existing file is left untouched when the new certificate fails its check', () => {
    const dir = tempDir();
    const file = join(dir, 'c.json');
    const cert = refutation();
    writeCertificate(file, cert);
    const before = readFileSync(file, 'utf8');
    const broken = { ...cert, verdict: 'holds' } as Certificate;
    expect(() => writeCertificate(file, broken)).toThrow(InternalError);
    expect(readFileSync(file, 'utf8')).toBe(before);
    expect(readdirSync(dir)).toEqual(['c.json']);
  });

  it('a certificate that names its network without embedding it needs the network in the options', () => {
    // relu(x) and relu(−x) both active: x > 0 and −x > 0, impossible.
    const abs: Network = { inputs: 1, layers: [denseLayer([[F(1)], [F(-1)]], [F(0), F(0)], 'relu', 1), denseLayer([[F(1), F(1)]], [F(0)], 'identity', 2)] };
    const cert = activationRegionCertificate(abs, ['++', ''], { embed: false });
    const dir = tempDir();
    const file = join(dir, 'r.json');
    expect(() => writeCertificate(file, cert)).toThrow(/does not embed it/);
    expect(readdirSync(dir)).toEqual([]);
    writeCertificate(file, cert, { network: abs });
    expect(readFileSync(file, 'utf8')).toBe(formatCertificate(cert));
  });

  it('a certificate beyond the checker\'s size limits is a reached limit (LimitReached "size"), not a bug, and is not written', () => {
    // relu(x) and relu(−x) both active is impossible whatever the (positive) weights: the claim is
    // true, but a weight with more digits than the checker takes for one number makes it uncheckable.
    const huge = new Fraction(10n ** BigInt(MAX_RATIONAL_DIGITS) + 1n, 1n);
    const net: Network = { inputs: 1, layers: [denseLayer([[huge], [F(-1)]], [F(0), F(0)], 'relu', 1), denseLayer([[F(1), F(1)]], [F(0)], 'identity', 2)] };
    const cert = activationRegionCertificate(net, ['++', '']);
    const dir = tempDir();
    const e = thrown(() => writeCertificate(join(dir, 'big.json'), cert));
    expect(e).toBeInstanceOf(LimitReached);
    expect((e as LimitReached).limit).toBe('size');
    expect((e as LimitReached).message).toMatch(/exceed the checker's size limits/);
    expect(readdirSync(dir)).toEqual([]);
  });
});
