/**
 * docs/cluster.md's job scripts, run here as a cluster would run them: the SLURM array script
 * once per array task (SLURM_ARRAY_TASK_ID = 1..K) and the Kubernetes Indexed Job's container
 * command once per completion index (JOB_COMPLETION_INDEX = 0..K−1), each a separate process of the
 * built CLI; then `relucert merge`. The merged certificate is byte for byte that of one
 * `verify spec` run with the same split rule, and `check` accepts it (and refuses a part alone).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { maxNetwork } from '../../src/construct/constructions.js';
import { canonicalNetworkText } from '../../src/network/json.js';
import { tempDir } from './helpers.js';

const root = resolve(import.meta.dirname, '../..');
const bin = join(root, 'dist/src/cli/main.js');
const relucert = `${process.execPath} ${bin}`;

/** max(x_1..x_5) ≥ x_3 − 1/10^9 on [−1, 2]^5 (known to hold): a tree the phase rule deals into 48 subtrees. */
function instance(dir: string): { net: string; prop: string } {
  const net = join(dir, 'max5.json');
  writeFileSync(net, canonicalNetworkText(maxNetwork(5), 'all'));
  const prop = join(dir, 'max5.vnnlib');
  writeFileSync(
    prop,
    [
      ...Array.from({ length: 5 }, (_, i) => `(declare-const X_${i} Real)`),
      '(declare-const Y_0 Real)',
      ...Array.from({ length: 5 }, (_, i) => `(assert (>= X_${i} -1))\n(assert (<= X_${i} 2))`),
      '(assert (<= Y_0 (- X_2 0.000000001)))',
    ].join('\n'),
  );
  return { net, prop };
}

function single(dir: string, net: string, prop: string): string {
  const cert = join(dir, 'single.json');
  execFileSync(process.execPath, [bin, 'verify', 'spec', net, prop, '--split', 'phase', '--certificate', cert], { cwd: dir });
  return readFileSync(cert, 'utf8');
}

function mergeParts(dir: string, out: string): { code: number | null; text: string } {
  const parts = readdirSync(join(dir, 'parts')).map((f) => join(dir, 'parts', f));
  const r = spawnSync(process.execPath, [bin, 'merge', ...parts, '-o', out], { cwd: dir, encoding: 'utf8' });
  return { code: r.status, text: r.stdout + r.stderr };
}

describe('docs/cluster: job scripts run locally, one process per shard, then merged', () => {
  it('the SLURM array script (K = 3)', () => {
    const dir = tempDir();
    const { net, prop } = instance(dir);
    const script = join(root, 'docs/cluster/relucert-shards.slurm');
    expect(readFileSync(script, 'utf8')).toMatch(/#SBATCH --array=1-4/);
    for (let i = 1; i <= 3; i++) {
      const env = { ...process.env, SLURM_ARRAY_TASK_ID: String(i), K: '3', NET: net, PROP: prop, OUT: 'parts', SPLIT: 'phase', RELUCERT: relucert };
      const r = spawnSync('bash', [script], { cwd: dir, env, encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
    }
    const merged = mergeParts(dir, join(dir, 'cert.json'));
    expect(merged.code, merged.text).toBe(0);
    expect(readFileSync(join(dir, 'cert.json'), 'utf8')).toBe(single(dir, net, prop));
    const check = spawnSync(process.execPath, [bin, 'check', join(dir, 'cert.json')], { encoding: 'utf8' });
    expect(check.status).toBe(0);
    const part = spawnSync(process.execPath, [bin, 'check', join(dir, 'parts', 'part-1.json')], { encoding: 'utf8' });
    // A part is not a certificate: a usage mistake (exit 2) that names `merge`.
    expect(part.status).toBe(2);
    expect(part.stderr).toMatch(/partial certificate.*relucert merge/);
  });

  it('the Kubernetes Indexed Job (K = 2): its container command per completion index', () => {
    const dir = tempDir();
    const { net, prop } = instance(dir);
    const manifest = readFileSync(join(root, 'docs/cluster/relucert-shards.yaml'), 'utf8');
    expect(manifest).toMatch(/completionMode: Indexed/);
    const completions = Number(/completions: (\d+)/.exec(manifest)?.[1]);
    expect(manifest).toMatch(new RegExp(`name: K\\n\\s+value: "${completions}"`));
    const command = /args:\n\s+- '(.*)'\n/.exec(manifest)?.[1];
    expect(command).toBeDefined();
    for (let index = 0; index < 2; index++) {
      const env = { ...process.env, JOB_COMPLETION_INDEX: String(index), K: '2', NET: net, PROP: prop, OUT: join(dir, 'parts'), SPLIT: 'phase', RELUCERT: relucert };
      const r = spawnSync('bash', ['-c', command as string], { cwd: dir, env, encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
    }
    // A part missing: named, nothing written.
    const one = spawnSync(process.execPath, [bin, 'merge', join(dir, 'parts', 'part-1.json'), '-o', join(dir, 'partial.json')], { encoding: 'utf8' });
    expect(one.status).toBe(2);
    expect(one.stderr).toMatch(/part 2\/2 missing/);
    const merged = mergeParts(dir, join(dir, 'cert.json'));
    expect(merged.code, merged.text).toBe(0);
    expect(readFileSync(join(dir, 'cert.json'), 'utf8')).toBe(single(dir, net, prop));
  });
});
