/**
 * `relucert verify sort NET` and `relucert verify equiv A B | NET --reference F`.
 *
 * verify sort: exact decision that N(x) = sort(x) (ascending) on a box or all of R^n, with a
 * counterexample or a certificate; `--compositional` instead checks the network against its
 * construction trace and proves the traced comparator network sorts (properties/sorting/compositional.ts), with a
 * `sort-compositional` certificate (properties/sorting/compositionalCertificate.ts) on request.
 * verify equiv: exact equivalence of two networks, with a counterexample or a certificate.
 * Exit code 0 holds, 1 violated, 2 bad input, 3 unknown (a limit).
 */
import type { Command } from 'commander';
import { equivalenceCertificate, sortCertificate } from '../../properties/sorting/certificate.js';
import { compositionalSortCertificate } from '../../properties/sorting/compositionalCertificate.js';
import { writeCertificate } from '../../certificates/write.js';
import { identityNetwork, traceOf } from '../../construct/calculus.js';
import { identityGadget, sort2Gadget } from '../../construct/gadgets.js';
import { InputError } from '../../errors.js';
import { formatRational } from '../../exact/rational.js';
import { outputSize } from '../../network/model.js';
import { compositionalSortProof } from '../../properties/sorting/compositional.js';
import { REFERENCES, type Reference, referenceNetwork, verifyEquivalent } from '../../properties/sorting/equivalence.js';
import { verifySort } from '../../properties/sorting/verifySort.js';
import { type Domain, domainToJson, parseBox, requireFullDimensional } from '../../regions/domain.js';
import { deadlineAfter, parseChoice, parseTimeout } from '../arguments.js';
import { ExitCode } from '../exitCodes.js';
import { type CliIo, printJson } from '../io.js';
import { certificateLine } from '../outputs.js';
import { type NetworkReadOptions, addNetworkOptions, readNetwork } from '../networkOptions.js';
import type { Network } from '../../network/model.js';
import { count } from '../words.js';

interface SortCliOptions extends NetworkReadOptions {
  box?: string;
  certificate?: string;
  embed?: boolean;
  json?: boolean;
  compositional?: boolean;
  timeout?: string;
}

interface EquivCliOptions extends NetworkReadOptions {
  box?: string;
  reference?: string;
  certificate?: string;
  json?: boolean;
  timeout?: string;
}

const vec = (v: readonly { toString(): string }[]): string => `(${v.join(', ')})`;

/** Registers `sort` under an existing `verify` command. */
export function registerVerifySort(verifyCommand: Command, io: CliIo, setExit: (code: number) => void): void {
  addNetworkOptions(
    verifyCommand
      .command('sort')
      .description('decide exactly whether the network computes sort(x) (ascending) for every input, with a counterexample or a certificate')
      .argument('<network>', 'network file (.json, .nnet, .onnx)')
      .option('--box <box>', 'decide on a box: "lo:hi" for every input or "l1:u1,…" (default: all of R^n)')
      .option('--certificate <file>', 'write the certificate to this file')
      .option('--no-embed', 'name the network in the certificate by its SHA-256 only (re-check with: relucert check FILE --network NET)')
      .option('--compositional', 'use the construction trace: check the weights against the traced gadgets and prove the comparator network sorts')
      .option('--timeout <seconds>', 'stop after this many seconds (exit 3)')
      .option('--json', 'print the result as JSON'),
  ).action((file: string, options: SortCliOptions) => {
    const net = readNetwork(file, options, 'verify sort');
    if (options.embed === false && options.certificate === undefined) io.err('relucert: --no-embed has no effect without --certificate\n');
    const m = outputSize(net);
    if (m !== net.inputs) throw new InputError('dimension', `verify sort needs as many outputs as inputs: the network maps R^${net.inputs} to R^${m}`, { file });
    if (options.compositional === true) {
      if (traceOf(net) === undefined) {
        const raw = net.metadata?.trace;
        if (raw !== undefined) {
          throw new InputError('type', 'not a construction trace (expected an object with "format": "relucert.trace/1", as `relucert build` writes)', { file, path: 'metadata.trace' });
        }
        throw new InputError('usage', 'the network carries no construction trace (metadata), so --compositional does not apply; drop --compositional to decide it by region enumeration', {
          file,
        });
      }
      if (options.box !== undefined) throw new InputError('usage', '--compositional proves sorting on all of R^n; it takes no --box', { path: '--box' });
      const r = compositionalSortProof(net);
      // A malformed trace is bad input (exit 2); weights that differ from a well-formed trace are a finding (exit 3).
      if (r.status === 'mismatch' && r.mismatch.kind === 'trace') throw new InputError('parse', `the construction trace is malformed: ${r.mismatch.message}`, { file, path: 'metadata.trace' });
      if (r.status === 'not-a-comparator-network') throw new InputError('unsupported', `--compositional: ${r.reason}; drop --compositional to decide it by region enumeration`, { file });
      // Part (a): the gadget lemmas the conclusion rests on, proved here by exact region enumeration.
      const lemmas = r.status === 'mismatch' ? [] : r.gadgetLemmas.map((lemma) => ({
        lemma,
        proved: lemma.startsWith('sort2')
          ? verifySort(sort2Gadget()).status === 'holds'
          : verifyEquivalent(identityGadget(), identityNetwork(1, 0)).status === 'holds',
      }));
      const lemmasHold = lemmas.every((l) => l.proved);
      const code = r.status === 'proved' && lemmasHold ? ExitCode.ok : r.status === 'refuted' ? ExitCode.negative : ExitCode.unknown;
      // The certificate re-proves the lemmas itself (their region trees) and records (b) and (c) so
      // that the independent checker can redo all three; written only for a decided verdict.
      let written: string | undefined;
      let noCertificate: string | undefined;
      if (options.certificate !== undefined && code !== ExitCode.unknown) {
        const outcome = compositionalSortCertificate(net, { result: r, embed: options.embed !== false });
        if (outcome.status === 'unknown') noCertificate = outcome.reason;
        else {
          writeCertificate(options.certificate, outcome.certificate, { network: net });
          written = options.certificate;
        }
      }
      if (options.json === true)
        printJson(io, {
          file,
          method: 'compositional',
          verdict: code === ExitCode.ok ? 'holds' : code === ExitCode.negative ? 'violated' : 'unknown',
          lemmas,
          result: r,
          ...(written !== undefined ? { certificate: written } : {}),
          ...(noCertificate !== undefined ? { noCertificate } : {}),
        });
      else if (r.status === 'mismatch') io.out(`sorts       UNKNOWN: the weights do not match the construction trace (${r.mismatch.message}); drop --compositional\n`);
      else {
        io.out(`sorts       ${code === ExitCode.ok ? 'yes' : code === ExitCode.negative ? 'NO' : 'UNKNOWN'}   (compositional: trace checked, comparator network ${r.sorting.status})\n`);
        if (r.sorting.status === 'refuted') io.out(`0-1 input   ${vec(r.sorting.input)} → ${vec(r.sorting.output)}\n`);
        if (r.sorting.status === 'unknown') io.out(`why         ${r.sorting.reason}\n`);
        for (const l of lemmas) io.out(`lemma       ${l.lemma}: ${l.proved ? 'proved by exact region enumeration' : 'NOT PROVED'}\n`);
      }
      if (options.json !== true && written !== undefined) io.out(certificateLine(written, options.embed === false ? ` --network ${file}` : ''));
      if (options.json !== true && noCertificate !== undefined) io.out(`certificate not written: ${noCertificate}\n`);
      setExit(code);
      return;
    }
    const domain: Domain = options.box === undefined ? { kind: 'all' } : parseBox(options.box, net.inputs);
    requireFullDimensional(domain, net.inputs, '--box');
    const timeout = parseTimeout(options.timeout, io.err);
    const result = verifySort(net, domain, timeout !== undefined ? { deadline: deadlineAfter(timeout) } : {});
    if (options.certificate !== undefined && result.status !== 'unknown') writeCertificate(options.certificate, sortCertificate(net, domain, result, { embed: options.embed !== false }), { network: net });
    if (options.certificate !== undefined && result.status === 'unknown') io.err(`relucert: no certificate written: the verdict is undecided (${result.reason})\n`);
    const base = {
      file,
      domain: domainToJson(domain),
      regions: result.stats.regions,
      seconds: result.stats.seconds,
      ...(options.certificate !== undefined && result.status !== 'unknown' ? { certificate: options.certificate } : {}),
    };
    if (options.json === true) {
      if (result.status === 'violated')
        printJson(io, { ...base, verdict: 'violated', x: result.x.map(formatRational), output: result.output.map(formatRational), sorted: result.expected.map(formatRational), reason: result.reason });
      else if (result.status === 'holds') printJson(io, { ...base, verdict: 'holds' });
      else printJson(io, { ...base, verdict: 'unknown', reason: result.reason });
    } else if (result.status === 'holds') {
      io.out(`sorts       yes   (N(x) = sort(x), ascending, on ${domain.kind === 'all' ? 'all of R^n' : 'the box'}: ${count(result.stats.regions, 'linear piece')}, each mapped by the permutation that sorts it)\n`);
    } else if (result.status === 'violated') {
      io.out(`sorts       NO    (${result.reason})\n`);
      io.out(`x           ${vec(result.x.map(formatRational))}\n`);
      io.out(`N(x)        ${vec(result.output.map(formatRational))}\n`);
      io.out(`sort(x)     ${vec(result.expected.map(formatRational))}\n`);
    } else io.out(`sorts       UNKNOWN: ${result.reason}\n`);
    if (options.json !== true && options.certificate !== undefined && result.status !== 'unknown') io.out(certificateLine(options.certificate, options.embed === false ? ` --network ${file}` : ''));
    setExit(result.status === 'holds' ? ExitCode.ok : result.status === 'violated' ? ExitCode.negative : ExitCode.unknown);
  });
}

/** Registers `equiv` under an existing `verify` command. */
export function registerVerifyEquiv(verifyCommand: Command, io: CliIo, setExit: (code: number) => void): void {
  addNetworkOptions(
    verifyCommand
      .command('equiv')
      .description('decide exactly whether two networks compute the same function (or one network a reference function: sort, max, min, median)')
      .argument('<a>', 'network file')
      .argument('[b]', 'second network file (or use --reference)')
      .option('--reference <function>', `compare with the construction library's network for ${REFERENCES.join(', ')} (themselves verified by the tests)`)
      .option('--box <box>', 'decide on a box (default: all of R^n)')
      .option('--certificate <file>', 'write the certificate to this file')
      .option('--timeout <seconds>', 'stop after this many seconds (exit 3)')
      .option('--json', 'print the result as JSON'),
  ).action((fileA: string, fileB: string | undefined, options: EquivCliOptions) => {
    if ((fileB === undefined) === (options.reference === undefined)) throw new InputError('usage', 'give either a second network B or --reference sort|max|min|median (exactly one)');
    const a = readNetwork(fileA, options, 'verify equiv');
    const reference = options.reference === undefined ? undefined : (parseChoice(options.reference, REFERENCES, '--reference') as Reference);
    const b = reference !== undefined ? referenceNetwork(reference, a.inputs) : readNetwork(fileB as string, options, 'verify equiv');
    const nameB = reference !== undefined ? `the reference ${reference}` : (fileB as string);
    const outputsOf = (net: Network): number => net.layers[net.layers.length - 1]?.outputs ?? net.inputs;
    if (b.inputs !== a.inputs || outputsOf(b) !== outputsOf(a)) {
      throw new InputError('dimension', `${fileA} maps R^${a.inputs} → R^${outputsOf(a)} but ${nameB} maps R^${b.inputs} → R^${outputsOf(b)}; equivalence needs equal sizes`);
    }
    const domain: Domain = options.box === undefined ? { kind: 'all' } : parseBox(options.box, a.inputs);
    requireFullDimensional(domain, a.inputs, '--box');
    const timeout = parseTimeout(options.timeout, io.err);
    const result = verifyEquivalent(a, b, domain, timeout !== undefined ? { deadline: deadlineAfter(timeout) } : {});
    const other = reference !== undefined ? `reference ${reference}` : (fileB as string);
    if (options.certificate !== undefined && result.status !== 'unknown') writeCertificate(options.certificate, equivalenceCertificate(a, b, domain, result));
    if (options.certificate !== undefined && result.status === 'unknown') io.err(`relucert: no certificate written: the verdict is undecided (${result.reason})\n`);
    if (options.json === true) {
      const written = options.certificate !== undefined && result.status !== 'unknown' ? { certificate: options.certificate } : {};
      const base = { a: fileA, b: other, domain: domainToJson(domain), stats: result.stats, ...written };
      if (result.status === 'violated') printJson(io, { ...base, verdict: 'violated', x: result.x.map(formatRational), outputA: result.outputA.map(formatRational), outputB: result.outputB.map(formatRational) });
      else printJson(io, { ...base, verdict: result.status === 'holds' ? 'holds' : 'unknown', ...(result.status === 'unknown' ? { reason: result.reason } : {}) });
    } else if (result.status === 'holds') {
      io.out(`equivalent  yes   (${fileA} = ${other} on ${domain.kind === 'all' ? 'all of R^n' : 'the box'}: ${count(result.stats.commonRegions, 'common linear piece')}, equal affine maps)\n`);
    } else if (result.status === 'violated') {
      io.out('equivalent  NO\n');
      io.out(`x           ${vec(result.x.map(formatRational))}\n`);
      io.out(`A(x)        ${vec(result.outputA.map(formatRational))}\n`);
      io.out(`B(x)        ${vec(result.outputB.map(formatRational))}\n`);
    } else io.out(`equivalent  UNKNOWN: ${result.reason}\n`);
    if (options.json !== true && options.certificate !== undefined && result.status !== 'unknown') io.out(certificateLine(options.certificate));
    setExit(result.status === 'holds' ? ExitCode.ok : result.status === 'violated' ? ExitCode.negative : ExitCode.unknown);
  });
}
