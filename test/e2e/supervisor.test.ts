/**
 * The supervisor (src/cli/supervisor.ts) around command threads that misbehave on purpose
 * (fixtures/thread.mjs): one that computes without limit checks, one stuck in a system call, one
 * that exhausts its heap. In each case the temporary file it announced is removed and the exit
 * is what docs/cli.md says. Signals are sent only after the thread said it is ready.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from './helpers.js';
import { binMissing } from './spawn.js';

const fixtures = resolve(import.meta.dirname, 'fixtures');
const missing = binMissing();
if (missing !== undefined) console.log(`skipping the supervisor tests: ${missing}`);

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  out: string;
  err: string;
}

/**
 * Starts the supervisor on the stand-in thread. `steps`: when stderr first contains the text,
 * run the action (each step waits for the one before it).
 */
function supervise(args: readonly string[], steps: readonly [string, (pid: number) => void][], nodeOptions: readonly string[] = []): Promise<Run> {
  const child = spawn(process.execPath, [...nodeOptions, join(fixtures, 'supervise.mjs'), join(fixtures, 'thread.mjs'), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  let next = 0;
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => {
    err += d.toString();
    for (let step = steps[next]; step !== undefined && err.includes(step[0]); step = steps[next]) {
      next++;
      step[1](child.pid as number);
    }
  });
  return new Promise((done) => child.on('close', (code, signal) => done({ code, signal, out, err })));
}

describe.skipIf(missing !== undefined)('the supervisor', () => {
  it('a thread busy without limit checks: terminated after the grace period, its temporary file removed, exit 130', async () => {
    const dir = tempDir();
    const tmp = join(dir, '.relucert-tmp-busy');
    const r = await supervise(['busy', tmp], [['ready\n', (pid) => process.kill(pid, 'SIGINT')]]);
    expect(r.code, r.err).toBe(130);
    expect(r.err).toContain('SIGINT received');
    expect(r.err).toContain('interrupted (SIGINT); the command was stopped before it could print a summary');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a second SIGTERM ends it without waiting for the grace period', async () => {
    const dir = tempDir();
    const tmp = join(dir, '.relucert-tmp-busy');
    const r = await supervise(['busy', tmp], [
      ['ready\n', (pid) => process.kill(pid, 'SIGTERM')],
      ['SIGTERM received', (pid) => process.kill(pid, 'SIGTERM')],
    ]);
    expect(r.code, r.err).toBe(130);
    expect(r.err).toContain('the command was stopped before it could print a summary');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a thread stuck in a system call: the file is removed and the signal ends the process', async () => {
    const dir = tempDir();
    const tmp = join(dir, '.relucert-tmp-stuck');
    const fifo = join(dir, 'nobody-reads');
    execFileSync('mkfifo', [fifo]);
    const r = await supervise(['stuck', tmp, fifo], [['ready\n', (pid) => process.kill(pid, 'SIGINT')]]);
    // Killed by the re-raised SIGINT: a shell reports 130.
    expect(r.signal, r.err).toBe('SIGINT');
    expect(r.err).toContain('the command did not stop, so the process ends now');
    expect(readdirSync(dir)).toEqual(['nobody-reads']);
  });

  it('a thread out of memory: one line, exit 4, its temporary file removed', async () => {
    const dir = tempDir();
    const tmp = join(dir, '.relucert-tmp-oom');
    const r = await supervise(['oom', tmp], [], ['--max-old-space-size=64']);
    expect(r.code, r.err).toBe(4);
    expect(r.err).toContain('relucert: out of memory');
    expect(r.err).not.toContain('FATAL ERROR');
    expect(existsSync(tmp)).toBe(false);
  });

  it("the thread's heap limit is the main thread's (the default, and a raised one)", async () => {
    for (const options of [[], ['--max-old-space-size=3000']]) {
      const r = await supervise(['heap'], [], options);
      expect(r.code, r.err).toBe(0);
      const main = Number(/main heap limit (\d+)/.exec(r.err)?.[1]);
      const thread = Number(/thread heap limit (\d+)/.exec(r.out)?.[1]);
      expect(main).toBeGreaterThan(0);
      expect(thread).toBeGreaterThanOrEqual(main);
    }
  });
});
