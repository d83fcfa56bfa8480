/**
 * `activation-region` certificates: does the set of inputs where every ReLU pre-activation has
 * the pattern's strict sign (inside an open box, if given) have a nonempty interior? Decided by
 * Fourier–Motzkin on the region's system, built here in the order docs/certificates.md fixes
 * (the checker builds the same system independently).
 */
import Fraction from 'fraction.js';
import { InputError } from '../errors.js';
import { formatRational } from '../exact/rational.js';
import { type ActivationPattern, preactivationMaps } from '../network/affine.js';
import type { Network } from '../network/model.js';
import { fourierMotzkin } from '../polyhedra/fourierMotzkin.js';
import type { LinearConstraint, LinearSystem } from '../polyhedra/system.js';
import { networkRef, seal } from '../certificates/encode.js';
import { feasibilityEvidence } from '../certificates/feasibility.js';
import type { Certificate } from '../checker/schema/index.js';

/** An axis-aligned box: [lo, hi] per input. */
export type Box = readonly (readonly [Fraction, Fraction])[];

/** Reads pattern strings (`+`/`-` per ReLU neuron, `""` for identity layers) into booleans. */
export function patternFromStrings(net: Network, pattern: readonly string[]): ActivationPattern {
  if (pattern.length !== net.layers.length) {
    throw new InputError('dimension', `the pattern has ${pattern.length} layers, the network ${net.layers.length}`, { path: 'pattern' });
  }
  return net.layers.map((layer, k) => {
    const s = pattern[k] as string;
    const want = layer.activation === 'relu' ? layer.outputs : 0;
    if (s.length !== want || !/^[+-]*$/.test(s)) {
      throw new InputError('dimension', `layer ${k} needs ${want} signs ("+" or "-"), got ${JSON.stringify(s)}`, { path: `pattern[${k}]` });
    }
    return Array.from(s, (ch) => ch === '+');
  });
}

/**
 * The region's system, all rows strict: per ReLU neuron (layer by layer) −z < 0 for `+`, z < 0
 * for `-`, z the affine pre-activation given the earlier pattern; then −x_j < −lo_j for every j,
 * then x_j < hi_j for every j.
 */
export function activationRegionSystem(net: Network, pattern: readonly string[], box?: Box): LinearSystem {
  const on = patternFromStrings(net, pattern);
  const maps = preactivationMaps(net, on);
  const constraints: LinearConstraint[] = [];
  net.layers.forEach((layer, k) => {
    if (layer.activation !== 'relu') return;
    const map = maps[k];
    if (map === undefined) throw new Error(`no affine map for layer ${k}`);
    map.num.forEach((row, i) => {
      const sign = (on[k] as readonly boolean[])[i] ? -1n : 1n;
      constraints.push({
        coefficients: row.map((v) => new Fraction(sign * v, map.den)),
        relation: '<',
        rhs: new Fraction(-sign * (map.offset[i] as bigint), map.den),
      });
    });
  });
  if (box !== undefined) {
    if (box.length !== net.inputs) throw new InputError('dimension', `the box has ${box.length} intervals, the network ${net.inputs} inputs`, { path: 'box' });
    const unit = (j: number, s: bigint): Fraction[] => Array.from({ length: net.inputs }, (_, t) => new Fraction(t === j ? s : 0n));
    box.forEach(([lo], j) => constraints.push({ coefficients: unit(j, -1n), relation: '<', rhs: lo.neg() }));
    box.forEach(([, hi], j) => constraints.push({ coefficients: unit(j, 1n), relation: '<', rhs: hi }));
  }
  return { variables: net.inputs, constraints };
}

/** Options of {@link activationRegionCertificate}. */
export interface ActivationRegionOptions {
  /** Restrict to the open box. */
  readonly box?: Box;
  /** Embed the network in the certificate (default true). */
  readonly embed?: boolean;
}

/**
 * Decides whether an activation pattern's region has a nonempty interior (Fourier–Motzkin; small
 * input dimension only) and returns the certificate: an interior point with the slacks of every
 * row, or Motzkin multipliers over the region's system.
 */
export function activationRegionCertificate(net: Network, pattern: readonly string[], options: ActivationRegionOptions = {}): Certificate {
  const system = activationRegionSystem(net, pattern, options.box);
  const claim = {
    property: 'activation-region' as const,
    network: networkRef(net, options.embed ?? true),
    pattern: [...pattern],
    ...(options.box !== undefined ? { domain: { box: options.box.map(([lo, hi]) => [formatRational(lo), formatRational(hi)] as [string, string]) } } : {}),
  };
  const result = fourierMotzkin(system);
  const stats = { method: 'fourier-motzkin', rows: system.constraints.length, inputs: net.inputs };
  // Two identical neurons give two identical rows: only the first copy may carry weight (canonical multipliers).
  const { verdict, evidence } = feasibilityEvidence(system, system, result);
  return seal(claim, verdict, evidence, stats);
}
