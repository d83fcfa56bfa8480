/**
 * The proof suite: a manifest of known mathematical facts, each with a committed certificate that
 * the independent checker re-verifies, and the parameters from which the engine regenerates it.
 * Tiers group entries by run time (tier 0 runs with the unit tests).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { Certificate } from '../src/checker/schema/index.js';
import { formatCertificate, writeCertificate } from '../src/certificates/write.js';
import { type CheckResult, checkCertificate } from '../src/checker/index.js';
import { InternalError } from '../src/errors.js';
import { readJsonFile } from '../src/io/files.js';
import { networkFromJson } from '../src/network/json.js';
import type { Network } from '../src/network/model.js';
import { GENERATORS, type Generator } from './generators.js';
import { pinningMismatch } from './pinning.js';

/** One manifest entry. */
export const ManifestEntry = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]+$/),
  description: z.string().min(1),
  property: z.string().refine((p) => p in GENERATORS, { message: 'a property with a generator in proofs/generators.ts' }),
  network: z.string().optional(),
  certificate: z.string(),
  expected: z.enum(['holds', 'violated']),
  tier: z.union([z.literal(0), z.literal(1), z.literal(2)]),
  generate: z.record(z.string(), z.unknown()),
  /**
   * Known-answer fields the certificate's claim must carry exactly (e.g. `{"regions": 108}`): the
   * mathematics the entry is about, so that a changed count fails even when it is certified.
   */
  claim: z.record(z.string(), z.unknown()).optional(),
});
/** One manifest entry. */
export type ManifestEntry = z.infer<typeof ManifestEntry>;

const Manifest = z.strictObject({ format: z.literal('relucert.proofs/1'), entries: z.array(ManifestEntry) });

/** The folder holding manifest.json: found by walking up from this file (source or dist/). */
export function proofsDir(start: string = dirname(fileURLToPath(import.meta.url))): string {
  let dir = resolve(start);
  for (;;) {
    if (existsSync(join(dir, 'proofs', 'manifest.json'))) return join(dir, 'proofs');
    const up = dirname(dir);
    if (up === dir) throw new Error(`cannot find proofs/manifest.json above ${start}`);
    dir = up;
  }
}

/** Reads and validates the manifest (ids unique). */
export function loadManifest(dir: string = proofsDir()): ManifestEntry[] {
  const manifest = Manifest.parse(JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')));
  const seen = new Set<string>();
  for (const e of manifest.entries) {
    if (seen.has(e.id)) throw new Error(`duplicate proof id ${e.id}`);
    seen.add(e.id);
    (GENERATORS[e.property] as Generator).parameters.parse(e.generate);
  }
  return manifest.entries;
}

/** The entry's network, read from its file, or undefined for properties without one. */
export function entryNetwork(dir: string, entry: ManifestEntry): Network | undefined {
  if (entry.network === undefined) return undefined;
  const file = join(dir, entry.network);
  return networkFromJson(readJsonFile(file), file);
}

/** Runs the engine's producer for an entry. Throws when the producer has no certificate to give. */
export function generateEntry(dir: string, entry: ManifestEntry): Certificate {
  const generator = GENERATORS[entry.property];
  if (generator === undefined) throw new Error(`${entry.id}: no generator for property ${entry.property}`);
  return generator.generate(generator.parameters.parse(entry.generate) as never, entryNetwork(dir, entry), entry.id);
}

/** The outcome of checking one entry. */
export interface EntryCheck {
  readonly ok: boolean;
  readonly message: string;
  readonly result?: CheckResult;
}

/**
 * Checks an entry's committed certificate: first that it is this entry's (property, verdict,
 * claim and method pinned to the manifest, see proofs/pinning.ts; cheap), then that the
 * independent checker accepts it.
 */
export function checkEntry(dir: string, entry: ManifestEntry): EntryCheck {
  const file = join(dir, entry.certificate);
  let doc: unknown;
  try {
    doc = readJsonFile(file);
  } catch (e) {
    return { ok: false, message: `unreadable certificate: ${(e as Error).message}` };
  }
  return checkEntryCertificate(dir, entry, doc);
}

/** {@link checkEntry} for a certificate document already read (e.g. another entry's, in a test). */
export function checkEntryCertificate(dir: string, entry: ManifestEntry, doc: unknown): EntryCheck {
  const net = entryNetwork(dir, entry);
  let mismatch: string | undefined;
  try {
    mismatch = pinningMismatch(entry, doc, net);
  } catch (e) {
    return { ok: false, message: `the entry cannot be pinned: ${(e as Error).message}` };
  }
  if (mismatch !== undefined) return { ok: false, message: mismatch };
  const result = checkCertificate(doc, net === undefined ? {} : { network: net });
  if (!result.valid) return { ok: false, message: `invalid: ${result.reason}${result.path ? ` (at ${result.path})` : ''}`, result };
  // The pinning read the document's own fields; the checker's parsed view must agree.
  if (result.property !== entry.property || result.verdict !== entry.expected) return { ok: false, message: `the checker read ${result.property}/${result.verdict}, the manifest says ${entry.property}/${entry.expected}`, result };
  return { ok: true, message: `${result.verdict}: ${result.summary}`, result };
}

/** The outcome of regenerating one entry. */
export interface EntryRegeneration {
  readonly ok: boolean;
  readonly message: string;
}

/**
 * Regenerates an entry's certificate with the engine, checks it, and writes it atomically unless
 * the verdict changed (from the expected one or from the committed certificate's) or it is invalid.
 */
/**
 * The certificate as data with its run times removed: the `milliseconds` and `seconds` fields
 * are the only parts of a certificate that depend on the machine, so two runs of the same engine
 * must agree on everything else.
 */
function withoutTimings(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutTimings);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (k !== 'milliseconds' && k !== 'seconds') out[k] = withoutTimings(v);
  return out;
}

/** The entry's regenerated certificate, or the failure of its producer. */
function generateOrFailure(dir: string, entry: ManifestEntry): Certificate | EntryRegeneration {
  try {
    return generateEntry(dir, entry);
  } catch (e) {
    return { ok: false, message: `the producer failed: ${(e as Error).message}` };
  }
}

/**
 * Reruns the engine for one entry and compares its certificate with the committed one, timings
 * aside (`npm run proofs -- --compare`): the guard that a refactoring changes no certificate.
 * Writes nothing.
 */
export function compareEntry(dir: string, entry: ManifestEntry): EntryRegeneration {
  const cert = generateOrFailure(dir, entry);
  if ('ok' in cert) return cert;
  const file = join(dir, entry.certificate);
  if (!existsSync(file)) return { ok: false, message: `no committed certificate ${entry.certificate}` };
  // Through the writer's own formatting, so key order is the written one.
  const fresh = JSON.stringify(withoutTimings(JSON.parse(formatCertificate(cert))));
  const committed = JSON.stringify(withoutTimings(readJsonFile(file)));
  if (fresh === committed) return { ok: true, message: 'identical (timings aside)' };
  let at = 0;
  while (at < fresh.length && fresh[at] === committed[at]) at++;
  return { ok: false, message: `differs from the committed certificate at character ${at}: committed …${committed.slice(Math.max(0, at - 40), at + 40)}…, now …${fresh.slice(Math.max(0, at - 40), at + 40)}…` };
}

export function regenerateEntry(dir: string, entry: ManifestEntry): EntryRegeneration {
  const cert = generateOrFailure(dir, entry);
  if ('ok' in cert) return cert;
  const file = join(dir, entry.certificate);
  if (cert.verdict !== entry.expected) return { ok: false, message: `verdict changed: the engine now says ${cert.verdict}, expected ${entry.expected}` };
  const net = entryNetwork(dir, entry);
  // The producer must honour the entry's parameters and agree with its known answers.
  const mismatch = pinningMismatch(entry, cert, net);
  if (mismatch !== undefined) return { ok: false, message: `the regenerated certificate fails the pinning: ${mismatch}` };
  if (existsSync(file)) {
    try {
      const old = readJsonFile(file) as { verdict?: unknown };
      if (old.verdict !== cert.verdict) return { ok: false, message: `verdict changed: committed ${String(old.verdict)}, the engine now says ${cert.verdict}` };
    } catch {
      // An unreadable old certificate is simply replaced.
    }
  }
  try {
    // writeCertificate checks the certificate first and writes nothing if the checker rejects it.
    writeCertificate(file, cert, net === undefined ? {} : { network: net });
  } catch (e) {
    if (e instanceof InternalError) return { ok: false, message: `the regenerated certificate is invalid: ${e.reason}` };
    throw e;
  }
  return { ok: true, message: `${cert.verdict}: written` };
}
