/**
 * The shared benchmark data the format tests read (see test/support/sharedData.ts for where it
 * lives and what happens when it is absent).
 */
export { SHARED_DATA_DIR as DATA_DIR, describeWithSharedData } from '../support/sharedData.js';

/** The 45 ACAS Xu network names, ACASXU_run2a_{a}_{b}_batch_2000. */
export const ACAS_NAMES: readonly string[] = Array.from({ length: 45 }, (_, k) => `ACASXU_run2a_${Math.floor(k / 9) + 1}_${(k % 9) + 1}_batch_2000`);
