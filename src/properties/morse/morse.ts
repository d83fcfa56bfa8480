/**
 * `analyseMorse`: PL Morse analysis of a scalar ReLU network F on R^n or a box — every vertex of
 * C(F) classified (regular / critical with index / degenerate; see classify.ts), and on a box the
 * discrete Morse gradient (gradient.ts) with its checks: acyclic, critical cells in one-to-one
 * correspondence with the critical vertices (dimension = index), Z/2 Betti numbers of the complex
 * and of the sublevel complexes, the Morse inequalities and χ = Σ (−1)^k c_k.
 *
 * Sublevel sets. {F ≤ t} deformation retracts to the union K_t of the lower stars of the vertices
 * with F(v) ≤ t (F is affine on every cell; Edelsbrunner & Harer, *Computational Topology*, §VI.3,
 * for the simplicial case, which carries over to cells on which F is affine), so its Betti numbers
 * are those of K_t, a subcomplex. Between consecutive critical values they do not change; we
 * report them at the midpoints and at the largest vertex value (K_t is then the whole complex).
 *
 * Why the discrete part needs a bounded domain: on R^n a cell on which F is unbounded above lies
 * in no lower star, and the matching then describes F only relative to those cells; on a box every
 * cell is a polytope and the lower stars partition the complex.
 */
import Fraction from 'fraction.js';
import { InputError } from '../../errors.js';
import { outputSize, type Network } from '../../network/model.js';
import type { Domain } from '../../regions/domain.js';
import { type ComplexOptions, type GenericComplex, type NonGenericComplex, computeComplex } from '../complex/complex.js';
import { sublevelBetti } from '../complex/homology.js';
import { type VertexMorse, classifyVertices } from './classify.js';
import { type DiscreteGradient, isAcyclic, isFacetMatching, lowerStarGradient } from './gradient.js';

/** Betti numbers of one sublevel complex. */
export interface Sublevel {
  /** The level t: the complex K_t ≃ {F ≤ t}. */
  readonly t: Fraction;
  readonly betti: number[];
  /** Σ (−1)^index over the critical vertices with F(v) ≤ t (equals Σ (−1)^k b_k). */
  readonly criticalEuler: number;
}

/** The discrete part of the analysis (bounded domain, no degenerate vertex). */
export interface MorseGradientAnalysis {
  readonly gradient: DiscreteGradient;
  /** Number of critical cells of each dimension c_0 … c_n. */
  readonly criticalCells: number[];
  /** Z/2 Betti numbers of the complex (of the box: 1, 0, …, 0). */
  readonly betti: number[];
  readonly sublevels: Sublevel[];
  /** Weak Morse inequalities c_k ≥ b_k, strong ones, and χ = Σ(−1)^k c_k: all verified. */
  readonly inequalities: { readonly weak: boolean; readonly strong: boolean; readonly euler: number };
}

/** A completed analysis. */
export interface MorseAnalysis {
  readonly status: 'analysed';
  readonly complex: GenericComplex;
  readonly vertices: VertexMorse[];
  /** Critical vertices, by increasing value. */
  readonly critical: VertexMorse[];
  readonly counts: { readonly regular: number; readonly degenerate: number; readonly critical: number[] };
  /** Present on a box when no vertex is degenerate. */
  readonly discrete: MorseGradientAnalysis | undefined;
  /** Why `discrete` is absent. */
  readonly discreteOmitted?: string;
}

/** What {@link analyseMorse} returns. */
export type MorseResult = MorseAnalysis | { readonly status: 'non-generic'; readonly complex: NonGenericComplex };

/**
 * Morse analysis of `net` (one output) on `domain`.
 * @throws InputError when the network does not have exactly one output; LimitReached on limits.
 */
export function analyseMorse(net: Network, domain: Domain, options: Omit<ComplexOptions, 'withOutput'> = {}): MorseResult {
  const outputs = outputSize(net);
  if (outputs !== 1) throw new InputError('dimension', `Morse analysis needs a scalar function F: the network has ${outputs} outputs, not 1`, { path: 'outputs' });
  const complex = computeComplex(net, domain, options);
  if (complex.status === 'non-generic') return { status: 'non-generic', complex };
  const n = net.inputs;
  const vertices = classifyVertices(complex);
  const counts = { regular: 0, degenerate: 0, critical: new Array<number>(n + 1).fill(0) };
  for (const v of vertices) {
    const c = v.classification;
    if (c.kind === 'regular') counts.regular++;
    else if (c.kind === 'degenerate') counts.degenerate++;
    else counts.critical[c.index] = (counts.critical[c.index] as number) + 1;
  }
  const critical = vertices.filter((v) => v.classification.kind === 'critical').sort((a, b) => a.value.compare(b.value) || a.vertex - b.vertex);
  let discrete: MorseGradientAnalysis | undefined;
  let discreteOmitted: string | undefined;
  if (domain.kind !== 'box') discreteOmitted = 'the discrete gradient, Betti numbers of sublevel sets and Morse inequalities need a bounded domain: pass --box';
  else if (counts.degenerate > 0) discreteOmitted = `${counts.degenerate} degenerate vertices (F is flat along an edge): lower stars are not defined there`;
  else discrete = discreteAnalysis(complex, vertices, critical);
  return { status: 'analysed', complex, vertices, critical, counts, discrete, ...(discreteOmitted !== undefined ? { discreteOmitted } : {}) };
}

function discreteAnalysis(complex: GenericComplex, vertices: readonly VertexMorse[], critical: readonly VertexMorse[]): MorseGradientAnalysis {
  const n = complex.arrangement.n;
  const cells = complex.cells;
  const gradient = lowerStarGradient(complex, vertices);
  if (!isFacetMatching(cells, gradient.pairs)) throw new Error('internal error: the lower-star pairs are not a matching of facets');
  if (!isAcyclic(cells, gradient.pairs)) throw new Error('internal error: the lower-star matching has a cycle');
  // One-to-one: each critical cell lies in the lower star of a critical vertex, with dim = index.
  const criticalCells = new Array<number>(n + 1).fill(0);
  const seen = new Set<number>();
  for (const { cell, vertex } of gradient.critical) {
    const cls = (vertices[vertex] as VertexMorse).classification;
    const dim = (cells[cell] as { dim: number }).dim;
    if (cls.kind !== 'critical' || cls.index !== dim || seen.has(vertex)) throw new Error('internal error: critical cells and critical points do not correspond');
    seen.add(vertex);
    criticalCells[dim] = (criticalCells[dim] as number) + 1;
  }
  if (seen.size !== critical.length) throw new Error('internal error: a critical point has no critical cell');
  // Sublevel complexes: vertices ranked by (F, index); a cell enters with its owner.
  const order = vertices.map((v) => v.vertex).sort((a, b) => (vertices[a] as VertexMorse).value.compare((vertices[b] as VertexMorse).value) || a - b);
  const rank = new Int32Array(vertices.length);
  order.forEach((v, r) => {
    rank[v] = r;
  });
  const cellLevel = Array.from(gradient.owner, (o) => rank[o] as number);
  // Distinct critical values (critical is sorted by value).
  const values: Fraction[] = [];
  for (const v of critical) if (values.length === 0 || !(values[values.length - 1] as Fraction).equals(v.value)) values.push(v.value);
  const top = order.length === 0 ? new Fraction(0n) : (vertices[order[order.length - 1] as number] as VertexMorse).value;
  const levels = values.map((c, j) => (j + 1 < values.length ? c.add(values[j + 1] as Fraction).div(2n) : top));
  if (levels.length === 0) levels.push(top);
  const thresholdRank = (t: Fraction): number => {
    let r = -1;
    order.forEach((v, q) => {
      if ((vertices[v] as VertexMorse).value.compare(t) <= 0) r = q;
    });
    return r;
  };
  const bettis = sublevelBetti(cells, cellLevel, levels.map(thresholdRank), n);
  const sublevels = levels.map((t, j): Sublevel => {
    const betti = bettis[j] as number[];
    const criticalEuler = critical.filter((v) => v.value.compare(t) <= 0).reduce((acc, v) => acc + (v.classification.kind === 'critical' && v.classification.index % 2 === 1 ? -1 : 1), 0);
    const euler = betti.reduce((acc, b, k) => acc + (k % 2 === 0 ? b : -b), 0);
    if (euler !== criticalEuler) throw new Error('internal error: a sublevel Euler characteristic disagrees with the critical points below it');
    return { t, betti, criticalEuler };
  });
  const betti = complex.betti;
  const weak = criticalCells.every((c, k) => c >= (betti[k] as number));
  let strong = true;
  for (let k = 0; k <= n; k++) {
    let s = 0;
    for (let j = 0; j <= k; j++) s += ((k - j) % 2 === 0 ? 1 : -1) * ((criticalCells[j] as number) - (betti[j] as number));
    if (s < 0) strong = false;
  }
  const euler = criticalCells.reduce((acc, c, k) => acc + (k % 2 === 0 ? c : -c), 0);
  if (!weak || !strong || euler !== complex.euler) throw new Error('internal error: the Morse inequalities fail');
  return { gradient, criticalCells, betti, sublevels, inequalities: { weak, strong, euler } };
}
