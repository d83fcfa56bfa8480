/**
 * training-optimum certificates: produced for the known answers, accepted by the independent
 * checker, and rejected after every kind of tampering (mutations are re-sealed with the right
 * claim digest, so that the mathematical checks — not the digest — must catch them).
 */
import Fraction from 'fraction.js';
import { describe, expect, it } from 'vitest';
import { trainingCertificate } from '../../../src/properties/training/certificate.js';
import { claimSha256 } from '../../../src/checker/schema/index.js';
import { checkCertificate } from '../../../src/checker/index.js';
import { type TrainingData, type TrainingLoss, trainingData } from '../../../src/properties/training/data.js';
import { trainOptimal } from '../../../src/properties/training/search.js';
import { ABS, F, XOR, doubled } from './helpers.js';

// biome-ignore lint/suspicious/noExplicitAny: certificates are mutated as plain JSON here
type Doc = any;

function certify(data: TrainingData, width: number, loss: TrainingLoss, outputBias = false, prune = true, pruneLeafFactor?: number): Doc {
  const r = trainOptimal(data, { width, loss, outputBias, prune, ...(pruneLeafFactor !== undefined ? { pruneLeafFactor } : {}) });
  if (r.status !== 'optimal') throw new Error('expected an optimum');
  return JSON.parse(JSON.stringify(trainingCertificate(data, { width, loss, outputBias }, r)));
}

function reseal(doc: Doc): Doc {
  doc.evidence.claimSha256 = claimSha256(doc.claim);
  return doc;
}

function mutated(doc: Doc, change: (d: Doc) => void): Doc {
  const copy = JSON.parse(JSON.stringify(doc));
  change(copy);
  return reseal(copy);
}

function reason(doc: Doc): string {
  const r = checkCertificate(doc);
  expect(r.valid).toBe(false);
  return r.valid ? '' : r.reason;
}

/** A bound's dual as a dense list (for mutation). */
function denseDual(b: Doc, rows: number): string[] {
  if (Array.isArray(b.dual)) return b.dual;
  const out = new Array<string>(rows).fill('0');
  b.dual.rows.forEach((r: number, k: number) => {
    out[r] = b.dual.values[k];
  });
  return out;
}

describe('training-optimum certificates: valid', () => {
  it.each([
    ['XOR ℓ1 w=1', XOR, 1, 'l1', false, '1'],
    ['XOR ℓ1 w=2', XOR, 2, 'l1', false, '0'],
    ['|x| ℓ1 w=1', ABS, 1, 'l1', false, '3'],
    ['|x| ℓ1 w=2', ABS, 2, 'l1', false, '0'],
    ['XOR ℓ∞ w=1', XOR, 1, 'linf', false, '1/2'],
    ['|x| ℓ1 w=1 with output bias', ABS, 1, 'l1', true, undefined],
    ['XOR doubled ℓ1 w=1 (duplicated points)', doubled(XOR), 1, 'l1', false, '2'],
    ['XOR doubled ℓ∞ w=1 (identical ℓ∞ rows)', doubled(XOR), 1, 'linf', false, '1/2'],
  ] as const)('%s', (_, data, width, loss, bias, expected) => {
    const doc = certify(data, width, loss, bias);
    if (expected !== undefined) expect(doc.claim.optimum).toBe(expected);
    const r = checkCertificate(doc);
    expect(r).toMatchObject({ valid: true, property: 'training-optimum', verdict: 'holds' });
  });

  it('hinge, and a certificate without pruning (every leaf bounded)', () => {
    const data = trainingData([-2, -1, 1, 2, 3].map((v) => [F(v)]), [-1, 1, -1, 1, 1].map(F));
    for (const prune of [true, false]) {
      const doc = certify(data, 1, 'hinge', false, prune);
      expect(checkCertificate(doc).valid).toBe(true);
    }
    expect(certify(data, 1, 'hinge', false, false).evidence.bounds.every((b: Doc) => b.relaxed === undefined)).toBe(true);
  });
});

describe('training-optimum certificates: tampering is rejected', () => {
  const absW1 = certify(ABS, 1, 'l1');
  const xorW1 = certify(XOR, 1, 'l1');

  it('a bound value altered', () => {
    expect(reason(mutated(absW1, (d) => (d.evidence.bounds[0].value = '100')))).toMatch(/Σ yᵣ bᵣ = .*not the recorded value 100/);
  });

  it('a dual multiplier altered', () => {
    const doc = mutated(absW1, (d) => {
      const b = d.evidence.bounds[0];
      const dense = denseDual(b, 5 + 10);
      const k = dense.findIndex((v) => v !== '0');
      dense[k] = new Fraction(dense[k]).mul(2).toFraction();
      b.dual = dense;
    });
    expect(reason(doc)).toMatch(/differs from the loss objective|not the recorded value/);
  });

  it('a bound removed: a leaf is left uncovered', () => {
    expect(reason(mutated(absW1, (d) => d.evidence.bounds.pop()))).toMatch(/no bound covers the unit types/);
  });

  it('a dichotomy label flipped', () => {
    expect(reason(mutated(xorW1, (d) => (d.evidence.dichotomies[3].labels = d.evidence.dichotomies[3].labels.replace(/^./, (c: string) => (c === '+' ? '-' : '+')))))).toMatch(/the hyperplane gives/);
  });

  it('a dichotomy removed: the re-derivation finds it missing', () => {
    expect(reason(mutated(xorW1, (d) => d.evidence.dichotomies.pop()))).toMatch(/is missing from the list/);
  });

  it('an unrealizable labeling added (XOR diagonal) with a made-up hyperplane', () => {
    expect(reason(mutated(xorW1, (d) => d.evidence.dichotomies.push({ labels: '++--', normal: ['1', '1'], offset: '-1/2' })))).toMatch(/the hyperplane gives/);
  });

  it('the optimum lowered or raised', () => {
    expect(reason(mutated(xorW1, (d) => (d.claim.optimum = '1/2')))).toMatch(/exact loss is 1, not the claimed optimum 1\/2/);
    expect(reason(mutated(xorW1, (d) => (d.claim.optimum = '2')))).toMatch(/below the claimed optimum 2/);
    // A zero optimum skips coverage, but the network must still attain it.
    expect(reason(mutated(xorW1, (d) => (d.claim.optimum = '0')))).toMatch(/exact loss is 1, not the claimed optimum 0/);
  });

  it('the optimal network altered, widened or given a forbidden bias', () => {
    expect(reason(mutated(xorW1, (d) => (d.evidence.network.layers[1].weights = [['3']])))).toMatch(/exact loss is/);
    expect(reason(mutated(xorW1, (d) => (d.evidence.network.layers[1].bias = ['1'])))).toMatch(/no output bias/);
    expect(reason(mutated(xorW1, (d) => (d.claim.width = 0)))).toMatch(/malformed/);
  });

  it('a data point changed', () => {
    expect(reason(mutated(xorW1, (d) => (d.claim.data.targets[2] = '3')))).not.toBe('');
  });

  it('beyond the re-derivation limits the checker refuses instead of trusting', () => {
    const p3 = trainingData([[F(0), F(0), F(0)], [F(1), F(0), F(0)], [F(0), F(1), F(1)]], [F(0), F(1), F(1)]);
    expect(reason(certify(p3, 1, 'l1'))).toMatch(/too large to re-derive: .*dimension 1 or 2 only/);
    const many = mutated(xorW1, (d) => {
      d.claim.data.inputs = Array.from({ length: 25 }, (_, i) => [String(i), String((i * i) % 7)]);
      d.claim.data.targets = Array.from({ length: 25 }, () => '0');
      d.evidence.dichotomies = [];
    });
    expect(reason(many)).toMatch(/too large to re-derive: 25 distinct points in R\^2/);
  });

  it('evidence made for another claim is rejected by its digest', () => {
    const doc = JSON.parse(JSON.stringify(xorW1));
    doc.claim.optimum = '0';
    expect(reason(doc)).toMatch(/made for another claim/);
  });

  it('relaxed bounds are checked, and must not pretend to cover what they do not', () => {
    // pruneLeafFactor 0: bounds are tried at every node, so the certificate has relaxed bounds.
    const zigzag = trainingData([0, 1, 2, 3, 4].map((v) => [F(v)]), [0, 1, 0, 1, 0].map(F));
    const doc = certify(zigzag, 2, 'l1', false, true, 0);
    expect(doc.claim.optimum).not.toBe('0');
    const relaxed = doc.evidence.bounds.findIndex((b: Doc) => b.relaxed !== undefined);
    expect(relaxed).toBeGreaterThanOrEqual(0);
    expect(checkCertificate(doc).valid).toBe(true);
    expect(reason(mutated(doc, (d) => (d.evidence.bounds[relaxed].relaxed = -d.evidence.bounds[relaxed].relaxed)))).not.toBe('');
    // Narrowing the block (a larger relaxedFrom) changes the LP: the multipliers no longer fit.
    expect(reason(mutated(doc, (d) => (d.evidence.bounds[relaxed].relaxedFrom += 1)))).not.toBe('');
    // Dropping every relaxed bound leaves the leaves they covered uncovered.
    expect(reason(mutated(doc, (d) => (d.evidence.bounds = d.evidence.bounds.filter((b: Doc) => b.relaxed === undefined))))).toMatch(/no bound covers/);
  });
});
