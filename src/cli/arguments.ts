/**
 * Parsing of command-line values into exact objects, with errors that name the option.
 */
import type Fraction from 'fraction.js';
import { InputError } from '../errors.js';
import { parseRational } from '../exact/rational.js';

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

/** Parses a positive integer option value. */
export function parsePositiveInteger(text: string, option: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(n) || n < 1) {
    throw new InputError('usage', `expected a positive integer, got ${JSON.stringify(text)}`, { path: option });
  }
  return n;
}

/** Checks that an option takes one of a fixed set of values. */
export function parseChoice<T extends string>(text: string, choices: readonly T[], option: string): T {
  if (!(choices as readonly string[]).includes(text)) {
    throw new InputError('usage', `expected one of ${choices.join(', ')}, got ${JSON.stringify(text)}`, { path: option });
  }
  return text as T;
}
