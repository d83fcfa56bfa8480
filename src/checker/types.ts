/**
 * Types shared by the per-property checks.
 */
import type { Network } from '../network/model.js';
import type { Certificate, Claim, Evidence } from './schema/index.js';

/** A certificate whose claim has the given property (shapes already checked by the schema). */
export type Parsed<P extends Claim['property']> = Omit<Certificate, 'claim' | 'evidence'> & {
  readonly claim: Extract<Claim, { property: P }>;
  readonly evidence: Evidence;
};

/** A certificate about a network, with the network resolved and its hash verified. */
export type WithNetwork<P extends Claim['property']> = Parsed<P> & { readonly network: Network };

/** What a passed check says, in one sentence. */
export interface Checked {
  readonly summary: string;
}
