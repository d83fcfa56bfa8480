/**
 * Injectivity of one ReLU layer x ↦ ReLU(W x + b) on a full-dimensional convex domain K, decided
 * exactly by its cells (NOTES.md B.3; Puthawala et al., JMLR 2022, Thm 2 for K = R^n, b = 0):
 *
 *     injective on K  ⇔  every cell C of the arrangement {w_i·x + b_i = 0} with C ∩ int K ≠ ∅
 *                        has rank W_{S(C)} = n,  S(C) = {i : w_i·x + b_i > 0 on C}.
 *
 * (⇐) If ReLU(Wx+b) = ReLU(Wy+b) with x ≠ y in K, put q = (x+y)/2 ∈ K and d = x − y. For a row
 * with w_i·q + b_i ≥ 0: if w_i·x + b_i > 0 the outputs are equal and positive, so w_i·d = 0;
 * otherwise both are ≤ 0 and their mean is ≥ 0, so both are 0 and again w_i·d = 0. The closed
 * cells cover K, so q lies in the closure of some cell C, where S(C) ⊆ {i : w_i·q + b_i ≥ 0}; hence
 * W_{S(C)} d = 0, contradicting rank n. The inequality at q must be non-strict: W = [I; −I] is
 * injective although no row is positive at q = 0.
 * (⇒) If rank W_{S(C)} < n, take x inside C ∩ int K and d ≠ 0 in ker W_{S(C)}: for a small t > 0,
 * y = x + t d stays inside C ∩ K, the rows of S(C) keep their values, the others stay negative —
 * equal outputs. The step t is computed exactly by a ratio test (half the largest step), so the
 * pair (x, y) is a rational counterexample.
 *
 * The cells are the leaves of the region engine's split tree (src/regions/enumerate.ts); the tree
 * is the coverage part of the certificate, and each leaf contributes n rows of S(C) with a nonzero
 * n×n minor.
 */
import type Fraction from 'fraction.js';
import { LimitReached } from '../../errors.js';
import { preactivationMaps } from '../../network/affine.js';
import type { Network } from '../../network/model.js';
import { type Domain, domainRows } from '../../regions/domain.js';
import { type EnumerateOptions, type Region, type RegionEnumeration, enumerateRegions } from '../../regions/enumerate.js';
import { type IntRow, type Minor, fullRankMinor, kernelVector, maxStep, rankOf, step } from './linear.js';
import { integerDomainRows } from './domainRows.js';
import { ratio } from '../../exact/rational.js';

/** What {@link decideLayerByCells} found. */
export type LayerCellsResult =
  | {
      readonly injective: true;
      /** The complete enumeration (tree kept when requested). */
      readonly enumeration: RegionEnumeration;
      /** Per cell (leaf order of the tree), n rows positive on the cell with a nonzero minor. */
      readonly minors: readonly Minor[];
    }
  | {
      readonly injective: false;
      /** Two distinct points of the domain with equal layer outputs. */
      readonly x: Fraction[];
      readonly y: Fraction[];
      /** The rank-deficient cell. */
      readonly cell: Region;
      /** Cells examined before the deficient one was found. */
      readonly cellsExamined: number;
    };

/** Options of {@link decideLayerByCells}. */
export interface LayerCellsOptions {
  /** Keep the split tree for a certificate (default true). */
  readonly keepTree?: boolean;
  readonly deadline?: number;
  readonly maxRegions?: number;
  readonly lp?: EnumerateOptions['lp'];
}

/** Thrown inside the enumeration's callback to stop at the first deficient cell. */
class DeficientCell {
  constructor(readonly region: Region) {}
}

/**
 * Decides injectivity of a one-layer ReLU network (`layer.layers[0]` must be a ReLU layer) on a
 * domain with nonempty interior.
 * @throws LimitReached when a deadline or region limit stops the enumeration first.
 */
export function decideLayerByCells(layer: Network, domain: Domain, options: LayerCellsOptions = {}): LayerCellsResult {
  const n = layer.inputs;
  const z = preactivationMaps(layer, [])[0];
  if (z === undefined || layer.layers.length !== 1 || layer.layers[0]?.activation !== 'relu') throw new Error('decideLayerByCells needs a network of one ReLU layer');
  const W: IntRow[] = z.num;
  const minors: Minor[] = [];
  let examined = 0;
  let enumeration: RegionEnumeration;
  try {
    enumeration = enumerateRegions(layer, domain, {
      keepTree: options.keepTree ?? true,
      keepRegions: false,
      ...(options.deadline !== undefined ? { deadline: options.deadline } : {}),
      ...(options.maxRegions !== undefined ? { maxRegions: options.maxRegions } : {}),
      ...(options.lp !== undefined ? { lp: options.lp } : {}),
      onRegion: (region) => {
        examined++;
        const on = (region.pattern[0] as readonly boolean[]).flatMap((v, i) => (v ? [i] : []));
        const minor = fullRankMinor(W, z.den, on, n);
        if (minor === undefined) throw new DeficientCell(region);
        minors.push(minor);
      },
    });
  } catch (e) {
    if (!(e instanceof DeficientCell)) throw e;
    const cell = e.region;
    const { x, y } = pairInCell(W, z.offset, cell, domain, n);
    return { injective: false, x, y, cell, cellsExamined: examined };
  }
  if (enumeration.status === 'stopped') throw new LimitReached(enumeration.stoppedBy, `the cell enumeration stopped after ${enumeration.stats.regions} cells`);
  if (enumeration.status === 'empty-domain') throw new Error('internal error: a domain with empty interior reached the cell decision');
  return { injective: true, enumeration, minors };
}

/**
 * The counterexample of a rank-deficient cell: its interior point x and y = x + t·d with d in the
 * kernel of the cell's positive rows, t half the largest step that keeps every other row ≤ 0 and
 * the domain's rows satisfied (t = 1 when nothing limits the step).
 */
function pairInCell(W: readonly IntRow[], offset: readonly bigint[], cell: Region, domain: Domain, n: number): { x: Fraction[]; y: Fraction[] } {
  const pattern = cell.pattern[0] as readonly boolean[];
  const on = pattern.flatMap((v, i) => (v ? [i] : []));
  if (rankOf(W, on) >= n) throw new Error('internal error: the cell is not deficient');
  const d = kernelVector(W, on, n);
  const x = [...cell.point];
  // Off rows: w_i·x + b_i ≤ 0, i.e. w_i·x ≤ −b_i (scaled rows: the common denominator is positive).
  const rows = [
    ...pattern.flatMap((v, i) => (v ? [] : [{ a: W[i] as IntRow, b: -(offset[i] as bigint) }])),
    ...integerDomainRows(domainRows(domain, n)),
  ];
  const limit = maxStep(rows, x, d);
  const t = limit === undefined ? ratio(1n) : limit.div(2);
  const y = step(x, d, t);
  // x is strictly inside every row, so the step is positive and y ≠ x (the checker re-verifies by exact evaluation).
  if (t.compare(0) <= 0) throw new Error('internal error: zero step in a deficient cell');
  return { x, y };
}
