/**
 * The entry of a specification worker thread (parallel.ts): reads the network and the
 * specification of each `load` message, then searches the subtrees it is sent, one at a time, each from its node
 * down to the cut the message names, and answers with the subtree, the nodes cut off below it,
 * why it stopped (if it did) and its counts. The node cap of an attempt is one count shared by
 * every thread (setup.counter); the deadline is checked against the clock and the CLI's interrupt
 * flag, as in the calling thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { fromCloneable, toCloneable } from '../../engine/cloneable.js';
import { type PoolMessage, isCloseMessage } from '../../engine/pool.js';
import { networkFromJson } from '../../network/json.js';
import type { Network } from '../../network/model.js';
import type { Specification } from '../../specification/model.js';
import { installInterruptFlag } from '../../stopCondition.js';
import { type ExpandCounts, type Node, SpecExpander, rootNode } from './expand.js';
import type { SpecLoadMessage, SpecTaskMessage, SpecTaskResult, SpecWorkerSetup } from './parallel.js';
import { searchTask } from './search.js';
import { checkSpecificationFits } from './verify.js';

const port = parentPort;
if (port === null) throw new Error('specification/worker.js is a worker thread entry, not a module to import');
const setup = workerData as SpecWorkerSetup;
const counter = new Int32Array(setup.counter);
if (setup.interrupt !== undefined) installInterruptFlag(setup.interrupt);

/** The problem the tasks are about (the last `load` message). */
interface Problem {
  readonly net: Network;
  readonly spec: Specification;
  readonly boxes: ReturnType<typeof checkSpecificationFits>;
}
let problem: Problem | undefined;
let loadError: Error | undefined;

/**
 * One expander per attempt (case and split rule): built once, since its float workspaces and
 * candidates are a function of the case alone. Its LP stage keeps its throttle across the tasks
 * of the attempt, which changes only where counterexamples are looked for, never a proof tree.
 */
let current: { readonly attempt: number; readonly expander: SpecExpander } | undefined;

function expanderFor(task: SpecTaskMessage): SpecExpander {
  if (problem === undefined) throw new Error('internal: a task before the problem was loaded');
  if (current?.attempt !== task.attempt) {
    const { net, spec, boxes } = problem;
    current = { attempt: task.attempt, expander: new SpecExpander(net, spec, task.k, rootNode(spec, task.k, boxes[task.k] ?? []), task.expand) };
  }
  return current.expander;
}

function load(message: SpecLoadMessage): void {
  const net = networkFromJson(JSON.parse(message.network));
  const spec = fromCloneable<Specification>(message.specification);
  problem = { net, spec, boxes: checkSpecificationFits(net, spec, spec.source?.file) };
  current = undefined;
}

port.on('message', (message: SpecLoadMessage | (SpecTaskMessage & { readonly id: number })) => {
  // Asked to end (engine/pool.ts close): no more tasks; the thread exits once idle.
  if (isCloseMessage(message)) return port.close();
  const send = (answer: PoolMessage<never, SpecTaskResult>): void => port.postMessage(answer);
  if (message.type === 'load') {
    // A problem that does not load fails the first task sent after it (the error is the answer).
    try {
      load(message);
      loadError = undefined;
    } catch (e) {
      problem = undefined;
      loadError = e instanceof Error ? e : new Error(String(e));
    }
    return;
  }
  const task = message;
  try {
    if (problem === undefined && loadError !== undefined) throw loadError;
    const expander = expanderFor(task);
    const before: ExpandCounts = { ...expander.counts };
    const run = searchTask(expander, fromCloneable<Node>(task.node), {
      case: task.k,
      maxNodes: task.maxNodes,
      sharedNodes: counter,
      cutBelow: task.cutBelow,
      ...(task.deadline !== undefined ? { deadline: task.deadline } : {}),
    });
    const counts = Object.fromEntries(Object.entries(expander.counts).map(([key, v]) => [key, v - before[key as keyof ExpandCounts]])) as unknown as ExpandCounts;
    send({
      type: 'result',
      id: task.id,
      result: {
        tree: toCloneable(run.tree),
        tasks: toCloneable(run.tasks),
        ...(run.stopped !== undefined ? { stopped: toCloneable(run.stopped) } : {}),
        figures: run.figures,
        counts,
      },
    });
  } catch (e) {
    const error = e instanceof Error ? e : new Error(String(e));
    send({ type: 'error', id: task.id, message: error.message, ...(error.stack !== undefined ? { stack: error.stack } : {}) });
  }
});
