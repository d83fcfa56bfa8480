import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import {
  determinant,
  integerDeterminant,
  integerRank,
  nullspace,
  rank,
  rref,
  solve,
  type Matrix,
} from '../../src/exact/linalg.js';
import { Fraction, formatRational, ratio } from '../../src/exact/rational.js';

// ---------------------------------------------------------------------------------------------
// Naive reference: textbook Gauss–Jordan elimination in fraction.js, and cofactor expansion.
// Deliberately written without any of the code under test (no scaling, no Bareiss, no primes).
// ---------------------------------------------------------------------------------------------

const Z = new Fraction(0n);
const I1 = new Fraction(1n);

function refRref(A: Matrix, n: number): { matrix: Fraction[][]; pivots: number[] } {
  const M = A.map((row) => row.map((x) => new Fraction(x)));
  const pivots: number[] = [];
  let r = 0;
  for (let c = 0; c < n && r < M.length; c++) {
    const k = M.findIndex((row, i) => i >= r && !row[c]!.equals(Z));
    if (k < 0) continue;
    [M[r], M[k]] = [M[k]!, M[r]!];
    const p = M[r]![c]!;
    M[r] = M[r]!.map((x) => x.div(p));
    for (let i = 0; i < M.length; i++) {
      if (i === r) continue;
      const f = M[i]![c]!;
      if (f.equals(Z)) continue;
      M[i] = M[i]!.map((x, j) => x.sub(f.mul(M[r]![j]!)));
    }
    pivots.push(c);
    r++;
  }
  return { matrix: M, pivots };
}

function refRank(A: Matrix, n: number): number {
  return refRref(A, n).pivots.length;
}

function cofactorDet(A: Matrix): Fraction {
  const n = A.length;
  if (n === 0) return I1;
  let sum = Z;
  for (let j = 0; j < n; j++) {
    const minor = A.slice(1).map((row) => row.filter((_, k) => k !== j));
    const term = A[0]![j]!.mul(cofactorDet(minor));
    sum = j % 2 === 0 ? sum.add(term) : sum.sub(term);
  }
  return sum;
}

function matMul(A: Matrix, B: Matrix, inner: number, cols: number): Fraction[][] {
  return A.map((row) =>
    Array.from({ length: cols }, (_, j) => {
      let s = Z;
      for (let k = 0; k < inner; k++) s = s.add(row[k]!.mul(B[k]![j]!));
      return s;
    }),
  );
}

function matVec(A: Matrix, x: readonly Fraction[]): Fraction[] {
  return A.map((row) => row.reduce((s, a, j) => s.add(a.mul(x[j]!)), Z));
}

function vecMat(y: readonly Fraction[], A: Matrix, n: number): Fraction[] {
  return Array.from({ length: n }, (_, j) => A.reduce((s, row, i) => s.add(y[i]!.mul(row[j]!)), Z));
}

const show = (rows: readonly (readonly Fraction[])[]): string[][] => rows.map((row) => row.map(formatRational));
const showVec = (v: readonly Fraction[]): string[] => v.map(formatRational);
const isZeroVec = (v: readonly Fraction[]): boolean => v.every((x) => x.equals(Z));
const q = (text: string): Fraction => new Fraction(text);
const mat = (rows: (string | number)[][]): Fraction[][] => rows.map((row) => row.map((x) => new Fraction(String(x))));

// ---------------------------------------------------------------------------------------------
// Random matrices: general, low rank (products of thin matrices), zero rows/columns, duplicates.
// ---------------------------------------------------------------------------------------------

const smallRational = fc
  .tuple(fc.integer({ min: -6, max: 6 }), fc.integer({ min: 1, max: 5 }))
  .map(([p, d]) => ratio(BigInt(p), BigInt(d)));

const sparseRational = fc.oneof({ weight: 1, arbitrary: fc.constant(ratio(0n)) }, { weight: 2, arbitrary: smallRational });

function matrixOf(m: number, n: number, entry: fc.Arbitrary<Fraction> = sparseRational): fc.Arbitrary<Fraction[][]> {
  return fc.array(fc.array(entry, { minLength: n, maxLength: n }), { minLength: m, maxLength: m });
}

interface Sized {
  m: number;
  n: number;
  A: Fraction[][];
}

const dims = fc.tuple(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 6 }));

const generalMatrix: fc.Arbitrary<Sized> = dims.chain(([m, n]) => matrixOf(m, n).map((A) => ({ m, n, A })));

const lowRankMatrix: fc.Arbitrary<Sized & { k: number }> = fc
  .tuple(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 3 }))
  .chain(([m, n, k]) =>
    fc.tuple(matrixOf(m, k), matrixOf(k, n)).map(([L, R]) => ({ m, n, k, A: matMul(L, R, k, n) })),
  );

const withZeroRowsAndColumns: fc.Arbitrary<Sized> = fc
  .tuple(generalMatrix, fc.array(fc.nat(), { maxLength: 2 }), fc.array(fc.nat(), { maxLength: 2 }))
  .map(([{ m, n, A }, zeroRows, zeroCols]) => {
    let rows = A.map((row) => [...row]);
    let cols = n;
    for (const z of zeroCols) {
      const at = z % (cols + 1);
      rows = rows.map((row) => [...row.slice(0, at), ratio(0n), ...row.slice(at)]);
      cols++;
    }
    for (const z of zeroRows) {
      const at = z % (rows.length + 1);
      rows.splice(at, 0, new Array<Fraction>(cols).fill(ratio(0n)));
    }
    return { m: rows.length, n: cols, A: rows };
  });

const withDuplicateRows: fc.Arbitrary<Sized> = fc
  .tuple(generalMatrix, fc.array(fc.tuple(fc.nat(), fc.nat(), smallRational), { minLength: 1, maxLength: 3 }))
  .map(([{ m, n, A }, copies]) => {
    const rows = A.map((row) => [...row]);
    if (m === 0) return { m, n, A: rows };
    for (const [from, to, factor] of copies) {
      // An exact copy or a multiple of an existing row, inserted anywhere.
      const source = rows[from % rows.length]!;
      rows.splice(to % (rows.length + 1), 0, source.map((x) => x.mul(factor)));
    }
    return { m: rows.length, n, A: rows };
  });

const anyMatrix: fc.Arbitrary<Sized> = fc.oneof(generalMatrix, lowRankMatrix, withZeroRowsAndColumns, withDuplicateRows);

const squareMatrix = (max: number): fc.Arbitrary<Fraction[][]> =>
  fc.integer({ min: 0, max }).chain((n) =>
    fc.oneof(
      matrixOf(n, n),
      fc.integer({ min: 0, max: n }).chain((k) => fc.tuple(matrixOf(n, k), matrixOf(k, n)).map(([L, R]) => matMul(L, R, k, n))),
    ),
  );

const RUNS = { numRuns: 400 };

// ---------------------------------------------------------------------------------------------

describe('rank and rref against naive Gauss–Jordan', () => {
  it('rank agrees with the reference', () => {
    fc.assert(
      fc.property(anyMatrix, ({ n, A }) => {
        expect(rank(A)).toBe(refRank(A, n));
      }),
      RUNS,
    );
  });

  it('low-rank products have rank at most the inner dimension', () => {
    fc.assert(
      fc.property(lowRankMatrix, ({ n, k, A }) => {
        const r = rank(A);
        expect(r).toBeLessThanOrEqual(k);
        expect(r).toBe(refRank(A, n));
      }),
      RUNS,
    );
  });

  it('rref agrees entry by entry with the reference, pivots included', () => {
    fc.assert(
      fc.property(anyMatrix, ({ n, A }) => {
        const got = rref(A);
        const want = refRref(A, n);
        expect(got.pivots).toEqual(want.pivots);
        expect(show(got.matrix)).toEqual(show(want.matrix));
      }),
      RUNS,
    );
  });

  it('rank of the transpose is the same', () => {
    fc.assert(
      fc.property(anyMatrix, ({ m, n, A }) => {
        const T = Array.from({ length: n }, (_, j) => Array.from({ length: m }, (_, i) => A[i]![j]!));
        expect(rank(T)).toBe(rank(A));
      }),
      RUNS,
    );
  });

  it('integerRank agrees with the reference on integer matrices, small and large entries', () => {
    const entry = fc.oneof(fc.bigInt({ min: -5n, max: 5n }), fc.bigInt({ min: -(2n ** 80n), max: 2n ** 80n }), fc.constant(0n));
    const intMatrix = fc
      .tuple(fc.integer({ min: 0, max: 7 }), fc.integer({ min: 0, max: 7 }), fc.integer({ min: 0, max: 7 }))
      .chain(([m, n, k]) =>
        fc.oneof(
          fc.array(fc.array(entry, { minLength: n, maxLength: n }), { minLength: m, maxLength: m }),
          // Integer low-rank product: rank ≤ k.
          fc
            .tuple(
              fc.array(fc.array(fc.bigInt({ min: -9n, max: 9n }), { minLength: k, maxLength: k }), { minLength: m, maxLength: m }),
              fc.array(fc.array(fc.bigInt({ min: -9n, max: 9n }), { minLength: n, maxLength: n }), { minLength: k, maxLength: k }),
            )
            .map(([L, R]) => L.map((row) => Array.from({ length: n }, (_, j) => row.reduce((s, l, t) => s + l * R[t]![j]!, 0n)))),
        ).map((rows) => ({ n, rows })),
      );
    fc.assert(
      fc.property(intMatrix, ({ n, rows }) => {
        const asFractions = rows.map((row) => row.map((x) => new Fraction(x)));
        expect(integerRank(rows)).toBe(refRank(asFractions, n));
      }),
      RUNS,
    );
  });
});

describe('nullspace', () => {
  it('has dimension n − rank, lies in the kernel, is independent, and uses coprime integers', () => {
    fc.assert(
      fc.property(anyMatrix, ({ n, A }) => {
        const basis = nullspace(A, n);
        expect(basis.length).toBe(n - refRank(A, n));
        for (const v of basis) {
          expect(v.length).toBe(n);
          expect(isZeroVec(matVec(A, v))).toBe(true);
          expect(v.every((x) => x.d === 1n)).toBe(true);
          let g = 0n;
          for (const x of v) {
            let a = x.n;
            let b = g;
            while (b !== 0n) [a, b] = [b, a % b];
            g = a;
          }
          expect(g).toBe(1n);
        }
        expect(refRank(basis, n)).toBe(basis.length);
        // Canonical form: the t-th vector is positive on the t-th free (non-pivot) column and
        // every other vector is zero there.
        const pivots = new Set(refRref(A, n).pivots);
        const free = Array.from({ length: n }, (_, j) => j).filter((j) => !pivots.has(j));
        basis.forEach((v, t) => {
          free.forEach((f, u) => {
            if (u === t) expect(v[f]!.s).toBe(1n);
            else expect(v[f]!.equals(Z)).toBe(true);
          });
        });
      }),
      RUNS,
    );
  });

  it('needs a column count when there are no rows, and checks it otherwise', () => {
    expect(showVec(nullspace([], 3).flat())).toEqual(['1', '0', '0', '0', '1', '0', '0', '0', '1']);
    expect(nullspace([], 0)).toEqual([]);
    expect(() => nullspace([])).toThrow(InputError);
    expect(() => nullspace(mat([[1, 2]]), 3)).toThrow(InputError);
    expect(nullspace(mat([[], []]))).toEqual([]);
  });

  it('known answer: x + y + z = 0', () => {
    expect(nullspace(mat([[1, 1, 1]])).map(showVec)).toEqual([
      ['-1', '1', '0'],
      ['-1', '0', '1'],
    ]);
  });

  it('known answer: rational coefficients give coprime integer vectors', () => {
    // (1/2) x − (1/3) y = 0  ⇔  3x = 2y: kernel spanned by (2, 3).
    expect(nullspace([[q('1/2'), q('-1/3')]]).map(showVec)).toEqual([['2', '3']]);
    // −x + y = 0 and −2x + 2y = 0 (negative pivots): kernel spanned by (1, 1), signed positive.
    expect(nullspace(mat([[-1, 1], [-2, 2]])).map(showVec)).toEqual([['1', '1']]);
    expect(nullspace(mat([[-3, 0, 6], [0, -1, 0]])).map(showVec)).toEqual([['2', '0', '1']]);
  });
});

describe('solve', () => {
  const check = (A: Fraction[][], n: number, b: Fraction[]): string => {
    const res = solve(A, b, n);
    const r = refRank(A, n);
    const augmented = A.map((row, i) => [...row, b[i]!]);
    const consistent = refRank(augmented, n + 1) === r;
    switch (res.kind) {
      case 'unique':
        expect(consistent).toBe(true);
        expect(r).toBe(n);
        expect(showVec(matVec(A, res.x))).toEqual(showVec(b));
        break;
      case 'family':
        expect(consistent).toBe(true);
        expect(r).toBeLessThan(n);
        expect(showVec(matVec(A, res.particular))).toEqual(showVec(b));
        expect(res.directions.length).toBe(n - r);
        for (const d of res.directions) expect(isZeroVec(matVec(A, d))).toBe(true);
        expect(refRank(res.directions, n)).toBe(n - r);
        break;
      case 'none': {
        expect(consistent).toBe(false);
        expect(res.witness.length).toBe(A.length);
        expect(isZeroVec(vecMat(res.witness, A, n))).toBe(true);
        const yb = res.witness.reduce((s, y, i) => s.add(y.mul(b[i]!)), Z);
        expect(formatRational(yb)).toBe('1');
        break;
      }
    }
    return res.kind;
  };

  it('random right-hand sides: every verdict is checked exactly', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(
        anyMatrix.chain((s) => fc.array(sparseRational, { minLength: s.m, maxLength: s.m }).map((b) => ({ ...s, b }))),
        ({ n, A, b }) => {
          seen.add(check(A, n, b));
        },
      ),
      { numRuns: 600 },
    );
    expect([...seen].sort()).toEqual(['family', 'none', 'unique']);
  });

  it('consistent right-hand sides b = A x₀ are never reported inconsistent', () => {
    fc.assert(
      fc.property(
        anyMatrix.chain((s) => fc.array(smallRational, { minLength: s.n, maxLength: s.n }).map((x0) => ({ ...s, x0 }))),
        ({ n, A, x0 }) => {
          const kind = check(A, n, matVec(A, x0));
          expect(kind).not.toBe('none');
        },
      ),
      RUNS,
    );
  });

  it('known answers', () => {
    // x + y = 2, x − y = 0.
    const unique = solve(mat([[1, 1], [1, -1]]), [q('2'), q('0')]);
    expect(unique.kind).toBe('unique');
    if (unique.kind === 'unique') expect(showVec(unique.x)).toEqual(['1', '1']);
    // x + y = 1, 2x + 2y = 3: the left kernel is spanned by (−2, 1), and (−2, 1)·b = 1.
    const none = solve(mat([[1, 1], [2, 2]]), [q('1'), q('3')]);
    expect(none.kind).toBe('none');
    if (none.kind === 'none') expect(showVec(none.witness)).toEqual(['-2', '1']);
    // (1/3) x = 1/2 with fractional data.
    const frac = solve([[q('1/3')]], [q('1/2')]);
    expect(frac.kind === 'unique' && showVec(frac.x)).toEqual(['3/2']);
    // 0·x = 5 on a zero row: witness (1/5).
    const zeroRow = solve(mat([[0, 0]]), [q('5')]);
    expect(zeroRow.kind === 'none' && showVec(zeroRow.witness)).toEqual(['1/5']);
  });

  it('edge shapes', () => {
    expect(solve([], [], 0)).toEqual({ kind: 'unique', x: [] });
    const free = solve([], [], 2);
    expect(free.kind).toBe('family');
    if (free.kind === 'family') {
      expect(showVec(free.particular)).toEqual(['0', '0']);
      expect(free.directions.map(showVec)).toEqual([
        ['1', '0'],
        ['0', '1'],
      ]);
    }
    expect(() => solve([], [])).toThrow(InputError);
    expect(() => solve(mat([[1, 2]]), [q('1'), q('2')])).toThrow(InputError);
    // Rows with no columns: 0 = b_i.
    expect(solve(mat([[], []]), [q('0'), q('0')]).kind).toBe('unique');
    const bad = solve(mat([[], []]), [q('0'), q('2')]);
    expect(bad.kind === 'none' && showVec(bad.witness)).toEqual(['0', '1/2']);
  });
});

describe('determinant', () => {
  it('agrees with cofactor expansion up to 4×4', () => {
    fc.assert(
      fc.property(squareMatrix(4), (A) => {
        expect(formatRational(determinant(A))).toBe(formatRational(cofactorDet(A)));
      }),
      RUNS,
    );
  });

  it('is multiplicative: det(AB) = det A · det B', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 6 }).chain((n) => fc.tuple(fc.constant(n), matrixOf(n, n), matrixOf(n, n))),
        ([n, A, B]) => {
          const lhs = determinant(matMul(A, B, n, n));
          expect(formatRational(lhs)).toBe(formatRational(determinant(A).mul(determinant(B))));
        },
      ),
      RUNS,
    );
  });

  it('is zero exactly when the rank is deficient', () => {
    fc.assert(
      fc.property(squareMatrix(6), (A) => {
        expect(determinant(A).equals(Z)).toBe(refRank(A, A.length) < A.length);
      }),
      RUNS,
    );
  });

  it('integerDeterminant agrees with cofactor expansion, including huge entries', () => {
    const entry = fc.oneof(fc.bigInt({ min: -3n, max: 3n }), fc.bigInt({ min: -(2n ** 100n), max: 2n ** 100n }));
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 4 }).chain((n) => fc.array(fc.array(entry, { minLength: n, maxLength: n }), { minLength: n, maxLength: n })),
        (rows) => {
          const want = cofactorDet(rows.map((row) => row.map((x) => new Fraction(x))));
          expect(formatRational(ratio(integerDeterminant(rows)))).toBe(formatRational(want));
        },
      ),
      RUNS,
    );
  });

  it('known answers: Hilbert matrices, Vandermonde, permutations', () => {
    const hilbert = (n: number): Fraction[][] =>
      Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => ratio(1n, BigInt(i + j + 1))));
    expect(formatRational(determinant(hilbert(3)))).toBe('1/2160');
    expect(formatRational(determinant(hilbert(4)))).toBe('1/6048000');
    expect(formatRational(determinant(hilbert(5)))).toBe('1/266716800000');
    // Vandermonde on 1, 2, 3, 5: Π_{i<j} (x_j − x_i) = 1·2·4·1·3·2 = 48.
    const xs = [1n, 2n, 3n, 5n];
    expect(integerDeterminant(xs.map((x) => xs.map((_, k) => x ** BigInt(k))))).toBe(48n);
    // An odd permutation (one swap) and an even one (a 3-cycle).
    expect(integerDeterminant([[0n, 1n], [1n, 0n]])).toBe(-1n);
    expect(integerDeterminant([[0n, 1n, 0n], [0n, 0n, 1n], [1n, 0n, 0n]])).toBe(1n);
    expect(formatRational(determinant(mat([['1/2', 0], [0, '-2/3']])))).toBe('-1/3');
    expect(formatRational(determinant([]))).toBe('1');
    expect(integerDeterminant([])).toBe(1n);
  });

  it('rejects non-square and ragged matrices', () => {
    const nonSquare = (): unknown => determinant(mat([[1, 2, 3], [4, 5, 6]]));
    expect(nonSquare).toThrow(InputError);
    try {
      nonSquare();
    } catch (e) {
      expect((e as InputError).code).toBe('dimension');
    }
    expect(() => integerDeterminant([[1n, 2n]])).toThrow(InputError);
    expect(() => determinant(mat([[1, 2], [3]]))).toThrow(InputError);
  });
});

describe('empty, zero and ragged input', () => {
  it('empty matrices', () => {
    expect(rank([])).toBe(0);
    expect(rref([])).toEqual({ matrix: [], pivots: [] });
    expect(rank(mat([[], [], []]))).toBe(0);
    expect(rref(mat([[], []]))).toEqual({ matrix: [[], []], pivots: [] });
    expect(integerRank([])).toBe(0);
    expect(integerRank([[], []])).toBe(0);
  });

  it('zero matrices', () => {
    const zero = mat([[0, 0, 0], [0, 0, 0]]);
    expect(rank(zero)).toBe(0);
    expect(show(rref(zero).matrix)).toEqual([['0', '0', '0'], ['0', '0', '0']]);
    expect(nullspace(zero).length).toBe(3);
    expect(formatRational(determinant(mat([[0, 0], [0, 0]])))).toBe('0');
  });

  it('ragged input is an InputError with code "dimension"', () => {
    for (const f of [
      () => rank(mat([[1, 2], [3]])),
      () => rref(mat([[1], [2, 3]])),
      () => nullspace(mat([[1, 2], [3]])),
      () => solve(mat([[1, 2], [3]]), [q('1'), q('1')]),
      () => integerRank([[1n], [2n, 3n]]),
    ]) {
      try {
        f();
        expect.unreachable('should have thrown');
      } catch (e) {
        expect(e).toBeInstanceOf(InputError);
        expect((e as InputError).code).toBe('dimension');
      }
    }
  });

  it('known rref', () => {
    const { matrix, pivots } = rref(mat([[0, 2, 4, 2], [1, 1, 1, 1], [1, 2, 3, 2]]));
    // Row 3 = row 2 + row 1 / 2: rank 2; columns 0 and 1 are pivots.
    expect(pivots).toEqual([0, 1]);
    expect(show(matrix)).toEqual([
      ['1', '0', '-1', '0'],
      ['0', '1', '2', '1'],
      ['0', '0', '0', '0'],
    ]);
  });
});

describe('larger matrices (the sizes of activation regions)', () => {
  // A deterministic pseudo-random integer stream (a linear congruential generator), so that the
  // constructions below are reproducible.
  function lcg(seed: number): () => bigint {
    let s = BigInt(seed);
    return () => {
      s = (s * 6364136223846793005n + 1442695040888963407n) % 2n ** 64n;
      return (s >> 40n) % 2001n - 1000n;
    };
  }

  it('rank of [[I, X], [Y, YX]] is exactly the size of I', () => {
    // The bottom rows are Y·[I | X], a combination of the top rows; the identity block makes the
    // top rows independent. So the rank is 45 whatever X and Y are.
    const next = lcg(1);
    const k = 45;
    const X = Array.from({ length: k }, () => Array.from({ length: 5 }, next));
    const Y = Array.from({ length: 5 }, () => Array.from({ length: k }, next));
    const top = Array.from({ length: k }, (_, i) => [...Array.from({ length: k }, (_, j) => (i === j ? 1n : 0n)), ...X[i]!]);
    const bottom = Y.map((y) => [...y, ...Array.from({ length: 5 }, (_, j) => y.reduce((s, v, t) => s + v * X[t]![j]!, 0n))]);
    const rows = [...top, ...bottom];
    expect(integerRank(rows)).toBe(45);
    expect(rank(rows.map((row) => row.map((x) => ratio(x, 7n))))).toBe(45);
    expect(integerDeterminant(rows)).toBe(0n);
  });

  it('det of L·U is the product of the diagonals', () => {
    // L lower and U upper triangular with chosen diagonals: det(LU) = Π l_ii · Π u_ii.
    const next = lcg(2);
    const n = 40;
    const diagL = Array.from({ length: n }, (_, i) => BigInt((i % 3) + 1));
    const diagU = Array.from({ length: n }, (_, i) => BigInt(i % 2 === 0 ? -1 : 2));
    const L = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? diagL[i]! : j < i ? next() : 0n)));
    const U = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? diagU[i]! : j > i ? next() : 0n)));
    const LU = L.map((row) => Array.from({ length: n }, (_, j) => row.reduce((s, l, t) => s + l * U[t]![j]!, 0n)));
    const want = [...diagL, ...diagU].reduce((p, d) => p * d, 1n);
    expect(integerDeterminant(LU)).toBe(want);
    expect(integerRank(LU)).toBe(n);
    // The same matrix with each row divided by 3: det is divided by 3^n.
    expect(formatRational(determinant(LU.map((row) => row.map((x) => ratio(x, 3n)))))).toBe(formatRational(ratio(want, 3n ** BigInt(n))));
  });

  it('a matrix that is singular modulo a large prime is still full rank over Q', () => {
    // 67108859 is prime; diag(p, 1) has determinant p, so it is singular mod p but not over Q.
    const p = 67108859n;
    expect(integerRank([[p, 0n], [0n, 1n]])).toBe(2);
    expect(integerRank([[p, 2n * p], [3n * p, 5n * p]])).toBe(2);
    expect(integerRank([[1n, 1n + p], [1n, 1n]])).toBe(2);
    expect(integerRank([[p, 0n, 0n], [0n, p, 0n], [0n, 0n, p], [p, p, p]])).toBe(3);
    expect(integerRank([[2n ** 64n, 1n], [1n, 2n ** 64n]])).toBe(2);
  });
});
