/**
 * The checker's trusted base stays small and apart from the engine. From src/checker/index.ts the
 * transitive imports may reach only src/checker/** (its kernel, schema and property modules), the
 * network model, its canonical hash and JSON reader, the exact-number parsing those use, and the
 * errors module — never the engine's compiled networks, evaluators, affine maps, search, LP,
 * bounds or property code. The kernel (src/checker/kernel) imports nothing outside itself. The
 * closure's size is held under a stated budget (docs/certificates.md, "Trusted base").
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(import.meta.dirname, '../../src');
const CHECKER = join(SRC, 'checker');
const KERNEL = join(CHECKER, 'kernel');

/** Files of src/ the checker may reach, besides src/checker/** (paths relative to src/). */
const ALLOWED_OUTSIDE = ['network/model.ts', 'network/hash.ts', 'network/json.ts', 'exact/rational.ts', 'exact/integer.ts', 'errors.ts'];
/** Packages the closure may import. */
const ALLOWED_PACKAGES = [/^node:/, /^zod$/, /^fraction\.js$/];
/**
 * Non-blank lines of the closure: 5 721 before issue 12 (29 files), 4 948 after it (43 files:
 * kernel, schema parts, plug-in registry; the issue required fewer than 5 000). The `spec`
 * property (issue 13) adds 1 270: its schema part, its check (spec.ts) and the two leaf-bound
 * functions it recomputes every leaf with (leafExact.ts, leafRigorous.ts, leafNetwork.ts) — 6 218
 * in all; the multipliers β of phase splits (read in spec.ts, applied in both leaf functions)
 * and the refusal of a shard's partial certificate 97 more, 6 315. Raise it only with a reason (and update docs/certificates.md, "Trusted base").
 */
const LINE_BUDGET = 6_350;

/** Every module specifier of import/export-from statements and dynamic imports in a source text. */
export function importSpecifiers(source: string): string[] {
  const specs: string[] = [];
  const patterns = [/\b(?:import|export)\b[^'";]*?\bfrom\s*['"]([^'"]+)['"]/g, /\bimport\s*['"]([^'"]+)['"]/g, /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g];
  for (const re of patterns) for (const m of source.matchAll(re)) specs.push(m[1] as string);
  return specs;
}

/** The .ts file a relative specifier names. */
function target(from: string, spec: string): string {
  return resolve(dirname(from), spec.replace(/\.js$/, '.ts'));
}

/** The transitive closure of relative imports from `start`, and every package specifier met. */
function closure(start: string): { files: string[]; packages: string[] } {
  const seen = new Set<string>();
  const packages = new Set<string>();
  const queue = [start];
  while (queue.length > 0) {
    const file = queue.pop() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const spec of importSpecifiers(readFileSync(file, 'utf8'))) {
      if (spec.startsWith('.')) queue.push(target(file, spec));
      else packages.add(spec);
    }
  }
  return { files: [...seen].sort(), packages: [...packages].sort() };
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? tsFiles(p) : f.endsWith('.ts') ? [p] : [];
  });
}

const nonBlank = (file: string): number => readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '').length;

describe('checker independence', () => {
  it('the specifier scanner sees every import form', () => {
    const sample = `import a from 'x';\nimport { b,\n c } from "../polyhedra/system.js";\nimport type { T } from '../formats/json.js';\nexport { d } from './e.js';\nimport 'side-effect';\nconst m = await import('../solvers/glpk.js');`;
    expect(importSpecifiers(sample)).toEqual(['x', '../polyhedra/system.js', '../formats/json.js', './e.js', 'side-effect', '../solvers/glpk.js']);
  });

  it('the closure finds an engine import planted in a checker file (the test can fail)', () => {
    const planted = importSpecifiers(`import { compileNetwork } from '../network/compiled.js';`).map((s) => relative(SRC, target(join(CHECKER, 'sort.ts'), s)));
    expect(planted).toEqual(['network/compiled.ts']);
    expect(ALLOWED_OUTSIDE).not.toContain(planted[0]);
  });

  it('from src/checker/index.ts the checker reaches only the trusted base', () => {
    const { files, packages } = closure(join(CHECKER, 'index.ts'));
    const outside = files.map((f) => relative(SRC, f)).filter((f) => !f.startsWith('checker/') && !ALLOWED_OUTSIDE.includes(f));
    expect(outside).toEqual([]);
    expect(packages.filter((p) => !ALLOWED_PACKAGES.some((re) => re.test(p)))).toEqual([]);
  });

  it('every module under src/checker reaches only the trusted base (no module is left outside the closure rule)', () => {
    const bad: string[] = [];
    for (const file of tsFiles(CHECKER)) {
      const { files, packages } = closure(file);
      for (const f of files.map((g) => relative(SRC, g))) if (!f.startsWith('checker/') && !ALLOWED_OUTSIDE.includes(f)) bad.push(`${relative(SRC, file)} → ${f}`);
      for (const p of packages) if (!ALLOWED_PACKAGES.some((re) => re.test(p))) bad.push(`${relative(SRC, file)} → ${p}`);
    }
    expect([...new Set(bad)]).toEqual([]);
  });

  it(`the closure has at most ${LINE_BUDGET} non-blank lines`, () => {
    const { files } = closure(join(CHECKER, 'index.ts'));
    const lines = files.reduce((s, f) => s + nonBlank(f), 0);
    expect(files.length).toBeGreaterThan(10);
    expect(lines).toBeLessThanOrEqual(LINE_BUDGET);
  });

  it('src/checker/kernel imports nothing outside the kernel (no package either)', () => {
    const files = tsFiles(KERNEL);
    expect(files.length).toBeGreaterThanOrEqual(5);
    const bad: string[] = [];
    for (const file of files) {
      for (const spec of importSpecifiers(readFileSync(file, 'utf8'))) {
        if (!spec.startsWith('./') || !target(file, spec).startsWith(KERNEL + '/')) bad.push(`${relative(SRC, file)}: ${spec}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('the format definition (src/checker/schema) imports only node built-ins, zod, itself and the kernel', () => {
    const dir = join(CHECKER, 'schema');
    const bad: string[] = [];
    for (const file of tsFiles(dir)) {
      for (const spec of importSpecifiers(readFileSync(file, 'utf8'))) {
        const inside = spec.startsWith('.') && (target(file, spec).startsWith(dir + '/') || target(file, spec).startsWith(KERNEL + '/'));
        if (!inside && !/^node:|^zod$/.test(spec)) bad.push(`${relative(SRC, file)}: ${spec}`);
      }
    }
    expect(tsFiles(dir).length).toBeGreaterThanOrEqual(12);
    expect(bad).toEqual([]);
  });

  it('the format has one home: no copy or re-export of it outside src/checker/schema', () => {
    expect(existsSync(join(SRC, 'certificates/schema.ts'))).toBe(false);
  });
});
