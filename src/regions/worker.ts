/**
 * The entry of a region worker thread (regions/parallel.ts): parses the network once, then
 * explores the subtrees it is sent, one at a time, each from its serialized node, and answers
 * with the subtree, its regions in depth-first order and its counts. The limits are checked here
 * too: the deadline against the clock (and the CLI's interrupt flag), `maxRegions` against the count shared by every thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createLpStats } from '../../solvers/certified.js';
import { networkFromJson } from '../network/json.js';
import { isCloseMessage } from '../engine/pool.js';
import { installInterruptFlag } from '../stopCondition.js';
import type { RegionStats } from './enumerate.js';
import { runEngine } from './enumerate.js';
import type { TaskMessage, WorkerMessage, WorkerSetup } from './parallel.js';
import { domainFromData, runData } from './serialise.js';

const port = parentPort;
if (port === null) throw new Error('regions/worker.js is a worker thread entry, not a module to import');
const setup = workerData as WorkerSetup;
const net = networkFromJson(JSON.parse(setup.network));
const domain = domainFromData(setup.domain);
const counter = setup.counter === undefined ? undefined : new Int32Array(setup.counter);
if (setup.interrupt !== undefined) installInterruptFlag(setup.interrupt);

port.on('message', (task: TaskMessage) => {
  // Asked to end (engine/pool.ts close): no more tasks; the thread exits once idle.
  if (isCloseMessage(task)) return port.close();
  const send = (message: WorkerMessage): void => port.postMessage(message);
  try {
    const run = runEngine(
      net,
      domain,
      {
        ...setup.options,
        // Counted per task and added up by the main thread.
        lp: { stats: createLpStats(), ...(setup.exactOnly ? { solver: null } : {}) },
        ...(setup.progress === true ? { onProgress: (stats: RegionStats) => send({ type: 'progress', progress: stats }) } : {}),
      },
      { start: task.state, ...(counter !== undefined ? { regionCounter: counter } : {}) },
    );
    send({ type: 'result', id: task.id, result: runData(run) });
  } catch (e) {
    const error = e instanceof Error ? e : new Error(String(e));
    send({ type: 'error', id: task.id, message: error.message, ...(error.stack !== undefined ? { stack: error.stack } : {}) });
  }
});
