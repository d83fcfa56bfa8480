/**
 * Decimal rendering of exact rationals for people (never for certificates): N significant
 * fractional digits via big.js, and an explicit flag telling whether the text was rounded.
 */
import Big from 'big.js';
import type Fraction from 'fraction.js';
import { denominator, numerator } from './rational.js';

/** A rational rendered in decimal, and whether the rendering is rounded (not exact). */
export interface DecimalRendering {
  /** The decimal text, e.g. `0.3333333333`. */
  readonly text: string;
  /** True when `text` is not exactly the rational (it was rounded to `digits` decimal places). */
  readonly rounded: boolean;
}

/** Renders `r` with at most `digits` digits after the decimal point (round half even). */
export function toDecimal(r: Fraction, digits = 10): DecimalRendering {
  // A fresh Big constructor so that the global DP/RM settings of other users are untouched.
  const B = Big();
  B.DP = digits;
  B.RM = Big.roundHalfEven;
  B.NE = -1e6; // never switch to exponential notation
  B.PE = 1e6;
  const n = new B(numerator(r).toString());
  const d = new B(denominator(r).toString());
  const q = n.div(d); // rounded to DP places
  const rounded = !q.times(d).eq(n);
  return { text: q.toFixed(), rounded };
}

/** `0.333…` style text: the decimal rendering, prefixed with `≈` when rounded. */
export function formatDecimal(r: Fraction, digits = 10): string {
  const { text, rounded } = toDecimal(r, digits);
  return rounded ? `≈${text}` : text;
}
