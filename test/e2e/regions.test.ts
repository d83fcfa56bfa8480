import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, filesIn, tempDir } from './helpers.js';

const root = resolve(import.meta.dirname, '../..');
const absNet = join(root, 'examples/abs.json');
const demoNet = join(root, 'examples/demo.json');

describe('relucert regions', () => {
  it('counts, certifies and draws', async () => {
    const dir = tempDir();
    const cert = join(dir, 'c.json');
    const svg = join(dir, 'r.svg');
    // demo.json: relu(s), relu(−s) with s = x1 + x2 − 3/10: the line s = 0 cuts the box in 2 regions.
    const r = await cli('regions', demoNet, '--box', '-1:1', '--certificate', cert, '--svg', svg, '--json');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out);
    expect(doc).toMatchObject({ regions: 2, complete: true, domain: { kind: 'box' } });
    expect(Object.keys(doc.stats)).toEqual(expect.arrayContaining(['lps', 'fallbacks', 'seconds']));
    expect((await cli('check', cert)).code).toBe(0);
    expect(readFileSync(svg, 'utf8')).toContain('<polygon');
  });

  it('lists regions with their exact affine maps', async () => {
    const r = await cli('regions', absNet, '--list', '--json');
    const list = JSON.parse(r.out).list;
    expect(list).toHaveLength(2);
    // |x| is −x on x < 0 and x on x > 0.
    const maps = list.map((x: { output: { matrix: string[][] } }) => x.output.matrix[0]![0]).sort();
    expect(maps).toEqual(['-1', '1']);
  });

  it('an empty box: 0 regions with a certificate, not a crash', async () => {
    const dir = tempDir();
    const cert = join(dir, 'c.json');
    const r = await cli('regions', absNet, '--box', '1:1', '--certificate', cert, '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).regions).toBe(0);
    expect((await cli('check', cert)).code).toBe(0);
  });

  it('--max-regions: exit 3, complete false, no certificate', async () => {
    const dir = tempDir();
    const r = await cli('regions', demoNet, '--max-regions', '1', '--certificate', join(dir, 'c.json'), '--json');
    expect(r.code).toBe(3);
    expect(JSON.parse(r.out)).toMatchObject({ regions: 1, complete: false, stoppedBy: 'max-regions' });
    expect(filesIn(dir)).toEqual([]);
  });

  it('bad boxes and domains: exit 2 with a located message', async () => {
    const dir = tempDir();
    const wrongDim = join(dir, 'd.json');
    writeFileSync(wrongDim, JSON.stringify({ format: 'relucert.domain/1', box: [['0', '1']] }));
    const cases: [string[], string][] = [
      [['--box', '1:0'], '--box'],
      [['--box', 'a:1'], '--box'],
      [['--box', '0:1,0:1,0:1'], '--box'],
      [['--box', '0:1', '--domain', wrongDim], '--domain'],
      [['--domain', wrongDim], 'd.json'],
      [['--max-regions', '0'], '--max-regions'],
      [['--timeout', 'x'], '--timeout'],
      [['--svg', join(dir, 'x.svg')], '--svg'],
      [['--box', '0:0', '--svg', join(dir, 'x.svg')], '--svg'],
      [['--box', '0:1,2:2', '--svg', join(dir, 'x.svg')], '--svg'],
    ];
    for (const [args, where] of cases) {
      const r = await cli('regions', demoNet, ...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err, args.join(' ')).toContain(where);
      expect(r.err.trim().split('\n')).toHaveLength(1);
    }
    expect(filesIn(dir)).toEqual(['d.json']);
  });
});

describe('domains without interior points', () => {
  it('a zero row that always holds is dropped; sort, equiv and injective refuse flat domains (exit 2)', async () => {
    const dir = tempDir();
    const zeroRow = join(dir, 'zero-row.json');
    writeFileSync(zeroRow, JSON.stringify({ format: 'relucert.domain/1', constraints: [{ coefficients: ['0'], relation: '<=', rhs: '0' }] }));
    const r = await cli('regions', absNet, '--domain', zeroRow, '--json');
    expect(JSON.parse(r.out).regions).toBe(2); // |x| on all of R
    const id2 = join(dir, 'id2.json');
    writeFileSync(id2, JSON.stringify({ format: 'relucert.network/1', inputs: 2, layers: [{ weights: [['1', '0'], ['0', '1']], bias: ['0', '0'], activation: 'relu' }] }));
    expect((await cli('verify', 'sort', id2, '--box', '5:5,3:3')).code).toBe(2);
    expect((await cli('verify', 'equiv', id2, '--reference', 'sort', '--box', '1:1,0:1')).code).toBe(2);
    const flat = join(dir, 'flat.json');
    writeFileSync(flat, JSON.stringify({ format: 'relucert.domain/1', constraints: [{ coefficients: ['1', '0'], relation: '=', rhs: '-1' }] }));
    expect((await cli('verify', 'injective', id2, '--domain', flat)).code).toBe(2);
  });
});

describe('pictures', () => {
  it('a partial run draws what it found and says PARTIAL and why in the title', async () => {
    const dir = tempDir();
    const svg = join(dir, 'p.svg');
    const r = await cli('regions', join(root, 'proofs/networks/lines-4-generic.json'), '--box', '-2:2', '--max-regions', '4', '--svg', svg, '--json');
    expect(r.code).toBe(3);
    expect(JSON.parse(r.out)).toMatchObject({ regions: 4, complete: false, svg });
    const text = readFileSync(svg, 'utf8');
    expect(text).toContain('PARTIAL, 4 activation regions');
    expect(text).toContain('stopped by max-regions');
    expect(text.match(/<polygon/g)).toHaveLength(4);
  });

  it('neighbouring regions get different fills (four generic lines: a 2-colourable arrangement)', async () => {
    const dir = tempDir();
    const svg = join(dir, 'f.svg');
    const r = await cli('regions', join(root, 'proofs/networks/lines-4-generic.json'), '--box', '-2:2', '--svg', svg);
    expect(r.code).toBe(0);
    const fills = [...readFileSync(svg, 'utf8').matchAll(/<polygon [^>]*fill="([^"]+)"/g)].map((m) => m[1]);
    expect(fills).toHaveLength(11);
    // Greedy colouring in enumeration order; an arrangement of lines needs only two colours,
    // and with more than two the greedy choice would still never repeat a neighbour's.
    expect(new Set(fills).size).toBeGreaterThanOrEqual(2);
  });
});
