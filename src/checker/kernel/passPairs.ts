/**
 * Pass-through pairs, found by the checker from the weights: two ReLU neurons p < q of a layer
 * (not the last) with row_q = −row_p, bias_q = −bias_p and, in the next layer, column_q =
 * −column_p add column_p·(relu(z) − relu(−z)) = column_p·z to the next layer whatever its input —
 * the identity gadget of constructed networks (Huybrechs 2025). The matching is greedy in index
 * order (each q is paired with the smallest waiting p that qualifies), as the format specifies, so
 * the producer and the checker derive the same pairs without the certificate naming them; the
 * region walk then re-checks every pair it uses entry by entry.
 */
import type { KernelLayer } from './network.js';

/** Row i of a layer as text (bias, then "column:value" of nonzero weights), optionally negated. */
function rowText(layer: KernelLayer, i: number, s: bigint): string {
  const cols = layer.cols[i] as readonly number[];
  const nums = layer.nums[i] as readonly bigint[];
  const parts = [String(s * (layer.bias[i] as bigint))];
  cols.forEach((c, t) => {
    if (nums[t] !== 0n) parts.push(`${c}:${s * (nums[t] as bigint)}`);
  });
  return parts.join(' ');
}

/** Column j of a layer as text ("row:value" of nonzero weights), optionally negated. */
function columnTexts(layer: KernelLayer, s: bigint): string[] {
  const out: string[][] = Array.from({ length: layer.inputs }, () => []);
  layer.cols.forEach((cols, i) =>
    cols.forEach((c, t) => {
      const v = (layer.nums[i] as readonly bigint[])[t] as bigint;
      if (v !== 0n) (out[c] as string[]).push(`${i}:${s * v}`);
    }),
  );
  return out.map((e) => e.join(' '));
}

/** Per layer, the partner of each paired neuron (empty for identity layers and the last layer). */
export function passThroughPairs(layers: readonly KernelLayer[]): Map<number, number>[] {
  return layers.map((layer, k) => {
    const pairs = new Map<number, number>();
    const next = layers[k + 1];
    if (!layer.relu || next === undefined) return pairs;
    const plus = columnTexts(next, 1n);
    const minus = columnTexts(next, -1n);
    const waiting = new Map<string, number[]>();
    for (let i = 0; i < layer.outputs; i++) {
      const partner = waiting.get(`${rowText(layer, i, -1n)}|${minus[i]}`)?.shift();
      if (partner !== undefined) {
        pairs.set(partner, i);
        pairs.set(i, partner);
        continue;
      }
      const own = `${rowText(layer, i, 1n)}|${plus[i]}`;
      const list = waiting.get(own);
      if (list === undefined) waiting.set(own, [i]);
      else list.push(i);
    }
    return pairs;
  });
}
