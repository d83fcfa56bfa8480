/**
 * relucert's public API. Every export is named here on purpose; everything else is internal.
 *
 * The one idea: floats only propose. Every verdict is exact and comes with a certificate that
 * the independent checker ({@link checkCertificate}) re-verifies in rational arithmetic.
 */

// Errors
export { InputError, type InputErrorCode, type InputErrorOptions, type SourceLocation, InternalError, LimitReached, type Limit } from './errors.js';

// Exact numbers
export {
  Fraction,
  type Rational,
  parseRational,
  rationalFromJson,
  float64ToRational,
  float32ToRational,
  float32BitsToRational,
  formatRational,
  ratio,
} from './exact/rational.js';
export { toDecimal, formatDecimal, type DecimalRendering } from './exact/decimal.js';
export { type IntegerVector, toIntegerVector, fromIntegerVector } from './exact/vector.js';
export {
  type Matrix,
  type IntegerMatrix,
  type LinearSolution,
  rank,
  rref,
  nullspace,
  solve,
  determinant,
  integerRank,
  integerDeterminant,
} from './exact/linalg.js';

// Network model, JSON format, hash
export {
  type Network,
  type Layer,
  type WeightRow,
  type Activation,
  type SparseEntry,
  denseLayer,
  sparseLayer,
  denseWeights,
  weightAt,
  outputSize,
} from './network/model.js';
export { NETWORK_FORMAT, networkFromJson, networkToJson, formatNetworkFile } from './network/json.js';
export { networkSha256 } from './network/hash.js';
export { type NetworkSummary, networkSummary } from './network/summary.js';

// Exact interpreter and affine maps
export {
  type Sign,
  type SignPattern,
  type FilteredSigns,
  evaluate,
  evaluateBatch,
  activationSigns,
  signsWithFilter,
  preactivations,
  formatSignPattern,
} from './network/evaluate.js';
export {
  type ActivationPattern,
  type AffineMap,
  preactivationMaps,
  patternAffineMap,
  affineMapToRationals,
} from './network/affine.js';

// File formats
export {
  type NetworkFormat,
  type NnetFile,
  type NnetSemantics,
  detectFormat,
  readNetworkFile,
  writeNetworkFile,
  parseNnet,
  nnetNetwork,
  formatNnet,
  readOnnx,
  writeOnnx,
} from './formats/index.js';

// Input→output specifications (VNN-LIB): the violation set, read exactly
/**
 * Read a `.vnnlib` property into its exact violation set ({@link Specification}); errors name
 * `file:line:column`. `inputs`/`outputs` check the declared variables against the network.
 */
export { type VnnlibOptions, parseVnnlib, readVnnlib } from './formats/vnnlib.js';
/** VNN-LIB text for a specification, which {@link parseVnnlib} reads back to the same model. */
export { formatVnnlib } from './formats/vnnlibWrite.js';
export {
  type Specification,
  type SpecificationCase,
  type SpecificationSource,
  type InputInterval,
  type InputInequality,
  type OutputRow,
  type OutputConjunction,
  type Violation,
  violates,
  boundedBox,
  requireBoundedInputs,
} from './specification/model.js';
/** The VNN-COMP result file (`unsat`, `sat` with the exact counterexample, `timeout`, `unknown`). */
export { type VnncompResult, formatVnncompResult, vnncompValueText } from './specification/result.js';
/** VNN-COMP batch files: the instance list, the expected-verdict table, a result file's verdict (`relucert vnncomp`). */
export {
  type ExpectedVerdicts,
  type Instance,
  type VnncompVerdict,
  VNNCOMP_VERDICTS,
  expectedKey,
  instanceStem,
  parseResultVerdict,
  readExpectedVerdicts,
  readInstanceList,
} from './specification/instances.js';
export { exactDecimalText } from './specification/decimalText.js';
/** Decide a specification exactly (falsify, then branch and bound with checker-confirmed leaf bounds); see docs/specifications.md. */
export { type SpecResult, type SpecStats, type SpecVerifyOptions, verifySpecification } from './properties/specification/verify.js';
export { type ParallelSpecOptions, type SpecificationWorkers, specificationWorkers, verifySpecificationParallel } from './properties/specification/parallel.js';
/** How the specification branch and bound picks its split coordinate (option `split`). */
export type { SplitRule } from './properties/specification/expand.js';
/** Exact counterexamples inside one linear region by LP (the branch and bound's LP stage); see docs/specifications.md. */
export { type RegionLpOptions, type RegionLpStats, floatActivationPattern, regionCounterexample, regionViolationSystem } from './properties/specification/counterexampleLp.js';
/** The `spec` certificate of a decided {@link verifySpecification} result. */
export { type SpecCertificateOptions, specCertificate, specificationToJson } from './properties/specification/certificate.js';

// Linear systems
export { type LinearSystem, type LinearConstraint, type Relation, strictVersion, closedVersion } from './polyhedra/system.js';
export { fourierMotzkin, type FourierMotzkinResult } from './polyhedra/fourierMotzkin.js';

// Region engine
export { type Domain, parseBox, readDomainFile } from './regions/domain.js';
export { type Region, type RegionEnumeration, type RegionStats, type EnumerateOptions, enumerateRegions } from './regions/enumerate.js';
export { type ParallelEnumerateOptions, type ParallelRegionEnumeration, enumerateRegionsParallel } from './regions/parallel.js';
export { regionsSvg } from './regions/svg.js';

// Constructions (Huybrechs 2025 and friends)
export { compose, parallel, skipRemainder, identityNetwork, affineNetwork } from './construct/calculus.js';
export {
  CONSTRUCTIONS,
  buildConstruction,
  sorterNetwork,
  maxNetwork,
  minNetwork,
  medianNetwork,
  sawtoothNetwork,
  zigzagNetwork,
  squareNetwork,
} from './construct/constructions.js';

// Properties
export { type SortResult, verifySort } from './properties/sorting/verifySort.js';
export { type EquivalenceResult, verifyEquivalent, referenceNetwork } from './properties/sorting/equivalence.js';
export { checkTrace } from './properties/sorting/traceCheck.js';
export { compositionalSortProof } from './properties/sorting/compositional.js';
export { type InjectivityResult, type VerifyInjectiveOptions, verifyInjective } from './properties/injectivity/verify.js';
export { type ExperimentOptions, runInjectivityExperiment } from './properties/injectivity/experiment.js';
export { trainOptimal } from './properties/training/search.js';
export { verifyOptimal, trainingLoss } from './properties/training/optimality.js';
export { parseTrainingCsv, readTrainingData } from './properties/training/data.js';
export { computeComplex } from './properties/complex/complex.js';
export { analyseMorse } from './properties/morse/morse.js';

// Certificates and the independent checker
export {
  CERTIFICATE_FORMAT,
  type Certificate,
  type Claim,
  type Evidence,
  type Verdict,
  certificateJsonSchema,
} from './checker/schema/index.js';
export { linearSystemCertificate, type SystemQuestion } from './properties/linearSystem/certificate.js';
export { lpOptimumCertificate } from './properties/lpOptimum/certificate.js';
export { activationRegionCertificate } from './regions/activationRegionCertificate.js';
export { outputBoundCounterexample, type FalsifierOptions } from './properties/outputBound/certificate.js';
export { writeCertificate, formatCertificate, type WriteCertificateOptions } from './certificates/write.js';
export { regionsCertificate } from './regions/certificate.js';
export { sortCertificate, equivalenceCertificate } from './properties/sorting/certificate.js';
export { type CompositionalCertificateOutcome, compositionalSortCertificate } from './properties/sorting/compositionalCertificate.js';
export { injectivityCertificate } from './properties/injectivity/certificate.js';
export { trainingCertificate } from './properties/training/certificate.js';
export { complexCertificate } from './properties/complex/certificate.js';
export { morseCertificate } from './properties/morse/certificate.js';
export { checkCertificate, type CheckResult, type CheckOptions } from './checker/index.js';

// Command line (for embedding)
export { runCli } from './cli/program.js';
