/**
 * Input domains of the region engine: all of R^n, a box, or an H-polytope, and their rows.
 *
 * Row order is part of the certificate format: a box contributes the lower-bound rows
 * −x_j ≤ −lo_j for j = 0..n−1, then the upper-bound rows x_j ≤ hi_j; a polytope contributes its
 * own rows in file order (`>=` rows negated into `<=`); a domain file with both a box and
 * constraints is the polytope of the box's rows followed by the constraints (readDomainFile).
 */
import Fraction from 'fraction.js';
import { InputError } from '../errors.js';
import { describeJson, formatRational, parseRational, rationalFromJson } from '../exact/rational.js';
import { readJsonFile } from '../io/files.js';
import type { LinearConstraint, LinearSystem } from '../polyhedra/system.js';
import { interiorPoint } from '../../solvers/certified.js';

/** An input domain. */
export type Domain =
  | { readonly kind: 'all' }
  | { readonly kind: 'box'; readonly box: readonly (readonly [Fraction, Fraction])[] }
  | { readonly kind: 'polytope'; readonly system: LinearSystem };

/** The format tag of domain files. */
export const DOMAIN_FORMAT = 'relucert.domain/1';

function unit(n: number, j: number, v: bigint): Fraction[] {
  return Array.from({ length: n }, (_, q) => new Fraction(q === j ? v : 0n));
}

/** The closed rows (`<=` or `=`) describing a domain in R^n, in the documented order. */
export function domainRows(domain: Domain, n: number): LinearConstraint[] {
  switch (domain.kind) {
    case 'all':
      return [];
    case 'box':
      return [
        ...domain.box.map(([lo], j): LinearConstraint => ({ coefficients: unit(n, j, -1n), relation: '<=', rhs: lo.neg() })),
        ...domain.box.map(([, hi], j): LinearConstraint => ({ coefficients: unit(n, j, 1n), relation: '<=', rhs: hi })),
      ];
    case 'polytope':
      return domain.system.constraints.map((c) => (c.relation === '<' ? { ...c, relation: '<=' } : c));
  }
}

/**
 * Parses `--box`: `"lo:hi"` for every coordinate, or `"l1:u1,l2:u2,…"` with one interval per input.
 * Each bound is a rational in any syntax of parseRational. `lo ≤ hi` is required; `lo = hi`
 * gives a box with empty interior, which the engine reports as 0 regions with a certificate.
 */
export function parseBox(text: string, inputs: number, option = '--box'): Domain {
  const parts = text.split(',');
  if (parts.length !== 1 && parts.length !== inputs) {
    throw new InputError('usage', `expected one interval lo:hi or ${inputs} of them separated by commas, got ${parts.length}`, { path: option });
  }
  const intervals = parts.map((part, j): [Fraction, Fraction] => {
    const where = parts.length === 1 ? option : `${option} interval ${j + 1}`;
    const ends = part.split(':');
    if (ends.length !== 2) throw new InputError('usage', `expected an interval lo:hi, got ${JSON.stringify(part)}`, { path: where });
    const [lo, hi] = ends.map((e) => {
      try {
        return parseRational(e);
      } catch (err) {
        throw err instanceof InputError ? new InputError('usage', err.detail, { path: where }) : err;
      }
    }) as [Fraction, Fraction];
    if (lo.compare(hi) > 0) {
      throw new InputError('usage', `empty interval: lower bound ${formatRational(lo)} exceeds upper bound ${formatRational(hi)}`, { path: where });
    }
    return [lo, hi];
  });
  const box = parts.length === 1 ? Array.from({ length: inputs }, () => intervals[0] as [Fraction, Fraction]) : intervals;
  return { kind: 'box', box };
}

/** The keys a domain file may have, and those of one constraint. */
const DOMAIN_KEYS = ['format', 'box', 'constraints'] as const;
const CONSTRAINT_KEYS = ['coefficients', 'relation', 'rhs'] as const;

/** Refuses a key the format does not define (a typo such as "constraint" would otherwise be ignored). */
function refuseUnknownKeys(record: Record<string, unknown>, known: readonly string[], where: string, what: string, file: string): void {
  for (const key of Object.keys(record)) {
    if (!known.includes(key)) {
      const path = where === '' ? key : `${where}.${key}`;
      throw new InputError('type', `unknown key ${JSON.stringify(key)}: ${what} has only ${known.map((k) => JSON.stringify(k)).join(', ')}`, { path, file });
    }
  }
}

const plural = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`;

/**
 * Reads a domain file: `{"format": "relucert.domain/1", "box": [["lo", "hi"], …]}`,
 * `{"format": "relucert.domain/1", "constraints": [{"coefficients": [...], "relation": "<=", "rhs": "…"}, …]}`
 * (relations `<=`, `>=`, `=`; rows are closed), or both: the domain is then their intersection,
 * the points of the box that satisfy every constraint — each key states conditions on x, and a
 * point belongs to the domain when it meets all of them. Its rows are the box's (lower bounds,
 * then upper bounds, as for a box) followed by the constraints in file order. Unknown keys are
 * refused, naming the key.
 */
export function readDomainFile(file: string, inputs: number): Domain {
  const doc = readJsonFile(file);
  const fail = (path: string, detail: string): InputError => new InputError('type', detail, { path, file });
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw fail('', `expected a domain object, got ${describeJson(doc)}`);
  const d = doc as Record<string, unknown>;
  if (d.format !== DOMAIN_FORMAT) throw fail('format', `expected "format": "${DOMAIN_FORMAT}", got ${describeJson(d.format)}`);
  refuseUnknownKeys(d, DOMAIN_KEYS, '', 'a domain file', file);
  if (d.box === undefined && d.constraints === undefined) throw fail('', 'expected "box", "constraints" or both');
  try {
    const box = d.box === undefined ? undefined : readBox(d.box, inputs, fail);
    if (d.constraints === undefined) return { kind: 'box', box: box as [Fraction, Fraction][] };
    const constraints = readConstraints(d.constraints, inputs, fail, file);
    if (box === undefined) return { kind: 'polytope', system: { variables: inputs, constraints } };
    // Both: the intersection. Constraints that hold everywhere were dropped, so none may be left.
    if (constraints.length === 0) return { kind: 'box', box };
    return { kind: 'polytope', system: { variables: inputs, constraints: [...domainRows({ kind: 'box', box }, inputs), ...constraints] } };
  } catch (e) {
    throw e instanceof InputError ? e.inFile(file) : e;
  }
}

function readBox(value: unknown, inputs: number, fail: (path: string, detail: string) => InputError): [Fraction, Fraction][] {
  if (!Array.isArray(value) || value.length !== inputs) throw fail('box', `expected ${plural(inputs, 'interval')} [lo, hi] (one per network input)`);
  return value.map((iv: unknown, j): [Fraction, Fraction] => {
    if (!Array.isArray(iv) || iv.length !== 2) throw fail(`box[${j}]`, `expected [lo, hi], got ${describeJson(iv)}`);
    const lo = rationalFromJson(iv[0], `box[${j}][0]`);
    const hi = rationalFromJson(iv[1], `box[${j}][1]`);
    if (lo.compare(hi) > 0) throw fail(`box[${j}]`, 'empty interval: lower bound exceeds upper bound');
    return [lo, hi];
  });
}

function readConstraints(value: unknown, inputs: number, fail: (path: string, detail: string) => InputError, file: string): LinearConstraint[] {
  if (!Array.isArray(value)) throw fail('constraints', `expected a list of constraints, got ${describeJson(value)}`);
  const constraints = value.map((c: unknown, i): LinearConstraint | undefined => {
    const path = `constraints[${i}]`;
    if (typeof c !== 'object' || c === null || Array.isArray(c)) throw fail(path, `expected a constraint object, got ${describeJson(c)}`);
    const row = c as Record<string, unknown>;
    refuseUnknownKeys(row, CONSTRAINT_KEYS, path, 'a constraint', file);
    if (!Array.isArray(row.coefficients) || row.coefficients.length !== inputs) {
      throw fail(`${path}.coefficients`, `expected ${plural(inputs, 'coefficient')} (one per network input)`);
    }
    const coefficients = row.coefficients.map((v, j) => rationalFromJson(v, `${path}.coefficients[${j}]`));
    const rhs = rationalFromJson(row.rhs, `${path}.rhs`);
    if (row.relation !== '<=' && row.relation !== '>=' && row.relation !== '=') throw fail(`${path}.relation`, `expected "<=", ">=" or "=", got ${describeJson(row.relation)}`);
    if (coefficients.every((v) => v.n === 0n)) {
      // 0·x ≤ rhs (or = rhs) constrains nothing when it holds and empties the domain when it does
      // not; saying so here keeps such rows out of every derived system.
      const holds = row.relation === '=' ? rhs.n === 0n : row.relation === '>=' ? rhs.compare(0) <= 0 : rhs.compare(0) >= 0;
      if (holds) return undefined;
      throw fail(path, 'this constraint has all coefficients 0 and is never satisfied: the domain is empty');
    }
    switch (row.relation) {
      case '<=':
        return { coefficients, relation: '<=', rhs };
      case '=':
        return { coefficients, relation: '=', rhs };
      case '>=':
        return { coefficients: coefficients.map((v) => v.neg()), relation: '<=', rhs: rhs.neg() };
    }
  });
  return constraints.filter((c): c is LinearConstraint => c !== undefined);
}

/**
 * Refuses a domain without interior points (a flat box, equality constraints): properties about
 * every point of a domain (sorting, equivalence, injectivity) are proved region by region on
 * interiors and extended by continuity, which needs the domain to be the closure of its interior.
 */
export function requireFullDimensional(domain: Domain, inputs: number, option: string): void {
  const flat = (): InputError =>
    new InputError('usage', 'the domain has an empty interior (a flat box or equality constraints); this property needs a full-dimensional domain', { path: option });
  if (domain.kind === 'all') return;
  if (domain.kind === 'box') {
    if (domain.box.some(([lo, hi]) => lo.compare(hi) >= 0)) throw flat();
    return;
  }
  const strict = domainRows(domain, inputs).map((c): LinearConstraint => (c.relation === '<=' ? { ...c, relation: '<' } : c));
  if (strict.some((c) => c.relation === '=') || interiorPoint({ variables: inputs, constraints: strict }).kind !== 'interior') throw flat();
}

/** The domain as JSON for certificates and `--json` output. */
export function domainToJson(domain: Domain): Record<string, unknown> {
  switch (domain.kind) {
    case 'all':
      return { kind: 'all' };
    case 'box':
      return { kind: 'box', box: domain.box.map(([lo, hi]) => [formatRational(lo), formatRational(hi)]) };
    case 'polytope':
      return {
        kind: 'polytope',
        constraints: domain.system.constraints.map((c) => ({
          coefficients: c.coefficients.map(formatRational),
          relation: c.relation,
          rhs: formatRational(c.rhs),
        })),
      };
  }
}
