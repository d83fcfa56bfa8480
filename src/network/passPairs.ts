/**
 * Pass-through pairs: two ReLU neurons p < q of one layer whose pre-activations are exact
 * negatives (row_q = −row_p, bias_q = −bias_p) and whose outgoing weights in the next layer are
 * exact negatives too (column_q = −column_p). Whatever the layer's input, the pair contributes
 * column_p·relu(z) + column_q·relu(−z) = column_p·(relu(z) − relu(−z)) = column_p·z to the next
 * layer: a linear pass-through, the identity gadget relu(y) − relu(−y) of constructed networks
 * (Huybrechs 2025, the identity pass-through of the network calculus).
 *
 * So the pair never bends the network's function, and taking p as on and q as off gives the
 * exact affine map on both sides of z = 0. Properties of the function (sorting, equivalence) may
 * therefore skip the split z = 0; properties of the activation patterns (region counts) may not.
 *
 * The matching is a function of the network alone (greedy in index order: each p is paired with
 * the smallest unmatched q > p that qualifies), so the engine and the checker derive the same
 * pairs without the certificate naming them.
 */
import type { CompiledLayer, CompiledNetwork } from './compiled.js';

/** Per layer, the pass-through partner of each paired neuron (an involution: partner(partner(p)) = p). */
export type PassThroughPairs = readonly ReadonlyMap<number, number>[];

function rowKey(layer: CompiledLayer, i: number, negate: boolean): string {
  const cols = layer.cols[i] as Int32Array;
  const nums = layer.nums[i] as readonly bigint[];
  const parts: string[] = [String(negate ? -(layer.bias[i] as bigint) : (layer.bias[i] as bigint))];
  for (let t = 0; t < cols.length; t++) {
    const v = nums[t] as bigint;
    if (v !== 0n) parts.push(`${cols[t]}:${negate ? -v : v}`);
  }
  return parts.join(' ');
}

/** Column j of `layer` as text ("row:value" for its nonzero entries), optionally negated. */
function columnKeys(layer: CompiledLayer): { plus: string[]; minus: string[] } {
  const entries: string[][] = Array.from({ length: layer.inputs }, () => []);
  const negated: string[][] = Array.from({ length: layer.inputs }, () => []);
  for (let i = 0; i < layer.outputs; i++) {
    const cols = layer.cols[i] as Int32Array;
    const nums = layer.nums[i] as readonly bigint[];
    for (let t = 0; t < cols.length; t++) {
      const v = nums[t] as bigint;
      if (v === 0n) continue;
      (entries[cols[t] as number] as string[]).push(`${i}:${v}`);
      (negated[cols[t] as number] as string[]).push(`${i}:${-v}`);
    }
  }
  return { plus: entries.map((e) => e.join(' ')), minus: negated.map((e) => e.join(' ')) };
}

const cache = new WeakMap<CompiledNetwork, PassThroughPairs>();

/** The pass-through pairs of every layer (empty for identity layers and for the last layer); cached per compiled network. */
export function passThroughPairs(compiled: CompiledNetwork): PassThroughPairs {
  const hit = cache.get(compiled);
  if (hit !== undefined) return hit;
  const pairs = findPairs(compiled);
  cache.set(compiled, pairs);
  return pairs;
}

function findPairs(compiled: CompiledNetwork): PassThroughPairs {
  return compiled.layers.map((layer, k) => {
    const pairs = new Map<number, number>();
    const next = compiled.layers[k + 1];
    if (!layer.relu || next === undefined) return pairs;
    const columns = columnKeys(next);
    // Unmatched neurons by (row, column) key, in increasing index order.
    const waiting = new Map<string, number[]>();
    for (let i = 0; i < layer.outputs; i++) {
      const wanted = `${rowKey(layer, i, true)}|${columns.minus[i]}`;
      const queue = waiting.get(wanted);
      if (queue !== undefined && queue.length > 0) {
        const p = queue.shift() as number;
        pairs.set(p, i);
        pairs.set(i, p);
        continue;
      }
      const own = `${rowKey(layer, i, false)}|${columns.plus[i]}`;
      const list = waiting.get(own);
      if (list === undefined) waiting.set(own, [i]);
      else list.push(i);
    }
    return pairs;
  });
}
