/**
 * Network files in any supported format: relucert.network/1 JSON, `.nnet` and ONNX. The format
 * comes from the extension unless the caller names it; every error names the file.
 */
import { InputError } from '../errors.js';
import { readInputBytes, readInputText, readJsonFile, requireReadableFile, writeFileAtomic } from '../io/files.js';
import { formatNetworkFile, networkFromJson } from '../network/json.js';
import type { Network } from '../network/model.js';
import { type NnetSemantics, formatNnet, nnetNetwork, parseNnet } from './nnet.js';
import { readOnnx, writeOnnx } from './onnx.js';

export { type NnetFile, type NnetSemantics, formatNnet, nnetNetwork, parseNnet } from './nnet.js';
export { type OnnxWriteOptions, readOnnx, writeOnnx } from './onnx.js';

/** A network file format. */
export type NetworkFormat = 'json' | 'nnet' | 'onnx';

const EXTENSIONS: Readonly<Record<string, NetworkFormat>> = { '.json': 'json', '.nnet': 'nnet', '.onnx': 'onnx' };

/**
 * The format of a network file from its extension (case-insensitive): `.json`, `.nnet`, `.onnx`.
 * @throws InputError('usage') for any other extension, naming the supported ones.
 */
export function detectFormat(path: string): NetworkFormat {
  const name = path.split(/[\\/]/).pop() ?? path;
  const dot = name.lastIndexOf('.');
  const format = dot > 0 ? EXTENSIONS[name.slice(dot).toLowerCase()] : undefined;
  if (format === undefined) {
    throw new InputError('usage', `cannot tell the network format from the file name; use one of ${Object.keys(EXTENSIONS).join(', ')} (or name the format: --from for a network read, --to for one written)`, {
      file: path,
    });
  }
  return format;
}

/** Options of {@link readNetworkFile}. */
export interface ReadNetworkOptions {
  /** The format; by default from the extension ({@link detectFormat}). */
  format?: NetworkFormat;
  /** Which network a `.nnet` file denotes (default `'raw'`: the stored network, see {@link NnetSemantics}). */
  nnetSemantics?: NnetSemantics;
}

/**
 * Reads a network file exactly.
 * @throws InputError naming the file: missing or unreadable, malformed, or unsupported content.
 */
export function readNetworkFile(path: string, options: ReadNetworkOptions = {}): Network {
  // A missing file or a directory is said as such, before its name's extension is looked at.
  if (options.format === undefined) requireReadableFile(path);
  const format = options.format ?? detectFormat(path);
  try {
    switch (format) {
      case 'json':
        return networkFromJson(readJsonFile(path), path);
      case 'nnet':
        return nnetNetwork(parseNnet(readInputText(path), path), options.nnetSemantics ?? 'raw');
      case 'onnx':
        return readOnnx(readInputBytes(path), path);
    }
  } catch (e) {
    throw e instanceof InputError ? e.inFile(path) : e;
  }
}

/** Options of {@link writeNetworkFile}. */
export interface WriteNetworkOptions {
  /** The format; by default from the extension ({@link detectFormat}). */
  format?: NetworkFormat;
  /** The ONNX weight type (default float64); weights must be exactly representable in it. */
  onnxDtype?: 'float32' | 'float64';
}

/**
 * Writes a network file atomically. The content is produced in full before anything touches the
 * disk, so a network the format cannot hold exactly (a non-decimal weight for `.nnet`, a weight
 * that is no float for ONNX) leaves no file, and a failed write leaves no temporary file.
 * @throws InputError naming the file and the offending weight.
 */
export function writeNetworkFile(path: string, net: Network, options: WriteNetworkOptions = {}): void {
  const format = options.format ?? detectFormat(path);
  let content: string | Uint8Array;
  try {
    switch (format) {
      case 'json':
        content = formatNetworkFile(net);
        break;
      case 'nnet':
        content = formatNnet(net);
        break;
      case 'onnx':
        content = writeOnnx(net, options.onnxDtype !== undefined ? { dtype: options.onnxDtype } : {});
        break;
    }
  } catch (e) {
    throw e instanceof InputError ? e.inFile(path) : e;
  }
  writeFileAtomic(path, content);
}
