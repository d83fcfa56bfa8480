/**
 * Small networks for the complex and Morse tests: integer weights, seeded randomness.
 */
import Fraction from 'fraction.js';
import { type Layer, type Network, denseLayer } from '../../../src/network/model.js';
import type { Domain } from '../../../src/regions/domain.js';

/** An exact integer (or p/q) rational. */
export const Q = (p: number | bigint, q: number | bigint = 1): Fraction => new Fraction(BigInt(p), BigInt(q));

/** A network from integer matrices (each entry divided by `den`): hidden ReLU layers, then an identity output layer. */
export function net(inputs: number, layers: readonly { w: readonly (readonly number[])[]; b: readonly number[]; relu: boolean }[], den = 1): Network {
  let n = inputs;
  const out: Layer[] = layers.map((l) => {
    const layer = denseLayer(
      l.w.map((row) => row.map((v) => Q(v, den))),
      l.b.map((v) => Q(v, den)),
      l.relu ? 'relu' : 'identity',
      n,
    );
    n = l.w.length;
    return layer;
  });
  return { inputs, layers: out };
}

/**
 * The shallow net F = c0 + Σ c_j relu(w_j·x + b_j).
 */
export function shallow(w: readonly (readonly number[])[], b: readonly number[], c: readonly number[], c0 = 0): Network {
  return net(w[0]?.length ?? 1, [
    { w, b, relu: true },
    { w: [c], b: [c0], relu: false },
  ]);
}

/** A box domain [lo, hi]^n. */
export function box(n: number, lo: number, hi: number): Domain {
  return { kind: 'box', box: Array.from({ length: n }, () => [Q(lo), Q(hi)] as const) };
}

/** mulberry32: seeded integers in [lo, hi]. */
export function rng(seed: number): (lo: number, hi: number) => number {
  let a = seed >>> 0;
  return (lo, hi) => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return lo + (((t ^ (t >>> 14)) >>> 0) % (hi - lo + 1));
  };
}

/** A random dense net [inputs, ...hidden, 1] with weights p/den, p an integer in [−r, r] (hidden ReLU). */
export function randomNet(int: (lo: number, hi: number) => number, inputs: number, hidden: readonly number[], r = 9, den = 1): Network {
  const layers: { w: number[][]; b: number[]; relu: boolean }[] = [];
  let n = inputs;
  for (const m of [...hidden, 1]) {
    layers.push({
      w: Array.from({ length: m }, () => Array.from({ length: n }, () => int(-r, r))),
      b: Array.from({ length: m }, () => int(-r, r)),
      relu: layers.length < hidden.length,
    });
    n = m;
  }
  return net(inputs, layers, den);
}
