/**
 * The specification model: exact closed membership (`violates`), the bounded-box requirement, the
 * DNF cap, exact decimal text and the VNN-COMP result file.
 */
import fc from 'fast-check';
import type Fraction from 'fraction.js';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { float64ToRational, formatRational, parseRational, ratio } from '../../src/exact/rational.js';
import { parseVnnlib } from '../../src/formats/vnnlib.js';
import { exactDecimalText } from '../../src/specification/decimalText.js';
import { type Formula, disjunctiveNormalForm } from '../../src/specification/dnf.js';
import { boundedBox, requireBoundedInputs, violates } from '../../src/specification/model.js';
import { formatVnncompResult, parseResultCounterexample, vnncompValueText } from '../../src/specification/result.js';
import { expectInputError } from '../support/errors.js';

const q = (text: string): Fraction => parseRational(text);
const qs = (...texts: string[]): Fraction[] => texts.map(q);
/** 10^-30: far below any float's resolution near 1. */
const TINY = '0.000000000000000000000000000001';

/** φ3-like: x ∈ [0, 1]², violated when y0 is minimal (y0 ≤ y1 and y0 ≤ y2). */
const MINIMAL = parseVnnlib(
  '(declare-const X_0 Real)(declare-const X_1 Real)(declare-const Y_0 Real)(declare-const Y_1 Real)(declare-const Y_2 Real)\n' +
    '(assert (<= 0 X_0 1))(assert (<= 0 X_1 1))(assert (<= Y_0 Y_1))(assert (<= Y_0 Y_2))',
);

/** Two cases (x0 ≤ 0 or x0 ≥ 1 on [−1, 2]) with two conjunctions in the first, one with an input part. */
const CASES = parseVnnlib(
  '(declare-const X_0 Real)(declare-const Y_0 Real)\n' +
    '(assert (or (and (<= -1 X_0 0) (or (>= Y_0 5) (<= (+ Y_0 X_0) -3))) (and (<= 1 X_0 2) (<= Y_0 0))))',
);

describe('violates (exact, closed)', () => {
  it('margin exactly 0 is a violation: y0 = y1 = y2 on the box corner', () => {
    expect(violates(MINIMAL, qs('1', '0'), qs('2', '2', '2'))).toEqual({ case: 0, conjunction: 0 });
  });

  it('a margin of −10^-30 is not, nor an input 10^-30 outside the box', () => {
    expect(violates(MINIMAL, qs('1', '0'), [q('2'), q('2').sub(q(TINY)), q('3')])).toBeUndefined();
    expect(violates(MINIMAL, [q('1').add(q(TINY)), q('0')], qs('0', '1', '1'))).toBeUndefined();
    expect(violates(MINIMAL, [q('0').sub(q(TINY)), q('0')], qs('0', '1', '1'))).toBeUndefined();
    expect(violates(MINIMAL, [q('1'), q('1')], [q('1').sub(q(TINY)), q('1'), q('1')])).toEqual({ case: 0, conjunction: 0 });
  });

  it('0.1 + 0.2 = 0.3 exactly: the float64 near-miss does not happen', () => {
    const spec = parseVnnlib('(declare-const X_0 Real)(declare-const Y_0 Real)(assert (<= 0 X_0 1))(assert (>= Y_0 0.3))');
    expect(violates(spec, qs('0'), [q('0.1').add(q('0.2'))])).toEqual({ case: 0, conjunction: 0 });
    // the float64 sum 0.1 + 0.2 is 0.30000000000000004440892098500626…: above 0.3, still a violation;
    // the float64 value 0.3 is 0.299999999999999988897769753748…: below, not a violation.
    expect(violates(spec, qs('0'), [float64ToRational(0.1 + 0.2)])).toBeDefined();
    expect(violates(spec, qs('0'), [float64ToRational(0.3)])).toBeUndefined();
  });

  it('reports the case and the conjunction; a mixed row counts its input part', () => {
    expect(violates(CASES, qs('-1'), qs('5'))).toEqual({ case: 0, conjunction: 0 });
    // y0 + x0 ≤ −3 with x0 = −1: y0 ≤ −2 (boundary included)
    expect(violates(CASES, qs('-1'), qs('-2'))).toEqual({ case: 0, conjunction: 1 });
    expect(violates(CASES, qs('-1'), [q('-2').add(q(TINY))])).toBeUndefined();
    expect(violates(CASES, qs('1.5'), qs('0'))).toEqual({ case: 1, conjunction: 0 });
    expect(violates(CASES, qs('0.5'), qs('-100'))).toBeUndefined(); // between the two input sets
  });

  it('checks dimensions', () => {
    expect(() => violates(MINIMAL, qs('0'), qs('0', '0', '0'))).toThrow(InputError);
    expect(() => violates(MINIMAL, qs('0', '0'), qs('0'))).toThrow(InputError);
  });

  it('input-only rows are part of the input set', () => {
    const spec = parseVnnlib('(declare-const X_0 Real)(declare-const X_1 Real)(declare-const Y_0 Real)(assert (<= 0 X_0 1))(assert (<= 0 X_1 1))(assert (<= (+ X_0 X_1) 1))(assert (>= Y_0 0))');
    expect(violates(spec, qs('0.5', '0.5'), qs('0'))).toBeDefined();
    expect(violates(spec, [q('0.5'), q('0.5').add(q(TINY))], qs('0'))).toBeUndefined();
  });
});

describe('bounded input boxes', () => {
  it('the box of each case as [lo, hi] pairs', () => {
    expect(requireBoundedInputs(CASES).map((box) => box.map(([lo, hi]) => [formatRational(lo), formatRational(hi)]))).toEqual([[['-1', '0']], [['1', '2']]]);
  });

  it('a property over outputs only: the error names the variable, its declaration line:column and what is needed', () => {
    const spec = parseVnnlib('(declare-const X_0 Real)\n  (declare-const Y_0 Real)\n(assert (>= Y_0 1))', { file: 'prop.vnnlib' });
    expect(spec.cases[0]?.box).toEqual([{ lo: undefined, hi: undefined }]);
    expect(expectInputError(() => requireBoundedInputs(spec)).message).toBe('prop.vnnlib:1:16: X_0 has no bounds; this method needs a bounded input box (assert both (>= X_0 …) and (<= X_0 …))');
  });

  it('one missing side, in the second of two cases', () => {
    const spec = parseVnnlib('(declare-const X_0 Real)(declare-const X_1 Real)\n(declare-const Y_0 Real)(assert (or (and (<= 0 X_0 1) (<= 0 X_1 1)) (and (<= 0 X_0 1) (>= X_1 3))))(assert (>= Y_0 1))', {
      file: 'p.vnnlib',
    });
    expect(boundedBox(spec, 0).length).toBe(2);
    expect(() => boundedBox(spec, 1)).toThrow('p.vnnlib:1:40: X_1 has no upper bound in case 2 of 2; this method needs a bounded input box');
  });
});

describe('disjunctive normal form', () => {
  const atom = (a: string): Formula<string> => ({ kind: 'atom', atom: a });
  const at = { line: 1, column: 1 };
  const and = (...parts: Formula<string>[]): Formula<string> => ({ kind: 'and', parts, at });
  const or = (...parts: Formula<string>[]): Formula<string> => ({ kind: 'or', parts, at });
  const tooLarge = (_: unknown, size: bigint): Error => new Error(`too large: ${size}`);

  it('distributes and over or, in reading order', () => {
    expect(disjunctiveNormalForm(and(or(atom('a'), atom('b')), atom('c'), or(atom('d'), and(atom('e'), atom('f')))), 100, tooLarge)).toEqual([
      ['a', 'c', 'd'],
      ['a', 'c', 'e', 'f'],
      ['b', 'c', 'd'],
      ['b', 'c', 'e', 'f'],
    ]);
    expect(disjunctiveNormalForm(and(), 100, tooLarge)).toEqual([[]]);
    expect(disjunctiveNormalForm(or(), 100, tooLarge)).toEqual([]);
  });

  it('the size of (a1 ∨ b1) ∧ … ∧ (an ∨ bn) is 2^n, and the cap is checked before building', () => {
    const formula = (n: number): Formula<string> => and(...Array.from({ length: n }, (_, k) => or(atom(`a${k}`), atom(`b${k}`))));
    expect(disjunctiveNormalForm(formula(10), 1024, tooLarge).length).toBe(1024);
    expect(() => disjunctiveNormalForm(formula(11), 1024, tooLarge)).toThrow('too large: 2048');
    // 64 binary ors would be 2^64 terms: refused at once (the size is a BigInt, no overflow).
    expect(() => disjunctiveNormalForm(formula(64), 10_000, tooLarge)).toThrow('too large: 16384');
  });
});

describe('exact decimal text', () => {
  it('terminating expansions in full, at least one fractional digit', () => {
    expect(exactDecimalText(q('0.1'))).toBe('0.1');
    expect(exactDecimalText(ratio(1n, 8n))).toBe('0.125');
    expect(exactDecimalText(ratio(-7n, 20n))).toBe('-0.35');
    expect(exactDecimalText(ratio(-1n, 2n))).toBe('-0.5');
    expect(exactDecimalText(ratio(5n))).toBe('5.0');
    expect(exactDecimalText(ratio(0n))).toBe('0.0');
    expect(exactDecimalText(ratio(1n, 1024n))).toBe('0.0009765625');
    // the double nearest 0.1 is 3602879701896397 / 2^55, whose expansion has 55 digits
    expect(exactDecimalText(float64ToRational(0.1))).toBe('0.1000000000000000055511151231257827021181583404541015625');
  });

  it('none for denominators with a prime factor other than 2 and 5', () => {
    expect(exactDecimalText(ratio(1n, 3n))).toBeUndefined();
    expect(exactDecimalText(ratio(1n, 6n))).toBeUndefined();
    expect(exactDecimalText(ratio(7n, 140n))).toBe('0.05'); // reduced: 1/20
  });

  it('reads back exactly for every dyadic m / 2^k and decimal m / 10^k', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }), fc.integer({ min: 0, max: 80 }), fc.boolean(), (m, k, binary) => {
        const r = ratio(m, (binary ? 2n : 10n) ** BigInt(k));
        const text = exactDecimalText(r);
        expect(text).toBeDefined();
        expect(parseRational(text as string).equals(r)).toBe(true);
      }),
    );
  });
});

describe('VNN-COMP result text', () => {
  it('verdict lines', () => {
    expect(formatVnncompResult({ verdict: 'unsat' })).toBe('unsat\n');
    expect(formatVnncompResult({ verdict: 'timeout' })).toBe('timeout\n');
    expect(formatVnncompResult({ verdict: 'unknown' })).toBe('unknown\n');
  });

  it('sat with the counterexample, exact values, inputs then outputs', () => {
    const text = formatVnncompResult({ verdict: 'sat', inputs: [q('1'), ratio(1n, 1024n)], outputs: [q('-0.5'), q('-0.5'), ratio(7n, 2n)] }, MINIMAL);
    expect(text).toBe('sat\n((X_0 1.0)\n (X_1 0.0009765625)\n (Y_0 -0.5)\n (Y_1 -0.5)\n (Y_2 3.5))\n');
  });

  it('a non-terminating value is the SMT-LIB term (/ p q), which the reader reads back exactly', () => {
    expect(vnncompValueText(ratio(1n, 3n))).toBe('(/ 1 3)');
    expect(vnncompValueText(ratio(-2n, 7n))).toBe('(/ -2 7)');
    const spec = parseVnnlib(`(declare-const X_0 Real)(declare-const Y_0 Real)(assert (<= X_0 ${vnncompValueText(ratio(-2n, 7n))}))(assert (>= Y_0 0))`);
    expect(formatRational(spec.cases[0]?.box[0]?.hi as Fraction)).toBe('-2/7');
  });

  it('reads a sat file back exactly (any rationals, decimal or (/ p q)), and names what is wrong with a bad one', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }), fc.bigInt({ min: 1n, max: 10n ** 6n })), { minLength: 1, maxLength: 4 }), fc.array(fc.tuple(fc.bigInt(), fc.bigInt({ min: 1n, max: 99n })), { minLength: 1, maxLength: 3 }), (xs, ys) => {
        const inputs = xs.map(([n, d]) => ratio(n, d));
        const outputs = ys.map(([n, d]) => ratio(n, d));
        const back = parseResultCounterexample(formatVnncompResult({ verdict: 'sat', inputs, outputs }), 'r.txt', inputs.length, outputs.length);
        expect(back.inputs.map(formatRational)).toEqual(inputs.map(formatRational));
        expect(back.outputs.map(formatRational)).toEqual(outputs.map(formatRational));
      }),
    );
    const read = (text: string, detail: string) => expectInputError(() => parseResultCounterexample(text, 'r.txt', 1, 1), 'r.txt', detail);
    read('unsat\n', 'not a sat result file');
    read('sat\n((X_0 1.0))\n', 'no value for Y_0');
    read('sat\n((X_0 1.0)\n (X_0 2.0)\n (Y_0 0))\n', 'X_0 is given twice');
    read('sat\n((X_0 1.0)\n (X_1 2.0)\n (Y_0 0))\n', 'X_1 is out of range');
    read('sat\n((X_0 (/ 1 0))\n (Y_0 0))\n', 'zero denominator');
    read('sat\n((X_0 one)\n (Y_0 0))\n', 'is not a rational');
  });

  it('refuses to print a counterexample that does not violate the specification', () => {
    expect(() => formatVnncompResult({ verdict: 'sat', inputs: qs('1', '0'), outputs: [q('2'), q('2').sub(q(TINY)), q('3')] }, MINIMAL)).toThrow('does not lie in the violation set');
  });
});
