/**
 * Is a given one-hidden-layer network a global optimum of its training loss? — e.g. one trained
 * by SGD. The network's loss is evaluated exactly; the certified global optimum of its class
 * (same width, same output-bias choice) comes from {@link trainOptimal} (Arora, Basu, Mianjy,
 * Mukherjee, ICLR 2018, Thm 4.1 / Alg. 1). Equal → "holds"; larger → "violated", with an optimal
 * network as the better one. (Smaller is impossible: the optimum is a proven lower bound.)
 */
import Fraction from 'fraction.js';
import { InputError } from '../../errors.js';
import type { StopReason } from '../../stopCondition.js';
import { evaluate } from '../../network/evaluate.js';
import type { Network } from '../../network/model.js';
import { type TrainingData, type TrainingLoss, checkDataForLoss } from './data.js';
import { type BestNetwork, type TrainOptions, type TrainResult, type TrainStats, trainOptimal } from './search.js';

const ZERO = new Fraction(0n);
const ONE = new Fraction(1n);

/** The exact training loss of `net` on `data`: Σ|f(x_i) − y_i|, max|f(x_i) − y_i|, or Σ max(0, 1 − y_i f(x_i)). */
export function trainingLoss(net: Network, data: TrainingData, loss: TrainingLoss): Fraction {
  let total = ZERO;
  data.inputs.forEach((x, i) => {
    const f = evaluate(net, x)[0];
    const y = data.targets[i];
    if (loss === 'hinge') {
      const margin = ONE.sub(y.mul(f));
      if (margin.compare(0) > 0) total = total.add(margin);
    } else {
      const error = f.sub(y).abs();
      total = loss === 'l1' ? total.add(error) : error.compare(total) > 0 ? error : total;
    }
  });
  return total;
}

/** The shape of a one-hidden-layer network: its width and whether its output bias is nonzero. */
export interface OneHiddenLayer {
  readonly width: number;
  readonly hasOutputBias: boolean;
}

/**
 * Checks that `net` is x ↦ v·relu(W x + b) + c with one output and `inputs` inputs.
 * @throws InputError naming the misfit (layer count, activations, output size, input size).
 */
export function oneHiddenLayerShape(net: Network, inputs: number, file?: string): OneHiddenLayer {
  const where = file !== undefined ? { file } : {};
  if (net.layers.length !== 2) throw new InputError('unsupported', `expected one hidden ReLU layer and a linear output layer, got ${net.layers.length} layers`, { ...where, path: 'layers' });
  const [hidden, output] = net.layers;
  if (hidden.activation !== 'relu') throw new InputError('unsupported', 'the hidden layer must have ReLU activation', { ...where, path: 'layers[0].activation' });
  if (output.activation !== 'identity') throw new InputError('unsupported', 'the output layer must be linear (identity activation)', { ...where, path: 'layers[1].activation' });
  if (output.outputs !== 1) throw new InputError('dimension', `expected one output, got ${output.outputs}`, { ...where, path: 'layers[1]' });
  if (net.inputs !== inputs) throw new InputError('dimension', `the network has ${net.inputs} inputs, the data have ${inputs} input columns`, { ...where, path: 'inputs' });
  return { width: hidden.outputs, hasOutputBias: output.bias[0].n !== 0n };
}

/** What {@link verifyOptimal} finds. */
export type OptimalityResult =
  | { readonly status: 'holds'; readonly loss: Fraction; readonly optimum: Fraction; readonly training: Extract<TrainResult, { status: 'optimal' }> }
  | {
      readonly status: 'violated';
      readonly loss: Fraction;
      readonly optimum: Fraction;
      /** A network of the same class attaining the optimum. */
      readonly better: Network;
      readonly training: Extract<TrainResult, { status: 'optimal' }>;
    }
  | {
      readonly status: 'unknown';
      readonly reason: 'max-lps' | StopReason;
      readonly loss: Fraction;
      /** The best network the search found, if better than `net` — not proven optimal. */
      readonly better: BestNetwork | undefined;
      readonly stats: TrainStats;
    };

/**
 * Decides whether `net` attains the global optimum of `loss` on `data` among networks of its
 * width (with an output bias when `outputBias` is set or `net` has a nonzero one).
 * @throws InputError when `net` is not a one-hidden-layer network fitting the data.
 */
export function verifyOptimal(net: Network, data: TrainingData, options: Omit<TrainOptions, 'width'> & { readonly file?: string }): OptimalityResult {
  const shape = oneHiddenLayerShape(net, data.inputs[0].length, options.file);
  checkDataForLoss(data, options.loss);
  const loss = trainingLoss(net, data, options.loss);
  const outputBias = (options.outputBias ?? false) || shape.hasOutputBias;
  const training = trainOptimal(data, { ...options, width: shape.width, outputBias });
  if (training.status === 'unknown') {
    const better = training.best !== undefined && training.best.loss.compare(loss) < 0 ? training.best : undefined;
    return { status: 'unknown', reason: training.reason, loss, better, stats: training.stats };
  }
  const cmp = loss.compare(training.optimum);
  if (cmp < 0) throw new Error('internal error: a network beats the certified optimum');
  if (cmp === 0) return { status: 'holds', loss, optimum: training.optimum, training };
  return { status: 'violated', loss, optimum: training.optimum, better: training.best.network, training };
}
