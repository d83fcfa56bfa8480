/**
 * `verify spec` on ACAS Xu (issue 13 part 6): the library's verifySpecification on the VNN-COMP
 * 2021 instances of the chosen properties, each certificate re-checked by the independent checker.
 * One JSON line per instance (verdict, expected, seconds, nodes, leaves, certificate size, check
 * seconds), then one summary line per property. Timings are measurements, never test assertions.
 *
 * Usage: node dist/benchmarks/spec.js [--props 3,4] [--nets 1_1,1_7] [--timeout 116]
 *        [--workers K] [--csv FILE]; also `npm run bench -- spec` (φ3 and φ4, 116 s each).
 * With --workers K the instances run on K worker threads started once (as `vnncomp --workers K`);
 * `seconds` is the wall time of each call either way.
 * RELUCERT_ACASXU_DIR overrides the data folder (default ../shared/data/acasxu).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { specCertificate } from '../src/properties/specification/certificate.js';
import { formatCertificate } from '../src/certificates/write.js';
import { checkCertificate } from '../src/checker/index.js';
import { readNetworkFile } from '../src/formats/index.js';
import { readVnnlib } from '../src/formats/vnnlib.js';
import { outputSize } from '../src/network/model.js';
import { specificationWorkers, verifySpecificationParallel } from '../src/properties/specification/parallel.js';

const DATA = process.env.RELUCERT_ACASXU_DIR ?? new URL('../../../shared/data/acasxu', import.meta.url).pathname;

function argument(args: readonly string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

interface Row {
  net: string;
  prop: string;
  expected: string;
  verdict: string;
  seconds: number;
  nodes: number;
  leaves: number;
  certificateBytes: number;
  checkSeconds: number;
  valid: boolean | undefined;
}

/** Runs the benchmark (see the module comment). */
export async function main(args: readonly string[] = []): Promise<void> {
  const props = (argument(args, '--props') ?? '3,4').split(',');
  const nets = argument(args, '--nets')?.split(',');
  const timeout = Number(argument(args, '--timeout') ?? 116);
  const csv = argument(args, '--csv');
  const workers = Number(argument(args, '--workers') ?? 1);
  const threads = workers > 1 ? specificationWorkers(workers) : undefined;
  const expected = new Map<string, string>();
  for (const line of readFileSync(`${DATA}/acasxu_expected_vnncomp2021.csv`, 'utf8').trim().split('\n').slice(1)) {
    const [net, prop, answer] = line.split(',');
    expected.set(`${net},${prop}`, answer as string);
  }
  const instances = readFileSync(`${DATA}/acasxu_instances.csv`, 'utf8')
    .trim()
    .split('\n')
    .map((line) => line.split(','))
    .filter(([onnx, vnnlib]) => props.some((p) => vnnlib === `vnnlib/prop_${p}.vnnlib`) && (nets === undefined || nets.some((n) => onnx?.includes(`_${n}_batch`))));
  const rows: Row[] = [];
  const load = loadavg();
  for (const [onnx, vnnlib] of instances) {
    const net = readNetworkFile(`${DATA}/${onnx}`);
    const spec = readVnnlib(`${DATA}/${vnnlib}`, { inputs: net.inputs, outputs: outputSize(net) });
    const name = (onnx as string).replace('onnx/', '');
    const prop = (vnnlib as string).replace('vnnlib/', '');
    const started = performance.now();
    const r = await verifySpecificationParallel(net, spec, { deadline: Date.now() + timeout * 1000, ...(threads !== undefined ? { threads } : {}) });
    const seconds = (performance.now() - started) / 1000;
    const row: Row = {
      net: name,
      prop,
      expected: expected.get(`${name},${prop}`) ?? '?',
      verdict: r.status === 'holds' ? 'unsat' : r.status === 'violated' ? 'sat' : 'unknown',
      seconds,
      nodes: r.stats.nodes,
      leaves: r.stats.leaves,
      certificateBytes: 0,
      checkSeconds: 0,
      valid: undefined,
    };
    if (r.status !== 'unknown') {
      const cert = specCertificate(net, spec, r, { embed: false });
      row.certificateBytes = formatCertificate(cert).length;
      const t0 = performance.now();
      row.valid = checkCertificate(cert, { network: net }).valid;
      row.checkSeconds = (performance.now() - t0) / 1000;
    }
    rows.push(row);
    console.log(JSON.stringify({ bench: 'spec', ...row, ok: row.verdict === row.expected }));
  }
  await threads?.close();
  if (csv !== undefined) {
    const keys = Object.keys(rows[0] ?? {}) as (keyof Row)[];
    writeFileSync(csv, `${keys.join(',')}\n${rows.map((r) => keys.map((k) => String(r[k])).join(',')).join('\n')}\n`);
  }
  for (const p of props) {
    const mine = rows.filter((r) => r.prop === `prop_${p}.vnnlib`);
    if (mine.length === 0) continue;
    const sum = (f: (r: Row) => number): number => mine.reduce((s, r) => s + f(r), 0);
    console.log(
      JSON.stringify({
        bench: 'spec-summary',
        prop: `prop_${p}`,
        instances: mine.length,
        correct: mine.filter((r) => r.verdict === r.expected).length,
        wrong: mine.filter((r) => r.verdict !== 'unknown' && r.verdict !== r.expected).length,
        unknown: mine.filter((r) => r.verdict === 'unknown').length,
        invalidCertificates: mine.filter((r) => r.valid === false).length,
        seconds: sum((r) => r.seconds),
        maxSeconds: Math.max(...mine.map((r) => r.seconds)),
        checkSeconds: sum((r) => r.checkSeconds),
        certificateBytes: sum((r) => r.certificateBytes),
        workers,
        loadBefore: load.map((v) => v.toFixed(2)).join(' '),
        loadAfter: loadavg().map((v) => v.toFixed(2)).join(' '),
      }),
    );
  }
}

if (process.argv[1]?.endsWith('/benchmarks/spec.js')) await main(process.argv.slice(2));
