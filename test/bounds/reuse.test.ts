/**
 * Reused intermediate bounds of a phase split's parent (symbolic.ts ReusedBounds): on seeded
 * random networks and boxes, a child that splits neuron i of layer k, computed with the parent's
 * bounds for layers ≤ k, has exactly (bit for bit) the bounds computed from scratch — the reuse
 * only saves the CROWN passes, so the tree and the certificate cannot change.
 */
import { describe, expect, it } from 'vitest';
import { backwardWorkspace } from '../../src/bounds/backward.js';
import { floatNetwork, layerBounds } from '../../src/bounds/floatNetwork.js';
import { symbolicBounds, symbolicWorkspace } from '../../src/bounds/symbolic.js';
import { mulberry32, randomInteger } from '../../src/random/prng.js';
import { randomNetwork } from '../support/networks.js';
import { randomBox } from './helpers.js';

describe('reused bounds of a phase split parent', () => {
  it('give the same bounds as computing the child from scratch', () => {
    let compared = 0;
    for (let seed = 0; seed < 60; seed++) {
      const random = mulberry32(900 + seed);
      const n = randomInteger(random, 1, 3);
      const widths = [n, ...Array.from({ length: randomInteger(random, 2, 4) }, () => randomInteger(random, 2, 6)), 1];
      const f = floatNetwork(randomNetwork(widths, 900 + seed));
      const { lo, hi } = randomBox(n, random);
      const box = { lo: Float64Array.from(lo, (v) => v.valueOf()), hi: Float64Array.from(hi, (v) => v.valueOf()) };
      const sws = symbolicWorkspace(f);
      const bws = backwardWorkspace(f);
      // The parent: a few random phases; the child: one unstable neuron of the parent split more.
      const phases = f.layers.slice(0, -1).map((l) => Int8Array.from({ length: l.outputs }, () => (random() < 0.15 ? (random() < 0.5 ? 1 : -1) : 0)));
      const parent = layerBounds(f);
      if (!symbolicBounds(f, box, parent, sws, 'adaptive', phases, bws)) continue;
      const unstable: [number, number][] = [];
      parent.lo.forEach((l, k) => l.forEach((v, i) => v < 0 && ((parent.hi[k] as Float64Array)[i] as number) > 0 && (phases[k] as Int8Array)[i] === 0 && unstable.push([k, i])));
      if (unstable.length === 0) continue;
      const [k, i] = unstable[randomInteger(random, 0, unstable.length - 1)] as [number, number];
      const child = phases.map((p) => p.slice());
      (child[k] as Int8Array)[i] = random() < 0.5 ? 1 : -1;
      const fresh = layerBounds(f);
      const reused = layerBounds(f);
      const a = symbolicBounds(f, box, fresh, sws, 'adaptive', child, bws);
      const b = symbolicBounds(f, box, reused, sws, 'adaptive', child, bws, { bounds: parent, layers: k + 1 });
      expect(b).toBe(a);
      if (!a) continue;
      expect(reused.lo.map((v) => Array.from(v))).toEqual(fresh.lo.map((v) => Array.from(v)));
      expect(reused.hi.map((v) => Array.from(v))).toEqual(fresh.hi.map((v) => Array.from(v)));
      compared++;
    }
    expect(compared).toBeGreaterThan(20);
  });
});
