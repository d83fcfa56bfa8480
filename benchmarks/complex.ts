/**
 * Canonical polyhedral complex and Morse analysis: time on random networks of Masden's example
 * sizes. Weights and biases are PyTorch-style initial values — uniform in ±1/√fan_in, rounded to
 * float32 and read as the exact dyadic rationals they denote (seeded, so every run measures the
 * same networks). Domains: the box [−1, 1]^n (its facets are hyperplanes) and, for n = 2, all of R^2.
 *
 * One JSON line per case: architecture, seed, domain, f-vector, vertices, edge walks, seconds for
 * the complex (vertex walk + cells + Betti numbers) and for the Morse analysis (complex included:
 * classification, discrete gradient, sublevel Betti numbers), critical points by index.
 */
import Fraction from 'fraction.js';
import { float32ToRational } from '../src/exact/rational.js';
import { type Layer, type Network, denseLayer } from '../src/network/model.js';
import { computeComplex } from '../src/properties/complex/complex.js';
import { analyseMorse } from '../src/properties/morse/morse.js';
import type { Domain } from '../src/regions/domain.js';
import { mulberry32 } from '../src/random/prng.js';

/** A random [inputs, ...hidden, 1] network with float32 PyTorch-style initial weights, read exactly. */
export function randomInitNetwork(seed: number, inputs: number, hidden: readonly number[]): Network {
  const rand = mulberry32(seed);
  const layers: Layer[] = [];
  let n = inputs;
  hidden.concat([1]).forEach((m, k) => {
    const bound = 1 / Math.sqrt(n);
    const draw = (): Fraction => float32ToRational((2 * rand() - 1) * bound);
    layers.push(denseLayer(Array.from({ length: m }, () => Array.from({ length: n }, draw)), Array.from({ length: m }, draw), k < hidden.length ? 'relu' : 'identity', n));
    n = m;
  });
  return { inputs, layers };
}

function unitBox(n: number): Domain {
  return { kind: 'box', box: Array.from({ length: n }, () => [new Fraction(-1n), new Fraction(1n)] as const) };
}

/** Runs the cases, printing one JSON line each. */
export async function run(): Promise<void> {
  const cases: { inputs: number; hidden: number[]; seeds: number[]; domains: ('box' | 'all')[] }[] = [
    { inputs: 2, hidden: [10, 10], seeds: [1, 2, 3, 4, 5], domains: ['box', 'all'] },
    { inputs: 3, hidden: [15, 15], seeds: [1, 2, 3], domains: ['box'] },
  ];
  for (const c of cases) {
    for (const seed of c.seeds) {
      const net = randomInitNetwork(seed, c.inputs, c.hidden);
      for (const kind of c.domains) {
        const domain: Domain = kind === 'box' ? unitBox(c.inputs) : { kind: 'all' };
        const t0 = performance.now();
        const complex = computeComplex(net, domain);
        const complexSeconds = (performance.now() - t0) / 1000;
        const t1 = performance.now();
        const morse = analyseMorse(net, domain);
        const morseSeconds = (performance.now() - t1) / 1000;
        console.log(
          JSON.stringify({
            benchmark: 'complex',
            architecture: [c.inputs, ...c.hidden, 1].join('-'),
            seed,
            domain: kind === 'box' ? `[-1,1]^${c.inputs}` : `R^${c.inputs}`,
            status: complex.status,
            ...(complex.status === 'generic' ? { fVector: complex.fVector, walks: complex.stats.walks } : { issues: complex.issues.length }),
            complexSeconds: Number(complexSeconds.toFixed(3)),
            morseSeconds: Number(morseSeconds.toFixed(3)),
            ...(morse.status === 'analysed' ? { critical: morse.counts.critical, degenerate: morse.counts.degenerate, discreteGradient: morse.discrete !== undefined } : {}),
          }),
        );
      }
    }
  }
}
