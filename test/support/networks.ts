/** Networks shared by several test files. */
import Fraction from 'fraction.js';
import { ratio } from '../../src/exact/rational.js';
import { type Network, denseLayer } from '../../src/network/model.js';
import { mulberry32, randomInteger } from '../../src/random/prng.js';

/** A seeded random ReLU network with weights p/q (|p| ≤ 9, q ∈ 1..4) and a linear output. */
export function randomNetwork(widths: readonly number[], seed: number): Network {
  const random = mulberry32(seed);
  const value = (): Fraction => ratio(BigInt(randomInteger(random, -9, 9)), BigInt(randomInteger(random, 1, 4)));
  const layers = widths.slice(1).map((m, k) => {
    const n = widths[k] as number;
    return denseLayer(
      Array.from({ length: m }, () => Array.from({ length: n }, value)),
      Array.from({ length: m }, value),
      k === widths.length - 2 ? 'identity' : 'relu',
      n,
    );
  });
  return { inputs: widths[0] as number, layers, name: `random ${widths.join('-')} (seed ${seed})` };
}


/**
 * A seeded random ReLU network on `inputs` inputs with hidden layers `widths` and output Σ h
 * (weights 1): weights in {−1, 0, 1} when `small` (which puts many hyperplanes through box
 * corners and through common points: degenerate LPs), else p/q with |p| ≤ 9, q ∈ 1..4.
 */
export function randomRegionNetwork(inputs: number, widths: readonly number[], seed: number, small: boolean): Network {
  const random = mulberry32(seed);
  const value = (): Fraction => (small ? new Fraction(randomInteger(random, -1, 1)) : ratio(BigInt(randomInteger(random, -9, 9)), BigInt(randomInteger(random, 1, 4))));
  let width = inputs;
  const layers = widths.map((m) => {
    const layer = denseLayer(
      Array.from({ length: m }, () => Array.from({ length: width }, value)),
      Array.from({ length: m }, value),
      'relu',
    );
    width = m;
    return layer;
  });
  return { inputs, layers: [...layers, denseLayer([Array.from({ length: width }, () => new Fraction(1))], [new Fraction(0)], 'identity')] };
}
