/**
 * Every engine's limit check reads the interrupt flag (src/stopCondition.ts): with the flag set
 * before the run, each command stops at its first check and says it was interrupted, with exit
 * 130. In-process and deterministic (the signal itself is tested on the real process in
 * test/e2e/interrupt.test.ts).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createInterruptBuffer, installInterruptFlag, requestInterrupt } from '../../src/stopCondition.js';
import { cli, tempDir } from '../e2e/helpers.js';

const root = resolve(import.meta.dirname, '../..');
const net = (name: string): string => join(root, 'proofs/networks', name);
const example = (name: string): string => join(root, 'examples', name);

function interruptNow(): void {
  const buffer = createInterruptBuffer();
  installInterruptFlag(buffer);
  requestInterrupt(buffer);
}

afterEach(() => installInterruptFlag(undefined));

describe('an interrupt stops every engine at its next limit check', () => {
  const cases: [string, string[], RegExp][] = [
    ['regions', ['regions', example('demo.json')], /PARTIAL: interrupted/],
    ['regions --workers 2', ['regions', net('lines4.json'), '--workers', '2', '--json'], /"stoppedBy": "interrupted"/],
    ['verify sort', ['verify', 'sort', net('sort2.json')], /UNKNOWN: the region enumeration stopped \(interrupted\)/],
    ['verify equiv', ['verify', 'equiv', net('max2.json'), '--reference', 'max'], /UNKNOWN: the region enumeration of A stopped \(interrupted\)/],
    ['verify injective (FGS search)', ['verify', 'injective', net('inj-plus-minus-2.json')], /interrupted: the injectivity search stopped/],
    ['verify injective (cells)', ['verify', 'injective', net('inj-plus-minus-2.json'), '--method', 'cells'], /interrupted: the cell enumeration stopped/],
    ['complex', ['complex', net('lines4.json')], /interrupted: the vertex walk was interrupted/],
    ['morse', ['morse', net('morse-saddle.json'), '--box', '-1:1'], /interrupted: the vertex walk was interrupted/],
    ['train-optimal', ['train-optimal', example('xor.csv'), '--width', '2', '--loss', 'l1'], /unknown: the run was interrupted before the optimum was proven/],
    ['experiment injectivity', ['experiment', 'injectivity', '--n', '2', '--alpha', '2:2:1', '--trials', '1'], /relucert: interrupted: /],
  ];
  for (const [name, argv, says] of cases) {
    it(name, async () => {
      interruptNow();
      const r = await cli(...argv);
      expect(r.code, r.err).toBe(130);
      expect(r.out + r.err).toMatch(says);
    });
  }

  it('verify optimal', async () => {
    const dir = tempDir();
    const trained = join(dir, 'xor.json');
    expect((await cli('train-optimal', example('xor.csv'), '--width', '2', '--loss', 'l1', '-o', trained)).code).toBe(0);
    interruptNow();
    const r = await cli('verify', 'optimal', trained, example('xor.csv'), '--loss', 'l1');
    expect(r.code).toBe(130);
    expect(r.out).toContain('unknown: the run was interrupted');
    expect(r.out).toContain(`${trained}'s exact l1 loss`);
  });

  it('without the flag the same commands finish (the flag, not the inputs, stopped them)', async () => {
    const r = await cli('regions', example('demo.json'));
    expect(r.code).toBe(0);
    expect(r.out).not.toContain('PARTIAL');
  });
});

describe('an interrupt and output files', () => {
  it('a run that no engine stopped writes nothing: the write itself is interrupted (exit 130, no file, no temporary file)', async () => {
    const dir = tempDir();
    interruptNow();
    // build has no limit checks: the interrupt is first seen by the writer.
    const r = await cli('build', 'sorter', '--n', '4', '-o', join(dir, 's.json'));
    expect(r.code).toBe(130);
    expect(r.err).toContain(`interrupted while writing ${join(dir, 's.json')}; it was not written`);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a run an engine stopped still writes its partial output (the picture of what was found), then exits 130', async () => {
    const dir = tempDir();
    interruptNow();
    const svg = join(dir, 'r.svg');
    const r = await cli('regions', example('demo.json'), '--box', '-1:1', '--svg', svg, '--certificate', join(dir, 'c.json'));
    expect(r.code).toBe(130);
    expect(r.out).toContain('PARTIAL: interrupted');
    expect(r.err).toContain('no certificate written: the enumeration is partial (interrupted)');
    expect(readdirSync(dir)).toEqual(['r.svg']);
    expect(readFileSync(svg, 'utf8')).toContain('interrupted');
  });
});
