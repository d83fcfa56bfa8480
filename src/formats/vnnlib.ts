/**
 * VNN-LIB reader: the subset of SMT-LIB 2 (QF_LRA) that VNN-COMP properties use, read exactly
 * into a {@link Specification}.
 *
 * Accepted: `(declare-const X_i Real)` / `(declare-const Y_j Real)` (also `(declare-fun X_i () Real)`),
 * each once, indices 0 … n−1; `(assert F)` where F nests `and`, `or` (any depth) over `<=` / `>=`
 * (chainable as in SMT-LIB: `(<= a b c)` is a ≤ b ∧ b ≤ c) between linear terms: numbers,
 * variables, `+` and `-` (unary and n-ary), `*` with at most one non-constant factor, `/` by
 * constants. Numbers are numerals and decimals (`0.679857769`, `-0.5`, `.5`, `1e-3`: the signed
 * and scientific forms are not SMT-LIB but appear in VNN-COMP files) read exactly as written.
 * `set-logic`, `set-info`, `set-option`, `check-sat`, `get-model` and `exit` are ignored.
 * Everything else (strict `<`/`>`, `=`, `not`, `ite`, a product of two variables, …) is an
 * InputError at its `file:line:column`.
 *
 * Semantics: the conjunction of all asserts is the VIOLATION set. It is put in disjunctive normal
 * form (at most {@link MAX_DNF_TERMS} terms) and each term split into its input part (single-variable
 * bounds → a box, other input-only rows) and its output rows; terms with the same input part
 * become one case. See docs/specifications.md.
 */
import type Fraction from 'fraction.js';
import { InputError, type SourceLocation } from '../errors.js';
import { ONE, ZERO, formatRational, parseRational } from '../exact/rational.js';
import { readInputText } from '../io/files.js';
import { type Formula, MAX_DNF_TERMS, disjunctiveNormalForm } from '../specification/dnf.js';
import { readableRational } from '../specification/decimalText.js';
import type { InputInequality, InputInterval, OutputConjunction, OutputRow, Specification, SpecificationCase } from '../specification/model.js';
import { type SAtom, type SExpr, type SList, describeSExpr, parseSExpressions } from './sexpr.js';

/** Options of {@link parseVnnlib} and {@link readVnnlib}. */
export interface VnnlibOptions {
  /** The network's number of inputs: the file must declare exactly X_0 … X_{inputs−1}. */
  inputs?: number;
  /** The network's number of outputs: the file must declare exactly Y_0 … Y_{outputs−1}. */
  outputs?: number;
  /** Cap on the number of DNF terms (default {@link MAX_DNF_TERMS}). */
  maxTerms?: number;
}

/** Largest variable index accepted (a 9-digit index is surely a mistake, and stays a safe integer). */
const MAX_INDEX_DIGITS = 9;
const VARIABLE = /^([XY])_(0|[1-9][0-9]*)$/;
/** Numbers as VNN-COMP files write them: optional sign, digits with an optional point, optional exponent. */
const NUMBER = /^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;
const IGNORED_COMMANDS = new Set(['set-logic', 'set-info', 'set-option', 'check-sat', 'get-model', 'exit']);

type Kind = 'X' | 'Y';

/** A linear form Σ x-coefficients · X + Σ y-coefficients · Y + constant (zero coefficients absent). */
interface Linear {
  readonly x: Map<number, Fraction>;
  readonly y: Map<number, Fraction>;
  readonly constant: Fraction;
}

/** One closed row x·a + y·c ≤ rhs, as read (before it is sorted into box, input row or output row). */
interface Atom {
  readonly x: Map<number, Fraction>;
  readonly y: Map<number, Fraction>;
  readonly rhs: Fraction;
  readonly at: SourceLocation;
  /** Canonical text of the row (for duplicates and grouping). */
  readonly key: string;
}

/** One variable's declaration. */
interface Declaration {
  readonly index: number;
  readonly at: SourceLocation;
  /** Position among the top-level commands (a use must come after it). */
  readonly order: number;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function range(kind: Kind, n: number): string {
  return n === 0 ? 'none' : n === 1 ? `${kind}_0` : `${kind}_0 … ${kind}_${n - 1}`;
}

const KIND_WORD: Record<Kind, string> = { X: 'input', Y: 'output' };

/** Reads the whole text; the state every part of the reader shares. */
class VnnlibReader {
  private readonly declared: Record<Kind, Map<number, Declaration>> = { X: new Map(), Y: new Map() };
  private counts: Record<Kind, number> = { X: 0, Y: 0 };
  /** Index of the top-level command being read (for use-before-declaration). */
  private order = 0;

  constructor(
    private readonly file: string | undefined,
    private readonly options: VnnlibOptions,
  ) {}

  fail(code: InputError['code'], detail: string, location: SourceLocation): InputError {
    return new InputError(code, detail, { file: this.file, location });
  }

  read(text: string): Specification {
    const { expressions, end } = parseSExpressions(text, this.file);
    const commands = expressions.map((e) => this.command(e));
    commands.forEach((c, order) => {
      if (c.name === 'declare') this.declare(c.list, order);
    });
    this.checkDeclarations(end);
    const asserted: Formula<Atom>[] = [];
    commands.forEach((c, order) => {
      this.order = order;
      if (c.name === 'assert') asserted.push(this.formula(c.list.items[1] as SExpr));
    });
    if (asserted.length === 0) {
      throw this.fail('parse', 'the file has no assert: a VNN-LIB property asserts its violation set, and an empty one would be all of R^n', end);
    }
    const start = commands.find((c) => c.name === 'assert')?.list.at ?? end;
    const cap = this.options.maxTerms ?? MAX_DNF_TERMS;
    const terms = disjunctiveNormalForm<Atom>({ kind: 'and', parts: asserted, at: start }, cap, (at, size) =>
      this.fail('unsupported', `the property's disjunctive normal form would have ${size} terms, more than the limit of ${cap}`, at),
    );
    if (terms.length === 0) throw this.fail('parse', 'the violation set is empty: every disjunct is false', start);
    return {
      inputs: this.counts.X,
      outputs: this.counts.Y,
      cases: this.cases(terms),
      source: {
        ...(this.file === undefined ? {} : { file: this.file }),
        inputDeclarations: this.locations('X'),
        outputDeclarations: this.locations('Y'),
      },
    };
  }

  private locations(kind: Kind): SourceLocation[] {
    return Array.from({ length: this.counts[kind] }, (_, i) => (this.declared[kind].get(i) as Declaration).at);
  }

  // ---- commands and declarations -------------------------------------------------------------

  private command(e: SExpr): { name: 'declare' | 'assert' | 'ignored'; list: SList } {
    if (e.kind !== 'list') throw this.fail('parse', `expected a command such as (assert …), got ${describeSExpr(e)}`, e.at);
    const head = e.items[0];
    if (head === undefined || head.kind !== 'atom' || head.quoted) throw this.fail('parse', `expected a command such as (assert …), got ${describeSExpr(e)}`, e.at);
    switch (head.text) {
      case 'declare-const':
      case 'declare-fun':
        return { name: 'declare', list: e };
      case 'assert':
        if (e.items.length !== 2) throw this.fail('parse', `assert takes one formula, got ${e.items.length - 1}`, e.at);
        return { name: 'assert', list: e };
      default:
        if (IGNORED_COMMANDS.has(head.text)) return { name: 'ignored', list: e };
        throw this.fail('unsupported', `unsupported command ${head.text}: a VNN-LIB property uses declare-const and assert`, head.at);
    }
  }

  private declare(list: SList, order: number): void {
    const [head, name, ...rest] = list.items as SExpr[];
    const isFun = (head as SAtom).text === 'declare-fun';
    const shape = isFun ? '(declare-fun X_0 () Real)' : '(declare-const X_0 Real)';
    const sort = isFun ? rest[1] : rest[0];
    const arityOk = isFun ? rest.length === 2 && rest[0]?.kind === 'list' && rest[0].items.length === 0 : rest.length === 1;
    if (name === undefined || !arityOk) throw this.fail('parse', `expected ${shape}`, list.at);
    if (name.kind !== 'atom') throw this.fail('parse', `expected a variable name, got ${describeSExpr(name)}`, name.at);
    const match = VARIABLE.exec(name.text);
    if (match === null || name.quoted) {
      throw this.fail('unsupported', `cannot declare ${describeSExpr(name)}: VNN-LIB variables are X_<i> (inputs) and Y_<j> (outputs), indices from 0 without leading zeros`, name.at);
    }
    if (sort === undefined || sort.kind !== 'atom' || sort.text !== 'Real') {
      throw this.fail('unsupported', `${name.text} must be declared Real, got ${sort === undefined ? 'nothing' : describeSExpr(sort)}`, sort?.at ?? list.at);
    }
    const kind = match[1] as Kind;
    const digits = match[2] as string;
    if (digits.length > MAX_INDEX_DIGITS) throw this.fail('range', `${name.text}: index too large`, name.at);
    const index = Number(digits);
    const previous = this.declared[kind].get(index);
    if (previous !== undefined) throw this.fail('parse', `${name.text} is declared twice (first at ${previous.at.line}:${previous.at.column})`, name.at);
    const network = kind === 'X' ? this.options.inputs : this.options.outputs;
    if (network !== undefined && index >= network) {
      throw this.fail('dimension', `${name.text} is declared but the network has ${plural(network, KIND_WORD[kind])} (${range(kind, network)})`, name.at);
    }
    this.declared[kind].set(index, { index, at: name.at, order });
  }

  /** Indices 0 … n−1 each declared, n equal to the network's count when one is given. */
  private checkDeclarations(end: SourceLocation): void {
    for (const kind of ['X', 'Y'] as const) {
      const declared = this.declared[kind];
      const sorted = [...declared.values()].sort((a, b) => a.index - b.index);
      sorted.forEach((d, position) => {
        if (d.index !== position) {
          throw this.fail('parse', `${kind}_${position} is not declared but ${kind}_${d.index} is: ${KIND_WORD[kind]}s must be numbered ${kind}_0, ${kind}_1, … without gaps`, d.at);
        }
      });
      const count = sorted.length;
      const network = kind === 'X' ? this.options.inputs : this.options.outputs;
      if (network !== undefined && count !== network) {
        // More than the network has was refused at the declaration; here the file has fewer.
        const last = sorted[sorted.length - 1];
        throw this.fail(
          'dimension',
          `the file declares ${plural(count, KIND_WORD[kind])} (${range(kind, count)}) but the network has ${network} (${range(kind, network)})`,
          last?.at ?? end,
        );
      }
      if (count === 0) throw this.fail('parse', `the file declares no ${KIND_WORD[kind]}s (${kind}_0 …)`, end);
      this.counts[kind] = count;
    }
  }

  // ---- formulas -----------------------------------------------------------------------------

  private formula(e: SExpr): Formula<Atom> {
    if (e.kind === 'atom') {
      throw this.fail('unsupported', `expected a constraint such as (<= X_0 1), (and …) or (or …), got ${describeSExpr(e)}`, e.at);
    }
    const head = e.items[0];
    if (head === undefined || head.kind !== 'atom' || head.quoted) throw this.fail('parse', `expected a constraint such as (<= X_0 1), got ${describeSExpr(e)}`, e.at);
    const args = e.items.slice(1);
    switch (head.text) {
      case 'and':
        // (and) is true: an empty conjunction.
        return { kind: 'and', parts: args.map((a) => this.formula(a)), at: e.at };
      case 'or':
        if (args.length === 0) throw this.fail('parse', '(or) with no arguments is false: it would make the violation set empty', e.at);
        return { kind: 'or', parts: args.map((a) => this.formula(a)), at: e.at };
      case '<=':
      case '>=':
        return this.comparison(e, head.text, args);
      case '<':
      case '>':
        throw this.fail('unsupported', `strict ${head.text} is not supported: VNN-LIB constraints are closed, use ${head.text}=`, head.at);
      case '=':
        throw this.fail('unsupported', '= is not supported: write an equality as (and (<= a b) (>= a b))', head.at);
      case 'not':
        throw this.fail('unsupported', 'not is not supported: the negation of <= is a strict inequality, and VNN-LIB constraints are closed', head.at);
      default:
        throw this.fail('unsupported', `unsupported operator ${head.text} in a constraint: expected and, or, <=, >=`, head.at);
    }
  }

  private comparison(e: SList, relation: '<=' | '>=', args: readonly SExpr[]): Formula<Atom> {
    if (args.length < 2) throw this.fail('parse', `${relation} takes at least two terms, got ${args.length}`, e.at);
    const terms = args.map((a) => this.term(a));
    const atoms: Formula<Atom>[] = [];
    for (let k = 0; k + 1 < terms.length; k++) {
      const [small, large] = relation === '<=' ? [terms[k] as Linear, terms[k + 1] as Linear] : [terms[k + 1] as Linear, terms[k] as Linear];
      atoms.push({ kind: 'atom', atom: this.atom(subtract(small, large), e) });
    }
    return atoms.length === 1 ? (atoms[0] as Formula<Atom>) : { kind: 'and', parts: atoms, at: e.at };
  }

  /** The row `form ≤ 0`, i.e. x·a + y·c ≤ −constant. */
  private atom(form: Linear, e: SList): Atom {
    if (form.x.size === 0 && form.y.size === 0) {
      throw this.fail('unsupported', `the constraint ${describeSExpr(e)} has no variables`, e.at);
    }
    const rhs = form.constant.neg();
    const entries = (kind: Kind, m: Map<number, Fraction>): string[] =>
      [...m.entries()].sort((a, b) => a[0] - b[0]).map(([i, c]) => `${kind}${i}:${formatRational(c)}`);
    const key = [...entries('X', form.x), ...entries('Y', form.y), `<=${formatRational(rhs)}`].join(' ');
    return { x: form.x, y: form.y, rhs, at: e.at, key };
  }

  // ---- terms --------------------------------------------------------------------------------

  private term(e: SExpr): Linear {
    if (e.kind === 'atom') return this.atomTerm(e);
    const head = e.items[0];
    if (head === undefined || head.kind !== 'atom' || head.quoted) throw this.fail('parse', `expected a term, got ${describeSExpr(e)}`, e.at);
    const args = e.items.slice(1);
    const need = (n: number): void => {
      if (args.length < n) throw this.fail('parse', `${head.text} takes at least ${plural(n, 'argument')}, got ${args.length}`, e.at);
    };
    switch (head.text) {
      case '+': {
        need(1);
        return args.map((a) => this.term(a)).reduce(add);
      }
      case '-': {
        need(1);
        const parts = args.map((a) => this.term(a));
        if (parts.length === 1) return scale(parts[0] as Linear, ONE.neg());
        return parts.slice(1).reduce((acc, p) => subtract(acc, p), parts[0] as Linear);
      }
      case '*': {
        need(1);
        const parts = args.map((a) => this.term(a));
        const variable = parts.filter((p) => !isConstant(p));
        if (variable.length > 1) {
          const second = args[parts.indexOf(variable[1] as Linear)] as SExpr;
          throw this.fail('unsupported', `non-linear term: * multiplies ${describeSExpr(args[parts.indexOf(variable[0] as Linear)] as SExpr)} by ${describeSExpr(second)}; only multiplication by a constant is linear`, second.at);
        }
        const factor = parts.filter(isConstant).reduce((acc, p) => acc.mul(p.constant), ONE);
        const base = variable[0];
        return base === undefined ? constant(factor) : scale(base, factor);
      }
      case '/': {
        need(2);
        const parts = args.map((a) => this.term(a));
        let result = parts[0] as Linear;
        parts.slice(1).forEach((divisor, k) => {
          const at = (args[k + 1] as SExpr).at;
          if (!isConstant(divisor)) throw this.fail('unsupported', `non-linear term: / divides by ${describeSExpr(args[k + 1] as SExpr)}, which is not a constant`, at);
          if (divisor.constant.n === 0n) throw this.fail('range', 'division by zero', at);
          result = scale(result, divisor.constant.inverse());
        });
        return result;
      }
      case 'and':
      case 'or':
      case '<=':
      case '>=':
        throw this.fail('parse', `expected a term (a number, a variable, + - * /), got the constraint ${describeSExpr(e)}`, e.at);
      default:
        throw this.fail('unsupported', `unsupported function ${head.text}: a linear term uses numbers, variables, +, -, * by a constant and / by a constant`, head.at);
    }
  }

  private atomTerm(e: SAtom): Linear {
    if (!e.quoted && NUMBER.test(e.text)) {
      try {
        return constant(parseRational(e.text));
      } catch (error) {
        if (error instanceof InputError) throw this.fail(error.code, error.detail, e.at);
        throw error;
      }
    }
    const match = e.quoted ? null : VARIABLE.exec(e.text);
    if (match === null) {
      if (!e.quoted && /^[+-]?[0-9]+\/[0-9]+$/.test(e.text)) {
        const [p, q] = e.text.split('/');
        throw this.fail('parse', `${e.text} is not a number in SMT-LIB; write (/ ${p} ${q})`, e.at);
      }
      throw this.fail('unsupported', `unknown symbol ${describeSExpr(e)}: terms use numbers and the variables X_<i>, Y_<j>`, e.at);
    }
    const kind = match[1] as Kind;
    const digits = match[2] as string;
    const index = digits.length > MAX_INDEX_DIGITS ? Number.MAX_SAFE_INTEGER : Number(digits);
    const declaration = this.declared[kind].get(index);
    if (declaration === undefined) {
      const network = kind === 'X' ? this.options.inputs : this.options.outputs;
      const context = network !== undefined ? `the network has ${plural(network, KIND_WORD[kind])}` : `the file declares ${plural(this.counts[kind], KIND_WORD[kind])}, ${range(kind, this.counts[kind])}`;
      throw this.fail('dimension', `unknown variable ${e.text} (${context})`, e.at);
    }
    if (declaration.order > this.order) {
      throw this.fail('parse', `${e.text} is used before its declaration at ${declaration.at.line}:${declaration.at.column}`, e.at);
    }
    return { x: kind === 'X' ? new Map([[index, ONE]]) : new Map(), y: kind === 'Y' ? new Map([[index, ONE]]) : new Map(), constant: ZERO };
  }

  // ---- from DNF terms to cases --------------------------------------------------------------

  private cases(terms: readonly Atom[][]): SpecificationCase[] {
    const groups = new Map<string, { c: MutableCase; conjunctionKeys: Set<string> }>();
    for (const term of terms) {
      const { inputKey, box, inputConstraints, outputRows, rowKeys, at } = this.splitTerm(term);
      let group = groups.get(inputKey);
      if (group === undefined) {
        group = { c: { box, inputConstraints, outputs: [], at }, conjunctionKeys: new Set() };
        groups.set(inputKey, group);
      }
      const conjunctionKey = [...rowKeys].sort().join(' & ');
      if (!group.conjunctionKeys.has(conjunctionKey)) {
        group.conjunctionKeys.add(conjunctionKey);
        group.c.outputs.push({ rows: outputRows });
      }
    }
    return [...groups.values()].map((g) => g.c);
  }

  /** One DNF term as box + input rows + output rows, with the key of its input part. */
  private splitTerm(term: readonly Atom[]): {
    inputKey: string;
    box: InputInterval[];
    inputConstraints: InputInequality[];
    outputRows: OutputRow[];
    rowKeys: string[];
    at: SourceLocation | undefined;
  } {
    const n = this.counts.X;
    const m = this.counts.Y;
    const lo: ({ value: Fraction; at: SourceLocation } | undefined)[] = new Array(n).fill(undefined);
    const hi: ({ value: Fraction; at: SourceLocation } | undefined)[] = new Array(n).fill(undefined);
    const inputRows = new Map<string, InputInequality>();
    const outputRows = new Map<string, OutputRow>();
    const dense = (size: number, entries: Map<number, Fraction>): Fraction[] => {
      const v: Fraction[] = new Array(size).fill(ZERO);
      for (const [i, c] of entries) v[i] = c;
      return v;
    };
    for (const atom of term) {
      if (atom.y.size > 0) {
        if (!outputRows.has(atom.key)) outputRows.set(atom.key, { output: dense(m, atom.y), input: dense(n, atom.x), rhs: atom.rhs });
      } else if (atom.x.size === 1) {
        // a·x_i ≤ rhs: an upper bound rhs/a when a > 0, a lower bound when a < 0. Keep the tightest.
        const [i, a] = [...atom.x.entries()][0] as [number, Fraction];
        const value = atom.rhs.div(a);
        if (a.s > 0n) {
          const current = hi[i];
          if (current === undefined || value.compare(current.value) < 0) hi[i] = { value, at: atom.at };
        } else {
          const current = lo[i];
          if (current === undefined || value.compare(current.value) > 0) lo[i] = { value, at: atom.at };
        }
      } else if (!inputRows.has(atom.key)) {
        inputRows.set(atom.key, { coefficients: dense(n, atom.x), rhs: atom.rhs });
      }
    }
    for (let i = 0; i < n; i++) {
      const l = lo[i];
      const h = hi[i];
      if (l !== undefined && h !== undefined && l.value.compare(h.value) > 0) {
        const [first, second] = compareLocations(l.at, h.at) <= 0 ? [l, h] : [h, l];
        const text = (b: typeof l): string => `X_${i} ${b === l ? '>=' : '<='} ${readableRational(b.value)} (at ${b.at.line}:${b.at.column})`;
        throw this.fail('range', `empty input box: ${text(first)} and ${text(second)}; the lower bound exceeds the upper bound`, second.at);
      }
    }
    const box: InputInterval[] = lo.map((l, i) => ({ lo: l?.value, hi: hi[i]?.value }));
    const inputKeys = [...inputRows.keys()].sort();
    const boxKey = box.map((b) => `${b.lo === undefined ? '-' : formatRational(b.lo)}:${b.hi === undefined ? '-' : formatRational(b.hi)}`).join(',');
    return {
      inputKey: `${boxKey}|${inputKeys.join(' & ')}`,
      box,
      inputConstraints: [...inputRows.values()],
      outputRows: [...outputRows.values()],
      rowKeys: [...outputRows.keys()],
      at: term[0]?.at,
    };
  }
}

interface MutableCase {
  box: InputInterval[];
  inputConstraints: InputInequality[];
  outputs: OutputConjunction[];
  at: SourceLocation | undefined;
}

function compareLocations(a: SourceLocation, b: SourceLocation): number {
  return a.line !== b.line ? a.line - b.line : a.column - b.column;
}

function constant(c: Fraction): Linear {
  return { x: new Map(), y: new Map(), constant: c };
}

function isConstant(t: Linear): boolean {
  return t.x.size === 0 && t.y.size === 0;
}

function combine(a: Map<number, Fraction>, b: Map<number, Fraction>, sign: 1 | -1): Map<number, Fraction> {
  const out = new Map(a);
  for (const [i, c] of b) {
    const sum = (out.get(i) ?? ZERO).add(sign === 1 ? c : c.neg());
    if (sum.n === 0n) out.delete(i);
    else out.set(i, sum);
  }
  return out;
}

function add(a: Linear, b: Linear): Linear {
  return { x: combine(a.x, b.x, 1), y: combine(a.y, b.y, 1), constant: a.constant.add(b.constant) };
}

function subtract(a: Linear, b: Linear): Linear {
  return { x: combine(a.x, b.x, -1), y: combine(a.y, b.y, -1), constant: a.constant.sub(b.constant) };
}

function scale(t: Linear, factor: Fraction): Linear {
  if (factor.n === 0n) return constant(ZERO);
  const each = (m: Map<number, Fraction>): Map<number, Fraction> => new Map([...m].map(([i, c]) => [i, c.mul(factor)]));
  return { x: each(t.x), y: each(t.y), constant: t.constant.mul(factor) };
}

/**
 * Parses VNN-LIB text into its violation set, exactly.
 * @param file named in every error (`file:line:column: …`).
 * @throws InputError at the exact line and column for syntax errors, unsupported constructs,
 * undeclared or misnumbered variables, counts that differ from `options.inputs`/`outputs`, an empty
 * input box, or a DNF beyond the cap.
 */
export function parseVnnlib(text: string, options: VnnlibOptions & { file?: string } = {}): Specification {
  return new VnnlibReader(options.file, options).read(text);
}

/**
 * Reads a `.vnnlib` file into its violation set, exactly; with `inputs`/`outputs` the declared
 * variables must match the network.
 * @throws InputError naming the file (and line:column): unreadable, malformed or unsupported content.
 */
export function readVnnlib(file: string, options: VnnlibOptions = {}): Specification {
  return parseVnnlib(readInputText(file), { ...options, file });
}
