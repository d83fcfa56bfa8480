/**
 * Domain files (relucert.domain/1): a box and constraints together mean their intersection, and
 * keys the format does not define are refused, naming the key. Known answers come from the demo
 * network y = 10^18 · |x1 + x2 − 3/10|, whose only kink is the line x1 + x2 = 3/10: a domain
 * with interior points on both sides of it has 2 regions, on one side 1, an empty one 0.
 */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readDomainFile } from '../../src/regions/domain.js';
import { cli, tempDir } from '../e2e/helpers.js';

const demoNet = join(resolve(import.meta.dirname, '../..'), 'examples/demo.json');
const unitBox = [
  ['0', '1'],
  ['0', '1'],
];

function domainFile(doc: unknown): string {
  const file = join(tempDir(), 'domain.json');
  writeFileSync(file, JSON.stringify(doc));
  return file;
}

const row = (coefficients: string[], relation: string, rhs: string): Record<string, unknown> => ({ coefficients, relation, rhs });

describe('a box and constraints: the intersection', () => {
  const cases: [string, Record<string, unknown>[], number][] = [
    ['x1 ≤ −5 misses the box', [row(['1', '0'], '<=', '-5')], 0],
    ['x1 + x2 ≤ 1/5 keeps one side of the kink', [row(['1', '1'], '<=', '1/5')], 1],
    ['x1 + x2 ≥ 1/5 keeps both sides', [row(['1', '1'], '>=', '1/5')], 2],
    ['the box alone', [], 2],
  ];
  for (const [name, constraints, regions] of cases) {
    it(`${name}: ${regions} region${regions === 1 ? '' : 's'}, with a certificate the checker accepts`, async () => {
      const dir = tempDir();
      const file = domainFile({ format: 'relucert.domain/1', box: unitBox, constraints });
      const cert = join(dir, 'c.json');
      const r = await cli('regions', demoNet, '--domain', file, '--certificate', cert, '--json');
      expect(r.code, r.err).toBe(0);
      expect(JSON.parse(r.out).regions).toBe(regions);
      expect((await cli('check', cert)).code).toBe(0);
    });
  }

  it('the rows: the box (lower bounds, then upper bounds) followed by the constraints', () => {
    const file = domainFile({ format: 'relucert.domain/1', box: [['-1', '2'], ['3', '4']], constraints: [row(['1', '1'], '>=', '1/5')] });
    const domain = readDomainFile(file, 2);
    expect(domain.kind).toBe('polytope');
    if (domain.kind !== 'polytope') return;
    const rows = domain.system.constraints.map((c) => `${c.coefficients.map((v) => v.toFraction()).join(' ')} ${c.relation} ${c.rhs.toFraction()}`);
    expect(rows).toEqual(['-1 0 <= 1', '0 -1 <= -3', '1 0 <= 2', '0 1 <= 4', '-1 -1 <= -1/5']);
  });
});

describe('unknown keys are refused, naming the key', () => {
  const cases: [string, Record<string, unknown>, string][] = [
    ['a misspelt key', { format: 'relucert.domain/1', box: unitBox, constraint: [] }, 'constraint: unknown key "constraint"'],
    ['a key inside a constraint', { format: 'relucert.domain/1', constraints: [{ ...row(['1', '0'], '<=', '1'), rsh: '2' }] }, 'constraints[0].rsh: unknown key "rsh"'],
  ];
  for (const [name, doc, says] of cases) {
    it(name, async () => {
      const file = domainFile(doc);
      const r = await cli('regions', demoNet, '--domain', file);
      expect(r.code).toBe(2);
      expect(r.err).toContain(`relucert: ${file}: ${says}`);
      expect(r.err.trim().split('\n')).toHaveLength(1);
      expect(r.out).toBe('');
    });
  }

  it('neither box nor constraints', async () => {
    const r = await cli('regions', demoNet, '--domain', domainFile({ format: 'relucert.domain/1' }));
    expect(r.code).toBe(2);
    expect(r.err).toContain('expected "box", "constraints" or both');
  });
});
