/**
 * Training data for {@link trainOptimal}: a CSV file with a header naming the input columns and
 * the target, every cell an exact rational (decimal or `p/q` text, read by
 * {@link parseRational} — never through a binary float).
 *
 * Errors are {@link InputError}s located by line and column, so the CLI can print one line such as
 * `data.csv: line 7, column x2: "abc" is not a rational`.
 */
import type Fraction from 'fraction.js';
import { InputError } from '../../errors.js';
import { formatRational, parseRational } from '../../exact/rational.js';
import { readInputBytes } from '../../io/files.js';

/** The losses whose per-pattern problems are linear programs. */
export type TrainingLoss = 'l1' | 'linf' | 'hinge';

/** The losses, for option parsing. */
export const TRAINING_LOSSES: readonly TrainingLoss[] = ['l1', 'linf', 'hinge'];

/** A data set (x_i, y_i), i = 1..D, x_i ∈ Qⁿ, y_i ∈ Q. */
export interface TrainingData {
  /** Names of the n input columns, in column order. */
  readonly inputNames: readonly string[];
  /** Name of the target column. */
  readonly targetName: string;
  /** x_i, one row of n rationals per data point. */
  readonly inputs: readonly (readonly Fraction[])[];
  /** y_i, one per data point. */
  readonly targets: readonly Fraction[];
  /** The 1-based source line of each data point (for error messages), when read from text. */
  readonly lines?: readonly number[];
  /** The file the data came from, when there is one. */
  readonly file?: string;
}

/** Options of {@link parseTrainingCsv}. */
export interface CsvOptions {
  /** The target column's name (default: the last column). */
  readonly target?: string;
  /** Named in error messages. */
  readonly file?: string;
}

/** Splits one CSV line into trimmed cells. Quoted cells are unquoted ("" is a literal quote). */
function splitCells(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let k = 0; k < line.length; k++) {
    const ch = line[k] as string;
    if (quoted) {
      if (ch === '"' && line[k + 1] === '"') {
        cell += '"';
        k++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"' && cell.trim() === '') {
      quoted = true;
      cell = '';
    } else if (ch === ',') {
      cells.push(cell.trim());
      cell = '';
    } else cell += ch;
  }
  cells.push(cell.trim());
  return cells;
}

/**
 * Parses CSV text: the first non-blank line is the header, every later non-blank line a data
 * point. Blank lines are ignored; a final newline is optional; `\r\n` line ends are accepted.
 * @throws InputError for an empty text, a header without an input column, duplicate or empty
 *   column names, an unknown `--target`, no data rows, a row with the wrong number of cells
 *   (ragged), or a cell that is not a rational — each located by line (and column).
 */
export function parseTrainingCsv(text: string, options: CsvOptions = {}): TrainingData {
  const file = options.file;
  const lines = text.split(/\r?\n/);
  let headerLine = -1;
  for (let k = 0; k < lines.length; k++) {
    if ((lines[k] as string).trim() !== '') {
      headerLine = k;
      break;
    }
  }
  if (headerLine < 0) throw new InputError('parse', 'the CSV file is empty (expected a header line such as "x1,x2,y")', { file, path: 'line 1' });
  const header = splitCells((lines[headerLine] as string).replace(/^\uFEFF/, ''));
  const at = (k: number, column?: string): string => `line ${k + 1}${column === undefined ? '' : `, column ${column}`}`;
  header.forEach((name, j) => {
    if (name === '') throw new InputError('parse', `column ${j + 1} of the header has no name`, { file, path: at(headerLine) });
    if (header.indexOf(name) !== j) throw new InputError('parse', `the column name ${JSON.stringify(name)} appears twice in the header`, { file, path: at(headerLine) });
  });
  if (header.length < 2) {
    throw new InputError('dimension', `the header names ${header.length} column; expected at least one input column and the target`, { file, path: at(headerLine) });
  }
  let targetIndex = header.length - 1;
  if (options.target !== undefined) {
    targetIndex = header.indexOf(options.target);
    if (targetIndex < 0) {
      throw new InputError('usage', `no column named ${JSON.stringify(options.target)} (the header names ${header.join(', ')})`, { file, path: '--target' });
    }
  }
  const inputColumns = header.flatMap((_, j) => (j === targetIndex ? [] : [j]));
  const inputs: Fraction[][] = [];
  const targets: Fraction[] = [];
  const sourceLines: number[] = [];
  for (let k = headerLine + 1; k < lines.length; k++) {
    const line = lines[k] as string;
    if (line.trim() === '') continue;
    const cells = splitCells(line);
    if (cells.length !== header.length) {
      throw new InputError('dimension', `expected ${header.length} cells (as in the header), got ${cells.length}`, { file, path: at(k) });
    }
    const value = (j: number): Fraction => {
      try {
        return parseRational(cells[j] as string);
      } catch (e) {
        if (e instanceof InputError) throw new InputError(e.code, e.detail, { file, path: at(k, header[j]) });
        throw e;
      }
    };
    inputs.push(inputColumns.map(value));
    targets.push(value(targetIndex));
    sourceLines.push(k + 1);
  }
  if (inputs.length === 0) throw new InputError('parse', 'the CSV file has a header but no data rows', { file, path: at(headerLine) });
  return {
    inputNames: inputColumns.map((j) => header[j] as string),
    targetName: header[targetIndex] as string,
    inputs,
    targets,
    lines: sourceLines,
    ...(file !== undefined ? { file } : {}),
  };
}

/** Reads and parses a CSV data file (see {@link parseTrainingCsv}); an empty file is an error. */
export function readTrainingData(file: string, options: Omit<CsvOptions, 'file'> = {}): TrainingData {
  const text = Buffer.from(readInputBytes(file)).toString('utf8');
  return parseTrainingCsv(text, { ...options, file });
}

/** Builds a data set from rationals (library use and tests); inputs must all have the same length ≥ 1. */
export function trainingData(inputs: readonly (readonly Fraction[])[], targets: readonly Fraction[], names?: { inputs?: readonly string[]; target?: string }): TrainingData {
  if (inputs.length === 0) throw new InputError('dimension', 'a data set needs at least one point');
  if (inputs.length !== targets.length) throw new InputError('dimension', `${inputs.length} inputs but ${targets.length} targets`);
  const n = (inputs[0] as readonly Fraction[]).length;
  if (n < 1) throw new InputError('dimension', 'a data point needs at least one input coordinate');
  inputs.forEach((x, i) => {
    if (x.length !== n) throw new InputError('dimension', `point ${i} has ${x.length} coordinates, point 0 has ${n}`, { path: `inputs[${i}]` });
  });
  return {
    inputNames: names?.inputs ?? Array.from({ length: n }, (_, j) => `x${j + 1}`),
    targetName: names?.target ?? 'y',
    inputs,
    targets,
  };
}

/** Where data point i came from, for messages: `line 7` when read from text, else `row i`. */
export function pointLocation(data: TrainingData, i: number): string {
  const line = data.lines?.[i];
  return line === undefined ? `row ${i}` : `line ${line}`;
}

/**
 * Checks that the data fit the loss: hinge loss needs every label to be −1 or +1.
 * @throws InputError naming the first bad label's line.
 */
export function checkDataForLoss(data: TrainingData, loss: TrainingLoss): void {
  if (loss !== 'hinge') return;
  data.targets.forEach((y, i) => {
    const ok = y.d === 1n && y.n === 1n;
    if (!ok) {
      throw new InputError('range', `hinge loss needs labels -1 or 1, got ${formatRational(y)}`, {
        ...(data.file !== undefined ? { file: data.file } : {}),
        path: `${pointLocation(data, i)}, column ${data.targetName}`,
      });
    }
  });
}
