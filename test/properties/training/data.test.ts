/**
 * The CSV reader of training data: exact cells, the target column, and bad input located by line.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fraction from 'fraction.js';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/errors.js';
import { checkDataForLoss, parseTrainingCsv, readTrainingData } from '../../../src/properties/training/data.js';

function inputError(f: () => unknown): InputError {
  try {
    f();
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error('expected an InputError');
}

describe('parseTrainingCsv', () => {
  it('reads decimals and p/q exactly, the last column as target', () => {
    const d = parseTrainingCsv('x1,x2,y\n0.1,-1/3,2\n1e-2, 7 ,-0.5\n');
    expect(d.inputNames).toEqual(['x1', 'x2']);
    expect(d.targetName).toBe('y');
    expect(d.inputs[0][0].equals(new Fraction(1n, 10n))).toBe(true);
    expect(d.inputs[0][1].equals(new Fraction(-1n, 3n))).toBe(true);
    expect(d.inputs[1][0].equals(new Fraction(1n, 100n))).toBe(true);
    expect(d.targets[1].equals(new Fraction(-1n, 2n))).toBe(true);
    expect(d.lines).toEqual([2, 3]);
  });

  it('takes --target from anywhere, skips blank lines, accepts CRLF', () => {
    const d = parseTrainingCsv('y,x\r\n\r\n1,2\r\n\r\n3,4\r\n', { target: 'y' });
    expect(d.inputNames).toEqual(['x']);
    expect(d.targets.map((v) => Number(v.valueOf()))).toEqual([1, 3]);
    expect(d.inputs.map((x) => Number(x[0].valueOf()))).toEqual([2, 4]);
    expect(d.lines).toEqual([3, 5]);
  });

  it('rejects an empty file', () => {
    expect(inputError(() => parseTrainingCsv('  \n\n', { file: 'd.csv' })).message).toMatch(/d\.csv: line 1: the CSV file is empty/);
  });

  it('rejects a header without data rows', () => {
    expect(inputError(() => parseTrainingCsv('x,y\n')).message).toMatch(/line 1: .*no data rows/);
  });

  it('rejects a non-numeric cell with its line and column', () => {
    const e = inputError(() => parseTrainingCsv('x1,x2,y\n1,2,3\n\n4,abc,6\n', { file: 'd.csv' }));
    expect(e.path).toBe('line 4, column x2');
    expect(e.message).toMatch(/^d\.csv: line 4, column x2: "abc" is not a rational/);
  });

  it('rejects ragged rows with the line number', () => {
    const e = inputError(() => parseTrainingCsv('x,y\n1,2\n3\n'));
    expect(e.path).toBe('line 3');
    expect(e.detail).toMatch(/expected 2 cells .* got 1/);
    expect(inputError(() => parseTrainingCsv('x,y\n1,2,3\n')).path).toBe('line 2');
  });

  it('rejects a one-column header, duplicate names, an unknown target', () => {
    expect(inputError(() => parseTrainingCsv('y\n1\n')).detail).toMatch(/at least one input column/);
    expect(inputError(() => parseTrainingCsv('x,x,y\n1,2,3\n')).detail).toMatch(/appears twice/);
    expect(inputError(() => parseTrainingCsv('x,y\n1,2\n', { target: 'z' })).path).toBe('--target');
  });

  it('hinge loss needs labels ±1, reported with the line', () => {
    const d = parseTrainingCsv('x,y\n1,1\n2,-1\n3,0.5\n', { file: 'h.csv' });
    expect(() => checkDataForLoss(d, 'l1')).not.toThrow();
    const e = inputError(() => checkDataForLoss(d, 'hinge'));
    expect(e.message).toBe('h.csv: line 4, column y: hinge loss needs labels -1 or 1, got 1/2');
  });

  it('readTrainingData names the file; a missing file is an io error', () => {
    const dir = mkdtempSync(join(tmpdir(), 'relucert-csv-'));
    const file = join(dir, 'd.csv');
    writeFileSync(file, '');
    expect(inputError(() => readTrainingData(file)).file).toBe(file);
    expect(inputError(() => readTrainingData(join(dir, 'none.csv'))).code).toBe('io');
  });
});
