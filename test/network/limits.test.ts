/**
 * Size limits checked before anything of the declared size is allocated (issue 11, defects 3 and
 * 7): dimensions in every reader, the dense maps of the commands that build them, dense exports,
 * layer denominators, unknown keys, and the nesting depth of JSON input.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fraction from 'fraction.js';
import onnxProto from 'onnx-proto';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { MAX_DENSE_EXPORT_WEIGHTS } from '../../src/formats/limits.js';
import { formatNnet, parseNnet } from '../../src/formats/nnet.js';
import { MAX_TENSOR_ELEMENTS, readOnnx, writeOnnx } from '../../src/formats/onnx.js';
import { readJsonFile } from '../../src/io/files.js';
import { MAX_JSON_DEPTH, MAX_LAYER_DENOMINATOR_DIGITS, networkFromJson, tooDeepPath } from '../../src/network/json.js';
import { MAX_DENSE_MAP_ENTRIES, MAX_NETWORK_WIDTH, type Network, checkDenseMapSize, sparseLayer } from '../../src/network/model.js';
import { expectInputError } from '../support/errors.js';

const { onnx } = onnxProto;
const FORMAT = 'relucert.network/1';
const zeros = (n: number): string[] => new Array<string>(n).fill('0');

/** A value nested `depth` levels deep: {"a": {"a": … 1 …}}. */
function nested(depth: number): Record<string, unknown> {
  let v: Record<string, unknown> = { a: 1 };
  for (let k = 1; k < depth; k++) v = { a: v };
  return v;
}

describe('network dimensions', () => {
  it('the 70-byte network declaring 10^9 inputs is refused at "inputs", naming the limit', () => {
    const e = expectInputError(() => networkFromJson({ format: FORMAT, inputs: 1_000_000_000, layers: [] }, 'n.json'), 'n.json', '1000000000', '1,000,000');
    expect(e.path).toBe('inputs');
  });

  it('accepts exactly the limit and refuses one more, in the declared inputs and in sparse shapes', () => {
    expect(networkFromJson({ format: FORMAT, inputs: MAX_NETWORK_WIDTH, layers: [] }).inputs).toBe(MAX_NETWORK_WIDTH);
    expect(expectInputError(() => networkFromJson({ format: FORMAT, inputs: MAX_NETWORK_WIDTH + 1, layers: [] })).path).toBe('inputs');
    // A sparse [10^8, 1] layer: refused at its shape, before its bias (10^8 entries) is even looked at.
    const rows = networkFromJson.bind(null, { format: FORMAT, inputs: 1, layers: [{ weights: { shape: [100_000_000, 1], entries: [] }, bias: [], activation: 'relu' }] });
    expect(expectInputError(rows, 'more than the limit').path).toBe('layers[0].weights.shape[0]');
    // The sparse [1, 10^8] layer needs 10^8 inputs, which are refused first.
    const cols = (): Network => networkFromJson({ format: FORMAT, inputs: 100_000_000, layers: [{ weights: { shape: [1, 100_000_000], entries: [] }, bias: ['0'], activation: 'relu' }] });
    expect(expectInputError(cols).path).toBe('inputs');
  });

  it('refuses an unknown key in sparse weights, naming it', () => {
    const doc = { format: FORMAT, inputs: 1, layers: [{ weights: { shape: [1, 1], entries: [], dense: true }, bias: ['0'], activation: 'relu' }] };
    expect(expectInputError(() => networkFromJson(doc), 'unknown key "dense"').path).toBe('layers[0].weights.dense');
  });

  it('.nnet: a header declaring a layer of 10^8 neurons is refused at the sizes line', () => {
    const text = ['1,1,100000000,100000000,', '1,100000000,', '0,', '0,', '1,', '0,0,', '1,1,'].join('\n');
    const e = expectInputError(() => parseNnet(text, 'big.nnet'), 'big.nnet', 'line 2', 'more than the limit');
    expect(e.detail).toContain('100000000');
  });

  it('ONNX: an input of shape [1, 10^9] is refused before its variables are made', () => {
    const bytes = onnx.ModelProto.encode({
      irVersion: 7,
      opsetImport: [{ domain: '', version: 13 }],
      graph: {
        input: [{ name: 'x', type: { tensorType: { elemType: onnx.TensorProto.DataType.FLOAT, shape: { dim: [{ dimValue: 1 }, { dimValue: 1_000_000_000 }] } } } }],
        output: [{ name: 'y' }],
        node: [{ opType: 'Relu', input: ['x'], output: ['y'] }],
      },
    }).finish();
    expectInputError(() => readOnnx(bytes, 'wide.onnx'), 'wide.onnx', 'input "x"', '1000000000', 'more than the limit');
  });

  it('ONNX: broadcasting small constants to a huge tensor is refused naming the node', () => {
    const f = onnx.TensorProto.DataType.FLOAT;
    const n = 2 ** 13; // [n, 1] + [1, n] broadcasts to n² = 2^26 > MAX_TENSOR_ELEMENTS
    expect(n * n).toBeGreaterThan(MAX_TENSOR_ELEMENTS);
    const bytes = onnx.ModelProto.encode({
      irVersion: 7,
      opsetImport: [{ domain: '', version: 13 }],
      graph: {
        input: [{ name: 'x', type: { tensorType: { elemType: f, shape: { dim: [{ dimValue: 1 }] } } } }],
        output: [{ name: 'y' }],
        initializer: [
          { name: 'a', dims: [n, 1], dataType: f, rawData: new Uint8Array(4 * n) },
          { name: 'b', dims: [1, n], dataType: f, rawData: new Uint8Array(4 * n) },
        ],
        node: [
          { name: 'grid', opType: 'Add', input: ['a', 'b'], output: ['g'] },
          { name: 'out', opType: 'Add', input: ['x', 'g'], output: ['y'] },
        ],
      },
    }).finish();
    expectInputError(() => readOnnx(bytes), 'node "grid" (Add)', 'elements');
  });
});

describe('dense maps and dense exports', () => {
  it('checkDenseMapSize names inputs (identity map) or the widest layer', () => {
    const square = Math.floor(Math.sqrt(MAX_DENSE_MAP_ENTRIES));
    expect(() => checkDenseMapSize({ inputs: square, layers: [] }, 'regions')).not.toThrow();
    const e = expectInputError(() => checkDenseMapSize({ inputs: square + 1, layers: [] }, 'regions'), 'regions', `${square + 1} × ${square + 1}`, '4,000,000');
    expect(e.path).toBe('inputs');
    const width = MAX_DENSE_MAP_ENTRIES / 1000 + 1;
    const wide: Network = { inputs: 1000, layers: [sparseLayer([width, 1000], [], zeros(width).map(() => new Fraction(0n)), 'relu')] };
    expect(expectInputError(() => checkDenseMapSize(wide, 'verify injective'), 'verify injective', 'width × inputs').path).toBe('layers[0]');
  });

  it('.nnet export refuses a sparse layer whose dense form is too large, naming the layer; ONNX writes it as a sparse initializer', () => {
    const rows = 5000;
    const cols = Math.ceil(MAX_DENSE_EXPORT_WEIGHTS / rows) + 1;
    const net: Network = { inputs: cols, layers: [sparseLayer([rows, cols], [[0, 0, new Fraction(1n)]], Array.from({ length: rows }, () => new Fraction(0n)), 'identity')] };
    expect(expectInputError(() => formatNnet(net), '.nnet stores every weight densely').path).toBe('layers[0]');
    const bytes = writeOnnx(net);
    // One nonzero: a few hundred bytes of weights, not 2^26 zeros (the 5000 biases are dense).
    expect(bytes.length).toBeLessThan(60_000);
    const back = readOnnx(bytes);
    expect(back.layers[0]?.rows[0]?.cols).toEqual([0]);
    expect(back.layers[0]?.rows.slice(1).every((r) => r.cols.length === 0)).toBe(true);
  });

  it('ONNX export still writes a sparse layer exactly (zeros included) after the rewrite', () => {
    const net: Network = { inputs: 3, layers: [sparseLayer([2, 3], [[1, 2, new Fraction(-3n, 4n)]], [new Fraction(1n, 2n), new Fraction(0n)], 'identity')] };
    const back = readOnnx(writeOnnx(net));
    expect(back.layers[0]?.rows.map((r) => [...r.cols])).toEqual([[], [2]]);
    expect(back.layers[0]?.rows[1]?.values[0]?.equals(new Fraction(-3n, 4n))).toBe(true);
    expect(back.layers[0]?.bias.map((b) => b.toFraction())).toEqual(['1/2', '0']);
  });
});

describe('layer denominators', () => {
  it('refuses a layer whose weights have so many distinct large denominators that their lcm passes the limit', () => {
    // Powers of distinct primes: pairwise coprime, so the lcm is their product.
    const dens = [3n, 7n, 11n, 13n, 17n, 19n].map((p) => p ** 4000n);
    expect(dens.reduce((a, b) => a * b).toString().length).toBeGreaterThan(MAX_LAYER_DENOMINATOR_DIGITS);
    const doc = { format: FORMAT, inputs: dens.length, layers: [{ weights: [dens.map((d) => `1/${d}`)], bias: ['0'], activation: 'relu' }] };
    expect(expectInputError(() => networkFromJson(doc), 'common denominator', `${MAX_LAYER_DENOMINATOR_DIGITS} digits`).path).toBe('layers[0]');
    // The same denominators in separate layers are fine: each layer has its own.
    const split = { format: FORMAT, inputs: 1, layers: dens.map((d) => ({ weights: [[`1/${d}`]], bias: ['0'], activation: 'relu' })) };
    expect(networkFromJson(split).layers).toHaveLength(dens.length);
  });
});

describe('nesting depth', () => {
  it('tooDeepPath finds the first value deeper than the limit, iteratively, with its path', () => {
    expect(tooDeepPath(nested(MAX_JSON_DEPTH))).toBeUndefined();
    expect(tooDeepPath({ x: [nested(MAX_JSON_DEPTH)] })).toBe(`x[0]${'.a'.repeat(MAX_JSON_DEPTH - 2)}`);
    expect(tooDeepPath(nested(100_000))).toBe('a'.repeat(1).concat('.a'.repeat(MAX_JSON_DEPTH - 1)));
  });

  it('networkFromJson (the library API) refuses deeply nested metadata instead of overflowing the stack later', () => {
    const doc = { format: FORMAT, inputs: 1, layers: [], metadata: nested(3000) };
    const e = expectInputError(() => networkFromJson(doc, 'deep.json'), 'deep.json', `more than ${MAX_JSON_DEPTH} levels`);
    expect(e.path?.startsWith('metadata.a.a')).toBe(true);
  });

  it('readJsonFile refuses a file nested 3000 levels deep, naming the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'relucert-limits-'));
    const file = join(dir, 'deep.json');
    writeFileSync(file, JSON.stringify({ format: FORMAT, inputs: 1, layers: [], metadata: nested(3000) }));
    const e = expectInputError(() => readJsonFile(file), file, 'levels deep');
    expect(e).toBeInstanceOf(InputError);
    const shallow = join(dir, 'ok.json');
    writeFileSync(shallow, JSON.stringify(nested(50)));
    expect(readJsonFile(shallow)).toEqual(nested(50));
  });
});
