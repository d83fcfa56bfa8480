/**
 * Plain-text and JSON renderings of complexes and genericity verdicts, shared by the `complex`
 * and `morse` commands.
 */
import { formatRational } from '../../exact/rational.js';
import type { ComplexResult, GenericComplex, NonGenericComplex } from './complex.js';
import { type Arrangement, formatSigns } from './hyperplanes.js';
import type { ComplexVertex, GenericityIssue } from './vertices.js';

/** What a non-generic network still has, and what it does not (shown with every non-generic verdict). */
export const NON_GENERIC_NOTE =
  'Cells are still well defined (a sign-sequence level set is convex, so cells and sign sequences correspond one-to-one), ' +
  'but at the vertices listed the zero count is not the codimension, the star is not a cube, and neither the edge walk ' +
  '(so the completeness argument), the f-vector computed from stars, nor the Brooks–Masden edge-derivative criterion applies; ' +
  'no complex or Morse classification is reported.';

function point(v: ComplexVertex | undefined): string {
  return v === undefined ? '?' : `(${v.point.map(formatRational).join(', ')})`;
}

/** One line explaining a genericity issue exactly. */
export function describeIssue(arr: Arrangement, vertices: readonly ComplexVertex[], issue: GenericityIssue): string {
  const label = (k: number): string => arr.hyperplanes[k]?.label ?? `#${k}`;
  switch (issue.kind) {
    case 'not-pointed':
      return `the first ReLU layer's hyperplanes span only a ${issue.rank}-dimensional space of directions (< n = ${arr.n}): cells contain lines and have no vertices; give a --box`;
    case 'excess-zeros': {
      const v = vertices[issue.vertex];
      const extra: string[] = [];
      for (const c of issue.coincident) extra.push(`${label(c.a)} and ${label(c.b)} are ${c.relation === 'duplicate' ? 'the same hyperplane (duplicated)' : 'the same hyperplane with opposite sides (an identity pair)'} near it`);
      for (const k of issue.identicallyZero) extra.push(`${label(k)} is identically 0 there (a flat neuron)`);
      return `vertex ${point(v)} has ${issue.zeros.length} zero entries (${issue.zeros.map(label).join(', ')}), more than n = ${arr.n}${extra.length > 0 ? `: ${extra.join('; ')}` : ': more than n hyperplanes meet at one point'}`;
    }
    case 'transversality':
      return `vertex ${point(vertices[issue.vertex])}: the gradients of ${issue.zeros.map(label).join(', ')} are linearly dependent on the side (${issue.orthant.map((s) => (s > 0 ? '+' : '-')).join('')}): the bent hyperplanes are not transversal there`;
  }
}

/** The JSON rendering of a complex (the `--json` shape of `relucert complex`, docs/complex.md). */
export function complexJson(result: ComplexResult): Record<string, unknown> {
  const arr = result.arrangement;
  const base = {
    hyperplanes: arr.hyperplanes.map((h) => h.label),
    groups: arr.groups.map((g) => g.name),
    stats: result.stats,
  };
  if (result.status === 'non-generic') {
    return {
      status: 'non-generic',
      ...base,
      issues: result.issues.map((i) => ({ ...i, text: describeIssue(arr, result.vertices, i) })),
      note: NON_GENERIC_NOTE,
      verticesFound: result.vertices.map((v) => ({ point: v.point.map(formatRational), signs: formatSigns(arr, v.signs), generic: v.generic })),
    };
  }
  return {
    status: 'generic',
    ...base,
    fVector: result.fVector,
    eulerCharacteristic: result.euler,
    expectedEulerCharacteristic: result.expectedEuler,
    bettiZ2: result.betti,
    expectedBettiZ2: result.expectedBetti,
    unboundedCells: result.unboundedCells,
    vertices: result.vertices.map((v) => ({
      point: v.point.map(formatRational),
      signs: formatSigns(arr, v.signs),
      edges: v.edges.map((e) => ({ axis: arr.hyperplanes[e.axis]?.label, side: e.side > 0 ? '+' : '-', to: e.to < 0 ? 'infinity' : e.to })),
    })),
    cells: result.cells.map((c) => ({ signs: formatSigns(arr, c.signs), dim: c.dim, vertices: c.vertices, facets: c.facets, bounded: c.bounded })),
  };
}

/** A short text summary of a generic complex. */
export function complexSummary(c: GenericComplex): string {
  return `f-vector (${c.fVector.join(', ')}), χ = ${c.euler} (expected ${c.expectedEuler}), Z/2 Betti numbers (${c.betti.join(', ')})${c.arrangement.box === undefined ? ' of the one-point compactification' : ''}, ${c.unboundedCells} unbounded cells`;
}

/** Text lines of a non-generic verdict. */
export function nonGenericLines(c: NonGenericComplex): string[] {
  return [`NOT GENERIC on this domain (${c.issues.length} issue${c.issues.length === 1 ? '' : 's'}):`, ...c.issues.map((i) => `  - ${describeIssue(c.arrangement, c.vertices, i)}`), NON_GENERIC_NOTE];
}
