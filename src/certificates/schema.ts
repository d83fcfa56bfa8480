/**
 * The certificate format `relucert.certificate/1`, defined once (zod 4). The engine's producers
 * build documents of these types, the independent checker parses with these schemas, and the
 * JSON Schema in `schemas/certificate.schema.json` is generated from them
 * ({@link certificateJsonSchema}).
 *
 * A certificate states a claim, a verdict and evidence. Everything numeric is exact: rationals
 * are strings (`"-7/3"`, `"5"`), counts and indices are JSON integers. The schema checks shapes
 * only; what the numbers must satisfy is the checker's business (see docs/certificates.md).
 *
 * This module is part of the checker's trusted base: it may import only node built-ins and zod.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';

/** The format tag of certificates. */
export const CERTIFICATE_FORMAT = 'relucert.certificate/1';

/**
 * An exact rational as text: an integer or `p/q` with q > 0, no leading zeros, no spaces.
 * (Certificates are written by programs, so one spelling suffices; reduced form is not required.)
 */
export const RationalText = z
  .string()
  .regex(/^-?(0|[1-9][0-9]*)(\/[1-9][0-9]*)?$/, 'expected a rational such as "-7/3" or "5"')
  .describe('An exact rational: an integer or p/q with q > 0, e.g. "-7/3".');

const Rationals = z.array(RationalText);
const Count = z.int().nonnegative();

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

/** `linear-system`: is the system feasible / does the set it defines have a nonempty interior? */
export const LinearSystemClaim = z.strictObject({
  property: z.literal('linear-system'),
  system: LinearSystemJson,
  question: z.enum(['feasible', 'interior-nonempty']),
});

/**
 * `lp-optimum`: over a closed system, `statement: "optimum"` claims the optimum of
 * `sense` objective·x is `value` (attained); `statement: "bound"` claims max ≤ value (sense max)
 * or min ≥ value (sense min).
 */
export const LpOptimumClaim = z.strictObject({
  property: z.literal('lp-optimum'),
  system: LinearSystemJson,
  objective: Rationals,
  sense: z.enum(['max', 'min']),
  statement: z.enum(['optimum', 'bound']),
  value: RationalText,
});

/**
 * `activation-region`: the set of inputs (strictly inside the box, if given) where every ReLU
 * pre-activation has the pattern's strict sign is nonempty (it is open, so nonempty = nonempty
 * interior). One pattern string per layer: `+`/`-` per ReLU neuron, `""` for identity layers.
 */
export const ActivationRegionClaim = z.strictObject({
  property: z.literal('activation-region'),
  network: NetworkRefJson,
  pattern: z.array(z.string().regex(/^[+-]*$/, 'expected a string of "+" and "-"')),
  domain: z.strictObject({ box: BoxJson }).optional(),
});

/** `output-bound`: for every x in the (closed) box, objective · N(x) ≤ bound. */
export const OutputBoundClaim = z.strictObject({
  property: z.literal('output-bound'),
  network: NetworkRefJson,
  domain: z.strictObject({ box: BoxJson }),
  objective: Rationals,
  bound: RationalText,
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

/**
 * `regions`: on the domain, the network has exactly `regions` activation regions with a nonempty
 * interior (a neuron whose pre-activation is identically zero on a region counts as off).
 */
export const RegionsClaim = z.strictObject({
  property: z.literal('regions'),
  network: NetworkRefJson,
  domain: DomainJson,
  regions: Count,
});

/** Every claim, by property. */
export const ClaimJson = z.discriminatedUnion('property', [LinearSystemClaim, LpOptimumClaim, ActivationRegionClaim, OutputBoundClaim, RegionsClaim]);

const Digest = z
  .string()
  .regex(/^[0-9a-f]{64}$/, 'expected 64 lowercase hex digits')
  .describe('SHA-256 of the canonical claim (see claimSha256): binds the evidence to the exact claim it proves.');

/** A point satisfying a system, with the slack rhs − a·x of every row (so every coordinate is pinned). */
export const PointEvidence = z.strictObject({
  kind: z.literal('point'),
  claimSha256: Digest,
  point: Rationals,
  slacks: Rationals,
});

/**
 * Motzkin multipliers proving a system infeasible, with the two sums they produce:
 * `rhsSum` = Σ yᵢ bᵢ and `strictSum` = Σ of the multipliers of strict rows.
 */
export const MotzkinEvidence = z.strictObject({
  kind: z.literal('motzkin'),
  claimSha256: Digest,
  multipliers: MultipliersJson,
  rhsSum: RationalText,
  strictSum: RationalText,
});

/** An LP optimum: a feasible primal point (with its slacks) and dual multipliers (weak duality). */
export const PrimalDualEvidence = z.strictObject({
  kind: z.literal('primal-dual'),
  claimSha256: Digest,
  primal: Rationals,
  slacks: Rationals,
  dual: MultipliersJson,
});

/** An LP bound: dual multipliers alone (weak duality). */
export const DualEvidence = z.strictObject({
  kind: z.literal('dual'),
  claimSha256: Digest,
  dual: MultipliersJson,
});

/** An input violating an output bound, with its exact pre-activations (per layer), output and objective value. */
export const CounterexampleEvidence = z.strictObject({
  kind: z.literal('counterexample'),
  claimSha256: Digest,
  input: Rationals,
  preactivations: z.array(Rationals),
  output: Rationals,
  value: RationalText,
});

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

/**
 * The split tree of the region engine (see docs/certificates.md): the leaves are the regions. When
 * the domain itself has an empty interior, `nodes` is empty and `emptyDomain` holds Motzkin
 * multipliers over the domain's rows made strict.
 */
export const RegionTreeEvidence = z.strictObject({
  kind: z.literal('region-tree'),
  claimSha256: Digest,
  nodes: z.array(RegionNodeJson),
  emptyDomain: MultipliersJson.optional(),
});

/** Every kind of evidence this format version defines. */
export const EvidenceJson = z.discriminatedUnion('kind', [
  PointEvidence,
  MotzkinEvidence,
  PrimalDualEvidence,
  DualEvidence,
  CounterexampleEvidence,
  RegionTreeEvidence,
]);

/** The evidence kinds this format version defines. */
export const EVIDENCE_KINDS = ['point', 'motzkin', 'primal-dual', 'dual', 'counterexample', 'region-tree'] as const;

/** A whole certificate. */
export const CertificateJson = z
  .strictObject({
    format: z.literal(CERTIFICATE_FORMAT),
    claim: ClaimJson,
    verdict: z.enum(['holds', 'violated']),
    evidence: EvidenceJson,
    engine: z.strictObject({
      version: z.string(),
      stats: z.record(z.string(), z.union([z.number(), z.string()])),
    }),
  })
  .describe('A relucert certificate: a claim, a verdict, and evidence that an independent checker re-verifies exactly.');

/** A certificate document (parsed, shapes checked). */
export type Certificate = z.infer<typeof CertificateJson>;
/** A claim. */
export type Claim = z.infer<typeof ClaimJson>;
/** Evidence. */
export type Evidence = z.infer<typeof EvidenceJson>;
/** A linear system in JSON form. */
export type LinearSystemDoc = z.infer<typeof LinearSystemJson>;
/** Multipliers in JSON form (dense or sparse). */
export type MultipliersDoc = z.infer<typeof MultipliersJson>;
/** A property name. */
export type PropertyName = Claim['property'];
/** A verdict. */
export type Verdict = Certificate['verdict'];

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

/** The JSON Schema (draft 2020-12) of the certificate format, generated from the zod definition. */
export function certificateJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(CertificateJson, { target: 'draft-2020-12', reused: 'ref' }) as Record<string, unknown>;
  return { ...schema, title: CERTIFICATE_FORMAT };
}
