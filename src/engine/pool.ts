/**
 * Worker threads for split-tree searches: a fixed pool of threads running one worker script, and
 * a queue that hands the next task to whichever thread is idle (dynamic hand-out: subtrees are
 * very uneven, so a queue of many small tasks balances the load). Both the region engine
 * (src/regions/parallel.ts) and the specification branch and bound
 * (src/properties/specification/parallel.ts) run on it; what a task and its answer are is theirs.
 *
 * A worker answers every task message `{ id, … }` with exactly one `result` or `error` message
 * carrying the same id, and may send `progress` messages meanwhile.
 * @internal not part of the public API (src/index.ts does not export it).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { packageRoot } from '../io/packageRoot.js';

/** Worker → main thread. @internal */
export type PoolMessage<P, R> =
  | { readonly type: 'progress'; readonly progress: P }
  | { readonly type: 'result'; readonly id: number; readonly result: R }
  | { readonly type: 'error'; readonly id: number; readonly message: string; readonly stack?: string };

/**
 * The compiled worker script `name` (e.g. `worker.js`) of the module at `moduleUrl`: beside it in
 * dist/; when that module runs from the TypeScript sources (vitest), there is no .js beside it,
 * and the built one under `dist/<distFolder>` is used. @internal
 */
export function workerScript(moduleUrl: string, name: string, distFolder: string, what: string): string {
  const beside = fileURLToPath(new URL(`./${name}`, moduleUrl));
  if (existsSync(beside)) return beside;
  const built = join(packageRoot(), 'dist', distFolder, name);
  if (existsSync(built)) return built;
  throw new Error(`the ${what} worker script is missing (looked for ${beside} and ${built}); build relucert first (npm run build)`);
}

/** Main → worker: close your port and exit (sent by {@link WorkerPool.close}; no answer). @internal */
export const CLOSE_MESSAGE = { type: 'close' } as const;

/** Whether a message to a worker is {@link CLOSE_MESSAGE}. @internal */
export function isCloseMessage(message: unknown): boolean {
  return typeof message === 'object' && message !== null && (message as { type?: unknown }).type === 'close';
}

/** How long {@link WorkerPool.close} waits for a worker to exit by itself before terminating it. */
const CLOSE_GRACE_MS = 2000;

/**
 * The worker threads of one run; a failure of any of them (error, unexpected exit), or of a
 * {@link runQueue} on them, is kept and reported to `onFailure`. @internal
 */
export class WorkerPool {
  readonly workers: Worker[] = [];
  failure: Error | undefined;
  onFailure: ((error: Error) => void) | undefined;
  #closing = false;

  /** @param what names the workers in error messages ("region", "specification"). */
  constructor(script: string, count: number, workerData: unknown, what: string) {
    const failed = (error: Error): void => {
      if (this.#closing) return;
      this.failure ??= error;
      this.onFailure?.(error);
    };
    try {
      for (let w = 0; w < count; w++) {
        const worker = new Worker(script, { workerData });
        // Listeners from the start: an 'error' event without one would crash the process.
        worker.on('error', (e: Error) => failed(new Error(`a ${what} worker thread failed: ${e.message}`)));
        worker.on('messageerror', (e: Error) => failed(new Error(`a ${what} worker thread sent an unreadable message: ${e.message}`)));
        worker.on('exit', (code: number) => failed(new Error(`a ${what} worker thread exited unexpectedly (exit code ${code})`)));
        this.workers.push(worker);
      }
    } catch (e) {
      // No thread left behind when the k-th cannot be created.
      void this.close();
      throw e;
    }
  }

  /**
   * Ends every worker (their exits are then expected): each is asked to close its port and so to
   * exit by itself once idle ({@link CLOSE_MESSAGE}), and terminated only if it has not within
   * {@link CLOSE_GRACE_MS}. Terminating a thread while V8 still compiles its hot code in the
   * background can abort the whole process inside Node (`NodePlatform::ForIsolate: Assertion
   * (data.first) != nullptr`, seen once in a test run here); a thread that leaves its event loop
   * idle gives those jobs the time to finish.
   */
  async close(): Promise<void> {
    this.#closing = true;
    await Promise.all(
      this.workers.map(
        (worker) =>
          new Promise<void>((resolve) => {
            const timer = setTimeout(() => void worker.terminate().then(() => resolve()), CLOSE_GRACE_MS);
            worker.once('exit', () => {
              clearTimeout(timer);
              resolve();
            });
            worker.postMessage(CLOSE_MESSAGE);
          }),
      ),
    );
  }
}

/** How {@link runQueue} talks to the tasks of one problem. @internal */
export interface QueueHandlers<Q, P, R> {
  /** The message that sends task `queued` (its `id` is set by the queue). */
  message(queued: Q): object;
  /** A task's answer; it may add further tasks to the queue (they are handed out next, first added first). */
  onResult(queued: Q, result: R, enqueue: (more: readonly Q[]) => void): void;
  /** A worker's progress message (`progress` undefined: the worker finished its task). */
  onProgress?(worker: number, progress: P | undefined): void;
  /** Checked before each hand-out: true stops it (the tasks left stay unexplored). */
  stop(): boolean;
}

/**
 * Runs the queued tasks on the pool's workers, each taking the next one when idle, until the
 * queue is empty and no task is running, or `stop()` says so (then the rest stay unexplored).
 * Tasks a result adds go to the front of the queue, so that the search stays depth-first-ish and
 * the queue short. Rejects on the first worker failure, after which the pool refuses every
 * further run (tasks of the failed run may still be running on it). @internal
 */
export function runQueue<Q, P, R>(pool: WorkerPool, initial: readonly Q[], what: string, handlers: QueueHandlers<Q, P, R>): Promise<void> {
  const workers = pool.workers;
  const queue: Q[] = [...initial];
  return new Promise<void>((resolve, reject) => {
    let nextId = 0;
    let running = 0;
    let settled = false;
    const busy = new Map<number, { readonly id: number; readonly queued: Q }>(); // worker index → its task
    const listeners: [number, (m: PoolMessage<P, R>) => void][] = [];
    const finish = (error?: Error): void => {
      if (settled) return;
      settled = true;
      for (const [w, listener] of listeners) workers[w]?.off('message', listener);
      pool.onFailure = undefined;
      // A failed run leaves the other threads' tasks running, and their answers would reach the
      // next run on this pool with ids that run also uses: the pool is unusable from here on.
      if (error !== undefined) pool.failure ??= new Error(`the ${what} worker threads are unusable after an earlier failure (${error.message})`);
      if (error !== undefined) reject(error);
      else resolve();
    };
    const dispatch = (): void => {
      if (settled) return;
      workers.forEach((worker, w) => {
        if (busy.has(w) || queue.length === 0 || handlers.stop()) return;
        const queued = queue.shift() as Q;
        const id = nextId++;
        busy.set(w, { id, queued });
        running++;
        worker.postMessage({ ...handlers.message(queued), id });
      });
      if (running === 0) finish();
    };
    workers.forEach((worker, w) => {
      const listener = (m: PoolMessage<P, R>): void => {
        if (settled) return;
        if (m.type === 'progress') return handlers.onProgress?.(w, m.progress);
        if (m.type === 'error') {
          const error = new Error(`a ${what} worker thread failed: ${m.message}`);
          if (m.stack !== undefined) error.stack = `${error.message}\n    (in the worker thread)\n${m.stack}`;
          return finish(error);
        }
        const task = busy.get(w);
        if (task === undefined || task.id !== m.id) return finish(new Error(`internal: a ${what} worker answered without its task`));
        busy.delete(w);
        running--;
        handlers.onProgress?.(w, undefined);
        try {
          handlers.onResult(task.queued, m.result, (more) => queue.unshift(...more));
        } catch (e) {
          return finish(e instanceof Error ? e : new Error(String(e)));
        }
        dispatch();
      };
      listeners.push([w, listener]);
      worker.on('message', listener);
    });
    if (pool.failure !== undefined) return finish(pool.failure);
    pool.onFailure = (error) => finish(error);
    dispatch();
  });
}
