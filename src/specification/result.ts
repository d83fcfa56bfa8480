/**
 * The VNN-COMP result file: one verdict line (`sat`, `unsat`, `timeout`, `unknown`, `error`), and
 * after `sat` the counterexample as an SMT-LIB model `((X_0 v) (X_1 v) … (Y_0 v) …)`, one pair per
 * line. Values are printed EXACTLY: a rational with a terminating expansion (every dyadic or
 * decimal value) as its full decimal expansion, any other as the SMT-LIB term `(/ p q)`.
 */
import Fraction from 'fraction.js';
import { InputError } from '../errors.js';
import { denominator, numerator, parseRational } from '../exact/rational.js';
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

/** One pair `(X_3 0.25)` or `(Y_0 (/ -1 3))` of a result file's model. */
const MODEL_PAIR = /\(\s*([XY])_(\d+)\s+(\(\s*\/\s*(-?\d+)\s+(\d+)\s*\)|[^()\s]+)\s*\)/g;

/**
 * The counterexample of a `sat` result file's text, exactly (the inverse of
 * {@link formatVnncompResult}): every X_i of 0 … inputs − 1 and every Y_j of 0 … outputs − 1, each
 * once, as a decimal or the SMT-LIB term `(/ p q)`.
 * @throws InputError naming `file` when the verdict is not `sat`, or a value is missing, repeated,
 *   out of range or not a number.
 */
export function parseResultCounterexample(text: string, file: string, inputs: number, outputs: number): { inputs: Fraction[]; outputs: Fraction[] } {
  const lines = text.split(/\r?\n/);
  const first = lines.findIndex((l) => l.trim() !== '');
  if (first < 0 || lines[first]?.trim().toLowerCase() !== 'sat') throw new InputError('parse', 'not a sat result file (its first line is not "sat")', { file });
  const x: (Fraction | undefined)[] = new Array(inputs).fill(undefined);
  const y: (Fraction | undefined)[] = new Array(outputs).fill(undefined);
  for (const m of lines.slice(first + 1).join('\n').matchAll(MODEL_PAIR)) {
    const [, kind, index, value, p, q] = m as unknown as [string, 'X' | 'Y', string, string, string | undefined, string | undefined];
    const target = kind === 'X' ? x : y;
    const i = Number(index);
    const name = `${kind}_${index}`;
    if (i >= target.length) throw new InputError('dimension', `${name} is out of range (the specification has ${kind === 'X' ? inputs : outputs})`, { file, path: name });
    if (target[i] !== undefined) throw new InputError('parse', `${name} is given twice`, { file, path: name });
    if (p !== undefined && q !== undefined) {
      if (BigInt(q) === 0n) throw new InputError('range', `${name}: zero denominator`, { file, path: name });
      target[i] = new Fraction(BigInt(p), BigInt(q));
    } else {
      try {
        target[i] = parseRational(value, name);
      } catch (e) {
        throw e instanceof InputError ? e.inFile(file) : e;
      }
    }
  }
  const missing = [...x.map((v, i) => (v === undefined ? `X_${i}` : '')), ...y.map((v, j) => (v === undefined ? `Y_${j}` : ''))].filter((s) => s !== '');
  if (missing.length > 0) throw new InputError('parse', `the model has no value for ${missing.slice(0, 4).join(', ')}${missing.length > 4 ? ', …' : ''}`, { file });
  return { inputs: x as Fraction[], outputs: y as Fraction[] };
}
