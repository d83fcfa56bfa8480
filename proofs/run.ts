/**
 * `npm run proofs [-- --tier N] [--regenerate | --compare] [--only ID] [--write-schema]`
 *
 * Default: checks every committed certificate of tier ≤ N (default 0) with the independent
 * checker. `--regenerate` reruns the engine's producer for each selected entry (all tiers unless
 * --tier is given), fails if a verdict changed, and rewrites the certificates atomically.
 * `--compare` reruns the producers likewise but writes nothing: it fails for every certificate
 * that differs from the committed one in anything but its timings.
 * `--write-schema` regenerates schemas/certificate.schema.json from the zod definition.
 * Exit code 0 when everything passed, 1 otherwise, 2 for a bad argument.
 */
import { join } from 'node:path';
import { certificateJsonSchema } from '../src/checker/schema/index.js';
import { writeFileAtomic } from '../src/io/files.js';
import { checkEntry, compareEntry, loadManifest, proofsDir, regenerateEntry } from './suite.js';

function main(argv: readonly string[]): number {
  let tier: number | undefined;
  let regenerate = false;
  let compare = false;
  let writeSchema = false;
  const only: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--tier') {
      tier = Number(argv[++i]);
      if (!Number.isInteger(tier) || tier < 0) {
        console.error(`relucert proofs: --tier needs a nonnegative integer, got ${argv[i]}`);
        return 2;
      }
    } else if (a === '--regenerate') regenerate = true;
    else if (a === '--compare') compare = true;
    else if (a === '--write-schema') writeSchema = true;
    else if (a === '--only') only.push(argv[++i] ?? '');
    else {
      console.error(`relucert proofs: unknown argument ${a} (expected --tier N, --regenerate, --compare, --only ID, --write-schema)`);
      return 2;
    }
  }
  const dir = proofsDir();
  if (writeSchema) {
    const file = join(dir, '..', 'schemas', 'certificate.schema.json');
    writeFileAtomic(file, `${JSON.stringify(certificateJsonSchema(), null, 2)}\n`);
    console.log(`wrote ${file}`);
    if (!regenerate && tier === undefined && only.length === 0) return 0;
  }
  if (regenerate && compare) {
    console.error('relucert proofs: --regenerate and --compare exclude each other');
    return 2;
  }
  const maxTier = tier ?? (regenerate || compare ? Number.POSITIVE_INFINITY : 0);
  const entries = loadManifest(dir).filter((e) => e.tier <= maxTier && (only.length === 0 || only.includes(e.id)));
  let failed = 0;
  const started = Date.now();
  for (const entry of entries) {
    const t0 = Date.now();
    const outcome = regenerate ? regenerateEntry(dir, entry) : compare ? compareEntry(dir, entry) : checkEntry(dir, entry);
    if (!outcome.ok) failed++;
    console.log(`${outcome.ok ? 'ok  ' : 'FAIL'} [tier ${entry.tier}] ${entry.id} (${Date.now() - t0} ms): ${outcome.message}`);
  }
  console.log(`${entries.length - failed}/${entries.length} proofs ${regenerate ? 'regenerated' : compare ? 'compared' : 'checked'} in ${Date.now() - started} ms`);
  return failed === 0 ? 0 : 1;
}

process.exitCode = main(process.argv.slice(2));
