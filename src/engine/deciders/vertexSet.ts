/**
 * The vertex-set decider: when the node carries the exact vertex set of its polytope
 * (polyhedra/vertices.ts, double description; box domains in at most VERTEX_MAX_INPUTS = 6 dimensions, src/regions/enumerate.ts), z attains
 * its extremes at vertices: min ≥ 0 or max ≤ 0 fixes the sign, with Motzkin multipliers from LP
 * duality at the optimal vertex (its tight rows); otherwise z = 0 cuts the interior, and both
 * children's vertex sets and an interior point of each follow exactly — no LP at all.
 */
import { type VertexPolytope, fixedSignCertificate, interiorPoint, signOn, split, vertexSign } from '../../polyhedra/vertices.js';
import { type Decider, type DeciderContext, type Decision, type Question, type SignProof, UNDECIDED } from '../decider.js';
import { type Witness, integerWitness } from '../witness.js';

function inside(P: VertexPolytope): Witness {
  const { num, den } = interiorPoint(P);
  // The Fractions are built when first read (integerWitness): the sign tests use num/den only,
  // and a leaf reads them only for a kept region or tree (regions/problem.ts; they were 8.7 % of
  // the 6-input benchmark).
  return integerWitness(num, den);
}

/** A child's vertex set, unless it has more vertices than the run carries: then its subtree takes the LP path. */
function carried(P: VertexPolytope, limit: number): { polytope?: VertexPolytope } {
  return P.vertices.length <= limit ? { polytope: P } : {};
}

export const vertexSetDecider: Decider = {
  name: 'vertex set',
  counter: 'vertex',
  decide(q: Question, context: DeciderContext): Decision {
    const poly = q.node.polytope;
    if (poly === undefined) return UNDECIDED;
    const { a, c } = q;
    // The sign from the vertices' signs (a float filter with a rigorous error bound first, exact
    // values where it cannot prove); the extremes, which only the certificate needs, are found
    // when its proof is read.
    const { sign, values } = vertexSign(poly, a, c);
    if (sign !== 0) {
      // The sign is exact; its Motzkin multipliers (an exact solve at the optimal vertex, and
      // reduced rationals) are built only when read: a run that keeps no tree (counts, region
      // lists) never reads them, and building them was half of its time on ACAS Xu
      // (benchmarks/RESULTS.md, issue 15).
      const { rows } = q.node;
      let proof: SignProof | undefined;
      return {
        kind: 'fixed',
        sign,
        get proof(): SignProof {
          if (proof === undefined) {
            const extremes = signOn(poly, a, c);
            const m = extremes.sign === sign ? fixedSignCertificate(poly, rows, a, c, sign, extremes) : undefined;
            // A fixed sign on a polytope always has multipliers (LP duality at the optimal vertex).
            if (m === undefined) throw new Error('internal: a sign fixed on the vertex set without Motzkin multipliers');
            proof = { kind: 'motzkin', rows: m.rows, values: m.values };
          }
          return proof;
        },
      };
    }
    const children = split(poly, a, c, values);
    const zw = q.atWitness;
    const w = q.node.witness;
    return {
      kind: 'split',
      positive: { witness: zw > 0n ? w : inside(children.positive), ...carried(children.positive, context.maxVertices) },
      negative: { witness: zw < 0n ? w : inside(children.negative), ...carried(children.negative, context.maxVertices) },
    };
  },
};
