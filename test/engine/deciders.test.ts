/**
 * Each decider on its own, on polyhedra whose answers are known by hand: a fixed sign must come
 * with a proof that refutes the far side exactly, a split with points strictly inside each side.
 */
import Fraction from 'fraction.js';
import { describe, expect, it } from 'vitest';
import type { Decision, Question } from '../../src/engine/decider.js';
import { certifiedLpDecider, constantDecider, intervalDecider, layerEntryDecider, orderConeDecider, rayDecider, vertexSetDecider } from '../../src/engine/deciders/index.js';
import { boxPolytope } from '../../src/polyhedra/vertices.js';
import type { IntegerRow } from '../../src/exact/integerRow.js';
import { boxRowsOf, contextOf, nodeOn, question, refutesStrict, row, strictlyInside, valueOf } from './support.js';

/** Checks a fixed decision's Motzkin proof against the node's rows and the far-side row. */
function expectProvenSign(q: Question, d: Decision, sign: 1 | -1): void {
  expect(d.kind).toBe('fixed');
  if (d.kind !== 'fixed') return;
  expect(d.sign).toBe(sign);
  if (d.proof.kind !== 'motzkin') throw new Error(`expected a Motzkin proof, got ${d.proof.kind}`);
  const far: IntegerRow = sign > 0 ? q.negativeRow() : q.positiveRow();
  expect(refutesStrict([...q.node.rows, far], d.proof)).toBe(true);
}

/** Checks a split: each side's witness strictly inside the node's rows and strictly on its side. */
function expectSplit(q: Question, d: Decision, a: readonly number[], c: number): void {
  expect(d.kind).toBe('split');
  if (d.kind !== 'split') return;
  for (const [side, s] of [[d.positive, 1], [d.negative, -1]] as const) {
    expect(strictlyInside(q.node.rows, side.witness.rational)).toBe(true);
    expect(valueOf(a, c, side.witness.rational).compare(0)).toBe(s);
  }
}

const square = boxRowsOf([0, 0], [1, 1]);
const half = new Fraction(1, 2);

describe('constant decider', () => {
  const node = nodeOn(square, [half, half]);
  it('fixes the sign of a constant (0 counts as off) and leaves the rest', () => {
    expect(constantDecider.decide(question(node, [0, 0], 3), contextOf(2))).toEqual({ kind: 'fixed', sign: 1, proof: { kind: 'constant' } });
    expect(constantDecider.decide(question(node, [0, 0], 0), contextOf(2))).toEqual({ kind: 'fixed', sign: -1, proof: { kind: 'constant' } });
    expect(constantDecider.decide(question(node, [0, 0], -2), contextOf(2))).toMatchObject({ kind: 'fixed', sign: -1 });
    expect(constantDecider.decide(question(node, [1, 0], 3), contextOf(2)).kind).toBe('undecided');
  });
});

describe('interval decider', () => {
  const node = nodeOn(square, [half, half]);
  // The box [0, 1/2] × [-1, 1] over the denominator 2.
  const box = { lo: [0n, -2n], hi: [1n, 2n], den: 2n };
  it('uses exact bounds over the box, boundary included', () => {
    // 2x − 1 ≤ 0 on [0, 1/2] (= 0 at x = 1/2): off.
    expect(intervalDecider.decide(question(node, [2, 0], -1), contextOf(2, box))).toEqual({ kind: 'fixed', sign: -1, proof: { kind: 'interval' } });
    // y + 1 ≥ 0 on [-1, 1] (= 0 at y = −1): on.
    expect(intervalDecider.decide(question(node, [0, 1], 1), contextOf(2, box))).toMatchObject({ kind: 'fixed', sign: 1 });
    // x + y changes sign on the box.
    expect(intervalDecider.decide(question(node, [1, 1], 0), contextOf(2, box)).kind).toBe('undecided');
  });
  it('says nothing without a box domain', () => {
    expect(intervalDecider.decide(question(node, [2, 0], 5), contextOf(2)).kind).toBe('undecided');
  });
});

describe('vertex-set decider', () => {
  const node = nodeOn(square, [half, half], { polytope: boxPolytope(square) });
  it('fixes x + y − 2 ≤ 0 on [0, 1]² (= 0 at the vertex (1, 1)) with a Motzkin proof', () => {
    const q = question(node, [1, 1], -2);
    expectProvenSign(q, vertexSetDecider.decide(q, contextOf(2)), -1);
  });
  it('splits [0, 1]² along x = y, with both halves\u2019 vertex sets', () => {
    const q = question(node, [1, -1], 0);
    const d = vertexSetDecider.decide(q, contextOf(2));
    expectSplit(q, d, [1, -1], 0);
    if (d.kind === 'split') {
      // Each half is a triangle.
      expect(d.positive.polytope?.vertices).toHaveLength(3);
      expect(d.negative.polytope?.vertices).toHaveLength(3);
    }
  });
  it('says nothing without a vertex set', () => {
    expect(vertexSetDecider.decide(question(nodeOn(square, [half, half]), [1, 1], -2), contextOf(2)).kind).toBe('undecided');
  });
});

describe('layer-entry decider', () => {
  // Entry polyhedron 0 < x < 1 (rows −x ≤ 0, x ≤ 1); z = x + 1 is on there: the entry proof
  // takes row 0 (−x < 0) and the far row (x + 1 < 0, i.e. x < −1) once each: 0 < −1.
  const entry = { decided: new Map([[0, { sign: 1 as const, proof: { rows: [0], values: [new Fraction(1)], far: new Fraction(1) } }]]) };
  it('places the entry proof at a descendant with more rows', () => {
    const rows = [row([-1], 0), row([1], 1), row([2], 1)]; // and x < 1/2
    const q = question(nodeOn(rows, [new Fraction(1, 4)], { entry }), [1], 1, 0);
    expectProvenSign(q, layerEntryDecider.decide(q, contextOf(1)), 1);
  });
  it('says nothing about a neuron the entry did not fix', () => {
    const q = question(nodeOn([row([-1], 0), row([1], 1)], [half], { entry }), [1], -1, 1);
    expect(layerEntryDecider.decide(q, contextOf(1)).kind).toBe('undecided');
  });
});

describe('ray decider', () => {
  it('splits when a ray from the witness crosses z = 0 inside P', () => {
    const q = question(nodeOn(boxRowsOf([-1, -1], [1, 1]), [half, 0]), [1, 0], 0);
    expectSplit(q, rayDecider.decide(q, contextOf(2)), [1, 0], 0);
  });
  it('records the witness side and leaves the rest when the ray leaves P first', () => {
    const q = question(nodeOn(square, [half, half]), [1, 0], 1); // x + 1 > 0 on the square
    expect(rayDecider.decide(q, contextOf(2)).kind).toBe('undecided');
    expect(q.sides.positive).toBeDefined();
    expect(q.sides.negative).toBeUndefined();
  });
});

describe('order-cone decider', () => {
  // The order cone x0 < x1 in R^2 (row x0 − x1 ≤ 0), witness (0, 1).
  const cone = [row([1, -1], 0)];
  const node = nodeOn(cone, [0, 1]);
  it('fixes x1 − x0 > 0 on the cone with a proof, by graph search', () => {
    const q = question(node, [-1, 1], 0);
    expectProvenSign(q, orderConeDecider.decide(q, contextOf(2)), 1);
  });
  it('splits the cone x0 < x1 in R^3 along x2 = x0, by graph search', () => {
    const q = question(nodeOn([row([1, -1, 0], 0)], [0, 1, half]), [-1, 0, 1], 0);
    expectSplit(q, orderConeDecider.decide(q, contextOf(3)), [-1, 0, 1], 0);
  });
  it('says nothing when the far side is not an order cone (x0 + x1 is not a difference)', () => {
    const q = question(node, [1, 1], 0);
    expect(orderConeDecider.decide(q, contextOf(2)).kind).toBe('undecided');
  });
  it('says nothing on a box (not an order cone)', () => {
    const q = question(nodeOn(square, [half, half]), [1, 1], -3);
    expect(orderConeDecider.decide(q, contextOf(2)).kind).toBe('undecided');
  });
});

describe('certified-LP decider', () => {
  it('fixes x + y − 3 < 0 on [0, 1]² with exact multipliers', () => {
    const q = question(nodeOn(square, [half, half]), [1, 1], -3);
    expectProvenSign(q, certifiedLpDecider.decide(q, contextOf(2)), -1);
  });
  it('finds the missing side of x + y − 1 from the witness (1/4, 1/4)', () => {
    const q = question(nodeOn(square, [new Fraction(1, 4), new Fraction(1, 4)]), [1, 1], -1);
    expectSplit(q, certifiedLpDecider.decide(q, contextOf(2)), [1, 1], -1);
  });
});
