/**
 * The limits of a search, in one place: a cap on the leaves (regions), a deadline and the CLI's
 * stop flag (src/stopCondition.ts). With several threads the leaf cap is one count shared by all
 * of them (Atomics on a SharedArrayBuffer), so together they keep at most that many leaves.
 */
import { type StopReason, stopReason } from '../stopCondition.js';

/** Why a search stopped before it was done. */
export type LimitReason = 'max-regions' | StopReason;

/** Options of {@link Limits}. */
export interface LimitOptions {
  /** Stop after this many leaves. */
  readonly maxLeaves?: number;
  /** Stop at this time (ms since the epoch, Date.now()). */
  readonly deadline?: number;
  /** The leaf count shared by every thread of a run (used with `maxLeaves` instead of the own count). */
  readonly sharedLeaves?: Int32Array;
}

/** The limits of one search; `reason` is set once one is reached, and then stays. */
export class Limits {
  reason: LimitReason | undefined;
  readonly #options: LimitOptions;
  readonly #leaves: () => number;

  /** @param leaves this run's own leaf count (read when no shared count is given). */
  constructor(options: LimitOptions, leaves: () => number) {
    this.#options = options;
    this.#leaves = leaves;
  }

  /** Whether the search must stop now (checked before every node). */
  reached(): boolean {
    if (this.reason !== undefined) return true;
    const { maxLeaves, sharedLeaves, deadline } = this.#options;
    const found = sharedLeaves === undefined ? this.#leaves() : Atomics.load(sharedLeaves, 0);
    if (maxLeaves !== undefined && found >= maxLeaves) this.reason = 'max-regions';
    else this.reason = stopReason(deadline);
    return this.reason !== undefined;
  }

  /**
   * With a shared count, reserves the slot of one more leaf: false (and the search stops) when
   * none is left below the cap, so threads that check at the same time cannot overshoot together.
   * Without one, always true (the check before each node suffices).
   */
  reserveLeaf(): boolean {
    const { maxLeaves, sharedLeaves } = this.#options;
    if (sharedLeaves === undefined || maxLeaves === undefined) return true;
    if (Atomics.add(sharedLeaves, 0, 1) < maxLeaves) return true;
    this.reason = 'max-regions';
    return false;
  }
}
