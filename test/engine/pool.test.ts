/**
 * The worker pool and task queue (src/engine/pool.ts) with a stand-in worker
 * (fixtures/poolWorker.mjs): a run that ends with a task's error leaves the other threads' tasks
 * running, so a later run on the same pool (threads kept across runs, as `specificationWorkers`
 * allows) would take their late answers for its own tasks' answers (a subtree of another
 * problem spliced into its proof tree): the pool refuses every run after a failed one.
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
      // The next run is refused: were it handed out, the slow task's late answer would carry an id
      // of the next run and be taken for the answer of that run's task on thread 1.
      await expect(run(pool, [{ value: 'second run, a' }, { value: 'second run, b' }])).rejects.toThrow(/unusable after an earlier failure \(.*failed on purpose/);
    } finally {
      await pool.close();
    }
  });
});

describe('WorkerPool.close', () => {
  it('lets idle workers exit by themselves (exit code 0), and terminates one that stays busy (exit code 1)', async () => {
    const pool = new WorkerPool(script, 2, undefined, 'test');
    const codes: number[] = [];
    for (const worker of pool.workers) worker.once('exit', (code: number) => void codes.push(code));
    expect(await run(pool, [{ value: 'a' }, { value: 'b' }])).toHaveLength(2);
    await pool.close();
    expect(codes).toEqual([0, 0]);

    // A thread blocked well past the grace period is terminated instead.
    const busy = new WorkerPool(script, 1, undefined, 'test');
    const code = new Promise<number>((resolve) => busy.workers[0]?.once('exit', resolve));
    busy.workers[0]?.postMessage({ id: 0, value: 'long', delay: 5000 });
    await busy.close();
    expect(await code).toBe(1);
  }, 20_000);
});
