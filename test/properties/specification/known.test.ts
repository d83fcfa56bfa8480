/**
 * Known answers from mathematics for `verify spec`: max(x_1..x_n) from the construction library,
 * |x| = relu(x) + relu(−x) and a single ReLU, each with both verdicts, including violation sets
 * that touch the network's graph only where the margin is exactly 0 (closed semantics: violated).
 * Every certificate is re-checked by the independent checker.
 */
import Fraction from 'fraction.js';
import { describe, expect, it } from 'vitest';
import { specCertificate } from '../../../src/properties/specification/certificate.js';
import { checkCertificate } from '../../../src/checker/index.js';
import { maxNetwork } from '../../../src/construct/constructions.js';
import { parseVnnlib } from '../../../src/formats/vnnlib.js';
import { evaluate } from '../../../src/network/evaluate.js';
import { type Network, denseLayer } from '../../../src/network/model.js';
import { type SpecResult, verifySpecification } from '../../../src/properties/specification/verify.js';

const F = (v: number | string): Fraction => new Fraction(v);

function declare(inputs: number, outputs: number): string {
  return [...Array.from({ length: inputs }, (_, i) => `(declare-const X_${i} Real)`), ...Array.from({ length: outputs }, (_, j) => `(declare-const Y_${j} Real)`)].join('\n');
}

function box(lo: readonly string[], hi: readonly string[]): string {
  return lo.map((l, i) => `(assert (>= X_${i} ${l}))\n(assert (<= X_${i} ${hi[i]}))`).join('\n');
}

/** Runs the engine and re-checks its certificate; returns the result. */
function decide(net: Network, text: string): SpecResult {
  const spec = parseVnnlib(text, { inputs: net.inputs, file: 'test.vnnlib' });
  const result = verifySpecification(net, spec, { deadline: Date.now() + 60_000 });
  if (result.status !== 'unknown') {
    const check = checkCertificate(specCertificate(net, spec, result));
    expect(check).toMatchObject({ valid: true, verdict: result.status });
  }
  return result;
}

const absNet: Network = {
  inputs: 1,
  layers: [denseLayer([[F(1)], [F(-1)]], [F(0), F(0)], 'relu'), denseLayer([[F(1), F(1)]], [F(0)], 'identity')],
};
const reluNet: Network = { inputs: 1, layers: [denseLayer([[F(1)]], [F(0)], 'relu')] };

describe('max(x_1, x_2, x_3) from the construction library, on [-1, 2]^3', () => {
  const net = maxNetwork(3);
  const head = `${declare(3, 1)}\n${box(['-1', '-1', '-1'], ['2', '2', '2'])}`;
  for (const i of [0, 1, 2]) {
    it(`Y_0 >= X_${i}: the violation set Y_0 <= X_${i} - 1/10^9 is empty (holds)`, () => {
      expect(decide(net, `${head}\n(assert (<= Y_0 (- X_${i} 0.000000001)))`).status).toBe('holds');
    });
    it(`Y_0 >= X_${i} + 1/10^9 is violated, at a point where x_${i} is within 1/10^9 of the maximum`, () => {
      const r = decide(net, `${head}\n(assert (<= Y_0 (+ X_${i} 0.000000001)))`);
      expect(r.status).toBe('violated');
      if (r.status !== 'violated') return;
      const max = r.input.reduce((a, b) => (a.compare(b) >= 0 ? a : b));
      expect(max.sub(r.input[i] as Fraction).compare(F('0.000000001'))).toBeLessThanOrEqual(0);
      expect(evaluate(net, r.input)[0]?.equals(max)).toBe(true);
    });
    it(`the violation set Y_0 <= X_${i} touches the graph with margin exactly 0: violated where x_${i} is the maximum`, () => {
      const r = decide(net, `${head}\n(assert (<= Y_0 X_${i}))`);
      expect(r.status).toBe('violated');
      if (r.status !== 'violated') return;
      expect(r.input.every((v) => v.compare(r.input[i] as Fraction) <= 0)).toBe(true);
    });
  }
});

describe('|x| = relu(x) + relu(-x) on [-1, 1]', () => {
  const head = `${declare(1, 1)}\n${box(['-1'], ['1'])}`;
  it('|x| <= -1/10^9 nowhere: holds', () => {
    expect(decide(absNet, `${head}\n(assert (<= Y_0 -0.000000001))`).status).toBe('holds');
  });
  it('|x| <= 0 only at x = 0 (margin exactly 0): violated, and the counterexample is 0', () => {
    const r = decide(absNet, `${head}\n(assert (<= Y_0 0))`);
    expect(r.status).toBe('violated');
    if (r.status === 'violated') expect(r.input[0]?.equals(0)).toBe(true);
  });
  it('|x| >= 1 only at x = ±1 (the box corners): violated there', () => {
    const r = decide(absNet, `${head}\n(assert (>= Y_0 1))`);
    expect(r.status).toBe('violated');
    if (r.status === 'violated') expect(r.input[0]?.abs().equals(1)).toBe(true);
  });
  it('|x| >= 1 + 1/10^9 nowhere: holds', () => {
    expect(decide(absNet, `${head}\n(assert (>= Y_0 1.000000001))`).status).toBe('holds');
  });
});

describe('a single ReLU y = relu(x) (the network ends with the ReLU) on [-1, 3]', () => {
  const head = `${declare(1, 1)}\n${box(['-1'], ['3'])}`;
  it('relu(x) <= -1/10^9 nowhere: holds', () => {
    expect(decide(reluNet, `${head}\n(assert (<= Y_0 -0.000000001))`).status).toBe('holds');
  });
  it('relu(x) >= 5/2 for x in [5/2, 3]: violated', () => {
    const r = decide(reluNet, `${head}\n(assert (>= Y_0 2.5))`);
    expect(r.status).toBe('violated');
    if (r.status === 'violated') expect(r.input[0]?.compare(F('2.5'))).toBeGreaterThanOrEqual(0);
  });
  it('relu(x) >= 3 + 1/10^9 nowhere: holds; a disjunction with one satisfiable conjunction is violated', () => {
    expect(decide(reluNet, `${head}\n(assert (>= Y_0 3.000000001))`).status).toBe('holds');
    expect(decide(reluNet, `${head}\n(assert (or (>= Y_0 3.000000001) (and (<= Y_0 0) (>= X_0 -0.5))))`).status).toBe('violated');
  });
});
