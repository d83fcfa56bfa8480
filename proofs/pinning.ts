/**
 * Pins a certificate to its manifest entry. The checker proves that a certificate proves *its own*
 * claim; it cannot know which claim the entry is about, so a valid certificate of another entry
 * (a file copied over another's) would pass. Here the claim is derived from the entry alone — its
 * property, expected verdict, network file, `generate` parameters and known answers (`claim`) —
 * never from the engine, and the certificate must say exactly that. Numbers the entry does not
 * fix (a region count without a known answer, an LP value) are results: the checker verifies them.
 * What each property's parameters fix is stated by its proof generator (`claimFields`,
 * `methodMismatch`; src/properties/<property>/proofGenerator.ts, named in the property registry).
 */
import type { Network } from '../src/network/model.js';
import { type Match, OPTIONAL_RESULT, RESULT, isRecord, record, same, show } from '../src/properties/claimPinning.js';
import { GENERATORS } from './generators.js';

/** The subset of a manifest entry the pinning reads (see proofs/suite.ts). */
export interface PinnedEntry {
  readonly id: string;
  readonly property: string;
  readonly expected: 'holds' | 'violated';
  readonly generate: Record<string, unknown>;
  readonly claim?: Record<string, unknown> | undefined;
}

/**
 * Why the certificate document is not the entry's, or undefined when its property, verdict and
 * claim are exactly what the entry states (and its evidence uses the entry's method).
 * `network` is the entry's network file, read. Cheap: no mathematics is checked here.
 * @throws Error when the entry itself is inconsistent (a property without pinning, a bad box).
 */
export function pinningMismatch(entry: PinnedEntry, doc: unknown, network: Network | undefined): string | undefined {
  const generator = GENERATORS[entry.property];
  if (generator === undefined) throw new Error(`${entry.id}: no pinning for property ${entry.property}`);
  if (!isRecord(doc) || !isRecord(doc.claim)) return 'the certificate has no claim';
  if (doc.claim.property !== entry.property) return `the certificate is about ${show(doc.claim.property)}, the entry about ${entry.property}`;
  if (doc.verdict !== entry.expected) return `the certificate says ${show(doc.verdict)}, the entry expects ${entry.expected}`;
  const expected: Record<string, Match> = { property: same(entry.property), ...generator.claimFields(entry.generate, network, entry.id) };
  // Known answers: the mathematics the entry is about, so that a changed count fails even when certified.
  for (const [key, want] of Object.entries(entry.claim ?? {})) {
    const derived = expected[key];
    const known = same(want);
    expected[key] = derived === undefined || derived === RESULT || derived === OPTIONAL_RESULT ? known : (a, p) => derived(a, p) ?? known(a, p);
  }
  const why = record(expected)(doc.claim, 'claim');
  if (why !== undefined) return `not this entry's certificate: ${why}`;
  const method = doc.verdict === 'holds' && isRecord(doc.evidence) ? generator.methodMismatch?.(entry.generate, doc.evidence) : undefined;
  return method === undefined ? undefined : `not this entry's certificate: ${method}`;
}
