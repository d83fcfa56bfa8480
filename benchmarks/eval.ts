/**
 * Exact vs float64 evaluation throughput.
 *
 * Cases: (a) the ACAS Xu network 1-1 (5 inputs, 6×50 ReLU, 5 outputs), stored weights read
 * exactly from decimal text, on its normalized input box; (b) a seeded random 20-64-64-10 ReLU
 * network with small rational weights. Points are random rationals with small denominators.
 *
 * Prints one JSON line per case. Figures are evaluations per second of a single point:
 * - `floatPerSecond`: a plain dense float64 evaluator (Float64Array rows, no tricks) — the yardstick;
 * - `exactPerSecond`: {@link evaluateInteger} (integer vector in, exact integer vector out), the
 *   call the region engine makes;
 * - `exactFractionPerSecond`: {@link evaluate} with fraction.js points in and reduced fractions out;
 * - `bigintPerSecond`: {@link evaluateIntegerBigInt}, the plain BigInt interpreter (no float filter);
 * - `signsPerSecond`: {@link activationSigns};
 * - `filterRate`: the share of neuron signs the float filter decided without exact arithmetic.
 */
import { existsSync, readFileSync } from 'node:fs';
import Fraction from 'fraction.js';
import { Bench } from 'tinybench';
import { type IntegerVector, toIntegerVector } from '../src/exact/vector.js';
import { nnetNetwork, parseNnet } from '../src/formats/nnet.js';
import { preactivationMaps } from '../src/network/affine.js';
import { activationSigns, evaluate, evaluateInteger, evaluateIntegerBigInt, signsWithFilter } from '../src/network/evaluate.js';
import { type Layer, type Network, denseLayer, denseWeights } from '../src/network/model.js';
import { mulberry32 as prng } from '../src/random/prng.js';

/** Where the ACAS Xu network is read from (override with RELUCERT_ACASXU_NNET). */
const ACASXU_PATH = process.env.RELUCERT_ACASXU_NNET ?? '/work/shared/data/acasxu/nnet/ACASXU_run2a_1_1_batch_2000.nnet';
/** Points per timed call: one call evaluates them all, so timer overhead stays out of the figures. */
const POINTS = 64;
/** Milliseconds per task (tinybench's budget). */
const TIME_MS = Number(process.env.RELUCERT_BENCH_MS ?? 1500);


/** A random integer in [lo, hi]. */
function randInt(rand: () => number, lo: number, hi: number): number {
  return lo + Math.floor(rand() * (hi - lo + 1));
}

/** Random rationals p/q in [lo, hi] with q ≤ maxDen, as exact fractions. */
function randomPoint(rand: () => number, n: number, lo: Fraction, hi: Fraction, maxDen: number): Fraction[] {
  return Array.from({ length: n }, () => {
    const q = BigInt(randInt(rand, 1, maxDen));
    const span = hi.sub(lo).mul(q).floor().valueOf();
    const p = BigInt(randInt(rand, 0, span));
    return lo.add(new Fraction(p, q));
  });
}

/** The seeded random 20-64-64-10 network of case (b): weights p/q, |p| ≤ 4, q ∈ 4..9. */
function randomNetwork(seed: number, widths: readonly number[]): Network {
  const rand = prng(seed);
  const layers: Layer[] = [];
  for (let k = 1; k < widths.length; k++) {
    const fanIn = widths[k - 1] as number;
    const rows = Array.from({ length: widths[k] as number }, () =>
      Array.from({ length: fanIn }, () => new Fraction(BigInt(randInt(rand, -4, 4)), BigInt(randInt(rand, 4, 9)))),
    );
    const bias = rows.map(() => new Fraction(BigInt(randInt(rand, -3, 3)), BigInt(randInt(rand, 2, 5))));
    layers.push(denseLayer(rows, bias, k === widths.length - 1 ? 'identity' : 'relu', fanIn));
  }
  return { inputs: widths[0] as number, layers };
}

/** The float64 yardstick: dense row-major weights, the obvious loop. */
interface FloatLayer {
  readonly inputs: number;
  readonly outputs: number;
  readonly weights: Float64Array;
  readonly bias: Float64Array;
  readonly relu: boolean;
}

function floatLayers(net: Network): FloatLayer[] {
  return net.layers.map((layer) => {
    const weights = new Float64Array(layer.outputs * layer.inputs);
    denseWeights(layer).forEach((row, i) => row.forEach((w, j) => (weights[i * layer.inputs + j] = w.valueOf())));
    return {
      inputs: layer.inputs,
      outputs: layer.outputs,
      weights,
      bias: Float64Array.from(layer.bias, (b) => b.valueOf()),
      relu: layer.activation === 'relu',
    };
  });
}

function evaluateFloat(layers: readonly FloatLayer[], x: Float64Array): Float64Array {
  let h = x;
  for (const layer of layers) {
    const out = new Float64Array(layer.outputs);
    const w = layer.weights;
    const n = layer.inputs;
    for (let i = 0; i < layer.outputs; i++) {
      let acc = layer.bias[i] as number;
      const base = i * n;
      for (let j = 0; j < n; j++) acc += (w[base + j] as number) * (h[j] as number);
      out[i] = layer.relu && acc < 0 ? 0 : acc;
    }
    h = out;
  }
  return h;
}

function perSecond(bench: Bench, name: string): number {
  const task = bench.getTask(name);
  const result = task?.result;
  if (result === undefined || (result.state !== 'completed' && result.state !== 'aborted-with-statistics')) {
    throw new Error(`benchmark task ${name} did not complete: ${JSON.stringify(result)}`);
  }
  return result.throughput.mean * POINTS;
}

/** Times one case and prints its JSON line. */
async function runCase(name: string, net: Network, points: readonly Fraction[][]): Promise<void> {
  const ints: IntegerVector[] = points.map((x) => toIntegerVector(x));
  const floats = points.map((x) => Float64Array.from(x, (v) => v.valueOf()));
  const fl = floatLayers(net);
  let sink = 0;
  const bench = new Bench({ time: TIME_MS, warmupTime: 300 });
  bench
    .add('float', () => {
      for (const x of floats) sink += evaluateFloat(fl, x)[0] as number;
    })
    .add('exact', () => {
      for (const x of ints) sink += evaluateInteger(net, x).num.length;
    })
    .add('exactFraction', () => {
      for (const x of points) sink += evaluate(net, x).length;
    })
    .add('bigint', () => {
      for (const x of ints) sink += evaluateIntegerBigInt(net, x).num.length;
    })
    .add('signs', () => {
      for (const x of points) sink += activationSigns(net, x).length;
    });
  await bench.run();
  let decided = 0;
  let total = 0;
  for (const x of points) {
    const s = signsWithFilter(net, x);
    decided += s.decided;
    total += s.decided + s.exact;
  }
  const floatPerSecond = perSecond(bench, 'float');
  const exactPerSecond = perSecond(bench, 'exact');
  const round = (v: number): number => Number(v.toPrecision(4));
  console.log(
    JSON.stringify({
      bench: 'eval',
      case: name,
      exactPerSecond: round(exactPerSecond),
      floatPerSecond: round(floatPerSecond),
      ratio: round(floatPerSecond / exactPerSecond),
      exactFractionPerSecond: round(perSecond(bench, 'exactFraction')),
      bigintPerSecond: round(perSecond(bench, 'bigint')),
      signsPerSecond: round(perSecond(bench, 'signs')),
      filterRate: round(total === 0 ? 1 : decided / total),
      // Consumed so that no evaluation can be optimized away; never printed.
      sink: sink === -1 ? sink : undefined,
    }),
  );
}

/** Times {@link preactivationMaps} on the activation pattern at each point (the region engine's other hot call). */
async function runPatternMaps(name: string, net: Network, points: readonly Fraction[][]): Promise<void> {
  const patterns = points.map((x) => activationSigns(net, x).map((layer) => Array.from(layer, (s) => s > 0)));
  let sink = 0;
  const bench = new Bench({ time: TIME_MS, warmupTime: 300 });
  bench.add('maps', () => {
    for (const p of patterns) sink += preactivationMaps(net, p).length;
  });
  await bench.run();
  const task = bench.getTask('maps')?.result;
  if (task === undefined || task.state !== 'completed') throw new Error(`benchmark task maps did not complete: ${JSON.stringify(task)}`);
  const mapsPerSecond = Number((task.throughput.mean * patterns.length).toPrecision(4));
  console.log(JSON.stringify({ bench: 'eval', case: `${name}-pattern-maps`, mapsPerSecond, sink: sink === -1 ? sink : undefined }));
}

/** Runs every evaluation benchmark case. */
export async function main(): Promise<void> {
  const rand = prng(20240611);
  if (existsSync(ACASXU_PATH)) {
    const acas = nnetNetwork(parseNnet(readFileSync(ACASXU_PATH, 'utf8'), ACASXU_PATH), 'raw');
    const half = new Fraction(1n, 2n);
    const points = Array.from({ length: POINTS }, () => randomPoint(rand, acas.inputs, half.neg(), half, 64));
    await runCase('acasxu-1-1', acas, points);
    await runPatternMaps('acasxu-1-1', acas, points.slice(0, 8));
  } else {
    console.log(JSON.stringify({ bench: 'eval', case: 'acasxu-1-1', skipped: `no file at ${ACASXU_PATH}` }));
  }
  const random = randomNetwork(7, [20, 64, 64, 10]);
  const points = Array.from({ length: POINTS }, () => randomPoint(rand, 20, new Fraction(-1n), new Fraction(1n), 16));
  await runCase('random-20-64-64-10', random, points);
}
