/**
 * The supervisor of the `relucert` executable (main.ts): a thin main thread around the thread
 * that runs the command.
 *
 * Why a thread: the engines are synchronous, so in a single thread a SIGINT handler would run
 * only after the computation it should stop. Here the main thread stays free: it writes what the
 * command thread (commandThread.ts) sends, in order, and on SIGINT/SIGTERM sets the shared
 * interrupt flag that every engine's limit check reads (src/stopCondition.ts). The run then
 * stops as at a timeout, prints its partial result, and exits with 130.
 *
 * If the command does not reach a limit check within {@link GRACE_MS} (it is in code without
 * one), or on a second signal, the thread is terminated and the temporary files it announced are
 * removed here. A thread stuck in a system call (opening a FIFO nobody reads) cannot be
 * terminated; then the signal is re-raised with its default action, which ends the process at
 * once (the shell reports 130 for SIGINT).
 *
 * The heap limit of the thread is the process's (Node's default for workers, checked in
 * test/e2e/supervisor.test.ts), and its stack is Node's worker default of 4 MB (the main
 * thread's is about 1 MB).
 */
import { rmSync } from 'node:fs';
import { MessageChannel, Worker, receiveMessageOnPort } from 'node:worker_threads';
import { createInterruptBuffer, interruptNoticed, requestInterrupt } from '../stopCondition.js';
import type { CommandThreadMessage, CommandThreadSetup } from './commandThreadProtocol.js';

/** How long the command may take to reach a limit check after the first signal. */
const GRACE_MS = 2000;
/** How long a terminated thread may take to stop before the process ends without it. */
const TERMINATE_MS = 500;

/**
 * Runs the command line of this process in a thread started from `script` (commandThread.js;
 * tests pass stand-ins), supervising it as the module comment says. Sets process.exitCode.
 */
export function supervise(script: URL | string): void {
  const interrupt = createInterruptBuffer();
  const backlog = new Int32Array(new SharedArrayBuffer(4));
  const channel = new MessageChannel();
  const inbox = channel.port1;
  const setup: CommandThreadSetup = {
    argv: process.argv.slice(2),
    errIsTty: process.stderr.isTTY === true,
    interrupt,
    backlog: backlog.buffer as SharedArrayBuffer,
    port: channel.port2,
  };
  const thread = new Worker(script, { workerData: setup, transferList: [channel.port2] });

  const temporaryFiles = new Set<string>();
  let exitCode: number | undefined;
  let crash: string | undefined;
  let signal: NodeJS.Signals | undefined;
  let stopping = false;

  function written(length: number): void {
    Atomics.sub(backlog, 0, length);
    Atomics.notify(backlog, 0);
  }

  function handle(message: CommandThreadMessage): void {
    switch (message.type) {
      case 'out':
        process.stdout.write(message.text, () => written(message.text.length));
        return;
      case 'err':
        process.stderr.write(message.text, () => written(message.text.length));
        return;
      case 'temp':
        if (message.exists) temporaryFiles.add(message.path);
        else temporaryFiles.delete(message.path);
        return;
      case 'done':
        exitCode = message.code;
        // The thread ends by itself once runCli is done; a handle left open must not keep the process.
        setTimeout(() => void thread.terminate(), TERMINATE_MS).unref();
        return;
      case 'crash':
        crash = message.message;
        return;
    }
  }

  /** Everything the thread sent and the listener has not seen yet (it is queued before the thread ends). */
  function drain(): void {
    for (let m = receiveMessageOnPort(inbox); m !== undefined; m = receiveMessageOnPort(inbox)) handle(m.message as CommandThreadMessage);
  }

  function removeTemporaryFiles(): void {
    drain();
    for (const path of temporaryFiles) rmSync(path, { force: true });
    temporaryFiles.clear();
  }

  inbox.on('message', handle);

  let failure: Error | undefined;
  thread.on('error', (e: Error) => {
    failure = e;
  });

  thread.on('exit', () => {
    removeTemporaryFiles();
    inbox.close();
    if (failure !== undefined && (failure as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY') {
      process.stderr.write('relucert: out of memory: the run needed more than the JavaScript heap limit; try a smaller input or limit (--max-regions, --timeout), or more heap with NODE_OPTIONS=--max-old-space-size=MB\n');
      process.exitCode = 4;
    } else if (signal !== undefined && exitCode === undefined) {
      process.stderr.write(`relucert: interrupted (${signal}); the command was stopped before it could print a summary\n`);
      process.exitCode = 130;
    } else if (exitCode !== undefined) {
      process.exitCode = exitCode;
    } else {
      const why = failure !== undefined ? failure.message : (crash ?? 'the command thread ended without an answer');
      process.stderr.write(`relucert: internal error: ${why} (please report it)\n`);
      process.exitCode = 4;
    }
  });

  /**
   * Ends the command thread (its temporary files are removed when it has exited). If it does not
   * stop in time, the files are removed here and the process ends by `fallback`, re-raised with
   * its default action (no JavaScript exit path can end a process whose thread is in a system call).
   */
  function stop(fallback: NodeJS.Signals): void {
    if (stopping) return;
    stopping = true;
    const timer = setTimeout(() => {
      removeTemporaryFiles();
      if (signal !== undefined) process.stderr.write(`relucert: interrupted (${fallback}); the command did not stop, so the process ends now\n`);
      process.removeAllListeners(fallback);
      process.kill(process.pid, fallback);
    }, TERMINATE_MS);
    timer.unref();
    void thread.terminate();
  }

  function onSignal(received: NodeJS.Signals): void {
    if (signal !== undefined) {
      stop(signal); // a second signal: at once
      return;
    }
    signal = received;
    requestInterrupt(interrupt);
    process.stderr.write(`${setup.errIsTty ? '\n' : ''}relucert: ${received} received: stopping at the next check and printing what was done (again to quit at once)\n`);
    // Past the grace period, a thread that has not seen the flag is in code without limit checks.
    const grace = setTimeout(() => {
      if (!interruptNoticed(interrupt)) stop(received);
    }, GRACE_MS);
    grace.unref();
  }

  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  // A reader that stops early (`relucert … | head`) closes the pipe: that ends the output and the
  // run (the command is stopped and its temporary files removed), and is not an error.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code !== 'EPIPE') throw e;
      exitCode ??= 0;
      // (Node ignores SIGPIPE, so a thread that does not stop is ended by SIGTERM.)
      stop('SIGTERM');
    });
  }
}
