/**
 * Certificates of canonical polyhedral complexes (`complex` claim, `complex-vertices` evidence;
 * see schema.ts and docs/complex.md): the vertex list is the whole evidence — the checker
 * re-derives signs, stars, edges and cells from the network.
 */
import type { Network } from '../../network/model.js';
import type { GenericComplex } from './complex.js';
import { signsKey } from './hyperplanes.js';
import { type Domain, domainToJson } from '../../regions/domain.js';
import { networkRef, seal, texts } from '../../certificates/encode.js';
import type { Certificate, Claim } from '../../checker/schema/index.js';

/** Options of {@link complexCertificate}. */
export interface ComplexCertificateOptions {
  /** Embed the network (default true). */
  readonly embed?: boolean;
  /** Whether the complex was computed with the outputs' zero sets (default false). */
  readonly withOutput?: boolean;
}

/** The certificate of a generic complex. */
export function complexCertificate(net: Network, domain: Domain, complex: GenericComplex, options: ComplexCertificateOptions = {}): Certificate {
  const claim = {
    property: 'complex',
    network: networkRef(net, options.embed ?? true),
    domain: domainToJson(domain),
    withOutput: options.withOutput ?? false,
    vertices: complex.vertices.length,
    fVector: complex.fVector,
    eulerCharacteristic: complex.euler,
    bettiZ2: complex.betti,
    unboundedCells: complex.unboundedCells,
  } as Claim;
  const evidence = {
    kind: 'complex-vertices' as const,
    vertices: complex.vertices.map((v) => ({ point: texts(v.point), signs: signsKey(v.signs) })),
  };
  return seal(claim, 'holds', evidence, { vertices: complex.stats.vertices, walks: complex.stats.walks, seconds: complex.stats.seconds });
}
