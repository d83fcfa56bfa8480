/**
 * Certificates of the `sort` claim on all of R^n for networks built from comparator gadgets, from
 * the compositional proof of src/properties/sorting/compositional.ts (issue 4, part 5):
 * `sort-compositional` evidence recording (a) the gadget lemmas as `sort-regions` trees of the
 * gadget networks (made by the region engine and {@link sortCertificate}), (b) the comparators of
 * every stage in neuron order, read from the construction trace the prover checked against the
 * weights, and (c) how the comparator network sorts (the 0-1 principle, or the merge phases of
 * the recursive proof with every block's direction). A refuted network gets a `sort-counterexample`
 * certificate: the prover's 0-1 input with the network's exact output there. The independent
 * checker (src/checker/sortCompositional.ts) re-derives all of it; see docs/certificates.md.
 */
import type { z } from 'zod';
import { identityGadget, sort2Gadget } from '../../construct/gadgets.js';
import { formatRational, ratio } from '../../exact/rational.js';
import { evaluate } from '../../network/evaluate.js';
import type { Network } from '../../network/model.js';
import type { ComparatorNetwork } from './comparatorNetwork.js';
import { type CompositionalSortResult, compositionalSortProof } from './compositional.js';
import { type SortingVerdict, proveSortsRecursive, proveSortsZeroOne } from './sortingProof.js';
import { verifySort } from './verifySort.js';
import { networkRef, seal } from '../../certificates/encode.js';
import type { Certificate, Claim, SortCompositionalEvidence } from '../../checker/schema/index.js';
import { sortCertificate } from './certificate.js';

type Evidence = z.infer<typeof SortCompositionalEvidence>;

/** Options of {@link compositionalSortCertificate}. */
export interface CompositionalCertificateOptions {
  /** Embed the network in the claim (default true). */
  readonly embed?: boolean;
  /** How (c) is proved: `zero-one` (n ≤ 26), `merge` (n = 2^L, recursive merging), or the prover's choice (default). */
  readonly method?: 'zero-one' | 'merge';
  /** The prover's result for this network, when already computed. */
  readonly result?: CompositionalSortResult;
}

/** A certificate, or why there is none. */
export type CompositionalCertificateOutcome =
  | { readonly status: 'holds' | 'violated'; readonly certificate: Certificate }
  | { readonly status: 'unknown'; readonly reason: string };

/** The `sort-regions` tree and leaf proofs of a gadget network that sorts R^k. */
function gadgetLemma(gadget: Network, name: string): NonNullable<Evidence['lemmas']['sort2']> {
  const result = verifySort(gadget);
  if (result.status !== 'holds') throw new Error(`internal: the ${name} gadget lemma does not hold (${result.status})`);
  const evidence = sortCertificate(gadget, { kind: 'all' }, result, { embed: false }).evidence;
  if (evidence.kind !== 'sort-regions' || evidence.emptyDomain !== undefined) throw new Error(`internal: expected a sort-regions tree for the ${name} lemma`);
  return { nodes: evidence.nodes, leaves: evidence.leaves };
}

/**
 * The stages of the trace as certificate pairs (a ≠ b: sort2 comparator, min to a; a = a: identity
 * pair), or why the trace has another form. The prover has checked the trace against the weights
 * (neurons in op order, trace rule 2); a sort2 op must read and write the same wires in the same
 * order, which is the one form the certificate records.
 */
function stagePairs(net: Network): number[][] | string {
  const trace = net.metadata?.trace as { stages?: { hiddenLayers?: unknown; ops?: { gadget?: unknown; in?: unknown; out?: unknown }[] }[] } | undefined;
  const stages = trace?.stages;
  if (!Array.isArray(stages)) return 'the network has no construction trace';
  const out: number[][] = [];
  for (let s = 0; s < stages.length; s++) {
    const st = stages[s] as NonNullable<typeof stages>[number];
    if (st.hiddenLayers !== 1) return `stage ${s} has ${String(st.hiddenLayers)} hidden layers; the certificate records one per stage`;
    const pairs: number[] = [];
    for (const [k, op] of (st.ops ?? []).entries()) {
      const ins = op.in as number[];
      const outs = op.out as number[];
      const same = Array.isArray(ins) && Array.isArray(outs) && ins.length === outs.length && ins.every((w, i) => w === outs[i]);
      if (op.gadget === 'sort2' && same && ins.length === 2) pairs.push(ins[0] as number, ins[1] as number);
      else if (op.gadget === 'identity' && same && ins.length === 1) pairs.push(ins[0] as number, ins[0] as number);
      else return `stage ${s} op ${k} (${String(op.gadget)}) is not an in-place sort2 comparator or identity pair`;
    }
    out.push(pairs);
  }
  return out;
}

/** The merge phases of a recursive proof, with stage ranges moved from comparator stages to network stages. */
function mergePhases(proof: Extract<SortingVerdict, { status: 'proved' }>['proof'], stages: readonly number[][]): Extract<Evidence['sorting'], { method: 'merge' }>['phases'] {
  if (proof.method !== 'recursive-merge') throw new Error('internal: expected a recursive-merge proof');
  // The prover's comparator network skips stages without comparators.
  const nonEmpty = stages.flatMap((pairs, s) => (pairs.some((w, i) => i % 2 === 0 && w !== pairs[i + 1]) ? [s] : []));
  return proof.phases.map((phase, i) => ({
    stages: [i === 0 ? 0 : (nonEmpty[phase.stages[0]] as number), i === proof.phases.length - 1 ? stages.length : (nonEmpty[phase.stages[1]] as number)] as [number, number],
    directions: phase.directions,
  }));
}

/**
 * The certificate of the compositional proof that `net` sorts on all of R^n (holds, with
 * `sort-compositional` evidence), or of a counterexample (violated, `sort-counterexample`), or why
 * there is none: a weight differs from the trace, the network is no comparator network, the
 * chosen method does not apply, or the prover could not decide.
 */
export function compositionalSortCertificate(net: Network, options: CompositionalCertificateOptions = {}): CompositionalCertificateOutcome {
  const result = options.result ?? compositionalSortProof(net);
  if (result.status === 'mismatch') return { status: 'unknown', reason: `the weights do not match the construction trace: ${result.mismatch.message}` };
  if (result.status === 'not-a-comparator-network') return { status: 'unknown', reason: result.reason };
  const claim = { property: 'sort', network: networkRef(net, options.embed ?? true), domain: { kind: 'all' } } as Claim;
  const cn = result.trace.comparatorNetwork as ComparatorNetwork;
  const sorting: SortingVerdict =
    options.method === 'zero-one' ? proveSortsZeroOne(cn) : options.method === 'merge' ? proveSortsRecursive(cn) : result.sorting;
  if (sorting.status === 'refuted') {
    // (b) and (a) make N equal to the comparator network, so the 0-1 input is a counterexample of N;
    // it is confirmed by exact evaluation all the same (the checker re-evaluates it too).
    const x = sorting.input.map((b) => ratio(BigInt(b)));
    const y = evaluate(net, x);
    const sorted = [...x].sort((p, q) => p.compare(q));
    if (y.every((v, i) => v.equals(sorted[i] as typeof v))) return { status: 'unknown', reason: 'internal: the 0-1 counterexample is sorted by the network' };
    return {
      status: 'violated',
      certificate: seal(claim, 'violated', { kind: 'sort-counterexample', input: sorting.input.map(String), output: y.map(formatRational) }, { method: 'compositional', reason: sorting.reason }),
    };
  }
  if (sorting.status === 'unknown') return { status: 'unknown', reason: sorting.reason };
  const stages = stagePairs(net);
  if (typeof stages === 'string') return { status: 'unknown', reason: stages };
  const comparators = stages.reduce((s, pairs) => s + pairs.filter((w, i) => i % 2 === 0 && w !== pairs[i + 1]).length, 0);
  const carried = stages.reduce((s, pairs) => s + pairs.filter((w, i) => i % 2 === 0 && w === pairs[i + 1]).length, 0);
  const lemmas: Evidence['lemmas'] = {
    ...(comparators > 0 ? { sort2: gadgetLemma(sort2Gadget(), 'sort2') } : {}),
    ...(carried > 0 ? { identity: gadgetLemma(identityGadget(), 'identity') } : {}),
  };
  const proof = sorting.proof;
  const evidence: Evidence['sorting'] = proof.method === 'zero-one' ? { method: 'zero-one' } : { method: 'merge', phases: mergePhases(proof, stages) };
  return {
    status: 'holds',
    certificate: seal(claim, 'holds', { kind: 'sort-compositional', lemmas, stages, sorting: evidence }, {
      method: 'compositional',
      stages: stages.length,
      comparators,
      carriedWires: carried,
      sorting: evidence.method,
      inputsChecked: String(proof.inputsChecked),
    }),
  };
}
