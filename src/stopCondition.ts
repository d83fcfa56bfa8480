/**
 * When a long run must stop early: at its deadline (`--timeout`) or when the user interrupts it
 * (Ctrl-C, SIGTERM). Every engine's limit check asks {@link stopReason}, so both end a run the
 * same way: partial, stated as partial.
 *
 * Why a flag in shared memory: the engines are synchronous, so a JavaScript signal handler in the
 * thread that runs them could only fire after they finish. The CLI therefore runs commands in a
 * worker thread; its supervisor (src/cli/supervisor.ts) handles the signal and sets the flag, which the
 * engines read here between two steps. Region worker threads receive the same buffer
 * (regions/parallel.ts). Without an installed flag (the library, in-process tests) only the
 * deadline counts.
 */

/** Why a run stopped before its end. */
export type StopReason = 'timeout' | 'interrupted';

/** Slots of the shared Int32Array. */
const REQUESTED = 0; // set by the supervisor: a signal arrived
const NOTICED = 1; // set here: a limit check saw it, so the run is winding down with its partial answer

/** Bytes of the shared buffer ({@link createInterruptBuffer}). */
const INTERRUPT_BYTES = 8;

let flag: Int32Array | undefined;

/** A fresh shared buffer for {@link installInterruptFlag} (made by the supervisor). */
export function createInterruptBuffer(): SharedArrayBuffer {
  return new SharedArrayBuffer(INTERRUPT_BYTES);
}

/** Makes this thread's limit checks read `buffer` (made by {@link createInterruptBuffer}); undefined removes it. */
export function installInterruptFlag(buffer: SharedArrayBuffer | undefined): void {
  flag = buffer === undefined ? undefined : new Int32Array(buffer);
}

/** The installed buffer, to hand to further worker threads; undefined when none is installed. */
export function interruptBuffer(): SharedArrayBuffer | undefined {
  return flag?.buffer as SharedArrayBuffer | undefined;
}

/** Asks every thread sharing `buffer` to stop (the supervisor's side). */
export function requestInterrupt(buffer: SharedArrayBuffer): void {
  Atomics.store(new Int32Array(buffer), REQUESTED, 1);
}

/** Whether a limit check has seen the interrupt requested in `buffer` (the supervisor's side). */
export function interruptNoticed(buffer: SharedArrayBuffer): boolean {
  return Atomics.load(new Int32Array(buffer), NOTICED) !== 0;
}

/** Whether an interrupt was requested (without marking it as noticed). */
export function interruptRequested(): boolean {
  return flag !== undefined && Atomics.load(flag, REQUESTED) !== 0;
}

/** Whether an engine has stopped for the interrupt: what the run prints now is its partial output. */
export function interruptStoppedRun(): boolean {
  return flag !== undefined && Atomics.load(flag, NOTICED) !== 0;
}

/**
 * The stop condition of every engine: `'interrupted'` once the user asked to stop, `'timeout'`
 * after `deadline` (ms since the epoch, as Date.now()), else undefined (go on).
 */
export function stopReason(deadline?: number): StopReason | undefined {
  if (flag !== undefined && Atomics.load(flag, REQUESTED) !== 0) {
    Atomics.store(flag, NOTICED, 1);
    return 'interrupted';
  }
  if (deadline !== undefined && Date.now() > deadline) return 'timeout';
  return undefined;
}
