/** Small builders for the engine's unit tests: nodes from rows and a point, and an exact Motzkin check. */
import Fraction from 'fraction.js';
import type { IntegerRow } from '../../src/exact/integerRow.js';
import { type DeciderContext, type IntegerBox, Question } from '../../src/engine/decider.js';
import type { LayerEntry, Node } from '../../src/engine/node.js';
import { witnessOf } from '../../src/engine/witness.js';
import type { VertexPolytope } from '../../src/polyhedra/vertices.js';
import { interiorPoint } from '../../solvers/certified.js';
import { rowsToSystem } from '../../src/engine/rows.js';

export const row = (a: readonly number[], b: number): IntegerRow => ({ a: a.map(BigInt), b: BigInt(b) });

/** The rows of the box lo ≤ x ≤ hi (integers), lower rows first. */
export function boxRowsOf(lo: readonly number[], hi: readonly number[]): IntegerRow[] {
  const n = lo.length;
  const unit = (j: number, s: number): number[] => Array.from({ length: n }, (_, q) => (q === j ? s : 0));
  return [...lo.map((l, j) => row(unit(j, -1), -l)), ...hi.map((h, j) => row(unit(j, 1), h))];
}

/** A node on the rows with the given interior point (the maps are not read by deciders). */
export function nodeOn(rows: readonly IntegerRow[], point: readonly (number | Fraction)[], extra: { entry?: LayerEntry; polytope?: VertexPolytope } = {}): Node {
  return {
    layer: 0,
    neuron: 0,
    pre: { num: [], offset: [], den: 1n },
    input: { map: undefined, live: undefined },
    on: [],
    done: [],
    rows,
    witness: witnessOf(point.map((v) => new Fraction(v))),
    entry: extra.entry,
    polytope: extra.polytope,
  };
}

export const question = (node: Node, a: readonly number[], c: number, neuron = 0): Question => new Question(node, neuron, a.map(BigInt), BigInt(c));

export function contextOf(n: number, box?: IntegerBox): DeciderContext {
  return { n, box, interior: (rows) => interiorPoint(rowsToSystem(rows, n)), warmInterior: undefined, maxVertices: Number.POSITIVE_INFINITY, projectedPaths: true };
}

/**
 * Whether sparse multipliers y ≥ 0 (not all 0) over `rows` read strict (a·x < b) prove them
 * infeasible: Σ yᵢ aᵢ = 0 and Σ yᵢ bᵢ ≤ 0 (Motzkin's transposition theorem).
 */
export function refutesStrict(rows: readonly IntegerRow[], proof: { readonly rows: readonly number[]; readonly values: readonly Fraction[] }): boolean {
  const n = (rows[0] as IntegerRow).a.length;
  const sum = new Array<Fraction>(n).fill(new Fraction(0));
  let rhs = new Fraction(0);
  let positive = false;
  proof.rows.forEach((t, q) => {
    const y = proof.values[q] as Fraction;
    const r = rows[t] as IntegerRow;
    if (y.compare(0) < 0) throw new Error('negative multiplier');
    if (y.compare(0) > 0) positive = true;
    r.a.forEach((v, j) => {
      sum[j] = (sum[j] as Fraction).add(y.mul(v));
    });
    rhs = rhs.add(y.mul(r.b));
  });
  return positive && sum.every((v) => v.compare(0) === 0) && rhs.compare(0) <= 0;
}

/** Whether x is strictly inside every row. */
export function strictlyInside(rows: readonly IntegerRow[], x: readonly Fraction[]): boolean {
  return rows.every((r) => r.a.reduce((s, v, j) => s.add((x[j] as Fraction).mul(v)), new Fraction(0)).compare(new Fraction(r.b)) < 0);
}

/** z = a·x + c at x. */
export function valueOf(a: readonly number[], c: number, x: readonly Fraction[]): Fraction {
  return a.reduce((s, v, j) => s.add((x[j] as Fraction).mul(v)), new Fraction(c));
}
