/**
 * `relucert check CERT`: re-verifies a certificate with the independent checker.
 * Exit 0 valid, 1 invalid (with the reason), 2 unreadable.
 */
import type { Command } from 'commander';
import { checkCertificate } from '../../checker/index.js';
import { readJsonFile } from '../../io/files.js';
import { ExitCode } from '../exitCodes.js';
import { type CliIo, printJson } from '../io.js';
import { type NetworkReadOptions, addNetworkOptions, readNetwork } from '../networkOptions.js';

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
