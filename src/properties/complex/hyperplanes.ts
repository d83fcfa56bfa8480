/**
 * The hyperplanes of the canonical polyhedral complex C(F) (Masden 2022, Def. 13) and their
 * affine forms on an activation pattern.
 *
 * The complex is cut by the *bent hyperplanes* {z_k = 0} of every ReLU neuron k (in layer order),
 * optionally by the zero sets of the outputs (`withOutput`: the decision boundary, as in Masden's
 * code), and, on a box domain, by the box's 2n facets, which Masden adds as extra first-layer
 * neurons: the lower facets x_j − lo_j ≥ 0 for j = 0..n−1, then the upper facets hi_j − x_j ≥ 0.
 * A point's *sign sequence* is the sign of every one of these functions there (facets: 0 or +).
 *
 * On the closure of a sign-sequence level set every function is affine, with the form given by
 * the on/off pattern of the ReLU neurons (a 0 counts as off: relu(0) = 0 either way); the forms
 * are computed once per pattern and cached, because the same top-cell pattern serves every vertex
 * and edge of that cell.
 */
import Fraction from 'fraction.js';
import { InputError } from '../../errors.js';
import { denominator, numerator } from '../../exact/rational.js';
import { type IntegerVector, dotInteger } from '../../exact/vector.js';
import { type AffineMap, type LayerInput, NETWORK_INPUT, layerOutputMap, layerPreactivationMap } from '../../network/affine.js';
import { compileNetwork } from '../../network/compiled.js';
import type { Network } from '../../network/model.js';
import type { Domain } from '../../regions/domain.js';

/** What one coordinate of a sign sequence is. */
export type HyperplaneKind = 'neuron' | 'output' | 'facet';

/** One coordinate of the sign sequence. */
export interface Hyperplane {
  readonly kind: HyperplaneKind;
  /** Layer index (neurons and outputs) or input coordinate (facets). */
  readonly layer: number;
  /** Neuron index in its layer; for facets 0 = lower (x_j ≥ lo_j), 1 = upper (x_j ≤ hi_j). */
  readonly index: number;
  /** A readable name: `L1.3` (layer 1, neuron 3, 1-based layers), `out0`, `x0>=lo`, `x1<=hi`. */
  readonly label: string;
}

/** An affine function (a·x + c)/den with integer a, c and den > 0. */
export interface LinearForm {
  readonly a: readonly bigint[];
  readonly c: bigint;
  readonly den: bigint;
}

/** Every hyperplane's form and the outputs' forms on one on/off pattern. */
export interface PatternForms {
  /** One form per hyperplane, in sign-sequence order. */
  readonly forms: readonly LinearForm[];
  /** The network outputs' forms on the pattern. */
  readonly outputs: readonly LinearForm[];
}

/** The hyperplane arrangement data of a network on a domain. */
export interface Arrangement {
  readonly net: Network;
  readonly n: number;
  readonly hyperplanes: readonly Hyperplane[];
  /** For each hyperplane of kind neuron: its position among the ReLU neurons (pattern bit); −1 otherwise. */
  readonly reluBit: readonly number[];
  /** Number of ReLU neurons (pattern length). */
  readonly reluCount: number;
  /** Sign-sequence positions where each group (layer, outputs, box) starts, for printing. */
  readonly groups: readonly { readonly name: string; readonly start: number; readonly end: number }[];
  /** The box, when the domain is one. */
  readonly box: readonly (readonly [Fraction, Fraction])[] | undefined;
  /** Forms on a pattern (cached by pattern key). */
  formsOf(pattern: Uint8Array): PatternForms;
}

/** Options of {@link buildArrangement}. */
export interface ArrangementOptions {
  /** Add the outputs' zero sets (the decision boundary) as hyperplanes. */
  readonly withOutput?: boolean;
}

/**
 * The hyperplanes of `net` on `domain` (R^n or a box with nonempty interior).
 * @throws InputError for a polytope domain or a box with an empty interior.
 */
export function buildArrangement(net: Network, domain: Domain, options: ArrangementOptions = {}): Arrangement {
  const n = net.inputs;
  if (domain.kind === 'polytope') throw new InputError('usage', 'the complex is computed on R^n or on a box (--box); a polytope domain is not supported', { path: '--domain' });
  if (domain.kind === 'box') {
    domain.box.forEach(([lo, hi], j) => {
      if (lo.compare(hi) >= 0) throw new InputError('range', `the box must have a nonempty interior, but interval ${j + 1} is [${lo.toFraction()}, ${hi.toFraction()}]`, { path: '--box' });
    });
  }
  const hyperplanes: Hyperplane[] = [];
  const reluBit: number[] = [];
  const groups: { name: string; start: number; end: number }[] = [];
  let bits = 0;
  const last = net.layers.length - 1;
  net.layers.forEach((layer, k) => {
    if (layer.activation !== 'relu') return;
    const start = hyperplanes.length;
    for (let i = 0; i < layer.outputs; i++) {
      hyperplanes.push({ kind: 'neuron', layer: k, index: i, label: `L${k + 1}.${i}` });
      reluBit.push(bits++);
    }
    groups.push({ name: `layer ${k + 1}`, start, end: hyperplanes.length });
  });
  const lastLayer = net.layers[last];
  if (options.withOutput === true && lastLayer !== undefined && lastLayer.activation !== 'relu') {
    const start = hyperplanes.length;
    for (let i = 0; i < lastLayer.outputs; i++) {
      hyperplanes.push({ kind: 'output', layer: last, index: i, label: `out${i}` });
      reluBit.push(-1);
    }
    groups.push({ name: 'output', start, end: hyperplanes.length });
  }
  const box = domain.kind === 'box' ? domain.box : undefined;
  const facetForms: LinearForm[] = [];
  if (box !== undefined) {
    const start = hyperplanes.length;
    for (const side of [0, 1]) {
      for (let j = 0; j < n; j++) {
        const [lo, hi] = box[j] as readonly [Fraction, Fraction];
        const bound = side === 0 ? lo : hi;
        const q = denominator(bound);
        const p = numerator(bound);
        // lower: x_j − p/q = (q·x_j − p)/q ≥ 0; upper: p/q − x_j = (p − q·x_j)/q ≥ 0.
        const a = Array.from({ length: n }, (_, t) => (t === j ? (side === 0 ? q : -q) : 0n));
        facetForms.push({ a, c: side === 0 ? -p : p, den: q });
        hyperplanes.push({ kind: 'facet', layer: j, index: side, label: side === 0 ? `x${j}>=lo` : `x${j}<=hi` });
        reluBit.push(-1);
      }
    }
    groups.push({ name: 'box', start, end: hyperplanes.length });
  }
  const compiled = compileNetwork(net);
  const cache = new Map<string, PatternForms>();
  const formsOf = (pattern: Uint8Array): PatternForms => {
    const key = pattern.join('');
    const hit = cache.get(key);
    if (hit !== undefined) return hit;
    const forms: LinearForm[] = [];
    let input: LayerInput = NETWORK_INPUT;
    let z: AffineMap | undefined;
    let bit = 0;
    compiled.layers.forEach((layer, k) => {
      z = layerPreactivationMap(layer, input, n);
      let on: boolean[] = [];
      if (layer.relu) {
        on = Array.from({ length: layer.outputs }, (_, i) => pattern[bit + i] === 1);
        for (let i = 0; i < layer.outputs; i++) forms.push(rowForm(z, i));
        bit += layer.outputs;
      }
      input = layerOutputMap(layer, z, on);
      if (k === last && options.withOutput === true && !layer.relu) for (let i = 0; i < layer.outputs; i++) forms.push(rowForm(z, i));
    });
    const outMap = input.map;
    const outputs: LinearForm[] =
      outMap === undefined
        ? Array.from({ length: n }, (_, i) => ({ a: Array.from({ length: n }, (_, t) => (t === i ? 1n : 0n)), c: 0n, den: 1n }))
        : outMap.num.map((row, i) => ({ a: row, c: outMap.offset[i] as bigint, den: outMap.den }));
    const result: PatternForms = { forms: [...forms, ...facetForms], outputs };
    cache.set(key, result);
    return result;
  };
  return { net, n, hyperplanes, reluBit, reluCount: bits, groups, box, formsOf };
}

function rowForm(z: AffineMap, i: number): LinearForm {
  return { a: z.num[i] as bigint[], c: z.offset[i] as bigint, den: z.den };
}

/** The on/off pattern of a sign sequence (a 0 counts as off). */
export function patternOf(arr: Arrangement, signs: Int8Array): Uint8Array {
  const p = new Uint8Array(arr.reluCount);
  for (let k = 0; k < signs.length; k++) {
    const b = arr.reluBit[k] as number;
    if (b >= 0 && (signs[k] as number) > 0) p[b] = 1;
  }
  return p;
}


/** The sign of a form at a point given as integers over a positive denominator. */
export function formSign(f: LinearForm, x: IntegerVector): -1 | 0 | 1 {
  const v = dotInteger(f.a, x.num) + f.c * x.den;
  return v > 0n ? 1 : v < 0n ? -1 : 0;
}

/** The exact value of a form at a point. */
export function formValue(f: LinearForm, x: IntegerVector): Fraction {
  return new Fraction(dotInteger(f.a, x.num) + f.c * x.den, f.den * x.den);
}

/** The exact directional derivative ∇f·d of a form along d. */
export function formRate(f: LinearForm, d: IntegerVector): Fraction {
  return new Fraction(dotInteger(f.a, d.num), f.den * d.den);
}

const SIGN_CHAR = ['-', '0', '+'];

/** A sign sequence as text: `-`, `0`, `+` per hyperplane, groups (layers, output, box) separated by `|`. */
export function formatSigns(arr: Arrangement, signs: Int8Array): string {
  return arr.groups.map((g) => Array.from(signs.subarray(g.start, g.end), (s) => SIGN_CHAR[s + 1]).join('')).join('|');
}

/** The sign sequence as a compact key (no separators). */
export function signsKey(signs: Int8Array): string {
  let s = '';
  for (let k = 0; k < signs.length; k++) s += SIGN_CHAR[(signs[k] as number) + 1];
  return s;
}
