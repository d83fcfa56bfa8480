/**
 * Homology over Z/2 of a cell complex given by its facet lists: Betti numbers, and the
 * persistence pairing of a filtration (from which the Betti numbers of every sublevel complex
 * follow). The standard column reduction of the boundary matrix (Edelsbrunner, Letscher &
 * Zomorodian 2002; Zomorodian & Carlsson 2005) in Z/2: columns are sets of rows, XOR is addition.
 *
 * Over Z/2 incidence numbers are all 1, so a cell's boundary is the sum of its facets. For the
 * one-point compactification of R^n the point at infinity is an extra 0-cell that closes every
 * unbounded edge (as in Masden's topology.py); higher unbounded cells need nothing more, because
 * mod 2 their boundaries already sum to a cycle once their unbounded edges are closed.
 */

/** A cell for homology: its dimension and the indices of its facets (codimension-1 faces). */
export interface ChainCell {
  readonly dim: number;
  readonly facets: readonly number[];
}

/** Result of reducing the boundary matrix in a filtration order. */
export interface Reduction {
  /** For each cell: the cell that kills it (a positive cell paired with a negative one), else −1. */
  readonly killedBy: Int32Array;
  /** For each cell: whether it is negative (its reduced column is nonzero: it kills a cycle). */
  readonly negative: Uint8Array;
}

function xorSorted(a: readonly number[], b: readonly number[]): number[] {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i] as number;
    const y = b[j] as number;
    if (x < y) {
      out.push(x);
      i++;
    } else if (y < x) {
      out.push(y);
      j++;
    } else {
      i++;
      j++;
    }
  }
  while (i < a.length) out.push(a[i++] as number);
  while (j < b.length) out.push(b[j++] as number);
  return out;
}

/**
 * Reduces the Z/2 boundary matrix with cells taken in `order` (a filtration: every facet comes
 * before its cell). Rows and columns are positions in `order`.
 */
export function reduce(cells: readonly ChainCell[], order: readonly number[]): Reduction {
  const m = cells.length;
  const position = new Int32Array(m).fill(-1);
  order.forEach((c, p) => {
    position[c] = p;
  });
  const pivotOwner = new Int32Array(m).fill(-1); // row position → column position with that low
  const columns: number[][] = new Array(m);
  const killedBy = new Int32Array(m).fill(-1);
  const negative = new Uint8Array(m);
  for (let p = 0; p < order.length; p++) {
    const c = order[p] as number;
    let col = (cells[c] as ChainCell).facets.map((f) => {
      const q = position[f] as number;
      if (q < 0 || q >= p) throw new Error('internal error: the order is not a filtration');
      return q;
    });
    col.sort((x, y) => x - y);
    for (let k = 1; k < col.length; k++) if (col[k] === col[k - 1]) throw new Error('internal error: duplicate facet');
    while (col.length > 0) {
      const low = col[col.length - 1] as number;
      const owner = pivotOwner[low] as number;
      if (owner < 0) break;
      col = xorSorted(col, columns[owner] as number[]);
    }
    columns[p] = col;
    if (col.length > 0) {
      const low = col[col.length - 1] as number;
      pivotOwner[low] = p;
      negative[c] = 1;
      killedBy[order[low] as number] = c;
    }
  }
  return { killedBy, negative };
}

/** Cells in order of dimension (a filtration of the whole complex). */
export function dimensionOrder(cells: readonly ChainCell[]): number[] {
  return cells.map((_, i) => i).sort((a, b) => (cells[a] as ChainCell).dim - (cells[b] as ChainCell).dim || a - b);
}

/** Betti numbers over Z/2 (b_0 … b_maxDim) of the whole complex. */
export function bettiZ2(cells: readonly ChainCell[], maxDim: number): number[] {
  const r = reduce(cells, dimensionOrder(cells));
  const betti = new Array<number>(maxDim + 1).fill(0);
  cells.forEach((c, i) => {
    if (r.negative[i] === 0 && r.killedBy[i] === -1) betti[c.dim] = (betti[c.dim] as number) + 1;
  });
  return betti;
}

/**
 * Betti numbers over Z/2 of the subcomplexes K_t = {cells with level ≤ t} of a filtration given
 * by one level per cell (faces never above their cofaces), at each threshold of `levels`
 * (threshold indices into a sorted list the caller owns: a cell is in K_t when level ≤ t).
 */
export function sublevelBetti(cells: readonly ChainCell[], cellLevel: readonly number[], thresholds: readonly number[], maxDim: number): number[][] {
  const order = cells.map((_, i) => i).sort((a, b) => (cellLevel[a] as number) - (cellLevel[b] as number) || (cells[a] as ChainCell).dim - (cells[b] as ChainCell).dim || a - b);
  const r = reduce(cells, order);
  return thresholds.map((t) => {
    const betti = new Array<number>(maxDim + 1).fill(0);
    cells.forEach((c, i) => {
      if ((cellLevel[i] as number) > t || r.negative[i] === 1) return;
      const killer = r.killedBy[i] as number;
      if (killer === -1 || (cellLevel[killer] as number) > t) betti[c.dim] = (betti[c.dim] as number) + 1;
    });
    return betti;
  });
}
