/**
 * Input→output specifications: the violation set of a VNN-LIB property, in exact rationals.
 *
 * A specification describes where the network is WRONG (VNN-LIB asserts the violation; a tool
 * answers `sat` when a point of the set exists, `unsat` when the property holds). The set is a
 * union of cases; in each case the inputs range over a box intersected with a few linear
 * constraints, and the outputs must satisfy every row of at least one of the case's output
 * conjunctions:
 *
 *   V = ⋃_k { x : x ∈ box_k, A_k x ≤ b_k, ∃ j: every row r of conjunction (k, j) has r.output·N(x) + r.input·x ≤ r.rhs }.
 *
 * Every relation is closed (`≤`): a point whose margin is exactly 0 IS a violation, so a proof must
 * show each case's set is empty — no tolerance anywhere.
 */
import type Fraction from 'fraction.js';
import { InputError, type SourceLocation } from '../errors.js';
import { ZERO } from '../exact/rational.js';

/** One row `coefficients · x ≤ rhs` over the inputs (closed). */
export interface InputInequality {
  /** One coefficient per input (at least two nonzero: a single-variable row is a box bound). */
  readonly coefficients: readonly Fraction[];
  readonly rhs: Fraction;
}

/** One row `output · y + input · x ≤ rhs` (closed); `y` = N(x). */
export interface OutputRow {
  /** One coefficient per output, at least one nonzero. */
  readonly output: readonly Fraction[];
  /** One coefficient per input; all zero in every VNN-COMP file (the input part of a mixed row). */
  readonly input: readonly Fraction[];
  readonly rhs: Fraction;
}

/** A conjunction of output rows: the violation holds in it when ALL rows hold. An empty conjunction always holds. */
export interface OutputConjunction {
  readonly rows: readonly OutputRow[];
}

/** The range of one input in a case. An undefined end means the file does not bound it on that side. */
export interface InputInterval {
  /** Lower bound (the tightest of the file's lower bounds), or undefined: unbounded below. */
  readonly lo: Fraction | undefined;
  /** Upper bound (the tightest of the file's upper bounds), or undefined: unbounded above. */
  readonly hi: Fraction | undefined;
}

/** One case: an input set and the output conjunctions that make a point of it a violation. */
export interface SpecificationCase {
  /** Per input, its range from the single-variable bounds (lo ≤ hi whenever both are defined). */
  readonly box: readonly InputInterval[];
  /** Other input-only rows (several variables), usually empty. */
  readonly inputConstraints: readonly InputInequality[];
  /** The violation holds at x when ALL rows of SOME conjunction hold at (x, N(x)). Never empty. */
  readonly outputs: readonly OutputConjunction[];
  /** Where the case begins in the file (its first constraint), for messages. */
  readonly at?: SourceLocation;
}

/** Where a specification came from, for messages naming `file:line:column`. */
export interface SpecificationSource {
  /** The file as named by the caller. */
  readonly file?: string;
  /** Where each `X_i` is declared. */
  readonly inputDeclarations?: readonly SourceLocation[];
  /** Where each `Y_j` is declared. */
  readonly outputDeclarations?: readonly SourceLocation[];
}

/** The violation set is the union of the cases: x in the case's input set with N(x) in one of its output conjunctions. */
export interface Specification {
  /** Number of inputs `X_0 … X_{n−1}`. */
  readonly inputs: number;
  /** Number of outputs `Y_0 … Y_{m−1}`. */
  readonly outputs: number;
  /** The cases (at least one). Cases with the same input part are merged, so input sets differ between cases. */
  readonly cases: readonly SpecificationCase[];
  readonly source?: SpecificationSource;
}

/** Which case and which of its output conjunctions a point violates (0-based indices). */
export interface Violation {
  readonly case: number;
  readonly conjunction: number;
}

/** a · v for vectors of equal length. */
function dot(a: readonly Fraction[], v: readonly Fraction[]): Fraction {
  let sum = ZERO;
  for (let i = 0; i < a.length; i++) {
    const c = a[i] as Fraction;
    if (c.n !== 0n) sum = sum.add(c.mul(v[i] as Fraction));
  }
  return sum;
}

/** Whether x lies in the case's input set (box and input rows), exactly, closed. */
export function inCaseInputs(c: SpecificationCase, x: readonly Fraction[]): boolean {
  for (let i = 0; i < c.box.length; i++) {
    const { lo, hi } = c.box[i] as InputInterval;
    const xi = x[i] as Fraction;
    if (lo !== undefined && xi.compare(lo) < 0) return false;
    if (hi !== undefined && xi.compare(hi) > 0) return false;
  }
  return c.inputConstraints.every((row) => dot(row.coefficients, x).compare(row.rhs) <= 0);
}

/** Whether every row of the conjunction holds at (x, y), exactly, closed. */
export function conjunctionHolds(conjunction: OutputConjunction, x: readonly Fraction[], y: readonly Fraction[]): boolean {
  return conjunction.rows.every((row) => dot(row.output, y).add(dot(row.input, x)).compare(row.rhs) <= 0);
}

/**
 * Whether (x, y) lies in the violation set, decided exactly: the first case whose input set
 * contains x and whose conjunction holds at (x, y). Closed semantics: a margin of exactly 0 is a
 * violation. Pass y = N(x) (the exact outputs) to test a counterexample.
 * @throws InputError('dimension') when x or y has the wrong length.
 */
export function violates(spec: Specification, x: readonly Fraction[], y: readonly Fraction[]): Violation | undefined {
  if (x.length !== spec.inputs) throw new InputError('dimension', `the point has ${x.length} inputs, the specification ${spec.inputs}`);
  if (y.length !== spec.outputs) throw new InputError('dimension', `the point has ${y.length} outputs, the specification ${spec.outputs}`);
  for (let k = 0; k < spec.cases.length; k++) {
    const c = spec.cases[k] as SpecificationCase;
    if (!inCaseInputs(c, x)) continue;
    for (let j = 0; j < c.outputs.length; j++) {
      if (conjunctionHolds(c.outputs[j] as OutputConjunction, x, y)) return { case: k, conjunction: j };
    }
  }
  return undefined;
}

/**
 * The bounded box of case `k` as `[lo, hi]` per input, for methods that need one (branch and
 * bound on input coordinates).
 * @throws InputError('unsupported') naming the first input without a lower or upper bound, the
 * case, and (when the specification came from a file) the variable's declaration `file:line:column`.
 */
export function boundedBox(spec: Specification, k: number): (readonly [Fraction, Fraction])[] {
  const c = spec.cases[k];
  if (c === undefined) throw new RangeError(`no case ${k} (the specification has ${spec.cases.length})`);
  return c.box.map(({ lo, hi }, i) => {
    if (lo === undefined || hi === undefined) {
      const side = lo === undefined && hi === undefined ? 'no bounds' : lo === undefined ? 'no lower bound' : 'no upper bound';
      const where = spec.cases.length === 1 ? '' : ` in case ${k + 1} of ${spec.cases.length}`;
      throw new InputError('unsupported', `X_${i} has ${side}${where}; this method needs a bounded input box (assert both (>= X_${i} …) and (<= X_${i} …))`, {
        file: spec.source?.file,
        location: spec.source?.inputDeclarations?.[i],
      });
    }
    return [lo, hi] as const;
  });
}

/** {@link boundedBox} of every case: the check a method that needs bounded inputs makes before it starts. */
export function requireBoundedInputs(spec: Specification): (readonly [Fraction, Fraction])[][] {
  return spec.cases.map((_, k) => boundedBox(spec, k));
}
