/**
 * VNN-COMP benchmark files around a batch of specifications: the instance list
 * (`onnx,vnnlib,timeout` per line, paths relative to the list's folder), the expected-verdict
 * table (`network,property,expected,…` with a header) and the verdict line of a result file.
 * Every problem is an {@link InputError} naming the file and line (and column where it helps), so a
 * batch is refused before anything runs.
 */
import { existsSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, resolve } from 'node:path';
import { InputError } from '../errors.js';
import { readInputText } from '../io/files.js';

/** One row of an instance list. */
export interface Instance {
  /** The network path as the list writes it. */
  readonly network: string;
  /** The property path as the list writes it. */
  readonly property: string;
  /** The paths resolved against the list's folder. */
  readonly networkPath: string;
  readonly propertyPath: string;
  /** The row's time limit in seconds (positive). */
  readonly timeout: number;
  /** The 1-based line of the row in the list. */
  readonly line: number;
  /** The file name stem of this instance's outputs ({@link instanceStem}). */
  readonly stem: string;
}

/** The VNN-COMP words of a result file's first line. */
export const VNNCOMP_VERDICTS = ['sat', 'unsat', 'timeout', 'unknown', 'error'] as const;
/** A VNN-COMP result word. */
export type VnncompVerdict = (typeof VNNCOMP_VERDICTS)[number];

/** A file name without its folder and its last extension: `onnx/ACASXU_1_1.onnx` → `ACASXU_1_1`. */
function stemOf(path: string): string {
  const name = basename(path);
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(0, dot) : name;
}

/**
 * The name stem of an instance's output files: network stem, two underscores, property stem
 * (`onnx/ACASXU_run2a_1_1_batch_2000.onnx`, `vnnlib/prop_1.vnnlib` →
 * `ACASXU_run2a_1_1_batch_2000__prop_1`); the result file is `STEM.txt`, the certificate
 * `STEM.cert.json`.
 */
export function instanceStem(network: string, property: string): string {
  return `${stemOf(network)}__${stemOf(property)}`;
}

/** The 1-based column of field `index` in a comma-separated line. */
function columnOf(text: string, index: number): number {
  let pos = 0;
  for (let i = 0; i < index; i++) pos = text.indexOf(',', pos) + 1;
  while (text[pos] === ' ' || text[pos] === '\t') pos++;
  return pos + 1;
}

/** Whether a file exists and is a regular file (following links). */
function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * Reads an instance list. Blank lines are skipped; a first line whose third field is not a number
 * (`onnx,vnnlib,timeout`) is a header. Every row is checked before the list is returned: three
 * fields, a positive timeout, both files present, no two rows writing the same result file.
 * @throws InputError naming `file:line:column` of the first bad row (and how many more rows have
 *   missing files).
 */
export function readInstanceList(file: string): Instance[] {
  const text = readInputText(file);
  const folder = dirname(file);
  const at = (line: number, column: number): { file: string; location: { line: number; column: number } } => ({ file, location: { line, column } });
  const instances: Instance[] = [];
  const missing: { line: number; column: number; detail: string }[] = [];
  const byStem = new Map<string, number>();
  const lines = text.split(/\r?\n/);
  let first = true;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] as string;
    if (raw.trim() === '') continue;
    const line = i + 1;
    const fields = raw.split(',').map((f) => f.trim());
    const header = first && fields.length === 3 && Number.isNaN(Number(fields[2]));
    first = false;
    if (header) continue;
    if (fields.length !== 3) throw new InputError('parse', `expected 3 comma-separated fields (onnx,vnnlib,timeout), got ${fields.length}`, at(line, 1));
    const [network, property, timeoutText] = fields as [string, string, string];
    if (network === '') throw new InputError('parse', 'the network path is empty', at(line, 1));
    if (property === '') throw new InputError('parse', 'the property path is empty', at(line, columnOf(raw, 1)));
    const timeout = Number(timeoutText);
    if (timeoutText === '' || !(timeout > 0) || !Number.isFinite(timeout)) {
      throw new InputError('parse', `expected a positive number of seconds as the timeout, got ${JSON.stringify(timeoutText)}`, at(line, columnOf(raw, 2)));
    }
    const networkPath = isAbsolute(network) ? network : resolve(folder, network);
    const propertyPath = isAbsolute(property) ? property : resolve(folder, property);
    if (!isFile(networkPath)) missing.push({ line, column: 1, detail: `network ${network} ${existsSync(networkPath) ? 'is not a regular file' : 'does not exist'} (looked at ${networkPath})` });
    if (!isFile(propertyPath)) missing.push({ line, column: columnOf(raw, 1), detail: `property ${property} ${existsSync(propertyPath) ? 'is not a regular file' : 'does not exist'} (looked at ${propertyPath})` });
    const stem = instanceStem(network, property);
    const twin = byStem.get(stem);
    if (twin !== undefined) throw new InputError('parse', `this row and line ${twin} would write the same result file ${stem}.txt (the same network and property file names)`, at(line, 1));
    byStem.set(stem, line);
    instances.push({ network, property, networkPath, propertyPath, timeout, line, stem });
  }
  const m = missing[0];
  if (m !== undefined) {
    const rows = [...new Set(missing.slice(1).map((x) => x.line))];
    const more = missing.length > 1 ? ` (and ${missing.length - 1} more missing file${missing.length > 2 ? 's' : ''}${rows.length > 0 ? `, line${rows.length > 1 ? 's' : ''} ${rows.slice(0, 10).join(', ')}${rows.length > 10 ? ', …' : ''}` : ''})` : '';
    throw new InputError('io', `${m.detail}${more}`, at(m.line, m.column));
  }
  if (instances.length === 0) throw new InputError('parse', 'the instance list has no rows (expected onnx,vnnlib,timeout lines)', { file });
  return instances;
}

/** An expected-verdict table: `sat` or `unsat` by network and property file name. */
export type ExpectedVerdicts = ReadonlyMap<string, 'sat' | 'unsat'>;

/** The key of an instance in {@link ExpectedVerdicts}: both file names, without folders. */
export function expectedKey(network: string, property: string): string {
  return `${basename(network)},${basename(property)}`;
}

/**
 * Reads a VNN-COMP expected-verdict CSV: a header naming at least the columns `network`,
 * `property` and `expected`, then one row per instance (`expected` is `sat` or `unsat`; rows with
 * another word, such as `unknown`, carry no expectation and are left out).
 * @throws InputError naming file and line.
 */
export function readExpectedVerdicts(file: string): ExpectedVerdicts {
  const lines = readInputText(file).split(/\r?\n/);
  const header = (lines[0] ?? '').split(',').map((h) => h.trim().toLowerCase());
  const col = (name: string): number => {
    const k = header.indexOf(name);
    if (k < 0) throw new InputError('parse', `the header has no column ${JSON.stringify(name)} (expected network,property,expected,…)`, { file, location: { line: 1, column: 1 } });
    return k;
  };
  const [n, p, e] = [col('network'), col('property'), col('expected')];
  const table = new Map<string, 'sat' | 'unsat'>();
  for (let i = 1; i < lines.length; i++) {
    const raw = lines[i] as string;
    if (raw.trim() === '') continue;
    const fields = raw.split(',').map((f) => f.trim());
    const [network, property, expected] = [fields[n], fields[p], fields[e]];
    if (network === undefined || property === undefined || expected === undefined || network === '' || property === '') {
      throw new InputError('parse', `expected the columns ${header.join(',')}, got ${fields.length} fields`, { file, location: { line: i + 1, column: 1 } });
    }
    if (expected === 'sat' || expected === 'unsat') table.set(expectedKey(network, property), expected);
  }
  return table;
}

/**
 * The verdict word of a VNN-COMP result file's text (its first non-blank line).
 * @throws InputError naming `file` when that line is not one of {@link VNNCOMP_VERDICTS}.
 */
export function parseResultVerdict(text: string, file: string): VnncompVerdict {
  const line = text.split(/\r?\n/).find((l) => l.trim() !== '')?.trim() ?? '';
  const word = line.toLowerCase();
  if (!(VNNCOMP_VERDICTS as readonly string[]).includes(word)) {
    throw new InputError('parse', `not a VNN-COMP result file: the first line is ${JSON.stringify(line.slice(0, 40))}, expected one of ${VNNCOMP_VERDICTS.join(', ')} (delete it, or rerun with --force)`, { file });
  }
  return word as VnncompVerdict;
}
