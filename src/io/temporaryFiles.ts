/**
 * The temporary files an atomic write has open, by path. A run killed in the middle of a write
 * (a second Ctrl-C, a thread that does not stop in time) cannot remove its own temporary file;
 * the CLI's supervisor listens here (through its worker thread) and removes what is left.
 */

/** Told when a temporary file is about to be created (`true`) and when it is gone (`false`). */
export type TemporaryFileListener = (path: string, exists: boolean) => void;

let listener: TemporaryFileListener | undefined;

/** Installs the listener (one at a time; undefined removes it). */
export function onTemporaryFiles(next: TemporaryFileListener | undefined): void {
  listener = next;
}

/** Called before the file is created, so that no moment exists where it is there unannounced. */
export function announceTemporaryFile(path: string): void {
  listener?.(path, true);
}

/** Called once the file is renamed into place or removed. */
export function retireTemporaryFile(path: string): void {
  listener?.(path, false);
}
