/**
 * Disjunctive normal form of an and/or tree over atoms, with a cap on its size.
 *
 * Distributing `and` over `or` can multiply sizes ((a₁ ∨ b₁) ∧ … ∧ (aₙ ∨ bₙ) has 2ⁿ terms), so the
 * size of every product is computed before it is built and the caller's error is raised as soon as
 * it would exceed the cap.
 */
import type { SourceLocation } from '../errors.js';

/** An and/or formula over atoms of type A; `at` locates an operator for error messages. */
export type Formula<A> =
  | { readonly kind: 'atom'; readonly atom: A }
  | { readonly kind: 'and' | 'or'; readonly parts: readonly Formula<A>[]; readonly at: SourceLocation };

/** Default cap on the number of DNF terms. */
export const MAX_DNF_TERMS = 10_000;

/**
 * The DNF of `formula`: a list of terms, each the list of its atoms (in reading order); the
 * formula is the disjunction of the terms' conjunctions. `and` of nothing is one empty term (true);
 * `or` of nothing is no term (false).
 * @param tooLarge builds the error thrown when a product or union would exceed `cap` terms, given the
 * operator's location and the size it would have had.
 */
export function disjunctiveNormalForm<A>(formula: Formula<A>, cap: number, tooLarge: (at: SourceLocation, size: bigint) => Error): A[][] {
  switch (formula.kind) {
    case 'atom':
      return [[formula.atom]];
    case 'or': {
      const terms: A[][] = [];
      for (const part of formula.parts) {
        const sub = disjunctiveNormalForm(part, cap, tooLarge);
        if (terms.length + sub.length > cap) throw tooLarge(formula.at, BigInt(terms.length + sub.length));
        terms.push(...sub);
      }
      return terms;
    }
    case 'and': {
      let terms: A[][] = [[]];
      for (const part of formula.parts) {
        const sub = disjunctiveNormalForm(part, cap, tooLarge);
        const size = BigInt(terms.length) * BigInt(sub.length);
        if (size > BigInt(cap)) throw tooLarge(formula.at, size);
        const next: A[][] = [];
        for (const left of terms) for (const right of sub) next.push(left.concat(right));
        terms = next;
      }
      return terms;
    }
  }
}
