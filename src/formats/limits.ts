/**
 * Size limits of the dense file formats. `.nnet` stores every weight of a layer, zeros included,
 * and so does ONNX for the layers relucert writes densely (small or mostly nonzero ones; large
 * sparse layers become sparse initializers), so a sparse network with a modest file can denote a
 * dense matrix no machine holds (a [10^6, 10^6] layer with no entries). Writers check the stored
 * size before allocating anything.
 */
import { InputError } from '../errors.js';
import type { Network } from '../network/model.js';

/**
 * The most weights (rows × columns, summed over layers) a dense export writes: 2^26, which is
 * 512 MiB of float64 ONNX data (protobuf messages stop at 2 GiB) and well inside the longest
 * string JavaScript holds for `.nnet` text of short decimals.
 */
export const MAX_DENSE_EXPORT_WEIGHTS = 2 ** 26;

/**
 * Throws an InputError naming the first layer at which the dense weight count passes the limit.
 * `stored` counts what a layer takes in the file (default: every weight, densely).
 */
export function checkDenseExport(net: Network, format: string, stored: (layer: Network['layers'][number]) => number = (l) => l.outputs * l.inputs): void {
  let total = 0;
  net.layers.forEach((layer, k) => {
    total += stored(layer);
    if (total > MAX_DENSE_EXPORT_WEIGHTS) {
      throw new InputError(
        'unsupported',
        `${format} stores every weight densely: this network has ${total.toLocaleString('en-US')} weights up to this layer (${layer.outputs} × ${layer.inputs} here); at most ${MAX_DENSE_EXPORT_WEIGHTS.toLocaleString('en-US')} can be written`,
        { path: `layers[${k}]` },
      );
    }
  });
}
