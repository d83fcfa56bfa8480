/**
 * Basic ReLU gadgets with exact weights, each a network in standard form carrying a one-op
 * trace (see calculus.ts). The matrices are those of Huybrechs 2025 (arXiv 2506.19104; code
 * `AlgorithmicNeuralNets.jl`, `src/basicnets.jl`; NOTES §A.2), Telgarsky 2016 ("Benefits of depth
 * in neural networks", the tent map) and Arora, Basu, Mianjy, Mukherjee 2018 (ICLR, "Understanding
 * deep neural networks with rectified linear units", §3: the zigzag functions; NOTES §C.3).
 * The matrices are restated, for the independent trace checker, in docs/constructions.md.
 */
import { InputError } from '../errors.js';
import { ratio } from '../exact/rational.js';
import type { Network } from '../network/model.js';
import { gadgetNetwork, identityNetwork, smallLayer } from './calculus.js';

/**
 * |x| = relu(x) + relu(−x): hidden rows (x, −x), output [1 1] (Huybrechs `ann_abs`).
 */
export function absGadget(): Network {
  return gadgetNetwork('abs', undefined, 1, [smallLayer([[1], [-1]], [0, 0], 'relu'), smallLayer([[1, 1]], [0], 'identity')]);
}

/**
 * max(x, y) = relu(x − y) + relu(y) − relu(−y): hidden rows (x − y, y, −y), output [1 1 −1]
 * (Huybrechs `ann_max2`; the identity pair carries y, which may be negative).
 */
export function max2Gadget(): Network {
  return gadgetNetwork('max2', undefined, 2, [
    smallLayer(
      [
        [1, -1],
        [0, 1],
        [0, -1],
      ],
      [0, 0, 0],
      'relu',
    ),
    smallLayer([[1, 1, -1]], [0], 'identity'),
  ]);
}

/**
 * min(x, y) = y − relu(y − x) = −relu(y − x) + relu(y) − relu(−y): hidden rows (y − x, y, −y),
 * output [−1 1 −1] (Huybrechs `ann_min2`).
 */
export function min2Gadget(): Network {
  return gadgetNetwork('min2', undefined, 2, [
    smallLayer(
      [
        [-1, 1],
        [0, 1],
        [0, -1],
      ],
      [0, 0, 0],
      'relu',
    ),
    smallLayer([[-1, 1, -1]], [0], 'identity'),
  ]);
}

/**
 * The comparator (x, y) ↦ (min(x, y), max(x, y)) with 4 ReLUs: hidden rows
 * (x − y, y − x, y, −y), outputs min = −relu(y − x) + relu(y) − relu(−y) and
 * max = relu(x − y) + relu(y) − relu(−y), i.e. A2 = [[0 −1 1 −1], [1 0 1 −1]]
 * (Huybrechs `ann_sort2`, NOTES §A.2).
 */
export function sort2Gadget(): Network {
  return gadgetNetwork('sort2', undefined, 2, [
    smallLayer(
      [
        [1, -1],
        [-1, 1],
        [0, 1],
        [0, -1],
      ],
      [0, 0, 0, 0],
      'relu',
    ),
    smallLayer(
      [
        [0, -1, 1, -1],
        [1, 0, 1, -1],
      ],
      [0, 0],
      'identity',
    ),
  ]);
}

/** The identity on one wire through one hidden layer: relu(y) − relu(−y) (Huybrechs `ann_id`). */
export function identityGadget(): Network {
  return identityNetwork(1, 1);
}

/**
 * The tent (hat) map t(x) = 2 relu(x) − 4 relu(x − 1/2): 2x on [0, 1/2], 2 − 2x on [1/2, 1],
 * 0 for x ≤ 0 (Telgarsky 2016; the w = 2 zigzag of Arora et al. 2018). It maps [0, 1] onto [0, 1]
 * twice, so t^k has 2^k linear pieces there (Telgarsky 2016; Yarotsky 2017 §3.1).
 */
export function tentGadget(): Network {
  return gadgetNetwork('tent', undefined, 1, [smallLayer([[1], [1]], [0, ratio(-1n, 2n)], 'relu'), smallLayer([[2, -4]], [0], 'identity')]);
}

/**
 * The zigzag of Arora et al. 2018 (§3, "hard functions"; NOTES §C.3) with w equal pieces on
 * [0, 1]: breakpoints a_i = i/w, piece i maps [i/w, (i+1)/w] onto [0, 1], increasing for even i,
 * decreasing for odd i. One hidden layer of width w: h(x) = Σ_{i<w} c_i relu(x − i/w) with
 * slopes s_i = (−1)^i w, so c_0 = w and c_i = s_i − s_{i−1} = 2w(−1)^i. (Arora et al. allow any
 * breakpoints 0 < a_1 < … < a_{w−1} < 1; the equally spaced choice keeps the weights integers
 * apart from the biases.) For w = 2 this is the tent map.
 */
export function zigzagGadget(w: number): Network {
  if (!Number.isSafeInteger(w) || w < 2) throw new InputError('usage', `zigzag width w must be an integer ≥ 2, got ${w}`);
  const first = Array.from({ length: w }, () => [1]);
  const bias = Array.from({ length: w }, (_, i) => ratio(BigInt(-i), BigInt(w)));
  const out = Array.from({ length: w }, (_, i) => (i === 0 ? w : i % 2 === 0 ? 2 * w : -2 * w));
  return gadgetNetwork('zigzag', { w }, 1, [smallLayer(first, bias, 'relu'), smallLayer([out], [0], 'identity')]);
}
