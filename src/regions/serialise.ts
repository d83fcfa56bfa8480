/**
 * The region engine's results and domains as plain data, for worker threads (src/regions/parallel.ts):
 * Fractions lose their prototype in a structured clone; bigints and arrays do not. Nodes are
 * serialised by src/engine/serialise.ts.
 * @internal
 */
import type { AffineMap } from '../network/affine.js';
import type { LinearConstraint } from '../polyhedra/system.js';
import type { IntegerRow } from '../exact/integerRow.js';
import { type RationalData, fromRationalData, rationalData } from '../engine/serialise.js';
import type { LimitReason } from '../engine/limits.js';
import type { Domain } from './domain.js';
import type { EngineRun, Region, RegionStats, RegionTree } from './enumerate.js';


/** A domain as plain data. @internal */
export type DomainData =
  | { readonly kind: 'all' }
  | { readonly kind: 'box'; readonly box: readonly (readonly [RationalData, RationalData])[] }
  | {
      readonly kind: 'polytope';
      readonly variables: number;
      readonly constraints: readonly { readonly coefficients: readonly RationalData[]; readonly relation: LinearConstraint['relation']; readonly rhs: RationalData }[];
    };

/** @internal */
export function domainData(domain: Domain): DomainData {
  switch (domain.kind) {
    case 'all':
      return { kind: 'all' };
    case 'box':
      return { kind: 'box', box: domain.box.map(([lo, hi]) => [rationalData(lo), rationalData(hi)] as const) };
    case 'polytope':
      return {
        kind: 'polytope',
        variables: domain.system.variables,
        constraints: domain.system.constraints.map((c) => ({ coefficients: c.coefficients.map(rationalData), relation: c.relation, rhs: rationalData(c.rhs) })),
      };
  }
}

/** @internal */
export function domainFromData(data: DomainData): Domain {
  switch (data.kind) {
    case 'all':
      return { kind: 'all' };
    case 'box':
      return { kind: 'box', box: data.box.map(([lo, hi]) => [fromRationalData(lo), fromRationalData(hi)] as const) };
    case 'polytope':
      return {
        kind: 'polytope',
        system: {
          variables: data.variables,
          constraints: data.constraints.map((c) => ({ coefficients: c.coefficients.map(fromRationalData), relation: c.relation, rhs: fromRationalData(c.rhs) })),
        },
      };
  }
}

/** A split tree as plain data (worker subtrees have no task placeholders). */
type TreeData =
  | { readonly kind: 'split'; readonly positive: TreeData; readonly negative: TreeData }
  | {
      readonly kind: 'fixed';
      readonly sign: 1 | -1;
      readonly proof: 'constant' | 'interval' | { readonly rows: readonly number[]; readonly values: readonly RationalData[] };
      readonly next: TreeData;
    }
  | { readonly kind: 'pass'; readonly next: TreeData }
  | { readonly kind: 'leaf'; readonly point: readonly RationalData[] }
  | { readonly kind: 'unexplored' };

function treeData(tree: RegionTree): TreeData {
  switch (tree.kind) {
    case 'split':
      return { kind: 'split', positive: treeData(tree.positive), negative: treeData(tree.negative) };
    case 'fixed': {
      const p = tree.proof;
      return { kind: 'fixed', sign: tree.sign, proof: p.kind === 'motzkin' ? { rows: p.rows, values: p.values.map(rationalData) } : p.kind, next: treeData(tree.next) };
    }
    case 'pass':
      return { kind: 'pass', next: treeData(tree.next) };
    case 'leaf':
      return { kind: 'leaf', point: tree.point.map(rationalData) };
    case 'unexplored':
      return { kind: 'unexplored' };
  }
}

// Object literals with the engine's key order, so that a spliced tree is the sequential one down
// to the order of its keys.
function treeFromData(data: TreeData): RegionTree {
  switch (data.kind) {
    case 'split':
      return { kind: 'split', positive: treeFromData(data.positive), negative: treeFromData(data.negative) };
    case 'fixed': {
      const p = data.proof;
      return {
        kind: 'fixed',
        sign: data.sign,
        proof: typeof p === 'string' ? { kind: p } : { kind: 'motzkin', rows: [...p.rows], values: p.values.map(fromRationalData) },
        next: treeFromData(data.next),
      };
    }
    case 'pass':
      return { kind: 'pass', next: treeFromData(data.next) };
    case 'leaf':
      return { kind: 'leaf', point: data.point.map(fromRationalData) };
    case 'unexplored':
      return { kind: 'unexplored' };
  }
}

interface RegionData {
  readonly pattern: readonly (readonly boolean[])[];
  readonly point: readonly RationalData[];
  readonly output: AffineMap;
  readonly halfSpaces: readonly IntegerRow[];
}

/** A worker's finished subtree as plain data. @internal */
export interface RunData {
  /** Absent: the subtree was explored completely. */
  readonly stoppedBy?: LimitReason;
  readonly tree?: TreeData;
  readonly regions: readonly RegionData[];
  readonly stats: RegionStats;
}

/** @internal */
export function runData(run: EngineRun): RunData {
  if (run.tasks.length > 0) throw new Error('internal: a worker cut its subtree');
  if (run.status === 'empty-domain') throw new Error('internal: a worker subtree has no domain of its own');
  return {
    ...(run.status === 'stopped' ? { stoppedBy: run.stoppedBy } : {}),
    ...(run.tree !== undefined ? { tree: treeData(run.tree) } : {}),
    regions: run.regions.map((r) => ({ pattern: r.pattern, point: r.point.map(rationalData), output: r.output, halfSpaces: r.halfSpaces })),
    stats: run.stats,
  };
}

export function runFromData(data: RunData): EngineRun {
  return {
    ...(data.stoppedBy === undefined ? { status: 'complete' as const } : { status: 'stopped' as const, stoppedBy: data.stoppedBy }),
    regions: data.regions.map((r): Region => ({ pattern: r.pattern, point: r.point.map(fromRationalData), output: r.output, halfSpaces: r.halfSpaces })),
    tree: data.tree === undefined ? undefined : treeFromData(data.tree),
    stats: data.stats,
    tasks: [],
  };
}

