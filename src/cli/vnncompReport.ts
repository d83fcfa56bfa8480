/**
 * What `relucert vnncomp` prints: one line per instance and the summary table (docs/cli.md).
 */
import type { Instance, VnncompVerdict } from '../specification/instances.js';

/** The outcome of one instance of a batch. */
export interface InstanceOutcome {
  readonly instance: Instance;
  /** The result file (written now, or read back when skipped). */
  readonly result: string;
  readonly vnncomp: VnncompVerdict;
  /** Seconds the run took; undefined for a skipped instance. */
  readonly seconds: number | undefined;
  /** Whether the result file was already there (verdict read back, nothing run). */
  readonly skipped: boolean;
  /** The certificate file, when one was written (or is there for a skipped instance). */
  readonly certificate: string | undefined;
  /** Why an undecided run stopped. */
  readonly reason?: string;
  /** The expected verdict (`--expected`): sat or unsat, null when the table has none for it. */
  readonly expected?: 'sat' | 'unsat' | null;
}

/** Whether an outcome contradicts its expected verdict (sat against unsat or the reverse). */
export function isWrong(o: InstanceOutcome): boolean {
  return (o.vnncomp === 'sat' || o.vnncomp === 'unsat') && o.expected != null && o.vnncomp !== o.expected;
}

/** The verdict in relucert's words, with the VNN-COMP word. */
function verdictText(v: VnncompVerdict): string {
  return v === 'unsat' ? 'holds (unsat)' : v === 'sat' ? 'violated (sat)' : v;
}

/** One instance's line: network, property, verdict, seconds, certificate (or -), and the comparison. */
export function formatInstanceLine(o: InstanceOutcome): string {
  const seconds = o.skipped ? 'skipped' : `${(o.seconds ?? 0).toFixed(2)} s`;
  const check = o.expected === undefined ? '' : o.expected === null ? '  (no expected verdict)' : isWrong(o) ? `  WRONG: expected ${o.expected}` : o.vnncomp === o.expected ? '  as expected' : `  (expected ${o.expected})`;
  return `${o.instance.network}  ${o.instance.property}  ${verdictText(o.vnncomp)}  ${seconds}  ${o.certificate ?? '-'}${check}\n`;
}

/** The summary of a batch (also the `summary` of --json). */
export interface BatchSummary {
  /** Rows of the instance list. */
  readonly instances: number;
  /** Instances with an outcome (fewer than `instances` when interrupted). */
  readonly done: number;
  readonly holds: number;
  readonly violated: number;
  readonly timeout: number;
  readonly unknown: number;
  /** Result files read back as `error`. */
  readonly error: number;
  /** Of `done`, how many were skipped (their verdict read back). */
  readonly skipped: number;
  /** Not decided: timeout + unknown + error. */
  readonly undecided: number;
  /** Seconds of the instances run now (skipped ones not counted). */
  readonly totalSeconds: number;
  readonly medianSeconds: number | null;
  /** With --expected: instances compared, agreeing, wrong (sat vs unsat). */
  readonly compared?: number;
  readonly agree?: number;
  readonly wrong: number;
}

function median(xs: readonly number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const h = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[h] as number) : ((s[h - 1] as number) + (s[h] as number)) / 2;
}

/** Counts per verdict and the time of a batch. */
export function summarize(outcomes: readonly InstanceOutcome[], instances: number, withExpected: boolean): BatchSummary {
  const count = (v: VnncompVerdict): number => outcomes.filter((o) => o.vnncomp === v).length;
  const times = outcomes.flatMap((o) => (o.seconds !== undefined ? [o.seconds] : []));
  const compared = outcomes.filter((o) => o.expected != null && (o.vnncomp === 'sat' || o.vnncomp === 'unsat'));
  const wrong = outcomes.filter(isWrong).length;
  const [timeout, unknown, error] = [count('timeout'), count('unknown'), count('error')];
  return {
    instances,
    done: outcomes.length,
    holds: count('unsat'),
    violated: count('sat'),
    timeout,
    unknown,
    error,
    skipped: outcomes.filter((o) => o.skipped).length,
    undecided: timeout + unknown + error,
    totalSeconds: times.reduce((a, b) => a + b, 0),
    medianSeconds: median(times),
    ...(withExpected ? { compared: compared.length, agree: compared.length - wrong } : {}),
    wrong,
  };
}

/** The summary table printed after the instance lines. */
export function formatSummary(s: BatchSummary, interrupted: boolean): string {
  const rows: [string, string][] = [
    ['holds (unsat)', `${s.holds}`],
    ['violated (sat)', `${s.violated}`],
    ['timeout', `${s.timeout}`],
    ['unknown', `${s.unknown + s.error}${s.error > 0 ? ` (${s.error} result files say error)` : ''}`],
    ['skipped', `${s.skipped} (result file already there; verdict read back and counted above)`],
    ['instances', `${s.done} of ${s.instances}${interrupted ? ' (interrupted: the rest did not run; rerun to resume)' : ''}`],
    ['seconds', `${s.totalSeconds.toFixed(2)} in all, median ${s.medianSeconds === null ? '-' : s.medianSeconds.toFixed(2)} (instances run now)`],
  ];
  if (s.compared !== undefined) rows.push(['expected', `${s.compared} decided and compared: ${s.agree ?? 0} agree, ${s.wrong} WRONG`]);
  const width = Math.max(...rows.map(([k]) => k.length));
  return `\n${rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n')}\n`;
}
