/**
 * VNN-LIB writer: a {@link Specification} as VNN-LIB text that {@link parseVnnlib} reads back to
 * the same model. Numbers are exact (full decimal expansion, or `(/ p q)` when it does not
 * terminate); the whole violation set is one assert, `(or case₁ case₂ …)` with each case
 * `(and bounds… input-rows… (or (and rows…) …))`.
 */
import type Fraction from 'fraction.js';
import type { Specification, SpecificationCase } from '../specification/model.js';
import { vnncompValueText } from '../specification/result.js';

/** `c·V_i` summed over the nonzero coefficients, as an SMT-LIB term. */
function linearTerm(parts: readonly { name: string; coefficient: Fraction }[]): string {
  const terms = parts
    .filter((p) => p.coefficient.n !== 0n)
    .map((p) => (p.coefficient.equals(1) ? p.name : `(* ${vnncompValueText(p.coefficient)} ${p.name})`));
  if (terms.length === 0) throw new RangeError('formatVnnlib: a constraint row has no nonzero coefficient');
  return terms.length === 1 ? (terms[0] as string) : `(+ ${terms.join(' ')})`;
}

function named(prefix: 'X' | 'Y', coefficients: readonly Fraction[]): { name: string; coefficient: Fraction }[] {
  return coefficients.map((coefficient, i) => ({ name: `${prefix}_${i}`, coefficient }));
}

function caseText(c: SpecificationCase): string {
  const parts: string[] = [];
  c.box.forEach(({ lo, hi }, i) => {
    if (lo !== undefined) parts.push(`(>= X_${i} ${vnncompValueText(lo)})`);
    if (hi !== undefined) parts.push(`(<= X_${i} ${vnncompValueText(hi)})`);
  });
  for (const row of c.inputConstraints) parts.push(`(<= ${linearTerm(named('X', row.coefficients))} ${vnncompValueText(row.rhs)})`);
  const conjunctions = c.outputs.map((conjunction) => {
    const rows = conjunction.rows.map((row) => `(<= ${linearTerm([...named('Y', row.output), ...named('X', row.input)])} ${vnncompValueText(row.rhs)})`);
    return `(and${rows.map((r) => ` ${r}`).join('')})`;
  });
  parts.push(`(or\n      ${conjunctions.join('\n      ')})`);
  return `(and ${parts.join(' ')})`;
}

/**
 * VNN-LIB text for `spec` (declarations, then one assert of the whole violation set).
 * @throws RangeError for a constraint row whose coefficients are all zero (not expressible as a VNN-LIB constraint).
 */
export function formatVnnlib(spec: Specification, comment?: string): string {
  const lines: string[] = [];
  if (comment !== undefined) for (const line of comment.split('\n')) lines.push(`; ${line}`);
  for (let i = 0; i < spec.inputs; i++) lines.push(`(declare-const X_${i} Real)`);
  for (let j = 0; j < spec.outputs; j++) lines.push(`(declare-const Y_${j} Real)`);
  lines.push('', '(assert (or');
  for (const c of spec.cases) lines.push(`    ${caseText(c)}`);
  lines.push('))', '');
  return lines.join('\n');
}
