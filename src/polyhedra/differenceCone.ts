/**
 * Order cones: polyhedra cut out by homogeneous difference rows k·(x_u − x_v) ≤ 0 (k > 0), i.e.
 * x_u ≤ x_v. These are the only polyhedra a comparator network (a sorter, max, median) produces
 * on R^n: on an activation region every wire carries one input coordinate, so every comparator's
 * pre-activation is x_u − x_v. For them the LP questions of the region engine are graph questions,
 * decided exactly and without any LP:
 *
 * - read each row as an edge u → v of a digraph G. The rows' strict version (x_u < x_v on every
 *   edge) is feasible iff G is acyclic: a cycle u₁ → … → u_m → u₁ sums to 0 < 0, and an acyclic G
 *   is strictly satisfied by the longest-path depth (depth(v) ≥ depth(u) + 1 on every edge);
 * - a cycle gives Motzkin multipliers directly: 1/k on each of its rows sums the coefficient
 *   vectors to 0 and the right sides to 0, so the strict system is refuted (Motzkin's transposition
 *   theorem, the form the checker's refuteStrict verifies);
 * - x_u ≤ x_v on the whole cone iff v is reachable from u (a path's rows, each with multiplier
 *   1/k, sum to e_u − e_v with right side 0: weak duality). If v is not reachable, adding the edge
 *   v → u keeps G acyclic, so some point of the cone has x_u > x_v.
 *
 * Functions return undefined when a row is not of this form; callers then use the LP layer.
 */
import Fraction from 'fraction.js';

/** A closed row a·x ≤ b with integer entries (structurally the region engine's IntegerRow). */
export interface DifferenceRow {
  readonly a: readonly bigint[];
  readonly b: bigint;
}

/** An edge u → v (x_u ≤ x_v) coming from row `row` = k·(e_u − e_v). */
interface Edge {
  readonly to: number;
  readonly row: number;
  readonly scale: bigint;
}

/**
 * The digraph of the rows on the nodes 0 … n−1 (the coordinates) and n (a node Z standing for the
 * constant 0), or undefined when some row is not of the form k·(x_u − x_v) ≤ 0, k·x_u ≤ 0 (an edge
 * u → Z) or −k·x_v ≤ 0 (an edge Z → v). Sign rows x_u ≤ 0 are what a ReLU identity pair
 * relu(y), relu(−y) adds when it is split. Every cycle argument below still holds: a row is
 * k·(e_u − e_v) with e_Z = 0, so a cycle's rows still sum to 0, and a point with Z at depth d is
 * shifted by −d (differences are unchanged) to put Z at 0. Rows 0·x ≤ 0 add no edge.
 */
function orderGraph(rows: readonly DifferenceRow[], n: number): Edge[][] | undefined {
  const out: Edge[][] = Array.from({ length: n + 1 }, () => []);
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r] as DifferenceRow;
    if (row.b !== 0n) return undefined;
    let u = -1;
    let v = -1;
    let scale = 0n;
    for (let j = 0; j < row.a.length; j++) {
      const c = row.a[j] as bigint;
      if (c === 0n) continue;
      if (c > 0n && u < 0) {
        u = j;
        scale = c;
      } else if (c < 0n && v < 0) v = j;
      else return undefined;
    }
    if (u < 0 && v < 0) continue; // 0 ≤ 0
    if (u < 0) {
      (out[n] as Edge[]).push({ to: v, row: r, scale: -(row.a[v] as bigint) }); // x_v ≥ 0: Z → v
      continue;
    }
    if (v < 0) {
      (out[u] as Edge[]).push({ to: n, row: r, scale }); // x_u ≤ 0: u → Z
      continue;
    }
    if ((row.a[v] as bigint) !== -scale) return undefined;
    (out[u] as Edge[]).push({ to: v, row: r, scale });
  }
  return out;
}

const ZERO = new Fraction(0n);

/** Multipliers 1/k on the rows of a walk, dense over `count` rows. */
function walkMultipliers(walk: readonly Edge[], count: number): Fraction[] {
  const y = new Array<Fraction>(count).fill(ZERO);
  for (const e of walk) y[e.row] = (y[e.row] as Fraction).add(new Fraction(1n, e.scale));
  return y;
}

/** The answer for an order cone: a strictly interior point, or Motzkin multipliers (one per row). */
export type OrderConeInterior = { readonly kind: 'interior'; readonly point: Fraction[] } | { readonly kind: 'empty-interior'; readonly multipliers: Fraction[] };

/**
 * A point strictly inside every row, or Motzkin multipliers refuting the strict rows; undefined
 * when the rows do not form an order cone.
 */
export function orderConeInterior(rows: readonly DifferenceRow[], n: number): OrderConeInterior | undefined {
  const graph = orderGraph(rows, n);
  if (graph === undefined) return undefined;
  // Depth-first search with colours; a back edge closes a cycle (read off the DFS stack).
  const colour = new Uint8Array(n + 1); // 0 new, 1 on the stack, 2 done
  const order: number[] = [];
  const stackEdges: Edge[] = [];
  const stackNodes: number[] = [];
  const dfs = (u: number): Edge[] | undefined => {
    colour[u] = 1;
    stackNodes.push(u);
    for (const e of graph[u] as Edge[]) {
      if (colour[e.to] === 1) {
        const start = stackNodes.indexOf(e.to);
        return [...stackEdges.slice(start), e];
      }
      if (colour[e.to] === 0) {
        stackEdges.push(e);
        const cycle = dfs(e.to);
        if (cycle !== undefined) return cycle;
        stackEdges.pop();
      }
    }
    stackNodes.pop();
    colour[u] = 2;
    order.push(u);
    return undefined;
  };
  for (let u = 0; u <= n; u++) {
    if (colour[u] !== 0) continue;
    const cycle = dfs(u);
    if (cycle !== undefined) return { kind: 'empty-interior', multipliers: walkMultipliers(cycle, rows.length) };
  }
  // `order` is a reverse topological order; the longest-path depth is strict on every edge.
  const depth = new Array<number>(n + 1).fill(0);
  for (let t = order.length - 1; t >= 0; t--) {
    const u = order[t] as number;
    for (const e of graph[u] as Edge[]) depth[e.to] = Math.max(depth[e.to] as number, (depth[u] as number) + 1);
  }
  const zero = depth[n] as number;
  return { kind: 'interior', point: depth.slice(0, n).map((d) => new Fraction(d - zero)) };
}

/**
 * Multipliers y ≥ 0 (one per row) with Σ y_r a_r = e_u − e_v and Σ y_r b_r = 0, proving
 * x_u ≤ x_v on the cone; undefined when the rows are not an order cone or v is not reachable
 * from u (then x_u > x_v somewhere in the cone, if its interior is nonempty).
 */
export function orderConeBound(rows: readonly DifferenceRow[], n: number, u: number, v: number): Fraction[] | undefined {
  const graph = orderGraph(rows, n);
  if (graph === undefined || u === v) return undefined;
  // Breadth-first search for a shortest path u → v.
  const via: (Edge | undefined)[] = new Array<Edge | undefined>(n + 1).fill(undefined);
  const from = new Int32Array(n + 1);
  const seen = new Uint8Array(n + 1);
  seen[u] = 1;
  const queue = [u];
  for (let head = 0; head < queue.length; head++) {
    const x = queue[head] as number;
    for (const e of graph[x] as Edge[]) {
      if (seen[e.to] === 1) continue;
      seen[e.to] = 1;
      via[e.to] = e;
      from[e.to] = x;
      if (e.to === v) {
        const path: Edge[] = [];
        let at = v;
        while (at !== u) {
          path.push(via[at] as Edge);
          at = from[at] as number;
        }
        return walkMultipliers(path, rows.length);
      }
      queue.push(e.to);
    }
  }
  return undefined;
}
