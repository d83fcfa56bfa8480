/**
 * The checker's trusted base stays small: src/checker/*.ts may import only the exact core, the
 * network model, the errors module, the format definition, node built-ins, zod and fraction.js.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const CHECKER = join(import.meta.dirname, '../../src/checker');
const ALLOWED = [/^\.\/[\w-]+\.js$/, /^\.\.\/exact\/[\w-]+\.js$/, /^\.\.\/network\/[\w-]+\.js$/, /^\.\.\/errors\.js$/, /^\.\.\/certificates\/schema\.js$/, /^node:/, /^zod$/, /^fraction\.js$/];

/** Every module specifier of import/export-from statements and dynamic imports in a source text. */
export function importSpecifiers(source: string): string[] {
  const specs: string[] = [];
  const patterns = [/\b(?:import|export)\b[^'";]*?\bfrom\s*['"]([^'"]+)['"]/g, /\bimport\s*['"]([^'"]+)['"]/g, /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g];
  for (const re of patterns) for (const m of source.matchAll(re)) specs.push(m[1] as string);
  return specs;
}

describe('checker independence', () => {
  it('the specifier scanner sees every import form', () => {
    const sample = `import a from 'x';\nimport { b,\n c } from "../polyhedra/system.js";\nimport type { T } from '../formats/json.js';\nexport { d } from './e.js';\nimport 'side-effect';\nconst m = await import('../solvers/glpk.js');`;
    expect(importSpecifiers(sample)).toEqual(['x', '../polyhedra/system.js', '../formats/json.js', './e.js', 'side-effect', '../solvers/glpk.js']);
  });

  it('src/checker imports only exact/, network/, errors, the schema, node built-ins, zod and fraction.js', () => {
    const files = readdirSync(CHECKER).filter((f) => f.endsWith('.ts'));
    expect(files.length).toBeGreaterThanOrEqual(6);
    const bad: string[] = [];
    for (const f of files) {
      for (const spec of importSpecifiers(readFileSync(join(CHECKER, f), 'utf8'))) {
        if (!ALLOWED.some((re) => re.test(spec))) bad.push(`${f}: ${spec}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('transitively, the checker reaches only files of the trusted base', () => {
    const src = resolve(CHECKER, '..');
    const seen = new Set<string>();
    const queue = readdirSync(CHECKER).filter((f) => f.endsWith('.ts')).map((f) => join(CHECKER, f));
    while (queue.length > 0) {
      const file = queue.pop() as string;
      if (seen.has(file)) continue;
      seen.add(file);
      for (const spec of importSpecifiers(readFileSync(file, 'utf8'))) {
        if (spec.startsWith('.')) queue.push(resolve(dirname(file), spec.replace(/\.js$/, '.ts')));
      }
    }
    const outside = [...seen].map((f) => relative(src, f)).filter((f) => !/^(checker|exact|network)\/|^errors\.ts$|^certificates\/schema\.ts$/.test(f));
    expect(outside).toEqual([]);
  });

  it('the format definition itself imports only node built-ins, zod and the checker\'s spec schema part', () => {
    const specs = importSpecifiers(readFileSync(join(CHECKER, '../certificates/schema.ts'), 'utf8'));
    expect(specs.filter((s) => !/^node:|^zod$|^\.\.\/checker\/specSchema\.js$/.test(s))).toEqual([]);
    expect(importSpecifiers(readFileSync(join(CHECKER, 'specSchema.ts'), 'utf8'))).toEqual(['zod']);
  });
});
