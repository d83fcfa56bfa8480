/**
 * The network the leaf bounds work on: the leaf functions (leafExact.ts, leafRigorous.ts) bound
 * c·z of an affine last layer, so a network that ends with a ReLU layer (or has no layer) gets an
 * identity layer appended — the same function, whose last ReLU layer is now a hidden layer with
 * its own relaxation (and can be split). The checker and the engine use the same extension, so
 * the slopes and phase splits of a certificate index the same layers.
 */
import Fraction from 'fraction.js';
import { type Layer, type Network, outputSize } from '../network/model.js';

const extended = new WeakMap<Network, Network>();

/** `net` itself when its last layer is affine, else `net` followed by an identity layer (cached). */
export function boundNetwork(net: Network): Network {
  const last = net.layers[net.layers.length - 1];
  if (last !== undefined && last.activation === 'identity') return net;
  const hit = extended.get(net);
  if (hit !== undefined) return hit;
  const m = outputSize(net);
  const identity: Layer = {
    inputs: m,
    outputs: m,
    rows: Array.from({ length: m }, (_, i) => ({ cols: [i], values: [new Fraction(1)] })),
    bias: new Array<Fraction>(m).fill(new Fraction(0)),
    activation: 'identity',
    storage: 'sparse',
  };
  const out: Network = { inputs: net.inputs, layers: [...net.layers, identity] };
  extended.set(net, out);
  return out;
}
