/**
 * What the CLI's supervisor (supervisor.ts) and the thread that runs the command (commandThread.ts)
 * say to each other. Types and constants only, so that the supervisor loads nothing heavy.
 */
import type { MessagePort } from 'node:worker_threads';

/** What the command thread receives as `workerData`. */
export interface CommandThreadSetup {
  /** The command line, without node and the script. */
  readonly argv: readonly string[];
  /** Whether the process's stderr is a terminal (a worker's own stderr never is). */
  readonly errIsTty: boolean;
  /** The interrupt flag (src/stopCondition.ts). */
  readonly interrupt: SharedArrayBuffer;
  /** One Int32: characters sent to stdout/stderr and not yet written by the supervisor (flow control). */
  readonly backlog: SharedArrayBuffer;
  /** Where every message below goes, in order. */
  readonly port: MessagePort;
}

/** Command thread → supervisor. */
export type CommandThreadMessage =
  | { readonly type: 'out' | 'err'; readonly text: string }
  /** A temporary file about to be created (`exists: true`) or gone (src/io/temporaryFiles.ts). */
  | { readonly type: 'temp'; readonly path: string; readonly exists: boolean }
  /** runCli resolved with this exit code. */
  | { readonly type: 'done'; readonly code: number }
  /** runCli rejected (a bug: runCli maps every error to an exit code). */
  | { readonly type: 'crash'; readonly message: string };

/**
 * Output the command thread may have sent ahead of the supervisor's writes, in UTF-16 units:
 * past this it waits, so a slow reader of stdout (a pager, a pipe into gzip) does not make the
 * supervisor hold a whole certificate in memory.
 */
export const MAX_BACKLOG = 16 << 20;
