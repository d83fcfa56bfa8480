/**
 * Falsification of a specification: seeded sampling and gradient descent per conjunction
 * (src/bounds/falsify.ts), every candidate confirmed exactly against the whole case (box, input
 * constraints, every row, closed), and then shortened: a point with few decimal digits that
 * itself violates exactly, as VNN-COMP result files want (the full dyadic expansion otherwise).
 */
import Fraction from 'fraction.js';
import { falsify } from '../../bounds/falsify.js';
import type { Network } from '../../network/model.js';
import type { Specification } from '../../specification/model.js';
import { outputOnlyRows, violatesConjunction } from './rows.js';

/** A point of the violation set, exactly. */
export interface SpecCounterexample {
  readonly case: number;
  readonly conjunction: number;
  readonly input: Fraction[];
  readonly output: Fraction[];
}

/** Decimal places tried when shortening a counterexample, shortest first. */
const PLACES = [4, 6, 8, 10, 12, 15, 18, 24];

/**
 * The counterexample with every coordinate rounded to the fewest decimal places (of
 * {@link PLACES}) at which the rounded point still violates the same conjunction exactly; the
 * point itself when none does.
 */
export function shortenCounterexample(net: Network, spec: Specification, ce: SpecCounterexample): SpecCounterexample {
  const c = spec.cases[ce.case];
  if (c === undefined) return ce;
  for (const places of PLACES) {
    const x = ce.input.map((v) => v.round(places));
    if (x.every((v, t) => v.equals(ce.input[t] as Fraction))) return ce;
    const y = violatesConjunction(net, spec, ce.case, ce.conjunction, x);
    if (y !== undefined) return { ...ce, input: x, output: y };
  }
  return ce;
}

/** Options of {@link falsifySpecification}. */
export interface SpecFalsifyOptions {
  readonly seed?: number;
  readonly samples?: number;
  readonly restarts?: number;
  readonly steps?: number;
  /** Float evaluations per conjunction for further rounds of the falsifier (falsify.ts `budget`; default 0). */
  readonly budget?: number;
}

/** Searches every case and conjunction; returns the first exactly confirmed counterexample. */
export function falsifySpecification(net: Network, spec: Specification, boxes: readonly (readonly (readonly [Fraction, Fraction])[])[], options: SpecFalsifyOptions = {}): SpecCounterexample | undefined {
  for (let k = 0; k < spec.cases.length; k++) {
    const box = boxes[k] as readonly (readonly [Fraction, Fraction])[];
    const lo = box.map(([l]) => l);
    const hi = box.map(([, h]) => h);
    const conjunctions = (spec.cases[k] as Specification['cases'][number]).outputs;
    for (let j = 0; j < conjunctions.length; j++) {
      const found = falsify(net, lo, hi, outputOnlyRows(spec, k, j), { seed: options.seed ?? 1, samples: options.samples ?? 256, restarts: options.restarts ?? 8, steps: options.steps ?? 40, budget: options.budget ?? 0 });
      if (found === undefined) continue;
      const y = violatesConjunction(net, spec, k, j, found.point);
      if (y !== undefined) return shortenCounterexample(net, spec, { case: k, conjunction: j, input: found.point, output: y });
    }
  }
  return undefined;
}
