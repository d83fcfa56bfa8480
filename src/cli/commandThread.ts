/**
 * The thread that runs a command for the supervisor (supervisor.ts): runCli with its output sent as
 * messages, the interrupt flag installed for the engines' limit checks, and every temporary file
 * announced, so that the supervisor can remove what a killed thread leaves behind.
 */
import { workerData } from 'node:worker_threads';
import { onTemporaryFiles } from '../io/temporaryFiles.js';
import { installInterruptFlag } from '../stopCondition.js';
import type { CliIo } from './io.js';
import { runCli } from './program.js';
import { type CommandThreadMessage, type CommandThreadSetup, MAX_BACKLOG } from './commandThreadProtocol.js';

const setup = workerData as CommandThreadSetup;
const backlog = new Int32Array(setup.backlog);
const post = (message: CommandThreadMessage): void => setup.port.postMessage(message);

/** Sends text to the supervisor, waiting while too much of it is still unwritten. */
function send(type: 'out' | 'err', text: string): void {
  if (text.length === 0) return;
  for (let pending = Atomics.load(backlog, 0); pending > MAX_BACKLOG; pending = Atomics.load(backlog, 0)) {
    Atomics.wait(backlog, 0, pending, 1000);
  }
  Atomics.add(backlog, 0, text.length);
  post({ type, text });
}

installInterruptFlag(setup.interrupt);
onTemporaryFiles((path, exists) => post({ type: 'temp', path, exists }));
const io: CliIo = { out: (text) => send('out', text), err: (text) => send('err', text), errIsTty: setup.errIsTty };
runCli(setup.argv, io).then(
  (code) => post({ type: 'done', code }),
  (e: unknown) => post({ type: 'crash', message: e instanceof Error ? (e.stack ?? e.message) : String(e) }),
);
