/**
 * Compositional proof that a constructed network sorts, in two exact steps that need no LP and
 * no region enumeration (issue 4, part 5 (b) and (c)):
 *
 * (b) {@link checkTrace}: the network's weight matrices equal, entry by entry, the composition of
 *     the gadgets its construction trace (`metadata.trace`, format `relucert.trace/1`, see
 *     src/construct/calculus.ts and docs/constructions.md) records. Each layer's expected sparse
 *     rows are rebuilt from the trace alone — the gadget matrices are restated here, the stage
 *     layout and padding rules applied, adjacent affine maps multiplied in exact rationals — and
 *     compared with the network's. The result is the comparator network the ReLU network
 *     implements, or the first differing entry.
 * (c) {@link proveSortsZeroOne} / {@link proveSortsRecursive}: the comparator network sorts.
 *
 * Together with (a), the gadget lemma proved elsewhere (sort2 computes (min, max) on all of R²,
 * relu(y) − relu(−y) = y), (b) and (c) prove that the ReLU network computes sort(x) on all of R^n.
 *
 * The steps live in their own modules: the trace check in ./traceCheck.ts, the sorting proofs
 * in ./sortingProof.ts (over the comparator networks of ./comparatorNetwork.ts); this module
 * composes them. Like them it imports only the exact core and the network model. The independent
 * checker re-derives (a)–(c) with its own, shorter code (src/checker/sortCompositional.ts) from a
 * `sort-compositional` certificate (src/properties/sorting/compositionalCertificate.ts).
 * The only cited theorem any step rests on is the 0-1 principle (Knuth, TAOCP vol. 3, §5.3.4,
 * Theorem Z), and only in {@link proveSortsZeroOne}; the recursive proof reproves the part of
 * it that it uses (see {@link proveSortsRecursive}).
 */
import type { Network } from '../../network/model.js';
import { type SortingVerdict, proveSorts } from './sortingProof.js';
import { type TraceCheck, type TraceMismatch, checkTrace } from './traceCheck.js';

/** The outcome of {@link compositionalSortProof}. */
export type CompositionalSortResult =
  | {
      readonly status: 'proved' | 'refuted' | 'unknown';
      readonly trace: Extract<TraceCheck, { status: 'match' }>;
      readonly sorting: SortingVerdict;
      /** The gadget lemmas (part (a)) the conclusion still rests on. */
      readonly gadgetLemmas: readonly string[];
    }
  | { readonly status: 'mismatch'; readonly mismatch: TraceMismatch }
  | { readonly status: 'not-a-comparator-network'; readonly trace: Extract<TraceCheck, { status: 'match' }>; readonly reason: string };

/**
 * Steps (b) and (c) together: the trace check, then a sorting proof of the comparator network it
 * yields. `proved` means: if the gadget lemmas listed hold (sort2 = (min, max) on R²; the
 * identity pair is the identity), the network computes sort(x) on all of R^n.
 */
export function compositionalSortProof(net: Network): CompositionalSortResult {
  const trace = checkTrace(net);
  if (trace.status === 'mismatch') return trace;
  if (trace.comparatorNetwork === null) return { status: 'not-a-comparator-network', trace, reason: trace.note ?? 'not a comparator network' };
  const sorting = proveSorts(trace.comparatorNetwork);
  const lemmas: string[] = [];
  if ((trace.gadgets.sort2 ?? 0) > 0) lemmas.push('sort2: (x, y) ↦ (−relu(y−x) + relu(y) − relu(−y), relu(x−y) + relu(y) − relu(−y)) = (min(x, y), max(x, y)) on all of R²');
  if ((trace.gadgets.identity ?? 0) > 0 || trace.paddedOps > 0) lemmas.push('identity pair: relu(y) − relu(−y) = y on R');
  return { status: sorting.status, trace, sorting, gadgetLemmas: lemmas };
}
