/**
 * The leaf bounds with β on leaves where every hidden neuron is phase-split, against the exact
 * answer: there the network is one affine map and the leaf a polytope, so the minimum m* of a
 * margin over the leaf is an LP optimum (the certified exact LP of solvers/certified.ts), and by
 * LP duality the split rows' duals β make the checker's Lagrangian equal m* (splitMultipliers.ts).
 * The row's constant is shifted so that m* is exactly 0 or slightly negative — then no leaf
 * function may prove the leaf, with the duals exact, as doubles, perturbed or pushed near the
 * float range, and every bound is ≤ m* — or slightly positive, when the exact function with the
 * exact duals proves it (β is what makes the bound tight; nothing else could).
 */
import Fraction from 'fraction.js';
import { describe, expect, it } from 'vitest';
import { maximize } from '../../solvers/certified.js';
import { type ExactLeaf, type ExactRow, exactLeafBound } from '../../src/bounds/exactLeaf.js';
import { rigorousLeafBound } from '../../src/bounds/rigorousLeaf.js';
import { leafCloses } from '../../src/checker/spec.js';
import { float64ToRational } from '../../src/exact/rational.js';
import { preactivationMaps } from '../../src/network/affine.js';
import type { LinearConstraint } from '../../src/polyhedra/system.js';
import { mulberry32, randomInteger } from '../../src/random/prng.js';
import { randomNetwork } from '../support/networks.js';
import { exactPreactivations, randomBox, samplePoints } from './helpers.js';

const F = (n: number | bigint, d: number | bigint = 1): Fraction => new Fraction(BigInt(n), BigInt(d));

/** min over the leaf of c·N(x) + e·x (N affine there: pattern `on`), and the duals of its split rows; undefined when the leaf is empty. */
function leafMinimum(
  net: ReturnType<typeof randomNetwork>,
  lo: readonly Fraction[],
  hi: readonly Fraction[],
  phases: readonly Int8Array[],
  c: readonly Fraction[],
  e: readonly Fraction[],
): { min: Fraction; beta: [number, number, Fraction][] } | undefined {
  const n = net.inputs;
  const pattern = net.layers.map((layer, k) => (k < phases.length ? Array.from(phases[k] as Int8Array, (s) => s > 0) : new Array<boolean>(layer.outputs).fill(true)));
  const maps = preactivationMaps(net, pattern);
  const row = (k: number, i: number): { a: Fraction[]; b: Fraction } => {
    const map = maps[k] as (typeof maps)[number];
    return { a: Array.from({ length: n }, (_, t) => F((map.num[i] as bigint[])[t] as bigint, map.den)), b: F(map.offset[i] as bigint, map.den) };
  };
  const unit = (t: number, s: number): Fraction[] => Array.from({ length: n }, (_, q) => F(q === t ? s : 0));
  const constraints: LinearConstraint[] = [];
  lo.forEach((l, t) => {
    constraints.push({ coefficients: unit(t, 1), relation: '<=', rhs: hi[t] as Fraction });
    constraints.push({ coefficients: unit(t, -1), relation: '<=', rhs: l.neg() });
  });
  const splits: [number, number, number][] = [];
  phases.forEach((p, k) =>
    p.forEach((s, i) => {
      // s·z(x) ≥ 0 as −s a·x ≤ s b.
      const { a, b } = row(k, i);
      splits.push([k, i, constraints.length]);
      constraints.push({ coefficients: a.map((v) => v.mul(-s)), relation: '<=', rhs: b.mul(s) });
    }),
  );
  const objective = e.slice();
  let offset = F(0);
  c.forEach((w, j) => {
    const { a, b } = row(net.layers.length - 1, j);
    a.forEach((v, t) => (objective[t] = (objective[t] as Fraction).add(w.mul(v))));
    offset = offset.add(w.mul(b));
  });
  const answer = maximize(
    objective.map((v) => v.neg()),
    { variables: n, constraints },
  );
  if (answer.kind !== 'optimal') return undefined;
  return { min: answer.value.neg().add(offset), beta: splits.map(([k, i, r]) => [k, i, answer.dual[r] as Fraction]) };
}

describe('β on fully phase-split leaves, against the LP minimum', () => {
  it('no leaf function proves a leaf whose minimum is ≤ 0; every bound is ≤ the minimum; the LP duals prove a minimum of 2^-20', () => {
    const random = mulberry32(61);
    let leaves = 0;
    for (let trial = 0; trial < 60; trial++) {
      const n = randomInteger(random, 1, 3);
      const widths = [n, ...Array.from({ length: randomInteger(random, 1, 2) }, () => randomInteger(random, 1, 5)), randomInteger(random, 1, 2)];
      const net = randomNetwork(widths, 700 + trial);
      const { lo, hi } = randomBox(n, random);
      const x0 = samplePoints(lo, hi, random, 1).pop() as Fraction[];
      const pre = exactPreactivations(net, x0);
      const phases = net.layers.slice(0, -1).map((_, k) => Int8Array.from(pre[k] as Fraction[], (z) => (z.compare(0) >= 0 ? 1 : -1)));
      // Half the leaves flip one split away from x0's pattern (such a leaf may be empty: skipped).
      if (random() < 0.5) {
        const k = randomInteger(random, 0, phases.length - 1);
        const p = phases[k] as Int8Array;
        const i = randomInteger(random, 0, p.length - 1);
        p[i] = -(p[i] as number);
      }
      const m = widths[widths.length - 1] as number;
      const c = Array.from({ length: m }, () => F(randomInteger(random, -3, 3), randomInteger(random, 1, 3)));
      const e = Array.from({ length: n }, () => (random() < 0.5 ? F(randomInteger(random, -3, 3), 2) : F(0)));
      const lp = leafMinimum(net, lo, hi, phases, c, e);
      if (lp === undefined) continue;
      leaves++;
      const leaf: ExactLeaf = { lo, hi, phases };
      const maps = (edit: (b: Fraction) => Fraction): Map<number, Fraction>[] => {
        const out = phases.map(() => new Map<number, Fraction>());
        for (const [k, i, b] of lp.beta) (out[k] as Map<number, Fraction>).set(i, edit(b));
        return out;
      };
      const exactDuals = maps((b) => b);
      const variants = [
        exactDuals,
        maps((b) => float64ToRational(b.valueOf())),
        maps((b) => b.mul(F((1n << 40n) + 1n, 1n << 40n))),
        maps((b) => b.mul(F((1n << 40n) - 1n, 1n << 40n))),
        maps((b) => (random() < 0.5 ? b.add(float64ToRational(1.7976931348623157e308)) : b)),
        maps((b) => (random() < 0.5 ? b.sub(float64ToRational(5e-324)) : b)),
        undefined,
      ];
      const scale = lp.min.abs().add(1);
      for (const shift of [F(0), F(-1, 1n << 60n), F(-1, 1n << 20n), F(1, 1n << 20n)]) {
        const target = shift.mul(scale);
        // The margin c·N(x) + e·x + d, d chosen so that its minimum over the leaf is `target`.
        const rows: ExactRow[] = [{ c, x: e, d: target.sub(lp.min) }];
        for (const beta of variants) {
          const params = beta === undefined ? {} : { beta };
          const exact = exactLeafBound(net, leaf, rows, [F(1)], params);
          const rigorous = rigorousLeafBound(net, leaf, rows, [F(1)], params);
          expect(exact.empty).toBe(false);
          expect((exact.bound as Fraction).compare(target)).toBeLessThanOrEqual(0);
          if (rigorous.available) expect(float64ToRational(rigorous.bound).compare(target)).toBeLessThanOrEqual(0);
          if (target.compare(0) <= 0) {
            expect(exact.proven).toBe(false);
            expect(rigorous.proven).toBe(false);
            expect(leafCloses(net, leaf, rows, [F(1)], undefined, undefined, beta)).toBe(false);
          }
        }
        if (shift.compare(F(1, 1n << 20n)) === 0) expect(exactLeafBound(net, leaf, rows, [F(1)], { beta: exactDuals }).proven).toBe(true);
      }
    }
    expect(leaves).toBeGreaterThan(20);
  });
});
