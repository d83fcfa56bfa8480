/**
 * Certificates of the `spec` claim (a VNN-LIB violation set is empty): one proof tree per case
 * (`spec-tree` evidence) or an exact point of the violation set (`spec-counterexample`). See
 * src/checker/schema/spec.ts for the format and src/checker/spec.ts for what is verified.
 */
import { formatRational } from '../../exact/rational.js';
import type { Network } from '../../network/model.js';
import type { SpecCounterexample } from './counterexample.js';
import type { SpecProofNode } from './problem.js';
import type { SpecResult, SpecStats } from './verify.js';
import type { Specification } from '../../specification/model.js';
import { type UnsealedEvidence, networkRef, seal, texts } from '../../certificates/encode.js';
import type { Certificate, Claim } from '../../checker/schema/index.js';

/** The claim's `specification` field: the violation set, exactly (bounded boxes required). */
export function specificationToJson(spec: Specification): Extract<Claim, { property: 'spec' }>['specification'] {
  return {
    inputs: spec.inputs,
    outputs: spec.outputs,
    cases: spec.cases.map((c) => ({
      box: c.box.map(({ lo, hi }, t) => {
        if (lo === undefined || hi === undefined) throw new Error(`input ${t} is unbounded: a spec claim needs a bounded box`);
        return [formatRational(lo), formatRational(hi)] as [string, string];
      }),
      inputConstraints: c.inputConstraints.map((r) => ({ coefficients: texts(r.coefficients), rhs: formatRational(r.rhs) })),
      outputs: c.outputs.map((conj) => ({
        rows: conj.rows.map((r) => ({ output: texts(r.output), ...(r.input.some((v) => v.n !== 0n) ? { input: texts(r.input) } : {}), rhs: formatRational(r.rhs) })),
      })),
    })),
  };
}

/** Options of {@link specCertificate}. */
export interface SpecCertificateOptions {
  /** Embed the network (default true). */
  readonly embed?: boolean;
}

/** The `spec` claim of a network and a specification. */
export function specClaim(net: Network, spec: Specification, embed = true): Claim {
  return { property: 'spec', network: networkRef(net, embed), specification: specificationToJson(spec) } as Claim;
}

/** One case's proof nodes (preorder) as the certificate writes them (exact numbers as text). */
export type ProofNodeJson = 'empty' | ['x', number, string] | ['r', number, number] | { bound: Record<string, unknown>[] };

/** A case's proof nodes in the certificate's form (src/checker/schema/spec.ts, SpecNodeJson). */
export function proofNodesJson(nodes: readonly SpecProofNode[]): ProofNodeJson[] {
  return nodes.map((node): ProofNodeJson => {
    if (node === 'empty') return node;
    if ('bound' in node) {
      return {
        bound: node.bound.map((e) => ({
          conjunction: e.conjunction,
          lambda: texts(e.lambda),
          ...(e.alpha !== undefined ? { alpha: e.alpha.map((a) => [...a]) } : {}),
          ...(e.beta !== undefined ? { beta: e.beta.map(([k, i, b]) => [k, i, formatRational(b)] as [number, number, string]) } : {}),
        })),
      };
    }
    if (node[0] === 'r') return ['r', node[1], node[2]];
    return ['x', node[1], formatRational(node[2])];
  });
}

/** The statistics a certificate records (informational; the same for every number of threads and shards). */
export function specCertificateStats(s: SpecStats): Record<string, number> {
  return { nodes: s.nodes, leaves: s.leaves, maxDepth: s.maxDepth, confirmed: s.confirmed, rigorous: s.rigorous, exact: s.exact };
}

/** The `spec-counterexample` evidence of a point of the violation set. */
export function counterexampleEvidence(ce: SpecCounterexample): UnsealedEvidence {
  return { kind: 'spec-counterexample', case: ce.case, conjunction: ce.conjunction, input: texts(ce.input), output: texts(ce.output) } as UnsealedEvidence;
}

/**
 * The certificate of a decided {@link SpecResult}.
 * @throws Error for an `unknown` result (no certificate).
 */
export function specCertificate(net: Network, spec: Specification, result: SpecResult, options: SpecCertificateOptions = {}): Certificate {
  if (result.status === 'unknown') throw new Error('an undecided specification has no certificate');
  const claim = specClaim(net, spec, options.embed ?? true);
  const stats = specCertificateStats(result.stats);
  if (result.status === 'violated') return seal(claim, 'violated', counterexampleEvidence(result), stats);
  return seal(claim, 'holds', { kind: 'spec-tree', cases: result.trees.map(proofNodesJson) } as UnsealedEvidence, stats);
}
