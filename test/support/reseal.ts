/**
 * Re-sealing mutated certificates for mutation tests. A certificate's evidence records the
 * SHA-256 of its claim, and a claim records the SHA-256 of its embedded networks, so a mutated
 * claim is rejected on a digest before any mathematics runs: a mutation test that does not
 * re-seal tests the digests, not the checker. Re-sealed, a mutant can only be rejected by the
 * mathematics, and the tests assert the reason.
 */
import { expect } from 'vitest';
import { claimSha256 } from '../../src/checker/schema/index.js';
import type { CheckResult } from '../../src/checker/index.js';
import { networkSha256 } from '../../src/network/hash.js';
import { networkFromJson } from '../../src/network/json.js';

type Doc = { claim?: Record<string, unknown>; evidence?: Record<string, unknown> };

function resealNetwork(ref: unknown): void {
  if (typeof ref !== 'object' || ref === null) return;
  const r = ref as { sha256?: unknown; embedded?: unknown };
  if (r.embedded === undefined) return;
  try {
    r.sha256 = networkSha256(networkFromJson(r.embedded));
  } catch {
    // Not a network any more: left as it is (the checker reports the embedded network as invalid).
  }
}

/**
 * Recomputes, in place, the hash of every embedded network of the claim (`network`, `other`) and
 * then the claim digest the evidence records. Returns the document.
 */
export function reseal<T>(doc: T): T {
  const d = doc as Doc;
  if (d.claim !== undefined) {
    resealNetwork(d.claim.network);
    resealNetwork(d.claim.other);
    if (d.evidence !== undefined) d.evidence.claimSha256 = claimSha256(d.claim);
  }
  return doc;
}

/** Reasons that are about seals (digests and hashes), not about the mathematics of the claim. */
const SEAL_REASON = /the evidence was made for another claim|hashes to [0-9a-f]{64}/;

/**
 * Expects a rejection by the mathematics: invalid, not on a seal, and (when given) for this
 * reason and at this path.
 */
export function expectRejectedByMathematics(result: CheckResult, label: string, reason?: RegExp, path?: string | RegExp): void {
  expect(result.valid, label).toBe(false);
  if (result.valid) return;
  expect(result.reason, label).not.toMatch(SEAL_REASON);
  expect(result.path, label).not.toBe('evidence.claimSha256');
  expect(result.reason, label).not.toMatch(/^internal error/);
  if (reason !== undefined) expect(result.reason, label).toMatch(reason);
  if (path !== undefined) {
    if (typeof path === 'string') expect(result.path, label).toBe(path);
    else expect(result.path ?? '', label).toMatch(path);
  }
}

/** True when a check result is a rejection on a seal (digest or network hash), not on the mathematics. */
export function rejectedOnSeal(result: CheckResult): boolean {
  return !result.valid && (result.path === 'evidence.claimSha256' || SEAL_REASON.test(result.reason));
}
