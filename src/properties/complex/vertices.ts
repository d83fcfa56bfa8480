/**
 * Exact vertex enumeration of the canonical polyhedral complex by walking its 1-skeleton.
 *
 * Why a walk finds every vertex. At a *generic* vertex v (exactly n zero entries Z, and for each
 * of the 2^|Z| on/off choices τ of the neurons in Z the n×n matrix W_τ of the gradients of the
 * Z-functions on the pattern τ is invertible), the cells whose closure contains v are exactly the
 * sign sequences that agree with v off Z and take any value in {−, 0, +} on Z ({0, +} on box
 * facets): near v the cell with values ρ on Z is v + {d : ∇z_j·d = 0 where ρ_j = 0, ρ_j ∇z_j·d > 0
 * elsewhere}, a nonempty relatively open cone of dimension #{ρ_j ≠ 0} because W_τ is invertible
 * (Masden 2022, Lemma 16 and Thm 20: the star is dual to a cube). Its 1-cells are the 2n edges
 * E(i, s): entry i ∈ Z set to s, the others 0. On an edge every function is affine (its pattern is
 * fixed), so the edge is the open segment from v in the direction d with ∇z_j·d = 0 (j ∈ Z∖{i}),
 * ∇z_i·d = s (Brooks & Masden 2024, Lemma 10), up to the first t > 0 where another function whose
 * entry is nonzero vanishes — computed exactly by a ratio test; no such t: the edge is unbounded.
 *
 * Completeness. On a box every cell is a polytope; on R^n every cell lies in a region of the
 * first ReLU layer's arrangement, which is pointed when those weight rows span R^n. A pointed
 * polyhedral complex covering a connected domain has a connected graph of bounded edges (the
 * graph of a pointed polyhedron is connected — the simplex method's argument — and neighbouring
 * top cells share a facet, which has a vertex). So the vertices reached from one vertex by
 * walking edges are all of them, and every cell, having a vertex, is in some vertex's star.
 *
 * Non-generic vertices (more than n zeros, or a singular W_τ: duplicated or opposite hyperplanes,
 * a neuron identically zero near v, a transversality failure) are reported and not walked
 * through: the star is then not a cube and the walk's completeness argument does not apply.
 */
import Fraction from 'fraction.js';
import { LimitReached } from '../../errors.js';
import { stopReason } from '../../stopCondition.js';
import { gcdBig, lcmBig } from '../../exact/integer.js';
import { integerDeterminant, integerRank, solve } from '../../exact/linalg.js';
import { denominator, numerator } from '../../exact/rational.js';
import type { IntegerVector } from '../../exact/vector.js';
import { evaluateTrace } from '../../network/evaluate.js';
import { dotInteger } from '../../exact/vector.js';
import { type Arrangement, type LinearForm, formSign, patternOf, signsKey } from './hyperplanes.js';

/** One edge leaving a generic vertex. */
export interface VertexEdge {
  /** The hyperplane (sign-sequence position) whose entry the edge sets to `side`. */
  readonly axis: number;
  readonly side: 1 | -1;
  /** Direction d from the vertex: ∇z_axis·d = side, ∇z_j·d = 0 for the vertex's other zeros. */
  readonly direction: IntegerVector;
  /** On/off pattern of the edge (and of its top coface with the other zeros off). */
  readonly pattern: Uint8Array;
  /** Index of the far vertex, or −1 when the edge is unbounded (it ends at the point at infinity). */
  to: number;
}

/** A vertex (0-cell) of the complex. */
export interface ComplexVertex {
  readonly point: readonly Fraction[];
  /** The point as integers over one positive denominator (reduced). */
  readonly coords: IntegerVector;
  readonly signs: Int8Array;
  /** Sign-sequence positions that are 0 here. */
  readonly zeros: readonly number[];
  /** Generic vertices only: the edges, ordered by zero position then side (+ before −). */
  readonly edges: VertexEdge[];
  /** Whether the vertex is generic (exactly n zeros, every W_τ invertible). */
  readonly generic: boolean;
}

/** A reason the complex is not generic, located exactly. */
export type GenericityIssue =
  | {
      readonly kind: 'excess-zeros';
      /** The vertex (index into the vertex list). */
      readonly vertex: number;
      readonly zeros: readonly number[];
      /** Pairs of zero hyperplanes that coincide near the vertex (same or opposite side). */
      readonly coincident: readonly { readonly a: number; readonly b: number; readonly relation: 'duplicate' | 'opposite' }[];
      /** Zero hyperplanes whose function is identically 0 near the vertex (on its pattern). */
      readonly identicallyZero: readonly number[];
    }
  | { readonly kind: 'transversality'; readonly vertex: number; readonly zeros: readonly number[]; readonly orthant: readonly (1 | -1)[] }
  | { readonly kind: 'not-pointed'; readonly rank: number };

/** Options of {@link enumerateVertices}. */
export interface VertexOptions {
  /** Stop (LimitReached 'size') after this many vertices. */
  readonly maxVertices?: number;
  /** Stop (LimitReached 'timeout') at this time (ms since the epoch). */
  readonly deadline?: number;
}

/** The walk's result. */
export interface VertexEnumeration {
  readonly vertices: ComplexVertex[];
  /** Empty when the complex is generic on the domain (then `vertices` is complete). */
  readonly issues: GenericityIssue[];
  /** Number of edges walked (each bounded edge twice, once from each end). */
  readonly walks: number;
}

function reduceVector(num: bigint[], den: bigint): IntegerVector {
  if (den < 0n) {
    num = num.map((v) => -v);
    den = -den;
  }
  let g = den;
  for (const v of num) if (g !== 1n) g = gcdBig(g, v);
  if (g > 1n) return { num: num.map((v) => v / g), den: den / g };
  return { num, den };
}

function fromFractions(values: readonly Fraction[]): IntegerVector {
  let den = 1n;
  for (const v of values) den = lcmBig(den, denominator(v));
  return reduceVector(
    values.map((v) => numerator(v) * (den / denominator(v))),
    den,
  );
}

/** The sign sequence at a point, by exact evaluation of the network (and the box facets). */
export function signsAt(arr: Arrangement, x: IntegerVector): Int8Array {
  const signs = new Int8Array(arr.hyperplanes.length);
  const trace = evaluateTrace(arr.net, x);
  let k = 0;
  const layers = arr.net.layers;
  const sgn = (v: bigint): -1 | 0 | 1 => (v > 0n ? 1 : v < 0n ? -1 : 0);
  layers.forEach((layer, l) => {
    const z = trace.preactivations[l] as IntegerVector;
    if (layer.activation === 'relu') for (let i = 0; i < layer.outputs; i++) signs[k++] = sgn(z.num[i] as bigint);
  });
  for (; k < arr.hyperplanes.length; k++) {
    const h = arr.hyperplanes[k];
    if (h === undefined) break;
    if (h.kind === 'output') {
      const z = trace.preactivations[h.layer] as IntegerVector;
      signs[k] = sgn(z.num[h.index] as bigint);
    } else if (h.kind === 'facet') {
      const f = arr.formsOf(new Uint8Array(arr.reluCount)).forms[k] as LinearForm;
      signs[k] = formSign(f, x);
    }
  }
  return signs;
}

/** The allowed nonzero sides of a hyperplane: ± for neurons and outputs, + only for box facets. */
export function sidesOf(arr: Arrangement, k: number): readonly (1 | -1)[] {
  return arr.hyperplanes[k]?.kind === 'facet' ? [1] : [1, -1];
}

/** Every choice of nonzero sides on the zeros (box facets: + only). */
export function orthants(arr: Arrangement, zeros: readonly number[]): (1 | -1)[][] {
  let out: (1 | -1)[][] = [[]];
  for (const k of zeros) out = out.flatMap((t) => sidesOf(arr, k).map((s) => [...t, s]));
  return out;
}

/** Sign sequence with values `tau` placed on `zeros`. */
export function withSides(signs: Int8Array, zeros: readonly number[], tau: readonly number[]): Int8Array {
  const s = signs.slice();
  zeros.forEach((k, t) => {
    s[k] = tau[t] as number;
  });
  return s;
}

/** The integer gradient rows of the zero hyperplanes on a pattern. */
function gradientRows(forms: readonly LinearForm[], zeros: readonly number[]): bigint[][] {
  return zeros.map((k) => [...(forms[k] as LinearForm).a]);
}

/**
 * Walks the 1-skeleton from a seed vertex. Returns every vertex reached; when no issue is found
 * the list is complete (see the module comment).
 * @throws LimitReached when `maxVertices` or `deadline` is reached.
 */
export function enumerateVertices(arr: Arrangement, options: VertexOptions = {}): VertexEnumeration {
  const n = arr.n;
  const vertices: ComplexVertex[] = [];
  const issues: GenericityIssue[] = [];
  const index = new Map<string, number>();
  let walks = 0;

  const seed = seedPoint(arr);
  if (seed === undefined) {
    const forms = arr.formsOf(new Uint8Array(arr.reluCount)).forms;
    const first = firstLayerRows(arr, forms);
    issues.push({ kind: 'not-pointed', rank: first.length === 0 ? 0 : integerRank(first) });
    return { vertices, issues, walks };
  }

  const queue: number[] = [];
  const addVertex = (coords: IntegerVector, signs: Int8Array): number => {
    const key = signsKey(signs);
    const hit = index.get(key);
    if (hit !== undefined) {
      const old = vertices[hit] as ComplexVertex;
      // Cells and sign sequences correspond one-to-one (a level set is convex), so the same
      // sequence must come with the same point; anything else is a bug.
      if (old.coords.den !== coords.den || old.coords.num.some((v, j) => v !== coords.num[j])) throw new Error('internal error: one sign sequence at two points');
      return hit;
    }
    if (options.maxVertices !== undefined && vertices.length >= options.maxVertices) throw new LimitReached('size', `more than ${options.maxVertices} vertices`);
    const stop = stopReason(options.deadline);
    if (stop !== undefined) throw new LimitReached(stop, stop === 'interrupted' ? `the vertex walk was interrupted after ${vertices.length} vertices` : `the vertex walk ran out of time after ${vertices.length} vertices`);
    const zeros: number[] = [];
    signs.forEach((s, k) => {
      if (s === 0) zeros.push(k);
    });
    const id = vertices.length;
    const point = coords.num.map((v) => new Fraction(v, coords.den));
    let generic = zeros.length === n;
    if (zeros.length > n) {
      issues.push({ kind: 'excess-zeros', vertex: id, zeros, ...coincidences(arr, signs, zeros) });
    } else if (zeros.length === n) {
      for (const tau of orthants(arr, zeros)) {
        const forms = arr.formsOf(patternOf(arr, withSides(signs, zeros, tau))).forms;
        if (integerDeterminant(gradientRows(forms, zeros)) === 0n) {
          issues.push({ kind: 'transversality', vertex: id, zeros, orthant: tau });
          generic = false;
          break;
        }
      }
    }
    vertices.push({ point, coords, signs, zeros, edges: [], generic });
    index.set(key, id);
    if (generic) queue.push(id);
    return id;
  };

  addVertex(seed, signsAt(arr, seed));
  while (queue.length > 0) {
    const id = queue.shift() as number;
    const v = vertices[id] as ComplexVertex;
    for (const i of v.zeros) {
      for (const s of sidesOf(arr, i)) {
        walks++;
        const edge = walkEdge(arr, v, i, s);
        const e: VertexEdge = { axis: i, side: s, direction: edge.direction, pattern: edge.pattern, to: -1 };
        v.edges.push(e);
        if (edge.end !== undefined) e.to = addVertex(edge.end.coords, edge.end.signs);
      }
    }
  }
  return { vertices, issues, walks };
}

/** The edge from generic vertex v setting entry i to s: direction, pattern, far end (undefined: unbounded). */
export function walkEdge(
  arr: Arrangement,
  v: { readonly coords: IntegerVector; readonly signs: Int8Array; readonly zeros: readonly number[] },
  i: number,
  s: 1 | -1,
): { direction: IntegerVector; pattern: Uint8Array; end: { coords: IntegerVector; signs: Int8Array } | undefined } {
  const signs = v.signs.slice();
  signs[i] = s;
  const pattern = patternOf(arr, signs);
  const forms = arr.formsOf(pattern).forms;
  const rows = v.zeros.map((k) => (forms[k] as LinearForm).a.map((x) => new Fraction(x)));
  // ∇z_k = a_k/den_k, so ∇z_k·d = δ_ki·s ⇔ a_k·d = δ_ki·s·den_k.
  const rhs = v.zeros.map((k) => new Fraction(k === i ? BigInt(s) * (forms[k] as LinearForm).den : 0n));
  const sol = solve(rows, rhs);
  if (sol.kind !== 'unique') throw new Error('internal error: singular edge system at a generic vertex');
  const direction = fromFractions(sol.x);
  // Ratio test: the first t > 0 where a function with a nonzero entry on the edge reaches 0.
  let bestA = 0n;
  let bestB = 0n;
  let blockers: number[] = [];
  forms.forEach((f, k) => {
    const sk = signs[k] as number;
    if (sk === 0 || k === i) return;
    const B = dotInteger(f.a, direction.num);
    if (B === 0n || (B > 0n ? 1 : -1) === sk) return;
    const A = dotInteger(f.a, v.coords.num) + f.c * v.coords.den;
    // t_k ∝ −A/B > 0; compare −A/B with the best −bestA/bestB by cross-multiplying (signs of B known).
    if (blockers.length === 0) {
      bestA = A;
      bestB = B;
      blockers = [k];
      return;
    }
    // −A/B < −bestA/bestB ⇔ A·bestB/(B·bestB) > bestA/bestB … compare A·bestB vs bestA·B with sign of B·bestB.
    const lhs = A * bestB;
    const rhsCmp = bestA * B;
    const positive = B * bestB > 0n;
    const cmp = lhs === rhsCmp ? 0 : (lhs > rhsCmp) === positive ? 1 : -1; // sign of (A/B − bestA/bestB)
    if (cmp > 0) {
      bestA = A;
      bestB = B;
      blockers = [k];
    } else if (cmp === 0) blockers.push(k);
  });
  if (blockers.length === 0) return { direction, pattern, end: undefined };
  // w = v + t*·d with t* = −A·d.den/(B·v.den): w = (v.num·B − A·d.num)/(v.den·B).
  const num = v.coords.num.map((x, j) => x * bestB - bestA * (direction.num[j] as bigint));
  const coords = reduceVector(num, v.coords.den * bestB);
  const end = signs.slice();
  for (const k of blockers) end[k] = 0;
  return { direction, pattern, end: { coords, signs: end } };
}

/** Gradient rows of the first ReLU layer (global affine functions: earlier layers are linear). */
function firstLayerRows(arr: Arrangement, forms: readonly LinearForm[]): bigint[][] {
  const h = arr.hyperplanes;
  const first = h.find((x) => x.kind === 'neuron');
  if (first === undefined) return [];
  return forms.filter((_, k) => h[k]?.kind === 'neuron' && h[k]?.layer === first.layer).map((f) => [...f.a]).filter((row) => row.some((x) => x !== 0n));
}

/**
 * A first vertex: a box corner (n facets meet there), or on R^n the point where n first-layer
 * neurons with independent gradients vanish. Undefined when R^n has no vertex (the first layer's
 * rows do not span R^n: cells contain lines).
 */
function seedPoint(arr: Arrangement): IntegerVector | undefined {
  if (arr.box !== undefined) return fromFractions(arr.box.map(([lo]) => lo));
  const forms = arr.formsOf(new Uint8Array(arr.reluCount)).forms;
  const h = arr.hyperplanes;
  const first = h.find((x) => x.kind === 'neuron');
  if (first === undefined) return undefined;
  const chosen: LinearForm[] = [];
  for (let k = 0; k < h.length && chosen.length < arr.n; k++) {
    if (h[k]?.kind !== 'neuron' || h[k]?.layer !== first.layer) continue;
    const f = forms[k] as LinearForm;
    const rows = [...chosen, f].map((g) => [...g.a]);
    if (integerRank(rows) === rows.length) chosen.push(f);
  }
  if (chosen.length < arr.n) return undefined;
  const sol = solve(
    chosen.map((f) => f.a.map((x) => new Fraction(x))),
    chosen.map((f) => new Fraction(-f.c)),
  );
  if (sol.kind !== 'unique') return undefined;
  return fromFractions(sol.x);
}

/** Which zero hyperplanes coincide near a vertex, and which are identically zero there. */
function coincidences(arr: Arrangement, signs: Int8Array, zeros: readonly number[]): { coincident: { a: number; b: number; relation: 'duplicate' | 'opposite' }[]; identicallyZero: number[] } {
  // On the pattern with the zeros off, every zero function vanishes at v; two of them describe
  // the same hyperplane near v exactly when their gradients are parallel.
  const forms = arr.formsOf(patternOf(arr, signs)).forms;
  const identicallyZero = zeros.filter((k) => (forms[k] as LinearForm).a.every((x) => x === 0n));
  const coincident: { a: number; b: number; relation: 'duplicate' | 'opposite' }[] = [];
  for (let p = 0; p < zeros.length; p++) {
    for (let q = p + 1; q < zeros.length; q++) {
      const a = (forms[zeros[p] as number] as LinearForm).a;
      const b = (forms[zeros[q] as number] as LinearForm).a;
      if (a.every((x) => x === 0n) || b.every((x) => x === 0n)) continue;
      if (integerRank([[...a], [...b]]) !== 1) continue;
      const j = a.findIndex((x) => x !== 0n);
      const same = ((a[j] as bigint) > 0n) === ((b[j] as bigint) > 0n);
      coincident.push({ a: zeros[p] as number, b: zeros[q] as number, relation: same ? 'duplicate' : 'opposite' });
    }
  }
  return { coincident, identicallyZero };
}
