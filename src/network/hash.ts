/**
 * The SHA-256 that names a network in certificates: of the compact canonical JSON of what the
 * network computes (format, inputs, layers), so names and metadata do not change it.
 */
import { createHash } from 'node:crypto';
import { canonicalNetworkText } from './json.js';
import type { Network } from './model.js';

/** Hex SHA-256 of the network's canonical function text. */
export function networkSha256(net: Network): string {
  return createHash('sha256').update(canonicalNetworkText(net, 'function')).digest('hex');
}
