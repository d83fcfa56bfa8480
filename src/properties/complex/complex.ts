/**
 * `computeComplex`: the canonical polyhedral complex C(F) of a ReLU network on R^n or a box
 * (Masden 2022), exactly — vertices with rational coordinates, every cell by its sign sequence,
 * the face relation (facet lists), f-vector, Euler characteristic and Z/2 Betti numbers, checked
 * against their known values — or a non-generic verdict with the exact reasons.
 *
 * Known values (the checks): on a box the complex subdivides a ball, so χ = Σ(−1)^k f_k = 1 and
 * the Betti numbers are (1, 0, …, 0). On R^n the cells are open cells of the one-point
 * compactification S^n (unbounded cells included, with the point at infinity as an extra vertex),
 * so Σ(−1)^k f_k = χ(S^n) − 1 = (−1)^n and the Betti numbers of the compactified complex are those
 * of S^n: (1, 0, …, 0, 1) (n ≥ 1; for n = 1: (1, 1)).
 */
import type { Network } from '../../network/model.js';
import type { Domain } from '../../regions/domain.js';
import { buildCells, type ComplexCell, eulerOf, fVectorOf } from './cells.js';
import { type ChainCell, bettiZ2 } from './homology.js';
import { type Arrangement, buildArrangement } from './hyperplanes.js';
import { type ComplexVertex, type GenericityIssue, type VertexOptions, enumerateVertices } from './vertices.js';
import { InputError } from '../../errors.js';
import { MAX_COMPLEX_INPUTS } from '../../checker/complex.js';

/** Options of {@link computeComplex}. */
export interface ComplexOptions extends VertexOptions {
  /** Add the outputs' zero sets (decision boundary) as hyperplanes. */
  readonly withOutput?: boolean;
}

/** A generic complex, complete and checked. */
export interface GenericComplex {
  readonly status: 'generic';
  readonly arrangement: Arrangement;
  readonly vertices: ComplexVertex[];
  /** Every cell; cells 0 … V−1 are the vertices. */
  readonly cells: ComplexCell[];
  /** Cell index by sign-sequence key (see hyperplanes.ts `signsKey`). */
  readonly index: Map<string, number>;
  readonly fVector: number[];
  /** Σ (−1)^k f_k over the cells (unbounded cells included). */
  readonly euler: number;
  /** Its known value: 1 on a box, (−1)^n on R^n. */
  readonly expectedEuler: number;
  /** Z/2 Betti numbers of the complex (of its one-point compactification on R^n). */
  readonly betti: number[];
  /** Their known values. */
  readonly expectedBetti: number[];
  readonly unboundedCells: number;
  readonly stats: ComplexStats;
}

/** A non-generic network: the reasons, and what the walk found before it stopped. */
export interface NonGenericComplex {
  readonly status: 'non-generic';
  readonly arrangement: Arrangement;
  readonly issues: GenericityIssue[];
  /** Vertices reached (generic ones were walked through; non-generic ones stop the walk). */
  readonly vertices: ComplexVertex[];
  readonly stats: ComplexStats;
}

/** What {@link computeComplex} returns. */
export type ComplexResult = GenericComplex | NonGenericComplex;

/** Counters of a run. */
export interface ComplexStats {
  readonly vertices: number;
  readonly walks: number;
  readonly seconds: number;
}

/** The Euler characteristic Σ(−1)^k f_k the complex must have. */
export function expectedEulerOf(domain: Domain, n: number): number {
  return domain.kind === 'box' ? 1 : n % 2 === 0 ? 1 : -1;
}

/** The Betti numbers the complex must have (compactified on R^n). */
export function expectedBettiOf(domain: Domain, n: number): number[] {
  const b = new Array<number>(n + 1).fill(0);
  b[0] = 1;
  if (domain.kind !== 'box') b[n] = (b[n] as number) + 1;
  return b;
}

/** The cells as chain cells, with the point at infinity appended on R^n (closing unbounded edges). */
export function chainCells(cells: readonly ComplexCell[], compactify: boolean): readonly ChainCell[] {
  if (!compactify) return cells;
  const infinity = cells.length;
  const out: ChainCell[] = cells.map((c) => (c.dim === 1 && c.facets.length === 1 ? { dim: 1, facets: [...c.facets, infinity] } : c));
  out.push({ dim: 0, facets: [] });
  return out;
}

/**
 * Computes C(F) of `net` on `domain` (R^n or a box with nonempty interior).
 * @throws InputError for an unsupported domain; LimitReached for a reached limit.
 */
export function computeComplex(net: Network, domain: Domain, options: ComplexOptions = {}): ComplexResult {
  const started = Date.now();
  if (net.inputs > MAX_COMPLEX_INPUTS) {
    // Every generic vertex's star has 3^n cells: beyond this the run (and its check) cannot finish.
    throw new InputError('unsupported', `the complex is computed for at most ${MAX_COMPLEX_INPUTS} inputs (the star of a vertex has 3^n cells); this network has ${net.inputs}`);
  }
  const arrangement = buildArrangement(net, domain, options.withOutput === undefined ? {} : { withOutput: options.withOutput });
  const walk = enumerateVertices(arrangement, options);
  const n = net.inputs;
  const stats = (): ComplexStats => ({ vertices: walk.vertices.length, walks: walk.walks, seconds: (Date.now() - started) / 1000 });
  if (walk.issues.length > 0) {
    return { status: 'non-generic', arrangement, issues: walk.issues, vertices: walk.vertices, stats: stats() };
  }
  const { cells, index } = buildCells(arrangement, walk.vertices);
  const fVector = fVectorOf(cells, n);
  const euler = eulerOf(fVector);
  const expectedEuler = expectedEulerOf(domain, n);
  const betti = bettiZ2(chainCells(cells, domain.kind !== 'box'), n);
  const expectedBetti = expectedBettiOf(domain, n);
  // These are theorems about any complete complex; a mismatch means a bug, never a verdict.
  if (euler !== expectedEuler) throw new Error(`internal error: Euler characteristic ${euler}, expected ${expectedEuler}`);
  if (betti.some((b, k) => b !== expectedBetti[k])) throw new Error(`internal error: Betti numbers ${betti.join(',')}, expected ${expectedBetti.join(',')}`);
  const unboundedCells = cells.filter((c) => !c.bounded).length;
  return { status: 'generic', arrangement, vertices: walk.vertices, cells, index, fVector, euler, expectedEuler, betti, expectedBetti, unboundedCells, stats: stats() };
}
