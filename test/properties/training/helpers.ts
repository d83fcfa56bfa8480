/** Shared data sets and helpers of the training tests. */
import Fraction from 'fraction.js';
import { type TrainingData, trainingData } from '../../../src/properties/training/data.js';

/** An integer as an exact rational. */
export const F = (v: number): Fraction => new Fraction(BigInt(v), 1n);
/** p/q as an exact rational. */
export const R = (p: number, q: number): Fraction => new Fraction(BigInt(p), BigInt(q));

/** XOR: (0,0) → 0, (1,1) → 0, (1,0) → 1, (0,1) → 1. */
export const XOR: TrainingData = trainingData(
  [
    [0, 0],
    [1, 1],
    [1, 0],
    [0, 1],
  ].map((r) => r.map(F)),
  [0, 0, 1, 1].map(F),
);

/** x = −2..2, y = |x|. */
export const ABS: TrainingData = trainingData([-2, -1, 0, 1, 2].map((v) => [F(v)]), [2, 1, 0, 1, 2].map(F));

/** Mulberry32: a tiny deterministic PRNG. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A random integer in [lo, hi]. */
export function randomInt(random: () => number, lo: number, hi: number): number {
  return lo + Math.floor(random() * (hi - lo + 1));
}

/** Each data point twice. */
export function doubled(data: TrainingData): TrainingData {
  return trainingData([...data.inputs, ...data.inputs], [...data.targets, ...data.targets]);
}
