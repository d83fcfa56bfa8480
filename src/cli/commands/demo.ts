/**
 * `relucert demo`: the main job on a bundled example, end to end — exact evaluation where
 * float64 is wrong, a property refuted with a certificate, an impossible activation pattern
 * proved impossible with a Motzkin certificate, each certificate re-verified by the independent
 * checker, and a tampered certificate rejected.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import Fraction from 'fraction.js';
import { activationRegionCertificate } from '../../regions/activationRegionCertificate.js';
import { outputBoundCounterexample } from '../../properties/outputBound/certificate.js';
import type { Certificate } from '../../checker/schema/index.js';
import { writeCertificate } from '../../certificates/write.js';
import { checkCertificate } from '../../checker/index.js';
import { InputError } from '../../errors.js';
import { formatRational, ratio } from '../../exact/rational.js';
import { readNetworkFile } from '../../formats/index.js';
import { examplePath } from '../../io/packageRoot.js';
import { activationSigns, evaluate, formatSignPattern } from '../../network/evaluate.js';
import { denseWeights, type Network } from '../../network/model.js';
import { ExitCode } from '../exitCodes.js';
import { type CliIo, printJson } from '../io.js';

/**
 * Float64 evaluation, for contrast only: it never decides anything in relucert. Weights are
 * rounded to the nearest double the way a float framework would hold them.
 */
function floatEvaluate(net: Network, x: readonly number[]): number[] {
  let h = [...x];
  for (const layer of net.layers) {
    const w = denseWeights(layer).map((row) => row.map((v) => Number(v.n * (v.s < 0n ? -1n : 1n)) / Number(v.d)));
    const b = layer.bias.map((v) => Number(v.n * (v.s < 0n ? -1n : 1n)) / Number(v.d));
    h = w.map((row, i) => {
      const z = row.reduce((acc, wij, j) => acc + wij * (h[j] as number), b[i] as number);
      return layer.activation === 'relu' ? Math.max(z, 0) : z;
    });
  }
  return h;
}

interface DemoStep {
  readonly step: string;
  readonly certificate?: Certificate;
  readonly check?: ReturnType<typeof checkCertificate>;
  readonly [key: string]: unknown;
}

/** Registers `demo`. */
export function registerDemo(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('demo')
    .description('run the main job on a bundled example: exact evaluation, certificates, independent checking')
    .option('--out <dir>', 'also write the certificates into this folder (created if missing)')
    .option('--json', 'print the steps as JSON')
    .action((options: { out?: string; json?: boolean }) => {
      if (options.out !== undefined) {
        try {
          mkdirSync(options.out, { recursive: true });
        } catch (e) {
          const exists = (e as NodeJS.ErrnoException).code === 'EEXIST' || (e as NodeJS.ErrnoException).code === 'ENOTDIR';
          throw new InputError('io', exists ? 'cannot create the folder: a file of that name is in the way (--out names a folder)' : `cannot create the folder: ${(e as Error).message}`, { path: '--out', file: options.out });
        }
      }
      const file = examplePath('demo.json');
      const net = readNetworkFile(file);
      const say = (text: string): void => {
        if (options.json !== true) io.out(`${text}\n`);
      };
      const steps: DemoStep[] = [];
      say(`relucert demo — ${file}`);
      say(`network: y = 10^18 · |x1 + x2 − 3/10|, written as 10^18 · (relu(s) + relu(−s)), s = x1 + x2 − 3/10`);

      // 1. Exact evaluation where binary floating point gets the activation pattern wrong.
      const x = [ratio(1n, 10n), ratio(2n, 10n)];
      const exact = evaluate(net, x);
      const pattern = formatSignPattern(activationSigns(net, x));
      const float = floatEvaluate(net, [0.1, 0.2]);
      say('');
      say('1. exact evaluation at x = (1/10, 2/10)');
      say(`   exact:   y = ${exact.map(formatRational).join(', ')}   pattern ${pattern} (both neurons exactly at their kink)`);
      say(`   float64: y = ${float.join(', ')}   (in binary floating point −0.3 + 0.1 + 0.2 = ${-0.3 + 0.1 + 0.2}, not 0)`);
      steps.push({ step: 'exact-evaluation', input: x.map(formatRational), exact: exact.map(formatRational), float64: float, pattern });

      // 2. A false claim refuted with an exact counterexample.
      const box = [
        [ratio(0n), ratio(1n)],
        [ratio(0n), ratio(1n)],
      ] as const;
      const refuted = outputBoundCounterexample(net, box, [ratio(1n)], ratio(1n), { seed: 1, samples: 100 });
      if (refuted === undefined) throw new Error('the demo falsifier found no counterexample');
      const refutedCheck = checkCertificate(JSON.parse(JSON.stringify(refuted)));
      say('');
      say('2. claim: y ≤ 1 for every x in [0,1]^2');
      if (refuted.evidence.kind === 'counterexample') {
        say(`   violated at x = (${refuted.evidence.input.join(', ')}): y = ${refuted.evidence.output.join(', ')}`);
      }
      say(`   independent checker: ${refutedCheck.valid ? `valid — ${refutedCheck.summary}` : `INVALID — ${refutedCheck.reason}`}`);
      steps.push({ step: 'output-bound', certificate: refuted, check: refutedCheck });

      // 3. An impossible activation pattern, proved impossible.
      const impossible = activationRegionCertificate(net, ['++', '']);
      const impossibleCheck = checkCertificate(JSON.parse(JSON.stringify(impossible)));
      say('');
      say('3. claim: both hidden neurons are active on some open set (pattern ++)');
      say(`   verdict: ${impossible.verdict} — s > 0 and −s > 0 cannot both hold`);
      if (impossible.evidence.kind === 'motzkin') {
        say(`   Motzkin certificate: multipliers ${JSON.stringify(impossible.evidence.multipliers)} combine the rows to 0 < 0`);
      }
      say(`   independent checker: ${impossibleCheck.valid ? `valid — ${impossibleCheck.summary}` : `INVALID — ${impossibleCheck.reason}`}`);
      steps.push({ step: 'activation-region', certificate: impossible, check: impossibleCheck });

      // 4. A tampered certificate is rejected.
      const tampered = JSON.parse(JSON.stringify(refuted)) as { evidence: { input: string[] } };
      tampered.evidence.input[0] = formatRational(new Fraction(tampered.evidence.input[0] as string).add(ratio(1n, 1000n)));
      const tamperedCheck = checkCertificate(tampered);
      say('');
      say('4. the certificate of step 2 with its first input coordinate moved by 1/1000');
      say(`   independent checker: ${tamperedCheck.valid ? 'valid (unexpected!)' : `rejected — ${tamperedCheck.reason}`}`);
      steps.push({ step: 'tampered', check: tamperedCheck });

      if (options.out !== undefined) {
        const written = [join(options.out, 'demo-output-bound.json'), join(options.out, 'demo-activation-region.json')];
        writeCertificate(written[0] as string, refuted);
        writeCertificate(written[1] as string, impossible);
        say('');
        say(`certificates written: ${written.join(', ')} (re-check with: relucert check FILE)`);
      }
      const ok = refutedCheck.valid && impossibleCheck.valid && !tamperedCheck.valid;
      if (options.json === true) printJson(io, { example: file, ok, steps });
      if (!ok) throw new Error('the demo did not run as expected (see above)');
      setExit(ExitCode.ok);
    });
}
