/**
 * The folder relucert is installed in (where package.json, examples/ and proofs/ are), found
 * from this module's own location so that it works from src/ (tests) and dist/src/ (the bin).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

/** The absolute path of the relucert package folder. */
export function packageRoot(): string {
  if (cached !== undefined) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'relucert') {
      cached = dir;
      return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the relucert package folder');
    dir = parent;
  }
}

/** Path of a bundled example network. */
export function examplePath(name: string): string {
  return join(packageRoot(), 'examples', name);
}
