/**
 * The worker pool and task queue (src/engine/pool.ts) with a stand-in worker
 * (fixtures/poolWorker.mjs): a run that ends with a task's error leaves the other threads' tasks
 * running, so a later run on the same pool (threads kept across runs, as `specificationWorkers`
 * allows) must not take their late answers for its own tasks' answers.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { WorkerPool, runQueue } from '../../src/engine/pool.js';

const script = fileURLToPath(new URL('./fixtures/poolWorker.mjs', import.meta.url));

interface Task {
  readonly value: string;
  readonly delay?: number;
  readonly fail?: boolean;
}

/** Runs the tasks on the pool; the values their answers carry, in the order they came. */
async function run(pool: WorkerPool, tasks: readonly Task[]): Promise<string[]> {
  const values: string[] = [];
  await runQueue<Task, never, { value: string }>(pool, tasks, 'test', {
    message: (task) => ({ ...task }),
    onResult: (_, result) => void values.push(result.value),
    stop: () => false,
  });
  return values;
}

describe('runQueue after a failed run on the same pool', () => {
  it("a task still running from the failed run never answers for the next run's task", async () => {
    const pool = new WorkerPool(script, 2, undefined, 'test');
    try {
      // Thread 0 fails at once; thread 1 is still busy with the first run's slow task.
      await expect(run(pool, [{ value: 'first run, fails', fail: true }, { value: 'first run, slow', delay: 400 }])).rejects.toThrow(/failed on purpose/);
      // The next run's values, if it runs at all, are its own tasks' values.
      let values: string[] | undefined;
      try {
        values = await run(pool, [{ value: 'second run, a' }, { value: 'second run, b' }]);
      } catch (e) {
        expect(String(e)).toMatch(/earlier failure/);
      }
      if (values !== undefined) expect(values.sort()).toEqual(['second run, a', 'second run, b']);
    } finally {
      await pool.close();
    }
  });
});
