/**
 * Comparator networks (Knuth, TAOCP vol. 3, §5.3.4): stages of comparators on disjoint wires,
 * run on numbers or, bit-sliced, on 32 0-1 inputs per word. Shared by the trace check
 * (./traceCheck.ts), which reads one off a constructed network, and the sorting proofs
 * (./sortingProof.ts), which prove that one sorts.
 */
import type { Comparator } from '../../construct/constructions.js';

export type { Comparator };

/** A comparator network on `wires` wires: stages of comparators on disjoint wires. */
export interface ComparatorNetwork {
  readonly wires: number;
  readonly stages: readonly (readonly Comparator[])[];
}

/** Runs a comparator network on one vector of numbers (0/1 inputs in the proofs). */
export function runComparators(cn: ComparatorNetwork, x: readonly number[]): number[] {
  const y = [...x];
  for (const stage of cn.stages) {
    for (const c of stage) {
      const a = y[c.min] as number;
      const b = y[c.max] as number;
      y[c.min] = Math.min(a, b);
      y[c.max] = Math.max(a, b);
    }
  }
  return y;
}

/** Whether y is in ascending order. */
export function isSortedAscending(y: readonly number[]): boolean {
  for (let i = 1; i < y.length; i++) if ((y[i - 1] as number) > (y[i] as number)) return false;
  return true;
}

/**
 * Applies comparators to bit-sliced 0-1 wires (bit j of every wire is one input): on 0/1 values
 * min is AND and max is OR, 32 inputs per word operation.
 */
export function applyComparatorBits(wires: readonly Uint32Array[], comparators: Iterable<Comparator>, words: number): void {
  for (const c of comparators) {
    const a = wires[c.min] as Uint32Array;
    const b = wires[c.max] as Uint32Array;
    for (let k = 0; k < words; k++) {
      const x = a[k] as number;
      const y = b[k] as number;
      a[k] = x & y;
      b[k] = x | y;
    }
  }
}
