/**
 * `relucert morse NET`: every vertex of C(F) classified exactly (PL-regular / critical with index
 * / degenerate) from the signs of the edge derivatives (Brooks & Masden 2024), the critical points
 * with exact coordinates and values, and on a box the discrete Morse gradient with Betti numbers
 * of sublevel sets and the Morse inequalities. Non-generic: exit 1; not one output: exit 2.
 */
import type { Command } from 'commander';
import type Fraction from 'fraction.js';
import { morseCertificate } from '../../properties/morse/certificate.js';
import { writeCertificate } from '../../certificates/write.js';
import { InputError } from '../../errors.js';
import { formatRational } from '../../exact/rational.js';
import { writeFileAtomic } from '../../io/files.js';
import { formatSigns } from '../../properties/complex/hyperplanes.js';
import { complexJson, complexSummary, nonGenericLines } from '../../properties/complex/report.js';
import { type MorseAnalysis, analyseMorse } from '../../properties/morse/morse.js';
import { morseSvg } from '../../properties/morse/svg.js';
import { domainToJson } from '../../regions/domain.js';
import { deadlineAfter, parseLimit, parseTimeout } from '../arguments.js';
import { ExitCode } from '../exitCodes.js';
import { type CliIo, printJson } from '../io.js';
import { certificateLine } from '../outputs.js';
import { type NetworkReadOptions, addNetworkOptions, readNetwork } from '../networkOptions.js';
import { count } from '../words.js';
import { complexDomain, domainText } from './complex.js';

interface MorseCliOptions extends NetworkReadOptions {
  box?: string;
  json?: boolean;
  svg?: string;
  certificate?: string;
  maxVertices?: string;
  timeout?: string;
}

const NAMES = ['minimum', 'saddle', 'maximum'];

function kindName(index: number, n: number): string {
  if (index === 0) return 'minimum';
  if (index === n) return 'maximum';
  return n === 2 ? (NAMES[1] as string) : `saddle (index ${index})`;
}

/** The `--json` shape of `relucert morse` (docs/complex.md). */
export function morseJson(a: MorseAnalysis): Record<string, unknown> {
  const cx = a.complex;
  const arr = cx.arrangement;
  return {
    status: 'analysed',
    fVector: cx.fVector,
    counts: a.counts,
    critical: a.critical.map((v) => ({
      point: (cx.vertices[v.vertex] as { point: readonly Fraction[] }).point.map(formatRational),
      value: formatRational(v.value),
      index: v.classification.kind === 'critical' ? v.classification.index : null,
      interior: v.interior,
    })),
    vertices: a.vertices.map((v) => {
      const vx = cx.vertices[v.vertex] as { point: readonly Fraction[]; signs: Int8Array };
      const c = v.classification;
      return {
        point: vx.point.map(formatRational),
        signs: formatSigns(arr, vx.signs),
        value: formatRational(v.value),
        class: c.kind,
        ...(c.kind === 'critical' ? { index: c.index } : {}),
        interior: v.interior,
        derivatives: v.derivatives.map((d) => ({ axis: arr.hyperplanes[d.axis]?.label, side: d.side > 0 ? '+' : '-', value: formatRational(d.value) })),
      };
    }),
    ...(a.discrete !== undefined
      ? {
          discreteGradient: {
            pairs: a.discrete.gradient.pairs.length,
            criticalCells: a.discrete.criticalCells,
            acyclic: true,
            bettiZ2: a.discrete.betti,
            sublevels: a.discrete.sublevels.map((s) => ({ t: formatRational(s.t), bettiZ2: s.betti })),
            morseInequalities: a.discrete.inequalities,
          },
        }
      : { discreteGradient: null, discreteOmitted: a.discreteOmitted }),
  };
}

/** Registers `morse`. */
export function registerMorse(program: Command, io: CliIo, setExit: (code: number) => void): void {
  addNetworkOptions(
    program
      .command('morse')
      .description('classify every vertex of C(F) as PL-regular, critical (with index) or degenerate from exact edge derivatives (Brooks–Masden); discrete Morse gradient, sublevel Betti numbers and Morse inequalities on a box; certified')
      .argument('<network>', 'network file with one output (.json, .nnet, .onnx)')
      .option('--box <box>', 'domain box "lo:hi" or "l1:u1,l2:u2,…" (needed for the discrete gradient); default: all of R^n')
      .option('--certificate <file>', 'write the certificate to this file')
      .option('--svg <file>', 'write a picture: cells shaded by F, level sets, critical points (2-input networks)')
      .option('--max-vertices <n>', 'stop after this many vertices (exit 3)')
      .option('--timeout <seconds>', 'stop after this many seconds (exit 3)')
      .option('--json', 'print the result as JSON'),
  ).action((file: string, options: MorseCliOptions) => {
    const maxVertices = options.maxVertices === undefined ? undefined : parseLimit(options.maxVertices, '--max-vertices', io.err);
    const timeout = parseTimeout(options.timeout, io.err);
    const net = readNetwork(file, options, 'morse');
    const domain = complexDomain(options.box, net.inputs);
    if (options.svg !== undefined && net.inputs !== 2) throw new InputError('usage', `a picture needs a network with 2 inputs (this one has ${count(net.inputs, 'input')})`, { path: '--svg' });
    const result = analyseMorse(net, domain, {
      ...(maxVertices !== undefined ? { maxVertices } : {}),
      ...(timeout !== undefined ? { deadline: deadlineAfter(timeout) } : {}),
    });
    if (result.status === 'analysed') {
      if (options.certificate !== undefined) writeCertificate(options.certificate, morseCertificate(net, domain, result));
      if (options.svg !== undefined) writeFileAtomic(options.svg, morseSvg(result, { title: net.name ?? file, ...(net.inputNames ? { inputNames: net.inputNames } : {}) }));
    } else if (options.certificate !== undefined || options.svg !== undefined) {
      io.err('relucert: no certificate or picture written: the network is not generic on this domain\n');
    }
    const n = net.inputs;
    if (options.json === true) {
      printJson(io, { file, domain: domainToJson(domain), ...(result.status === 'analysed' ? morseJson(result) : complexJson(result.complex)) });
    } else {
      io.out(`domain    ${domainText(domain, n)}\n`);
      if (result.status === 'non-generic') {
        for (const line of nonGenericLines(result.complex)) io.out(`${line}\n`);
      } else {
        const c = result.counts;
        io.out(`complex   ${complexSummary(result.complex)}\n`);
        io.out(`vertices  ${result.vertices.length}: ${c.regular} regular, ${result.critical.length} critical (${c.critical.map((k, i) => `${k} of index ${i}`).join(', ')}), ${c.degenerate} degenerate\n`);
        io.out('critical points (exact):\n');
        for (const v of result.critical) {
          const index = v.classification.kind === 'critical' ? v.classification.index : 0;
          const p = (result.complex.vertices[v.vertex] as { point: readonly Fraction[] }).point;
          io.out(`  index ${index} ${kindName(index, n).padEnd(9)} (${p.map(formatRational).join(', ')})   F = ${formatRational(v.value)}${v.interior ? '' : '   [on the box boundary: critical for F restricted to the box]'}\n`);
        }
        for (const v of result.vertices) {
          if (v.classification.kind !== 'degenerate') continue;
          const p = (result.complex.vertices[v.vertex] as { point: readonly Fraction[] }).point;
          io.out(`  degenerate (${p.map(formatRational).join(', ')})   F = ${formatRational(v.value)}: F is flat along ${count(v.classification.flat.length, 'edge')}\n`);
        }
        const d = result.discrete;
        if (d === undefined) io.out(`gradient  not computed: ${result.discreteOmitted}\n`);
        else {
          io.out(`gradient  acyclic lower-star matching, ${count(d.gradient.pairs.length, 'pair')}; critical cells by dimension (${d.criticalCells.join(', ')}) = critical points by index\n`);
          io.out(`homology  Z/2 Betti numbers of the box complex (${d.betti.join(', ')}); sublevel sets F ≤ t: ${d.sublevels.map((s) => `t = ${formatRational(s.t)}: (${s.betti.join(', ')})`).join('; ')}\n`);
          io.out(`morse     weak and strong Morse inequalities hold; Σ(−1)^k c_k = ${d.inequalities.euler} = χ\n`);
        }
        if (options.certificate !== undefined) io.out(certificateLine(options.certificate));
        if (options.svg !== undefined) io.out(`picture   ${options.svg}\n`);
      }
    }
    setExit(result.status === 'analysed' ? ExitCode.ok : ExitCode.negative);
  });
}
