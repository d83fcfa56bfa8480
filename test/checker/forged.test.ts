/**
 * Forged certificates found by an adversarial review: each states a false claim and was once
 * accepted. They must stay rejected.
 * - min-zero: "0 regions" for |x| on the domain {0·x ≤ 0} (all of R), "refuted" by a multiplier on
 *   the zero row made strict (0 < 0); a row with zero coefficients is closed whatever the others are.
 * - sortR2, sort: "relu(x) sorts" on a domain with an empty interior, claimed vacuously; sort claims
 *   cover every point of the domain, and (5, 3) ↦ (5, 3) is not sorted.
 * - min-equiv, equivR2: "relu(x) ≡ 0" on the flat box [1,1]² and on {0·x ≤ 0}, by fixed signs
 *   "proved" from opposite box rows; equivalence needs a full-dimensional domain.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkCertificate } from '../../src/checker/index.js';

const dir = join(import.meta.dirname, 'forged');

describe('forged certificates of false claims', () => {
  for (const name of ['min-zero', 'sortR2', 'sort', 'min-equiv', 'equivR2']) {
    it(`${name} is rejected`, () => {
      const doc = JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8'));
      const r = checkCertificate(doc);
      expect(r.valid, JSON.stringify(r)).toBe(false);
    });
  }
});
