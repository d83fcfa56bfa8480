/**
 * The methods agree on random instances: the cell criterion, the FGS search and (for small
 * instances) the exact pairwise-region decision, on small integer weights that make ties,
 * repeated and zero rows common. Every certificate is checked by the independent checker.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseBox } from '../../../src/regions/domain.js';
import { decideAndCheck, layer, net, pairsDecideAndCheck } from './helpers.js';

const weights = (n: number, m: number) => fc.array(fc.array(fc.integer({ min: -3, max: 3 }), { minLength: n, maxLength: n }), { minLength: m, maxLength: m });

describe('one-layer methods agree', () => {
  it('cells = FGS on random bias-free layers (n = 2, 3; m = n .. 2n + 3)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 3 }).chain((n) => fc.integer({ min: n, max: 2 * n + 3 }).chain((m) => weights(n, m))),
        (W) => {
          const N = net([layer(W)]);
          const cells = decideAndCheck(N, { method: 'cells' });
          const fgs = decideAndCheck(N, { method: 'fgs' });
          expect(fgs.status).toBe(cells.status);
        },
      ),
      { numRuns: 60, seed: 5 },
    );
  });

  it('cells = region pairs on random layers with bias (n = 2; on R^2 and on a box), both certified', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 3, max: 6 }).chain((m) => fc.tuple(weights(2, m), fc.array(fc.integer({ min: -2, max: 2 }), { minLength: m, maxLength: m }))),
        ([W, b]) => {
          const N = net([layer(W, 'relu', b)]);
          const cells = decideAndCheck(N, { method: 'cells' });
          expect(pairsDecideAndCheck(N)).toBe(cells.status === 'holds');
          expect(pairsDecideAndCheck(N, parseBox('-2:3', 2))).toBe(decideAndCheck(N, { domain: parseBox('-2:3', 2) }).status === 'holds');
        },
      ),
      { numRuns: 25, seed: 11 },
    );
  });
});
