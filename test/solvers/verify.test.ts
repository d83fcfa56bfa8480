import { describe, expect, it } from 'vitest';
import { verifyMotzkin, verifyOptimal, verifyPoint, verifyUnbounded } from '../../solvers/verify.js';
import { F, q, row, sys } from './helpers.js';

describe('exact verification of LP answers', () => {
  const box = sys(2, [row([1, 0], '<=', 1), row([-1, 0], '<=', 0), row([0, 1], '<', 1), row([1, 1], '=', 1)]);

  it('points: strict rows strictly, equalities exactly', () => {
    expect(verifyPoint(box, [q('1/2'), q('1/2')])).toBe(true);
    expect(verifyPoint(box, [F(0), F(1)])).toBe(false); // strict row tight
    expect(verifyPoint(box, [q('1/2'), q('1/3')])).toBe(false); // equality off
    expect(verifyPoint(box, [F(0)])).toBe(false); // wrong length
  });

  it('Motzkin multipliers: signs, cancellation and the strict case', () => {
    const s = sys(1, [row([1], '<=', 0), row([-1], '<', 0)]);
    expect(verifyMotzkin(s, [F(1), F(1)])).toBe(true); // 0 < 0
    expect(verifyMotzkin(sys(1, [row([1], '<=', 0), row([-1], '<=', 0)]), [F(1), F(1)])).toBe(false); // 0 ≤ 0 is no contradiction
    expect(verifyMotzkin(sys(1, [row([1], '<=', 0), row([-1], '<=', -1)]), [F(1), F(1)])).toBe(true); // 0 ≤ −1
    expect(verifyMotzkin(s, [F(2), F(1)])).toBe(false); // does not cancel
    expect(verifyMotzkin(sys(1, [row([1], '<=', 0), row([1], '<=', 1)]), [F(-1), F(1)])).toBe(false); // negative on ≤
    expect(verifyMotzkin(sys(1, [row([1], '=', 1), row([1], '=', 2)]), [F(1), F(-1)])).toBe(true); // free on =
  });

  it('optimality: primal, dual and values must all agree', () => {
    const s = sys(1, [row([1], '<=', 3), row([-1], '<=', 0)]);
    expect(verifyOptimal([F(2)], s, F(6), [F(3)], [F(2), F(0)])).toBe(true);
    expect(verifyOptimal([F(2)], s, F(6), [F(3)], [F(2), F(1)])).toBe(false);
    expect(verifyOptimal([F(2)], s, F(4), [F(2)], [F(2), F(0)])).toBe(false);
    expect(verifyOptimal([F(2)], s, F(8), [F(4)], [F(2), F(0)])).toBe(false);
  });

  it('unboundedness: a feasible point and an improving recession direction', () => {
    const s = sys(2, [row([0, 1], '<=', 1), row([-1, 0], '<=', 0)]);
    expect(verifyUnbounded([F(1), F(0)], s, [F(0), F(0)], [F(1), F(0)])).toBe(true);
    expect(verifyUnbounded([F(1), F(0)], s, [F(0), F(0)], [F(-1), F(0)])).toBe(false);
    expect(verifyUnbounded([F(0), F(1)], s, [F(0), F(0)], [F(1), F(0)])).toBe(false);
    expect(verifyUnbounded([F(1), F(0)], s, [F(0), F(2)], [F(1), F(0)])).toBe(false);
  });
});
