/**
 * Typed errors. Every error a user can cause carries enough context (file, JSON path or line,
 * what was expected) for the CLI to print one precise line without a stack trace.
 */

/** What kind of input problem an {@link InputError} reports. */
export type InputErrorCode =
  | 'parse' // text that is not what the format says (a number, JSON, a line of .nnet)
  | 'type' // a JSON value of the wrong type
  | 'dimension' // sizes that do not fit together
  | 'range' // a value outside what is allowed (zero denominator, absurd exponent, empty box)
  | 'unsupported' // well-formed, but not something relucert handles (an ONNX op, an activation)
  | 'io' // a missing or unreadable file
  | 'usage'; // a bad command-line argument

/** A position in a text file: 1-based line and column (columns count UTF-16 code units, tabs as one). */
export interface SourceLocation {
  readonly line: number;
  readonly column: number;
}

/** Options of {@link InputError}: where the problem is. */
export interface InputErrorOptions {
  path?: string;
  file?: string;
  /**
   * A position in a text file; the message then reads `file:line:column: detail` (the compiler
   * convention) and `path` defaults to `line:column` (a path given as well is kept but not printed).
   */
  location?: SourceLocation;
}

/** Bad input: a file, a field or an argument that is not what was expected. Exit code 2. */
export class InputError extends Error {
  override readonly name = 'InputError';
  /** What kind of problem this is. */
  readonly code: InputErrorCode;
  /** Where in the input: a JSON path (`layers[2].bias[0]`), `line 12`, an option name; `line:column` when {@link location} is set. */
  readonly path: string | undefined;
  /** The line and column in a text file, when the input is one (VNN-LIB). */
  readonly location: SourceLocation | undefined;
  /** The file the input came from, when there is one. */
  readonly file: string | undefined;
  /** The message without file and path. */
  readonly detail: string;

  constructor(code: InputErrorCode, detail: string, options: InputErrorOptions = {}) {
    super(InputError.render(detail, options.path, options.file, options.location));
    this.code = code;
    this.detail = detail;
    this.location = options.location;
    this.path = options.path ?? (options.location === undefined ? undefined : `${options.location.line}:${options.location.column}`);
    this.file = options.file;
  }

  /** The same error, located in `file` (kept if it already names one). */
  inFile(file: string): InputError {
    if (this.file !== undefined) return this;
    return new InputError(this.code, this.detail, { path: this.path, file, location: this.location });
  }

  /** The same error with `prefix` prepended to its path (for errors raised by nested readers; a location becomes part of the path). */
  under(prefix: string): InputError {
    const path = this.path === undefined ? prefix : joinPath(prefix, this.path);
    return new InputError(this.code, this.detail, { path, file: this.file });
  }

  private static render(detail: string, path?: string, file?: string, location?: SourceLocation): string {
    if (location !== undefined) {
      // `file:line:column: detail`, as compilers print it (editors jump to it).
      const at = `${location.line}:${location.column}`;
      return `${file === undefined || file === '' ? at : `${file}:${at}`}: ${detail}`;
    }
    const where = [file, path].filter((part) => part !== undefined && part !== '').join(': ');
    return where === '' ? detail : `${where}: ${detail}`;
  }
}

/** Joins JSON path segments: `layers[2]` + `bias[0]` → `layers[2].bias[0]`, `a` + `[3]` → `a[3]`. */
export function joinPath(prefix: string, rest: string): string {
  if (prefix === '') return rest;
  if (rest === '') return prefix;
  return rest.startsWith('[') ? `${prefix}${rest}` : `${prefix}.${rest}`;
}

/** Which budget a run exhausted. */
export type Limit = 'timeout' | 'max-regions' | 'max-lps' | 'size' | 'interrupted';

/**
 * A run stopped because it reached a limit the user set (or a hard size limit). Exit code 3.
 * It is not a verdict: whatever partial result exists is stated as partial.
 */
export class LimitReached extends Error {
  override readonly name = 'LimitReached';
  readonly limit: Limit;
  constructor(limit: Limit, message: string) {
    super(message);
    this.limit = limit;
  }
}

/**
 * relucert produced something it must not hand out — an engine answer whose certificate its own
 * checker rejects. Never the user's fault: exit code 4, "please report it". Carries the checker's
 * reason and the JSON path it points at, and the file that was (not) written.
 */
export class InternalError extends Error {
  override readonly name = 'InternalError';
  /** The checker's reason. */
  readonly reason: string;
  /** Where in the certificate the checker found the problem, when it says. */
  readonly path: string | undefined;
  /** The output file that was not written. */
  readonly file: string | undefined;

  constructor(message: string, options: { reason: string; path?: string | undefined; file?: string | undefined }) {
    super(message);
    this.reason = options.reason;
    this.path = options.path;
    this.file = options.file;
  }
}
