/**
 * `verify spec` on the shared benchmark data: the `test_*` instances of ../shared/data/small and a
 * few ACAS Xu φ3/φ4 instances that decide in seconds, against VNN-COMP 2021's expected answers
 * (the files' own CSVs, not values written here). Every certificate is re-checked by the checker,
 * and every counterexample printed in a result file violates exactly when read back.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { specCertificate } from '../../../src/properties/specification/certificate.js';
import { checkCertificate } from '../../../src/checker/index.js';
import { parseRational } from '../../../src/exact/rational.js';
import { readNetworkFile } from '../../../src/formats/index.js';
import { readVnnlib } from '../../../src/formats/vnnlib.js';
import { outputSize } from '../../../src/network/model.js';
import { evaluate } from '../../../src/network/evaluate.js';
import { verifySpecification } from '../../../src/properties/specification/verify.js';
import { violates } from '../../../src/specification/model.js';
import { formatVnncompResult } from '../../../src/specification/result.js';
import { SHARED_DATA_DIR, describeWithSharedData } from '../../support/sharedData.js';

function expected(csv: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const line of readFileSync(csv, 'utf8').trim().split('\n').slice(1)) {
    const [net, prop, answer] = line.split(',');
    map.set(`${net},${prop}`, answer as string);
  }
  return map;
}

/** Decides, re-checks the certificate, and reads the result file's counterexample back exactly. */
function decide(onnx: string, vnnlib: string): string {
  const net = readNetworkFile(onnx);
  const spec = readVnnlib(vnnlib, { inputs: net.inputs, outputs: outputSize(net) });
  const r = verifySpecification(net, spec, { deadline: Date.now() + 60_000 });
  if (r.status === 'unknown') return 'unknown';
  expect(checkCertificate(specCertificate(net, spec, r))).toMatchObject({ valid: true, verdict: r.status });
  if (r.status === 'violated') {
    const text = formatVnncompResult({ verdict: 'sat', inputs: r.input, outputs: r.output }, spec);
    const x = [...text.matchAll(/\(X_\d+ ([^)]+)\)/g)].map((m) => parseRational(m[1] as string));
    expect(violates(spec, x, evaluate(net, x))).toBeDefined();
  }
  return r.status === 'holds' ? 'unsat' : 'sat';
}

describeWithSharedData('verify spec: the test_* instances of shared/data/small', () => {
  const dir = join(SHARED_DATA_DIR, 'small');
  const answers = expected(join(dir, 'expected_vnncomp2021.csv'));
  for (const [key, answer] of answers) {
    const [net, prop] = key.split(',') as [string, string];
    if (!net.startsWith('test_')) continue;
    it(`${net} ${prop}: ${answer}`, () => {
      expect(decide(join(dir, net), join(dir, prop))).toBe(answer);
    });
  }
}, ['small']);

describeWithSharedData('verify spec: ACAS Xu φ3/φ4 instances that decide in seconds', () => {
  const dir = join(SHARED_DATA_DIR, 'acasxu');
  const answers = expected(join(dir, 'acasxu_expected_vnncomp2021.csv'));
  for (const [net, prop] of [['2_1', 4], ['5_9', 4], ['1_7', 3]] as const) {
    const onnx = `ACASXU_run2a_${net}_batch_2000.onnx`;
    const answer = answers.get(`${onnx},prop_${prop}.vnnlib`) as string;
    it(`${net} φ${prop}: ${answer}`, () => {
      expect(decide(join(dir, 'onnx', onnx), join(dir, 'vnnlib', `prop_${prop}.vnnlib`))).toBe(answer);
    });
  }
}, ['acasxu/onnx', 'acasxu/vnnlib']);
