/**
 * `relucert complex` and `relucert morse` end to end (in a tiny commander program: the lead wires
 * the commands into the real one): exit codes, JSON shapes, certificates re-checked, pictures.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkCertificate } from '../../../src/checker/index.js';
import { run } from './cli.js';

const nets = resolve(import.meta.dirname, '../../../proofs/networks');
const tmp = (): string => mkdtempSync(join(tmpdir(), 'relucert-complex-'));

describe('relucert complex', () => {
  it('four lines on R^2: f-vector (6, 16, 11), certificate and picture', async () => {
    const dir = tmp();
    const cert = join(dir, 'c.json');
    const svg = join(dir, 'c.svg');
    const r = await run('complex', join(nets, 'lines4.json'), '--json', '--certificate', cert, '--svg', svg);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out);
    expect(doc).toMatchObject({ status: 'generic', fVector: [6, 16, 11], eulerCharacteristic: 1, bettiZ2: [1, 0, 1], unboundedCells: 16 });
    expect(doc.cells).toHaveLength(33);
    expect(doc.cells.find((c: { dim: number }) => c.dim === 2).facets.length).toBeGreaterThan(0);
    expect(checkCertificate(JSON.parse(readFileSync(cert, 'utf8')))).toMatchObject({ valid: true });
    expect(readFileSync(svg, 'utf8')).toContain('<polygon');
  });

  it('text output on a box, --with-output', async () => {
    const r = await run('complex', join(nets, 'morse-saddle.json'), '--box', '-3:3', '--with-output');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/complex {3}generic; f-vector/);
    expect(r.out).toMatch(/output \(1\)/);
  });

  it('a non-generic network: exit 1 with the reasons', async () => {
    const r = await run('complex', join(nets, 'abs-sum.json'), '--box', '-1:1');
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/NOT GENERIC/);
    expect(r.out).toMatch(/identity pair/);
  });

  it('bad input: exit 2; a limit: exit 3', async () => {
    expect((await run('complex', join(nets, 'lines4.json'), '--box', '1:0')).code).toBe(2);
    expect((await run('complex', join(nets, 'lines4.json'), '--box', '1:1')).code).toBe(2);
    expect((await run('complex', join(nets, 'wave1d.json'), '--svg', '/tmp/never.svg')).code).toBe(2);
    expect((await run('complex', join(nets, 'lines4.json'), '--max-vertices', '2')).code).toBe(3);
  });
});

describe('relucert morse', () => {
  it('the saddle example on a box: JSON, certificate, picture', async () => {
    const dir = tmp();
    const cert = join(dir, 'm.json');
    const svg = join(dir, 'm.svg');
    const r = await run('morse', join(nets, 'morse-saddle.json'), '--box', '-1:1', '--json', '--certificate', cert, '--svg', svg);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out);
    expect(doc.critical.find((c: { point: string[] }) => c.point.join(',') === '0,0')).toMatchObject({ index: 1, value: '10', interior: true });
    expect(doc.discreteGradient).toMatchObject({ criticalCells: [2, 1, 0], acyclic: true });
    expect(checkCertificate(JSON.parse(readFileSync(cert, 'utf8')))).toMatchObject({ valid: true, property: 'morse' });
    expect(readFileSync(svg, 'utf8')).toContain('saddle');
  });

  it('text output on R^1 and a non-generic net', async () => {
    const r = await run('morse', join(nets, 'wave1d.json'), '--box', '-1:5');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/index 1 maximum {3}\(1\)/);
    const bad = await run('morse', join(nets, 'abs-sum.json'));
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/NOT GENERIC/);
  });

  it('a network with two outputs: exit 2', async () => {
    const dir = tmp();
    const file = join(dir, 'two.json');
    writeFileSync(file, JSON.stringify({ format: 'relucert.network/1', inputs: 2, layers: [{ weights: [['1', '0'], ['0', '1']], bias: ['0', '0'], activation: 'identity' }] }));
    const r = await run('morse', file);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/2 outputs/);
  });
});
