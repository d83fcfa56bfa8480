/**
 * Multipliers λ over a conjunction's rows found by the joint α, λ ascent (backward.ts
 * optimizeAlphaLambda): a violation set that no row alone and no pair with weights (1/2, 1/2)
 * excludes on the box, while a combination of all three does, and the projection onto the simplex.
 */
import Fraction from 'fraction.js';
import { describe, expect, it } from 'vitest';
import { projectOntoSimplex } from '../../../src/bounds/backward.js';
import { checkCertificate } from '../../../src/checker/index.js';
import { parseVnnlib } from '../../../src/formats/vnnlib.js';
import { type Network, denseLayer } from '../../../src/network/model.js';
import { specCertificate } from '../../../src/properties/specification/certificate.js';
import { verifySpecification } from '../../../src/properties/specification/verify.js';

const F = (v: number | string): Fraction => new Fraction(v);

// y = (x_1, x_2, x_1 + x_2) on [0, 1]^2 (the ReLUs are on: the network is exactly linear there).
const net: Network = {
  inputs: 2,
  layers: [
    denseLayer([[F(1), F(0)], [F(0), F(1)]], [F(0), F(0)], 'relu'),
    denseLayer([[F(1), F(0)], [F(0), F(1)], [F(1), F(1)]], [F(0), F(0), F(0)], 'identity'),
  ],
};
// Violation set y_1 ≤ 1/4, y_2 ≤ 1/4, y_3 ≥ 1: empty, since y_3 = y_1 + y_2 ≤ 1/2. With margins
// m_1 = x_1 − 1/4, m_2 = x_2 − 1/4, m_3 = 1 − x_1 − x_2, the sum m_1 + m_2 + m_3 = 1/2 > 0 proves
// it, while every single row and every pair at (1/2, 1/2) has a negative minimum on the box
// (−1/4, −1, −1/4, −1/8, −1/8), so a fixed candidate cannot close the root.
const text = [
  '(declare-const X_0 Real)',
  '(declare-const X_1 Real)',
  '(declare-const Y_0 Real)',
  '(declare-const Y_1 Real)',
  '(declare-const Y_2 Real)',
  '(assert (>= X_0 0))',
  '(assert (<= X_0 1))',
  '(assert (>= X_1 0))',
  '(assert (<= X_1 1))',
  '(assert (<= Y_0 0.25))',
  '(assert (<= Y_1 0.25))',
  '(assert (>= Y_2 1))',
].join('\n');

describe('λ over three rows', () => {
  const spec = parseVnnlib(text, { inputs: 2, file: 'three-rows.vnnlib' });

  it('the ascent closes the root with all three rows, and the checker accepts the certificate', () => {
    const r = verifySpecification(net, spec, { noFalsify: true, split: 'scored' });
    expect(r.status).toBe('holds');
    if (r.status !== 'holds') return;
    expect(r.stats.nodes).toBe(1);
    const entry = (r.trees[0]?.[0] as unknown as { bound: { lambda: Fraction[] }[] }).bound[0];
    expect(entry?.lambda.slice(0, 3).every((l) => l.compare(0) > 0)).toBe(true);
    expect(checkCertificate(specCertificate(net, spec, r))).toMatchObject({ valid: true, verdict: 'holds' });
  });

  it('without it (lambdaSteps 0) the singles and pairs need splits: the same verdict from a larger tree', () => {
    const r = verifySpecification(net, spec, { noFalsify: true, split: 'scored', lambdaSteps: 0 });
    expect(r.status).toBe('holds');
    expect(r.stats.nodes).toBeGreaterThan(1);
  });
});

describe('projection onto the simplex', () => {
  const project = (v: number[]): number[] => {
    const a = Float64Array.from(v);
    projectOntoSimplex(a);
    return Array.from(a);
  };
  it('keeps points of the simplex, and maps others to the nearest point of it', () => {
    expect(project([0.2, 0.3, 0.5])).toEqual([0.2, 0.3, 0.5]);
    expect(project([2, 0])).toEqual([1, 0]);
    expect(project([1, 1, -1])).toEqual([0.5, 0.5, 0]);
    // (1/3, 1/3, 1/3) + t·(1, 1, 1) projects back to the centre.
    for (const x of project([1, 1, 1])) expect(x).toBeCloseTo(1 / 3, 12);
  });
});
