/**
 * The vertex-set decider: when the node carries the exact vertex set of its polytope
 * (polyhedra/vertices.ts, double description; box domains in at most four dimensions), z attains
 * its extremes at vertices: min ≥ 0 or max ≤ 0 fixes the sign, with Motzkin multipliers from LP
 * duality at the optimal vertex (its tight rows); otherwise z = 0 cuts the interior, and both
 * children's vertex sets and an interior point of each follow exactly — no LP at all.
 */
import Fraction from 'fraction.js';
import { type VertexPolytope, fixedSignCertificate, interiorPoint, signOn, split } from '../../polyhedra/vertices.js';
import { type Decider, type Decision, type Question, UNDECIDED } from '../decider.js';
import type { Witness } from '../witness.js';

function inside(P: VertexPolytope): Witness {
  const p = interiorPoint(P);
  return { num: p.num, den: p.den, rational: p.num.map((v) => new Fraction(v, p.den)) };
}

export const vertexSetDecider: Decider = {
  name: 'vertex set',
  counter: 'vertex',
  decide(q: Question): Decision {
    const poly = q.node.polytope;
    if (poly === undefined) return UNDECIDED;
    const { a, c } = q;
    const extremes = signOn(poly, a, c);
    if (extremes.sign !== 0) {
      const proof = fixedSignCertificate(poly, q.node.rows, a, c, extremes.sign, extremes);
      if (proof !== undefined) return { kind: 'fixed', sign: extremes.sign, proof: { kind: 'motzkin', rows: proof.rows, values: proof.values } };
      // Not reached (a fixed sign always has its certificate); the deciders after this one
      // decide, and this subtree goes on without vertices.
      return { kind: 'undecided', node: { ...q.node, polytope: undefined } };
    }
    const children = split(poly, a, c, extremes.values);
    const zw = q.atWitness;
    const w = q.node.witness;
    return {
      kind: 'split',
      positive: { witness: zw > 0n ? w : inside(children.positive), polytope: children.positive },
      negative: { witness: zw < 0n ? w : inside(children.negative), polytope: children.negative },
    };
  },
};
