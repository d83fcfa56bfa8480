/**
 * Where an output path really leads, looked at before anything is written. The atomic write of
 * files.ts (a temporary sibling renamed over the target) is right for a regular file and wrong
 * for everything else a user may name: renamed over a symbolic link it replaces the link (its
 * target is never written); over /dev/null or a FIFO it turns the device into a regular file.
 *
 * - a symbolic link is followed to its final target, and the atomic write happens there;
 * - a FIFO or a character device (/dev/null, /dev/full, a terminal) is written in place;
 * - `-` is standard output, when the caller (the CLI) has installed one ({@link setStandardOutput});
 * - anything else that exists and is not a regular file (a directory, a socket, a block device)
 *   is refused.
 */
import { type Stats, lstatSync, readlinkSync, realpathSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { InputError } from '../errors.js';

/** Where an output goes. */
export type OutputTarget =
  /** A regular file (existing or not) at `path`, written atomically beside it; `mode`: the existing file's permissions, kept. */
  | { readonly kind: 'file'; readonly path: string; readonly mode?: number }
  /** A FIFO or character device, opened and written in place (no temporary file, no rename). */
  | { readonly kind: 'stream'; readonly path: string }
  /** Standard output (`-`). */
  | { readonly kind: 'stdout'; readonly write: (text: string) => void };

/** Linux's own limit on symbolic links followed in one path lookup. */
const MAX_LINKS = 40;

let standardOutput: ((text: string) => void) | undefined;

/**
 * Makes `-` mean standard output, written through `write` (the CLI installs its stdout for the
 * duration of a command; without it `-` is an ordinary file name, as for any library caller).
 * Returns the previous writer, to restore.
 */
export function setStandardOutput(write: ((text: string) => void) | undefined): ((text: string) => void) | undefined {
  const previous = standardOutput;
  standardOutput = write;
  return previous;
}

/** Whether `path` would go to standard output. */
export function isStandardOutput(path: string): boolean {
  return path === '-' && standardOutput !== undefined;
}

function describe(code: string | undefined, e: unknown): string {
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOTDIR':
      return 'a part of the path is not a folder';
    case 'ELOOP':
      return `too many symbolic links (more than ${MAX_LINKS})`;
    case 'ENAMETOOLONG':
      return 'the path is too long';
    default:
      return String((e as Error).message ?? e);
  }
}

function refuse(file: string, detail: string): InputError {
  return new InputError('io', `cannot write: ${detail}`, { file });
}

/** The kind of a non-regular, non-writable-in-place file, in words. */
function kindOf(s: Stats): string | undefined {
  if (s.isDirectory()) return 'a directory';
  if (s.isSocket()) return 'a socket';
  if (s.isBlockDevice()) return 'a block device';
  return undefined;
}

/**
 * The end of a chain of symbolic links that leads nowhere yet (a dangling link): the path the
 * file will be created at, so that the link then points to it.
 */
function danglingTarget(file: string): string {
  let path = file;
  for (let hops = 0; hops <= MAX_LINKS; hops++) {
    let link: Stats;
    try {
      link = lstatSync(path);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return path;
      throw refuse(file, describe((e as NodeJS.ErrnoException).code, e));
    }
    if (!link.isSymbolicLink()) return path;
    path = resolve(dirname(path), readlinkSync(path));
  }
  throw refuse(file, describe('ELOOP', undefined));
}

/**
 * Looks at `file` and says how to write it (see the module comment).
 * @throws InputError naming the file for a directory, socket or block device, a link loop, or a
 *   path that cannot be looked at.
 */
export function resolveOutputTarget(file: string): OutputTarget {
  if (file === '-' && standardOutput !== undefined) return { kind: 'stdout', write: standardOutput };
  let s: Stats;
  try {
    s = statSync(file); // follows symbolic links
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') throw refuse(file, describe(code, e));
    // Nothing there, or a link to nothing: the new file goes where the last link points.
    const path = danglingTarget(file);
    return { kind: 'file', path };
  }
  if (s.isFIFO() || s.isCharacterDevice()) return { kind: 'stream', path: file };
  const other = kindOf(s);
  if (other !== undefined) throw refuse(file, `it is ${other}, not a regular file`);
  if (!s.isFile()) throw refuse(file, 'it is not a regular file');
  // A regular file, perhaps behind links: replaced atomically beside its real location. The
  // link itself stays (and now points to the new content); the permissions stay too.
  const linked = lstatSync(file).isSymbolicLink();
  return { kind: 'file', path: linked ? realpathSync(file) : file, mode: s.mode & 0o7777 };
}

/**
 * Checks before a long run that `file` can be written, so that a typo costs no computation: the
 * same refusals as {@link resolveOutputTarget}, and a missing folder for a new file.
 * @throws InputError naming the file.
 */
export function checkOutputPath(file: string): void {
  const target = resolveOutputTarget(file);
  if (target.kind !== 'file') return;
  const folder = dirname(target.path);
  let s: Stats;
  try {
    s = statSync(folder);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw refuse(file, code === 'ENOENT' ? `the folder ${folder} does not exist` : describe(code, e));
  }
  if (!s.isDirectory()) throw refuse(file, `${folder} is not a folder`);
}
