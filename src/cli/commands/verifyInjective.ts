/**
 * `relucert verify injective NET`: is the network injective (on a box or domain)? Exact, with a
 * counterexample pair or a proof, the argument that decided, and an optional certificate.
 * Exit code 0 injective, 1 not injective, 3 unknown (a limit), 2 bad input.
 */
import type { Command } from 'commander';
import { injectivityCertificate } from '../../properties/injectivity/certificate.js';
import { writeCertificate } from '../../certificates/write.js';
import { LimitReached } from '../../errors.js';
import { formatRational } from '../../exact/rational.js';
import { domainToJson } from '../../regions/domain.js';
import { type InjectivityResult, verifyInjective } from '../../properties/injectivity/verify.js';
import { deadlineAfter, parseChoice, parseLimit, parseTimeout } from '../arguments.js';
import { ExitCode } from '../exitCodes.js';
import { type CliIo, printJson } from '../io.js';
import { certificateLine } from '../outputs.js';
import { type NetworkReadOptions, addNetworkOptions, readNetwork } from '../networkOptions.js';
import { count } from '../words.js';
import { readDomainOptions } from './regions.js';
import { requireFullDimensional } from '../../regions/domain.js';

interface VerifyInjectiveCliOptions extends NetworkReadOptions {
  box?: string;
  domain?: string;
  method?: string;
  deep?: string;
  certificate?: string;
  timeout?: string;
  maxRegions?: string;
  json?: boolean;
}

function statsJson(result: InjectivityResult): Record<string, unknown> {
  const s = result.stats;
  return { seconds: s.seconds, stages: s.stages, cells: s.cells, searchLps: s.searchLps, ...(s.pairs !== undefined ? { pairs: s.pairs } : {}) };
}

/** Registers `injective` under an existing `verify` command. */
export function registerVerifyInjective(verifyCommand: Command, io: CliIo, setExit: (code: number) => void): void {
  addNetworkOptions(
    verifyCommand
      .command('injective')
      .description('decide exactly whether the network is injective (x ≠ y ⇒ N(x) ≠ N(y)), with a certificate')
      .argument('<network>', 'network file (.json, .nnet, .onnx)')
      .option('--box <box>', 'decide on a box: "lo:hi" for every input or "l1:u1,l2:u2,…" (default: all of R^n)')
      .option('--domain <file>', 'decide on a domain file (relucert.domain/1)')
      .option('--method <method>', 'one-layer method: auto (FGS for bias-free layers on R^n, else cells), cells, fgs', 'auto')
      .option('--deep <mode>', 'deep networks: auto (layer-wise test, then region pairs), layer-wise, pairs', 'auto')
      .option('--certificate <file>', 'write the certificate to this file')
      .option('--timeout <seconds>', 'stop after this many seconds (exit 3)')
      .option('--max-regions <n>', 'stop an enumeration after this many regions (exit 3)')
      .option('--json', 'print the result as JSON'),
  ).action((file: string, options: VerifyInjectiveCliOptions) => {
    const method = parseChoice(options.method ?? 'auto', ['auto', 'cells', 'fgs'] as const, '--method');
    const deep = parseChoice(options.deep ?? 'auto', ['auto', 'layer-wise', 'pairs'] as const, '--deep');
    const timeout = parseTimeout(options.timeout, io.err);
    const maxRegions = options.maxRegions === undefined ? undefined : parseLimit(options.maxRegions, '--max-regions', io.err);
    const net = readNetwork(file, options, 'verify injective');
    const domain = readDomainOptions(options, net.inputs);
    requireFullDimensional(domain, net.inputs, options.domain !== undefined ? '--domain' : '--box');
    let result: InjectivityResult;
    try {
      result = verifyInjective(net, {
        domain,
        method,
        deep,
        certify: options.certificate !== undefined,
        ...(timeout !== undefined ? { deadline: deadlineAfter(timeout) } : {}),
        ...(maxRegions !== undefined ? { maxRegions } : {}),
      });
    } catch (e) {
      if (!(e instanceof LimitReached) || options.json !== true) throw e;
      printJson(io, { file, domain: domainToJson(domain), verdict: 'unknown', reason: e.message });
      setExit(ExitCode.unknown);
      return;
    }
    if (options.certificate !== undefined && result.status !== 'unknown') writeCertificate(options.certificate, injectivityCertificate(net, domain, result));
    if (options.json === true) {
      const base = { file, domain: domainToJson(domain) };
      if (result.status === 'unknown') printJson(io, { ...base, verdict: 'unknown', reason: result.reason, stats: statsJson(result) });
      else if (result.status === 'holds') printJson(io, { ...base, verdict: 'holds', argument: result.argument, explanation: result.explanation, stats: statsJson(result) });
      else
        printJson(io, {
          ...base,
          verdict: 'violated',
          argument: result.argument,
          explanation: result.explanation,
          x: result.x.map(formatRational),
          y: result.y.map(formatRational),
          output: result.output.map(formatRational),
          stats: statsJson(result),
        });
    } else if (result.status === 'unknown') {
      io.out(`injective   UNKNOWN: ${result.reason}\n`);
    } else {
      io.out(`injective   ${result.status === 'holds' ? 'yes' : 'NO'}   (argument: ${result.argument})\n`);
      io.out(`why         ${result.explanation}\n`);
      if (result.status === 'violated') {
        io.out(`x           (${result.x.map(formatRational).join(', ')})\n`);
        io.out(`y           (${result.y.map(formatRational).join(', ')})\n`);
        io.out(`N(x) = N(y) (${result.output.map(formatRational).join(', ')})\n`);
      }
      const s = result.stats;
      const pairs = s.pairs === undefined ? '' : `, ${count(s.pairs.regions, 'region')}, ${count(s.pairs.pairs, 'pair')} (${s.pairs.separated} separated by bounds, ${s.pairs.linear} by linear algebra, ${count(s.pairs.lps, 'pair LP')}, ${count(s.pairs.boundLps, 'bound LP')})`;
      io.out(`work        ${count(s.stages, 'stage')}, ${count(s.cells, 'cell')}, ${count(s.searchLps, 'search LP')}${pairs}, ${s.seconds.toFixed(2)} s\n`);
      if (options.certificate !== undefined) io.out(certificateLine(options.certificate));
    }
    setExit(result.status === 'holds' ? ExitCode.ok : result.status === 'violated' ? ExitCode.negative : ExitCode.unknown);
  });
}
