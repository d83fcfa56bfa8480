/**
 * The independent checker: re-verifies a certificate in exact rational arithmetic without
 * trusting the engine that produced it.
 *
 * Trusted base: this folder (its kernel, the format in schema/, one check per property), the
 * network model, hash and JSON reader, the number parsing they use, and src/errors.ts — nothing
 * else (test/checker/independence.test.ts enforces it; docs/certificates.md, "Trusted base").
 * The checker builds every derived system itself (from the claim or the network) and never
 * reuses the engine's.
 */
import { type CheckerPlugin, PLUGINS } from './plugins.js';
import { CertificateJson, EVIDENCE_KINDS, type PropertyName, RATIONAL_LIMIT_MESSAGE, SHARD_FORMAT, claimSha256 } from './schema/index.js';
import { InputError } from '../errors.js';
import { networkSha256 } from '../network/hash.js';
import { MAX_JSON_DEPTH, networkFromJson, tooDeepPath } from '../network/json.js';
import type { Network } from '../network/model.js';
import { CheckFailure, SizeLimitFailure, demand } from './kernel/index.js';
import { checkEmbeddedNumbers, checkNetworkLimits } from './limits.js';
import type { Checked, Parsed } from './types.js';

/** What the checker concludes. */
export type CheckResult =
  | {
      readonly valid: true;
      readonly property: string;
      readonly verdict: 'holds' | 'violated';
      /** One sentence: what was verified. */
      readonly summary: string;
    }
  | {
      readonly valid: false;
      /** Why the certificate does not prove its claim. */
      readonly reason: string;
      /** Where in the certificate (a JSON path such as `evidence.slacks[3]`), when known. */
      readonly path?: string;
      /** True when the certificate was refused for exceeding a documented size limit (docs/certificates.md, "Limits"), not for its mathematics. */
      readonly sizeLimit?: true;
    };

/** Options of {@link checkCertificate}. */
export interface CheckOptions {
  /** The network, for certificates that name it by hash without embedding it. */
  readonly network?: Network;
}

function zodPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out === '' ? String(p) : `.${String(p)}`;
  return out;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Resolves the claim's network (`where`: `claim.network` or `claim.other`): the embedded one
 * and/or the supplied one, each matching the hash and within the checker's size limits.
 */
function resolveNetwork(ref: { sha256: string; embedded?: Record<string, unknown> | undefined }, supplied: Network | undefined, where = 'claim.network'): Network {
  let embedded: Network | undefined;
  if (ref.embedded !== undefined) {
    checkEmbeddedNumbers(ref.embedded, `${where}.embedded`);
    try {
      embedded = networkFromJson(ref.embedded);
    } catch (e) {
      if (e instanceof InputError) throw new CheckFailure(`the embedded network is not valid: ${e.detail}`, `${where}.embedded${e.path === undefined ? '' : `.${e.path}`}`);
      throw e;
    }
    checkNetworkLimits(embedded, `${where}.embedded`);
    const h = networkSha256(embedded);
    demand(h === ref.sha256, `the embedded network hashes to ${h}, the claim names ${ref.sha256}`, `${where}.sha256`);
  }
  if (supplied !== undefined) {
    const h = networkSha256(supplied);
    demand(h === ref.sha256, `the supplied network hashes to ${h}, the certificate names ${ref.sha256}`, `${where}.sha256`);
    if (embedded === undefined) checkNetworkLimits(supplied, where);
  }
  const net = embedded ?? supplied;
  demand(net !== undefined, `the certificate names network ${ref.sha256} but does not embed it; pass it with --network`, where);
  return net;
}

function dispatch(cert: Parsed<PropertyName>, options: CheckOptions): Checked {
  const entry = PLUGINS[cert.claim.property] as CheckerPlugin;
  return entry.check(cert, (ref, where) => (where === undefined ? resolveNetwork(ref, options.network) : resolveNetwork(ref, undefined, where)));
}

/**
 * Checks a certificate document (parsed JSON of any shape). Never throws for bad input: a
 * malformed or unconvincing certificate is reported as `{ valid: false, reason, path }`.
 * Exit-code convention for a CLI: valid → 0, invalid → 1 (an unreadable file → 2, decided by the
 * caller that reads it).
 */
export function checkCertificate(doc: unknown, options: CheckOptions = {}): CheckResult {
  try {
    // First, before any recursive walk (hashing, schema) could overflow the stack on it.
    const deep = tooDeepPath(doc);
    if (deep !== undefined) return { valid: false, reason: `malformed certificate: nested more than ${MAX_JSON_DEPTH} levels deep`, path: deep };
    // A shard's part (verify spec --shard) proves nothing alone: only the merged whole is a certificate.
    if (isRecord(doc) && doc.format === SHARD_FORMAT) {
      return { valid: false, reason: `a shard's partial certificate (${SHARD_FORMAT}), not a certificate: join all the parts with relucert merge, then check the result`, path: 'format' };
    }
    // An evidence kind from a later format revision is "unsupported", not "malformed".
    if (isRecord(doc) && isRecord(doc.evidence) && typeof doc.evidence.kind === 'string' && !(EVIDENCE_KINDS as readonly string[]).includes(doc.evidence.kind)) {
      return {
        valid: false,
        reason: `unsupported evidence: kind ${JSON.stringify(doc.evidence.kind)} is not verified by this checker (it knows ${EVIDENCE_KINDS.join(', ')})`,
        path: 'evidence.kind',
      };
    }
    const parsed = CertificateJson.safeParse(doc);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const path = issue === undefined ? undefined : zodPath(issue.path);
      return { valid: false, reason: `malformed certificate: ${issue?.message ?? 'does not match the format'}`, ...(path ? { path } : {}), ...(issue?.message === RATIONAL_LIMIT_MESSAGE ? { sizeLimit: true as const } : {}) };
    }
    const cert = parsed.data;
    // The digest is of the claim exactly as written (the parsed copy has the same content: no defaults, no transforms).
    const digest = claimSha256((doc as { claim: unknown }).claim);
    demand(
      cert.evidence.claimSha256 === digest,
      `the evidence was made for another claim: the claim hashes to ${digest}, the evidence names ${cert.evidence.claimSha256}`,
      'evidence.claimSha256',
    );
    const checked = dispatch(cert, options);
    return { valid: true, property: cert.claim.property, verdict: cert.verdict, summary: checked.summary };
  } catch (e) {
    if (e instanceof CheckFailure) return { valid: false, reason: e.message, ...(e.path !== undefined ? { path: e.path } : {}), ...(e instanceof SizeLimitFailure ? { sizeLimit: true as const } : {}) };
    if (e instanceof InputError) return { valid: false, reason: e.detail, ...(e.path !== undefined ? { path: e.path } : {}) };
    // Anything else is a checker bug; it must never turn into "valid".
    return { valid: false, reason: `internal error while checking: ${(e as Error).message ?? String(e)}` };
  }
}

/** Process exit code for a check result: 0 valid, 1 invalid (2, unreadable input, is the caller's). */
export function checkExitCode(result: CheckResult): 0 | 1 {
  return result.valid ? 0 : 1;
}
