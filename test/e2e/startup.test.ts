/**
 * Start-up of the real process: `relucert verify spec` on a JSON network without --certificate
 * imports neither the checker's schemas (zod) nor the ONNX bindings nor any other command's
 * modules (src/cli/program.ts, docs/cli.md). The modules are recorded by a preloaded hook
 * (fixtures/recordModules.mjs); the same run with --certificate shows that the recorder sees the
 * modules it must (zod is loaded then, for the self-check of the certificate).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from './helpers.js';
import { BIN, binMissing } from './spawn.js';

const root = resolve(import.meta.dirname, '../..');
const recorder = join(import.meta.dirname, 'fixtures', 'recordModules.mjs');
const missing = binMissing();
if (missing !== undefined) console.log(`skipping the start-up tests: ${missing}`);

/** Runs `relucert …args` and returns the URLs of the ES modules it loaded (package paths relative to node_modules). */
function modulesLoaded(args: readonly string[]): string[] {
  const record = join(tempDir(), 'modules.txt');
  execFileSync(process.execPath, ['--import', recorder, BIN, ...args], { cwd: root, env: { ...process.env, RELUCERT_RECORD_MODULES: record }, stdio: 'pipe' });
  return readFileSync(record, 'utf8').split('\n').filter((line) => line !== '');
}

const packages = (urls: readonly string[]): Set<string> =>
  new Set(urls.flatMap((url) => [...url.matchAll(/\/node_modules\/((?:@[^/]+\/)?[^/]+)\//g)].map((m) => m[1] as string)));

describe.skipIf(missing !== undefined)('start-up', () => {
  const spec = ['verify', 'spec', 'examples/abs.json', 'examples/abs-positive.vnnlib'];

  it('verify spec without --certificate loads neither zod, onnx-proto nor other commands', () => {
    const urls = modulesLoaded(spec);
    expect(urls.some((url) => url.endsWith('/cli/commands/verifySpec.js'))).toBe(true);
    const loaded = packages(urls);
    for (const heavy of ['zod', 'onnx-proto', 'protobufjs']) expect(loaded.has(heavy)).toBe(false);
    const commands = urls.filter((url) => url.includes('/cli/commands/')).map((url) => url.replace(/.*\/cli\/commands\//, ''));
    expect(commands.sort()).toEqual(['verify.js', 'verifySpec.js']);
  });

  it('verify spec with --certificate loads zod (the certificate is checked before it is written)', () => {
    const urls = modulesLoaded([...spec, '--certificate', join(tempDir(), 'cert.json')]);
    expect(packages(urls).has('zod')).toBe(true);
  });
});
