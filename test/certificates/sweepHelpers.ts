/**
 * Shared pieces of the certificate sweeps (test/certificates/sweep*.test.ts): seeded random
 * networks with the degeneracies that produce repeated and vacuous rows — duplicated neurons,
 * positive multiples of a neuron, opposite neurons, zero neurons, constant neurons — and a tally
 * that runs the independent checker on each certificate exactly as it would be read from disk.
 */
import Fraction from 'fraction.js';
import { expect } from 'vitest';
import type { Certificate } from '../../src/checker/schema/index.js';
import { formatCertificate } from '../../src/certificates/write.js';
import { checkCertificate } from '../../src/checker/index.js';
import { type Activation, type Network, denseLayer } from '../../src/network/model.js';
import { mulberry32, randomInteger } from '../../src/random/prng.js';

/** A network as dense matrices, easy to mutate. */
export interface Spec {
  readonly inputs: number;
  readonly layers: { W: Fraction[][]; b: Fraction[]; activation: Activation }[];
}

/** A seeded source of draws. */
export interface Draw {
  readonly random: () => number;
  int(lo: number, hi: number): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
}

export function draw(seed: number): Draw {
  const random = mulberry32(seed);
  return {
    random,
    int: (lo, hi) => randomInteger(random, lo, hi),
    pick: (items) => items[randomInteger(random, 0, items.length - 1)] as (typeof items)[number],
    chance: (p) => random() < p,
  };
}

export const F = (p: number, q = 1): Fraction => new Fraction(BigInt(p), BigInt(q));

/** Small weights: integers −2..2 and a few halves, many zeros (zero rows and columns happen). */
function weight(d: Draw): Fraction {
  return d.chance(0.15) ? F(d.pick([-3, -1, 1, 3]), 2) : F(d.int(-2, 2));
}

/** A random network with the given widths: ReLU hidden layers, identity output. */
export function randomSpec(d: Draw, widths: readonly number[]): Spec {
  return {
    inputs: widths[0] as number,
    layers: widths.slice(1).map((m, k) => ({
      W: Array.from({ length: m }, () => Array.from({ length: widths[k] as number }, () => weight(d))),
      b: Array.from({ length: m }, () => weight(d)),
      activation: k === widths.length - 2 ? 'identity' : 'relu',
    })),
  };
}

function clone(spec: Spec): Spec {
  return { inputs: spec.inputs, layers: spec.layers.map((l) => ({ W: l.W.map((r) => [...r]), b: [...l.b], activation: l.activation })) };
}

/** The degeneracies a hidden neuron can be given (each makes rows repeat or say nothing). */
export type Mutation = 'duplicate' | 'duplicate-split' | 'multiple' | 'opposite' | 'zero' | 'constant';
export const MUTATIONS: readonly Mutation[] = ['duplicate', 'duplicate-split', 'multiple', 'opposite', 'zero', 'constant'];

/**
 * Applies a mutation to hidden neuron i of ReLU layer k. `duplicate` appends a copy (its output
 * column copied: the function changes), `duplicate-split` a copy taking half of the column (the
 * function is unchanged: relu is positively homogeneous), `multiple` scales the neuron by 2 and
 * halves its column (unchanged function, a row that is a positive multiple), `opposite` appends
 * its negation, `zero` makes it 0·x + 0, `constant` 0·x + b.
 */
export function mutate(spec: Spec, k: number, i: number, how: Mutation): Spec {
  const out = clone(spec);
  const layer = out.layers[k] as Spec['layers'][number];
  const next = out.layers[k + 1] as Spec['layers'][number];
  const row = layer.W[i] as Fraction[];
  const bias = layer.b[i] as Fraction;
  const appendNeuron = (w: Fraction[], b: Fraction, column: (v: Fraction) => Fraction): void => {
    layer.W.push(w);
    layer.b.push(b);
    next.W.forEach((r) => r.push(column(r[i] as Fraction)));
  };
  switch (how) {
    case 'duplicate':
      appendNeuron([...row], bias, (v) => v);
      break;
    case 'duplicate-split':
      next.W.forEach((r) => {
        r[i] = (r[i] as Fraction).div(2);
      });
      appendNeuron([...row], bias, (v) => v);
      break;
    case 'multiple':
      layer.W[i] = row.map((v) => v.mul(2));
      layer.b[i] = bias.mul(2);
      next.W.forEach((r) => {
        r[i] = (r[i] as Fraction).div(2);
      });
      break;
    case 'opposite':
      appendNeuron(row.map((v) => v.neg()), bias.neg(), (v) => v);
      break;
    case 'zero':
      layer.W[i] = row.map(() => F(0));
      layer.b[i] = F(0);
      break;
    case 'constant':
      layer.W[i] = row.map(() => F(0));
      layer.b[i] = F(1);
      break;
  }
  return out;
}

/** Up to `count` random mutations of random hidden neurons. */
export function degenerate(d: Draw, spec: Spec, count: number): { spec: Spec; applied: string[] } {
  let s = spec;
  const applied: string[] = [];
  for (let t = 0; t < count; t++) {
    const hidden = s.layers.flatMap((l, k) => (l.activation === 'relu' ? [k] : []));
    if (hidden.length === 0) break;
    const k = d.pick(hidden);
    const i = d.int(0, (s.layers[k] as Spec['layers'][number]).W.length - 1);
    const how = d.pick(MUTATIONS);
    s = mutate(s, k, i, how);
    applied.push(`${how}(${k},${i})`);
  }
  return { spec: s, applied };
}

export function toNetwork(spec: Spec): Network {
  let inputs = spec.inputs;
  const layers = spec.layers.map((l) => {
    const layer = denseLayer(l.W, l.b, l.activation, inputs);
    inputs = l.W.length;
    return layer;
  });
  return { inputs: spec.inputs, layers };
}

/** Boxes for n inputs: a symmetric one, a shifted one, one with a unit-length side. */
export function randomBox(d: Draw, n: number): [Fraction, Fraction][] {
  return Array.from({ length: n }, () => d.pick<[Fraction, Fraction]>([[F(-1), F(1)], [F(0), F(2)], [F(-2), F(-1)], [F(-1, 2), F(3, 2)]]));
}

/**
 * Counts certificates and the checker's verdict on each, read back from the exact text a file
 * would hold. Failures are collected (with the draw's label) and reported together.
 */
export class Tally {
  checked = 0;
  skipped = 0;
  readonly failures: string[] = [];
  /** Certificates by property and verdict (`sort holds`), to see that both verdicts were exercised. */
  readonly verdicts = new Map<string, number>();

  accept(label: string, cert: Certificate, network?: Network): void {
    this.checked++;
    const key = `${cert.claim.property} ${cert.verdict}`;
    this.verdicts.set(key, (this.verdicts.get(key) ?? 0) + 1);
    const doc: unknown = JSON.parse(formatCertificate(cert));
    const r = checkCertificate(doc, network !== undefined ? { network } : {});
    if (!r.valid) this.failures.push(`${label}: ${r.reason}${r.path !== undefined ? ` (at ${r.path})` : ''}`);
  }

  skip(): void {
    this.skipped++;
  }

  /** Every certificate accepted, and at least `minimum` of them checked (skipped draws do not count). */
  expectAll(minimum: number): void {
    expect(this.failures).toEqual([]);
    expect(this.checked, `only ${this.checked} certificates checked (${this.skipped} draws skipped)`).toBeGreaterThanOrEqual(minimum);
  }

  /** At least one certificate of each `property verdict` key was checked. */
  expectVerdicts(keys: readonly string[]): void {
    expect(keys.filter((k) => (this.verdicts.get(k) ?? 0) === 0), `verdicts seen: ${JSON.stringify([...this.verdicts])}`).toEqual([]);
  }
}
