/**
 * Writing certificates: a fixed key order and a readable layout (arrays of numbers on one line),
 * written atomically and streamed (large region trees never become one string) — and only after
 * the independent checker has accepted them (the self-check gate, docs/certificates.md).
 */
import { checkCertificate } from '../checker/index.js';
import { InternalError, LimitReached } from '../errors.js';
import { writeChunksAtomic } from '../io/files.js';
import type { Network } from '../network/model.js';
import type { Certificate } from '../checker/schema/index.js';

/** The order of known keys; others follow in their own order. The embedded network (canonical order) and the stats keep theirs. */
const KEY_ORDER = [
  'format', 'claim', 'verdict', 'evidence', 'engine',
  'property', 'network', 'sha256', 'embedded',
  'system', 'variables', 'constraints', 'coefficients', 'relation', 'rhs', 'question',
  'pattern', 'domain', 'box', 'objective', 'sense', 'statement', 'bound',
  'kind', 'claimSha256', 'point', 'primal', 'input', 'preactivations', 'output', 'value', 'slacks',
  'multipliers', 'dual', 'rows', 'values', 'rhsSum', 'strictSum',
  'version', 'stats',
];

function ordered(value: unknown, key = ''): unknown {
  if (Array.isArray(value)) return value.map((v) => ordered(v));
  if (typeof value !== 'object' || value === null || key === 'embedded' || key === 'stats') return value;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  const rank = (k: string): number => {
    const r = KEY_ORDER.indexOf(k);
    return r < 0 ? KEY_ORDER.length : r;
  };
  const sorted = keys.map((k, i) => ({ k, i })).sort((a, b) => rank(a.k) - rank(b.k) || a.i - b.i);
  const out: Record<string, unknown> = {};
  for (const { k } of sorted) out[k] = ordered(record[k], k);
  return out;
}

function isFlat(value: unknown[]): boolean {
  return value.every((v) => v === null || typeof v !== 'object');
}

/** JSON with 2-space indentation, arrays of scalars kept on one line. */
export function prettyJson(value: unknown, indent = ''): string {
  return [...prettyChunks(value, indent)].join('');
}

/**
 * {@link prettyJson} piece by piece: one piece per element of a large array (the nodes of a
 * region tree), so a certificate can be written without building its whole text.
 */
function* prettyChunks(value: unknown, indent = ''): Generator<string> {
  if (Array.isArray(value)) {
    if (value.length === 0) return yield '[]';
    if (isFlat(value)) return yield `[${value.map((v) => JSON.stringify(v)).join(', ')}]`;
    const inner = `${indent}  `;
    yield '[\n';
    for (let i = 0; i < value.length; i++) {
      yield i === 0 ? inner : `,\n${inner}`;
      yield* prettyChunks(value[i], inner);
    }
    return yield `\n${indent}]`;
  }
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return yield '{}';
    // A small object of scalars and flat arrays (a constraint row) reads best on one line.
    if (entries.every(([, v]) => v === null || typeof v !== 'object' || (Array.isArray(v) && isFlat(v)))) {
      const line = `{ ${entries.map(([k, v]) => `${JSON.stringify(k)}: ${prettyJson(v)}`).join(', ')} }`;
      if (line.length + indent.length <= 100) return yield line;
    }
    const inner = `${indent}  `;
    yield '{\n';
    for (let i = 0; i < entries.length; i++) {
      const [k, v] = entries[i] as [string, unknown];
      yield `${i === 0 ? '' : ',\n'}${inner}${JSON.stringify(k)}: `;
      yield* prettyChunks(v, inner);
    }
    return yield `\n${indent}}`;
  }
  return yield JSON.stringify(value);
}

/** The text of a certificate file: fixed key order, readable layout, final newline. */
export function formatCertificate(cert: Certificate): string {
  return `${prettyJson(ordered(cert))}\n`;
}

/** Options of {@link writeCertificate}. */
export interface WriteCertificateOptions {
  /** The network, for a certificate that names it by hash without embedding it (`--no-embed`). */
  readonly network?: Network;
}

/**
 * Writes a certificate atomically (temporary file, then rename), streamed piece by piece: the
 * same bytes as {@link formatCertificate}, without ever holding the whole text in memory.
 *
 * The self-check gate: the certificate is first re-verified by the independent checker, exactly
 * as `relucert check` would (the document written is this object's JSON: strings, integers and
 * booleans, which JSON keeps as they are). An engine answer whose certificate fails its own check
 * is a bug, not a verdict: nothing is written — no file, no temporary file — and an
 * {@link InternalError} carries the checker's reason and path (the CLI exits 4).
 * A certificate refused only for exceeding the checker's documented size limits (a network with
 * numbers of thousands of digits) is not a bug but a reached limit: {@link LimitReached} (exit 3).
 * @throws InternalError when the checker rejects the certificate; LimitReached when it is too large to check.
 */
export function writeCertificate(path: string, cert: Certificate, options: WriteCertificateOptions = {}): void {
  const check = checkCertificate(cert, options.network !== undefined ? { network: options.network } : {});
  if (!check.valid && check.sizeLimit === true) {
    // Too large to check is a reached limit (exit 3), not a bug: the run's answer stands unproven.
    const where = check.path !== undefined ? ` (at ${check.path})` : '';
    throw new LimitReached('size', `no certificate written to ${path}: it would exceed the checker's size limits (docs/certificates.md, "Limits"): ${check.reason}${where}`);
  }
  if (!check.valid) {
    const where = check.path !== undefined ? ` (at ${check.path})` : '';
    throw new InternalError(`the certificate for ${path} failed its own check: ${check.reason}${where}; nothing was written`, { reason: check.reason, path: check.path, file: path });
  }
  writeChunksAtomic(path, (function* (): Generator<string> {
    yield* prettyChunks(ordered(cert));
    yield '\n';
  })());
}
