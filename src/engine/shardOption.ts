/**
 * The `--shard I/K` option, apart from the merge machinery (src/engine/shards.ts), so that a
 * command reading it loads nothing more (start-up time).
 * @internal not part of the public API (src/index.ts does not export it).
 */
import { InputError } from '../errors.js';

/** The I-th of K parts (0-based index). */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

/** Parses `--shard I/K` text: integers with 1 ≤ I ≤ K. @throws InputError naming the option. */
export function parseShard(text: string, option = '--shard'): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = m === null ? Number.NaN : Number(m[1]);
  const count = m === null ? Number.NaN : Number(m[2]);
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(count) || count < 1 || index < 1 || index > count) {
    throw new InputError('usage', `expected I/K with integers 1 ≤ I ≤ K (the I-th of K parts), got ${JSON.stringify(text)}`, { path: option });
  }
  return { index: index - 1, count };
}

