/**
 * Tests that read the shared data folder (`../shared/data` beside the repository: real ACAS Xu
 * networks, tiny ONNX files). A user's clone may not have it: then such tests are skipped with a
 * printed reason. CI always has it: under `CI=true` a missing folder is a failure, not a skip,
 * so that a broken checkout cannot turn the data tests silently off.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'vitest';

/** Absolute path of the shared data folder (with a trailing slash). */
export const SHARED_DATA_DIR = fileURLToPath(new URL('../../../shared/data/', import.meta.url));

/** The sub-folders the format tests read (others pass their own to {@link describeWithSharedData}). */
export const FORMAT_DATA = ['acasxu/nnet', 'acasxu/onnx', 'small'] as const;

/** Whether the shared data folder is there, with every sub-folder named. */
export function sharedDataPresent(dir: string = SHARED_DATA_DIR, required: readonly string[] = FORMAT_DATA): boolean {
  return required.every((sub) => existsSync(`${dir}${sub}`));
}

/** Whether the environment says this is a CI run (`CI` set to anything but empty, 0 or false). */
export function isCi(env: NodeJS.ProcessEnv = process.env): boolean {
  const v = env.CI?.trim().toLowerCase();
  return v !== undefined && v !== '' && v !== '0' && v !== 'false';
}

/** What the data tests do: run, skip (no data, not CI), or fail (no data under CI). */
export function sharedDataDecision(present: boolean, ci: boolean): 'run' | 'skip' | 'fail' {
  if (present) return 'run';
  return ci ? 'fail' : 'skip';
}

/**
 * `describe` for tests that read the shared data: runs them when the folder is there; otherwise
 * prints why and skips them, or, under CI, replaces them by one failing test naming the folder.
 */
export function describeWithSharedData(name: string, body: () => void, required: readonly string[] = FORMAT_DATA): void {
  const decision = sharedDataDecision(sharedDataPresent(SHARED_DATA_DIR, required), isCi());
  if (decision === 'fail') {
    describe(name, () => {
      it('has the shared data folder (required under CI=true)', () => {
        throw new Error(`the shared data folder is missing at ${SHARED_DATA_DIR} (needs ${required.join(', ')}); under CI=true this is a failure, not a skip`);
      });
    });
    return;
  }
  const skip = decision === 'skip';
  if (skip) console.log(`skipping ${name}: shared data not found at ${SHARED_DATA_DIR} (needs ${required.join(', ')})`);
  // Without the data the body is not even collected: collecting it would read the missing files.
  const placeholder = (): void => {
    it(`needs the shared data (${required.join(', ')})`, () => {});
  };
  describe.skipIf(skip)(name, skip ? placeholder : body);
}
