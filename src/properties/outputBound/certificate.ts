/**
 * `output-bound` certificates (objective·N(x) ≤ bound on a box): only refutations, from the
 * seeded falsifier (./falsifier.ts). A "violated" certificate carries the input, its exact
 * pre-activations, the output and the value.
 */
import type Fraction from 'fraction.js';
import { formatRational } from '../../exact/rational.js';
import type { Network } from '../../network/model.js';
import type { Box } from '../../regions/activationRegionCertificate.js';
import { networkRef, seal, texts } from '../../certificates/encode.js';
import type { Certificate } from '../../checker/schema/index.js';
import { type FalsifierOptions, findOutputBoundViolation } from './falsifier.js';

export type { FalsifierOptions };

/**
 * Searches for x in the box with objective·N(x) > bound; returns a "violated" certificate
 * (input, exact pre-activations, output, value) or `undefined` when no sample violates — which
 * proves nothing.
 */
export function outputBoundCounterexample(
  net: Network,
  box: Box,
  objective: readonly Fraction[],
  bound: Fraction,
  options: FalsifierOptions = {},
): Certificate | undefined {
  const found = findOutputBoundViolation(net, box, objective, bound, options);
  if (found === undefined) return undefined;
  const claim = {
    property: 'output-bound' as const,
    network: networkRef(net, options.embed ?? true),
    domain: { box: box.map(([lo, hi]) => [formatRational(lo), formatRational(hi)] as [string, string]) },
    objective: texts(objective),
    bound: formatRational(bound),
  };
  return seal(
    claim,
    'violated',
    {
      kind: 'counterexample',
      input: texts(found.input),
      preactivations: found.preactivations.map((z) => texts(z)),
      output: texts(found.output),
      value: formatRational(found.value),
    },
    { method: 'sampling', seed: options.seed ?? 1, tried: found.tried },
  );
}
