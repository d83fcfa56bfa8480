/**
 * A specification case as the margin rows the leaf bound takes (src/checker/leafExact.ts):
 * VNN-LIB row `output·y + input·x ≤ rhs` → margin c = output, x = input, d = −rhs; each input
 * constraint `a·x ≤ b` → margin c = 0, x = a, d = −b, appended after the conjunction's rows (the
 * checker builds the same lists from the claim; see src/checker/spec.ts).
 */
import Fraction from 'fraction.js';
import type { ExactRow } from '../../checker/leafExact.js';
import { evaluate } from '../../network/evaluate.js';
import type { Network } from '../../network/model.js';
import { type Specification, conjunctionHolds, inCaseInputs } from '../../specification/model.js';

/** Per conjunction of case k: its margin rows, then the case's input constraints. */
export function caseMarginRows(spec: Specification, k: number): ExactRow[][] {
  const c = spec.cases[k];
  if (c === undefined) throw new RangeError(`no case ${k}`);
  const zeros = new Array<Fraction>(spec.outputs).fill(new Fraction(0));
  const inputRows: ExactRow[] = c.inputConstraints.map((ic) => ({ c: zeros, x: ic.coefficients, d: ic.rhs.neg() }));
  return c.outputs.map((conj) =>
    conj.rows.map((r): ExactRow => ({ c: r.output, d: r.rhs.neg(), ...(r.input.some((v) => v.n !== 0n) ? { x: r.input } : {}) })).concat(inputRows),
  );
}

/** The conjunction's own rows without input parts (what the float bounds and the falsifier see). */
export function outputOnlyRows(spec: Specification, k: number, j: number): ExactRow[] {
  const conj = spec.cases[k]?.outputs[j];
  if (conj === undefined) throw new RangeError(`no conjunction ${j} in case ${k}`);
  return conj.rows.map((r) => ({ c: r.output, d: r.rhs.neg() }));
}

/** Whether x (with its exact outputs) violates conjunction j of case k, exactly (closed). */
export function violatesConjunction(net: Network, spec: Specification, k: number, j: number, x: readonly Fraction[]): Fraction[] | undefined {
  const c = spec.cases[k];
  const conj = c?.outputs[j];
  if (c === undefined || conj === undefined || !inCaseInputs(c, x)) return undefined;
  const y = evaluate(net, x);
  return conjunctionHolds(conj, x, y) ? y : undefined;
}
