import Fraction from 'fraction.js';
import { describe, expect, it } from 'vitest';
import { type DifferenceRow, orderConeBound, orderConeInterior } from '../../src/polyhedra/differenceCone.js';
import { mulberry32, randomInteger } from '../../src/random/prng.js';
import { type Inequality, naiveFeasible, naiveLp } from '../support/naiveLinear.js';

/** Row k·(x_u − x_v) ≤ 0, i.e. x_u ≤ x_v. */
function edge(n: number, u: number, v: number, k = 1n): DifferenceRow {
  return { a: Array.from({ length: n }, (_, j) => (j === u ? k : j === v ? -k : 0n)), b: 0n };
}

/** Reachability by Floyd–Warshall (an independent reference for the graph searches). */
function closure(n: number, edges: readonly [number, number][]): boolean[][] {
  const r = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => i === j));
  for (const [u, v] of edges) (r[u] as boolean[])[v] = true;
  for (let k = 0; k < n; k++) for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (r[i]?.[k] && r[k]?.[j]) (r[i] as boolean[])[j] = true;
  return r;
}

/** Σ y_r a_r and Σ y_r b_r, after checking y ≥ 0. */
function combine(rows: readonly DifferenceRow[], y: readonly Fraction[], n: number): { a: Fraction[]; b: Fraction } {
  expect(y.length).toBe(rows.length);
  const a = Array.from({ length: n }, () => new Fraction(0n));
  let b = new Fraction(0n);
  rows.forEach((row, r) => {
    const yr = y[r] as Fraction;
    expect(yr.compare(0)).toBeGreaterThanOrEqual(0);
    row.a.forEach((v, j) => {
      a[j] = (a[j] as Fraction).add(yr.mul(v));
    });
    b = b.add(yr.mul(row.b));
  });
  return { a, b };
}

function randomCone(seed: number): { n: number; rows: DifferenceRow[]; edges: [number, number][] } {
  const random = mulberry32(seed);
  const n = randomInteger(random, 2, 7);
  const m = randomInteger(random, 0, 2 * n);
  const edges: [number, number][] = [];
  const rows: DifferenceRow[] = [];
  for (let t = 0; t < m; t++) {
    const k = BigInt(randomInteger(random, 1, 3));
    // One row in four is a sign row: k·x_u ≤ 0 (an edge u → Z, Z = node n standing for 0) or −k·x_u ≤ 0 (Z → u).
    if (randomInteger(random, 0, 3) === 0) {
      const u = randomInteger(random, 0, n - 1);
      const up = randomInteger(random, 0, 1) === 0;
      edges.push(up ? [u, n] : [n, u]);
      rows.push({ a: Array.from({ length: n }, (_, j) => (j === u ? (up ? k : -k) : 0n)), b: 0n });
      continue;
    }
    const u = randomInteger(random, 0, n - 1);
    let v = randomInteger(random, 0, n - 2);
    if (v >= u) v++;
    edges.push([u, v]);
    rows.push(edge(n, u, v, k));
  }
  return { n, rows, edges };
}

describe('order cones', () => {
  it('decides interiors exactly on 300 random cones (point strictly inside, or a cycle refuting the strict rows)', () => {
    let cyclic = 0;
    for (let seed = 1; seed <= 300; seed++) {
      const { n, rows, edges } = randomCone(seed);
      const reach = closure(n + 1, edges);
      const hasCycle = edges.some(([u, v]) => reach[v]?.[u] === true);
      const r = orderConeInterior(rows, n);
      expect(r).toBeDefined();
      if (r === undefined) continue;
      expect(r.kind).toBe(hasCycle ? 'empty-interior' : 'interior');
      if (r.kind === 'interior') {
        for (const row of rows) {
          const s = row.a.reduce((acc, v, j) => acc.add((r.point[j] as Fraction).mul(v)), new Fraction(0n));
          expect(s.compare(row.b)).toBeLessThan(0);
        }
      } else {
        cyclic++;
        const { a, b } = combine(rows, r.multipliers, n);
        expect(a.every((v) => v.equals(0))).toBe(true);
        expect(b.compare(0)).toBeLessThanOrEqual(0);
        expect(r.multipliers.some((v) => v.compare(0) > 0)).toBe(true);
      }
    }
    expect(cyclic).toBeGreaterThan(20);
  });

  it('proves x_u ≤ x_v exactly when v is reachable from u', () => {
    let proved = 0;
    for (let seed = 1; seed <= 200; seed++) {
      const { n, rows, edges } = randomCone(seed + 1000);
      const reach = closure(n + 1, edges);
      for (let u = 0; u < n; u++) {
        for (let v = 0; v < n; v++) {
          if (u === v) continue;
          const y = orderConeBound(rows, n, u, v);
          expect(y !== undefined).toBe(reach[u]?.[v] === true);
          if (y === undefined) continue;
          proved++;
          const { a, b } = combine(rows, y, n);
          a.forEach((c, j) => expect(c.equals(j === u ? 1 : j === v ? -1 : 0)).toBe(true));
          expect(b.equals(0)).toBe(true);
        }
      }
    }
    expect(proved).toBeGreaterThan(100);
  });

  it('refuses rows that are not difference rows (two opposite equal coefficients, or one), and zero rows 0 ≤ b ≠ 0', () => {
    expect(orderConeInterior([{ a: [2n, -1n], b: 0n }], 2)).toBeUndefined();
    expect(orderConeInterior([{ a: [2n, -1n], b: 3n }], 2)).toBeUndefined();
    expect(orderConeInterior([{ a: [1n, 1n], b: 0n }], 2)).toBeUndefined();
    expect(orderConeInterior([{ a: [1n, 1n, -2n], b: 0n }], 3)).toBeUndefined();
    expect(orderConeInterior([{ a: [0n, 0n], b: 1n }], 2)).toBeUndefined();
    expect(orderConeBound([{ a: [1n, -1n], b: 0n }, { a: [1n, 1n], b: 2n }], 2, 0, 1)).toBeUndefined();
    // With constants they are decided: x_0 − x_1 ≤ 1 and x_0 ≤ 1 have interior points.
    expect(orderConeInterior([{ a: [1n, -1n], b: 1n }, { a: [1n, 0n], b: 1n }], 2)?.kind).toBe('interior');
  });

  it('treats a zero row 0 ≤ 0 as no constraint and the empty system as all of R^n', () => {
    expect(orderConeInterior([{ a: [0n, 0n], b: 0n }], 2)).toMatchObject({ kind: 'interior' });
    expect(orderConeInterior([], 3)).toMatchObject({ kind: 'interior' });
  });

  it('sign rows go through the zero node: x_0 ≤ 0 ≤ x_1 proves x_0 ≤ x_1', () => {
    const rows = [{ a: [2n, 0n], b: 0n }, { a: [0n, -3n], b: 0n }];
    const y = orderConeBound(rows, 2, 0, 1);
    expect(y?.map((v) => v.toFraction())).toEqual(['1/2', '1/3']);
    const point = orderConeInterior(rows, 2);
    expect(point?.kind).toBe('interior');
    if (point?.kind === 'interior') {
      expect(point.point[0]?.compare(0)).toBeLessThan(0);
      expect(point.point[1]?.compare(0)).toBeGreaterThan(0);
    }
    // x_0 ≤ 0 and −x_0 ≤ 0: the strict rows contradict.
    expect(orderConeInterior([{ a: [1n, 0n], b: 0n }, { a: [-1n, 0n], b: 0n }], 2)?.kind).toBe('empty-interior');
  });

  it('x_0 ≤ x_1 ≤ x_2 ≤ x_0 has an empty interior; its three rows refute it with multipliers 1/k', () => {
    const rows = [edge(3, 0, 1, 2n), edge(3, 1, 2), edge(3, 2, 0, 3n)];
    const r = orderConeInterior(rows, 3);
    expect(r?.kind).toBe('empty-interior');
    if (r?.kind !== 'empty-interior') return;
    expect(r.multipliers.map((v) => v.toFraction())).toEqual(['1/2', '1', '1/3']);
  });
});

/**
 * The rows for the reference of test/support/naiveLinear.ts (Fourier–Motzkin written apart from
 * the engine's LP layer): closed, or strict (the interior: every row here is nonzero).
 */
function inequalities(rows: readonly DifferenceRow[], strict: boolean): Inequality[] {
  return rows.map((r) => ({ a: r.a.map((v) => new Fraction(v)), b: new Fraction(r.b), strict }));
}

const hasInterior = (rows: readonly DifferenceRow[], n: number): boolean => naiveFeasible(inequalities(rows, true), n);

/** A random difference system with constants: rows k(x_u − x_v) ≤ b and ±k x_u ≤ b, b small integers. */
function randomSystem(seed: number): { n: number; rows: DifferenceRow[] } {
  const random = mulberry32(seed);
  const n = randomInteger(random, 2, 5);
  const m = randomInteger(random, 1, 3 * n);
  const rows: DifferenceRow[] = [];
  for (let t = 0; t < m; t++) {
    const k = BigInt(randomInteger(random, 1, 3));
    const b = BigInt(randomInteger(random, -4, 4));
    const u = randomInteger(random, 0, n - 1);
    if (randomInteger(random, 0, 2) === 0) {
      const s = randomInteger(random, 0, 1) === 0 ? k : -k;
      rows.push({ a: Array.from({ length: n }, (_, j) => (j === u ? s : 0n)), b });
    } else {
      let v = randomInteger(random, 0, n - 2);
      if (v >= u) v++;
      rows.push({ a: Array.from({ length: n }, (_, j) => (j === u ? k : j === v ? -k : 0n)), b });
    }
  }
  return { n, rows };
}

describe('difference systems with constants (an order cone cut by a box)', () => {
  it('agree with Fourier–Motzkin on 300 random systems: interior or not, and every answer checked', () => {
    let empty = 0;
    let inside = 0;
    for (let seed = 1; seed <= 300; seed++) {
      const { n, rows } = randomSystem(seed);
      const r = orderConeInterior(rows, n);
      if (r === undefined) continue; // not decided by the graph search (counted: empty + inside below)
      expect(r.kind, `seed ${seed}`).toBe(hasInterior(rows, n) ? 'interior' : 'empty-interior');
      if (r.kind === 'interior') {
        inside++;
        for (const row of rows) {
          const v = row.a.reduce((acc, c, j) => acc.add((r.point[j] as Fraction).mul(c)), new Fraction(0n));
          expect(v.compare(row.b)).toBeLessThan(0);
        }
      } else {
        empty++;
        const { a, b } = combine(rows, r.multipliers, n);
        expect(a.every((v) => v.equals(0))).toBe(true);
        expect(b.compare(0)).toBeLessThanOrEqual(0);
      }
    }
    expect(empty).toBeGreaterThan(30);
    expect(inside).toBeGreaterThan(30);
  });

  it('prove x_u ≤ x_v exactly when the maximum of x_u − x_v (by Fourier–Motzkin) is ≤ 0', () => {
    let proved = 0;
    let refused = 0;
    for (let seed = 1; seed <= 150; seed++) {
      const { n, rows } = randomSystem(seed + 5000);
      if (!hasInterior(rows, n)) continue; // order cones are asked only of nonempty interiors (counted: proved + refused below)
      for (let u = 0; u < n; u++) {
        for (let v = 0; v < n; v++) {
          if (u === v) continue;
          const objective = Array.from({ length: n }, (_, j) => new Fraction(j === u ? 1 : j === v ? -1 : 0));
          const m = naiveLp(inequalities(rows, false), n, objective, 'max');
          const holds = m.status === 'optimal' && m.value.compare(0) <= 0;
          const y = orderConeBound(rows, n, u, v);
          expect(y !== undefined, `seed ${seed}, x_${u} ≤ x_${v}`).toBe(holds);
          if (y === undefined) {
            refused++;
            continue;
          }
          proved++;
          const { a, b } = combine(rows, y, n);
          a.forEach((c, j) => expect(c.equals(j === u ? 1 : j === v ? -1 : 0)).toBe(true));
          expect(b.compare(0)).toBeLessThanOrEqual(0);
        }
      }
    }
    expect(proved).toBeGreaterThan(20);
    expect(refused).toBeGreaterThan(20);
  });
});
