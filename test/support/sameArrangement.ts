/**
 * When is a mutated network's `regions` or `complex` claim the *same* claim as the original's?
 * Mutation tests need this for networks too large to brute-force: a re-sealed mutant the checker
 * accepts must be confirmed true by mathematics, not by the checker. The invariances used, each a
 * consequence of the definitions (docs/certificates.md, docs/complex.md):
 *
 * 1. Regions, and the complex without output hyperplanes, are defined by the ReLU neurons'
 *    pre-activations only, which do not depend on the layers after the last ReLU layer.
 * 2. For one hidden ReLU layer, the complex is cut out by the hyperplanes {w_i·x + b_i = 0}: a row
 *    replaced by a nonzero multiple of itself gives the same hyperplane; on a box, a neuron whose
 *    pre-activation has a strict constant sign on the closed box (an affine function: look at the
 *    corners) cuts nothing, whatever it is replaced by if that is such a neuron too.
 * 3. With output hyperplanes, additionally: when both networks' outputs have a strict constant
 *    sign on the closed box, their zero sets miss it. A piecewise-linear F takes its extremes over
 *    the box at vertices of the arrangement of its hidden hyperplanes and the box facets; in
 *    dimension ≤ 2 those are found by solving every pair of lines (Cramer's rule).
 */
import Fraction from 'fraction.js';
import { canonicalJson } from '../../src/checker/schema/index.js';
import { parseRational } from '../../src/exact/rational.js';
import { type Network, denseWeights } from '../../src/network/model.js';
import { networkToJson } from '../../src/network/json.js';
import { naiveForward } from './naiveRegions.js';

type Box = readonly (readonly [Fraction, Fraction])[];

const layerText = (net: Network, k: number): string => canonicalJson((networkToJson(net, 'all') as { layers: unknown[] }).layers[k]);

function lastReluLayer(net: Network): number {
  for (let k = net.layers.length - 1; k >= 0; k--) if (net.layers[k]?.activation === 'relu') return k;
  return -1;
}

/** Invariance 1: the same layers up to the last ReLU layer. */
function sameUpToLastRelu(a: Network, b: Network): boolean {
  const last = lastReluLayer(a);
  if (a.inputs !== b.inputs || a.layers.length !== b.layers.length || last !== lastReluLayer(b)) return false;
  for (let k = 0; k <= last; k++) if (layerText(a, k) !== layerText(b, k)) return false;
  return true;
}

function corners(box: Box): Fraction[][] {
  return box.reduce<Fraction[][]>((acc, [lo, hi]) => acc.flatMap((p) => [[...p, lo], [...p, hi]]), [[]]);
}

/** Strict constant sign of the affine function w·x + b on the closed box (1 or −1), else 0. */
function constantSign(w: readonly Fraction[], b: Fraction, box: Box): number {
  const signs = new Set(corners(box).map((x) => w.reduce((acc, v, j) => acc.add(v.mul(x[j] as Fraction)), b).compare(0)));
  return signs.size === 1 && !signs.has(0) ? ([...signs][0] as number) : 0;
}

/** Whether (w', b') is a nonzero multiple of (w, b). */
function proportional(w: readonly Fraction[], b: Fraction, w2: readonly Fraction[], b2: Fraction): boolean {
  const a = [...w, b];
  const c = [...w2, b2];
  const k = a.findIndex((v) => v.n !== 0n);
  if (k < 0 || (c[k] as Fraction).n === 0n) return false;
  const ratio = (c[k] as Fraction).div(a[k] as Fraction);
  return a.every((v, j) => v.mul(ratio).equals(c[j] as Fraction));
}

/** Candidate extreme points of a one-hidden-layer F over a box in dimension ≤ 2 (see invariance 3). */
function vertexCandidates(net: Network, box: Box): Fraction[][] | undefined {
  const n = net.inputs;
  if (n > 2) return undefined;
  const first = net.layers[0];
  if (first === undefined) return undefined;
  const lines: { w: Fraction[]; b: Fraction }[] = denseWeights(first).map((w, i) => ({ w, b: first.bias[i] as Fraction }));
  box.forEach(([lo, hi], j) => {
    const e = Array.from({ length: n }, (_, t) => new Fraction(t === j ? 1n : 0n));
    lines.push({ w: e, b: lo.neg() }, { w: e, b: hi.neg() });
  });
  const inside = (x: Fraction[]): boolean => box.every(([lo, hi], j) => lo.compare(x[j] as Fraction) <= 0 && (x[j] as Fraction).compare(hi) <= 0);
  const points: Fraction[][] = [];
  if (n === 1) {
    for (const { w, b } of lines) if ((w[0] as Fraction).n !== 0n) points.push([b.neg().div(w[0] as Fraction)]);
  } else {
    for (let p = 0; p < lines.length; p++) {
      for (let q = p + 1; q < lines.length; q++) {
        const [a1, a2] = (lines[p] as { w: Fraction[] }).w as [Fraction, Fraction];
        const [b1, b2] = (lines[q] as { w: Fraction[] }).w as [Fraction, Fraction];
        const det = a1.mul(b2).sub(a2.mul(b1));
        if (det.n === 0n) continue;
        const r1 = (lines[p] as { b: Fraction }).b.neg();
        const r2 = (lines[q] as { b: Fraction }).b.neg();
        points.push([r1.mul(b2).sub(a2.mul(r2)).div(det), a1.mul(r2).sub(r1.mul(b1)).div(det)]);
      }
    }
  }
  return points.filter(inside);
}

/** Whether every output of a one-hidden-layer network has a strict constant sign on the closed box. */
function outputsMissBox(net: Network, box: Box): boolean {
  const points = vertexCandidates(net, box);
  if (points === undefined || points.length === 0) return false;
  const outs = points.map((x) => naiveForward(net, x).out);
  return (outs[0] as Fraction[]).every((_, q) => {
    const signs = new Set(outs.map((y) => (y[q] as Fraction).compare(0)));
    return signs.size === 1 && !signs.has(0);
  });
}

/** The domain of a claim as a box, or undefined for all of R^n (anything else: not handled). */
function claimBox(domain: { kind: string; box?: readonly (readonly [string, string])[] }): Box | undefined | 'other' {
  if (domain.kind === 'all') return undefined;
  if (domain.kind !== 'box' || domain.box === undefined) return 'other';
  return domain.box.map(([lo, hi]) => [parseRational(lo), parseRational(hi)] as const);
}

/**
 * Whether `b` in place of `a` leaves a regions claim (`withOutput` undefined) or a complex claim
 * on `domain` mathematically unchanged, by the invariances above; false when none applies.
 */
export function sameArrangementClaim(a: Network, b: Network, domain: { kind: string; box?: readonly (readonly [string, string])[] }, withOutput?: boolean): boolean {
  if (withOutput !== true && sameUpToLastRelu(a, b)) return true;
  if (withOutput === undefined) return false;
  // Invariances 2 and 3: one hidden ReLU layer, then identity layers.
  const oneHidden = (net: Network): boolean => net.layers.length >= 2 && net.layers.every((l, k) => (k === 0) === (l.activation === 'relu'));
  if (!oneHidden(a) || !oneHidden(b) || a.inputs !== b.inputs || a.layers[0]?.outputs !== b.layers[0]?.outputs) return false;
  const box = claimBox(domain);
  if (box === 'other') return false;
  const [la, lb] = [a.layers[0], b.layers[0]] as [Network['layers'][0], Network['layers'][0]];
  const [wa, wb] = [denseWeights(la), denseWeights(lb)];
  const hiddenSame = wa.every((w, i) => {
    const [ba, bb] = [la.bias[i] as Fraction, lb.bias[i] as Fraction];
    if (proportional(w, ba, wb[i] as Fraction[], bb)) return true;
    return box !== undefined && constantSign(w, ba, box) !== 0 && constantSign(wb[i] as Fraction[], bb, box) !== 0;
  });
  if (!hiddenSame) return false;
  if (!withOutput) return true;
  return box !== undefined && outputsMissBox(a, box) && outputsMissBox(b, box);
}
