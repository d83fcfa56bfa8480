/**
 * File input and output with the project's rules: a missing or unreadable file is an
 * {@link InputError} naming it; a regular output file is written to a temporary file in the same
 * folder and renamed into place, so no partially written file is ever left behind. Other output
 * paths (links, devices, FIFOs, `-`) are handled as outputTarget.ts says.
 */
import { accessSync, closeSync, constants, fchmodSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { InputError, LimitReached } from '../errors.js';
import { interruptRequested, interruptStoppedRun } from '../stopCondition.js';
import { type OutputTarget, resolveOutputTarget } from './outputTarget.js';
import { announceTemporaryFile, retireTemporaryFile } from './temporaryFiles.js';
import { MAX_JSON_DEPTH, checkJsonDepth } from '../network/json.js';

function ioError(file: string, e: unknown): InputError {
  const code = (e as NodeJS.ErrnoException).code;
  const why =
    code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory, not a file' : code === 'EACCES' ? 'permission denied' : String((e as Error).message ?? e);
  return new InputError('io', why, { file });
}

/**
 * Throws the error reading `file` would give when it is missing, a directory or unreadable
 * (without reading it): so that a check of its name (its extension) does not hide that.
 */
export function requireReadableFile(file: string): void {
  try {
    if (statSync(file).isDirectory()) throw Object.assign(new Error('directory'), { code: 'EISDIR' });
    accessSync(file, constants.R_OK);
  } catch (e) {
    throw ioError(file, e);
  }
}

/** Reads a whole file as bytes. */
export function readInputBytes(file: string): Uint8Array {
  try {
    return readFileSync(file);
  } catch (e) {
    throw ioError(file, e);
  }
}

/** The largest text file read whole: V8's longest string, 2^29 − 24 characters. */
export const MAX_TEXT_BYTES = 2 ** 29 - 24;

/** Reads a whole file as UTF-8 text; an empty file is an error. */
export function readInputText(file: string): string {
  const bytes = readInputBytes(file);
  // A JavaScript string holds at most about 2^29 UTF-16 units (V8): past that, say so plainly.
  if (bytes.length > MAX_TEXT_BYTES) {
    throw new InputError('unsupported', `the file has ${bytes.length} bytes; text files up to ${MAX_TEXT_BYTES} bytes (the longest string JavaScript holds) can be read`, { file });
  }
  const text = Buffer.from(bytes).toString('utf8');
  if (text.trim() === '') throw new InputError('parse', 'the file is empty', { file });
  return text;
}

/**
 * Reads and parses a JSON file; a syntax error names the file and the position. Arrays and
 * objects nested deeper than {@link MAX_JSON_DEPTH} levels are refused (naming the file and the
 * first such path): every later recursive walk of the value could overflow the stack.
 */
export function readJsonFile(file: string): unknown {
  const text = readInputText(file);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new InputError('parse', `not valid JSON (${(e as Error).message})`, { file });
  }
  checkJsonDepth(value, file);
  return value;
}

/**
 * Writes `data` to `file`: atomically for a regular file (see {@link writeChunksAtomic}).
 */
export function writeFileAtomic(file: string, data: string | Uint8Array): void {
  writeChunksAtomic(file, [data]);
}

/** Pieces of text are sent on in batches of about this many UTF-16 units. */
const BATCH = 1 << 20;

/** `text` in slices of at most {@link BATCH} units, never splitting a surrogate pair (each slice is encoded alone). */
function* slices(text: string): Generator<string> {
  for (let i = 0; i < text.length; ) {
    let j = Math.min(i + BATCH, text.length);
    const last = text.charCodeAt(j - 1);
    if (j < text.length && last >= 0xd800 && last <= 0xdbff) j--;
    yield text.slice(i, j);
    i = j;
  }
}

/**
 * The chunks in batches of about 1 MiB (small strings joined, large ones sliced, bytes passed on
 * as they are), so the whole text never has to exist as one string (JavaScript strings stop at
 * about 2^29 characters). `stop` is asked between batches and returns the error to end the
 * write with: an interrupt that arrives while a large file is written ends it.
 */
function* batches(chunks: Iterable<string | Uint8Array>, stop: () => Error | undefined): Generator<string | Uint8Array> {
  let pending: string[] = [];
  let size = 0;
  const check = (): void => {
    const e = stop();
    if (e !== undefined) throw e;
  };
  for (const chunk of chunks) {
    if (typeof chunk === 'string' && chunk.length < BATCH) {
      pending.push(chunk);
      size += chunk.length;
      if (size < BATCH) continue;
    }
    if (pending.length > 0) yield pending.join('');
    pending = [];
    size = 0;
    check();
    if (typeof chunk !== 'string') yield chunk;
    else if (chunk.length >= BATCH) {
      for (const slice of slices(chunk)) {
        yield slice;
        check();
      }
    }
  }
  if (pending.length > 0) yield pending.join('');
  check();
}

/** What an errno means for a write, in words. */
function writeFailure(code: string | undefined, folder: string, e: unknown): string {
  switch (code) {
    case 'ENOENT':
      return `the folder ${folder} does not exist`;
    case 'EACCES':
    case 'EPERM':
      return `permission denied in ${folder}`;
    case 'EISDIR':
      return 'it is a directory';
    case 'ENOSPC':
      return 'no space left on the device (ENOSPC)';
    case 'EDQUOT':
      return 'the disk quota is exhausted (EDQUOT)';
    case 'EROFS':
      return 'the file system is read-only (EROFS)';
    case 'EPIPE':
      return 'the reading end of the pipe was closed (EPIPE)';
    default:
      return (e as Error).message;
  }
}

function writeAll(fd: number, bytes: Uint8Array): void {
  let written = 0;
  while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
}

const toBytes = (batch: string | Uint8Array): Uint8Array => (typeof batch === 'string' ? Buffer.from(batch, 'utf8') : batch);

/** The error of a failed write: interrupts pass through, the rest name the file and the cause. */
function failure(file: string, folder: string, e: unknown, target?: string): Error {
  // Only a failed system call is the file's fault; anything else (a bug producing the data) stays what it is.
  if (!(e instanceof Error) || (e as NodeJS.ErrnoException).syscall === undefined) return e instanceof Error ? e : new Error(String(e));
  const where = target !== undefined && target !== file ? ` (the target of the link, ${target})` : '';
  return new InputError('io', `cannot write${where}: ${writeFailure((e as NodeJS.ErrnoException).code, folder, e)}`, { file });
}

/** A regular file: a temporary sibling of the (link-resolved) target, flushed, then renamed over it. */
function writeReplacing(file: string, target: Extract<OutputTarget, { kind: 'file' }>, chunks: Iterable<string | Uint8Array>, interrupted: () => boolean): void {
  const folder = dirname(target.path);
  const tmp = join(folder, `.relucert-tmp-${process.pid}-${Date.now().toString(36)}-${basename(target.path).slice(0, 100)}`);
  let fd: number | undefined;
  announceTemporaryFile(tmp);
  try {
    fd = openSync(tmp, 'wx');
    if (target.mode !== undefined) fchmodSync(fd, target.mode);
    const stop = (): Error | undefined => (interrupted() ? new LimitReached('interrupted', `interrupted while writing ${file}; it was not written`) : undefined);
    for (const batch of batches(chunks, stop)) writeAll(fd, toBytes(batch));
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, target.path);
  } catch (e) {
    if (fd !== undefined) closeSync(fd);
    rmSync(tmp, { force: true });
    throw failure(file, folder, e, target.path);
  } finally {
    retireTemporaryFile(tmp);
  }
}

/**
 * A FIFO or character device: opened and written in place. There is nothing to rename, so an
 * error part-way (ENOSPC from /dev/full, a reader that went away) may leave part of the data
 * with the reader; it is still an error, never reported as written.
 */
function writeInPlace(file: string, chunks: Iterable<string | Uint8Array>, interrupted: () => boolean): void {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'w');
    const stop = (): Error | undefined => (interrupted() ? new LimitReached('interrupted', `interrupted while writing ${file}; part of it may have been written`) : undefined);
    for (const batch of batches(chunks, stop)) writeAll(fd, toBytes(batch));
    closeSync(fd);
    fd = undefined;
  } catch (e) {
    if (fd !== undefined) closeSync(fd);
    throw failure(file, dirname(file), e);
  }
}

/** Standard output (`-`): text only (binary data such as ONNX would garble a terminal or a text pipe). */
function writeStandardOutput(write: (text: string) => void, chunks: Iterable<string | Uint8Array>, interrupted: () => boolean): void {
  const stop = (): Error | undefined => (interrupted() ? new LimitReached('interrupted', 'interrupted while writing to standard output; part of it may have been written') : undefined);
  for (const batch of batches(chunks, stop)) {
    if (typeof batch !== 'string') throw new InputError('usage', 'binary data (ONNX) is not written to standard output; name a file', { file: '-' });
    write(batch);
  }
}

/**
 * Writes data produced piece by piece (a large certificate) to `file`, without ever holding the
 * whole text in memory. A regular file (or a link to one) is written atomically: into a
 * temporary sibling first, flushed, then renamed over the target, keeping its permissions; on
 * any failure the temporary file is removed and the target is untouched. FIFOs and character
 * devices are written in place, `-` goes to standard output when the CLI installed one, and any
 * other kind of file is refused (outputTarget.ts).
 * @throws InputError naming the file; LimitReached('interrupted') when the user interrupts the
 *   run and no engine has stopped for it yet (nothing is renamed into place).
 */
export function writeChunksAtomic(file: string, chunks: Iterable<string | Uint8Array>): void {
  const target = resolveOutputTarget(file);
  // An interrupt ends the write, unless an engine already stopped for it: then this file is part
  // of the partial output the run prints (as after a timeout), a picture of what was found.
  const partialOutput = interruptStoppedRun();
  const interrupted = (): boolean => !partialOutput && interruptRequested();
  switch (target.kind) {
    case 'stdout':
      return writeStandardOutput(target.write, chunks, interrupted);
    case 'stream':
      return writeInPlace(file, chunks, interrupted);
    case 'file':
      return writeReplacing(file, target, chunks, interrupted);
  }
}
