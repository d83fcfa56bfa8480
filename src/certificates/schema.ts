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
import { specSchemas } from '../checker/specSchema.js';

/** The format tag of certificates. */
export const CERTIFICATE_FORMAT = 'relucert.certificate/1';

/**
 * The most digits the numerator and the denominator of one rational in a certificate may each
 * have. The checker's work on a number grows with the square of its length (a gcd), so without a
 * limit a few megabytes of digits keep it busy for hours; with it, checking time stays
 * proportional to the certificate's size. Certificates the engine writes stay far below (about
 * 240 digits for the regions of ACAS Xu, under 30 for the proof suite). See docs/certificates.md.
 */
export const MAX_RATIONAL_DIGITS = 2000;

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

/**
 * `injectivity`: the network is injective on the closed domain (a box, a polytope or all of R^n,
 * with a nonempty interior): no two distinct inputs x ≠ y in it have N(x) = N(y).
 */
export const InjectivityClaim = z.strictObject({
  property: z.literal('injectivity'),
  network: NetworkRefJson,
  domain: DomainJson,
});

/**
 * `complex`: the canonical polyhedral complex C(F) of the network on the domain (R^n or a box
 * whose facets are extra hyperplanes) is generic, and has exactly `vertices` vertices, this
 * f-vector (cells of dimension 0 … n; on R^n unbounded cells included), Euler characteristic and
 * Z/2 Betti numbers (of the one-point compactification on R^n), with `unboundedCells` unbounded
 * cells. `withOutput`: the outputs' zero sets are hyperplanes too. See docs/complex.md.
 */
export const ComplexClaim = z.strictObject({
  property: z.literal('complex'),
  network: NetworkRefJson,
  domain: DomainJson,
  withOutput: z.boolean(),
  vertices: Count,
  fVector: z.array(Count),
  eulerCharacteristic: z.int(),
  bettiZ2: z.array(Count),
  unboundedCells: Count,
});

/** A critical point of F: exact coordinates, value, index; `interior`: no box facet passes through it. */
export const CriticalPointJson = z.strictObject({ point: Rationals, value: RationalText, index: Count, interior: z.boolean() });

/**
 * `morse`: on the domain, C(F) is generic and its vertices classify (Brooks & Masden 2024, Def. 5)
 * into `regular` regular ones, the `degenerate` ones (F flat along an edge) and exactly the
 * `critical` points listed. On a box with no degenerate vertex also: the discrete gradient's
 * critical cells by dimension, the Z/2 Betti numbers of the complex and of the sublevel
 * complexes at the levels t (midpoints between consecutive critical values, then the largest
 * vertex value). See docs/complex.md.
 */
export const MorseClaim = z.strictObject({
  property: z.literal('morse'),
  network: NetworkRefJson,
  domain: DomainJson,
  vertices: Count,
  regular: Count,
  degenerate: z.array(Rationals),
  critical: z.array(CriticalPointJson),
  criticalCells: z.array(Count).optional(),
  bettiZ2: z.array(Count).optional(),
  sublevels: z.array(z.strictObject({ t: RationalText, bettiZ2: z.array(Count) })).optional(),
});

/** The data of a `training-optimum` claim: inputs and targets as exact rationals. */
export const TrainingDataJson = z.strictObject({
  inputNames: z.array(z.string()),
  targetName: z.string(),
  inputs: z.array(Rationals),
  targets: Rationals,
});

/**
 * `training-optimum`: the least training loss (ℓ1, ℓ∞ or hinge) over one-hidden-layer ReLU
 * networks of width ≤ `width` (f = Σ t_j relu(a_j·x + b_j), plus c when `outputBias`) on `data`
 * is exactly `optimum` (Arora, Basu, Mianjy, Mukherjee, ICLR 2018, Thm 4.1). See docs/training.md.
 */
export const TrainingOptimumClaim = z.strictObject({
  property: z.literal('training-optimum'),
  data: TrainingDataJson,
  width: z.int().positive(),
  loss: z.enum(['l1', 'linf', 'hinge']),
  outputBias: z.boolean(),
  optimum: RationalText,
});

/**
 * `sort`: on the domain, the network computes sort(x), the coordinates in ascending order:
 * N(x) = (x_{σ(0)}, …, x_{σ(n−1)}) with x_{σ(0)} ≤ … ≤ x_{σ(n−1)}, for every x in the domain.
 */
export const SortClaim = z.strictObject({
  property: z.literal('sort'),
  network: NetworkRefJson,
  domain: DomainJson,
});

/**
 * `equivalent`: on the domain, the network and `other` compute the same function: N(x) = M(x)
 * for every x in the domain (same input and output sizes).
 */
export const EquivalentClaim = z.strictObject({
  property: z.literal('equivalent'),
  network: NetworkRefJson,
  other: NetworkRefJson,
  domain: DomainJson,
});


const Digest = z
  .string()
  .regex(/^[0-9a-f]{64}$/, 'expected 64 lowercase hex digits')
  .describe('SHA-256 of the canonical claim (see claimSha256): binds the evidence to the exact claim it proves.');

/** The `spec` property's claim and evidence (src/checker/specSchema.ts). */
export const { SpecClaim, SpecTreeEvidence, SpecCounterexampleEvidence } = specSchemas({ RationalText, NetworkRefJson, Digest });

/** Every claim, by property. */
export const ClaimJson = z.discriminatedUnion('property', [LinearSystemClaim, LpOptimumClaim, ActivationRegionClaim, OutputBoundClaim, RegionsClaim, InjectivityClaim, ComplexClaim, MorseClaim, TrainingOptimumClaim, SortClaim, EquivalentClaim, SpecClaim]);

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
/** A node of a `region-tree`. */
export type RegionTreeNode = z.infer<typeof RegionNodeJson>;

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

/** An n×n minor of a matrix the checker rebuilds: the rows (increasing) and their exact, nonzero determinant. */
export const MinorJson = z.strictObject({ rows: z.array(Count), determinant: RationalText });

/** Two distinct inputs of the closed domain with the same output (`output` = N(x) = N(y)): injectivity is violated. */
export const InjectivityPairEvidence = z.strictObject({
  kind: z.literal('injectivity-pair'),
  claimSha256: Digest,
  x: Rationals,
  y: Rationals,
  output: Rationals,
});

/**
 * One node of a Froese–Grillo–Skutella search tree over a bias-free layer, in preorder (node set C,
 * the root's C empty): `{ minor }` rows of C with a nonzero minor; `{ farkas }` sparse Farkas
 * multipliers of {−w_i·x ≤ 0 (i ∈ C), w_i·x ≤ −1 (i ∉ C)}, followed by one subtree per support row
 * outside C (ascending, child set C ∪ {i}); `"seen"` a set refuted earlier in preorder.
 */
export const SearchNodeJson = z.union([
  z.literal('seen'),
  z.strictObject({ minor: MinorJson }),
  z.strictObject({ farkas: z.strictObject({ rows: z.array(Count), values: Rationals }) }),
]);

/**
 * The proof that one stage is injective on the set it receives (stage 0 on the claim's domain,
 * later ReLU stages on the nonnegative orthant): `{ cells, minors }` the stage's region split tree
 * and, per leaf in preorder, rows positive on the leaf with a nonzero minor; `{ search }` an FGS
 * tree (bias-free first stage on all of R^n); `{ minor }` a final affine stage of full column rank.
 */
export const StageProofJson = z.union([
  z.strictObject({ cells: z.array(RegionNodeJson), minors: z.array(MinorJson) }),
  z.strictObject({ search: z.array(SearchNodeJson) }),
  z.strictObject({ minor: MinorJson }),
]);

/** Injectivity, layer-wise: one proof per stage (identity layers folded into the next ReLU layer; see docs/injectivity.md). */
export const InjectivityLayersEvidence = z.strictObject({
  kind: z.literal('injectivity-layers'),
  claimSha256: Digest,
  stages: z.array(StageProofJson),
});

/** An exact bound of output `output` over the closure of region `region`: dual multipliers over the region's rows. */
export const OutputBoundJson = z.strictObject({
  region: Count,
  output: Count,
  sense: z.enum(['max', 'min']),
  value: RationalText,
  dual: MultipliersJson,
});

/**
 * Why regions p ≤ q give no counterexample: `minor` (p = q) n output rows of A_p with a nonzero
 * minor; `separated` [u, l] bound u (a max of output k on one region) below bound l (a min of
 * output k on the other); `farkas` multipliers refuting the pair system; `duals` 2n multiplier
 * vectors proving max ±(x_i − y_i) ≤ 0 over the pair system (order: i = 0, +; i = 0, −; i = 1, +; …).
 */
export const RegionPairJson = z.union([
  z.strictObject({ p: Count, q: Count, minor: MinorJson }),
  z.strictObject({ p: Count, q: Count, separated: z.tuple([Count, Count]) }),
  z.strictObject({ p: Count, q: Count, farkas: MultipliersJson }),
  z.strictObject({ p: Count, q: Count, duals: z.array(MultipliersJson) }),
]);

/** Injectivity by pairs of regions: the network's split tree, output bounds, and one proof per pair p ≤ q (p, then q ascending). */
export const InjectivityRegionsEvidence = z.strictObject({
  kind: z.literal('injectivity-regions'),
  claimSha256: Digest,
  nodes: z.array(RegionNodeJson),
  bounds: z.array(OutputBoundJson),
  pairs: z.array(RegionPairJson),
});

/** A vertex of C(F): exact point and sign sequence (`-`, `0`, `+` per hyperplane, no separators). */
export const ComplexVertexJson = z.strictObject({ point: Rationals, signs: z.string().regex(/^[-0+]*$/, 'expected a string of "-", "0" and "+"') });

/**
 * The vertices of a generic complex; the checker re-derives signs, stars and edges from the
 * network and verifies that walking every edge from every vertex ends at a listed vertex.
 */
export const ComplexVerticesEvidence = z.strictObject({
  kind: z.literal('complex-vertices'),
  claimSha256: Digest,
  vertices: z.array(ComplexVertexJson),
});

/**
 * The vertices with the exact derivative of F along each of their edges (zero axes in sign
 * order, side + before −; a box facet has only its inward edge +), and on a box the discrete
 * gradient's matched pairs [face, coface] as sign sequences.
 */
export const MorseVerticesEvidence = z.strictObject({
  kind: z.literal('morse-vertices'),
  claimSha256: Digest,
  vertices: z.array(z.strictObject({ point: Rationals, signs: z.string().regex(/^[-0+]*$/), derivatives: Rationals })),
  pairs: z.array(z.tuple([z.string().regex(/^[-0+]*$/), z.string().regex(/^[-0+]*$/)])).optional(),
});

const UnitSign = z.union([z.literal(1), z.literal(-1)]);

/**
 * The search behind a `training-optimum` claim: every affine dichotomy of the data with a
 * realizing hyperplane (a·x + b > 0 exactly on the `+` points), dual bounds on pattern LPs
 * (canonical layout of docs/training.md) covering every set of unit types, and an optimal network.
 */
export const TrainingSearchEvidence = z.strictObject({
  kind: z.literal('training-search'),
  claimSha256: Digest,
  dichotomies: z.array(z.strictObject({ labels: z.string().regex(/^[+-]+$/, 'expected a string of "+" and "-"'), normal: Rationals, offset: RationalText })),
  bounds: z.array(
    z.strictObject({
      units: z.array(z.tuple([Count, UnitSign])),
      relaxed: UnitSign.optional(),
      relaxedFrom: Count.optional(),
      value: RationalText,
      dual: MultipliersJson,
    }),
  ),
  network: z
    .looseObject({ format: z.literal('relucert.network/1') })
    .describe('The optimal network, a relucert.network/1 document (validated by the network reader).'),
});

/**
 * One node of a `sort-regions` split tree: as {@link RegionNodeJson}, but a leaf is `"leaf"`
 * without a point (the sort claim needs the leaves to cover the domain, not to be full-dimensional),
 * and `"p"` marks a neuron of a pass-through pair (two neurons of one layer with negated rows and
 * negated outgoing columns, see network/passPairs.ts): not split, the lower-indexed neuron taken
 * as on and its partner as off, which gives the exact map on both sides because the pair adds the
 * linear term column·z. Both neurons of a pair are `"p"` or neither is.
 */
export const SortNodeJson = z.union([z.literal('s'), z.literal('p'), z.tuple([z.enum(['+', '-']), SignProofJson]), z.literal('leaf')]);
/** A node of a `sort-regions` or `equivalence-regions` split tree. */
export type SortNode = z.infer<typeof SortNodeJson>;

/**
 * Why a network sorts: the region split tree (as in `region-tree`, leaves written `"leaf"`) and, per leaf in preorder, the
 * permutation σ of the leaf's output map (N(x)_i = x_{σ(i)}) and, per adjacent pair i, dual
 * multipliers y ≥ 0 over the leaf's half-spaces (domain rows, then one row per split on its
 * path) with Σ y_r a_r = e_{σ(i)} − e_{σ(i+1)} and Σ y_r b_r ≤ 0: x_{σ(i)} ≤ x_{σ(i+1)} on the leaf.
 */
export const SortRegionsEvidence = z.strictObject({
  kind: z.literal('sort-regions'),
  claimSha256: Digest,
  nodes: z.array(SortNodeJson),
  emptyDomain: MultipliersJson.optional(),
  leaves: z.array(z.strictObject({ permutation: z.array(Count), multipliers: z.array(MultipliersJson) })),
});

/** A counterexample to `sort`: an input in the domain and the network's exact output there, which is not sort(input). */
export const SortCounterexampleEvidence = z.strictObject({
  kind: z.literal('sort-counterexample'),
  claimSha256: Digest,
  input: Rationals,
  output: Rationals,
});

/**
 * A gadget lemma: the `sort-regions` tree and leaf proofs (nodes, leaves) that the gadget network,
 * which the checker builds itself, computes sort on all of R^k (sort2: k = 2, (min, max); the
 * identity pair: k = 1, relu(y) − relu(−y) = y).
 */
export const SortLemmaJson = z.strictObject({
  nodes: SortRegionsEvidence.shape.nodes,
  leaves: SortRegionsEvidence.shape.leaves,
});

/**
 * Why a comparator-network ReLU network sorts on all of R^n, compositionally (docs/certificates.md):
 * (a) `lemmas`: the gadget lemmas by region enumeration, `sort2` when some stage has a comparator,
 * `identity` when some stage carries a wire; (b) `stages`: hidden layer s of the network is stage
 * s, written as pairs [a, b, a', b', …] in neuron order: a ≠ b a sort2 comparator (min to wire a,
 * max to wire b; 4 neurons), a = b an identity pair carrying wire a (2 neurons); (c) `sorting`:
 * the 0-1 principle over all 2^n inputs, or recursive merging in log2 n phases (stage ranges
 * [from, to) and the direction, `a` ascending or `d` descending, of every block after the phase).
 */
export const SortCompositionalEvidence = z.strictObject({
  kind: z.literal('sort-compositional'),
  claimSha256: Digest,
  lemmas: z.strictObject({ sort2: SortLemmaJson.optional(), identity: SortLemmaJson.optional() }),
  stages: z.array(z.array(Count)),
  sorting: z.discriminatedUnion('method', [
    z.strictObject({ method: z.literal('zero-one') }),
    z.strictObject({
      method: z.literal('merge'),
      phases: z.array(z.strictObject({ stages: z.tuple([Count, Count]), directions: z.string().regex(/^[ad]+$/, 'expected a string of "a" and "d"') })),
    }),
  ]),
});

/**
 * Why two networks are equivalent: the split tree of the first network (`sort-regions` node
 * format) and, per leaf in preorder, the split tree of the second network on that leaf's
 * polyhedron (its rows are the domain rows of the inner tree); on every inner leaf the two
 * rebuilt output maps are equal.
 */
export const EquivalenceRegionsEvidence = z.strictObject({
  kind: z.literal('equivalence-regions'),
  claimSha256: Digest,
  nodes: z.array(SortNodeJson),
  inner: z.array(z.array(SortNodeJson)),
});

/** A counterexample to `equivalent`: an input in the domain and both networks' exact outputs there, which differ. */
export const EquivalenceCounterexampleEvidence = z.strictObject({
  kind: z.literal('equivalence-counterexample'),
  claimSha256: Digest,
  input: Rationals,
  output: Rationals,
  otherOutput: Rationals,
});

/** Every kind of evidence this format version defines. */
export const EvidenceJson = z.discriminatedUnion('kind', [
  PointEvidence,
  MotzkinEvidence,
  PrimalDualEvidence,
  DualEvidence,
  CounterexampleEvidence,
  RegionTreeEvidence,
  InjectivityPairEvidence,
  InjectivityLayersEvidence,
  InjectivityRegionsEvidence,
  ComplexVerticesEvidence,
  MorseVerticesEvidence,
  TrainingSearchEvidence,
  SortRegionsEvidence,
  SortCounterexampleEvidence,
  SortCompositionalEvidence,
  EquivalenceRegionsEvidence,
  EquivalenceCounterexampleEvidence,
  SpecTreeEvidence,
  SpecCounterexampleEvidence,
]);

/** The evidence kinds this format version defines. */
export const EVIDENCE_KINDS = ['point', 'motzkin', 'primal-dual', 'dual', 'counterexample', 'region-tree', 'injectivity-pair', 'injectivity-layers', 'injectivity-regions', 'complex-vertices', 'morse-vertices', 'training-search', 'sort-regions', 'sort-counterexample', 'sort-compositional', 'equivalence-regions', 'equivalence-counterexample', 'spec-tree', 'spec-counterexample'] as const;

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
