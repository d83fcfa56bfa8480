/**
 * Incremental V-representations (src/polyhedra/vertices.ts) against brute force: every n-subset
 * of the rows solved exactly (exact/linalg.ts, fraction.js), feasible points kept and deduplicated,
 * incidence read off the rows. Random seeded polytopes in R^2, R^3, R^4 with degenerate rows
 * (many rows through one point, duplicated and scaled rows, tangent rows, rows through vertices,
 * clips that leave a lower-dimensional face). Sign certificates are re-checked exactly here, by
 * the checker's refuteStrict, and against the certified LP.
 */
import fc from 'fast-check';
import Fraction from 'fraction.js';
import { describe, expect, it } from 'vitest';
import { interiorPoint as lpInteriorPoint } from '../../solvers/certified.js';
import { integerDomainRows, refuteStrict } from '../../src/checker/regionTree.js';
import { rank, solve } from '../../src/exact/linalg.js';
import { formatRational } from '../../src/exact/rational.js';
import {
  type IntegerMultipliers,
  type IntegerRow,
  type SparseMultipliers,
  type VertexPolytope,
  affineDimension,
  boxPolytope,
  boxRows,
  clip,
  fixedSignCertificate,
  fixedSignMultipliers,
  incidenceRows,
  interiorPoint,
  signOn,
  split,
  vertexPoint,
} from '../../src/polyhedra/vertices.js';
import { mulberry32, randomInteger } from '../../src/random/prng.js';
import { CaseCount } from '../support/cases.js';

const F = (p: number | bigint, q: number | bigint = 1): Fraction => new Fraction(BigInt(p), BigInt(q));
const row = (a: number[], b: number): IntegerRow => ({ a: a.map(BigInt), b: BigInt(b) });
const key = (x: readonly Fraction[]): string => x.map(formatRational).join(',');

function dotF(a: readonly bigint[], x: readonly Fraction[]): Fraction {
  let s = F(0);
  a.forEach((v, j) => {
    if (v !== 0n) s = s.add((x[j] as Fraction).mul(v));
  });
  return s;
}

/** Brute-force vertices: key → sorted tight rows (rows with a nonzero coefficient only). */
function bruteForce(rows: readonly IntegerRow[], n: number): Map<string, number[]> {
  const out = new Map<string, number[]>();
  const m = rows.length;
  const pick = Array.from({ length: n }, (_, k) => k);
  if (m < n) return out;
  for (;;) {
    const A = pick.map((i) => (rows[i] as IntegerRow).a.map((v) => F(v)));
    const b = pick.map((i) => F((rows[i] as IntegerRow).b));
    const s = solve(A, b, n);
    if (s.kind === 'unique') {
      const x = s.x;
      const k = key(x);
      if (!out.has(k) && rows.every((r) => dotF(r.a, x).compare(F(r.b)) <= 0)) {
        out.set(
          k,
          rows.flatMap((r, t) => (r.a.some((v) => v !== 0n) && dotF(r.a, x).equals(F(r.b)) ? [t] : [])),
        );
      }
    }
    let i = n - 1;
    while (i >= 0 && (pick[i] as number) === m - n + i) i--;
    if (i < 0) break;
    pick[i] = (pick[i] as number) + 1;
    for (let j = i + 1; j < n; j++) pick[j] = (pick[j - 1] as number) + 1;
  }
  return out;
}

function gcd(a: bigint, b: bigint): bigint {
  a = a < 0n ? -a : a;
  b = b < 0n ? -b : b;
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

/** Checks P against brute force on `rows`: same vertices, same incidence, no repeats, reduced, right dimension flag. */
function expectMatchesBruteForce(P: VertexPolytope, rows: readonly IntegerRow[]): void {
  const n = P.dimension;
  expect(P.rowCount).toBe(rows.length);
  const expected = bruteForce(rows, n);
  const got = new Map<string, number[]>();
  for (const v of P.vertices) {
    expect(v.den > 0n).toBe(true);
    expect(v.num.reduce((g, x) => gcd(g, x), v.den)).toBe(1n);
    expect(v.incidence.length).toBe(P.words);
    const k = key(vertexPoint(v));
    expect(got.has(k), `vertex ${k} listed twice`).toBe(false);
    got.set(k, incidenceRows(v));
  }
  expect([...got.keys()].sort()).toEqual([...expected.keys()].sort());
  for (const [k, inc] of expected) expect(got.get(k), `incidence of ${k}`).toEqual(inc);
  // Dimension: the rank of the vertex differences, computed independently.
  const pts = P.vertices.map(vertexPoint);
  const dim = pts.length === 0 ? -1 : pts.length === 1 ? 0 : rank(pts.slice(1).map((p) => p.map((x, j) => x.sub((pts[0] as Fraction[])[j] as Fraction))));
  expect(affineDimension(P)).toBe(dim);
  expect(P.fullDimensional).toBe(dim === n);
}

/** The test's own exact re-check of Motzkin multipliers over [...rows, far] (refuteStrict's rules). */
function refutes(rows: readonly IntegerRow[], far: IntegerRow, m: SparseMultipliers): boolean {
  const all = [...rows, far];
  const n = far.a.length;
  if (m.rows.length !== m.values.length || m.rows.length === 0) return false;
  for (let k = 0; k < m.rows.length; k++) {
    if (k > 0 && (m.rows[k] as number) <= (m.rows[k - 1] as number)) return false;
    if ((m.rows[k] as number) >= all.length) return false;
    if ((m.values[k] as Fraction).compare(0) <= 0) return false; // ≥ 0 and nonzero
  }
  const sum = Array.from({ length: n }, () => F(0));
  let rhs = F(0);
  let strict = false;
  m.rows.forEach((t, k) => {
    const r = all[t] as IntegerRow;
    const y = m.values[k] as Fraction;
    r.a.forEach((v, j) => {
      sum[j] = (sum[j] as Fraction).add(y.mul(v));
    });
    rhs = rhs.add(y.mul(r.b));
    if (r.a.some((v) => v !== 0n)) strict = true;
  });
  if (sum.some((v) => v.n !== 0n)) return false;
  return rhs.compare(0) < 0 || (rhs.n === 0n && strict);
}

const farRowOf = (a: readonly bigint[], c: bigint, sign: 1 | -1): IntegerRow => (sign > 0 ? { a, b: -c } : { a: a.map((v) => -v), b: c });

/** Certificates for every sign that holds, re-checked three ways; refusals where it does not. */
function expectCertificates(P: VertexPolytope, rows: readonly IntegerRow[], a: readonly bigint[], c: bigint): void {
  const e = signOn(P, a, c);
  // min/max against the vertices in fraction.js.
  const zs = P.vertices.map((v) => dotF(a, vertexPoint(v)).add(F(c)));
  const min = zs.reduce((p, q) => (q.compare(p) < 0 ? q : p));
  const max = zs.reduce((p, q) => (q.compare(p) > 0 ? q : p));
  expect(F(e.min.num, e.min.den).equals(min)).toBe(true);
  expect(F(e.max.num, e.max.den).equals(max)).toBe(true);
  expect((zs[e.argmin] as Fraction).equals(min)).toBe(true);
  expect((zs[e.argmax] as Fraction).equals(max)).toBe(true);
  expect(e.sign).toBe(max.compare(0) <= 0 ? -1 : min.compare(0) >= 0 ? 1 : 0);
  const constantZero = a.every((v) => v === 0n) && c === 0n;
  for (const sign of [1, -1] as const) {
    const holds = sign > 0 ? min.compare(0) >= 0 : max.compare(0) <= 0;
    const cert = fixedSignCertificate(P, rows, a, c, sign, e);
    if (!holds || constantZero) {
      expect(cert, `sign ${sign} does not hold or z ≡ 0: must refuse`).toBeUndefined();
      continue;
    }
    expect(cert).toBeDefined();
    const m = cert as SparseMultipliers;
    const far = farRowOf(a, c, sign);
    expect(refutes(rows, far, m)).toBe(true);
    // The checker itself.
    expect(() => refuteStrict([...rows, far], P.dimension, { rows: m.rows, values: m.values.map(formatRational) }, 'test')).not.toThrow();
    // Canonical: no weight on a row identical to an earlier one.
    const all = [...rows, far];
    const expectCanonical = (y: SparseMultipliers): void => {
      for (const t of y.rows) {
        for (let s = 0; s < t; s++) expect(sameHalfSpace(all[s] as IntegerRow, all[t] as IntegerRow), `row ${t} repeats row ${s}`).toBe(false);
      }
    };
    expectCanonical(m);
    // Without the precomputed extremes: the same answer; in integer form: the same values.
    expect(fixedSignCertificate(P, rows, a, c, sign)).toEqual(cert);
    const ints = fixedSignMultipliers(P, rows, a, c, sign, e) as IntegerMultipliers;
    expect(ints.den > 0n).toBe(true);
    expect(ints.rows).toEqual(m.rows);
    expect(ints.num.map((x, k) => F(x, ints.den).equals(m.values[k] as Fraction))).toEqual(m.rows.map(() => true));
    // The exact-simplex fallback for degenerate vertices gives a valid, canonical certificate too.
    const viaSimplex = fixedSignCertificate(P, rows, a, c, sign, e, { maxBasisSubsets: 0 }) as SparseMultipliers;
    expect(refutes(rows, far, viaSimplex)).toBe(true);
    expectCanonical(viaSimplex);
  }
}

function sameHalfSpace(p: IntegerRow, q: IntegerRow): boolean {
  const norm = (r: IntegerRow): string => {
    let g = r.b < 0n ? -r.b : r.b;
    for (const v of r.a) g = gcd(g, v);
    if (g === 0n) g = 1n;
    return `${r.b / g}|${r.a.map((v) => v / g).join(',')}`;
  };
  return norm(p) === norm(q);
}

// ---------------------------------------------------------------------------------------------
// Random polytopes with degenerate rows

type Rng = () => number;

function randomBox(random: Rng, n: number): IntegerRow[] {
  const lo: Fraction[] = [];
  const hi: Fraction[] = [];
  for (let j = 0; j < n; j++) {
    const l = F(randomInteger(random, -6, 0), randomInteger(random, 1, 3));
    lo.push(l);
    hi.push(l.add(F(randomInteger(random, 1, 6), randomInteger(random, 1, 3))));
  }
  return boxRows(lo, hi);
}

/** A row chosen to stress degeneracy against the current vertices. */
function randomRow(random: Rng, P: VertexPolytope, rows: readonly IntegerRow[]): IntegerRow {
  const n = P.dimension;
  const a = Array.from({ length: n }, () => BigInt(randomInteger(random, -4, 4)));
  if (!a.some((v) => v !== 0n)) a[0] = 1n;
  const V = P.vertices;
  const kind = randomInteger(random, 0, 9);
  if (V.length > 0 && kind <= 2) {
    // Through a vertex (scaled to integers): a·x ≤ a·v.
    const v = V[randomInteger(random, 0, V.length - 1)] as (typeof V)[number];
    return { a: a.map((x) => x * v.den), b: a.reduce((s, x, j) => s + x * (v.num[j] as bigint), 0n) };
  }
  if (V.length > 0 && kind === 3) {
    // Tangent: a·x ≤ max over P (touches a face), or ≤ min (leaves a face: lower-dimensional).
    const values = V.map((v) => F(a.reduce((s, x, j) => s + x * (v.num[j] as bigint), 0n), v.den));
    const top = random() < 0.5;
    const best = values.reduce((p, q) => (top ? (q.compare(p) > 0 ? q : p) : q.compare(p) < 0 ? q : p));
    const d = BigInt(best.d as bigint);
    const num = best.s < 0n ? -(best.n as bigint) : (best.n as bigint);
    return { a: a.map((x) => x * d), b: num };
  }
  if (rows.length > 0 && kind === 4) {
    // A duplicate, or a positive multiple, of an existing row.
    const r = rows[randomInteger(random, 0, rows.length - 1)] as IntegerRow;
    const k = BigInt(randomInteger(random, 1, 3));
    return { a: r.a.map((x) => x * k), b: r.b * k };
  }
  if (V.length > 0 && kind === 5) {
    // The opposite of a row through a vertex (keeps the other side).
    const v = V[randomInteger(random, 0, V.length - 1)] as (typeof V)[number];
    return { a: a.map((x) => -x * v.den), b: -a.reduce((s, x, j) => s + x * (v.num[j] as bigint), 0n) };
  }
  // A generic row through the box's interior region, occasionally cutting everything away.
  const b = BigInt(randomInteger(random, -3, 8));
  return { a, b };
}

function randomWalk(seed: number, n: number, steps: number, check: (P: VertexPolytope, rows: IntegerRow[], random: Rng) => void): void {
  const random = mulberry32(seed);
  let rows = randomBox(random, n);
  let P = boxPolytope(rows);
  check(P, rows, random);
  for (let s = 0; s < steps && P.vertices.length > 0; s++) {
    const r = randomRow(random, P, rows);
    P = clip(P, r);
    rows = [...rows, r];
    check(P, rows, random);
  }
}

function randomZ(random: Rng, P: VertexPolytope): { a: bigint[]; c: bigint } {
  const n = P.dimension;
  const a = Array.from({ length: n }, () => BigInt(randomInteger(random, -5, 5)));
  if (!a.some((v) => v !== 0n)) a[n - 1] = -2n;
  const kind = randomInteger(random, 0, 3);
  if (kind === 0 || P.vertices.length === 0) return { a, c: BigInt(randomInteger(random, -6, 6)) };
  // Tangent from below or above at a vertex (z's min or max exactly 0), scaled to integers.
  const values = P.vertices.map((v) => F(a.reduce((s, x, j) => s + x * (v.num[j] as bigint), 0n), v.den));
  const pickMin = kind === 1;
  const t = values.reduce((p, q) => (pickMin ? (q.compare(p) < 0 ? q : p) : q.compare(p) > 0 ? q : p));
  const d = BigInt(t.d as bigint);
  const num = t.s < 0n ? -(t.n as bigint) : (t.n as bigint);
  const shift = kind === 3 ? BigInt(randomInteger(random, -1, 1)) : 0n; // sometimes slightly off tangent
  return { a: a.map((x) => x * d), c: -num + shift };
}

// ---------------------------------------------------------------------------------------------

describe('boxRows and boxPolytope', () => {
  it('produce the engine’s box rows (checker integerDomainRows) in order and scaling', () => {
    const lo = [F(-1), F(-3, 4), F(2, 3)];
    const hi = [F(1), F(5, 6), F(7, 3)];
    const ours = boxRows(lo, hi);
    const checker = integerDomainRows({ kind: 'box', box: lo.map((l, j) => [formatRational(l), formatRational(hi[j] as Fraction)]) } as never, 3).rows;
    expect(ours).toEqual(checker.map((r) => ({ a: [...r.a], b: r.b })));
  });

  it('list the 2^n corners with their incidence, in n = 1..5', () => {
    for (let n = 1; n <= 5; n++) {
      const rows = boxRows(Array.from({ length: n }, (_, j) => F(-1 - j, 2)), Array.from({ length: n }, (_, j) => F(j + 1, 3)));
      const P = boxPolytope(rows);
      expect(P.vertices.length).toBe(2 ** n);
      expect(P.fullDimensional).toBe(true);
      for (const v of P.vertices) expect(incidenceRows(v).length).toBe(n);
      if (n <= 4) expectMatchesBruteForce(P, rows);
    }
  });

  it('flat and empty boxes', () => {
    const flat = boxRows([F(0), F(1, 2)], [F(1), F(1, 2)]);
    const P = boxPolytope(flat);
    expect(P.vertices.length).toBe(2);
    expect(P.fullDimensional).toBe(false);
    expectMatchesBruteForce(P, flat);
    expect(() => interiorPoint(P)).toThrow(RangeError);
    const empty = boxPolytope(boxRows([F(1), F(0)], [F(0), F(1)]));
    expect(empty.vertices.length).toBe(0);
    expect(empty.fullDimensional).toBe(false);
  });

  it('refuses rows that are not a box', () => {
    expect(() => boxPolytope([row([1, 0], 1), row([0, -1], 1), row([1, 0], 1), row([0, 1], 1)])).toThrow(RangeError);
    expect(() => boxPolytope([row([-1, 1], 1), row([0, -1], 1), row([1, 0], 1), row([0, 1], 1)])).toThrow(RangeError);
    expect(() => boxPolytope([row([-1], 1)])).toThrow(RangeError);
  });
});

describe('clip against brute-force vertex enumeration', () => {
  it('random degenerate walks in R^2 (long: incidence bitsets past 32 and 64 rows)', () => {
    for (let seed = 1; seed <= 12; seed++) randomWalk(seed, 2, 70, (P, rows) => expectMatchesBruteForce(P, rows));
  });

  it('random degenerate walks in R^3', () => {
    for (let seed = 100; seed < 130; seed++) randomWalk(seed, 3, 18, (P, rows) => expectMatchesBruteForce(P, rows));
  });

  it('random degenerate walks in R^4', () => {
    for (let seed = 200; seed < 210; seed++) randomWalk(seed, 4, 9, (P, rows) => expectMatchesBruteForce(P, rows));
  });

  it('huge coordinates and coefficients (past 2^53: the BigInt paths behind the float fast paths)', () => {
    for (let seed = 700; seed < 712; seed++) {
      const random = mulberry32(seed);
      const n = 2 + (seed % 2);
      const big = (bits: number): bigint => BigInt(randomInteger(random, 1, 1000)) * 2n ** BigInt(bits) + BigInt(randomInteger(random, 0, 999));
      const lo = Array.from({ length: n }, () => new Fraction(-big(55), big(40)));
      const hi = Array.from({ length: n }, () => new Fraction(big(55), big(40)));
      let rows = boxRows(lo, hi);
      let P = boxPolytope(rows);
      for (let step = 0; step < 8 && P.vertices.length > 0; step++) {
        const base = randomRow(random, P, rows);
        const k = step % 2 === 0 ? big(50) : 1n; // scaled copies keep the half-space, grow the numbers
        const r = { a: base.a.map((x) => x * k), b: base.b * k };
        P = clip(P, r);
        rows = [...rows, r];
        expectMatchesBruteForce(P, rows);
        if (P.vertices.length > 0) {
          const { a, c } = randomZ(random, P);
          expectCertificates(P, rows, a.map((x) => x * big(45)), c * big(45));
          expectCertificates(P, rows, a, c);
        }
      }
    }
  });

  it('coordinates below 2^53 with products past it (the float path must hand over to BigInt)', () => {
    for (let seed = 720; seed < 730; seed++) {
      const random = mulberry32(seed);
      const n = 2 + (seed % 2);
      const mid = (bits: number): bigint => BigInt(randomInteger(random, 1, 1000)) * 2n ** BigInt(bits) + BigInt(randomInteger(random, 1, 999)) * 2n + 1n;
      const q = mid(12); // one denominator: vertices stay below 2^53
      const rows = boxRows(
        Array.from({ length: n }, () => new Fraction(-mid(30), q)),
        Array.from({ length: n }, () => new Fraction(mid(30), q)),
      );
      const P = boxPolytope(rows);
      expect(P.vertices.every((v) => v.small !== undefined)).toBe(true);
      for (let k = 0; k < 6; k++) {
        const a = Array.from({ length: n }, () => mid(randomInteger(random, 8, 14)) * (random() < 0.5 ? -1n : 1n));
        expectCertificates(P, rows, a, mid(randomInteger(random, 20, 60)) * (random() < 0.5 ? -1n : 1n));
        const Q = clip(P, { a, b: mid(40) });
        expectMatchesBruteForce(Q, [...rows, { a, b: mid(40) }]);
      }
    }
  });

  it('fast-check: random rows in R^2 and R^3', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 3 }),
        fc.array(fc.tuple(fc.array(fc.integer({ min: -3, max: 3 }), { minLength: 3, maxLength: 3 }), fc.integer({ min: -2, max: 4 })), { minLength: 1, maxLength: 10 }),
        (n, extra) => {
          let rows = boxRows(Array.from({ length: n }, () => F(-2)), Array.from({ length: n }, () => F(2)));
          let P = boxPolytope(rows);
          for (const [a, b] of extra) {
            const r = row(a.slice(0, n), b);
            P = clip(P, r);
            rows = [...rows, r];
          }
          expectMatchesBruteForce(P, rows);
        },
      ),
      { numRuns: 150, seed: 11 },
    );
  });

  it('many rows through one point (a pyramid apex with 12 facets) in R^3', () => {
    let rows = boxRows([F(-2), F(-2), F(-2)], [F(2), F(2), F(2)]);
    let P = boxPolytope(rows);
    // Rows through the apex (0, 0, 1): a·(x − apex) ≤ 0 with a = (cos-like, sin-like, 1).
    const dirs = [[3, 0], [2, 2], [0, 3], [-2, 2], [-3, 0], [-2, -2], [0, -3], [2, -2], [1, 3], [-3, 1], [-1, -3], [3, -1]];
    for (const [p, q] of dirs) {
      const r = row([p as number, q as number, 2], 2);
      P = clip(P, r);
      rows = [...rows, r];
      expectMatchesBruteForce(P, rows);
    }
    const apex = P.vertices.find((v) => key(vertexPoint(v)) === '0,0,1');
    expect(apex).toBeDefined();
    expect(incidenceRows(apex as (typeof P.vertices)[number]).length).toBe(12);
  });

  it('duplicated and scaled rows, rows through vertices and tangent rows', () => {
    let rows = boxRows([F(-1), F(-1)], [F(1), F(1)]);
    let P = boxPolytope(rows);
    const add = (r: IntegerRow): void => {
      P = clip(P, r);
      rows = [...rows, r];
      expectMatchesBruteForce(P, rows);
    };
    add(row([1, 1], 0)); // through two vertices: a triangle
    expect(P.vertices.length).toBe(3);
    add(row([1, 1], 0)); // duplicate
    add(row([3, 3], 0)); // positive multiple
    add(row([1, -1], 2)); // tangent at the vertex (1, −1)
    add(row([0, 1], 1)); // duplicate of a box row
    expect(P.vertices.length).toBe(3);
    expect(P.fullDimensional).toBe(true);
    add(row([-1, -1], 0)); // the opposite: leaves the segment x + y = 0
    expect(P.fullDimensional).toBe(false);
    expect(P.vertices.length).toBe(2);
    add(row([1, 0], 0)); // cuts the segment: the segment from (−1, 1) to (0, 0)
    expect(P.vertices.map((v) => key(vertexPoint(v))).sort()).toEqual(['-1,1', '0,0']);
    add(row([-1, 0], 0)); // leaves the point (0, 0)
    expect(P.vertices.map((v) => key(vertexPoint(v)))).toEqual(['0,0']);
    expect(affineDimension(P)).toBe(0);
    add(row([1, 2], -1)); // misses: empty
    expect(P.vertices.length).toBe(0);
    add(row([1, 0], 5)); // stays empty
    expect(P.vertices.length).toBe(0);
  });

  it('zero rows: 0 ≤ b keeps P (no incidence), 0 ≤ −1 empties it', () => {
    const rows = boxRows([F(0), F(0)], [F(1), F(1)]);
    const P = boxPolytope(rows);
    const same = clip(P, row([0, 0], 0));
    expect(same.vertices.map((v) => incidenceRows(v))).toEqual(P.vertices.map((v) => incidenceRows(v)));
    expect(same.fullDimensional).toBe(true);
    expect(same.rowCount).toBe(5);
    expectMatchesBruteForce(same, [...rows, row([0, 0], 0)]);
    expect(clip(P, row([0, 0], -1)).vertices.length).toBe(0);
  });

  it('split equals the two clips, sharing the crossing points', () => {
    const cases = new CaseCount('split against clips');
    for (let seed = 300; seed < 330; seed++) {
      const n = 2 + (seed % 2);
      randomWalk(seed, n, 8, (P, rows, random) => {
        if (P.vertices.length === 0) return cases.skip(); // the walk clipped the polytope away
        cases.run();
        const { a, c } = randomZ(random, P);
        const { positive, negative } = split(P, a, c, signOn(P, a, c).values);
        const pos = clip(P, { a: a.map((v) => -v), b: c });
        const neg = clip(P, { a, b: -c });
        const shape = (Q: VertexPolytope): unknown => [Q.fullDimensional, Q.rowCount, Q.vertices.map((v) => `${key(vertexPoint(v))}|${incidenceRows(v).join(',')}`).sort()];
        expect(shape(positive)).toEqual(shape(pos));
        expect(shape(negative)).toEqual(shape(neg));
        expectMatchesBruteForce(positive, [...rows, { a: a.map((v) => -v), b: c }]);
      });
    }
    cases.expectAtLeast(120);
  });
});

describe('interiorPoint', () => {
  it('is strictly inside every row of full-dimensional polytopes, and refuses flat ones', () => {
    for (let seed = 400; seed < 440; seed++) {
      randomWalk(seed, 2 + (seed % 3), 10, (P, rows) => {
        if (!P.fullDimensional) {
          expect(() => interiorPoint(P)).toThrow(RangeError);
          return;
        }
        const x = interiorPoint(P);
        expect(x.den > 0n).toBe(true);
        const p = x.num.map((v) => F(v, x.den));
        rows.forEach((r, t) => {
          if (r.a.some((v) => v !== 0n)) expect(dotF(r.a, p).compare(F(r.b)), `row ${t}`).toBeLessThan(0);
        });
      });
    }
  });
});

describe('signOn and fixedSignCertificate', () => {
  it('random polytopes and random or tangent z in R^2, R^3, R^4: certificates verify, refusals where the sign is not fixed', () => {
    let fixed = 0;
    let refused = 0;
    for (let seed = 500; seed < 560; seed++) {
      randomWalk(seed, 2 + (seed % 3), 10, (P, rows, random) => {
        if (P.vertices.length === 0) return; // empty: no sign to fix (the fixed/refused counts below require enough cases)
        for (let k = 0; k < 3; k++) {
          const { a, c } = randomZ(random, P);
          const e = signOn(P, a, c);
          if (e.sign === 0) refused++;
          else fixed++;
          expectCertificates(P, rows, a, c);
        }
      });
    }
    // Both branches must have been exercised substantially.
    expect(fixed).toBeGreaterThan(150);
    expect(refused).toBeGreaterThan(100);
  });

  it('agrees with the certified LP on full-dimensional polytopes (far side has interior ⇔ sign not fixed)', () => {
    const cases = new CaseCount('signOn against the LP');
    for (let seed = 600; seed < 620; seed++) {
      randomWalk(seed, 2 + (seed % 2), 6, (P, rows, random) => {
        if (!P.fullDimensional) return cases.skip(); // flat: the LP question is about interiors
        cases.run();
        const { a, c } = randomZ(random, P);
        const e = signOn(P, a, c);
        for (const sign of [1, -1] as const) {
          const far = farRowOf(a, c, sign);
          const system = {
            variables: P.dimension,
            constraints: [...rows, far].map((r) => ({ coefficients: r.a.map((v) => F(v)), relation: '<=' as const, rhs: F(r.b) })),
          };
          const lp = lpInteriorPoint(system);
          const holds = sign > 0 ? e.min.num >= 0n : e.max.num <= 0n;
          expect(lp.kind === 'empty-interior', `seed ${seed} sign ${sign}`).toBe(holds);
        }
      });
    }
    cases.expectAtLeast(50);
  });

  it('degenerate optimal vertex: a pyramid apex with 12 tight rows and duplicated rows', () => {
    let rows = boxRows([F(-2), F(-2), F(-2)], [F(2), F(2), F(2)]);
    let P = boxPolytope(rows);
    const dirs = [[3, 0], [2, 2], [0, 3], [-2, 2], [-3, 0], [-2, -2], [0, -3], [2, -2], [1, 3], [-3, 1], [-1, -3], [3, -1], [3, 0], [0, 3]];
    for (const [p, q] of dirs) {
      const r = row([p as number, q as number, 2], 2);
      P = clip(P, r);
      rows = [...rows, r];
    }
    // z = 1 − x3 + ε-ish tilts: minimum 0 exactly at the apex (0, 0, 1) for many directions.
    for (const [p, q] of [[0, 0], [1, 0], [1, 1], [0, -1], [2, -1]]) {
      const a = [BigInt(p as number), BigInt(q as number), -8n];
      expectCertificates(P, rows, a, 8n); // max z at the apex region is ≤ 0? min z ≥ 0 at the apex
      const e = signOn(P, a, 8n);
      expect(e.sign).toBe(1);
      const cert = fixedSignCertificate(P, rows, a, 8n, 1, e) as SparseMultipliers;
      // Duplicated rows (indices 18 and 19 repeat 6 and 8) never carry weight.
      expect(cert.rows.includes(6 + 12) || cert.rows.includes(6 + 13)).toBe(false);
    }
  });

  it('the re-check can fail: tampered certificates are rejected', () => {
    const rows = boxRows([F(-1), F(-1)], [F(1), F(1)]);
    const P = boxPolytope(rows);
    const a = [1n, 1n];
    const c = 2n; // z = x + y + 2 ≥ 0 on the square, 0 at (−1, −1)
    const cert = fixedSignCertificate(P, rows, a, c, 1) as SparseMultipliers;
    const far = farRowOf(a, c, 1);
    expect(refutes(rows, far, cert)).toBe(true);
    expect(cert.rows).toEqual([0, 1, 4]);
    const scaled = { rows: cert.rows, values: cert.values.map((v, k) => (k === 0 ? v.mul(2) : v)) };
    expect(refutes(rows, far, scaled)).toBe(false);
    const dropped = { rows: cert.rows.slice(1), values: cert.values.slice(1) };
    expect(refutes(rows, far, dropped)).toBe(false);
    // A sign that does not hold is refused; a shifted offset makes it hold again.
    expect(fixedSignCertificate(P, rows, a, 1n, 1)).toBeUndefined();
    expect(fixedSignCertificate(P, rows, a, c, -1)).toBeUndefined();
    expect(fixedSignCertificate(P, rows, a, -2n, -1)).toBeDefined();
  });

  it('on a flat polytope, a far row that repeats an earlier row (scaled) moves its weight there, scaled', () => {
    const rows = [...boxRows([F(-1), F(-1)], [F(1), F(1)]), row([0, 2], -2)]; // the segment y = −1
    let P = boxPolytope(rows.slice(0, 4));
    P = clip(P, rows[4] as IntegerRow);
    expect(P.fullDimensional).toBe(false);
    const a = [0n, -3n];
    const c = -3n; // z = −3y − 3 ≡ 0 on the segment; far row for sign −1: 3y ≤ −3 = 3/2 · row 4
    const cert = fixedSignCertificate(P, rows, a, c, -1) as SparseMultipliers;
    expect(cert.rows.includes(rows.length)).toBe(false);
    expect(cert.rows.includes(4)).toBe(true);
    expect(refutes(rows, farRowOf(a, c, -1), cert)).toBe(true);
    expectCertificates(P, rows, a, c);
  });

  it('constant z: the far row alone, or a refusal for z ≡ 0', () => {
    const rows = boxRows([F(0)], [F(1)]);
    const P = boxPolytope(rows);
    expect(fixedSignCertificate(P, rows, [0n], 3n, 1)).toEqual({ rows: [2], values: [F(1)] });
    expect(fixedSignCertificate(P, rows, [0n], -3n, -1)).toEqual({ rows: [2], values: [F(1)] });
    expect(fixedSignCertificate(P, rows, [0n], 0n, 1)).toBeUndefined();
    expect(fixedSignCertificate(P, rows, [0n], 0n, -1)).toBeUndefined();
    expect(fixedSignCertificate(P, rows, [0n], -3n, 1)).toBeUndefined();
  });

  it('refuses rows that do not belong to the polytope', () => {
    const rows = boxRows([F(-1), F(-1)], [F(1), F(1)]);
    const P = boxPolytope(rows);
    expect(() => fixedSignCertificate(P, rows.slice(1), [1n, 0n], 1n, 1)).toThrow(RangeError);
    const wrong = rows.map((r) => ({ a: r.a, b: r.b * 2n }));
    expect(() => fixedSignCertificate(P, wrong, [1n, 1n], 2n, 1)).toThrow(/does not verify/);
  });
});

describe('float and BigInt paths agree', () => {
  it('a clip and a split by k·row (k past 2^60: only BigInt) give the same vertices, in the same order, as by row', () => {
    // The same half-space scaled: the polytope, hence its reduced vertices, cannot change; the small row takes the
    // float64 crossing path, the scaled one the BigInt path, so any difference of value or order is a bug of one of them.
    const k = 2n ** 60n + 1n;
    const key = (P: VertexPolytope): string[] => P.vertices.map((v) => `${v.num.join(',')}/${v.den}|${incidenceRows(v).join(',')}`);
    for (const [n, seeds] of [
      [2, 20],
      [3, 20],
      [4, 10],
    ] as const) {
      for (let seed = 900; seed < 900 + seeds; seed++) {
        randomWalk(seed, n, 8, (P, rows, random) => {
          if (P.vertices.length === 0) return;
          const r = randomRow(random, P, rows);
          expect(key(clip(P, { a: r.a.map((x) => x * k), b: r.b * k }))).toEqual(key(clip(P, r)));
          const { a, c } = randomZ(random, P);
          const small = split(P, a, c);
          const big = split(P, a.map((x) => x * k), c * k);
          expect(key(big.positive)).toEqual(key(small.positive));
          expect(key(big.negative)).toEqual(key(small.negative));
          for (const v of small.negative.vertices) {
            // The float copies are those of the exact integers.
            if (v.small !== undefined) expect([...v.small]).toEqual([...v.num, v.den].map((x) => Number(x)));
          }
        });
      }
    }
  });
});

describe('interiorPoint by its definition', () => {
  it('is the average of the first n + 1 affinely independent vertices by increasing denominator (ties by index)', () => {
    // The reference takes the vertices greedily with rank over Q and averages Fractions (the
    // engine's float64 average and its BigInt one must both give this reduced point).
    const check = (P: VertexPolytope): void => {
      if (!P.fullDimensional) return;
      const n = P.dimension;
      const pts = P.vertices.map((v) => v.num.map((x) => new Fraction(x, v.den)));
      const order = P.vertices.map((_, i) => i).sort((i, j) => {
        const a = (P.vertices[i] as (typeof P.vertices)[number]).den;
        const b = (P.vertices[j] as (typeof P.vertices)[number]).den;
        return a < b ? -1 : a > b ? 1 : i - j;
      });
      const kept: Fraction[][] = [];
      for (const i of order) {
        if (kept.length > n) break;
        const p = pts[i] as Fraction[];
        const next = [...kept, p];
        if (kept.length === 0 || rank(next.slice(1).map((q) => q.map((x, j) => x.sub((next[0] as Fraction[])[j] as Fraction)))) === kept.length) kept.push(p);
      }
      const want = Array.from({ length: n }, (_, j) => kept.reduce((s, q) => s.add(q[j] as Fraction), new Fraction(0)).div(n + 1));
      const got = interiorPoint(P);
      expect(got.num.map((x) => new Fraction(x, got.den).toFraction())).toEqual(want.map((x) => x.toFraction()));
      // Reduced: gcd(num…, den) = 1.
      expect([...got.num, got.den].reduce((g, x) => gcdOf(g, x), 0n)).toBe(1n);
    };
    for (let seed = 1000; seed < 1030; seed++) randomWalk(seed, 2 + (seed % 3), 10, (P) => check(P));
  });
});

function gcdOf(a: bigint, b: bigint): bigint {
  a = a < 0n ? -a : a;
  b = b < 0n ? -b : b;
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}
