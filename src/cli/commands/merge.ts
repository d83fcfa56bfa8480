/**
 * `relucert merge PARTS… -o CERT`: joins the partial certificates of `verify spec --shard I/K` or
 * `regions --shard I/K` into the certificate one run writes (src/properties/specification/shard.ts,
 * src/regions/shard.ts), checked by the
 * independent checker before it is written. Exit 0 written, 2 when a part is missing, repeated,
 * of another run, or leaves subtrees open (nothing is written then).
 */
import type { Command } from 'commander';
import { writeCertificate } from '../../certificates/write.js';
import { InputError } from '../../errors.js';
import { readJsonFile } from '../../io/files.js';
import { networkSha256 } from '../../network/hash.js';
import { SHARD_FORMAT, mergeSpecShards } from '../../properties/specification/shard.js';
import { REGIONS_SHARD_FORMAT, mergeRegionsShards } from '../../regions/shard.js';
import { ExitCode } from '../exitCodes.js';
import { type CliIo, printJson } from '../io.js';
import { type NetworkReadOptions, addNetworkOptions, readNetwork } from '../networkOptions.js';
import { certificateLine } from '../outputs.js';

/** Registers `merge`. */
export function registerMerge(program: Command, io: CliIo, setExit: (code: number) => void): void {
  addNetworkOptions(
    program
      .command('merge')
      .description('join the partial certificates of verify spec --shard I/K or regions --shard I/K into one certificate (the one a single run writes)')
      .argument('<parts...>', 'the K partial certificates, in any order')
      .requiredOption('-o, --output <file>', 'the certificate to write')
      .option('--network <file>', 'the network, when the parts name it by its SHA-256 only (--no-embed)')
      .option('--json', 'print the result as JSON'),
  ).action((files: string[], options: NetworkReadOptions & { output: string; network?: string; json?: boolean }) => {
    const parts = files.map((file) => {
      const doc = readJsonFile(file);
      if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw new InputError('type', 'a partial certificate is a JSON object', { file });
      return { file, part: doc as { format?: unknown } };
    });
    // The first part says which search the parts are of; the merge checks that every other agrees.
    const format = parts[0]?.part.format;
    const certificate =
      format === REGIONS_SHARD_FORMAT
        ? mergeRegionsShards(parts)
        : format === SHARD_FORMAT
          ? mergeSpecShards(parts)
          : (() => {
              throw new InputError('type', `not a shard's partial certificate (format ${JSON.stringify(format)}; expected ${SHARD_FORMAT} from verify spec --shard or ${REGIONS_SHARD_FORMAT} from regions --shard)`, { file: parts[0]?.file ?? '' });
            })();
    const network = options.network === undefined ? undefined : readNetwork(options.network, options);
    // Parts made with --no-embed name the network by its SHA-256 only: the writer's self-check needs it.
    const ref = (certificate.claim as { network?: { sha256?: string; embedded?: unknown } }).network;
    if (ref !== undefined && ref.embedded === undefined) {
      if (network === undefined) throw new InputError('usage', `the parts name the network by its SHA-256 only (${ref.sha256}): pass it with --network NET`, { path: '--network' });
      if (networkSha256(network) !== ref.sha256) throw new InputError('dimension', `this network's SHA-256 is ${networkSha256(network)}, the parts name ${ref.sha256}`, { file: options.network ?? '' });
    }
    writeCertificate(options.output, certificate, network !== undefined ? { network } : {});
    const shards = (parts[0]?.part as { shard?: { count?: number } } | undefined)?.shard?.count ?? 0;
    if (options.json === true) printJson(io, { verdict: certificate.verdict, parts: files.length, shards, certificate: options.output });
    else {
      io.out(`merged      ${files.length} part${files.length === 1 ? '' : 's'} of ${shards}: ${certificate.verdict}\n`);
      io.out(certificateLine(options.output, options.network !== undefined ? ` --network ${options.network}` : ''));
    }
    setExit(ExitCode.ok);
  });
}
