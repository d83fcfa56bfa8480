/**
 * What every `--shard I/K` run shares, whatever its problem (the specification branch and bound,
 * src/properties/specification/shard.ts; the region engine, src/regions/shard.ts): the `I/K`
 * option, the checks that a set of partial certificates is exactly the K parts of one run, and
 * the splice of a top of the tree (in preorder, cut nodes as `{ task: t }`) with the subtrees'
 * preorders — the preorder of the whole tree, since a subtree's preorder is contiguous in it.
 * @internal not part of the public API (src/index.ts does not export it).
 */
import { z } from 'zod';
import { InputError } from '../errors.js';
import type { Shard } from './shardOption.js';

export { type Shard, parseShard } from './shardOption.js';

/** What every partial certificate starts with. */
export interface PartHead {
  readonly format: string;
  /** The hash of what the run is about (network, specification or domain): parts of one run agree. */
  readonly claimSha256: string;
  /** 1-based, as on the command line. */
  readonly shard: { readonly index: number; readonly count: number };
}

const Count = z.number().int().nonnegative();
/** The shape every partial certificate shares (checked before anything is read from it). */
export const PartHeadJson = z.object({
  format: z.string(),
  claim: z.record(z.string(), z.unknown()),
  claimSha256: z.string(),
  shard: z.object({ index: Count.min(1), count: Count.min(1) }).refine((s) => s.index <= s.count, 'shard.index is above shard.count'),
});
/** One subtree of a part: its task number, its preorder nodes, its counts. */
export const SubtreeJson = z.object({ task: Count, nodes: z.array(z.unknown()), stats: z.record(z.string(), z.unknown()) });
/** A top of the tree cut into tasks, as parts record it. */
export const CutJson = z.object({ cutDepth: Count, tasks: Count, top: z.array(z.unknown()), topStats: z.record(z.string(), z.unknown()), subtrees: z.array(SubtreeJson), open: z.array(Count) });

/**
 * Checks a part against `schema` (its head and its problem's fields): a malformed part is bad
 * input naming the file and the field, never an internal error further on.
 */
export function checkPartShape<P>(named: NamedPart<unknown>, format: string, what: string, schema: z.ZodType<unknown>): NamedPart<P> {
  const f = (named.part as { format?: unknown } | null)?.format;
  if (f !== format) refuse(`not a shard's partial certificate of ${what} (format ${JSON.stringify(f)}, expected ${format})`, named.file);
  const parsed = schema.safeParse(named.part);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue?.path.map(String).join('.') ?? '';
    refuse(`malformed partial certificate${path !== '' ? ` at ${path}` : ''}: ${issue?.message ?? 'does not match the format'}`, named.file);
  }
  return named as NamedPart<P>;
}

/** A part and the file it came from (for the messages). */
export interface NamedPart<P> {
  readonly file: string;
  readonly part: P;
}

/** A cut node's placeholder in a top of the tree. */
export function isTask(n: unknown): n is { readonly task: number } {
  return typeof n === 'object' && n !== null && 'task' in n;
}

/** @throws RangeError when `shard` is not a part of its K. */
export function checkShard(shard: Shard): void {
  if (!Number.isSafeInteger(shard.count) || shard.count < 1 || !Number.isSafeInteger(shard.index) || shard.index < 0 || shard.index >= shard.count) {
    throw new RangeError(`shard ${shard.index + 1}/${shard.count} does not exist`);
  }
}

function refuse(message: string, file?: string): never {
  throw new InputError('dimension', message, file !== undefined ? { file } : {});
}

/**
 * The parts in shard order, after checking that they are exactly the K parts of one run: the
 * format `format`, one claim, one K, `sameRun` (further settings that must agree; a message when
 * they do not), each index once and none missing.
 * @throws InputError naming the parts.
 */
export function orderedParts<P extends PartHead>(parts: readonly NamedPart<P>[], format: string, what: string, sameRun?: (part: P, first: P) => string | undefined): NamedPart<P>[] {
  if (parts.length === 0) refuse('no parts to merge');
  for (const { file, part } of parts) {
    const f = (part as { format?: unknown }).format;
    if (f !== format) refuse(`not a shard's partial certificate of ${what} (format ${JSON.stringify(f)}, expected ${format})`, file);
  }
  const first = parts[0] as NamedPart<P>;
  const K = first.part.shard.count;
  for (const { file, part } of parts) {
    if (part.claimSha256 !== first.part.claimSha256) refuse(`its claim (network, specification or domain) differs from that of ${first.file}`, file);
    if (part.shard.count !== K) refuse(`it is part ${part.shard.index}/${part.shard.count}, ${first.file} is part ${first.part.shard.index}/${K}: parts of different K`, file);
    const other = sameRun?.(part, first.part);
    if (other !== undefined) refuse(`${other} (${first.file})`, file);
  }
  const byIndex = new Map<number, NamedPart<P>>();
  for (const named of parts) {
    const seen = byIndex.get(named.part.shard.index);
    if (seen !== undefined) refuse(`part ${named.part.shard.index}/${K} is given twice (also ${seen.file})`, named.file);
    byIndex.set(named.part.shard.index, named);
  }
  const missing = Array.from({ length: K }, (_, i) => i + 1).filter((i) => !byIndex.has(i));
  if (missing.length > 0) {
    const given = [...byIndex.keys()].sort((a, b) => a - b).map((i) => `${i}/${K}`).join(', ');
    refuse(`part${missing.length > 1 ? 's' : ''} ${missing.map((i) => `${i}/${K}`).join(', ')} missing (given: ${given})`);
  }
  return Array.from({ length: K }, (_, i) => byIndex.get(i + 1) as NamedPart<P>);
}

/** The whole preorder: `top` with each `{ task: t }` replaced by subtree t's preorder. */
export function splicePreorder<N>(top: readonly (N | { readonly task: number })[], subtrees: ReadonlyMap<number, readonly N[]>): N[] {
  return top.flatMap((n) => (isTask(n) ? [...(subtrees.get(n.task) ?? [])] : [n as N]));
}

/** Refuses a merge whose parts left subtrees open, listing them. */
export function refuseOpen(notClosed: readonly string[]): void {
  if (notClosed.length > 0) refuse(`the parts do not close the tree: ${notClosed.join('; ')} — no certificate written`);
}

/** An InputError of a merge for one part. */
export function refusePart(message: string, file: string): never {
  refuse(message, file);
}
