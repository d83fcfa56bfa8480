/**
 * File input and output with the project's rules: a missing or unreadable file is an
 * {@link InputError} naming it; output is written to a temporary file in the same folder and
 * renamed into place, so no partially written file is ever left behind.
 */
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { InputError } from '../errors.js';
import { MAX_JSON_DEPTH, checkJsonDepth } from '../network/json.js';

function ioError(file: string, e: unknown): InputError {
  const code = (e as NodeJS.ErrnoException).code;
  const why =
    code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory, not a file' : code === 'EACCES' ? 'permission denied' : String((e as Error).message ?? e);
  return new InputError('io', why, { file });
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
 * Writes `data` to `file` atomically: into a temporary sibling first, flushed, then renamed over
 * the target. On any failure the temporary file is removed and the target is untouched.
 */
export function writeFileAtomic(file: string, data: string | Uint8Array): void {
  writeChunksAtomic(file, [data]);
}

/**
 * {@link writeFileAtomic} for data produced piece by piece (a large certificate): the pieces are
 * written as they come, in buffers of about 1 MiB, so the whole text never has to exist as one
 * string (JavaScript strings stop at about 2^29 characters).
 */
export function writeChunksAtomic(file: string, chunks: Iterable<string | Uint8Array>): void {
  const tmp = join(dirname(file), `.relucert-tmp-${process.pid}-${Date.now().toString(36)}-${basename(file)}`);
  let fd: number | undefined;
  const writeAll = (bytes: Uint8Array): void => {
    let written = 0;
    while (written < bytes.length) written += writeSync(fd as number, bytes, written, bytes.length - written);
  };
  try {
    fd = openSync(tmp, 'wx');
    let pending: string[] = [];
    let size = 0;
    const flush = (): void => {
      if (pending.length > 0) writeAll(Buffer.from(pending.join(''), 'utf8'));
      pending = [];
      size = 0;
    };
    for (const chunk of chunks) {
      if (typeof chunk === 'string') {
        pending.push(chunk);
        size += chunk.length;
        if (size >= 1 << 20) flush();
      } else {
        flush();
        writeAll(chunk);
      }
    }
    flush();
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, file);
  } catch (e) {
    if (fd !== undefined) closeSync(fd);
    rmSync(tmp, { force: true });
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT' ? `the folder ${dirname(file)} does not exist` : code === 'EACCES' ? `permission denied in ${dirname(file)}` : code === 'EISDIR' ? 'is a directory' : (e as Error).message;
    throw new InputError('io', `cannot write: ${why}`, { file });
  }
}
