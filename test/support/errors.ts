import { expect } from 'vitest';
import { InputError } from '../../src/errors.js';

/** Runs `run`, expects it to throw an InputError whose message contains every fragment, and returns it. */
export function expectInputError(run: () => unknown, ...fragments: string[]): InputError {
  let caught: unknown;
  try {
    run();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(InputError);
  const error = caught as InputError;
  for (const fragment of fragments) expect(error.message).toContain(fragment);
  return error;
}
