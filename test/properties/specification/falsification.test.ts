/**
 * Falsification in `verify spec` (the falsifier before the search, counterexample.ts; the
 * descents from open nodes' centres, expand.ts): a holds verdict's proof trees are the search's
 * alone; a violation found by any of them is an exact point of the violation set; ACAS Xu 1_9 φ7,
 * sat by VNN-COMP's expected answer, is found by the falsifier before any node is searched.
 */
import Fraction from 'fraction.js';
import { describe, expect, it } from 'vitest';
import { maxSpec } from '../../support/specs.js';
import { smallLayer } from '../../../src/construct/calculus.js';
import { maxNetwork } from '../../../src/construct/constructions.js';
import { readNetworkFile } from '../../../src/formats/index.js';
import { parseVnnlib, readVnnlib } from '../../../src/formats/vnnlib.js';
import { type SpecResult, verifySpecification } from '../../../src/properties/specification/verify.js';
import { violates } from '../../../src/specification/model.js';
import { evaluate } from '../../../src/network/evaluate.js';
import type { Network } from '../../../src/network/model.js';
import type { Specification } from '../../../src/specification/model.js';
import { DATA_DIR, describeWithSharedData } from '../../formats/data.js';

/** The trees as text (rationals in lowest terms), to compare two runs. */
function treesText(r: SpecResult): string {
  if (r.status !== 'holds') return r.status;
  return JSON.stringify(r.trees, (_, v: unknown) => (v instanceof Fraction ? v.toFraction() : v));
}

/** The result's point violates the specification, exactly (independent of the engine). */
function exactViolation(net: Network, spec: Specification, r: SpecResult): boolean {
  if (r.status !== 'violated') return false;
  const y = evaluate(net, r.input);
  return y.every((v, i) => v.equals(r.output[i] as Fraction)) && violates(spec, r.input, y) !== undefined;
}

// max(x_1, x_2, x_3) ≥ x_1 on [-1, 2]^3: the violation set Y_0 ≤ X_0 − 1/10^9 is empty (holds).
const net = maxNetwork(3);
const spec = maxSpec(3, 0);

describe('falsification around the search', () => {
  it('leaves a holds verdict and its proof trees as the search alone makes them', () => {
    const alone = verifySpecification(net, spec, { noFalsify: true });
    expect(alone.status).toBe('holds');
    expect(treesText(verifySpecification(net, spec))).toBe(treesText(alone));
  });
  it('a violation (Y_0 ≤ X_0 + 1/10^9 holds wherever x_1 is the maximum) is an exact point of the violation set', () => {
    const violated = maxSpec(3, 0, '-0.000000001');
    expect(exactViolation(net, violated, verifySpecification(net, violated))).toBe(true);
    expect(exactViolation(net, violated, verifySpecification(net, violated, { noFalsify: true }))).toBe(true);
  });
  it('a corner bump of area δ²/8 (δ = 1/1000) is found by the search without the falsifier or the LP stage, exactly', () => {
    // y = relu(x₀ + x₁ − (2 − δ)) on [0, 1]²; the violation set y ≥ δ/2 is the triangle x₀ + x₁ ≥ 2 − δ/2.
    const bump: Network = { inputs: 2, layers: [smallLayer([[1, 1]], [new Fraction(1, 1000).sub(2)], 'relu'), smallLayer([[1]], [0], 'identity')] };
    const bumpSpec = parseVnnlib(
      ['(declare-const X_0 Real)', '(declare-const X_1 Real)', '(declare-const Y_0 Real)', '(assert (>= X_0 0))', '(assert (<= X_0 1))', '(assert (>= X_1 0))', '(assert (<= X_1 1))', '(assert (>= Y_0 0.0005))'].join('\n'),
      { inputs: 2, file: 'bump.vnnlib' },
    );
    const r = verifySpecification(bump, bumpSpec, { noFalsify: true, regionLp: { after: 1_000_000 }, maxNodes: 10_000 });
    expect(exactViolation(bump, bumpSpec, r)).toBe(true);
  });
});

describeWithSharedData(
  'ACAS Xu 1_9 φ7 (sat: VNN-COMP 2021 expected answer)',
  () => {
    it('the falsifier finds an exact counterexample before the search', () => {
      const acas = readNetworkFile(`${DATA_DIR}acasxu/onnx/ACASXU_run2a_1_9_batch_2000.onnx`);
      const phi7 = readVnnlib(`${DATA_DIR}acasxu/vnnlib/prop_7.vnnlib`);
      const r = verifySpecification(acas, phi7, { maxNodes: 1 });
      expect(r.status).toBe('violated');
      expect(r.stats.nodes).toBe(0);
      expect(exactViolation(acas, phi7, r)).toBe(true);
    });
  },
  ['acasxu/onnx', 'acasxu/vnnlib'],
);
