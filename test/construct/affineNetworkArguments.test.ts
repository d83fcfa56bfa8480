/**
 * affineNetwork (a library export) given what a caller may plausibly pass by mistake: an
 * InputError naming the argument, never a TypeError from deep inside.
 */
import { describe, expect, it } from 'vitest';
import { affineNetwork, rowOf } from '../../src/construct/calculus.js';
import { InputError } from '../../src/errors.js';
import { ratio } from '../../src/exact/rational.js';
import { evaluate } from '../../src/network/evaluate.js';
import type { WeightRow } from '../../src/network/model.js';

const r = (n: number, d = 1): ReturnType<typeof ratio> => ratio(BigInt(n), BigInt(d));

function inputError(f: () => unknown): InputError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return e as InputError;
  }
  throw new Error('expected an InputError');
}

describe('affineNetwork arguments', () => {
  it('dense rows: an InputError naming rows[0] and saying how to convert', () => {
    const e = inputError(() => affineNetwork(2, [[r(1), r(2)]] as unknown as WeightRow[], [r(0)]));
    expect(e.path).toBe('rows[0]');
    expect(e.detail).toContain('rowOf');
  });

  it('plain numbers for rationals, bad columns, mismatched lengths: located InputErrors', () => {
    expect(inputError(() => affineNetwork(2, [{ cols: [0], values: [3] } as unknown as WeightRow], [r(0)])).path).toBe('rows[0].values[0]');
    expect(inputError(() => affineNetwork(2, [rowOf([r(1)])], [1 as unknown as ReturnType<typeof r>])).path).toBe('bias[0]');
    expect(inputError(() => affineNetwork(2, [{ cols: [2], values: [r(1)] }], [r(0)])).path).toBe('rows[0].cols[0]');
    expect(inputError(() => affineNetwork(2, [{ cols: [1, 0], values: [r(1), r(1)] }], [r(0)])).path).toBe('rows[0].cols[1]');
    expect(inputError(() => affineNetwork(2, [{ cols: [0, 1], values: [r(1)] }], [r(0)])).path).toBe('rows[0]');
    expect(inputError(() => affineNetwork(-1, [], [])).path).toBe('inputs');
  });

  it('sparse rows still work: x ↦ (x1/3 − 2 x2 + 1/2) at (3, 1) is −1/2', () => {
    const net = affineNetwork(2, [rowOf([r(1, 3), r(-2)])], [r(1, 2)]);
    expect(evaluate(net, [r(3), r(1)]).map((v) => v.toFraction())).toEqual(['-1/2']);
  });
});
