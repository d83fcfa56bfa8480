/**
 * The options every command that reads a network shares: the file format (from the extension
 * unless `--from` says otherwise) and, for .nnet files, which semantics to load.
 */
import type { Command } from 'commander';
import { readNetworkFile } from '../formats/index.js';
import type { NnetSemantics } from '../formats/nnet.js';
import type { Network } from '../network/model.js';
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

/** Reads a network file as the options say. */
export function readNetwork(file: string, options: NetworkReadOptions): Network {
  const format = options.from === undefined ? undefined : parseChoice(options.from, FORMATS, '--from');
  const nnetSemantics: NnetSemantics = parseChoice(options.nnet ?? 'raw', SEMANTICS, '--nnet');
  return readNetworkFile(file, { ...(format !== undefined ? { format } : {}), nnetSemantics });
}
