/**
 * The checker's size limits (issue 11, defects 2 and 7): adversarial certificates are refused
 * with a reason naming the field and the limit, or checked; numbers exactly at a limit are still
 * checked. (How long checking takes is measured in benchmarks/checkerAdversarial.ts, not here.)
 */
import { describe, expect, it } from 'vitest';
import { CERTIFICATE_FORMAT, MAX_RATIONAL_DIGITS, claimSha256 } from '../../src/checker/schema/index.js';
import { MAX_COMMON_DENOMINATOR_DIGITS, MAX_DERIVED_DIGITS } from '../../src/checker/kernel/rational.js';
import { type CheckResult, checkCertificate } from '../../src/checker/index.js';
import { MAX_NETWORK_GROWTH_DIGITS } from '../../src/checker/limits.js';
import { MAX_JSON_DEPTH } from '../../src/network/json.js';
import { mulberry32Uint32 } from '../../src/random/prng.js';

/** A certificate document with its claim digest filled in. */
function doc(claim: Record<string, unknown>, verdict: string, evidence: Record<string, unknown>): Record<string, unknown> {
  return { format: CERTIFICATE_FORMAT, claim, verdict, evidence: { ...evidence, claimSha256: claimSha256(claim) }, engine: { version: 'test', stats: {} } };
}

const row = (coefficients: string[], relation: string, rhs: string) => ({ coefficients, relation, rhs });
const reason = (r: CheckResult): string => (r.valid ? 'VALID' : r.reason);
const pathOf = (r: CheckResult): string | undefined => (r.valid ? undefined : r.path);

/** The decimal text of a seeded integer with exactly `digits` digits (text: a 10^6-digit BigInt is slow to print). */
function digitText(seed: number, digits: number): string {
  const next = mulberry32Uint32(seed);
  const chunks = [String(1 + (next() % 9))];
  for (let length = 1; length < digits; length += 9) chunks.push(String(next() % 1_000_000_000).padStart(9, '0'));
  return chunks.join('').slice(0, digits);
}

/** A seeded integer with exactly `digits` digits. */
const digitsOf = (seed: number, digits: number): bigint => BigInt(digitText(seed, digits));

/** The claim: x ≤ 0 and −x ≤ −1 have no common solution. Multipliers (1, 1) refute it; R/R is 1 written unreduced. */
function unreducedCertificate(r1: bigint | string, r2: bigint | string): Record<string, unknown> {
  const claim = { property: 'linear-system', system: { variables: 1, constraints: [row(['1'], '<=', '0'), row(['-1'], '<=', '-1')] }, question: 'feasible' };
  return doc(claim, 'violated', { kind: 'motzkin', multipliers: [`${r1}/${r1}`, `${r2}/${r2}`], rhsSum: '-1', strictSum: '0' });
}

describe('one number: at most MAX_RATIONAL_DIGITS digits in numerator and denominator', () => {
  it('checks the issue certificate with multipliers R/R written with exactly the limit of digits', () => {
    const r = checkCertificate(unreducedCertificate(digitsOf(1, MAX_RATIONAL_DIGITS), digitsOf(2, MAX_RATIONAL_DIGITS)));
    expect(r).toMatchObject({ valid: true, verdict: 'violated' });
  });

  it('refuses one digit more, naming the multiplier', () => {
    const r = checkCertificate(unreducedCertificate(digitsOf(1, MAX_RATIONAL_DIGITS + 1), digitsOf(2, 3)));
    expect(reason(r)).toContain(`more than ${MAX_RATIONAL_DIGITS} digits`);
    expect(pathOf(r)).toBe('evidence.multipliers[0]');
    // The denominator alone too long, in the second multiplier (the numerator is short).
    const d = checkCertificate(unreducedCertificate(7n, 1n));
    expect(d.valid).toBe(true);
    const long = digitsOf(3, MAX_RATIONAL_DIGITS + 1);
    const cert = unreducedCertificate(7n, 1n) as { evidence: { multipliers: string[] } };
    cert.evidence.multipliers[1] = `${long}/${long}`;
    expect(pathOf(checkCertificate(cert))).toBe('evidence.multipliers[1]');
  });

  it('refuses the 4 MB reproduction (10^6-digit R1/R1, R2/R2) as malformed, naming the field', () => {
    const r = checkCertificate(unreducedCertificate(digitText(4, 1_000_000), digitText(5, 1_000_000)));
    expect(reason(r)).toMatch(/^malformed certificate: more than 2000 digits/);
    expect(pathOf(r)).toBe('evidence.multipliers[0]');
  });

  it('applies to the claim too (a coefficient of the system)', () => {
    const big = digitsOf(6, MAX_RATIONAL_DIGITS + 1);
    const claim = { property: 'linear-system', system: { variables: 1, constraints: [row([`${big}`], '<=', '0')] }, question: 'feasible' };
    const r = checkCertificate(doc(claim, 'holds', { kind: 'point', point: ['0'], slacks: ['0'] }));
    expect(pathOf(r)).toBe('claim.system.constraints[0].coefficients[0]');
  });
});

describe('common denominators and derived numbers', () => {
  it('refuses a row whose coefficients have distinct large denominators (the lcm would be n × 2000 digits)', () => {
    const n = 8;
    const coefficients = Array.from({ length: n }, (_, j) => `1/${digitsOf(10 + j, MAX_RATIONAL_DIGITS - 1)}`);
    const claim = { property: 'linear-system', system: { variables: n, constraints: [row(coefficients, '<=', '0')] }, question: 'feasible' };
    const r = checkCertificate(doc(claim, 'holds', { kind: 'point', point: new Array<string>(n).fill('0'), slacks: ['0'] }));
    expect(reason(r)).toContain(`common denominator of more than ${MAX_COMMON_DENOMINATOR_DIGITS} digits`);
    expect(pathOf(r)).toBe('claim.system.constraints[0]');
  });

  it('still checks a row whose denominators divide one another (their lcm is the largest)', () => {
    // 1/2, 1/4, …, 1/2^k: lcm 2^k, although the product would have k(k+1)/2 · log10 2 digits.
    const k = 200;
    const coefficients = Array.from({ length: k }, (_, j) => `1/${2n ** BigInt(j + 1)}`);
    const claim = { property: 'linear-system', system: { variables: k, constraints: [row(coefficients, '<=', '1')] }, question: 'feasible' };
    expect(checkCertificate(doc(claim, 'holds', { kind: 'point', point: new Array<string>(k).fill('0'), slacks: ['1'] }))).toMatchObject({ valid: true });
  });

  it('refuses a point whose coordinates have distinct large denominators, naming it', () => {
    const n = 3;
    const point = Array.from({ length: n }, (_, j) => `1/${digitsOf(20 + j, MAX_RATIONAL_DIGITS)}`);
    const claim = { property: 'linear-system', system: { variables: n, constraints: [row(['1', '1', '1'], '<=', '5')] }, question: 'feasible' };
    const r = checkCertificate(doc(claim, 'holds', { kind: 'point', point, slacks: ['1'] }));
    expect(reason(r)).toContain('common denominator');
    expect(pathOf(r)).toBe('evidence.point');
  });

  it('refuses multipliers whose denominators make the combination pass MAX_DERIVED_DIGITS, naming the multipliers', () => {
    // Pairs a·x ≤ a·i, −a·x ≤ −a·(i+1) with a = 1: refuted by any positive multipliers, here 1/F_i with distinct 1500-digit F_i.
    const pairs = Math.ceil(MAX_DERIVED_DIGITS / 1500) + 2;
    const constraints = [];
    const multipliers: string[] = [];
    for (let i = 0; i < pairs; i++) {
      constraints.push(row(['1'], '<=', String(i)), row(['-1'], '<=', String(-(i + 1))));
      const f = digitsOf(100 + i, 1500);
      multipliers.push(`1/${f}`, `1/${f}`);
    }
    const claim = { property: 'linear-system', system: { variables: 1, constraints }, question: 'feasible' };
    const r = checkCertificate(doc(claim, 'violated', { kind: 'motzkin', multipliers, rhsSum: '-1', strictSum: '0' }));
    expect(reason(r)).toContain(`more than ${MAX_DERIVED_DIGITS} digits`);
    expect(pathOf(r)).toBe('evidence.multipliers');
  });

  it('checks the same refutation when the multipliers share one large denominator', () => {
    const f = digitsOf(7, 1500);
    const pairs = 30;
    const constraints = [];
    for (let i = 0; i < pairs; i++) constraints.push(row(['1'], '<=', String(i)), row(['-1'], '<=', String(-(i + 1))));
    const claim = { property: 'linear-system', system: { variables: 1, constraints }, question: 'feasible' };
    // Σ yᵢ bᵢ = Σ (i − (i + 1)) / F = −30/F.
    const r = checkCertificate(doc(claim, 'violated', { kind: 'motzkin', multipliers: new Array<string>(2 * pairs).fill(`1/${f}`), rhsSum: `-${pairs}/${f}`, strictSum: '0' }));
    expect(r).toMatchObject({ valid: true });
  });

  it('abbreviates very long numbers in a failure message instead of printing them whole', () => {
    const f = digitsOf(8, 1500);
    const claim = { property: 'linear-system', system: { variables: 1, constraints: [row(['1'], '<=', '0'), row(['-1'], '<=', '-1')] }, question: 'feasible' };
    const r = checkCertificate(doc(claim, 'violated', { kind: 'motzkin', multipliers: [`1/${f}`, `1/${f}`], rhsSum: '-2', strictSum: '0' }));
    expect(reason(r)).toContain('(1500 digits)');
    expect(reason(r).length).toBeLessThan(300);
    expect(pathOf(r)).toBe('evidence.rhsSum');
  });
});

describe('networks the checker computes with', () => {
  const regionsClaim = (embedded: Record<string, unknown>) => ({ property: 'regions', network: { sha256: '0'.repeat(64), embedded }, domain: { kind: 'all' }, regions: 1 });

  it('refuses an embedded weight longer than any number within the limit, before parsing it', () => {
    const w = String(digitsOf(30, 10_000));
    const r = checkCertificate(doc(regionsClaim({ format: 'relucert.network/1', inputs: 1, layers: [{ weights: [[w]], bias: ['0'], activation: 'relu' }] }), 'holds', { kind: 'region-tree', nodes: [] }));
    expect(reason(r)).toContain(`more than ${MAX_RATIONAL_DIGITS} digits`);
    expect(pathOf(r)).toBe('claim.network.embedded.layers[0].weights[0][0]');
  });

  it('refuses an embedded weight of limit + 1 digits after parsing (a decimal that expands past it)', () => {
    // "1e2000" is short text but the integer 10^2000 has 2001 digits.
    const r = checkCertificate(doc(regionsClaim({ format: 'relucert.network/1', inputs: 1, layers: [{ weights: [['1e2000']], bias: ['0'], activation: 'relu' }] }), 'holds', { kind: 'region-tree', nodes: [] }));
    expect(reason(r)).toContain(`more than ${MAX_RATIONAL_DIGITS} digits`);
    expect(pathOf(r)).toBe('claim.network.embedded.layers[0].weights[0][0]');
  });

  it('refuses a deep network whose exact values would grow past MAX_NETWORK_GROWTH_DIGITS, naming the layer', () => {
    // Each layer multiplies by 10^500: after five layers the growth passes 2000 digits.
    const layers = Array.from({ length: 6 }, () => ({ weights: [[`1${'0'.repeat(500)}`]], bias: ['0'], activation: 'relu' }));
    const r = checkCertificate(doc(regionsClaim({ format: 'relucert.network/1', inputs: 1, layers }), 'holds', { kind: 'region-tree', nodes: [] }));
    expect(reason(r)).toContain(`the checker's limit is ${MAX_NETWORK_GROWTH_DIGITS}`);
    expect(pathOf(r)).toBe('claim.network.embedded.layers[4]');
  });

  it('refuses the 70-byte network of 10^9 inputs (reader limit) and one of 10^6 inputs (dense maps), never running out of memory', () => {
    const huge = checkCertificate(doc(regionsClaim({ format: 'relucert.network/1', inputs: 1_000_000_000, layers: [] }), 'holds', { kind: 'region-tree', nodes: [] }));
    expect(reason(huge)).toContain('more than the limit of 1,000,000');
    expect(pathOf(huge)).toBe('claim.network.embedded.inputs');
    const wide = checkCertificate(doc(regionsClaim({ format: 'relucert.network/1', inputs: 1_000_000, layers: [] }), 'holds', { kind: 'region-tree', nodes: [] }));
    expect(reason(wide)).toContain('the network is too large to check');
    expect(pathOf(wide)).toBe('claim.network.embedded.inputs');
  });
});

describe('nesting depth', () => {
  it('refuses metadata nested 3000 levels deep as malformed, naming where, instead of an internal error', () => {
    let metadata: Record<string, unknown> = { leaf: true };
    for (let k = 0; k < 3000; k++) metadata = { m: metadata };
    const embedded = { format: 'relucert.network/1', inputs: 1, layers: [], metadata };
    const cert = {
      format: CERTIFICATE_FORMAT,
      claim: { property: 'regions', network: { sha256: '0'.repeat(64), embedded }, domain: { kind: 'all' }, regions: 1 },
      verdict: 'holds',
      evidence: { kind: 'region-tree', claimSha256: '0'.repeat(64), nodes: [] },
      engine: { version: 'test', stats: {} },
    };
    const r = checkCertificate(cert);
    expect(reason(r)).toBe(`malformed certificate: nested more than ${MAX_JSON_DEPTH} levels deep`);
    expect(pathOf(r)?.startsWith('claim.network.embedded.metadata.m.m')).toBe(true);
  });
});
