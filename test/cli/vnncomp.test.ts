/**
 * `relucert vnncomp` end to end, in-process: a batch over the bundled |x| examples (verdicts from
 * mathematics: |x| >= 1/1000 on [1/100, 1] holds; |x| <= 0 on [-1, 1] is violated at x = 0 exactly),
 * result files and certificates, resuming, --expected (a wrong answer exits 1), bad rows (exit 2
 * naming file:line before anything runs), and the shared test_* instances against VNN-COMP 2021.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkCertificate } from '../../src/checker/index.js';
import { instanceStem } from '../../src/specification/instances.js';
import { cli, filesIn, tempDir } from '../e2e/helpers.js';
import { SHARED_DATA_DIR, describeWithSharedData } from '../support/sharedData.js';

const examples = resolve(import.meta.dirname, '../../examples');
const list = join(examples, 'instances.csv');
const sat = 'sat\n((X_0 0.0)\n (Y_0 0.0))\n';

describe('relucert vnncomp', () => {
  it('names result files NETWORK__PROPERTY from the file stems', () => {
    expect(instanceStem('onnx/ACASXU_run2a_1_1_batch_2000.onnx', 'vnnlib/prop_1.vnnlib')).toBe('ACASXU_run2a_1_1_batch_2000__prop_1');
  });

  it('decides the bundled instances: result files, certificates the checker accepts, exit 0', async () => {
    const dir = join(tempDir(), 'results'); // created by the command
    const r = await cli('vnncomp', list, '--results-dir', dir, '--certificates');
    expect(r.code).toBe(0);
    expect(filesIn(dir)).toEqual(['abs__abs-positive.cert.json', 'abs__abs-positive.txt', 'abs__abs-touching.cert.json', 'abs__abs-touching.txt']);
    expect(readFileSync(join(dir, 'abs__abs-positive.txt'), 'utf8')).toBe('unsat\n');
    expect(readFileSync(join(dir, 'abs__abs-touching.txt'), 'utf8')).toBe(sat);
    for (const [stem, verdict] of [['abs__abs-positive', 'holds'], ['abs__abs-touching', 'violated']] as const) {
      expect(checkCertificate(JSON.parse(readFileSync(join(dir, `${stem}.cert.json`), 'utf8')))).toMatchObject({ valid: true, verdict });
    }
    const lines = r.out.split('\n');
    expect(lines[0]).toMatch(/^abs\.json {2}abs-positive\.vnnlib {2}holds \(unsat\) {2}[0-9.]+ s {2}.*abs__abs-positive\.cert\.json$/);
    expect(lines[1]).toMatch(/^abs\.json {2}abs-touching\.vnnlib {2}violated \(sat\) {2}[0-9.]+ s {2}.*abs__abs-touching\.cert\.json$/);
    expect(r.out).toMatch(/holds \(unsat\) {3}1\n/);
    expect(r.out).toMatch(/violated \(sat\) {2}1\n/);
    expect(r.out).toMatch(/instances {7}2 of 2\n/);
  });

  it('--workers 2 (threads started once for the batch): the same result files and certificates', async () => {
    const one = join(tempDir(), 'one');
    const two = join(tempDir(), 'two');
    expect((await cli('vnncomp', list, '--results-dir', one, '--certificates')).code).toBe(0);
    expect((await cli('vnncomp', list, '--results-dir', two, '--certificates', '--workers', '2')).code).toBe(0);
    expect(filesIn(two)).toEqual(filesIn(one));
    for (const name of filesIn(one)) expect(readFileSync(join(two, name), 'utf8')).toBe(readFileSync(join(one, name), 'utf8'));
  });

  it('--shard I/K: part I runs rows I, I + K, …; the parts together write every result file of one run', async () => {
    const one = join(tempDir(), 'one');
    const shared = join(tempDir(), 'shared');
    expect((await cli('vnncomp', list, '--results-dir', one)).code).toBe(0);
    const first = await cli('vnncomp', list, '--results-dir', shared, '--shard', '1/2');
    expect(first.code).toBe(0);
    expect(filesIn(shared)).toEqual(['abs__abs-positive.txt']);
    expect((await cli('vnncomp', list, '--results-dir', shared, '--shard', '2/2')).code).toBe(0);
    expect(filesIn(shared)).toEqual(filesIn(one));
    for (const name of filesIn(one)) expect(readFileSync(join(shared, name), 'utf8')).toBe(readFileSync(join(one, name), 'utf8'));
    const bad = await cli('vnncomp', list, '--results-dir', shared, '--shard', '3/2');
    expect(bad.code).toBe(2);
  });

  it('resumes: existing result files are skipped and their verdicts read back; --force runs again', async () => {
    const dir = tempDir();
    // The first instance already has a result, which says timeout: it is read back, not recomputed.
    writeFileSync(join(dir, 'abs__abs-positive.txt'), 'timeout\n');
    let r = await cli('vnncomp', list, '--results-dir', dir, '--json');
    expect(r.code).toBe(3);
    const doc = JSON.parse(r.out);
    expect(doc.instances).toMatchObject([
      { network: 'abs.json', property: 'abs-positive.vnnlib', vnncomp: 'timeout', verdict: 'unknown', skipped: true, seconds: null, certificate: null },
      { network: 'abs.json', property: 'abs-touching.vnnlib', vnncomp: 'sat', verdict: 'violated', skipped: false },
    ]);
    expect(doc.summary).toMatchObject({ instances: 2, done: 2, holds: 0, violated: 1, timeout: 1, skipped: 1, undecided: 1, wrong: 0, interrupted: false });
    expect(readFileSync(join(dir, 'abs__abs-positive.txt'), 'utf8')).toBe('timeout\n');
    r = await cli('vnncomp', list, '--results-dir', dir);
    expect(r.out).toMatch(/abs-touching\.vnnlib {2}violated \(sat\) {2}skipped {2}-/);
    r = await cli('vnncomp', list, '--results-dir', dir, '--force');
    expect(r.code).toBe(0);
    expect(readFileSync(join(dir, 'abs__abs-positive.txt'), 'utf8')).toBe('unsat\n');
    // A result file that is not one is bad input, named, before anything runs.
    writeFileSync(join(dir, 'abs__abs-touching.txt'), 'maybe\n');
    r = await cli('vnncomp', list, '--results-dir', dir);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/abs__abs-touching\.txt: not a VNN-COMP result file/);
  });

  it('resuming re-checks what it reads back: a sat file that is not a counterexample, and with --certificates a missing or tampered certificate, make the instance run again', async () => {
    const dir = tempDir();
    const touching = join(dir, 'abs__abs-touching.txt');
    const positiveCert = join(dir, 'abs__abs-positive.cert.json');
    const bad: [string, RegExp][] = [
      ['sat\n((X_0 0.5)\n (Y_0 0.5))\n', /does not lie in the violation set/], // |1/2| > 0: not in the violation set |x| ≤ 0
      ['sat\n((X_0 0.0)\n (Y_0 1.0))\n', /not the network's exact outputs/], // the point is one, its output is not N(0)
      ['sat\n((X_0 0.0))\n', /no value for Y_0/],
    ];
    for (const [text, why] of bad) {
      writeFileSync(touching, text);
      const r = await cli('vnncomp', list, '--results-dir', dir);
      expect(r.code, text).toBe(0);
      expect(r.err).toMatch(why);
      expect(r.err).toMatch(/abs__abs-touching\.txt: .*; running the instance again/);
      expect(readFileSync(touching, 'utf8')).toBe(sat);
    }
    // A good sat file is taken as it is; without --certificates so is unsat (nothing to re-check).
    let r = await cli('vnncomp', list, '--results-dir', dir);
    expect(r.err, r.err).toBe('');
    expect(r.out.match(/\) {2}skipped {2}/g)).toHaveLength(2);
    // --certificates: the missing certificates are written by running the instances again.
    r = await cli('vnncomp', list, '--results-dir', dir, '--certificates');
    expect(r.err.match(/is missing; running the instance again/g)).toHaveLength(2);
    expect(checkCertificate(JSON.parse(readFileSync(positiveCert, 'utf8')))).toMatchObject({ valid: true, verdict: 'holds' });
    r = await cli('vnncomp', list, '--results-dir', dir, '--certificates');
    expect(r.err).toBe('');
    expect(r.out.match(/\) {2}skipped {2}/g)).toHaveLength(2);
    // A certificate changed on disk is not taken: the instance is decided again, its certificate rewritten.
    const good = readFileSync(positiveCert, 'utf8');
    const cert = JSON.parse(good);
    cert.claim.specification.cases[0].box[0][0] = '1/1000';
    writeFileSync(positiveCert, JSON.stringify(cert));
    r = await cli('vnncomp', list, '--results-dir', dir, '--certificates');
    expect(r.err).toMatch(/abs__abs-positive\.cert\.json is about another network or specification; running the instance again/);
    expect(readFileSync(positiveCert, 'utf8')).toBe(good);
    const forged = JSON.parse(good);
    forged.evidence.cases[0][0].bound[0].lambda[0] = '0';
    writeFileSync(positiveCert, JSON.stringify(forged));
    r = await cli('vnncomp', list, '--results-dir', dir, '--certificates');
    expect(r.err).toMatch(/abs__abs-positive\.cert\.json is not valid: .*; running the instance again/);
    expect(readFileSync(positiveCert, 'utf8')).toBe(good);
  });

  it('--expected: agreement exits 0; a wrong answer (sat against unsat) exits 1 with a loud line', async () => {
    const dir = tempDir();
    const expected = join(dir, 'expected.csv');
    writeFileSync(expected, 'network,property,expected\nabs.json,abs-positive.vnnlib,unsat\nabs.json,abs-touching.vnnlib,sat\n');
    let r = await cli('vnncomp', list, '--results-dir', join(dir, 'a'), '--expected', expected);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/2 decided and compared: 2 agree, 0 WRONG/);
    writeFileSync(expected, 'network,property,expected\nabs.json,abs-positive.vnnlib,unsat\nabs.json,abs-touching.vnnlib,unsat\n');
    r = await cli('vnncomp', list, '--results-dir', join(dir, 'b'), '--expected', expected);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/abs-touching\.vnnlib {2}violated \(sat\).*WRONG: expected unsat/);
    expect(r.err).toMatch(/WRONG ANSWER: abs\.json abs-touching\.vnnlib: sat, expected unsat \(instance list line 3\)/);
  });

  it('bad rows: exit 2 naming file:line:column before anything runs; the header is optional', async () => {
    const dir = tempDir();
    const csv = join(dir, 'list.csv');
    const results = join(dir, 'results');
    writeFileSync(csv, `${examples}/abs.json,${examples}/abs-positive.vnnlib,60\nnope.json,${examples}/abs-touching.vnnlib,60\n`);
    let r = await cli('vnncomp', csv, '--results-dir', results);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/list\.csv:2:1: network nope\.json does not exist \(looked at .*nope\.json\)/);
    expect(existsSync(results)).toBe(false);
    writeFileSync(csv, `${examples}/abs.json,${examples}/abs-positive.vnnlib,60\n${examples}/abs.json,missing.vnnlib,60\n`);
    r = await cli('vnncomp', csv, '--results-dir', results);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(new RegExp(`list\\.csv:2:${examples.length + 11}: property missing\\.vnnlib does not exist`));
    writeFileSync(csv, `${examples}/abs.json,${examples}/abs-positive.vnnlib,0\n`);
    r = await cli('vnncomp', csv, '--results-dir', results);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/list\.csv:1:\d+: expected a positive number of seconds as the timeout, got "0"/);
    writeFileSync(csv, `${examples}/abs.json,${examples}/abs-positive.vnnlib\n`);
    r = await cli('vnncomp', csv, '--results-dir', results);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/list\.csv:1:1: expected 3 comma-separated fields/);
    // A property whose sizes do not fit the network names its row.
    const wide = join(dir, 'wide.vnnlib');
    writeFileSync(wide, '(declare-const X_0 Real)\n(declare-const X_1 Real)\n(declare-const Y_0 Real)\n(assert (<= Y_0 0))\n');
    writeFileSync(csv, `${examples}/abs.json,${examples}/abs-positive.vnnlib,60\n${examples}/abs.json,wide.vnnlib,60\n`);
    r = await cli('vnncomp', csv, '--results-dir', results);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/list\.csv:2: .*wide\.vnnlib:2:16: X_1 is declared but the network has 1 input/);
    expect(existsSync(results)).toBe(false);
    r = await cli('vnncomp', list, '--results-dir', results, '--timeout', '0');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--timeout/);
    // Without a header, and the same list twice resolves relative paths against the list's folder.
    writeFileSync(csv, 'abs.json,abs-positive.vnnlib,60\n');
    writeFileSync(join(dir, 'abs.json'), readFileSync(join(examples, 'abs.json')));
    writeFileSync(join(dir, 'abs-positive.vnnlib'), readFileSync(join(examples, 'abs-positive.vnnlib')));
    r = await cli('vnncomp', csv, '--results-dir', results);
    expect(r.code).toBe(0);
    expect(readFileSync(join(results, 'abs__abs-positive.txt'), 'utf8')).toBe('unsat\n');
  });
});

describeWithSharedData(
  'relucert vnncomp on the shared test_* instances (VNN-COMP 2021 expected verdicts)',
  () => {
    it('decides all five as VNN-COMP 2021 expects, with certificates the checker accepts', async () => {
      const small = join(SHARED_DATA_DIR, 'small');
      const expectedCsv = join(small, 'expected_vnncomp2021.csv');
      const want = new Map(
        readFileSync(expectedCsv, 'utf8')
          .trim()
          .split('\n')
          .slice(1)
          .map((l) => l.split(','))
          .map((f) => [`${f[0]},${f[1]}`, f[2]]),
      );
      const dir = tempDir();
      const r = await cli('vnncomp', join(small, 'test_instances.csv'), '--results-dir', dir, '--certificates', '--expected', expectedCsv, '--json');
      expect(r.code).toBe(0);
      const doc = JSON.parse(r.out);
      expect(doc.instances).toHaveLength(5);
      for (const o of doc.instances) {
        expect(o.vnncomp).toBe(want.get(`${o.network},${o.property}`));
        expect(readFileSync(o.result, 'utf8').split('\n')[0]).toBe(o.vnncomp);
        expect(checkCertificate(JSON.parse(readFileSync(o.certificate, 'utf8')))).toMatchObject({ valid: true });
      }
      expect(doc.summary).toMatchObject({ wrong: 0, undecided: 0, compared: 5, agree: 5 });
    });
  },
  ['small'],
);
