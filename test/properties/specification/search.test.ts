/**
 * The spec branch and bound on the engine core (src/properties/specification/problem.ts,
 * search.ts): the driver's limits and the problem's node cap end a search as unknown, progress
 * reports every node, and the closed tree's preorder is a binary tree (one cut per inner node).
 */
import Fraction from 'fraction.js';
import { describe, expect, it } from 'vitest';
import { maxSpec } from '../../support/specs.js';
import { maxNetwork } from '../../../src/construct/constructions.js';
import { parseVnnlib } from '../../../src/formats/vnnlib.js';
import { type SpecTree, preorder } from '../../../src/properties/specification/problem.js';
import { SpecExpander, rootNode } from '../../../src/properties/specification/expand.js';
import { type SpecProgress, searchCase } from '../../../src/properties/specification/search.js';
import { verifySpecification } from '../../../src/properties/specification/verify.js';
import { specCertificate } from '../../../src/properties/specification/certificate.js';
import { checkCertificate } from '../../../src/checker/index.js';
import type { SplitRule } from '../../../src/properties/specification/expand.js';

const F = (v: number | string): Fraction => new Fraction(v);

// max(x_1, x_2, x_3) ≥ x_1 on [-1, 2]^3 (holds): the violation set Y_0 ≤ X_0 − 1/10^9 is empty.
const net = maxNetwork(3);
const spec = maxSpec(3, 0);

describe('verify spec on the engine core', () => {
  const full = verifySpecification(net, spec, { noFalsify: true });

  it('closes the case; its preorder has one cut per inner node (leaves − 1 cuts)', () => {
    expect(full.status).toBe('holds');
    if (full.status !== 'holds') return;
    const cuts = (full.trees[0] ?? []).filter((n) => Array.isArray(n)).length;
    expect(cuts).toBe(full.stats.leaves - 1);
  });

  it('reports progress after every node when asked to, ending at the node count', () => {
    const seen: SpecProgress[] = [];
    const root = rootNode(spec, 0, spec.cases[0]?.box.map(({ lo, hi }) => [lo as Fraction, hi as Fraction] as const) ?? []);
    const expander = new SpecExpander(net, spec, 0, root);
    const r = searchCase(expander, root, { progressEvery: 1, onProgress: (f) => seen.push({ ...f }) });
    expect(r.status).toBe('closed');
    expect(seen.map((f) => f.nodes)).toEqual(Array.from({ length: expander.counts.nodes }, (_, i) => i + 1));
    expect(seen.at(-1)?.leaves).toBe(r.status === 'closed' ? r.leaves : -1);
  });

  it('a node cap below the tree size stops the search as unknown, naming the cap', () => {
    expect(full.stats.nodes).toBeGreaterThan(1);
    const r = verifySpecification(net, spec, { noFalsify: true, maxNodes: 1 });
    expect(r.status).toBe('unknown');
    if (r.status === 'unknown') expect(r.reason).toMatch(/node limit \(1\)/);
    expect(r.stats.nodes).toBe(1);
  });

  it('a deadline already passed stops before the first node', () => {
    const r = verifySpecification(net, spec, { noFalsify: true, deadline: 1 });
    expect(r.status).toBe('unknown');
    if (r.status === 'unknown') expect(r.reason).toMatch(/time limit/);
    expect(r.stats.nodes).toBe(0);
  });
});

describe('split rules', () => {
  // max(x) ≥ x_1 everywhere, so the violation set Y_0 ≤ X_0 − 1/10^9 (spec above) is empty; the
  // set Y_0 ≤ X_0 + 1/10^9 holds every point where x_1 is the maximum. Every rule must reach
  // both answers by branch and bound alone (no falsifier), with certificates the checker accepts.
  const violated = maxSpec(3, 0, '-0.000000001');
  for (const split of ['widest', 'smear', 'scored', 'phase'] as SplitRule[]) {
    it(`${split}: holds and violated, each with a certificate the checker accepts`, () => {
      const held = verifySpecification(net, spec, { noFalsify: true, split });
      expect(held.status).toBe('holds');
      expect(checkCertificate(specCertificate(net, spec, held))).toMatchObject({ valid: true, verdict: 'holds' });
      const found = verifySpecification(net, violated, { noFalsify: true, split });
      expect(found.status).toBe('violated');
      expect(checkCertificate(specCertificate(net, violated, found))).toMatchObject({ valid: true, verdict: 'violated' });
    });
  }
});

describe('ReLU phase splits (the `phase` rule) with the split constraints\' multipliers β', () => {
  // max of five inputs ≥ x_3 (known: the maximum is at least each input), margin 1/10^9: the
  // maximum's gadgets compare pairs of inputs, so no input box avoids their kinks, and the bound
  // must become exact on each linear region — which the LP multipliers of the phase splits give.
  const five = maxNetwork(5);
  const boxText = (n: number) => [
    ...Array.from({ length: n }, (_, i) => `(declare-const X_${i} Real)`),
    '(declare-const Y_0 Real)',
    ...Array.from({ length: n }, (_, i) => `(assert (>= X_${i} -1))\n(assert (<= X_${i} 2))`),
  ];
  const holdsFive = parseVnnlib([...boxText(5), '(assert (<= Y_0 (- X_2 0.000000001)))'].join('\n'), { inputs: 5, file: 'max5.vnnlib' });
  const touchFive = parseVnnlib([...boxText(5), '(assert (<= Y_0 X_2))'].join('\n'), { inputs: 5, file: 'max5-touch.vnnlib' });

  it('max(x_1..x_5) ≥ x_3 − 1/10^9 holds: phase splits (r nodes) and β entries in a certificate the checker accepts', () => {
    const r = verifySpecification(five, holdsFive, { noFalsify: true, split: 'phase' });
    expect(r.status).toBe('holds');
    if (r.status !== 'holds') return;
    const nodes = r.trees[0] ?? [];
    expect(nodes.some((n) => Array.isArray(n) && n[0] === 'r')).toBe(true);
    expect(nodes.some((n) => typeof n === 'object' && 'bound' in n && n.bound.some((e) => e.beta !== undefined))).toBe(true);
    expect(checkCertificate(specCertificate(five, holdsFive, r))).toMatchObject({ valid: true, verdict: 'holds' });
    // Every confirmed entry was proved by the float filter or exactly; entries the exact fallback
    // refused are `unconfirmed`, not `exact` (this tree has both).
    expect(r.stats.confirmed).toBe(r.stats.rigorous + r.stats.exact);
    expect(r.stats.exact).toBeGreaterThan(0);
    expect(r.stats.unconfirmed).toBeGreaterThan(0);
  });

  it('the default schedule reaches the phase rule and decides it too; margin 0 is violated exactly where x_3 is the maximum', () => {
    const r = verifySpecification(five, holdsFive, { noFalsify: true });
    expect(r.status).toBe('holds');
    const touch = verifySpecification(five, touchFive, { noFalsify: true, split: 'phase' });
    expect(touch.status).toBe('violated');
    if (touch.status !== 'violated') return;
    const x = touch.input;
    expect(x.every((v) => v.compare(x[2] as Fraction) <= 0)).toBe(true);
    expect(checkCertificate(specCertificate(five, touchFive, touch))).toMatchObject({ valid: true, verdict: 'violated' });
  });
});

describe('the split-rule schedule', () => {
  it('restarts when a slice runs out (first slice of 1 node): same verdict, a valid certificate, the restarts counted in the nodes', () => {
    const single = verifySpecification(net, spec, { noFalsify: true, split: 'scored' });
    const restarted = verifySpecification(net, spec, { noFalsify: true, scheduleStart: 1 });
    expect(single.status).toBe('holds');
    expect(restarted.status).toBe('holds');
    if (restarted.status !== 'holds' || single.status !== 'holds') return;
    expect(checkCertificate(specCertificate(net, spec, restarted))).toMatchObject({ valid: true, verdict: 'holds' });
    // The closed tree has leaves − 1 cuts; the nodes of the abandoned attempts come on top.
    const cuts = (restarted.trees[0] ?? []).filter((n) => Array.isArray(n)).length;
    expect(cuts).toBe(restarted.stats.leaves - 1);
    expect(restarted.stats.nodes).toBeGreaterThan(2 * restarted.stats.leaves - 1);
  });

  it('a node cap bounds all attempts together and is named as the caller gave it', () => {
    const r = verifySpecification(net, spec, { noFalsify: true, scheduleStart: 1, maxNodes: 3 });
    expect(r.status).toBe('unknown');
    if (r.status === 'unknown') expect(r.reason).toMatch(/node limit \(3\)/);
    expect(r.stats.nodes).toBe(3);
  });
});

describe('preorder', () => {
  it('lists a node’s entries, then its cut, then the left half before the right', () => {
    const e = (j: number) => [{ conjunction: j, lambda: [F(1)] }];
    const tree: SpecTree = {
      kind: 'split',
      entries: e(0),
      label: ['x', 0, F(1)],
      children: [{ kind: 'split', entries: [], label: ['x', 1, F(2)], children: [{ kind: 'leaf', entries: e(1) }, { kind: 'leaf', entries: e(2) }] }, { kind: 'leaf', entries: e(3) }],
    };
    expect(preorder(tree)).toEqual([{ bound: e(0) }, ['x', 0, F(1)], ['x', 1, F(2)], { bound: e(1) }, { bound: e(2) }, { bound: e(3) }]);
  });

  it('refuses a tree with an unexplored node (a stopped search proves nothing)', () => {
    expect(() => preorder({ kind: 'split', entries: [], label: ['x', 0, F(0)], children: [{ kind: 'leaf', entries: [] }, { kind: 'unexplored' }] })).toThrow(/unexplored/);
  });
});
