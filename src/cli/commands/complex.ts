/**
 * `relucert complex NET`: the canonical polyhedral complex C(F) on R^n or a box, exactly
 * (vertices, sign sequences, cells with their facets, f-vector, Euler characteristic and Z/2
 * Betti numbers checked against their known values), or a precise non-generic verdict (exit 1).
 */
import type { Command } from 'commander';
import { complexCertificate } from '../../properties/complex/certificate.js';
import { writeCertificate } from '../../certificates/write.js';
import { InputError } from '../../errors.js';
import { formatRational } from '../../exact/rational.js';
import { writeFileAtomic } from '../../io/files.js';
import { computeComplex } from '../../properties/complex/complex.js';
import { formatSigns } from '../../properties/complex/hyperplanes.js';
import { complexJson, complexSummary, nonGenericLines } from '../../properties/complex/report.js';
import { complexSvg } from '../../properties/complex/svg.js';
import { type Domain, domainToJson, parseBox } from '../../regions/domain.js';
import { deadlineAfter, parseLimit, parseTimeout } from '../arguments.js';
import { ExitCode } from '../exitCodes.js';
import { type CliIo, printJson } from '../io.js';
import { certificateLine } from '../outputs.js';
import { type NetworkReadOptions, addNetworkOptions, readNetwork } from '../networkOptions.js';
import { count } from '../words.js';

interface ComplexCliOptions extends NetworkReadOptions {
  box?: string;
  withOutput?: boolean;
  json?: boolean;
  svg?: string;
  certificate?: string;
  maxVertices?: string;
  timeout?: string;
}

/** `--box` or all of R^n. */
export function complexDomain(box: string | undefined, inputs: number): Domain {
  return box === undefined ? { kind: 'all' } : parseBox(box, inputs);
}

/** Where the complex lives, in words. */
export function domainText(domain: Domain, n: number): string {
  return domain.kind === 'box' ? `box ${domain.box.map(([lo, hi]) => `[${formatRational(lo)}, ${formatRational(hi)}]`).join(' × ')} (its facets are hyperplanes)` : `R^${n} (unbounded cells; the point at infinity closes unbounded edges)`;
}

/** Registers `complex`. */
export function registerComplex(program: Command, io: CliIo, setExit: (code: number) => void): void {
  addNetworkOptions(
    program
      .command('complex')
      .description("compute the canonical polyhedral complex C(F) exactly (Masden): vertices, sign sequences, cells, f-vector, Euler characteristic, Z/2 Betti numbers; certified")
      .argument('<network>', 'network file (.json, .nnet, .onnx)')
      .option('--box <box>', 'domain box "lo:hi" or "l1:u1,l2:u2,…" (its facets become hyperplanes); default: all of R^n')
      .option('--with-output', "add the outputs' zero sets (the decision boundary) as hyperplanes")
      .option('--certificate <file>', 'write the certificate (the vertex list) to this file')
      .option('--svg <file>', 'write a picture of the complex (2-input networks)')
      .option('--max-vertices <n>', 'stop after this many vertices (exit 3)')
      .option('--timeout <seconds>', 'stop after this many seconds (exit 3)')
      .option('--json', 'print the result as JSON'),
  ).action((file: string, options: ComplexCliOptions) => {
    const maxVertices = options.maxVertices === undefined ? undefined : parseLimit(options.maxVertices, '--max-vertices', io.err);
    const timeout = parseTimeout(options.timeout, io.err);
    const net = readNetwork(file, options, 'complex');
    const domain = complexDomain(options.box, net.inputs);
    if (options.svg !== undefined && net.inputs !== 2) throw new InputError('usage', `a picture needs a network with 2 inputs (this one has ${count(net.inputs, 'input')})`, { path: '--svg' });
    const withOutput = options.withOutput === true;
    const result = computeComplex(net, domain, {
      withOutput,
      ...(maxVertices !== undefined ? { maxVertices } : {}),
      ...(timeout !== undefined ? { deadline: deadlineAfter(timeout) } : {}),
    });
    if (result.status === 'generic') {
      if (options.certificate !== undefined) writeCertificate(options.certificate, complexCertificate(net, domain, result, { withOutput }));
      if (options.svg !== undefined) writeFileAtomic(options.svg, complexSvg(result, { title: net.name ?? file, ...(net.inputNames ? { inputNames: net.inputNames } : {}) }));
    } else if (options.certificate !== undefined || options.svg !== undefined) {
      io.err('relucert: no certificate or picture written: the network is not generic on this domain\n');
    }
    if (options.json === true) {
      printJson(io, { file, domain: domainToJson(domain), withOutput, ...complexJson(result) });
    } else {
      io.out(`domain    ${domainText(domain, net.inputs)}\n`);
      io.out(`signs     ${count(result.arrangement.hyperplanes.length, 'hyperplane')}: ${result.arrangement.groups.map((g) => `${g.name} (${g.end - g.start})`).join(' | ')}\n`);
      if (result.status === 'generic') {
        io.out(`complex   generic; ${complexSummary(result)}\n`);
        io.out(`work      ${count(result.stats.walks, 'edge walk')}, ${result.stats.seconds.toFixed(2)} s\n`);
        if (options.certificate !== undefined) io.out(certificateLine(options.certificate));
        if (options.svg !== undefined) io.out(`picture   ${options.svg}\n`);
        io.out('vertices\n');
        for (const v of result.vertices) io.out(`  (${v.point.map(formatRational).join(', ')})   ${formatSigns(result.arrangement, v.signs)}\n`);
      } else {
        for (const line of nonGenericLines(result)) io.out(`${line}\n`);
      }
    }
    setExit(result.status === 'generic' ? ExitCode.ok : ExitCode.negative);
  });
}
