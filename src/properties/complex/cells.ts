/**
 * All cells of the canonical polyhedral complex from the stars of its generic vertices.
 *
 * At a generic vertex v with zero set Z the cells containing v are the sign sequences equal to v
 * off Z with any values in {−, 0, +} on Z ({0, +} on box facets), of dimension #nonzeros on Z
 * (Masden 2022, Lemma 16 and Thm 20; see vertices.ts for the local argument). Every cell has a
 * vertex (the domain is a box or the complex is pointed), so the union of the stars is the whole
 * complex, and since cells and sign sequences correspond one-to-one (a sign-sequence level set is
 * convex), cells are identified by their sign sequence.
 *
 * Face relation: a ≤ b ⇔ a_i ∈ {0, b_i} for every i (the oriented-matroid order; Masden's
 * `is_face`). Both lie in the star of any vertex u of a, where the star is a cube, so the sign
 * order is the face order there. The facets of a cell are the cells with one more zero; each
 * facet has a vertex u of the cell, and in u's star it is the cell with one of its Z-entries zeroed.
 */
import type { Arrangement } from './hyperplanes.js';
import { type ComplexVertex, sidesOf } from './vertices.js';

/** One cell of the complex. Cells 0 … V−1 are the vertices, in the vertex list's order. */
export interface ComplexCell {
  readonly signs: Int8Array;
  readonly dim: number;
  /** Vertices in the cell's closure (vertex = cell index < V). */
  readonly vertices: number[];
  /** Facets (codimension-1 faces) by cell index. An unbounded edge has one vertex facet. */
  readonly facets: number[];
  /** False when the cell is unbounded (it has an unbounded edge). */
  bounded: boolean;
}

const CHAR = ['-', '0', '+'];

/** The sign-sequence key of a star cell: `base` (v's key as a char array) with `rho` on `zeros`. */
function starKey(base: string[], zeros: readonly number[], rho: readonly number[]): string {
  const chars = base.slice();
  zeros.forEach((k, t) => {
    chars[k] = CHAR[(rho[t] as number) + 1] as string;
  });
  return chars.join('');
}

/** Every cell of the complex, from the stars of the (generic) vertices. */
export function buildCells(arr: Arrangement, vertices: readonly ComplexVertex[]): { cells: ComplexCell[]; index: Map<string, number> } {
  const cells: ComplexCell[] = [];
  const index = new Map<string, number>();
  vertices.forEach((v, id) => {
    const key = Array.from(v.signs, (s) => CHAR[s + 1]).join('');
    index.set(key, id);
    cells.push({ signs: v.signs, dim: 0, vertices: [id], facets: [], bounded: true });
  });
  const facetSets: Set<number>[] = cells.map(() => new Set<number>());
  const cellOf = (key: string, signs: () => Int8Array, dim: number): number => {
    const hit = index.get(key);
    if (hit !== undefined) return hit;
    const id = cells.length;
    cells.push({ signs: signs(), dim, vertices: [], facets: [], bounded: true });
    facetSets.push(new Set<number>());
    index.set(key, id);
    return id;
  };
  vertices.forEach((v, id) => {
    const z = v.zeros;
    const base = Array.from(v.signs, (s) => CHAR[s + 1] as string);
    // Values per zero axis: 0 and the allowed sides.
    const values = z.map((k) => [0, ...sidesOf(arr, k)]);
    const unboundedEdge = new Set<string>();
    for (const e of v.edges) if (e.to < 0) unboundedEdge.add(`${e.axis}:${e.side}`);
    const rho = new Array<number>(z.length).fill(0);
    const visit = (t: number): void => {
      if (t < z.length) {
        for (const x of values[t] as number[]) {
          rho[t] = x;
          visit(t + 1);
        }
        return;
      }
      const dim = rho.reduce((acc, x) => acc + (x !== 0 ? 1 : 0), 0);
      if (dim === 0) return;
      const key = starKey(base, z, rho);
      const make = (): Int8Array => {
        const s = v.signs.slice();
        z.forEach((k, q) => {
          s[k] = rho[q] as number;
        });
        return s;
      };
      const c = cellOf(key, make, dim);
      const cell = cells[c] as ComplexCell;
      cell.vertices.push(id);
      for (let q = 0; q < z.length; q++) {
        const x = rho[q] as number;
        if (x === 0) continue;
        if (unboundedEdge.has(`${z[q]}:${x}`)) cell.bounded = false;
        const saved = x;
        rho[q] = 0;
        const facetDim = dim - 1;
        const f = facetDim === 0 ? id : cellOf(starKey(base, z, rho), () => {
          const s = v.signs.slice();
          z.forEach((k, r) => {
            s[k] = rho[r] as number;
          });
          return s;
        }, facetDim);
        rho[q] = saved;
        (facetSets[c] as Set<number>).add(f);
      }
    };
    visit(0);
  });
  cells.forEach((c, i) => {
    c.facets.push(...[...(facetSets[i] as Set<number>)].sort((a, b) => a - b));
  });
  return { cells, index };
}

/** f-vector: number of cells of each dimension 0 … n. */
export function fVectorOf(cells: readonly ComplexCell[], n: number): number[] {
  const f = new Array<number>(n + 1).fill(0);
  for (const c of cells) f[c.dim] = (f[c.dim] as number) + 1;
  return f;
}

/** Σ (−1)^k f_k. */
export function eulerOf(f: readonly number[]): number {
  return f.reduce((acc, x, k) => acc + (k % 2 === 0 ? x : -x), 0);
}
