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
 * Every answer is re-checked exactly before it is returned (the point strictly inside every row,
 * the multipliers' sums), so a verdict never rests on the graph code alone. Functions return
 * undefined when a row is not of this form (or a check fails); callers then use the LP layer.
 */
import Fraction from 'fraction.js';
import type { IntegerRow } from '../exact/integerRow.js';

/** A closed row a·x ≤ b with integer entries (the engine's one row type, src/exact/integerRow.ts). */
export type DifferenceRow = IntegerRow;

/** An edge u → v: x_u − x_v ≤ bound/scale, from row `row` = (k·(e_u − e_v), bound) with k = scale. */
interface Edge {
  readonly to: number;
  readonly row: number;
  readonly scale: bigint;
  readonly bound: bigint;
}

/**
 * The digraph of the rows on the nodes 0 … n−1 (the coordinates) and n (a node Z standing for the
 * constant 0), or undefined when some row is not of the form k·(x_u − x_v) ≤ 0, k·x_u ≤ 0 (an edge
 * u → Z) or −k·x_v ≤ 0 (an edge Z → v). Sign rows x_u ≤ 0 are what a ReLU identity pair
 * relu(y), relu(−y) adds when it is split. Every cycle argument below still holds: a row is
 * k·(e_u − e_v) with e_Z = 0, so a cycle's rows still sum to 0, and a point with Z at depth d is
 * shifted by −d (differences are unchanged) to put Z at 0. Rows 0·x ≤ 0 add no edge.
 */
function orderGraph(rows: readonly DifferenceRow[], n: number, weighted = false): Edge[][] | undefined {
  const out: Edge[][] = Array.from({ length: n + 1 }, () => []);
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r] as DifferenceRow;
    if (row.b !== 0n && !weighted) return undefined;
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
    if (u < 0 && v < 0) {
      if (row.b !== 0n) return undefined; // 0 ≤ b ≠ 0: left to the LP layer
      continue; // 0 ≤ 0
    }
    const bound = row.b;
    if (u < 0) {
      (out[n] as Edge[]).push({ to: v, row: r, scale: -(row.a[v] as bigint), bound }); // −k·x_v ≤ b: Z → v
      continue;
    }
    if (v < 0) {
      (out[u] as Edge[]).push({ to: n, row: r, scale, bound }); // k·x_u ≤ b: u → Z
      continue;
    }
    if ((row.a[v] as bigint) !== -scale) return undefined;
    (out[u] as Edge[]).push({ to: v, row: r, scale, bound });
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
  // A row with three or more nonzero coefficients is of neither form (both graphs refuse it):
  // checked first from the end, where the region engine puts its split rows.
  for (let r = rows.length - 1; r >= 0; r--) {
    let nonzero = 0;
    for (const v of (rows[r] as DifferenceRow).a) if (v !== 0n && ++nonzero > 2) return undefined;
  }
  const graph = orderGraph(rows, n);
  if (graph === undefined) return differenceSystemInterior(rows, n);
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
    if (cycle !== undefined) {
      // Re-checked exactly (a few products), as every answer that a verdict may rest on.
      const multipliers = walkMultipliers(cycle, rows.length);
      return certifiesEmpty(rows, multipliers, n) ? { kind: 'empty-interior', multipliers } : undefined;
    }
  }
  // `order` is a reverse topological order; the longest-path depth is strict on every edge.
  const depth = new Array<number>(n + 1).fill(0);
  for (let t = order.length - 1; t >= 0; t--) {
    const u = order[t] as number;
    for (const e of graph[u] as Edge[]) depth[e.to] = Math.max(depth[e.to] as number, (depth[u] as number) + 1);
  }
  const zero = depth[n] as number;
  const integers = depth.slice(0, n).map((d) => BigInt(d - zero));
  // Re-checked exactly in integers: a·x < b on every row (a zero row 0 ≤ b stays closed).
  const inside = (row: DifferenceRow): boolean => (row.a.every((c) => c === 0n) ? row.b >= 0n : row.a.reduce((acc, c, j) => acc + c * (integers[j] as bigint), 0n) < row.b);
  if (!rows.every(inside)) return undefined;
  return { kind: 'interior', point: integers.map((d) => new Fraction(d)) };
}

/**
 * Multipliers y ≥ 0 (one per row) with Σ y_r a_r = e_u − e_v and Σ y_r b_r = 0, proving
 * x_u ≤ x_v on the cone; undefined when the rows are not an order cone or v is not reachable
 * from u (then x_u > x_v somewhere in the cone, if its interior is nonempty).
 */
export function orderConeBound(rows: readonly DifferenceRow[], n: number, u: number, v: number): Fraction[] | undefined {
  if (u === v) return undefined;
  const graph = orderGraph(rows, n);
  if (graph === undefined) return differenceSystemBound(rows, n, u, v);
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
        return checkedBound(rows, walkMultipliers(path, rows.length), n, u, v);
      }
      queue.push(e.to);
    }
  }
  return undefined;
}

/**
 * Difference systems with constants: rows x_u − x_v ≤ w, x_u ≤ w, −x_v ≤ w (w = b/k), e.g. an
 * order cone cut by a box. The same graph with weights: the strict rows are feasible iff every
 * cycle has weight Σ w > 0 (a cycle's rows sum to 0 < Σ w; Bellman–Ford's theorem for the
 * converse), and a cycle with Σ w ≤ 0, each row with multiplier 1/k, is a Motzkin certificate.
 *
 * A strictly feasible point comes from shortest paths under the lexicographic weights (w, −1):
 * at convergence every edge u → v has d(u) ≤ d(v) + (w, −1), i.e. α_u < α_v + w, or α_u = α_v + w
 * and β_u ≤ β_v − 1; so x = α + ε·β is strictly feasible for ε > 0 small enough, chosen exactly
 * below. A lexicographically negative cycle is exactly one with Σ w ≤ 0. Integer arithmetic over
 * the common denominator L of the weights; every answer is re-checked exactly before it is
 * returned (undefined then, and the LP layer decides).
 */
function weightedGraph(rows: readonly DifferenceRow[], n: number): { graph: Edge[][]; L: bigint; weight: (e: Edge) => bigint } | undefined {
  const graph = orderGraph(rows, n, true);
  if (graph === undefined) return undefined;
  let L = 1n;
  const gcd = (a: bigint, b: bigint): bigint => (b === 0n ? a : gcd(b, a % b));
  for (const edges of graph) for (const e of edges) L = (L / gcd(L, e.scale)) * e.scale;
  return { graph, L, weight: (e) => e.bound * (L / e.scale) };
}

/** Interior point or Motzkin multipliers for a difference system with constants. */
function differenceSystemInterior(rows: readonly DifferenceRow[], n: number): OrderConeInterior | undefined {
  const g = weightedGraph(rows, n);
  if (g === undefined) return undefined;
  const { graph, L, weight } = g;
  const V = n + 1;
  const alpha = new Array<bigint>(V).fill(0n);
  const beta = new Array<number>(V).fill(0);
  const pred = new Array<Edge | undefined>(V).fill(undefined);
  // d(u) ← min(d(u), d(v) + (w, −1)) over edges u → v (x_u ≤ x_v + w), lexicographically.
  let changed = -1;
  for (let pass = 0; pass <= V; pass++) {
    changed = -1;
    for (let u = 0; u < V; u++) {
      for (const e of graph[u] as Edge[]) {
        const a = (alpha[e.to] as bigint) + weight(e);
        const b = (beta[e.to] as number) - 1;
        if (a < (alpha[u] as bigint) || (a === alpha[u] && b < (beta[u] as number))) {
          alpha[u] = a;
          beta[u] = b;
          pred[u] = e;
          changed = u;
        }
      }
    }
    if (changed < 0) break;
  }
  if (changed >= 0) {
    // Still relaxing after V passes: a lexicographically negative cycle. Walk V predecessor
    // steps to land on it, then collect it.
    let x = changed;
    for (let t = 0; t < V; t++) {
      const e = pred[x];
      if (e === undefined) return undefined;
      x = e.to;
    }
    const cycle: Edge[] = [];
    let y = x;
    do {
      const e = pred[y];
      if (e === undefined) return undefined;
      cycle.push(e);
      y = e.to;
    } while (y !== x && cycle.length <= V);
    const multipliers = walkMultipliers(cycle, rows.length);
    return certifiesEmpty(rows, multipliers, n) ? { kind: 'empty-interior', multipliers } : undefined;
  }
  // ε = min(1, min over edges with α-slack s > 0 and β_u > β_v of s / (2(β_u − β_v))).
  let eps = new Fraction(1n);
  for (let u = 0; u < V; u++) {
    for (const e of graph[u] as Edge[]) {
      const slack = (alpha[e.to] as bigint) + weight(e) - (alpha[u] as bigint);
      const db = (beta[u] as number) - (beta[e.to] as number);
      if (slack > 0n && db > 0) {
        const bound = new Fraction(slack, BigInt(2 * db));
        if (bound.compare(eps) < 0) eps = bound;
      }
    }
  }
  const zero = new Fraction(alpha[n] as bigint).add(eps.mul(beta[n] as number));
  const point = Array.from({ length: n }, (_, j) => new Fraction(alpha[j] as bigint).add(eps.mul(beta[j] as number)).sub(zero).div(L));
  return strictlyInside(rows, point) ? { kind: 'interior', point } : undefined;
}

/** Shortest-path multipliers proving x_u − x_v ≤ 0 on a difference system with constants. */
function differenceSystemBound(rows: readonly DifferenceRow[], n: number, u: number, v: number): Fraction[] | undefined {
  const g = weightedGraph(rows, n);
  if (g === undefined) return undefined;
  const { graph, weight } = g;
  const V = n + 1;
  // Bellman–Ford from u along the edges: dist(x) = min Σ w over walks u ⇝ x (x_u − x_x ≤ dist).
  const dist = new Array<bigint | undefined>(V).fill(undefined);
  const via = new Array<Edge | undefined>(V).fill(undefined);
  const from = new Int32Array(V);
  dist[u] = 0n;
  for (let pass = 0; pass < V; pass++) {
    let changed = false;
    for (let x = 0; x < V; x++) {
      const dx = dist[x];
      if (dx === undefined) continue;
      for (const e of graph[x] as Edge[]) {
        const d = dx + weight(e);
        const old = dist[e.to];
        if (old === undefined || d < old) {
          dist[e.to] = d;
          via[e.to] = e;
          from[e.to] = x;
          changed = true;
        }
      }
    }
    if (!changed) break;
    if (pass === V - 1) return undefined; // a negative cycle: no interior; leave it to the LP layer
  }
  const dv = dist[v];
  if (dv === undefined || dv > 0n) return undefined;
  const path: Edge[] = [];
  for (let at = v; at !== u && path.length <= V; at = from[at] as number) path.push(via[at] as Edge);
  return checkedBound(rows, walkMultipliers(path, rows.length), n, u, v);
}

/** y when it proves x_u − x_v ≤ 0 exactly (Σ y a = e_u − e_v, Σ y b ≤ 0), else undefined. */
function checkedBound(rows: readonly DifferenceRow[], y: Fraction[], n: number, u: number, v: number): Fraction[] | undefined {
  const { a, b } = combination(rows, y, n);
  const ok = a.every((c, j) => c.equals(j === u ? 1 : j === v ? -1 : 0)) && b.compare(0) <= 0;
  return ok ? y : undefined;
}

function combination(rows: readonly DifferenceRow[], y: readonly Fraction[], n: number): { a: Fraction[]; b: Fraction } {
  const a = new Array<Fraction>(n).fill(ZERO);
  let b = ZERO;
  rows.forEach((row, r) => {
    const yr = y[r] as Fraction;
    if (yr.n === 0n) return;
    row.a.forEach((c, j) => {
      if (c !== 0n) a[j] = (a[j] as Fraction).add(yr.mul(c));
    });
    b = b.add(yr.mul(row.b));
  });
  return { a, b };
}

/** Σ y a = 0, Σ y b ≤ 0, y ≥ 0 with weight on a nonzero row: the strict rows are infeasible. */
function certifiesEmpty(rows: readonly DifferenceRow[], y: readonly Fraction[], n: number): boolean {
  const { a, b } = combination(rows, y, n);
  return a.every((c) => c.n === 0n) && b.compare(0) <= 0 && y.some((v, r) => v.n !== 0n && (rows[r] as DifferenceRow).a.some((c) => c !== 0n));
}

function strictlyInside(rows: readonly DifferenceRow[], x: readonly Fraction[]): boolean {
  return rows.every((row) =>
    row.a.every((c) => c === 0n) ? row.b >= 0n : row.a.reduce((s, c, j) => (c === 0n ? s : s.add((x[j] as Fraction).mul(c))), ZERO).compare(row.b) < 0,
  );
}
