/**
 * Network files through formats/index.ts: format detection, reading every format with errors
 * that name the file, and atomic writing that leaves neither a file nor a temporary file behind
 * when the network cannot be written exactly.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fraction from 'fraction.js';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { formatRational, parseRational } from '../../src/exact/rational.js';
import { detectFormat, readNetworkFile, writeNetworkFile } from '../../src/formats/index.js';
import { evaluate } from '../../src/network/evaluate.js';
import { canonicalNetworkText } from '../../src/network/json.js';
import { type Network, denseLayer } from '../../src/network/model.js';
import { DATA_DIR, describeWithSharedData } from './data.js';
import { expectInputError } from '../support/errors.js';

const q = (text: string): Fraction => parseRational(text);
const dir = mkdtempSync(join(tmpdir(), 'relucert-formats-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A fresh empty sub-folder, so that "nothing was left behind" can be checked by listing it. */
function folder(name: string): string {
  const path = join(dir, name);
  mkdirSync(path);
  return path;
}


/** A network every format holds exactly: decimal and dyadic weights, ReLU then identity. */
const NET: Network = {
  inputs: 2,
  name: 'small',
  layers: [
    denseLayer(
      [
        [q('0.5'), q('-1.25')],
        [q('3'), q('0.125')],
      ],
      [q('-0.5'), q('1')],
      'relu',
    ),
    denseLayer([[q('2'), q('-0.75')]], [q('0.0625')], 'identity'),
  ],
};

describe('detectFormat', () => {
  it('by extension, case-insensitive', () => {
    expect(detectFormat('a/b/net.json')).toBe('json');
    expect(detectFormat('net.NNET')).toBe('nnet');
    expect(detectFormat('C:\\nets\\x.Onnx')).toBe('onnx');
  });

  it('an unknown extension is a usage error naming the supported ones', () => {
    const e = expectInputError(() => detectFormat('model.pb'), 'model.pb', '.json, .nnet, .onnx');
    expect(e.code).toBe('usage');
    expectInputError(() => detectFormat('noextension'), 'noextension');
    writeFileSync(join(dir, 'x.txt'), '{}');
    expectInputError(() => readNetworkFile(join(dir, 'x.txt')), 'x.txt', '.nnet');
    // A missing file is said to be missing, whatever its name.
    expectInputError(() => readNetworkFile(join(dir, 'missing.txt')), 'missing.txt', 'no such file');
  });
});

describe('readNetworkFile and writeNetworkFile', () => {
  it('round trip through json, nnet and onnx (float32 and float64)', () => {
    const d = folder('roundtrip');
    const x = [q('1.5'), q('-2')];
    const expected = evaluate(NET, x).map(formatRational);
    for (const [file, options] of [
      ['n.json', {}],
      ['n.nnet', {}],
      ['n.onnx', {}],
      ['n32.onnx', { onnxDtype: 'float32' as const }],
      ['as-json.txt', { format: 'json' as const }],
    ] as const) {
      const path = join(d, file);
      writeNetworkFile(path, NET, options);
      const back = readNetworkFile(path, 'format' in options ? { format: options.format } : {});
      expect(canonicalNetworkText(back)).toBe(canonicalNetworkText(NET));
      expect(evaluate(back, x).map(formatRational)).toEqual(expected);
    }
    // Only the five files: no temporary file left behind.
    expect(readdirSync(d).sort()).toEqual(['as-json.txt', 'n.json', 'n.nnet', 'n.onnx', 'n32.onnx']);
  });

  it('nnetSemantics chooses between the stored and the folded network', () => {
    const d = folder('semantics');
    const path = join(d, 'scaled.nnet');
    // 1 → 1 identity network y = x, input mean 10, range 2; output mean 1, range 4.
    writeFileSync(path, '1,1,1,1,\n1,1,\n0,\n-100,\n100,\n10,1,\n2,4,\n1.0,\n0.0,\n');
    expect(evaluate(readNetworkFile(path), [q('14')]).map(formatRational)).toEqual(['14']);
    expect(evaluate(readNetworkFile(path, { nnetSemantics: 'raw' }), [q('14')]).map(formatRational)).toEqual(['14']);
    // (14 − 10)/2 = 2 → 2·4 + 1 = 9
    expect(evaluate(readNetworkFile(path, { nnetSemantics: 'normalized' }), [q('14')]).map(formatRational)).toEqual(['9']);
  });

  it('a missing file and empty files name the file', () => {
    for (const ext of ['json', 'nnet', 'onnx']) {
      const missing = join(dir, `missing.${ext}`);
      const e = expectInputError(() => readNetworkFile(missing), missing, 'no such file');
      expect(e.code).toBe('io');
      const empty = join(dir, `empty.${ext}`);
      writeFileSync(empty, '');
      expectInputError(() => readNetworkFile(empty), empty, 'empty');
    }
  });

  it('malformed content names the file and the place', () => {
    const d = folder('malformed');
    const nnet = join(d, 'bad.nnet');
    writeFileSync(nnet, '1,1,1,1,\n1,1,\n0,\n-1,\n1,\n0,0,\n1,1,\n1.0,x,\n0,\n');
    expectInputError(() => readNetworkFile(nnet), `${nnet}: line 8`);
    const json = join(d, 'bad.json');
    writeFileSync(json, '{"format": "relucert.network/1", "inputs": 1, "layers": [{"weights": [["1"]], "bias": ["0"], "activation": "tanh"}]}');
    expectInputError(() => readNetworkFile(json), json, 'layers[0].activation');
    const onnx = join(d, 'bad.onnx');
    writeFileSync(onnx, Buffer.from('definitely not an onnx model'));
    expectInputError(() => readNetworkFile(onnx), onnx, 'not an ONNX model');
  });

  it('a network the format cannot hold leaves no file and no temporary file', () => {
    const d = folder('refused');
    const third: Network = { inputs: 1, layers: [denseLayer([[new Fraction(1n, 3n)]], [q('0')], 'identity')] };
    const e = expectInputError(() => writeNetworkFile(join(d, 'third.nnet'), third), 'third.nnet', 'layers[0].weights[0][0]', '1/3');
    expect(e.code).toBe('unsupported');
    expectInputError(() => writeNetworkFile(join(d, 'third.onnx'), third), 'third.onnx', 'layers[0].weights[0][0]');
    const tenth: Network = { inputs: 1, layers: [denseLayer([[q('0.1')]], [q('0')], 'identity')] };
    expectInputError(() => writeNetworkFile(join(d, 'tenth.onnx'), tenth, { onnxDtype: 'float32' }), 'tenth.onnx', 'float32');
    expect(readdirSync(d)).toEqual([]);
    // An existing file is left untouched by a refused write.
    const kept = join(d, 'kept.nnet');
    writeNetworkFile(kept, NET);
    expectInputError(() => writeNetworkFile(kept, third), 'kept.nnet');
    expect(canonicalNetworkText(readNetworkFile(kept))).toBe(canonicalNetworkText(NET));
    expect(readdirSync(d)).toEqual(['kept.nnet']);
  });

  it('a write into a missing folder is an io error naming the file, leaving nothing', () => {
    const target = join(dir, 'no-such-folder', 'n.json');
    const e = expectInputError(() => writeNetworkFile(target, NET), target);
    expect(e.code).toBe('io');
  });
});

describeWithSharedData('readNetworkFile on the real files', () => {

  it('reads ACAS Xu 1_1 as .nnet (raw by default) and .onnx, named after the file', () => {
    const nnet = readNetworkFile(`${DATA_DIR}acasxu/nnet/ACASXU_run2a_1_1_batch_2000.nnet`);
    const onnx = readNetworkFile(`${DATA_DIR}acasxu/onnx/ACASXU_run2a_1_1_batch_2000.onnx`);
    expect(nnet.name).toBe('ACASXU_run2a_1_1_batch_2000');
    expect(onnx.name).toBe('ACASXU_run2a_1_1_batch_2000');
    expect(nnet.metadata?.nnetSemantics).toBe('raw');
    expect(nnet.layers.length).toBe(onnx.layers.length);
  });
});
