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

/** Bad input: a file, a field or an argument that is not what was expected. Exit code 2. */
export class InputError extends Error {
  override readonly name = 'InputError';
  /** What kind of problem this is. */
  readonly code: InputErrorCode;
  /** Where in the input: a JSON path (`layers[2].bias[0]`), `line 12`, an option name. */
  readonly path: string | undefined;
  /** The file the input came from, when there is one. */
  readonly file: string | undefined;
  /** The message without file and path. */
  readonly detail: string;

  constructor(code: InputErrorCode, detail: string, options: { path?: string; file?: string } = {}) {
    super(InputError.render(detail, options.path, options.file));
    this.code = code;
    this.detail = detail;
    this.path = options.path;
    this.file = options.file;
  }

  /** The same error, located in `file` (kept if it already names one). */
  inFile(file: string): InputError {
    if (this.file !== undefined) return this;
    return new InputError(this.code, this.detail, { path: this.path, file });
  }

  /** The same error with `prefix` prepended to its path (for errors raised by nested readers). */
  under(prefix: string): InputError {
    const path = this.path === undefined ? prefix : joinPath(prefix, this.path);
    return new InputError(this.code, this.detail, { path, file: this.file });
  }

  private static render(detail: string, path?: string, file?: string): string {
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
