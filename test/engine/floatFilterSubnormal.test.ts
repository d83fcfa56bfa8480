/**
 * Edge cases of the float filters of src/engine/witness.ts found by an adversarial review: values
 * below the normal float range (subnormal or flushed), where the relative error model fails. Every expected value here
 * is exact integer arithmetic done in the test (BigInt), never engine output.
 */
import Fraction from 'fraction.js';
import { describe, expect, it } from 'vitest';
import { alongPlainlyBlocked, floatFormOf, rayPlainlyBlocked, shoot, shootAlong, signAt, valueAt, witnessOf } from '../../src/engine/witness.js';
import type { IntegerRow } from '../../src/exact/integerRow.js';

const P2 = (k: number): bigint => 1n << BigInt(k);

describe('signAt (decides a sign)', () => {
  it('agrees with the exact sign at a point with a subnormal float coordinate (lead engineer reproducer)', () => {
    // den = 375·2^1068, num = [125, −372·2^994]: x_0 = 125/(375·2^1068) = 2^-1068/3 is subnormal.
    const den = 375n * P2(1068);
    const num = [125n, -372n * P2(994)];
    const w = witnessOf(num.map((v) => new Fraction(v, den)));
    const a = [3n * P2(994), 1n];
    const c = 0n;
    // Exact: a·num + c·den = 375·2^994 − 372·2^994 = 3·2^994 > 0 (witnessOf reduces; the sign is scale-free).
    const exact = a[0]! * num[0]! + a[1]! * num[1]! + c * den;
    expect(exact > 0n).toBe(true);
    expect(valueAt(a, c, w) > 0n).toBe(true);
    expect(signAt(floatFormOf(a, c), a, c, w)).toBe(1);
  });
});

describe('rayPlainlyBlocked (a filter: must never skip a ray the exact ratio test shoots through)', () => {
  it('does not skip when a row coefficient is subnormal in its scaled float form (floatRowOf)', () => {
    // One row: 2^1100·x_0 + 3·2^25·x_1 + 2^27·x_2 ≤ 0. floatRowOf scales by 2^1101, so the float
    // coefficients are 0.5, fl(3·2^-1076) = 2^-1074 (25 % off) and 2^-1074.
    const row: IntegerRow = { a: [P2(1100), 3n * P2(25), P2(27)], b: 0n };
    const rows = [row];
    // Witness x = (0, 0, −1): a·x = −2^27 < 0, strictly inside.
    const w = witnessOf([new Fraction(0), new Fraction(0), new Fraction(-1)]);
    expect(row.a[2]! * -1n < row.b).toBe(true);
    // z = a·x + c with a = (0, 2^500, −7·2^497), c = −2^600: z(w) = 7·2^497 − 2^600 < 0, so the ray goes along +a.
    const a = [0n, P2(500), -7n * P2(497)];
    const c = -P2(600);
    expect(valueAt(a, c, w) < 0n).toBe(true);
    // Exact rate of the row along +a: 3·2^25·2^500 − 2^27·7·2^497 = −2^524 < 0: the row never
    // blocks, P is unbounded along the ray, and the exact test shoots through.
    const rate = row.a[0]! * a[0]! + row.a[1]! * a[1]! + row.a[2]! * a[2]!;
    expect(rate).toBe(-P2(524));
    const shot = shoot(rows, w, a, c, 1);
    expect(shot).toBeDefined();
    // The filter must therefore not call it blocked.
    expect(rayPlainlyBlocked(rows, w, a, c, 1)).toBe(false);
  });

  it('alongPlainlyBlocked: the same subnormal row coefficient makes it skip a ray shootAlong shoots through', () => {
    const row: IntegerRow = { a: [P2(1100), 3n * P2(25), P2(27)], b: 0n };
    const rows = [row];
    const w = witnessOf([new Fraction(0), new Fraction(0), new Fraction(-1)]);
    const a = [0n, P2(500), -7n * P2(497)];
    const c = -P2(600);
    // Along dir = a: z rises at rate |a|² > 0 from z(w) < 0, and the row's exact rate is −2^524 < 0.
    const dir = a;
    expect(row.a[0]! * dir[0]! + row.a[1]! * dir[1]! + row.a[2]! * dir[2]!).toBe(-P2(524));
    expect(shootAlong(rows, w, a, c, dir)).toBeDefined();
    expect(alongPlainlyBlocked(rows, w, a, c, dir)).toBe(false);
  });
});
