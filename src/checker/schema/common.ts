/**
 * The common part of the certificate format `relucert.certificate/1` (zod 4): the format tag,
 * exact numbers as text and their limit, linear systems, multipliers, boxes and domains, the
 * network reference, region split trees, and the claim digest. Every property's part
 * (the other files of this folder) is built from these. Trusted: the checker parses with it.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { MAX_RATIONAL_DIGITS } from '../kernel/rational.js';

/** The format tag of certificates. */
export const CERTIFICATE_FORMAT = 'relucert.certificate/1';
/** The format of a shard's partial certificate (`verify spec --shard`), which only `relucert merge` reads. */
export const SHARD_FORMAT = 'relucert.spec-shard/1';

/**
 * The most digits the numerator and the denominator of one rational in a certificate may each
 * have. The checker's work on a number grows with the square of its length (a gcd), so without a
 * limit a few megabytes of digits keep it busy for hours; with it, checking time stays
 * proportional to the certificate's size. Certificates the engine writes stay far below (about
 * 240 digits for the regions of ACAS Xu, under 30 for the proof suite). See docs/certificates.md.
 */
export { MAX_RATIONAL_DIGITS };

/**
 * An exact rational as text: an integer or `p/q` with q > 0, no leading zeros, no spaces, at most
 * {@link MAX_RATIONAL_DIGITS} digits in p and in q. (Certificates are written by programs, so one
 * spelling suffices; reduced form is not required.)
 */
/** The schema's message for a number beyond {@link MAX_RATIONAL_DIGITS} (the checker reports it as a size limit). */
export const RATIONAL_LIMIT_MESSAGE = `more than ${MAX_RATIONAL_DIGITS} digits in the numerator or the denominator (the checker's limit for one number)`;

export const RationalText = z
  .string()
  .regex(/^-?(0|[1-9][0-9]*)(\/[1-9][0-9]*)?$/, 'expected a rational such as "-7/3" or "5"')
  .regex(
    new RegExp(`^-?(0|[1-9][0-9]{0,${MAX_RATIONAL_DIGITS - 1}})(/[1-9][0-9]{0,${MAX_RATIONAL_DIGITS - 1}})?$`),
    RATIONAL_LIMIT_MESSAGE,
  )
  .describe(`An exact rational: an integer or p/q with q > 0, e.g. "-7/3"; at most ${MAX_RATIONAL_DIGITS} digits in p and in q.`);

export const Rationals = z.array(RationalText);

export const Count = z.int().nonnegative();

/** One row `coefficients · x  relation  rhs` of a linear system. */
export const ConstraintJson = z.strictObject({
  coefficients: Rationals,
  relation: z.enum(['<=', '<', '=']),
  rhs: RationalText,
});

/** A system of linear constraints in `variables` unknowns x_0 … x_{n−1}. */
export const LinearSystemJson = z.strictObject({
  variables: Count,
  constraints: z.array(ConstraintJson),
});

/**
 * Multipliers, one per row of a system: dense (an array as long as the system) or sparse
 * (strictly increasing row indices and their nonzero values).
 */
export const MultipliersJson = z.union([
  Rationals,
  z.strictObject({ rows: z.array(Count), values: Rationals }),
]);

/** An axis-aligned box: `[lo, hi]` per input. */
export const BoxJson = z.array(z.tuple([RationalText, RationalText]));

/** The network a claim is about: its SHA-256 (see network/hash.ts), and optionally the network itself. */
export const NetworkRefJson = z.strictObject({
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'expected 64 lowercase hex digits'),
  embedded: z
    .looseObject({ format: z.literal('relucert.network/1') })
    .optional()
    .describe('A relucert.network/1 document (validated by the network reader, not by this schema).'),
});

/**
 * An input domain: all of R^n, a closed box, or a closed H-polytope. Its rows, in this order, start
 * every derived system: a box gives −x_j ≤ −lo_j for j = 0..n−1, then x_j ≤ hi_j; a polytope its
 * constraints as written (relations `<=` or `=`).
 */
export const DomainJson = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('all') }),
  z.strictObject({ kind: z.literal('box'), box: BoxJson }),
  z.strictObject({ kind: z.literal('polytope'), constraints: z.array(ConstraintJson) }),
]);

export const Digest = z
  .string()
  .regex(/^[0-9a-f]{64}$/, 'expected 64 lowercase hex digits')
  .describe('SHA-256 of the canonical claim (see claimSha256): binds the evidence to the exact claim it proves.');

/**
 * How a split-tree node decided a neuron's sign without splitting: `"c"` its pre-activation is a
 * constant function; `"i"` exact interval bounds over the domain box; or sparse Motzkin
 * multipliers over the node's rows followed by the far side's row, all made strict.
 */
export const SignProofJson = z.union([z.literal('c'), z.literal('i'), z.strictObject({ rows: z.array(Count), values: Rationals })]);

/**
 * One node of a region split tree, in preorder. The neuron a node decides is implicit (the d-th
 * ReLU neuron in layer order at depth d). `"s"`: a split, followed by the positive subtree
 * (row −z ≤ 0 added) and the negative subtree (row z ≤ 0 added); `["+", proof]` / `["-", proof]`:
 * the sign is fixed, followed by the one subtree; `{ "point": [...] }`: a leaf (every neuron
 * decided) with a point strictly inside all of its rows.
 */
export const RegionNodeJson = z.union([
  z.literal('s'),
  z.tuple([z.enum(['+', '-']), SignProofJson]),
  z.strictObject({ point: Rationals }),
]);

/** A node of a `region-tree`. */
export type RegionTreeNode = z.infer<typeof RegionNodeJson>;

/** JSON text with object keys sorted recursively (arrays keep their order): the form that is hashed. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeysDeep(value));
}

function sortKeysDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeysDeep);
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) out[key] = sortKeysDeep((value as Record<string, unknown>)[key]);
    return out;
  }
  return value;
}

/**
 * The SHA-256 (hex) of a claim's {@link canonicalJson}, embedded network included. Evidence
 * records it because mathematics alone cannot bind evidence to every number of a claim: a
 * feasible point with x_j = 0 proves the same for any coefficient of x_j, and Motzkin
 * multipliers that are 0 on a row prove the same whatever that row says.
 */
export function claimSha256(claim: unknown): string {
  return createHash('sha256').update(canonicalJson(claim)).digest('hex');
}
