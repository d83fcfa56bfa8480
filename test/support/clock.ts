/**
 * A clock for tests of wall-clock limits that must not depend on how fast the code is: while
 * `body` runs, every reading of `Date.now()` is `stepMs` later than the one before, so a deadline
 * set during it (now + t, t < stepMs) has passed at the very next reading — however fast or slow
 * the engine. (Worker threads keep their own clock: use this for code on the calling thread.)
 */
import { vi } from 'vitest';

export async function withAdvancingClock<T>(stepMs: number, body: () => Promise<T> | T): Promise<T> {
  const start = Date.now();
  let readings = 0;
  const spy = vi.spyOn(Date, 'now').mockImplementation(() => start + stepMs * ++readings);
  try {
    return await body();
  } finally {
    spy.mockRestore();
  }
}
