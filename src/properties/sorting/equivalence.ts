/**
 * Exact equivalence of two ReLU networks with the same input and output sizes: A(x) = B(x) for
 * every x in the domain (default all of R^n).
 *
 * Method: enumerate the activation regions R of A on the domain; for each, enumerate the regions
 * S of B on the polytope R (B restricted to R's closed half-spaces). On S both networks are
 * affine, with exact maps; they are equal on S iff the maps are equal (S has a nonempty
 * interior). The common regions S cover the domain, so equal maps everywhere prove A = B. When
 * the maps differ on S, two different affine maps cannot agree at all of p, p + t·e_0, …,
 * p + t·e_{n−1} (p S's interior point, t small enough to stay inside S): exact evaluation of both
 * networks at these points yields the counterexample. No floats decide anything.
 *
 * `referenceNetwork` gives the construction library's networks for sort (ascending), max, min and
 * median; those reference networks are themselves verified against their functions by the test
 * suite (test/properties/sorting/verify*.test.ts and the construction tests).
 *
 * Certificates: see sorting/certificate.ts (`equivalenceCertificate`) and checker/sort.ts.
 */
import Fraction from 'fraction.js';
import { InputError } from '../../errors.js';
import { maxNetwork, medianNetwork, minNetwork, sorterNetwork } from '../../construct/constructions.js';
import { type AffineMap, reduceAffineMap } from '../../network/affine.js';
import { evaluate } from '../../network/evaluate.js';
import { type Network, outputSize } from '../../network/model.js';
import type { LinearSystem } from '../../polyhedra/system.js';
import type { Domain } from '../../regions/domain.js';
import { type IntegerRow, type Region, type RegionEnumeration, enumerateRegions } from '../../regions/enumerate.js';
import { pointKey, sameVector } from './verifySort.js';

/** Reference functions for `--reference`. */
export const REFERENCES = ['sort', 'max', 'min', 'median'] as const;
/** A reference function name. */
export type Reference = (typeof REFERENCES)[number];

/**
 * The construction library's network for a reference function on n inputs: sort (ascending,
 * odd–even transposition sorter: any n), max and min (balanced trees), median (from a sorter).
 */
export function referenceNetwork(reference: Reference, n: number): Network {
  switch (reference) {
    case 'sort':
      return sorterNetwork(n, 'odd-even');
    case 'max':
      return maxNetwork(n);
    case 'min':
      return minNetwork(n);
    case 'median':
      return medianNetwork(n);
  }
}

/** Counters of one run. */
export interface EquivalenceStats {
  /** Regions of A. */
  readonly regionsA: number;
  /** Common regions (regions of B inside regions of A). */
  readonly commonRegions: number;
  readonly seconds: number;
}

/** Result of {@link verifyEquivalent}. */
export type EquivalenceResult =
  | {
      readonly status: 'holds';
      readonly stats: EquivalenceStats;
      /** A's enumeration (with its split tree) and, per A-region (keyed by its point, see pointKey), B's enumeration on it. */
      readonly outer: RegionEnumeration;
      readonly inner: ReadonlyMap<string, RegionEnumeration>;
    }
  | { readonly status: 'violated'; readonly x: Fraction[]; readonly outputA: Fraction[]; readonly outputB: Fraction[]; readonly stats: EquivalenceStats }
  | { readonly status: 'unknown'; readonly reason: string; readonly stats: EquivalenceStats };

/** Options of {@link verifyEquivalent}. */
export interface VerifyEquivalentOptions {
  /** Stop at this time (ms since the epoch); the result is then `unknown`. */
  readonly deadline?: number;
}

function sameMap(p: AffineMap, q: AffineMap): boolean {
  const a = reduceAffineMap(p);
  const b = reduceAffineMap(q);
  return a.den === b.den && a.offset.every((v, i) => v === b.offset[i]) && a.num.every((row, i) => row.every((v, j) => v === (b.num[i] as bigint[])[j]));
}

function polytopeOf(rows: readonly IntegerRow[], n: number): Domain {
  const system: LinearSystem = {
    variables: n,
    constraints: rows.map((r) => ({ coefficients: r.a.map((v) => new Fraction(v)), relation: '<=' as const, rhs: new Fraction(r.b) })),
  };
  return { kind: 'polytope', system };
}

function strictlyInside(rows: readonly IntegerRow[], x: readonly Fraction[]): boolean {
  return rows.every((r) => {
    let s = new Fraction(0n);
    r.a.forEach((aj, j) => {
      if (aj !== 0n) s = s.add((x[j] as Fraction).mul(aj));
    });
    return s.compare(new Fraction(r.b)) < 0;
  });
}

/** Thrown out of the enumeration of A: a counterexample, or (without one) B's enumeration stopped at a limit. */
class StopEquivalence extends Error {
  constructor(readonly found?: { x: Fraction[]; outputA: Fraction[]; outputB: Fraction[] }) {
    super('stop');
  }
}

/**
 * Decides exactly whether A(x) = B(x) on the domain.
 * @throws InputError when the input or output sizes differ.
 */
export function verifyEquivalent(a: Network, b: Network, domain: Domain = { kind: 'all' }, options: VerifyEquivalentOptions = {}): EquivalenceResult {
  const started = Date.now();
  if (a.inputs !== b.inputs) throw new InputError('dimension', `the networks have ${a.inputs} and ${b.inputs} inputs; equivalence needs equal sizes`);
  if (outputSize(a) !== outputSize(b)) throw new InputError('dimension', `the networks have ${outputSize(a)} and ${outputSize(b)} outputs; equivalence needs equal sizes`);
  const n = a.inputs;
  let regionsA = 0;
  let common = 0;
  const stats = (): EquivalenceStats => ({ regionsA, commonRegions: common, seconds: (Date.now() - started) / 1000 });
  const deadline = options.deadline !== undefined ? { deadline: options.deadline } : {};
  const inners = new Map<string, RegionEnumeration>();
  let stoppedB: string | undefined;
  /** Compares the maps on one piece of A (B's pieces inside it); a difference is thrown out as a counterexample. */
  const judge = (region: Region): void => {
    regionsA++;
    const inner = enumerateRegions(b, polytopeOf(region.halfSpaces, n), { keepTree: true, passThroughPairs: true, ...deadline });
    inners.set(pointKey(region.point), inner);
    if (!inner.complete) {
      stoppedB = inner.stoppedBy ?? 'limit';
      throw new StopEquivalence();
    }
    for (const sub of inner.regions) {
      common++;
      if (sameMap(region.output, sub.output)) continue;
      const p = sub.point;
      const probes: Fraction[][] = [[...p]];
      for (let j = 0; j < n; j++) {
        let t = new Fraction(1n);
        for (let k = 0; k < 400; k++, t = t.div(2n)) {
          const x = p.map((v, i) => (i === j ? v.add(t) : v));
          if (strictlyInside(sub.halfSpaces, x)) {
            probes.push(x);
            break;
          }
        }
      }
      for (const x of probes) {
        const outputA = evaluate(a, x);
        const outputB = evaluate(b, x);
        if (!sameVector(outputA, outputB)) throw new StopEquivalence({ x, outputA, outputB });
      }
      throw new Error('internal: the affine maps differ on a common region, but no probe point shows it');
    }
  };
  // Each piece of A is judged as soon as the engine finds it, so a difference stops the run at once.
  let outer: RegionEnumeration;
  try {
    outer = enumerateRegions(a, domain, { keepTree: true, keepRegions: false, onRegion: judge, passThroughPairs: true, ...deadline });
  } catch (e) {
    if (!(e instanceof StopEquivalence)) throw e;
    if (e.found !== undefined) return { status: 'violated', ...e.found, stats: stats() };
    return { status: 'unknown', reason: `the region enumeration of B stopped (${stoppedB ?? 'limit'})`, stats: stats() };
  }
  if (!outer.complete) return { status: 'unknown', reason: `the region enumeration of A stopped (${outer.stoppedBy ?? 'limit'})`, stats: stats() };
  return { status: 'holds', stats: stats(), outer, inner: inners };
}
