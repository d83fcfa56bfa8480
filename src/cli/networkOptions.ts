/**
 * The options every command that reads a network shares: the file format (from the extension
 * unless `--from` says otherwise) and, for .nnet files, which semantics to load.
 */
import type { Command } from 'commander';
import { readNetworkFile } from '../formats/index.js';
import type { NnetSemantics } from '../formats/nnet.js';
import { InputError } from '../errors.js';
import { MAX_DENSE_MAP_ENTRIES, type Network, checkDenseMapSize } from '../network/model.js';
import { parseChoice } from './arguments.js';

/** Parsed network-reading options. */
export interface NetworkReadOptions {
  from?: string;
  nnet?: string;
}

const FORMATS = ['json', 'nnet', 'onnx'] as const;
const SEMANTICS = ['raw', 'normalized'] as const;

/** Adds `--from` and `--nnet` to a command. */
export function addNetworkOptions(command: Command): Command {
  return command
    .option('--from <format>', `network file format: ${FORMATS.join(', ')} (default: from the extension)`)
    .option('--nnet <semantics>', '.nnet semantics: raw (the stored network, on normalized units) or normalized (input/output normalization folded in)', 'raw');
}

/**
 * Reads a network file as the options say. `denseMapsFor` names a command that builds dense
 * affine maps (width × inputs exact integers): the network is refused (exit 2, naming the field)
 * when they would pass {@link MAX_DENSE_MAP_ENTRIES}, before anything of that size is allocated.
 */
export function readNetwork(file: string, options: NetworkReadOptions, denseMapsFor?: string): Network {
  const format = options.from === undefined ? undefined : parseChoice(options.from, FORMATS, '--from');
  const nnetSemantics: NnetSemantics = parseChoice(options.nnet ?? 'raw', SEMANTICS, '--nnet');
  const net = readNetworkFile(file, { ...(format !== undefined ? { format } : {}), nnetSemantics });
  if (denseMapsFor !== undefined) {
    try {
      checkDenseMapSize(net, denseMapsFor);
    } catch (e) {
      throw e instanceof InputError ? e.inFile(file) : e;
    }
  }
  return net;
}
