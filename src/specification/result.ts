/**
 * The VNN-COMP result file: one verdict line (`sat`, `unsat`, `timeout`, `unknown`, `error`), and
 * after `sat` the counterexample as an SMT-LIB model `((X_0 v) (X_1 v) … (Y_0 v) …)`, one pair per
 * line. Values are printed EXACTLY: a rational with a terminating expansion (every dyadic or
 * decimal value) as its full decimal expansion, any other as the SMT-LIB term `(/ p q)`.
 */
import type Fraction from 'fraction.js';
import { denominator, numerator } from '../exact/rational.js';
import { exactDecimalText } from './decimalText.js';
import { type Specification, violates } from './model.js';

/** A verdict as VNN-COMP writes it; `sat` carries the counterexample and its exact outputs. */
export type VnncompResult =
  | { readonly verdict: 'unsat' | 'timeout' | 'unknown' | 'error' }
  | { readonly verdict: 'sat'; readonly inputs: readonly Fraction[]; readonly outputs: readonly Fraction[] };

/**
 * One value of a result file, exactly: `0.6`, `-0.5`, `3.0`, `0.000244140625`; `(/ 1 3)` or
 * `(/ -1 3)` when the expansion does not terminate (VNN-COMP's own scripts read values as floats
 * and cannot parse that form, so a verifier should report decimal counterexamples; outputs of a
 * network with decimal or dyadic weights at a decimal point are always decimal).
 */
export function vnncompValueText(r: Fraction): string {
  return exactDecimalText(r) ?? `(/ ${numerator(r)} ${denominator(r)})`;
}

/**
 * The text of a VNN-COMP result file (ending with a newline).
 * @param spec when given, a `sat` result is checked first: the sizes must match and (inputs, outputs)
 * must lie in the violation set exactly — a result file never claims a counterexample that is not one.
 * @throws Error when a `sat` result fails that check (a bug in the caller, not bad input).
 */
export function formatVnncompResult(result: VnncompResult, spec?: Specification): string {
  if (result.verdict !== 'sat') return `${result.verdict}\n`;
  if (spec !== undefined && violates(spec, result.inputs, result.outputs) === undefined) {
    throw new Error('formatVnncompResult: the counterexample does not lie in the violation set');
  }
  const pairs = [
    ...result.inputs.map((v, i) => `(X_${i} ${vnncompValueText(v)})`),
    ...result.outputs.map((v, j) => `(Y_${j} ${vnncompValueText(v)})`),
  ];
  return `sat\n(${pairs.join('\n ')})\n`;
}
