/**
 * A seeded falsifier for output bounds (objective·N(x) ≤ bound on a box): it evaluates exactly
 * at the box's vertices, its centre and seeded random rational points, and returns the first
 * point that exceeds the bound. Finding nothing proves nothing: the bound may still fail between
 * the samples. The certificate is assembled in ./certificate.ts.
 */
import Fraction from 'fraction.js';
import { InputError } from '../../errors.js';
import { formatRational } from '../../exact/rational.js';
import { fromIntegerVector, toIntegerVector } from '../../exact/vector.js';
import { evaluateTrace } from '../../network/evaluate.js';
import { type Network, outputSize } from '../../network/model.js';
import type { Box } from '../../certificates/activationRegion.js';
import { mulberry32Uint32 } from '../../random/prng.js';

/** Options of the falsifier. */
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

/** A point of the box that exceeds the bound, with its exact evaluation. */
export interface OutputBoundViolation {
  readonly input: Fraction[];
  /** Exact pre-activations of every layer at the input. */
  readonly preactivations: Fraction[][];
  readonly output: Fraction[];
  /** objective·output, > bound. */
  readonly value: Fraction;
  /** Candidates evaluated up to and including this one. */
  readonly tried: number;
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
 * Searches for x in the box with objective·N(x) > bound; `undefined` when no sample violates —
 * which proves nothing.
 * @throws InputError when the box, network and objective do not fit together.
 */
export function findOutputBoundViolation(
  net: Network,
  box: Box,
  objective: readonly Fraction[],
  bound: Fraction,
  options: FalsifierOptions = {},
): OutputBoundViolation | undefined {
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
    return { input: x, preactivations: trace.preactivations.map((z) => fromIntegerVector(z)), output, value, tried };
  }
  return undefined;
}
