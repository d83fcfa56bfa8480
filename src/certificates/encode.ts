/**
 * Shared pieces of the certificate producers: exact values to certificate JSON, slacks,
 * multipliers (dense or sparse), the network reference, and sealing a claim with its digest.
 */
import type Fraction from 'fraction.js';
import { formatRational } from '../exact/rational.js';
import { networkSha256 } from '../network/hash.js';
import { networkToJson } from '../network/json.js';
import type { Network } from '../network/model.js';
import type { LinearSystem } from '../polyhedra/system.js';
import { RELUCERT_VERSION } from '../version.js';
import { CERTIFICATE_FORMAT, type Certificate, type Claim, type LinearSystemDoc, type MultipliersDoc, claimSha256 } from '../checker/schema/index.js';

/** Rationals as certificate text. */
export function texts(values: readonly Fraction[]): string[] {
  return values.map(formatRational);
}

/** A linear system in certificate JSON form. */
export function systemToJson(system: LinearSystem): LinearSystemDoc {
  return {
    variables: system.variables,
    constraints: system.constraints.map((c) => ({ coefficients: texts(c.coefficients), relation: c.relation, rhs: formatRational(c.rhs) })),
  };
}

/** rhs − a·x for every row of the system. */
export function slacksOf(system: LinearSystem, x: readonly Fraction[]): Fraction[] {
  return system.constraints.map((c) => {
    let r = c.rhs;
    c.coefficients.forEach((v, j) => {
      r = r.sub(v.mul(x[j] as Fraction));
    });
    return r;
  });
}

/**
 * Multipliers in JSON: dense for short or dense lists, sparse (nonzero entries only) when a long
 * list is mostly zeros, which keeps certificates of big derived systems compact.
 */
export function multipliersToJson(values: readonly Fraction[]): MultipliersDoc {
  const nonzero = values.flatMap((v, i) => (v.n === 0n ? [] : [i]));
  if (values.length <= 8 || 3 * nonzero.length >= values.length) return texts(values);
  return { rows: nonzero, values: nonzero.map((i) => formatRational(values[i] as Fraction)) };
}

/** The claim's reference to a network: its hash, and the network itself when embedded. */
export function networkRef(net: Network, embed: boolean): { sha256: string; embedded?: Record<string, unknown> & { format: 'relucert.network/1' } } {
  const sha256 = networkSha256(net);
  return embed ? { sha256, embedded: networkToJson(net, 'all') as Record<string, unknown> & { format: 'relucert.network/1' } } : { sha256 };
}

/** Evidence as a producer builds it: everything but the claim digest. */
export type UnsealedEvidence = Certificate['evidence'] extends infer E ? (E extends unknown ? Omit<E, 'claimSha256'> : never) : never;

/** Assembles a certificate, binding the evidence to the claim by the claim's SHA-256. */
export function seal(claim: Claim, verdict: 'holds' | 'violated', evidence: UnsealedEvidence, stats: Record<string, number | string>): Certificate {
  const { kind, ...rest } = evidence;
  return {
    format: CERTIFICATE_FORMAT,
    claim,
    verdict,
    evidence: { kind, claimSha256: claimSha256(claim), ...rest } as Certificate['evidence'],
    engine: { version: RELUCERT_VERSION, stats },
  };
}
