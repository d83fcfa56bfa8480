/**
 * `relucert regions NET`: the activation regions with nonempty interior on a domain, counted
 * exactly, with an optional certificate (the split tree) and a picture for 2-input networks.
 */
import type { Command } from 'commander';
import { regionsCertificate } from '../../regions/certificate.js';
import { writeCertificate } from '../../certificates/write.js';
import { InputError } from '../../errors.js';
import { type Shard, parseShard } from '../../engine/shardOption.js';
import type { Network } from '../../network/model.js';
import { formatRational } from '../../exact/rational.js';
import { writeFileAtomic } from '../../io/files.js';
import { affineMapToRationals } from '../../network/affine.js';
import { type Domain, domainToJson, parseBox, readDomainFile } from '../../regions/domain.js';
import type { RegionStats } from '../../regions/enumerate.js';
import { enumerateRegionsParallel } from '../../regions/parallel.js';
import { regionsSvg } from '../../regions/svg.js';
import { deadlineAfter, parseLimit, parseTimeout, parseWorkers } from '../arguments.js';
import { ExitCode } from '../exitCodes.js';
import { type CliIo, printJson } from '../io.js';
import { certificateLine } from '../outputs.js';
import { type NetworkReadOptions, addNetworkOptions, readNetwork } from '../networkOptions.js';
import { count } from '../words.js';

interface RegionsOptions extends NetworkReadOptions {
  box?: string;
  domain?: string;
  json?: boolean;
  list?: boolean;
  certificate?: string;
  svg?: string;
  maxRegions?: string;
  timeout?: string;
  workers?: string;
  shard?: string;
  progress?: boolean;
}

/** How a partial run says why it stopped. */
export function stoppedWords(reason: string | undefined): string {
  return reason === 'interrupted' ? 'interrupted' : `stopped by ${reason ?? 'a limit'}`;
}

/** Reads `--box`/`--domain` (at most one; neither: all of R^n). */
export function readDomainOptions(options: { box?: string; domain?: string }, inputs: number): Domain {
  if (options.box !== undefined && options.domain !== undefined) throw new InputError('usage', 'give either --box or --domain, not both', { path: '--domain' });
  if (options.box !== undefined) return parseBox(options.box, inputs);
  if (options.domain !== undefined) return readDomainFile(options.domain, inputs);
  return { kind: 'all' };
}

function statsJson(stats: RegionStats, workers: number): Record<string, number> {
  return {
    lps: stats.lps,
    fallbacks: stats.lp.fallbacks,
    seconds: stats.seconds,
    decisions: stats.decisions,
    splits: stats.splits,
    rays: stats.rays,
    paths: stats.paths,
    interval: stats.interval,
    constant: stats.constant,
    vertex: stats.vertex,
    workers,
  };
}

/** Registers `regions`. */
export function registerRegions(program: Command, io: CliIo, setExit: (code: number) => void): void {
  addNetworkOptions(
    program
      .command('regions')
      .description('count the activation regions with nonempty interior exactly, with a certificate')
      .argument('<network>', 'network file (.json, .nnet, .onnx)')
      .option('--box <box>', 'domain box: "lo:hi" for every input or "l1:u1,l2:u2,…" (default: all of R^n)')
      .option('--domain <file>', 'domain file (relucert.domain/1: a box or linear constraints)')
      .option('--list', 'also list every region: pattern, interior point, affine map of the outputs')
      .option('--certificate <file>', 'write the certificate (the split tree) to this file')
      .option('--svg <file>', 'write a picture of the regions (2-input networks on a box)')
      .option('--max-regions <n>', 'stop after this many regions (exit 3, partial)')
      .option('--timeout <seconds>', 'stop after this many seconds (exit 3, partial)')
      .option('--workers <k>', 'explore the split tree on k worker threads (default 1; the same regions and certificate for every k)')
      .option('--shard <I/K>', 'explore the I-th of K parts of the tree and write its partial certificate to --certificate (join the K parts with relucert merge; docs/cluster.md)')
      .option('--progress', 'print progress on stderr even when it is not a terminal (one line every 1000 decisions)')
      .option('--json', 'print the result as JSON'),
  ).action(async (file: string, options: RegionsOptions) => {
    const maxRegions = options.maxRegions === undefined ? undefined : parseLimit(options.maxRegions, '--max-regions', io.err);
    const timeout = parseTimeout(options.timeout, io.err);
    const workers = parseWorkers(options.workers);
    const shard = options.shard === undefined ? undefined : shardOptions(options, workers, maxRegions);
    const net = readNetwork(file, options, 'regions');
    const domain = readDomainOptions(options, net.inputs);
    if (shard !== undefined) {
      await runRegionsShard(net, domain, shard, options as RegionsOptions & { certificate: string }, timeout, io, setExit);
      return;
    }
    if (options.svg !== undefined) {
      if (net.inputs !== 2) throw new InputError('usage', `a picture needs a network with 2 inputs; this one has ${count(net.inputs, 'input')}`, { path: '--svg' });
      if (domain.kind !== 'box') throw new InputError('usage', 'a picture needs a --box domain to draw the regions in', { path: '--svg' });
      if (domain.box.some(([lo, hi]) => lo.compare(hi) >= 0)) throw new InputError('usage', 'a picture needs a box with lo < hi in both coordinates (a flat box has no area to draw)', { path: '--svg' });
    }
    // On a terminal the progress line is redrawn in place; elsewhere (a log, a test) it is one line per report.
    const progress = options.progress === true || (io.errIsTty && options.json !== true);
    const redraw = io.errIsTty;
    const result = await enumerateRegionsParallel(net, domain, {
      workers,
      ...(maxRegions !== undefined ? { maxRegions } : {}),
      ...(timeout !== undefined ? { deadline: deadlineAfter(timeout) } : {}),
      keepTree: options.certificate !== undefined,
      ...(progress ? { onProgress: (s: RegionStats) => io.err(`${redraw ? '\r' : ''}regions ${s.regions}   LPs ${s.lps}   ${s.seconds.toFixed(1)} s ${redraw ? '' : '\n'}`) } : {}),
    });
    if (progress && redraw) io.err('\r\x1b[K');
    if (options.certificate !== undefined) {
      if (result.status !== 'stopped') writeCertificate(options.certificate, regionsCertificate(net, domain, result));
      else io.err(`relucert: no certificate written: the enumeration is partial (${stoppedWords(result.stoppedBy)})\n`);
    }
    if (options.svg !== undefined) {
      const info = { title: net.name ?? file, ...(net.inputNames ? { inputNames: net.inputNames } : {}), ...(result.status === 'stopped' ? { partial: stoppedWords(result.stoppedBy) } : {}) };
      writeFileAtomic(options.svg, regionsSvg(result.regions, domain, info));
    }
    const list = options.list === true
      ? result.regions.map((r) => {
          const { matrix, offset } = affineMapToRationals(r.output);
          return {
            pattern: r.pattern.map((layer) => layer.map((on) => (on ? '+' : '-')).join('')),
            point: r.point.map(formatRational),
            output: { matrix: matrix.map((row) => row.map(formatRational)), offset: offset.map(formatRational) },
          };
        })
      : undefined;
    if (options.json === true) {
      printJson(io, {
        file,
        domain: domainToJson(domain),
        regions: result.stats.regions,
        // The JSON keeps its shape: `complete` (true for an empty domain too) and `stoppedBy` when stopped.
        complete: result.status !== 'stopped',
        ...(result.status === 'stopped' ? { stoppedBy: result.stoppedBy } : {}),
        stats: statsJson(result.stats, workers),
        ...(options.certificate !== undefined && result.status !== 'stopped' ? { certificate: options.certificate } : {}),
        ...(options.svg !== undefined ? { svg: options.svg } : {}),
        ...(list !== undefined ? { list } : {}),
      });
    } else {
      const where = domain.kind === 'all' ? `R^${net.inputs}` : domain.kind === 'box' ? `box ${domain.box.map(([lo, hi]) => `[${formatRational(lo)}, ${formatRational(hi)}]`).join(' × ')}` : `polytope (${count(domain.system.constraints.length, 'constraint')})`;
      io.out(`regions   ${result.stats.regions}${result.status === 'stopped' ? `   PARTIAL: ${stoppedWords(result.stoppedBy)}; at least this many` : ''}\n`);
      io.out(`domain    ${where}${result.status === 'empty-domain' ? '   (empty interior: 0 regions)' : ''}\n`);
      const s = result.stats;
      io.out(`work      ${count(s.decisions, 'decision')}, ${count(s.splits, 'split')}, ${count(s.lps, 'certified LP')} (${count(s.lp.fallbacks, 'exact fallback')}), ${count(s.rays, 'ray split')}, ${count(s.paths, 'path split')}, ${count(s.vertex, 'vertex decision')}, ${s.interval} interval and ${count(s.constant, 'constant decision')}, ${s.seconds.toFixed(2)} s${workers > 1 ? ` on ${workers} worker threads` : ''}\n`);
      if (options.certificate !== undefined && result.status !== 'stopped') io.out(certificateLine(options.certificate));
      if (options.svg !== undefined) io.out(`picture   ${options.svg}\n`);
      for (const r of list ?? []) io.out(`  ${r.pattern.join('|')}   at (${r.point.join(', ')})   y = [${r.output.matrix.map((row) => row.join(' ')).join('; ')}] x + [${r.output.offset.join(', ')}]\n`);
    }
    setExit(result.status !== 'stopped' ? ExitCode.ok : ExitCode.unknown);
  });
}

/**
 * `regions --shard I/K --certificate PART`: one part of the split tree (src/regions/shard.ts), its
 * partial certificate written atomically. Exit 0 when every subtree of the part closed, 3 otherwise.
 */
/** `--shard I/K` and the options it needs or refuses, checked before any file is read. */
function shardOptions(options: RegionsOptions, workers: number, maxRegions: number | undefined): Shard {
  const shard = parseShard(options.shard as string);
  if (options.certificate === undefined) throw new InputError('usage', '--shard writes its partial certificate to --certificate FILE: give one', { path: '--shard' });
  for (const [given, option, why] of [
    [workers > 1, '--workers', 'run more shards instead of more threads'],
    [maxRegions !== undefined, '--max-regions', 'a count limit needs the whole tree'],
    [options.list === true, '--list', 'list the regions of a single run'],
    [options.svg !== undefined, '--svg', 'draw the regions of a single run'],
  ] as const) {
    if (given) throw new InputError('usage', `${option} does not go with --shard: ${why}`, { path: option });
  }
  return shard;
}

async function runRegionsShard(
  net: Network,
  domain: Domain,
  shard: Shard,
  options: RegionsOptions & { certificate: string },
  timeout: number | undefined,
  io: CliIo,
  setExit: (code: number) => void,
): Promise<void> {
  const { enumerateRegionsShard } = await import('../../regions/shard.js');
  const started = performance.now();
  const part = enumerateRegionsShard(net, domain, { shard, ...(timeout !== undefined ? { deadline: deadlineAfter(timeout) } : {}) });
  writeFileAtomic(options.certificate, `${JSON.stringify(part, null, 1)}\n`);
  const seconds = (performance.now() - started) / 1000;
  const name = `${shard.index + 1}/${shard.count}`;
  const closed = part.status === 'part' && part.open.length === 0;
  if (options.json === true) {
    printJson(io, { shard: name, status: part.status, subtrees: part.subtrees.length, open: part.open.length, ...(part.reason !== undefined ? { reason: part.reason } : {}), partial: options.certificate, seconds });
  } else {
    const what = part.status === 'unknown' ? `UNKNOWN: ${part.reason}` : part.tasks === 0 ? 'the whole tree closed above the cut (every part holds it)' : `${count(part.subtrees.length, 'subtree')} closed${part.open.length > 0 ? `, ${part.open.length} not closed (${part.reason})` : ''}`;
    io.out(`shard ${name}   ${what}   ${seconds.toFixed(1)} s\n`);
    io.out(`partial     ${options.certificate} (join all ${shard.count} with: relucert merge PARTS… -o CERT)\n`);
  }
  setExit(closed ? ExitCode.ok : ExitCode.unknown);
}
