/**
 * PL Morse classification of the vertices of C(F) from exact edge derivatives
 * (Brooks & Masden 2024, Lemma 9, Lemma 10, Theorem 4 and Def. 5 / Lemma 7).
 *
 * At a generic vertex v with zero set Z (|Z| = n) every zero axis i carries two edges E(i, ±)
 * (one, inward, for a box facet). On an edge the network is affine: its gradient is that of the
 * edge's pattern (Lemma 9; the top coface with the other zeros off has the same restriction to
 * the edge), and the edge leaves v along d with ∇z_i·d = s, ∇z_j·d = 0 (j ∈ Z∖{i}) (Lemma 10).
 * The directional derivative ∂_{v,E}F = ∇F·d (Theorem 4) is computed exactly; only its sign
 * matters, but the exact value is reported and certified.
 *
 * Def. 5: if some axis has one descending and one ascending edge, F is monotone through v along
 * it and v is PL-regular; if on every axis both edges descend or both ascend, v is critical, of
 * index = number of axes where both descend (v is a maximum along them); any zero derivative
 * (F flat along an edge) makes v degenerate. Near v, F = F(v) + Σ_i φ_i(u_i) in the coordinates
 * u = z_Z (the star is a cube), which is why the axes decouple.
 *
 * On a box, a facet axis has only its inward edge. The same rule applies to F restricted to the
 * box: an inward edge that descends is a monotone direction (regular); one that ascends
 * contributes nothing to the index. Critical points on the box boundary are critical points of
 * F|box (e.g. the minimum of a linear function); `interior` tells them apart from the
 * Brooks–Masden critical points of F on R^n.
 */
import type Fraction from 'fraction.js';
import type { GenericComplex } from '../complex/complex.js';
import { type LinearForm, formRate, formValue } from '../complex/hyperplanes.js';

/** The exact derivative of F along one edge leaving a vertex. */
export interface EdgeDerivative {
  /** Sign-sequence position of the zero axis the edge leaves along. */
  readonly axis: number;
  readonly side: 1 | -1;
  /** ∇F·d with ∇z_axis·d = side. */
  readonly value: Fraction;
}

/** How a vertex is classified. */
export type VertexClass =
  /** Monotone along `axis`: exactly one of its edges, on side `side`, descends. */
  | { readonly kind: 'regular'; readonly axis: number; readonly side: 1 | -1 }
  /** Every axis has both edges descending (`maxAxes`) or both ascending (or a lone inward edge ascending). */
  | { readonly kind: 'critical'; readonly index: number; readonly maxAxes: readonly number[] }
  /** F is flat along some edge: the criterion does not apply. */
  | { readonly kind: 'degenerate'; readonly flat: readonly { readonly axis: number; readonly side: 1 | -1 }[] };

/** The Morse data of one vertex. */
export interface VertexMorse {
  readonly vertex: number;
  readonly value: Fraction;
  /** No box facet passes through the vertex. */
  readonly interior: boolean;
  readonly derivatives: readonly EdgeDerivative[];
  readonly classification: VertexClass;
}

/** Classifies every vertex of a generic complex of a scalar network (output 0 is F). */
export function classifyVertices(complex: GenericComplex): VertexMorse[] {
  const arr = complex.arrangement;
  return complex.vertices.map((v, id): VertexMorse => {
    const derivatives: EdgeDerivative[] = v.edges.map((e) => ({
      axis: e.axis,
      side: e.side,
      value: formRate(arr.formsOf(e.pattern).outputs[0] as LinearForm, e.direction),
    }));
    const own = arr.formsOf(v.edges[0]?.pattern ?? new Uint8Array(arr.reluCount)).outputs[0];
    // F is continuous, so the form of any cell containing v gives F(v).
    const value = formValue(own as LinearForm, v.coords);
    const interior = v.zeros.every((k) => arr.hyperplanes[k]?.kind !== 'facet');
    return { vertex: id, value, interior, derivatives, classification: classify(v.zeros, derivatives) };
  });
}

/** Def. 5 on the derivatives of one vertex (axes in zero order). */
export function classify(zeros: readonly number[], derivatives: readonly EdgeDerivative[]): VertexClass {
  const flat = derivatives.filter((d) => d.value.n === 0n).map((d) => ({ axis: d.axis, side: d.side }));
  if (flat.length > 0) return { kind: 'degenerate', flat };
  const maxAxes: number[] = [];
  for (const axis of zeros) {
    const edges = derivatives.filter((d) => d.axis === axis);
    const down = edges.filter((d) => d.value.s < 0n);
    if (down.length > 0 && down.length < edges.length) return { kind: 'regular', axis, side: (down[0] as EdgeDerivative).side };
    if (edges.length === 1 && down.length === 1) return { kind: 'regular', axis, side: (down[0] as EdgeDerivative).side };
    if (edges.length === 2 && down.length === 2) maxAxes.push(axis);
  }
  return { kind: 'critical', index: maxAxes.length, maxAxes };
}
