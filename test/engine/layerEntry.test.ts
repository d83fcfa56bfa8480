/** The layer-entry pre-pass: which neurons it fixes at a layer's entry, and that its proofs hold below. */
import Fraction from 'fraction.js';
import { describe, expect, it } from 'vitest';
import { layerEntry } from '../../src/engine/layerEntry.js';
import { entryProofAt } from '../../src/engine/deciders/layerEntry.js';
import { boxRowsOf, contextOf, nodeOn, refutesStrict, row } from './support.js';

const counts = () => ({ constant: 0, interval: 0, vertex: 0, reused: 0, rays: 0, paths: 0, points: 0, orderCone: 0, lps: 0, boxed: 0, splits: 0, boxLps: 0 });

describe('layerEntry', () => {
  const square = boxRowsOf([0, 0], [1, 1]);
  // z0 = x + y + 1 (on: the far side is empty), z1 = x − y (cut by the witness's ray), z2 = 5 (constant: the nodes decide it).
  const pre = { num: [[1n, 1n], [1n, -1n], [0n, 0n]], offset: [1n, 0n, 5n], den: 1n };
  const node = { ...nodeOn(square, [new Fraction(1, 3), new Fraction(1, 4)]), pre };

  it('keeps a proof exactly for the neurons fixed at the entry that need one', () => {
    const stats = counts();
    const entry = layerEntry(node, undefined, contextOf(2), {}, stats);
    expect([...entry.decided.keys()]).toEqual([0]);
    expect(entry.decided.get(0)?.sign).toBe(1);
    expect(stats.lps).toBe(1); // one certified LP, for z0's far side; z1 needed none (a ray), z2 none
    expect(stats.splits).toBe(0);
  });

  it('skips pass-through neurons', () => {
    const entry = layerEntry(node, new Map([[0, 1]]), contextOf(2), {}, counts());
    expect(entry.decided.size).toBe(0);
  });

  it('its proof, placed at a descendant with more rows, refutes the far side there', () => {
    const entry = layerEntry(node, undefined, contextOf(2), {}, counts());
    const decided = entry.decided.get(0);
    if (decided === undefined) throw new Error('expected z0 fixed');
    const rows = [...square, row([1, -1], 0)]; // and x < y
    const proof = entryProofAt(decided.proof, rows, 1, [1n, 1n], 1n);
    if (proof.kind !== 'motzkin') throw new Error('expected a Motzkin proof');
    expect(refutesStrict([...rows, row([1, 1], -1)], proof)).toBe(true);
  });
});
