/**
 * Regression (issue 11, defect 1): ℓ∞ training certificates the checker rejected with "row 7
 * repeats row 5; only the first copy may carry a multiplier". Two points with the same target
 * that no unit of a bound is active on have identical loss rows (c − t ≤ y, −c − t ≤ −y), and the
 * LP dual could weight the second copy. The engine now moves such weight to the first copy.
 * The optima asserted here are derived by hand (below), not taken from the engine.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type Fraction from 'fraction.js';
import { describe, expect, it } from 'vitest';
import { trainingCertificate } from '../../../src/properties/training/certificate.js';
import { checkCertificate } from '../../../src/checker/index.js';
import { type TrainingData, trainingData } from '../../../src/properties/training/data.js';
import { buildPatternLp, solvePatternLp } from '../../../src/properties/training/patternLp.js';
import { enumerateDichotomies } from '../../../src/properties/training/dichotomies.js';
import { trainOptimal } from '../../../src/properties/training/search.js';
import { cli, tempDir } from '../../e2e/helpers.js';
import { F } from './helpers.js';

const data1 = (xs: readonly number[], ys: readonly number[]): TrainingData => trainingData(xs.map((x) => [F(x)]), ys.map(F));

/**
 * (−3, 1), (−1, 1), (2, −1), (3, 3), width 1 with output bias, ℓ∞: optimum 1.
 * Lower bound: f = s·relu(a·x + b) + c is monotone (a ≥ 0 and s = 1, or a ≤ 0 and s = −1:
 * nondecreasing; otherwise nonincreasing). Nondecreasing with error ≤ e needs f(−1) ≤ f(2), i.e.
 * 1 − e ≤ −1 + e, so e ≥ 1; nonincreasing needs f(2) ≥ f(3), i.e. −1 + e ≥ 3 − e, so e ≥ 2.
 * Attained by relu(2x − 4): values 0, 0, 0, 2, errors 1, 1, 1, 1.
 */
const ISSUE_DATA = data1([-3, -1, 2, 3], [1, 1, -1, 3]);

/**
 * (0, 1), (1, 1), (2, 3), width 2 without output bias, ℓ∞: optimum 0 (no loss is negative),
 * attained by relu(0·x + 1) + relu(2x − 2): values 1, 1, 3.
 */
const SMALL_DATA = data1([0, 1, 2], [1, 1, 3]);

describe('ℓ∞ certificates with repeated loss rows (issue 11)', () => {
  it('the issue data: optimum 1, and the certificate is accepted', () => {
    const r = trainOptimal(ISSUE_DATA, { width: 1, loss: 'linf', outputBias: true });
    expect(r.status).toBe('optimal');
    if (r.status !== 'optimal') return;
    expect(r.optimum.equals(F(1))).toBe(true);
    const check = checkCertificate(JSON.parse(JSON.stringify(trainingCertificate(ISSUE_DATA, { width: 1, loss: 'linf', outputBias: true }, r))));
    expect(check).toMatchObject({ valid: true, verdict: 'holds' });
  });

  it('the smaller data: optimum 0, and the certificate is accepted', () => {
    const r = trainOptimal(SMALL_DATA, { width: 2, loss: 'linf', outputBias: false });
    expect(r.status).toBe('optimal');
    if (r.status !== 'optimal') return;
    expect(r.optimum.n).toBe(0n);
    const check = checkCertificate(JSON.parse(JSON.stringify(trainingCertificate(SMALL_DATA, { width: 2, loss: 'linf', outputBias: false }, r))));
    expect(check).toMatchObject({ valid: true, verdict: 'holds' });
  });

  it('every pattern LP dual of the issue data weights only first copies of repeated rows, and still proves its value', () => {
    const dichotomies = enumerateDichotomies(ISSUE_DATA.inputs).dichotomies;
    const problem = { data: ISSUE_DATA, loss: 'linf' as const, outputBias: true, dichotomies };
    let repeatedRowsSeen = 0;
    for (let d = 0; d < dichotomies.length; d++) {
      for (const sign of [1, -1] as const) {
        const query = { units: [{ dichotomy: d, sign }] };
        const lp = buildPatternLp(problem, query);
        const solution = solvePatternLp(problem, query);
        // Rows equal as rationals (same relation): the key is the exact text of every entry.
        const key = (i: number): string => {
          const c = lp.system.constraints[i] as (typeof lp.system.constraints)[number];
          return `${c.relation}|${c.rhs.toFraction()}|${c.coefficients.map((v: Fraction) => v.toFraction()).join(',')}`;
        };
        const first = new Map<string, number>();
        lp.system.constraints.forEach((_, i) => {
          if (!first.has(key(i))) first.set(key(i), i);
          else repeatedRowsSeen++;
        });
        solution.dual.forEach((y, i) => {
          if (y.n !== 0n) expect(first.get(key(i)), `row ${i} of dichotomy ${d} sign ${sign}`).toBe(i);
        });
        // Weak duality still holds exactly: Σ y_r A_r = objective and Σ y_r b_r = value.
        const combined = lp.objective.map((_, j) => solution.dual.reduce((s, y, i) => s.add(y.mul((lp.system.constraints[i] as (typeof lp.system.constraints)[number]).coefficients[j] as Fraction)), F(0)));
        combined.forEach((v, j) => expect(v.equals(lp.objective[j] as Fraction)).toBe(true));
        const rhs = solution.dual.reduce((s, y, i) => s.add(y.mul((lp.system.constraints[i] as (typeof lp.system.constraints)[number]).rhs)), F(0));
        expect(rhs.equals(solution.value)).toBe(true);
      }
    }
    // The data do have repeated rows (points −3 and −1 share the target 1).
    expect(repeatedRowsSeen).toBeGreaterThan(0);
  });

  it('CLI: train-optimal writes a certificate that relucert check accepts (the issue reproduction)', async () => {
    const dir = tempDir();
    const csv = join(dir, 'd.csv');
    writeFileSync(csv, 'x,y\n-3,1\n-1,1\n2,-1\n3,3\n');
    const cert = join(dir, 'c.json');
    const train = await cli('train-optimal', csv, '--width', '1', '--loss', 'linf', '--output-bias', '-o', join(dir, 'n.json'), '--certificate', cert);
    expect(train.code).toBe(0);
    expect(train.out).toContain('optimal linf loss: 1,');
    const check = await cli('check', cert);
    expect(check.code).toBe(0);
    expect(check.out).toMatch(/^valid/);
  });
});
