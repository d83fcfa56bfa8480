/**
 * `relucert check CERT`: re-verifies a certificate with the independent checker.
 * Exit 0 valid, 1 invalid (with the reason), 2 unreadable or not a certificate (a network, a
 * shard's part) or a hash-only network reference without `--network`.
 */
import type { Command } from 'commander';
import { checkCertificate } from '../../checker/index.js';
import { CERTIFICATE_FORMAT, SHARD_FORMAT } from '../../checker/schema/common.js';
import { InputError } from '../../errors.js';
import { NETWORK_FORMAT } from '../../network/json.js';
import { REGIONS_SHARD_FORMAT } from '../../regions/shard.js';
import { readJsonFile } from '../../io/files.js';
import { ExitCode } from '../exitCodes.js';
import { type CliIo, printJson } from '../io.js';
import { type NetworkReadOptions, addNetworkOptions, readNetwork } from '../networkOptions.js';

/**
 * Refuses, as bad input (exit 2), a file that is not a certificate at all — a network, a shard's
 * partial certificate, another JSON document — and a certificate that names its network by hash
 * only when no `--network` is given: these are usage mistakes, not certificates that fail (exit 1).
 * A document that claims to be a certificate goes to the checker, however broken it is.
 */
function requireCertificate(doc: unknown, file: string, networkGiven: boolean): void {
  const format = typeof doc === 'object' && doc !== null && !Array.isArray(doc) ? (doc as { format?: unknown }).format : undefined;
  if (format === CERTIFICATE_FORMAT) {
    const ref = (doc as { claim?: { network?: { sha256?: unknown; embedded?: unknown } } }).claim?.network;
    if (!networkGiven && typeof ref === 'object' && ref !== null && typeof ref.sha256 === 'string' && ref.embedded === undefined) {
      throw new InputError('usage', `the certificate names its network by its SHA-256 only (${ref.sha256}): pass the network with --network NET`, { file, path: 'claim.network' });
    }
    return;
  }
  const what =
    format === NETWORK_FORMAT
      ? `this is a network (${NETWORK_FORMAT}), not a certificate`
      : format === SHARD_FORMAT || format === REGIONS_SHARD_FORMAT
        ? `this is one shard's partial certificate (${format}): join the parts with relucert merge PARTS… -o CERT and check the result`
        : `expected a relucert certificate ("format": "${CERTIFICATE_FORMAT}"), got ${format === undefined ? 'no format field' : `format ${JSON.stringify(format)}`}`;
  throw new InputError('type', what, { file, path: 'format' });
}

/** Registers `check`. */
export function registerCheck(program: Command, io: CliIo, setExit: (code: number) => void): void {
  addNetworkOptions(
    program
      .command('check')
      .description('re-verify a certificate with the independent exact checker')
      .argument('<certificate>', 'certificate file (relucert.certificate/1 JSON)')
      .option('--network <file>', 'the network the certificate names, when it does not embed it')
      .option('--json', 'print the result as JSON'),
  ).action((file: string, options: NetworkReadOptions & { network?: string; json?: boolean }) => {
    const doc = readJsonFile(file);
    requireCertificate(doc, file, options.network !== undefined);
    const network = options.network === undefined ? undefined : readNetwork(options.network, options);
    const result = checkCertificate(doc, network === undefined ? {} : { network });
    if (options.json === true) {
      printJson(io, { file, ...result });
    } else if (result.valid) {
      io.out(`valid: ${result.summary}\n`);
    } else {
      io.out(`invalid: ${result.reason}${result.path === undefined ? '' : ` (at ${result.path})`}\n`);
    }
    setExit(result.valid ? ExitCode.ok : ExitCode.negative);
  });
}
