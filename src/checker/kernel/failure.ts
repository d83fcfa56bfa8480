/**
 * How a check fails: a located {@link CheckFailure}, or a {@link SizeLimitFailure} when a
 * certificate exceeds one of the checker's documented size limits. Caught by checkCertificate.
 */

/** A problem found while checking, located by a JSON path. */
export class CheckFailure extends Error {
  override readonly name: string = 'CheckFailure';
  readonly path: string | undefined;
  constructor(reason: string, path?: string) {
    super(reason);
    this.path = path;
  }
}

/**
 * A certificate refused because it exceeds one of the checker's documented size limits (not
 * because its mathematics is wrong). A producer that meets it has made a certificate too large to
 * check, which is a reached limit, not a bug (see the self-check gate in certificates/write.ts).
 */
export class SizeLimitFailure extends CheckFailure {
  override readonly name = 'SizeLimitFailure';
}

/** Throws a {@link SizeLimitFailure} unless `condition` holds. */
export function demandWithinLimit(condition: boolean, reason: string, path?: string): asserts condition {
  if (!condition) throw new SizeLimitFailure(reason, path);
}

/** Throws a {@link CheckFailure} unless `condition` holds. */
export function demand(condition: boolean, reason: string, path?: string): asserts condition {
  if (!condition) throw new CheckFailure(reason, path);
}

/** Runs `check`, locating at `path` a failure raised without a location (a size limit deep in the arithmetic). */
export function located<T>(path: string, check: () => T): T {
  try {
    return check();
  } catch (e) {
    if (e instanceof CheckFailure && e.path === undefined) throw e instanceof SizeLimitFailure ? new SizeLimitFailure(e.message, path) : new CheckFailure(e.message, path);
    throw e;
  }
}
