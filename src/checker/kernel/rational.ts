/**
 * The checker's one rational type: a BigInt pair n/d with d > 0, not necessarily reduced, and the
 * size limits that bound every operation on it. Deliberately small: +, −, ×, ÷, comparison, gcd.
 */
import { SizeLimitFailure, demand } from './failure.js';

/** The most digits of a numerator or denominator of one written number (the format's limit). */
export const MAX_RATIONAL_DIGITS = 2000;

/**
 * The most digits of a common denominator the checker forms for one list of numbers (a row of a
 * system, a point, a multiplier vector): the same limit as for one written number, so that one
 * row written with many distinct large denominators cannot make every entry as long as all of
 * them together (n entries × n·2000 digits). Honest lists share their denominators (ACAS Xu
 * regions: at most 239 digits).
 */
export const MAX_COMMON_DENOMINATOR_DIGITS = MAX_RATIONAL_DIGITS;

/**
 * The most digits of a denominator the checker derives by adding and multiplying (a combination
 * Σ yᵢ aᵢ of rows, a sum of products); numerators may have twice as many. Together with the limits
 * above this bounds the cost of every arithmetic operation, so the checking time is proportional
 * to the work the certificate's structure asks for (rows × variables, points × network size).
 */
export const MAX_DERIVED_DIGITS = 20_000;

export const COMMON_BOUND = 10n ** BigInt(MAX_COMMON_DENOMINATOR_DIGITS);
export const DERIVED_BOUND = 10n ** BigInt(MAX_DERIVED_DIGITS);
const DERIVED_NUMERATOR_BOUND = DERIVED_BOUND * DERIVED_BOUND;

/** The rational n/d with d > 0 (not necessarily reduced). */
export interface Q {
  readonly n: bigint;
  readonly d: bigint;
}

/** Zero. */
export const Q0: Q = { n: 0n, d: 1n };

/** Greatest common divisor (nonnegative; gcd(0, 0) = 0). */
export function gcd(a: bigint, b: bigint): bigint {
  if (a < 0n) a = -a;
  if (b < 0n) b = -b;
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

/** Least common multiple of positive integers. */
export function lcm(a: bigint, b: bigint): bigint {
  return a === b ? a : (a / gcd(a, b)) * b;
}

/** Throws unless a derived rational is within {@link MAX_DERIVED_DIGITS}; returns it. */
export function derived(x: Q): Q {
  if (x.d >= DERIVED_BOUND || x.n >= DERIVED_NUMERATOR_BOUND || x.n <= -DERIVED_NUMERATOR_BOUND) {
    throw new SizeLimitFailure(`checking these numbers would derive a rational with more than ${MAX_DERIVED_DIGITS} digits in its denominator or ${2 * MAX_DERIVED_DIGITS} in its numerator (the checker's limit; see docs/certificates.md)`);
  }
  return x;
}

/** Parses rational text as the schema admits it (`-7/3`, `5`). */
export function q(text: string, path?: string): Q {
  const slash = text.indexOf('/');
  const n = BigInt(slash < 0 ? text : text.slice(0, slash));
  const d = slash < 0 ? 1n : BigInt(text.slice(slash + 1));
  demand(d > 0n, `${JSON.stringify(text)} has a zero denominator`, path);
  return { n, d };
}

/** Parses a list of rationals. */
export function qs(texts: readonly string[], path: string): Q[] {
  return texts.map((t, i) => q(t, `${path}[${i}]`));
}

/** A number of the network model (fraction.js: sign s, magnitude n/d) as a {@link Q}; read structurally, so the kernel imports nothing. */
export function fromModel(v: { readonly s: bigint; readonly n: bigint; readonly d: bigint }): Q {
  return { n: v.s < 0n ? -v.n : v.n, d: v.d };
}

/** a/b in lowest terms. */
export function reduce(a: Q): Q {
  const g = gcd(a.n, a.d);
  return g > 1n ? { n: a.n / g, d: a.d / g } : a;
}

/**
 * a + b (within {@link MAX_DERIVED_DIGITS}), over the larger denominator when one divides the
 * other, else over their product. Sums along a row, a point or a box usually have related
 * denominators: over the product they would grow by a whole denominator per term (a box of n
 * bounds with denominator 100 would give 100^n), over the larger one they stay the lcm.
 */
export function add(a: Q, b: Q): Q {
  if (a.d === b.d) return derived({ n: a.n + b.n, d: a.d });
  if (a.d > b.d && a.d % b.d === 0n) return derived({ n: a.n + b.n * (a.d / b.d), d: a.d });
  if (b.d > a.d && b.d % a.d === 0n) return derived({ n: a.n * (b.d / a.d) + b.n, d: b.d });
  return derived({ n: a.n * b.d + b.n * a.d, d: a.d * b.d });
}

/** a − b. */
export function sub(a: Q, b: Q): Q {
  return add(a, { n: -b.n, d: b.d });
}

/** a · b (within {@link MAX_DERIVED_DIGITS}). */
export function mul(a: Q, b: Q): Q {
  return derived({ n: a.n * b.n, d: a.d * b.d });
}

/** a / b for b ≠ 0. */
export function div(a: Q, b: Q): Q {
  return derived(b.n < 0n ? { n: -a.n * b.d, d: a.d * -b.n } : { n: a.n * b.d, d: a.d * b.n });
}

/** −a. */
export function neg(a: Q): Q {
  return { n: -a.n, d: a.d };
}

/** Sign of a rational: −1, 0 or 1. */
export function sign(a: Q): -1 | 0 | 1 {
  return a.n > 0n ? 1 : a.n < 0n ? -1 : 0;
}

/** Sign of a − b. */
export function cmp(a: Q, b: Q): -1 | 0 | 1 {
  const s = a.n * b.d - b.n * a.d;
  return s > 0n ? 1 : s < 0n ? -1 : 0;
}

/** Whether a = b exactly. */
export function eq(a: Q, b: Q): boolean {
  return a.n * b.d === b.n * a.d;
}

/** Numbers longer than this are abbreviated in messages (and not reduced: a gcd of long numbers is slow). */
const SHOWN_DIGITS = 60;
const SHOWN_BOUND = 10n ** BigInt(SHOWN_DIGITS);

function abbreviate(x: bigint): string {
  const t = x.toString();
  const digits = t.startsWith('-') ? t.length - 1 : t.length;
  return digits <= SHOWN_DIGITS ? t : `${t.slice(0, t.length - digits + 12)}…(${digits} digits)`;
}

/** Reduced text of a rational (for messages); very long ones abbreviated, unreduced. */
export function show(a: Q): string {
  if (a.d >= SHOWN_BOUND || a.n >= SHOWN_BOUND || -a.n >= SHOWN_BOUND) {
    return a.d === 1n ? abbreviate(a.n) : `${abbreviate(a.n)}/${abbreviate(a.d)}`;
  }
  const r = reduce(a);
  return r.d === 1n ? r.n.toString() : `${r.n}/${r.d}`;
}

/** Reduced text of a rational, never abbreviated (keys and exact comparisons in messages). */
export function text(a: Q): string {
  const r = reduce(a);
  return r.d === 1n ? r.n.toString() : `${r.n}/${r.d}`;
}
