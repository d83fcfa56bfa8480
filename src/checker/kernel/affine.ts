/**
 * Region-wise affine maps, rebuilt by the checker from the weights: on the closure of the region
 * where an activation pattern holds, every pre-activation and the output are affine in the input
 * x. Written plainly (rows of integers over one denominator), apart from the engine's builder.
 */
import { type KernelLayer, type ModelNetwork, kernelLayers } from './network.js';
import { demand } from './failure.js';
import { gcd } from './rational.js';

/** The affine map x ↦ (num · x + offset) / den, with integer num (rows × inputs) and offset. */
export interface AffineMap {
  readonly num: bigint[][];
  readonly offset: bigint[];
  /** Common positive denominator. */
  readonly den: bigint;
}

/**
 * The map of a layer's input in terms of the network input: `map` undefined stands for the
 * identity (the first layer); `live[j]` false marks a row known to be zero (a neuron turned off),
 * whose products are skipped.
 */
export interface LayerInput {
  readonly map: AffineMap | undefined;
  readonly live: readonly boolean[] | undefined;
}

/** The network input as a {@link LayerInput}. */
export const NETWORK_INPUT: LayerInput = { map: undefined, live: undefined };

/** The identity map on R^n. */
export function identityMap(n: number): AffineMap {
  return { num: Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1n : 0n))), offset: new Array<bigint>(n).fill(0n), den: 1n };
}

/** Divides the whole map by the gcd of all its integers and the denominator (keeps numbers short along deep networks). */
function reduced(map: AffineMap): AffineMap {
  let g = map.den;
  for (const r of map.num) for (const v of r) if (g !== 1n) g = gcd(g, v);
  for (const v of map.offset) if (g !== 1n) g = gcd(g, v);
  return g <= 1n ? map : { num: map.num.map((r) => r.map((v) => v / g)), offset: map.offset.map((v) => v / g), den: map.den / g };
}

/** The pre-activation map x ↦ W h(x) + b of one layer given the map h of its input (n = network inputs). */
export function layerPreactivationMap(layer: KernelLayer, input: LayerInput, n: number): AffineMap {
  const h = input.map;
  const num: bigint[][] = [];
  const offset: bigint[] = [];
  for (let i = 0; i < layer.outputs; i++) {
    const cols = layer.cols[i] as readonly number[];
    const w = layer.nums[i] as readonly bigint[];
    const r = new Array<bigint>(n).fill(0n);
    if (h === undefined) {
      for (let t = 0; t < cols.length; t++) r[cols[t] as number] = w[t] as bigint;
      num.push(r);
      offset.push(layer.bias[i] as bigint);
      continue;
    }
    let c = (layer.bias[i] as bigint) * h.den;
    for (let t = 0; t < cols.length; t++) {
      const j = cols[t] as number;
      if (input.live !== undefined && !input.live[j]) continue;
      const wt = w[t] as bigint;
      const hr = h.num[j] as bigint[];
      for (let p = 0; p < n; p++) if (hr[p] !== 0n) r[p] = (r[p] as bigint) + wt * (hr[p] as bigint);
      c += wt * (h.offset[j] as bigint);
    }
    num.push(r);
    offset.push(c);
  }
  return reduced({ num, offset, den: h === undefined ? layer.den : layer.den * h.den });
}

/** The map of a layer's output given its pre-activation map z and, for ReLU layers, which neurons are on. */
export function layerOutputMap(layer: KernelLayer, z: AffineMap, on: readonly boolean[]): LayerInput {
  if (!layer.relu) return { map: z, live: undefined };
  const n = z.num[0]?.length ?? 0;
  return {
    map: { num: z.num.map((r, i) => (on[i] ? r : new Array<bigint>(n).fill(0n))), offset: z.offset.map((v, i) => (on[i] ? v : 0n)), den: z.den },
    live: Array.from(on),
  };
}

/**
 * Entry k is layer k's pre-activation map given the pattern of the layers before it; the last
 * entry, with the last layer's pattern applied, is the output map. Pattern entries of identity
 * layers are ignored. Throws a RangeError for a pattern of the wrong shape.
 */
export function patternMaps(net: ModelNetwork, pattern: readonly (readonly boolean[])[]): { preactivations: AffineMap[]; output: AffineMap } {
  const layers = kernelLayers(net);
  const preactivations: AffineMap[] = [];
  let h: LayerInput = NETWORK_INPUT;
  layers.forEach((layer, k) => {
    const on = pattern[k];
    demand(!layer.relu || on?.length === layer.outputs, `pattern layer ${k} has ${on?.length ?? 0} entries, the layer has ${layer.outputs} neurons`);
    const z = layerPreactivationMap(layer, h, net.inputs);
    preactivations.push(z);
    h = layerOutputMap(layer, z, on ?? []);
  });
  return { preactivations, output: h.map ?? identityMap(net.inputs) };
}
