/**
 * A seeded falsifier for `output-bound` claims (objective·N(x) ≤ bound on a box): it evaluates
 * exactly at the box's vertices, its centre and seeded random rational points, and returns a
 * "violated" certificate for the first point that exceeds the bound. Finding nothing proves
 * nothing: the claim may still be false between the samples.
 */
import Fraction from 'fraction.js';
import { InputError } from '../errors.js';
import { formatRational } from '../exact/rational.js';
import { fromIntegerVector, toIntegerVector } from '../exact/vector.js';
import { evaluateTrace } from '../network/evaluate.js';
import { type Network, outputSize } from '../network/model.js';
import type { Box } from './activationRegion.js';
import { networkRef, seal, texts } from './encode.js';
import type { Certificate } from './schema.js';
import { mulberry32Uint32 } from '../random/prng.js';

/** Options of {@link outputBoundCounterexample}. */
export interface FalsifierOptions {
  /** PRNG seed (default 1). */
  readonly seed?: number;
  /** Number of random points after the vertices and the centre (default 1000). */
  readonly samples?: number;
  /** Embed the network in the certificate (default true). */
  readonly embed?: boolean;
  /** Vertices are tried only up to this input dimension (2^n of them; default 12). */
  readonly maxVertexDimension?: number;
}


/** Denominator of the random sample grid: points lo + (hi − lo)·k/GRID. */
const GRID = 1024;

function* candidates(box: Box, options: FalsifierOptions): Generator<Fraction[]> {
  const n = box.length;
  if (n <= (options.maxVertexDimension ?? 12)) {
    for (let mask = 0; mask < 2 ** n; mask++) yield box.map(([lo, hi], j) => ((mask >> j) & 1 ? hi : lo));
  }
  yield box.map(([lo, hi]) => lo.add(hi).div(2n));
  const next = mulberry32Uint32(options.seed ?? 1);
  for (let s = 0; s < (options.samples ?? 1000); s++) {
    yield box.map(([lo, hi]) => lo.add(hi.sub(lo).mul(BigInt(next() % (GRID + 1))).div(BigInt(GRID))));
  }
}

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
  if (box.length !== net.inputs) throw new InputError('dimension', `the box has ${box.length} intervals, the network ${net.inputs} inputs`, { path: 'box' });
  box.forEach(([lo, hi], j) => {
    if (lo.compare(hi) > 0) throw new InputError('range', `empty interval [${formatRational(lo)}, ${formatRational(hi)}]`, { path: `box[${j}]` });
  });
  if (objective.length !== outputSize(net)) {
    throw new InputError('dimension', `the objective has ${objective.length} coefficients, the network ${outputSize(net)} outputs`, { path: 'objective' });
  }
  // Inputs the first layer never reads are pinned to the box's lower bound (the checker's canonical choice).
  const first = net.layers[0];
  const unread = Array.from({ length: net.inputs }, (_, j) => first !== undefined && first.rows.every((r) => !r.cols.includes(j)));
  let tried = 0;
  for (const raw of candidates(box, options)) {
    tried++;
    const x = raw.map((v, j) => (unread[j] ? (box[j] as readonly [Fraction, Fraction])[0] : v));
    const trace = evaluateTrace(net, toIntegerVector(x));
    const output = fromIntegerVector(trace.output);
    let value = new Fraction(0n);
    output.forEach((o, i) => {
      value = value.add(o.mul(objective[i] as Fraction));
    });
    if (value.compare(bound) <= 0) continue;
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
        input: texts(x),
        preactivations: trace.preactivations.map((z) => texts(fromIntegerVector(z))),
        output: texts(output),
        value: formatRational(value),
      },
      { method: 'sampling', seed: options.seed ?? 1, tried },
    );
  }
  return undefined;
}
