/**
 * Parsing of command-line values into exact objects, with errors that name the option.
 *
 * Numbers are read in any JavaScript number syntax that denotes one (`1000`, `1e3`, `0x3e8`;
 * not `1_000`, which Number() does not read): a user who writes `--timeout 1e3` means a
 * thousand seconds. Limits too large to matter are clamped (with a note on stderr) rather than
 * refused: `--max-regions 99999999999999999999` asks for no practical limit, and gets the
 * largest exact count.
 */
import type Fraction from 'fraction.js';
import { InputError } from '../errors.js';
import { parseRational } from '../exact/rational.js';

/** Where a parser reports that it clamped a value (the CLI's stderr). */
export type Note = (text: string) => void;

/** The largest timeout kept as given, in seconds (about 31.7 years); larger ones are clamped to it. */
export const MAX_TIMEOUT_SECONDS = 1e9;

/** Parses a comma-separated rational vector such as `"1/2,-3,0.25"`. */
export function parseRationalList(text: string, option: string): Fraction[] {
  if (text.trim() === '') throw new InputError('usage', 'expected a comma-separated list of rationals, got nothing', { path: option });
  return text.split(',').map((part, i) => {
    try {
      return parseRational(part);
    } catch (e) {
      if (e instanceof InputError) throw new InputError('usage', e.detail, { path: `${option} item ${i + 1}` });
      throw e;
    }
  });
}

/** The number `text` denotes in JavaScript syntax (Number(), which also takes Infinity), or NaN; blank is NaN, not 0. */
function numberOf(text: string): number {
  return text.trim() === '' ? Number.NaN : Number(text);
}

/**
 * Parses an integer option value in [min, max] (any JavaScript number syntax denoting an
 * integer: `12`, `1e3`, `0x10`, `+5`); `what` names the expected value in the message.
 */
export function parseInteger(text: string, option: string, range: { min?: number; max?: number; what?: string } = {}): number {
  const min = range.min ?? Number.MIN_SAFE_INTEGER;
  const max = range.max ?? Number.MAX_SAFE_INTEGER;
  const n = numberOf(text);
  const what = range.what ?? (min === 1 ? 'a positive integer' : min === 0 ? 'a nonnegative integer' : 'an integer');
  const bounds = range.max !== undefined ? ` from ${min} to ${max}` : range.min !== undefined && range.min > 1 ? ` of at least ${min}` : '';
  if (!Number.isInteger(n) || n < min || n > max) throw new InputError('usage', `expected ${what}${bounds}, got ${JSON.stringify(text)}`, { path: option });
  return n;
}

/** Parses a positive integer option value (at most `max`, default 2^53 − 1). */
export function parsePositiveInteger(text: string, option: string, max: number = Number.MAX_SAFE_INTEGER): number {
  return parseInteger(text, option, { min: 1, max });
}

/**
 * Parses a limit (`--max-regions`, `--max-lps`, `--max-vertices`): a positive integer; one past
 * 2^53 − 1 (where counts stop being exact) is clamped to it, with a note.
 */
export function parseLimit(text: string, option: string, note: Note): number {
  const n = numberOf(text);
  if (n > Number.MAX_SAFE_INTEGER && (Number.isInteger(n) || n === Number.POSITIVE_INFINITY)) {
    note(`relucert: ${option} ${text.trim()} is more than 2^53 − 1; using ${Number.MAX_SAFE_INTEGER} (no practical limit)\n`);
    return Number.MAX_SAFE_INTEGER;
  }
  return parsePositiveInteger(text, option);
}

/**
 * Parses a number of seconds: any positive number (decimals and exponents allowed); more than
 * {@link MAX_TIMEOUT_SECONDS} (Infinity included) is clamped to it, with a note.
 */
export function parseSeconds(text: string, option: string, note: Note): number {
  const s = numberOf(text);
  if (!(s > 0)) throw new InputError('usage', `expected a positive number of seconds, got ${JSON.stringify(text)}`, { path: option });
  if (s > MAX_TIMEOUT_SECONDS) {
    note(`relucert: ${option} ${text.trim()} is more than ${MAX_TIMEOUT_SECONDS} s (about 31 years); using ${MAX_TIMEOUT_SECONDS} s\n`);
    return MAX_TIMEOUT_SECONDS;
  }
  return s;
}

/** Parses `--timeout` seconds (undefined when not given): the one timeout parser of every command. */
export function parseTimeout(text: string | undefined, note: Note, option = '--timeout'): number | undefined {
  return text === undefined ? undefined : parseSeconds(text, option, note);
}

/** The deadline (ms since the epoch, as Date.now()) `seconds` from now, as the engines take it. */
export function deadlineAfter(seconds: number): number {
  return Date.now() + seconds * 1000;
}

/** Checks that an option takes one of a fixed set of values. */
export function parseChoice<T extends string>(text: string, choices: readonly T[], option: string): T {
  if (!(choices as readonly string[]).includes(text)) {
    throw new InputError('usage', `expected one of ${choices.join(', ')}, got ${JSON.stringify(text)}`, { path: option });
  }
  return text as T;
}

/** More threads than this only costs memory (each loads its own LP solver): refused as a likely typo. */
const MAX_WORKERS = 256;

/** Parses `--workers` (an integer from 1 to {@link MAX_WORKERS}; default 1). */
export function parseWorkers(text: string | undefined): number {
  return text === undefined ? 1 : parseInteger(text, '--workers', { min: 1, max: MAX_WORKERS, what: 'a number of worker threads' });
}
