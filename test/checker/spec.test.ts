/**
 * The `spec` checker: certificates the engine writes are accepted, and every mutation that
 * breaks the proof is rejected for its mathematics (mutants of the claim are re-sealed, so no
 * digest rejects them first): changed multipliers, slopes and cut points, dropped leaves and
 * rows, trailing nodes, forged counterexamples, swapped verdicts; numbers beyond the size limits
 * are refused as size limits.
 */
import Fraction from 'fraction.js';
import { describe, expect, it } from 'vitest';
import type { Certificate } from '../../src/checker/schema/index.js';
import { specCertificate } from '../../src/properties/specification/certificate.js';
import { checkCertificate } from '../../src/checker/index.js';
import { maxNetwork } from '../../src/construct/constructions.js';
import { parseVnnlib } from '../../src/formats/vnnlib.js';
import { evaluate } from '../../src/network/evaluate.js';
import { type Network, denseLayer } from '../../src/network/model.js';
import { verifySpecification } from '../../src/properties/specification/verify.js';
import { reseal } from '../support/reseal.js';

const F = (v: number | string): Fraction => new Fraction(v);
const HEAD3 = `(declare-const X_0 Real)(declare-const X_1 Real)(declare-const X_2 Real)(declare-const Y_0 Real)
(assert (>= X_0 -1))(assert (<= X_0 2))(assert (>= X_1 -1))(assert (<= X_1 2))(assert (>= X_2 -1))(assert (<= X_2 2))`;
const absNet: Network = { inputs: 1, layers: [denseLayer([[F(1)], [F(-1)]], [F(0), F(0)], 'relu'), denseLayer([[F(1), F(1)]], [F(0)], 'identity')] };
const ABS_HEAD = '(declare-const X_0 Real)(declare-const Y_0 Real)(assert (>= X_0 -1))(assert (<= X_0 1))';

function certify(net: Network, text: string): Certificate {
  const spec = parseVnnlib(text, { inputs: net.inputs });
  const result = verifySpecification(net, spec);
  expect(result.status).not.toBe('unknown');
  return specCertificate(net, spec, result);
}

const copy = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;
type Tree = (string | number | unknown[] | { bound: { conjunction: number; lambda: string[]; alpha?: number[][] }[] })[];
const treeOf = (c: Certificate): Tree => (c.evidence as unknown as { cases: Tree[] }).cases[0] as Tree;

function rejected(doc: unknown, reason?: RegExp): void {
  const r = checkCertificate(doc);
  expect(r.valid).toBe(false);
  if (reason !== undefined && !r.valid) expect(r.reason).toMatch(reason);
}

describe('spec certificates: holds (max(x_0, x_1, x_2) ≥ x_2 + 1/10^9 − 1/10^9 … the violation set Y_0 ≤ X_2 − 1/10^9)', () => {
  const cert = certify(maxNetwork(3), `${HEAD3}\n(assert (<= Y_0 (- X_2 0.000000001)))`);
  const tree = treeOf(cert);

  it('the engine certificate checks, and its tree has cuts, bounds and slopes', () => {
    expect(checkCertificate(cert)).toMatchObject({ valid: true, property: 'spec', verdict: 'holds' });
    expect(tree.some((n) => Array.isArray(n) && n[0] === 'x')).toBe(true);
    expect(tree.some((n) => typeof n === 'object' && !Array.isArray(n) && n.bound.some((e) => e.alpha !== undefined))).toBe(true);
  });

  it('every bound node dropped: rejected (the leaves no longer close)', () => {
    tree.forEach((n, i) => {
      if (Array.isArray(n)) return;
      const doc = copy(cert);
      treeOf(doc).splice(i, 1);
      rejected(doc);
    });
  });

  it('every multiplier set to 0 or negated: rejected', () => {
    tree.forEach((n, i) => {
      if (Array.isArray(n) || typeof n !== 'object') return;
      for (const value of ['0', '-1']) {
        const doc = copy(cert);
        ((treeOf(doc)[i] as { bound: { lambda: string[] }[] }).bound[0] as { lambda: string[] }).lambda[0] = value;
        rejected(doc, value === '0' ? /not positive/ : /negative/);
      }
    });
  });

  it('a dropped λ row or an extra one: rejected', () => {
    const i = tree.findIndex((n) => !Array.isArray(n));
    for (const lambda of [[], ['1', '0']]) {
      const doc = copy(cert);
      ((treeOf(doc)[i] as { bound: { lambda: string[] }[] }).bound[0] as { lambda: string[] }).lambda = lambda;
      rejected(doc, /multipliers for/);
    }
  });

  it('the slopes of a leaf that needs α = 0 set to 1: rejected', () => {
    const i = tree.findIndex((n) => !Array.isArray(n) && typeof n === 'object' && n.bound[0]?.alpha !== undefined);
    const doc = copy(cert);
    const entry = (treeOf(doc)[i] as { bound: { alpha: number[][] }[] }).bound[0] as { alpha: number[][] };
    entry.alpha = entry.alpha.map((a) => a.map(() => 256));
    rejected(doc, /not positive/);
    entry.alpha = entry.alpha.map((a) => a.map(() => 257));
    rejected(doc, /above 256/);
  });

  it('every cut of x_2 moved off its kink at 0, every cut moved outside its interval: rejected', () => {
    // (The cuts of x_1 happen not to matter for these leaves — moving them leaves a valid proof.)
    tree.forEach((n, i) => {
      if (!Array.isArray(n)) return;
      for (const t of n[1] === 2 ? ['1/2', '-1/2', '2', '-1', '7'] : ['2', '-1', '7']) {
        const doc = copy(cert);
        (treeOf(doc)[i] as unknown[])[2] = t;
        rejected(doc);
      }
    });
  });

  it('a cut on a coordinate that does not exist, a trailing node, a missing node: rejected', () => {
    const i = tree.findIndex((n) => Array.isArray(n));
    let doc = copy(cert);
    (treeOf(doc)[i] as unknown[])[1] = 3;
    rejected(doc, /does not exist/);
    doc = copy(cert);
    treeOf(doc).push({ bound: [{ conjunction: 0, lambda: ['1'] }] });
    rejected(doc, /after the last leaf/);
    doc = copy(cert);
    treeOf(doc).pop();
    rejected(doc, /tree ends/);
  });

  it('the claim changed to a violated specification (re-sealed): rejected', () => {
    const doc = copy(cert) as unknown as { claim: { specification: { cases: { outputs: { rows: { rhs: string }[] }[] }[] } } };
    const row = doc.claim.specification.cases[0]?.outputs[0]?.rows[0] as { rhs: string };
    row.rhs = '0';
    rejected(reseal(doc), /not positive/);
  });

  it('the box widened in the claim (re-sealed): rejected or still valid only if the tree covers it — here rejected', () => {
    const doc = copy(cert) as unknown as { claim: { specification: { cases: { box: string[][] }[] } } };
    (doc.claim.specification.cases[0]?.box[1] as string[])[0] = '1/2';
    // The cut at 0 now lies outside [1/2, 2].
    rejected(reseal(doc), /not strictly inside/);
  });

  it('verdict "violated" with a tree: rejected; the tree given for another case count: rejected', () => {
    let doc = copy(cert) as unknown as { verdict: string; evidence: { cases: unknown[] } };
    doc.verdict = 'violated';
    rejected(doc, /holds/);
    doc = copy(cert) as unknown as { verdict: string; evidence: { cases: unknown[] } };
    doc.evidence.cases.push([]);
    rejected(doc, /trees for 1 cases/);
  });

  it('a cut point beyond the digit limit: refused as a size limit', () => {
    const i = tree.findIndex((n) => Array.isArray(n));
    const doc = copy(cert);
    (treeOf(doc)[i] as unknown[])[2] = `1/${'3'.repeat(2001)}`;
    const r = checkCertificate(doc);
    expect(r).toMatchObject({ valid: false, sizeLimit: true });
  });
});

describe('spec certificates: leaf boxes within the size limits', () => {
  it('a leaf between two cuts whose denominators together pass the limit of one list: refused as a size limit', () => {
    const cert = certify(absNet, `${ABS_HEAD}\n(assert (<= Y_0 -0.000000001))`);
    const t1 = `1/${3n ** 4000n}`; // about 1909 digits
    const t2 = `1/${7n ** 2300n}`; // about 1944 digits, 0 < t2 < t1
    const doc = copy(cert) as unknown as { evidence: { cases: unknown[][] } };
    const bound = { bound: [{ conjunction: 0, lambda: ['1'] }] };
    doc.evidence.cases[0] = [['x', 0, t1], ['x', 0, t2], bound, bound, bound];
    const r = checkCertificate(doc);
    expect(r).toMatchObject({ valid: false, sizeLimit: true, path: 'evidence.cases[0][3]' });
  });
});

describe('spec certificates: violated (|x| ≤ 0 only at x = 0)', () => {
  const cert = certify(absNet, `${ABS_HEAD}\n(assert (<= Y_0 0))`);
  const ev = (c: unknown): { input: string[]; output: string[]; case: number; conjunction: number } => (c as { evidence: { input: string[]; output: string[]; case: number; conjunction: number } }).evidence;

  it('the counterexample is x = 0 and checks', () => {
    expect(ev(cert).input).toEqual(['0']);
    expect(checkCertificate(cert)).toMatchObject({ valid: true, verdict: 'violated' });
  });

  it('a forged input (outputs recomputed), a wrong output, a point outside the box, a wrong conjunction: rejected', () => {
    let doc = copy(cert);
    ev(doc).input = ['1/1000000'];
    ev(doc).output = evaluate(absNet, [F('1/1000000')]).map((v) => v.toFraction());
    rejected(doc, /does not hold/);
    doc = copy(cert);
    ev(doc).output = ['1'];
    rejected(doc, /output 0 is 0/);
    doc = copy(cert);
    ev(doc).input = ['-2'];
    ev(doc).output = ['2'];
    rejected(doc, /outside the case's box/);
    doc = copy(cert);
    ev(doc).conjunction = 1;
    rejected(doc, /no conjunction 1/);
    doc = copy(cert) as typeof doc & { verdict: string };
    (doc as { verdict: string }).verdict = 'holds';
    rejected(doc, /violated/);
  });

  it('the claim moved so that 0 is no longer a violation (re-sealed): rejected', () => {
    const doc = copy(cert) as unknown as { claim: { specification: { cases: { outputs: { rows: { rhs: string }[] }[] }[] } } };
    (doc.claim.specification.cases[0]?.outputs[0]?.rows[0] as { rhs: string }).rhs = '-1/1000000000';
    rejected(reseal(doc), /does not hold/);
  });
});
