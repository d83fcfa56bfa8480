/**
 * Pins a certificate to its manifest entry. The checker proves that a certificate proves *its own*
 * claim; it cannot know which claim the entry is about, so a valid certificate of another entry
 * (a file copied over another's) would pass. Here the claim is derived from the entry alone — its
 * property, expected verdict, network file, `generate` parameters and known answers (`claim`) —
 * never from the engine, and the certificate must say exactly that. Numbers the entry does not
 * fix (a region count without a known answer, an LP value) are results: the checker verifies them.
 */
import { canonicalJson } from '../src/certificates/schema.js';
import { parseRational } from '../src/exact/rational.js';
import { networkSha256 } from '../src/network/hash.js';
import { networkFromJson } from '../src/network/json.js';
import type { Network } from '../src/network/model.js';
import { REFERENCES, referenceNetwork } from '../src/properties/sorting/equivalence.js';
import { SpecGenerateJson, specClaimOf } from './spec.js';

/** Why a value at `path` is not what the entry says, or undefined when it is. */
type Match = (actual: unknown, path: string) => string | undefined;

/** The subset of a manifest entry the pinning reads (see proofs/suite.ts). */
export interface PinnedEntry {
  readonly id: string;
  readonly property: string;
  readonly expected: 'holds' | 'violated';
  readonly generate: Record<string, unknown>;
  readonly claim?: Record<string, unknown> | undefined;
}

function show(value: unknown): string {
  const text = JSON.stringify(value);
  if (text === undefined) return 'absent';
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Equal as JSON (object keys in any order). */
function same(want: unknown): Match {
  const text = canonicalJson(want);
  return (actual, path) => (actual !== undefined && canonicalJson(actual) === text ? undefined : `${path} is ${show(actual)}, the entry says ${show(want)}`);
}

/** A rational text of the same value (the claim may spell it differently, e.g. 0.5 as 1/2). */
function rational(want: string): Match {
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

function list(items: readonly Match[]): Match {
  return (actual, path) => {
    if (!Array.isArray(actual) || actual.length !== items.length) return `${path} is ${show(actual)}, the entry says a list of ${items.length}`;
    for (let i = 0; i < items.length; i++) {
      const why = (items[i] as Match)(actual[i], `${path}[${i}]`);
      if (why !== undefined) return why;
    }
    return undefined;
  };
}

const rationals = (want: readonly string[]): Match => list(want.map(rational));

/** The key must not be there. */
const ABSENT: Match = (actual, path) => (actual === undefined ? undefined : `${path} is ${show(actual)}, the entry has none`);
/** A result of the engine the entry does not fix: present, verified by the checker. */
const RESULT: Match = (actual, path) => (actual === undefined ? `${path} is missing` : undefined);
/** A result that some claims of the property carry and others do not. */
const OPTIONAL_RESULT: Match = () => undefined;

/** An object with exactly these keys (keys matched by {@link ABSENT} or OPTIONAL_RESULT may be missing). */
function record(fields: Readonly<Record<string, Match>>): Match {
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
function boxIntervals(text: string, inputs: number, id: string): [string, string][] {
  const parts = text.split(',').map((part) => part.split(':'));
  if (parts.some((ends) => ends.length !== 2) || (parts.length !== 1 && parts.length !== inputs)) {
    throw new Error(`${id}: generate.box ${JSON.stringify(text)} is not lo:hi or ${inputs} such intervals`);
  }
  const intervals = parts as [string, string][];
  return parts.length === 1 ? Array.from({ length: inputs }, () => intervals[0] as [string, string]) : intervals;
}

function box(intervals: readonly (readonly [string, string])[]): Match {
  return list(intervals.map(([lo, hi]) => list([rational(lo), rational(hi)])));
}

/** A domain claim ({kind, box?}) from an optional `--box` text. */
function domain(text: unknown, net: Network, id: string): Match {
  if (text === undefined) return same({ kind: 'all' });
  return record({ kind: same('box'), box: box(boxIntervals(text as string, net.inputs, id)) });
}

/** The network reference: this network's hash, and the network embedded unless `embed` is false. */
function networkRef(net: Network, embed: unknown): Match {
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

interface SystemDoc {
  variables: number;
  constraints: { coefficients: string[]; relation: string; rhs: string }[];
}

function system(doc: SystemDoc): Match {
  return record({
    variables: same(doc.variables),
    constraints: list(doc.constraints.map((c) => record({ coefficients: rationals(c.coefficients), relation: same(c.relation), rhs: rational(c.rhs) }))),
  });
}

type Parameters = Record<string, any>;

function requireNetwork(net: Network | undefined, id: string): Network {
  if (net === undefined) throw new Error(`${id}: this property needs a network file`);
  return net;
}

/** Per property: the claim's fields from the entry (the schemas in src/certificates/schema.ts). */
const CLAIM_FIELDS: Readonly<Record<string, (g: Parameters, net: Network | undefined, id: string) => Record<string, Match>>> = {
  'linear-system': (g) => ({ system: system(g.system), question: same(g.question) }),
  'lp-optimum': (g) => ({ system: system(g.system), objective: rationals(g.objective), sense: same(g.sense), statement: same(g.statement), value: RESULT }),
  'activation-region': (g, net, id) => ({
    network: networkRef(requireNetwork(net, id), g.embed),
    pattern: same(g.pattern),
    domain: g.box === undefined ? ABSENT : record({ box: box(g.box) }),
  }),
  'output-bound': (g, net, id) => ({
    network: networkRef(requireNetwork(net, id), g.embed),
    domain: record({ box: box(g.box) }),
    objective: rationals(g.objective),
    bound: rational(g.bound),
  }),
  regions: (g, net, id) => ({ network: networkRef(requireNetwork(net, id), g.embed), domain: domain(g.box, requireNetwork(net, id), id), regions: RESULT }),
  injectivity: (g, net, id) => ({ network: networkRef(requireNetwork(net, id), g.embed), domain: domain(g.box, requireNetwork(net, id), id) }),
  complex: (g, net, id) => ({
    network: networkRef(requireNetwork(net, id), g.embed),
    domain: domain(g.box, requireNetwork(net, id), id),
    withOutput: same(g.withOutput ?? false),
    vertices: RESULT,
    fVector: RESULT,
    eulerCharacteristic: RESULT,
    bettiZ2: RESULT,
    unboundedCells: RESULT,
  }),
  morse: (g, net, id) => ({
    network: networkRef(requireNetwork(net, id), g.embed),
    domain: domain(g.box, requireNetwork(net, id), id),
    vertices: RESULT,
    regular: RESULT,
    degenerate: RESULT,
    critical: RESULT,
    criticalCells: OPTIONAL_RESULT,
    bettiZ2: OPTIONAL_RESULT,
    sublevels: OPTIONAL_RESULT,
  }),
  'training-optimum': (g) => ({
    data: record({
      // Names the entry leaves out are the engine's defaults: any names will do.
      inputNames: g.inputNames === undefined ? RESULT : same(g.inputNames),
      targetName: g.targetName === undefined ? RESULT : same(g.targetName),
      inputs: list((g.inputs as string[][]).map(rationals)),
      targets: rationals(g.targets),
    }),
    width: same(g.width),
    loss: same(g.loss),
    outputBias: same(g.outputBias ?? false),
    optimum: RESULT,
  }),
  spec: (g, net, id) => {
    const network = requireNetwork(net, id);
    // The claim's specification is the entry's VNN-LIB text read exactly; a block that is not a
    // spec block, or text that does not read, is no entry any certificate belongs to.
    const parsed = SpecGenerateJson.safeParse(g);
    let specification: Match;
    if (!parsed.success) specification = (_a, path) => `${path}: the entry's generate block is not a spec block (${parsed.error.issues[0]?.message ?? 'malformed'})`;
    else {
      try {
        specification = same(specClaimOf(parsed.data, network));
      } catch (e) {
        specification = (_a, path) => `${path}: the entry's VNN-LIB text does not read (${(e as Error).message})`;
      }
    }
    return { network: networkRef(network, g.embed), specification };
  },
  sort: (g, net, id) => ({ network: networkRef(requireNetwork(net, id), g.embed), domain: domain(g.box, requireNetwork(net, id), id) }),
  equivalent: (g, net, id) => {
    const network = requireNetwork(net, id);
    if (!(REFERENCES as readonly string[]).includes(g.reference)) throw new Error(`${id}: unknown reference ${JSON.stringify(g.reference)}`);
    // The reference is always embedded (src/certificates/sort.ts); its hash covers only what it computes.
    return { network: networkRef(network, g.embed), other: networkRef(referenceNetwork(g.reference, network.inputs), true), domain: domain(g.box, network, id) };
  },
};

/** The properties whose certificates can be pinned (every property with a generator, a test checks). */
export const PINNED_PROPERTIES: readonly string[] = Object.keys(CLAIM_FIELDS);

/**
 * The proof method the entry asks for, where the evidence shows it: a certificate by another
 * method proves the same claim, but it is not this entry's (e.g. the FGS search versus the cell
 * criterion for the same layer).
 */
function methodMismatch(entry: PinnedEntry, g: Parameters, doc: Record<string, unknown>): string | undefined {
  if (doc.verdict !== 'holds' || !isRecord(doc.evidence)) return undefined;
  const evidence = doc.evidence;
  if (entry.property === 'injectivity') {
    const want = g.deep === 'pairs' ? 'injectivity-regions' : g.deep === 'layer-wise' ? 'injectivity-layers' : undefined;
    if (want !== undefined && evidence.kind !== want) return `evidence.kind is ${show(evidence.kind)}, the entry asks for ${want} (deep: ${g.deep})`;
    if ((g.method === 'fgs' || g.method === 'cells') && evidence.kind === 'injectivity-layers') {
      const first = Array.isArray(evidence.stages) ? evidence.stages[0] : undefined;
      const key = g.method === 'fgs' ? 'search' : 'cells';
      if (!isRecord(first) || !(key in first)) return `evidence.stages[0] is not a ${key} proof, the entry asks for method ${g.method}`;
    }
  }
  if (entry.property === 'sort') {
    const compositional = evidence.kind === 'sort-compositional';
    if (compositional !== (g.compositional === true)) return `evidence.kind is ${show(evidence.kind)}, the entry asks for a ${g.compositional === true ? 'compositional' : 'region-by-region'} proof`;
    const method = isRecord(evidence.sorting) ? evidence.sorting.method : undefined;
    if (compositional && g.method !== undefined && method !== g.method) return `evidence.sorting.method is ${show(method)}, the entry asks for ${g.method}`;
  }
  return undefined;
}

/**
 * Why the certificate document is not the entry's, or undefined when its property, verdict and
 * claim are exactly what the entry states (and its evidence uses the entry's method).
 * `network` is the entry's network file, read. Cheap: no mathematics is checked here.
 * @throws Error when the entry itself is inconsistent (a property without pinning, a bad box).
 */
export function pinningMismatch(entry: PinnedEntry, doc: unknown, network: Network | undefined): string | undefined {
  const fields = CLAIM_FIELDS[entry.property];
  if (fields === undefined) throw new Error(`${entry.id}: no pinning for property ${entry.property}`);
  if (!isRecord(doc) || !isRecord(doc.claim)) return 'the certificate has no claim';
  if (doc.claim.property !== entry.property) return `the certificate is about ${show(doc.claim.property)}, the entry about ${entry.property}`;
  if (doc.verdict !== entry.expected) return `the certificate says ${show(doc.verdict)}, the entry expects ${entry.expected}`;
  const expected: Record<string, Match> = { property: same(entry.property), ...fields(entry.generate as Parameters, network, entry.id) };
  // Known answers: the mathematics the entry is about, so that a changed count fails even when certified.
  for (const [key, want] of Object.entries(entry.claim ?? {})) {
    const derived = expected[key];
    const known = same(want);
    expected[key] = derived === undefined || derived === RESULT || derived === OPTIONAL_RESULT ? known : (a, p) => derived(a, p) ?? known(a, p);
  }
  const why = record(expected)(doc.claim, 'claim');
  if (why !== undefined) return `not this entry's certificate: ${why}`;
  const method = methodMismatch(entry, entry.generate as Parameters, doc);
  return method === undefined ? undefined : `not this entry's certificate: ${method}`;
}
