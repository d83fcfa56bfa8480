/**
 * The discrete Morse gradient vector field of F on C(F): a lower-star matching (Robins, Wood &
 * Sheppard 2011, "ProcessLowerStars", on the cubical stars of C(F); Brooks & Masden 2024, §4),
 * its acyclicity, and the one-to-one correspondence of its critical cells with the PL critical
 * points.
 *
 * Lower stars. F is affine on the closure of every cell, so on a bounded cell its maximum is
 * attained on a face; when no edge is flat (no degenerate vertex) that face is a single vertex,
 * and a cell of v's star has its maximum at v exactly when every edge of the cell at v descends.
 * So the lower star of v is the product Π_{i∈Z} L_i with L_i = {0} ∪ {s : ∂_{v,E(i,s)}F < 0},
 * and the lower stars partition the cells.
 *
 * Matching inside a lower star (Brooks & Masden 2024, §4; our construction, see NOTES D.5):
 * - regular v: an axis a has exactly one descending side s*; pair ρ ↔ ρ[a := s*] for every ρ with
 *   ρ_a = 0. Every cell of the lower star is matched.
 * - critical v of index k: L_i = {0, +, −} on the k maximum axes a_1 … a_k, {0} elsewhere. Pair
 *   ρ ↔ ρ[a_t := +] where a_t is the first maximum axis with ρ_{a_t} ≠ −, if ρ_{a_t} = 0. Only
 *   (−, …, −) stays unmatched: one critical cell, of dimension k = the index.
 * Both are products of acyclic matchings of {0, +, −} (or of {0, s*}), hence acyclic, and a union
 * of acyclic matchings on the lower stars of a filtration by vertices is acyclic (a gradient path
 * never climbs to a higher vertex); acyclicity is verified anyway on the whole Hasse diagram.
 */
import type { GenericComplex } from '../complex/complex.js';
import type { ComplexCell } from '../complex/cells.js';
import { sidesOf } from '../complex/vertices.js';
import type { VertexMorse } from './classify.js';

/** The discrete gradient. */
export interface DiscreteGradient {
  /** Matched (face, coface) pairs by cell index; the face is a facet of the coface. */
  readonly pairs: [number, number][];
  /** Unmatched cells and the vertex whose lower star holds each. */
  readonly critical: { readonly cell: number; readonly vertex: number }[];
  /** For each cell, the vertex whose lower star holds it (the vertex where F is largest on the cell). */
  readonly owner: Int32Array;
}

const CHAR = ['-', '0', '+'];

/**
 * The lower-star matching. Requires a bounded domain and no degenerate vertex.
 * @throws Error when a precondition fails or a verification fails (a bug).
 */
export function lowerStarGradient(complex: GenericComplex, morse: readonly VertexMorse[]): DiscreteGradient {
  const arr = complex.arrangement;
  const cells = complex.cells;
  const owner = new Int32Array(cells.length).fill(-1);
  const pairs: [number, number][] = [];
  const critical: { cell: number; vertex: number }[] = [];
  complex.vertices.forEach((v, id) => {
    const m = morse[id] as VertexMorse;
    const cls = m.classification;
    if (cls.kind === 'degenerate') throw new Error('a degenerate vertex has no lower star');
    const z = v.zeros;
    const base = Array.from(v.signs, (s) => CHAR[s + 1] as string);
    const descends = (axis: number, side: number): boolean => m.derivatives.some((d) => d.axis === axis && d.side === side && d.value.s < 0n);
    const values = z.map((axis) => [0, ...sidesOf(arr, axis).filter((s) => descends(axis, s))]);
    const cellAt = (rho: readonly number[]): number => {
      if (rho.every((x) => x === 0)) return id;
      const chars = base.slice();
      z.forEach((k, t) => {
        chars[k] = CHAR[(rho[t] as number) + 1] as string;
      });
      const c = complex.index.get(chars.join(''));
      if (c === undefined) throw new Error('internal error: a star cell is missing');
      return c;
    };
    const rho = new Array<number>(z.length).fill(0);
    const visit = (t: number): void => {
      if (t < z.length) {
        for (const x of values[t] as number[]) {
          rho[t] = x;
          visit(t + 1);
        }
        return;
      }
      const c = cellAt(rho);
      if (owner[c] !== -1) throw new Error('internal error: a cell lies in two lower stars');
      owner[c] = id;
      if (cls.kind === 'regular') {
        const t = z.indexOf(cls.axis);
        if (rho[t] === 0) {
          const up = rho.slice();
          up[t] = cls.side;
          pairs.push([c, cellAt(up)]);
        }
        return;
      }
      const axes = cls.maxAxes.map((a) => z.indexOf(a));
      const first = axes.find((t) => rho[t] !== -1);
      if (first === undefined) critical.push({ cell: c, vertex: id });
      else if (rho[first] === 0) {
        const up = rho.slice();
        up[first] = 1;
        pairs.push([c, cellAt(up)]);
      }
    };
    visit(0);
  });
  const orphan = owner.findIndex((o) => o === -1);
  if (orphan >= 0) throw new Error(`internal error: cell ${orphan} lies in no lower star (is it unbounded?)`);
  return { pairs, critical, owner };
}

/**
 * Whether a matching is acyclic: the Hasse diagram with matched edges reversed (face → coface)
 * and all others pointing down (cell → facet) has no directed cycle (Chari 2000; Forman 1998).
 * Kahn's algorithm: repeatedly remove nodes without incoming edges.
 */
export function isAcyclic(cells: readonly ComplexCell[], pairs: readonly (readonly [number, number])[]): boolean {
  const m = cells.length;
  const up = new Int32Array(m).fill(-1); // face → its matched coface
  for (const [a, b] of pairs) up[a] = b;
  const out: number[][] = cells.map(() => []);
  const indegree = new Int32Array(m);
  cells.forEach((c, b) => {
    for (const a of c.facets) {
      if (up[a] === b) (out[a] as number[]).push(b);
      else (out[b] as number[]).push(a);
    }
  });
  for (const edges of out) for (const t of edges) indegree[t] = (indegree[t] as number) + 1;
  const stack: number[] = [];
  indegree.forEach((d, i) => {
    if (d === 0) stack.push(i);
  });
  let removed = 0;
  while (stack.length > 0) {
    const x = stack.pop() as number;
    removed++;
    for (const t of out[x] as number[]) {
      indegree[t] = (indegree[t] as number) - 1;
      if (indegree[t] === 0) stack.push(t);
    }
  }
  return removed === m;
}

/** Whether `pairs` is a matching of facet pairs: each cell at most once, the face a facet of the coface. */
export function isFacetMatching(cells: readonly ComplexCell[], pairs: readonly (readonly [number, number])[]): boolean {
  const used = new Uint8Array(cells.length);
  for (const [a, b] of pairs) {
    if (used[a] === 1 || used[b] === 1) return false;
    used[a] = 1;
    used[b] = 1;
    if (!(cells[b] as ComplexCell).facets.includes(a)) return false;
  }
  return true;
}
