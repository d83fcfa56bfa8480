/**
 * Size limits on the networks the checker computes with (embedded in the certificate or supplied
 * by the caller). With the per-number limits of the schema and kernel/rational.ts they bound the cost
 * of every exact operation, so a certificate cannot make the checker work much longer (or use
 * much more memory) than its structure asks for: the limits refuse a network with huge numbers,
 * or one whose exact pre-activations grow huge through the layers, before any work is done on it.
 * See docs/certificates.md, "Limits".
 */
import { MAX_RATIONAL_DIGITS } from './schema/index.js';
import { InputError } from '../errors.js';
import { type Network, checkDenseMapSize } from '../network/model.js';
import { SizeLimitFailure, demandWithinLimit, kernelLayers } from './kernel/index.js';

/**
 * The most digits the exact pre-activations of a network may grow by through its layers:
 * Σ_k log10(d_k · m_k) over the layers, with d_k the layer's common denominator and m_k its
 * largest numerator over d_k (ACAS Xu: about 130; integer networks with weights ±1: 0). Each layer
 * multiplies the integers of an exact evaluation by up to d_k·m_k·fan-in, so this bounds them.
 */
export const MAX_NETWORK_GROWTH_DIGITS = 2000;

const NUMBER_BOUND = 10n ** BigInt(MAX_RATIONAL_DIGITS);
const LOG10_2 = Math.log10(2);

function log10Big(x: bigint): number {
  const a = x < 0n ? -x : x;
  if (a === 0n) return 0;
  const hex = a.toString(16);
  // log10 of the leading 13 hex digits, plus the rest as a power of 16: exact enough for a limit.
  const lead = Number.parseInt(hex.slice(0, 13), 16);
  return Math.log10(lead) + 4 * (hex.length - Math.min(13, hex.length)) * LOG10_2;
}

/**
 * Strings in the `layers` of an embedded network document longer than any rational within the
 * limit can be written (checked before the network reader parses them: parsing a long quotient
 * costs a gcd, quadratic in its length). Iterative: the document's depth is checked elsewhere.
 */
export function checkEmbeddedNumbers(doc: Record<string, unknown>, path: string): void {
  const longest = 2 * MAX_RATIONAL_DIGITS + 2;
  // Entries remember parent and key: a path is built only for the string reported (a large
  // network has millions of numbers, and a path string for each would cost more than the check).
  interface Entry {
    readonly value: unknown;
    readonly parent: Entry | undefined;
    readonly key: string | number;
  }
  const pathOf = (e: Entry): string => {
    let out = '';
    for (let at: Entry | undefined = e; at !== undefined; at = at.parent) out = `${typeof at.key === 'number' ? `[${at.key}]` : `.${at.key}`}${out}`;
    return `${path}${out}`;
  };
  const stack: Entry[] = [{ value: doc.layers, parent: undefined, key: 'layers' }];
  while (stack.length > 0) {
    const top = stack.pop() as Entry;
    const value = top.value;
    if (typeof value === 'string') {
      demandWithinLimit(value.length <= longest, `a number of ${value.length} characters: more than ${MAX_RATIONAL_DIGITS} digits in the numerator or the denominator (the checker's limit for one number)`, pathOf(top));
    } else if (Array.isArray(value)) {
      value.forEach((item, i) => {
        if (typeof item === 'string' ? item.length > longest : typeof item === 'object' && item !== null) stack.push({ value: item, parent: top, key: i });
      });
    } else if (typeof value === 'object' && value !== null) {
      for (const [key, item] of Object.entries(value)) stack.push({ value: item, parent: top, key });
    }
  }
}

/**
 * Checks a network against the checker's limits: every weight and bias within
 * {@link MAX_RATIONAL_DIGITS} digits (numerator and denominator), the growth through the layers
 * within {@link MAX_NETWORK_GROWTH_DIGITS}, and the dense maps the checks build within
 * MAX_DENSE_MAP_ENTRIES. `path` locates the network in the certificate (`claim.network`).
 */
export function checkNetworkLimits(net: Network, path: string): void {
  try {
    checkDenseMapSize(net, 'the checker');
  } catch (e) {
    if (e instanceof InputError) throw new SizeLimitFailure(`the network is too large to check: ${e.detail}`, `${path}.${e.path ?? ''}`);
    throw e;
  }
  net.layers.forEach((layer, k) => {
    const at = `${path}.layers[${k}]`;
    const within = (v: { n: bigint; d: bigint }): boolean => v.d < NUMBER_BOUND && v.n < NUMBER_BOUND && -v.n < NUMBER_BOUND;
    layer.rows.forEach((row, i) =>
      row.values.forEach((v, t) => demandWithinLimit(within(v), `more than ${MAX_RATIONAL_DIGITS} digits in the numerator or the denominator (the checker's limit for one number)`, `${at}.weights[${i}][${row.cols[t] as number}]`)),
    );
    layer.bias.forEach((v, i) => demandWithinLimit(within(v), `more than ${MAX_RATIONAL_DIGITS} digits in the numerator or the denominator (the checker's limit for one number)`, `${at}.bias[${i}]`));
  });
  let growth = 0;
  kernelLayers(net).forEach((layer, k) => {
    let largest = 1n;
    for (const row of layer.nums) for (const v of row) if (v > largest || -v > largest) largest = v < 0n ? -v : v;
    for (const v of layer.bias) if (v > largest || -v > largest) largest = v < 0n ? -v : v;
    growth += log10Big(layer.den) + log10Big(largest);
    demandWithinLimit(
      growth <= MAX_NETWORK_GROWTH_DIGITS,
      `through layer ${k} the network's exact values can grow by about ${Math.round(growth)} digits (Σ log10 of each layer's common denominator × largest numerator); the checker's limit is ${MAX_NETWORK_GROWTH_DIGITS}`,
      `${path}.layers[${k}]`,
    );
  });
}
