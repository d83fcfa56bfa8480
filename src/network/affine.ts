/**
 * Exact affine maps of a network on an activation pattern. On the closure of the region where
 * the pattern holds, every pre-activation and the output are affine in the input x; these maps
 * are what the region engine, the properties and the checker reason with.
 */
import Fraction from 'fraction.js';
import { InputError } from '../errors.js';
import { gcdBig } from '../exact/integer.js';
import { type CompiledLayer, compileNetwork } from './compiled.js';
import type { Network } from './model.js';

/**
 * Which ReLU neurons pass their pre-activation (true) and which output 0 (false), per layer.
 * Entries of identity layers are ignored (they always pass).
 */
export type ActivationPattern = readonly (readonly boolean[])[];

/** The affine map x ↦ (num · x + offset) / den, with integer num (rows × inputs) and offset. */
export interface AffineMap {
  readonly num: bigint[][];
  readonly offset: bigint[];
  /** Common positive denominator. */
  readonly den: bigint;
}

/** The identity map on R^n. */
export function identityMap(n: number): AffineMap {
  const num = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1n : 0n)));
  return { num, offset: new Array<bigint>(n).fill(0n), den: 1n };
}

/** Divides the whole map by the gcd of all its integers and the denominator. */
export function reduceAffineMap(map: AffineMap): AffineMap {
  let g = map.den;
  for (const row of map.num) for (const v of row) if (g !== 1n) g = gcdBig(g, v);
  for (const v of map.offset) if (g !== 1n) g = gcdBig(g, v);
  if (g <= 1n) return map;
  return { num: map.num.map((row) => row.map((v) => v / g)), offset: map.offset.map((v) => v / g), den: map.den / g };
}

function checkPattern(net: Network, pattern: ActivationPattern, layers: number): void {
  if (pattern.length < layers) {
    throw new InputError('dimension', `the pattern covers ${pattern.length} layers, ${layers} are needed`);
  }
  for (let k = 0; k < layers; k++) {
    const layer = net.layers[k];
    if (layer !== undefined && layer.activation === 'relu' && (pattern[k] as readonly boolean[]).length !== layer.outputs) {
      throw new InputError('dimension', `pattern layer ${k} has ${(pattern[k] as readonly boolean[]).length} entries, the layer has ${layer.outputs} neurons`);
    }
  }
}

/**
 * The affine pre-activation of every layer given the pattern of the earlier layers: entry k is
 * the map x ↦ W_k h_{k−1}(x) + b_k where h_{k−1} applies the pattern of layers < k. The pattern of
 * layer k itself is not used for entry k. Only the first `layers` entries are computed.
 */
export function preactivationMaps(net: Network, pattern: ActivationPattern, layers: number = net.layers.length): AffineMap[] {
  checkPattern(net, pattern, layers - 1);
  const compiled = compileNetwork(net);
  const maps: AffineMap[] = [];
  let h: LayerInput = { map: undefined, live: undefined };
  for (let k = 0; k < layers; k++) {
    const layer = compiled.layers[k];
    if (layer === undefined) break;
    const z = layerPreactivationMap(layer, h, net.inputs);
    maps.push(z);
    h = layerOutputMap(layer, z, pattern[k] ?? []);
  }
  return maps;
}

/**
 * The affine map of a layer's input in terms of the network input: `map` undefined stands for the
 * identity (the first layer), whose products are mere copies; `live[j]` false marks a row known
 * to be zero (a neuron the pattern turns off), so that products with it are skipped.
 */
export interface LayerInput {
  readonly map: AffineMap | undefined;
  readonly live: readonly boolean[] | undefined;
}

/** The network input as a {@link LayerInput}. */
export const NETWORK_INPUT: LayerInput = { map: undefined, live: undefined };

/** The pre-activation map x ↦ W h(x) + b of one compiled layer given the map h of its input (n = network inputs). */
export function layerPreactivationMap(layer: CompiledLayer, input: LayerInput, n: number): AffineMap {
  const h = input.map;
  const live = input.live;
  const num: bigint[][] = [];
  const offset: bigint[] = [];
  for (let i = 0; i < layer.outputs; i++) {
    const cols = layer.cols[i] as Int32Array;
    const w = layer.nums[i] as readonly bigint[];
    const row = new Array<bigint>(n).fill(0n);
    if (h === undefined) {
      for (let t = 0; t < cols.length; t++) row[cols[t] as number] = w[t] as bigint;
      num.push(row);
      offset.push(layer.bias[i] as bigint);
      continue;
    }
    let c = (layer.bias[i] as bigint) * h.den;
    for (let t = 0; t < cols.length; t++) {
      const j = cols[t] as number;
      if (live !== undefined && !live[j]) continue;
      const wt = w[t] as bigint;
      const hrow = h.num[j] as bigint[];
      for (let q = 0; q < n; q++) {
        const v = hrow[q] as bigint;
        if (v !== 0n) row[q] = (row[q] as bigint) + wt * v;
      }
      const o = h.offset[j] as bigint;
      if (o !== 0n) c += wt * o;
    }
    num.push(row);
    offset.push(c);
  }
  return reduceAffineMap({ num, offset, den: h === undefined ? layer.den : layer.den * h.den });
}

/** The map of a layer's output given its pre-activation map z and, for ReLU layers, which neurons are on. */
export function layerOutputMap(layer: CompiledLayer, z: AffineMap, on: readonly boolean[]): LayerInput {
  if (!layer.relu) return { map: z, live: undefined };
  const n = z.num[0]?.length ?? 0;
  return {
    map: {
      num: z.num.map((row, i) => (on[i] ? row : new Array<bigint>(n).fill(0n))),
      offset: z.offset.map((v, i) => (on[i] ? v : 0n)),
      den: z.den,
    },
    live: Array.from(on),
  };
}

/** The exact affine map x ↦ A x + c of the whole network on an activation pattern. */
export function patternAffineMap(net: Network, pattern: ActivationPattern): AffineMap {
  checkPattern(net, pattern, net.layers.length);
  const maps = preactivationMaps(net, pattern);
  const last = maps[maps.length - 1];
  if (last === undefined) return identityMap(net.inputs);
  const lastLayer = net.layers[net.layers.length - 1];
  if (lastLayer !== undefined && lastLayer.activation === 'relu') {
    const on = pattern[net.layers.length - 1] as readonly boolean[];
    return {
      num: last.num.map((row, i) => (on[i] ? row : row.map(() => 0n))),
      offset: last.offset.map((v, i) => (on[i] ? v : 0n)),
      den: last.den,
    };
  }
  return last;
}

/** An affine map as rational matrix A and vector c. */
export function affineMapToRationals(map: AffineMap): { matrix: Fraction[][]; offset: Fraction[] } {
  return {
    matrix: map.num.map((row) => row.map((v) => new Fraction(v, map.den))),
    offset: map.offset.map((v) => new Fraction(v, map.den)),
  };
}
