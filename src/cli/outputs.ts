/**
 * Output files named on the command line: `-` is standard output (src/io/outputTarget.ts).
 */
import type { WriteNetworkOptions } from '../formats/index.js';

/** A network written to `-` has no extension to take its format from: it is relucert.network/1 JSON unless `--to` says otherwise. */
export function networkOutputOptions(path: string, options: WriteNetworkOptions = {}): WriteNetworkOptions {
  return path === '-' && options.format === undefined ? { ...options, format: 'json' } : options;
}

/** The report line for a written certificate, with the command that re-checks it (`extra`: more arguments of that command). */
export function certificateLine(path: string, extra = ''): string {
  if (path === '-') return `certificate written to standard output (save it to FILE, then re-check with: relucert check FILE${extra})\n`;
  return `certificate ${path} (re-check with: relucert check ${path}${extra})\n`;
}
