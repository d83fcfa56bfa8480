/**
 * Builders of small networks for the injectivity tests (integer or rational text weights).
 */
import Fraction from 'fraction.js';
import { checkCertificate } from '../../../src/checker/index.js';
import { injectivityCertificate } from '../../../src/properties/injectivity/certificate.js';
import { parseRational } from '../../../src/exact/rational.js';
import { evaluate } from '../../../src/network/evaluate.js';
import { type Activation, type Network, denseLayer } from '../../../src/network/model.js';
import type { Domain } from '../../../src/regions/domain.js';
import { decideByRegionPairs } from '../../../src/properties/injectivity/pairs.js';
import { type InjectivityResult, type VerifyInjectiveOptions, verifyInjective } from '../../../src/properties/injectivity/verify.js';

/** A rational from a number (integers only) or text. */
export function r(v: number | string): Fraction {
  if (typeof v === 'number') {
    if (!Number.isInteger(v)) throw new Error('use text for non-integers');
    return new Fraction(BigInt(v));
  }
  return parseRational(v);
}

/** One dense layer. */
export function layer(W: readonly (readonly (number | string)[])[], activation: Activation = 'relu', bias?: readonly (number | string)[]): ReturnType<typeof denseLayer> {
  const inputs = W[0]?.length ?? 0;
  return denseLayer(
    W.map((row) => row.map(r)),
    (bias ?? W.map(() => 0)).map(r),
    activation,
    inputs,
  );
}

/** A network from layers (inputs from the first layer, or `inputs`). */
export function net(layers: ReturnType<typeof denseLayer>[], inputs?: number): Network {
  return { inputs: inputs ?? layers[0]?.inputs ?? 1, layers };
}

/** [B; −B]. */
export function plusMinus(B: readonly (readonly number[])[]): number[][] {
  return [...B.map((row) => [...row]), ...B.map((row) => row.map((v) => -v))];
}

/** Decides, builds the certificate and checks it with the independent checker; returns the result. */
export function decideAndCheck(network: Network, options: VerifyInjectiveOptions = {}): InjectivityResult {
  const result = verifyInjective(network, options);
  if (result.status === 'unknown') return result;
  const domain: Domain = options.domain ?? { kind: 'all' };
  const cert = injectivityCertificate(network, domain, result);
  const check = checkCertificate(JSON.parse(JSON.stringify(cert)));
  if (!check.valid) throw new Error(`certificate invalid: ${check.reason} at ${check.path}`);
  if (check.verdict !== result.status) throw new Error('verdict mismatch');
  if (result.status === 'violated') {
    const fx = evaluate(network, result.x);
    const fy = evaluate(network, result.y);
    if (!fx.every((v, i) => v.equals(fy[i] as Fraction)) || result.x.every((v, i) => v.equals(result.y[i] as Fraction))) throw new Error('bad pair');
  }
  return result;
}

/** Decides by region pairs only (whatever the depth), certifies and checks; returns whether injective. */
export function pairsDecideAndCheck(network: Network, domain: Domain = { kind: 'all' }): boolean {
  const r = decideByRegionPairs(network, domain);
  const stats = { seconds: 0, stages: 1, cells: 0, searchLps: 0, pairs: r.stats };
  const result: InjectivityResult = r.injective
    ? { status: 'holds', argument: 'region-pairs', proof: { kind: 'pairs', tree: r.enumeration.tree, bounds: r.bounds, pairs: r.pairs }, explanation: '', stats }
    : { status: 'violated', argument: 'region-pairs', x: r.x, y: r.y, output: evaluate(network, r.x), explanation: '', stats };
  const check = checkCertificate(JSON.parse(JSON.stringify(injectivityCertificate(network, domain, result))));
  if (!check.valid) throw new Error(`pairs certificate invalid: ${check.reason} at ${check.path}`);
  return r.injective;
}
