/**
 * Running the built CLI (dist/src/cli/main.js) as a real process, for what only a process can
 * show: signals, exit codes set by the supervisor, stdout and stderr as separate streams.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The built executable (tsc writes it; `npm test` builds first). */
export const BIN = join(resolve(import.meta.dirname, '../..'), 'dist/src/cli/main.js');

/** Why the process tests cannot run, or undefined when they can. */
export function binMissing(): string | undefined {
  return existsSync(BIN) ? undefined : `${BIN} is not built (run npx tsc -p tsconfig.json)`;
}

/** A running CLI process with its output so far and its end. */
export interface CliProcess {
  readonly child: ChildProcess;
  readonly out: () => string;
  readonly err: () => string;
  /** Resolves when stderr contains `text` (rejects if the process ends first). */
  readonly stderrContains: (text: string) => Promise<void>;
  readonly exit: Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string; err: string }>;
}

/** Starts `relucert …args` in `cwd`. */
export function startCli(args: readonly string[], cwd: string): CliProcess {
  const child = spawn(process.execPath, [BIN, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  const waiters: { text: string; resolve: () => void; reject: (e: Error) => void }[] = [];
  const wake = (): void => {
    for (let i = waiters.length - 1; i >= 0; i--) {
      const w = waiters[i] as (typeof waiters)[number];
      if (err.includes(w.text)) {
        waiters.splice(i, 1);
        w.resolve();
      }
    }
  };
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString('utf8');
  });
  child.stderr?.on('data', (d: Buffer) => {
    err += d.toString('utf8');
    wake();
  });
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string; err: string }>((done) => {
    child.on('close', (code, signal) => {
      for (const w of waiters.splice(0)) w.reject(new Error(`the process ended before printing ${JSON.stringify(w.text)} (stderr: ${err})`));
      done({ code, signal, out, err });
    });
  });
  return {
    child,
    out: () => out,
    err: () => err,
    exit,
    stderrContains: (text) =>
      new Promise<void>((resolveWait, reject) => {
        waiters.push({ text, resolve: resolveWait, reject });
        wake();
      }),
  };
}
