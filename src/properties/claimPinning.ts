/**
 * Matchers that pin a certificate's claim to a proof-suite manifest entry (proofs/pinning.ts):
 * each property's proof generator (src/properties/<property>/proofGenerator.ts) states, with
 * these, the claim fields its entry's parameters fix. The expected claim is derived from the entry
 * alone — never from the engine — and the certificate must say exactly that; numbers the entry
 * does not fix (a region count without a known answer, an LP value) are results, verified by the
 * checker.
 */
import { canonicalJson } from '../checker/schema/index.js';
import { parseRational } from '../exact/rational.js';
import { networkSha256 } from '../network/hash.js';
import { networkFromJson } from '../network/json.js';
import type { Network } from '../network/model.js';

/** Why a value at `path` is not what the entry says, or undefined when it is. */
export type Match = (actual: unknown, path: string) => string | undefined;


export function show(value: unknown): string {
  const text = JSON.stringify(value);
  if (text === undefined) return 'absent';
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Equal as JSON (object keys in any order). */
export function same(want: unknown): Match {
  const text = canonicalJson(want);
  return (actual, path) => (actual !== undefined && canonicalJson(actual) === text ? undefined : `${path} is ${show(actual)}, the entry says ${show(want)}`);
}

/** A rational text of the same value (the claim may spell it differently, e.g. 0.5 as 1/2). */
export function rational(want: string): Match {
  const value = parseRational(want);
  return (actual, path) => {
    let equal = false;
    if (typeof actual === 'string') {
      try {
        equal = parseRational(actual).equals(value);
      } catch {
        equal = false;
      }
    }
    return equal ? undefined : `${path} is ${show(actual)}, the entry says ${JSON.stringify(want)}`;
  };
}

export function list(items: readonly Match[]): Match {
  return (actual, path) => {
    if (!Array.isArray(actual) || actual.length !== items.length) return `${path} is ${show(actual)}, the entry says a list of ${items.length}`;
    for (let i = 0; i < items.length; i++) {
      const why = (items[i] as Match)(actual[i], `${path}[${i}]`);
      if (why !== undefined) return why;
    }
    return undefined;
  };
}

export const rationals = (want: readonly string[]): Match => list(want.map(rational));

/** The key must not be there. */
export const ABSENT: Match = (actual, path) => (actual === undefined ? undefined : `${path} is ${show(actual)}, the entry has none`);
/** A result of the engine the entry does not fix: present, verified by the checker. */
export const RESULT: Match = (actual, path) => (actual === undefined ? `${path} is missing` : undefined);
/** A result that some claims of the property carry and others do not. */
export const OPTIONAL_RESULT: Match = () => undefined;

/** An object with exactly these keys (keys matched by {@link ABSENT} or OPTIONAL_RESULT may be missing). */
export function record(fields: Readonly<Record<string, Match>>): Match {
  return (actual, path) => {
    if (!isRecord(actual)) return `${path} is ${show(actual)}, the entry says an object`;
    for (const [key, match] of Object.entries(fields)) {
      const why = match(actual[key], path === '' ? key : `${path}.${key}`);
      if (why !== undefined) return why;
    }
    const extra = Object.keys(actual).find((k) => !(k in fields));
    return extra === undefined ? undefined : `${path === '' ? extra : `${path}.${extra}`} is not part of this entry's claim`;
  };
}

/** A `--box` text ("lo:hi" for every input, or one interval per input, comma-separated) as intervals. */
export function boxIntervals(text: string, inputs: number, id: string): [string, string][] {
  const parts = text.split(',').map((part) => part.split(':'));
  if (parts.some((ends) => ends.length !== 2) || (parts.length !== 1 && parts.length !== inputs)) {
    throw new Error(`${id}: generate.box ${JSON.stringify(text)} is not lo:hi or ${inputs} such intervals`);
  }
  const intervals = parts as [string, string][];
  return parts.length === 1 ? Array.from({ length: inputs }, () => intervals[0] as [string, string]) : intervals;
}

export function box(intervals: readonly (readonly [string, string])[]): Match {
  return list(intervals.map(([lo, hi]) => list([rational(lo), rational(hi)])));
}

/** A domain claim ({kind, box?}) from an optional `--box` text. */
export function domain(text: unknown, net: Network, id: string): Match {
  if (text === undefined) return same({ kind: 'all' });
  return record({ kind: same('box'), box: box(boxIntervals(text as string, net.inputs, id)) });
}

/** The network reference: this network's hash, and the network embedded unless `embed` is false. */
export function networkRef(net: Network, embed: unknown): Match {
  const sha256 = networkSha256(net);
  const embedded: Match = (actual, path) => {
    if (actual === undefined) return `${path} is missing: the entry embeds its network`;
    try {
      const h = networkSha256(networkFromJson(actual, path));
      return h === sha256 ? undefined : `${path} hashes to ${h}, the entry's network to ${sha256}`;
    } catch (e) {
      return `${path} is not a network: ${(e as Error).message}`;
    }
  };
  return record({ sha256: same(sha256), embedded: embed === false ? ABSENT : embedded });
}

export interface SystemDoc {
  variables: number;
  constraints: { coefficients: string[]; relation: string; rhs: string }[];
}

export function system(doc: SystemDoc): Match {
  return record({
    variables: same(doc.variables),
    constraints: list(doc.constraints.map((c) => record({ coefficients: rationals(c.coefficients), relation: same(c.relation), rhs: rational(c.rhs) }))),
  });
}

/** A manifest entry's `generate` block as written (the pinning reads it unparsed). */
export type PinParameters = Record<string, any>;

/** The entry's network, which this property needs. */
export function requireNetworkFile(net: Network | undefined, id: string): Network {
  if (net === undefined) throw new Error(`${id}: this property needs a network file`);
  return net;
}
