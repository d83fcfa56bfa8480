/**
 * Where the shared benchmark data lives: `../shared/data` relative to the repository root.
 * Tests that need it skip (with a printed reason) when it is absent; CI has it.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Absolute path of the shared data folder. */
export const DATA_DIR = fileURLToPath(new URL('../../../shared/data/', import.meta.url));

/** Whether the shared data is present. */
export const HAVE_DATA = existsSync(`${DATA_DIR}acasxu/nnet`) && existsSync(`${DATA_DIR}small`);

/** Prints why data-dependent tests are skipped (once per test file). */
export function reportMissingData(what: string): void {
  if (!HAVE_DATA) console.log(`skipping ${what}: shared data not found at ${DATA_DIR}`);
}

/** The 45 ACAS Xu network names, ACASXU_run2a_{a}_{b}_batch_2000. */
export const ACAS_NAMES: readonly string[] = Array.from({ length: 45 }, (_, k) => `ACASXU_run2a_${Math.floor(k / 9) + 1}_${(k % 9) + 1}_batch_2000`);
