/**
 * Checks `complex` certificates: the canonical polyhedral complex C(F) of a network on R^n or a
 * box, given by its vertex list (see docs/complex.md).
 *
 * The checker trusts nothing but the network and the claim. For every listed vertex it
 * - evaluates the network exactly at the point and demands the recorded sign sequence (hidden
 *   ReLU neurons in layer order, the outputs when `withOutput`, then the box facets x_j ≥ lo_j,
 *   then x_j ≤ hi_j), no `-` on a facet (the vertex lies in the domain) and exactly n zeros;
 * - demands, for each of the 2^|Z| on/off choices of the zero neurons, an invertible matrix of
 *   the zero functions' gradients on that pattern (recomputed from the network). Then the cells
 *   whose closure contains v are exactly the sign sequences equal to v off its zeros with any
 *   value in {−, 0, +} ({0, +} on facets) on them, of dimension #nonzeros (the local cone
 *   {d : W d has those signs} is nonempty of that dimension);
 * - walks each of those star's edges: on the edge pattern it solves ∇z_j·d = 0 (other zeros),
 *   ∇z_i·d = s, moves to the first zero of a function that is nonzero on the edge, evaluates the
 *   network at that point and demands a listed vertex there (or, on R^n only, an unbounded edge).
 * So the listed vertices are closed under walking edges. On a box every cell is a polytope; on
 * R^n the checker demands that the first ReLU layer's gradients span R^n, so every cell is a
 * pointed polyhedron. A pointed polyhedral complex on a connected domain has a connected graph
 * of bounded edges, hence the list holds every vertex, and every cell, having a vertex, is in the
 * star of a listed vertex: the cells are exactly the union of the stars. The checker builds them,
 * with their facets (one more zero), and recomputes the f-vector, the unbounded cells, the Euler
 * characteristic and the Z/2 Betti numbers (one-point compactification on R^n) of the claim.
 */
import type { Network } from '../network/model.js';
import { type AffineMap, type Q, add, cmp, demand, div, eq, integerDeterminant, integerRank, mul, neg, patternMaps, point, preactivationsAt, q, reduce, sign, solveSquare, sub, text } from './kernel/index.js';
import type { Checked, WithNetwork } from './types.js';

/** One coordinate of the sign sequence. */
interface Plane {
  readonly kind: 'neuron' | 'output' | 'facet';
  readonly layer: number;
  readonly index: number;
}

/** An affine function (a·x + c)/den. */
interface Form {
  readonly a: readonly bigint[];
  readonly c: bigint;
  readonly den: bigint;
}

/** A verified vertex. */
export interface CheckedVertex {
  readonly x: Q[];
  readonly signs: Int8Array;
  readonly zeros: number[];
  /** Edges in certificate order (zeros ascending, + before −; facets + only). */
  readonly edges: { readonly axis: number; readonly side: 1 | -1; readonly d: Q[]; readonly pattern: boolean[][]; readonly to: number }[];
}

/** A cell built from the stars. */
export interface CheckedCell {
  readonly key: string;
  readonly dim: number;
  readonly vertices: Set<number>;
  readonly facets: Set<number>;
  bounded: boolean;
}

/** The verified complex. */
export interface CheckedComplex {
  readonly n: number;
  readonly planes: readonly Plane[];
  readonly boxed: boolean;
  readonly vertices: CheckedVertex[];
  readonly cells: CheckedCell[];
  readonly cellIndex: Map<string, number>;
  readonly fVector: number[];
  readonly unbounded: number;
}

const CHAR = ['-', '0', '+'];
const key = (s: Int8Array): string => Array.from(s, (x) => CHAR[x + 1]).join('');

function planesOf(net: Network, withOutput: boolean, boxed: boolean): Plane[] {
  const planes: Plane[] = [];
  net.layers.forEach((l, k) => {
    if (l.activation === 'relu') for (let i = 0; i < l.outputs; i++) planes.push({ kind: 'neuron', layer: k, index: i });
  });
  const last = net.layers.length - 1;
  const lastLayer = net.layers[last];
  if (withOutput && lastLayer !== undefined && lastLayer.activation !== 'relu') for (let i = 0; i < lastLayer.outputs; i++) planes.push({ kind: 'output', layer: last, index: i });
  if (boxed) for (const side of [0, 1]) for (let j = 0; j < net.inputs; j++) planes.push({ kind: 'facet', layer: j, index: side });
  return planes;
}

/** The on/off pattern of a sign sequence (0 counts as off), per layer. */
function patternOf(net: Network, planes: readonly Plane[], signs: Int8Array): boolean[][] {
  const p: boolean[][] = net.layers.map((l) => (l.activation === 'relu' ? new Array<boolean>(l.outputs).fill(false) : []));
  planes.forEach((h, k) => {
    if (h.kind === 'neuron') (p[h.layer] as boolean[])[h.index] = (signs[k] as number) > 0;
  });
  return p;
}

/** The claim's box (or undefined on R^n), with lo < hi demanded. */
function boxOf(domain: { kind: string; box?: [string, string][] }, n: number): { lo: Q; hi: Q }[] | undefined {
  demand(domain.kind === 'all' || domain.kind === 'box', 'the complex is defined here on R^n ("all") or a box', 'claim.domain.kind');
  if (domain.kind === 'all') return undefined;
  const box = domain.box as [string, string][];
  demand(box.length === n, `the box has ${box.length} intervals, the network has ${n} inputs`, 'claim.domain.box');
  return box.map(([lo, hi], j) => {
    const l = q(lo, `claim.domain.box[${j}][0]`);
    const h = q(hi, `claim.domain.box[${j}][1]`);
    const out = { lo: reduce(l), hi: reduce(h) };
    demand(cmp(out.lo, out.hi) < 0, 'every box interval must have lo < hi (the box must have an interior)', `claim.domain.box[${j}]`);
    return out;
  });
}

/** Forms of every plane on a pattern, plus the network outputs' forms. */
function formsOf(net: Network, planes: readonly Plane[], box: { lo: Q; hi: Q }[] | undefined, pattern: boolean[][]): { forms: Form[]; outputs: AffineMap } {
  const { preactivations: maps, output } = patternMaps(net, pattern);
  const forms = planes.map((h): Form => {
    if (h.kind === 'facet') {
      const b = box as { lo: Q; hi: Q }[];
      const v = h.index === 0 ? (b[h.layer] as { lo: Q }).lo : (b[h.layer] as { hi: Q }).hi;
      const side = h.index === 0 ? 1n : -1n;
      const a = Array.from({ length: net.inputs }, (_, t) => (t === h.layer ? side * v.d : 0n));
      return { a, c: -side * v.n, den: v.d };
    }
    const m = maps[h.layer] as AffineMap;
    return { a: m.num[h.index] as bigint[], c: m.offset[h.index] as bigint, den: m.den };
  });
  return { forms, outputs: output };
}

/** (a·x + c)/den, reduced. */
function valueAt(f: Form, x: readonly Q[], c: bigint = f.c): Q {
  let s: Q = { n: c, d: 1n };
  f.a.forEach((v, j) => {
    if (v !== 0n) s = add(s, mul(x[j] as Q, { n: v, d: 1n }));
  });
  return reduce(div(s, { n: f.den, d: 1n }));
}

/** (a·d)/den, reduced: the rate of change along d. */
function rateAlong(f: Form, d: readonly Q[]): Q {
  return valueAt(f, d, 0n);
}

/** The sign sequence at a point by exact evaluation of the network (and the box). */
function signsAt(net: Network, planes: readonly Plane[], box: { lo: Q; hi: Q }[] | undefined, x: readonly Q[]): Int8Array {
  const z = preactivationsAt(net, x);
  const sgn = sign;
  return Int8Array.from(
    planes.map((h) => {
      if (h.kind === 'facet') {
        const b = (box as { lo: Q; hi: Q }[])[h.layer] as { lo: Q; hi: Q };
        const xj = x[h.layer] as Q;
        return sgn(h.index === 0 ? sub(xj, b.lo) : sub(b.hi, xj));
      }
      return sgn((z[h.layer] as Q[])[h.index] as Q);
    }),
  );
}

/** Sides allowed on a plane: ± for neurons and outputs, + for box facets. */
function sides(h: Plane): (1 | -1)[] {
  return h.kind === 'facet' ? [1] : [1, -1];
}

/**
 * Verifies the vertex list of a complex certificate and rebuilds all cells (see the module
 * comment). `path` locates the vertex list in the evidence.
 */
/** Largest input dimension whose complex the checker re-derives (3^n cells per vertex star). */
export const MAX_COMPLEX_INPUTS = 10;

export function verifyComplex(
  net: Network,
  domain: { kind: string; box?: [string, string][] },
  withOutput: boolean,
  listed: readonly { point: string[]; signs: string }[],
  path: string,
): CheckedComplex {
  const n = net.inputs;
  // The star of a generic vertex has 3^n cells and the check enumerates 2^n activation choices per
  // vertex: beyond this size the checker refuses rather than run out of time or memory.
  demand(n <= MAX_COMPLEX_INPUTS, `input dimension ${n} is too large to re-derive (the checker handles at most ${MAX_COMPLEX_INPUTS})`, 'claim.network');
  const box = boxOf(domain, n);
  const planes = planesOf(net, withOutput, box !== undefined);
  demand(listed.length > 0, 'the vertex list is empty (every such complex has a vertex)', path);
  const cache = new Map<string, { forms: Form[]; outputs: AffineMap }>();
  const forms = (pattern: boolean[][]): { forms: Form[]; outputs: AffineMap } => {
    const k = pattern.map((l) => l.map((b) => (b ? 1 : 0)).join('')).join('|');
    let hit = cache.get(k);
    if (hit === undefined) {
      hit = formsOf(net, planes, box, pattern);
      cache.set(k, hit);
    }
    return hit;
  };
  if (box === undefined) {
    // Pointedness on R^n: the first ReLU layer's functions are affine on all of R^n.
    const first = planes.find((h) => h.kind === 'neuron');
    demand(first !== undefined, 'on R^n the complex needs a ReLU layer whose hyperplanes span R^n (else it has no vertex)', 'claim.domain');
    const f = forms(patternOf(net, planes, new Int8Array(planes.length))).forms;
    const rows = planes.flatMap((h, k) => (h.kind === 'neuron' && h.layer === first.layer ? [[...(f[k] as Form).a]] : []));
    demand(integerRank(rows) === n, `the first ReLU layer's gradients span a space of dimension ${integerRank(rows)} < ${n}: cells are not pointed, the vertex walk proves nothing`, 'claim.domain');
  }
  const byKey = new Map<string, number>();
  const vertices: CheckedVertex[] = listed.map((v, i) => {
    const at = `${path}[${i}]`;
    demand(v.point.length === n, `the point has ${v.point.length} coordinates, the network ${n} inputs`, `${at}.point`);
    const x = point(v.point, `${at}.point`).map(reduce);
    const signs = signsAt(net, planes, box, x);
    const k = key(signs);
    demand(k === v.signs, `the sign sequence at the point is ${k}, the certificate records ${v.signs}`, `${at}.signs`);
    demand(!byKey.has(k), `vertex ${i} repeats vertex ${byKey.get(k)}`, at);
    byKey.set(k, i);
    planes.forEach((h, p) => {
      demand(h.kind !== 'facet' || (signs[p] as number) >= 0, 'the vertex lies outside the box', `${at}.point`);
    });
    const zeros: number[] = [];
    signs.forEach((s, p) => {
      if (s === 0) zeros.push(p);
    });
    demand(zeros.length === n, `the vertex has ${zeros.length} zero entries, a generic vertex has exactly n = ${n}`, `${at}.signs`);
    return { x, signs, zeros, edges: [] };
  });
  vertices.forEach((v, i) => {
    const at = `${path}[${i}]`;
    // Transversality: every on/off choice on the zeros gives invertible gradients.
    let choices: number[][] = [[]];
    for (const p of v.zeros) choices = choices.flatMap((c) => sides(planes[p] as Plane).map((s) => [...c, s]));
    for (const tau of choices) {
      const s = v.signs.slice();
      v.zeros.forEach((p, t) => {
        s[p] = tau[t] as number;
      });
      const f = forms(patternOf(net, planes, s)).forms;
      demand(integerDeterminant(v.zeros.map((p) => [...(f[p] as Form).a])) !== 0n, `the zero hyperplanes are not transversal on the pattern ${key(s)}`, at);
    }
    for (const axis of v.zeros) {
      for (const side of sides(planes[axis] as Plane)) {
        const s = v.signs.slice();
        s[axis] = side;
        const pattern = patternOf(net, planes, s);
        const f = forms(pattern).forms;
        // (a_p / den_p)·d = [p = axis]·side for every zero p, i.e. a_p·d = [p = axis]·side·den_p.
        const sol = solveSquare(
          v.zeros.map((p) => (f[p] as Form).a),
          v.zeros.map((p) => (p === axis ? BigInt(side) * (f[p] as Form).den : 0n)),
        );
        demand(sol !== undefined, 'the edge direction is not unique', at);
        const d = sol;
        let best: Q | undefined;
        f.forEach((g, p) => {
          const sp = s[p] as number;
          if (sp === 0 || p === axis) return;
          const rate = rateAlong(g, d);
          if (rate.n === 0n || sign(rate) === sp) return;
          const t = reduce(div(neg(valueAt(g, v.x)), rate));
          if (best === undefined || cmp(t, best) < 0) best = t;
        });
        let to = -1;
        if (best === undefined) {
          demand(box === undefined, 'an unbounded edge inside a box', at);
        } else {
          const tStar: Q = best;
          const w = v.x.map((xj, j) => reduce(add(xj, mul(tStar, d[j] as Q))));
          const wk = key(signsAt(net, planes, box, w));
          const hit = byKey.get(wk);
          demand(hit !== undefined, `the edge from vertex ${i} setting entry ${axis} to ${side > 0 ? '+' : '-'} ends at (${w.map(text).join(', ')}), signs ${wk}, which is not a listed vertex`, at);
          const u = vertices[hit] as CheckedVertex;
          demand(u.x.every((c, j) => eq(c, w[j] as Q)), `the edge ends at a point other than the listed vertex ${hit}`, at);
          to = hit;
        }
        v.edges.push({ axis, side, d, pattern, to });
      }
    }
  });
  // Cells: the union of the stars.
  const cells: CheckedCell[] = [];
  const cellIndex = new Map<string, number>();
  const cellOf = (k: string, dim: number): number => {
    let c = cellIndex.get(k);
    if (c === undefined) {
      c = cells.length;
      cells.push({ key: k, dim, vertices: new Set(), facets: new Set(), bounded: true });
      cellIndex.set(k, c);
    }
    return c;
  };
  vertices.forEach((v) => cellOf(key(v.signs), 0));
  vertices.forEach((v, i) => {
    const unboundedEdges = new Set(v.edges.filter((e) => e.to < 0).map((e) => `${e.axis}:${e.side}`));
    let choices: number[][] = [[]];
    for (const p of v.zeros) choices = choices.flatMap((c) => [0, ...sides(planes[p] as Plane)].map((s) => [...c, s]));
    for (const rho of choices) {
      const dim = rho.filter((x) => x !== 0).length;
      const s = v.signs.slice();
      v.zeros.forEach((p, t) => {
        s[p] = rho[t] as number;
      });
      const c = cells[cellOf(key(s), dim)] as CheckedCell;
      c.vertices.add(i);
      v.zeros.forEach((p, t) => {
        if (rho[t] === 0) return;
        if (unboundedEdges.has(`${p}:${rho[t]}`)) c.bounded = false;
        const f = s.slice();
        f[p] = 0;
        c.facets.add(cellOf(key(f), dim - 1));
      });
    }
  });
  const fVector = new Array<number>(n + 1).fill(0);
  for (const c of cells) fVector[c.dim] = (fVector[c.dim] as number) + 1;
  return { n, planes, boxed: box !== undefined, vertices, cells, cellIndex, fVector, unbounded: cells.filter((c) => !c.bounded).length };
}

/**
 * Z/2 Betti numbers of the subcomplex of the cells with `member` true (all when omitted): by
 * rank-nullity, b_k = #k-cells − rank ∂_k − rank ∂_{k+1}, ranks by elimination over Z/2. With
 * `infinity`, a point at infinity closes every unbounded edge (one facet only).
 */
export function bettiNumbers(cells: readonly CheckedCell[], n: number, infinity: boolean, member?: (c: number) => boolean): number[] {
  const inside = member ?? ((): boolean => true);
  const count = new Array<number>(n + 2).fill(0);
  const rank = new Array<number>(n + 2).fill(0);
  const INF = cells.length;
  if (infinity) count[0] = 1;
  for (let k = 1; k <= n; k++) {
    // Rows of ∂_k as sorted facet lists; elimination keyed by the largest entry.
    const pivots = new Map<number, number[]>();
    cells.forEach((c, i) => {
      if (c.dim !== k || !inside(i)) return;
      let col = [...c.facets].filter((f) => inside(f));
      if (k === 1 && infinity && c.facets.size === 1) col.push(INF);
      col.sort((a, b) => a - b);
      while (col.length > 0) {
        const top = col[col.length - 1] as number;
        const other = pivots.get(top);
        if (other === undefined) break;
        const merged: number[] = [];
        let p = 0;
        let r = 0;
        while (p < col.length || r < other.length) {
          const a = col[p];
          const b = other[r];
          if (b === undefined || (a !== undefined && a < b)) {
            merged.push(a as number);
            p++;
          } else if (a === undefined || b < a) {
            merged.push(b);
            r++;
          } else {
            p++;
            r++;
          }
        }
        col = merged;
      }
      if (col.length > 0) pivots.set(col[col.length - 1] as number, col);
    });
    rank[k] = pivots.size;
  }
  cells.forEach((c, i) => {
    if (inside(i)) count[c.dim] = (count[c.dim] as number) + 1;
  });
  return Array.from({ length: n + 1 }, (_, k) => (count[k] as number) - (rank[k] as number) - (rank[k + 1] as number));
}

/** Checks a parsed `complex` certificate whose network is resolved. */
export function checkComplex(cert: WithNetwork<'complex'>): Checked {
  const { claim, evidence, network } = cert;
  demand(cert.verdict === 'holds', 'a complex certificate states facts: its verdict is "holds"', 'verdict');
  demand(evidence.kind === 'complex-vertices', `a complex certificate needs complex-vertices evidence, not ${evidence.kind}`, 'evidence.kind');
  const cx = verifyComplex(network, claim.domain as { kind: string; box?: [string, string][] }, claim.withOutput, evidence.vertices, 'evidence.vertices');
  const n = cx.n;
  demand(claim.vertices === cx.vertices.length, `the complex has ${cx.vertices.length} vertices, the claim states ${claim.vertices}`, 'claim.vertices');
  const same = (a: readonly number[], b: readonly number[]): boolean => a.length === b.length && a.every((x, k) => x === b[k]);
  demand(same(claim.fVector, cx.fVector), `the f-vector is (${cx.fVector.join(', ')}), the claim states (${claim.fVector.join(', ')})`, 'claim.fVector');
  const euler = cx.fVector.reduce((acc, f, k) => acc + (k % 2 === 0 ? f : -f), 0);
  demand(claim.eulerCharacteristic === euler, `Σ(−1)^k f_k is ${euler}, the claim states ${claim.eulerCharacteristic}`, 'claim.eulerCharacteristic');
  const known = cx.boxed ? 1 : n % 2 === 0 ? 1 : -1;
  demand(euler === known, `Σ(−1)^k f_k is ${euler}, but a complete complex has ${known}`, 'claim.eulerCharacteristic');
  const betti = bettiNumbers(cx.cells, n, !cx.boxed);
  demand(same(claim.bettiZ2, betti), `the Z/2 Betti numbers are (${betti.join(', ')}), the claim states (${claim.bettiZ2.join(', ')})`, 'claim.bettiZ2');
  demand(claim.unboundedCells === cx.unbounded, `${cx.unbounded} cells are unbounded, the claim states ${claim.unboundedCells}`, 'claim.unboundedCells');
  return { summary: `a generic canonical polyhedral complex with f-vector (${cx.fVector.join(', ')}), χ = ${euler}, Z/2 Betti numbers (${betti.join(', ')}); ${cx.vertices.length} vertices verified exactly, every edge walked to a listed vertex` };
}
