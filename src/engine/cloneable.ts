/**
 * Values that hold Fractions, as data a structured clone keeps (worker-thread messages): a
 * Fraction loses its prototype in a clone (it arrives as a plain `{ s, n, d }`), so each one is
 * written as `{ $rational: [numerator, denominator] }` and read back as a Fraction. Arrays and
 * plain objects are walked; bigints, numbers, strings, booleans, null, undefined and typed arrays
 * pass as they are (a clone keeps them). Anything else (a Map, a class instance) is refused, so
 * that no value silently loses its type on the way.
 * @internal not part of the public API (src/index.ts does not export it).
 */
import Fraction from 'fraction.js';
import { denominator, numerator } from '../exact/rational.js';

const TAG = '$rational';

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** `value` with every Fraction in it replaced by its tagged form. @internal */
export function toCloneable(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Fraction) return { [TAG]: [numerator(value), denominator(value)] };
  if (Array.isArray(value)) return value.map(toCloneable);
  if (ArrayBuffer.isView(value)) return value;
  if (!isPlainObject(value)) throw new TypeError(`internal: cannot send a ${value.constructor.name} to a worker thread`);
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) out[key] = toCloneable(v);
  return out;
}

/** The inverse of {@link toCloneable}: tagged rationals become Fractions again. @internal */
export function fromCloneable<T>(value: unknown): T {
  return revive(value) as T;
}

function revive(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(revive);
  if (ArrayBuffer.isView(value)) return value;
  const record = value as Record<string, unknown>;
  const tagged = record[TAG];
  if (tagged !== undefined) {
    const [num, den] = tagged as [bigint, bigint];
    return new Fraction(num, den);
  }
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(record)) out[key] = revive(v);
  return out;
}
