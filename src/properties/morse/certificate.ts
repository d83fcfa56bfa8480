/**
 * Certificates of PL Morse analyses (`morse` claim, `morse-vertices` evidence; see schema.ts and
 * docs/complex.md): vertices with the exact derivative of F along each edge, and on a box the
 * discrete gradient's pairs. The checker recomputes every derivative from the network.
 */
import type Fraction from 'fraction.js';
import { formatRational } from '../../exact/rational.js';
import type { Network } from '../../network/model.js';
import { signsKey } from '../complex/hyperplanes.js';
import type { MorseAnalysis } from './morse.js';
import { type Domain, domainToJson } from '../../regions/domain.js';
import { networkRef, seal, texts } from '../../certificates/encode.js';
import type { Certificate, Claim } from '../../checker/schema/index.js';

/** Options of {@link morseCertificate}. */
export interface MorseCertificateOptions {
  /** Embed the network (default true). */
  readonly embed?: boolean;
}

/** The certificate of a completed Morse analysis. */
export function morseCertificate(net: Network, domain: Domain, analysis: MorseAnalysis, options: MorseCertificateOptions = {}): Certificate {
  const cx = analysis.complex;
  const d = analysis.discrete;
  const claim = {
    property: 'morse',
    network: networkRef(net, options.embed ?? true),
    domain: domainToJson(domain),
    vertices: cx.vertices.length,
    regular: analysis.counts.regular,
    degenerate: analysis.vertices.filter((v) => v.classification.kind === 'degenerate').map((v) => texts((cx.vertices[v.vertex] as { point: readonly Fraction[] }).point)),
    critical: analysis.critical.map((v) => ({
      point: texts((cx.vertices[v.vertex] as { point: readonly Fraction[] }).point),
      value: formatRational(v.value),
      index: v.classification.kind === 'critical' ? v.classification.index : 0,
      interior: v.interior,
    })),
    ...(d !== undefined
      ? {
          criticalCells: d.criticalCells,
          bettiZ2: d.betti,
          sublevels: d.sublevels.map((s) => ({ t: formatRational(s.t), bettiZ2: s.betti })),
        }
      : {}),
  } as Claim;
  const key = (c: number): string => signsKey((cx.cells[c] as { signs: Int8Array }).signs);
  const evidence = {
    kind: 'morse-vertices' as const,
    vertices: cx.vertices.map((v, i) => ({
      point: texts(v.point),
      signs: signsKey(v.signs),
      derivatives: texts((analysis.vertices[i] as { derivatives: readonly { value: Fraction }[] }).derivatives.map((x) => x.value)),
    })),
    ...(d !== undefined ? { pairs: d.gradient.pairs.map(([a, b]) => [key(a), key(b)] as [string, string]) } : {}),
  };
  return seal(claim, 'holds', evidence, { vertices: cx.stats.vertices, walks: cx.stats.walks, seconds: cx.stats.seconds });
}
