/**
 * S-expressions (SMT-LIB 2 concrete syntax) with the line and column of every node, for readers
 * whose errors must point at the exact place in the file (VNN-LIB).
 *
 * Lexical rules (SMT-LIB 2.6 §3.1, the subset a specification file needs): `(` and `)`; comments
 * from `;` to the end of the line; white space anywhere; string literals `"…"` (a doubled `""` is
 * one quote); quoted symbols `|…|`; every other maximal run of non-space, non-parenthesis
 * characters is one atom. Atoms are classified by their caller; a number stays text here so that
 * it is never read through a binary float.
 */
import { InputError, type SourceLocation } from '../errors.js';

/** An atom: a symbol, a keyword (`:source`), a numeral or decimal, as written. */
export interface SAtom {
  readonly kind: 'atom';
  /** The text as written (a quoted symbol without its bars). */
  readonly text: string;
  /** Whether the atom was a string literal `"…"` or a quoted symbol `|…|` (never a number then). */
  readonly quoted: boolean;
  readonly at: SourceLocation;
}

/** A parenthesised list. */
export interface SList {
  readonly kind: 'list';
  readonly items: readonly SExpr[];
  /** Where its `(` is. */
  readonly at: SourceLocation;
}

/** One S-expression. */
export type SExpr = SAtom | SList;

/** Lists nested deeper than this are refused (no legitimate specification comes close; it bounds recursion in readers). */
export const MAX_NESTING = 1000;

/** A character that ends an unquoted atom. */
const ATOM_END = /[()";|\s]/;

/** Where the text ends (for "the file ends inside …" errors). */
export interface ParsedSExprs {
  readonly expressions: readonly SExpr[];
  readonly end: SourceLocation;
}

/**
 * Parses a whole text into its top-level S-expressions.
 * @param file named in errors.
 * @throws InputError('parse') at the exact line and column: an unmatched `)`, a `(` never closed
 * (located at that `(`), an unterminated string or quoted symbol, nesting beyond {@link MAX_NESTING}.
 */
export function parseSExpressions(text: string, file?: string): ParsedSExprs {
  const fail = (detail: string, location: SourceLocation): InputError => new InputError('parse', detail, { file, location });
  const top: SExpr[] = [];
  // Iterative, so that deep nesting is an error message and not a stack overflow.
  const stack: { items: SExpr[]; at: SourceLocation }[] = [];
  let line = 1;
  let column = 1;
  let i = 0;
  const push = (e: SExpr): void => {
    const frame = stack[stack.length - 1];
    (frame === undefined ? top : frame.items).push(e);
  };
  const advance = (ch: string): void => {
    i++;
    if (ch === '\n') {
      line++;
      column = 1;
    } else {
      column++;
    }
  };
  while (i < text.length) {
    const ch = text[i] as string;
    const at: SourceLocation = { line, column };
    if (ch === ';') {
      while (i < text.length && text[i] !== '\n') advance(text[i] as string);
    } else if (ch === '(') {
      if (stack.length >= MAX_NESTING) throw fail(`lists are nested more than ${MAX_NESTING} deep`, at);
      stack.push({ items: [], at });
      advance(ch);
    } else if (ch === ')') {
      const frame = stack.pop();
      if (frame === undefined) throw fail("unexpected ')' with no matching '('", at);
      push({ kind: 'list', items: frame.items, at: frame.at });
      advance(ch);
    } else if (/\s/.test(ch)) {
      advance(ch);
    } else if (ch === '"' || ch === '|') {
      advance(ch);
      let value = '';
      for (;;) {
        if (i >= text.length) throw fail(ch === '"' ? 'unterminated string literal' : 'unterminated quoted symbol |…|', at);
        const c = text[i] as string;
        advance(c);
        if (c === ch) {
          if (ch === '"' && text[i] === '"') {
            value += '"';
            advance('"');
            continue;
          }
          break;
        }
        value += c;
      }
      push({ kind: 'atom', text: value, quoted: true, at });
    } else {
      const start = i;
      while (i < text.length && !ATOM_END.test(text[i] as string)) i++;
      column += i - start; // an atom never contains a line break
      push({ kind: 'atom', text: text.slice(start, i), quoted: false, at });
    }
  }
  const open = stack[stack.length - 1];
  if (open !== undefined) {
    const innermost = open.at;
    const outer = stack[0]?.at ?? innermost;
    const which = stack.length === 1 ? '' : ` (inside the '(' at ${outer.line}:${outer.column})`;
    throw fail(`'(' is never closed: the file ends first${which}`, innermost);
  }
  return { expressions: top, end: { line, column } };
}

/** `(head …)` text for messages: the list's first atom, or `(…)`. */
export function describeSExpr(e: SExpr): string {
  if (e.kind === 'atom') return e.quoted ? JSON.stringify(e.text) : e.text;
  const head = e.items[0];
  if (head === undefined) return '()';
  return head.kind === 'atom' ? `(${head.text} …)` : '(( …) …)';
}
