/**
 * Pictures of C(F) for networks with two inputs: every top cell is the exact polygon its
 * hyperplanes cut from the view box (clipped in rationals), vertices as dots, and for the Morse
 * picture F's landscape (cells shaded by F), level sets and the critical points. On R^n the view
 * box is the vertices' bounding box widened by a quarter on every side. Floats appear only as
 * drawing coordinates and colours.
 */
import Fraction from 'fraction.js';
import { InputError } from '../../errors.js';
import { formatRational } from '../../exact/rational.js';
import { type Point2, clipPolygon, doubleArea, rectangle } from '../../polyhedra/clip.js';
import { colour, escapeXml, plotFrame } from '../../regions/svg.js';
import type { GenericComplex } from './complex.js';
import { type LinearForm, formatSigns, patternOf } from './hyperplanes.js';

/** A top cell drawn: its polygon in the view box and the forms valid on it. */
export interface DrawnCell {
  readonly cell: number;
  readonly polygon: Point2[];
  readonly outputs: readonly LinearForm[];
}

/** The view box: the domain's box, or on R^n the vertices' bounding box widened by 1/4 on each side. */
export function viewBox(complex: GenericComplex): [Fraction, Fraction][] {
  const box = complex.arrangement.box;
  if (box !== undefined) return box.map(([lo, hi]) => [lo, hi]);
  return [0, 1].map((j): [Fraction, Fraction] => {
    const xs = complex.vertices.map((v) => v.point[j] as Fraction);
    let lo = xs.reduce((m, x) => (x.compare(m) < 0 ? x : m), xs[0] ?? new Fraction(0n));
    let hi = xs.reduce((m, x) => (x.compare(m) > 0 ? x : m), xs[0] ?? new Fraction(0n));
    const pad = hi.sub(lo).div(4n).add(1n);
    lo = lo.sub(pad);
    hi = hi.add(pad);
    return [lo, hi];
  });
}

/** The exact polygons of the top cells within the view box. */
export function drawCells(complex: GenericComplex, view: readonly (readonly [Fraction, Fraction])[]): DrawnCell[] {
  const arr = complex.arrangement;
  const [[x0, x1], [y0, y1]] = view as [[Fraction, Fraction], [Fraction, Fraction]];
  const out: DrawnCell[] = [];
  complex.cells.forEach((c, id) => {
    if (c.dim !== 2) return;
    const { forms, outputs } = arr.formsOf(patternOf(arr, c.signs));
    let polygon: Point2[] = rectangle(x0, x1, y0, y1);
    forms.forEach((f, k) => {
      const s = c.signs[k] as number;
      if (s === 0 || polygon.length < 3) return;
      // s·(a·x + c)/den ≥ 0 ⇔ (−s·a)·x ≤ s·c.
      polygon = clipPolygon(polygon, { a: [new Fraction(-BigInt(s) * (f.a[0] as bigint)), new Fraction(-BigInt(s) * (f.a[1] as bigint))], b: new Fraction(BigInt(s) * f.c) });
    });
    if (polygon.length >= 3 && doubleArea(polygon).n !== 0n) out.push({ cell: id, polygon, outputs });
  });
  return out;
}

/** Information for the picture's title. */
export interface ComplexPictureInfo {
  readonly title: string;
  readonly inputNames?: readonly string[];
}

function requireTwoInputs(complex: GenericComplex): void {
  if (complex.arrangement.n !== 2) throw new InputError('usage', `a picture needs a network with 2 inputs (this one has ${complex.arrangement.n})`, { path: '--svg' });
}

/** The SVG of the complex: cells coloured by sign sequence, vertices as dots. */
export function complexSvg(complex: GenericComplex, info: ComplexPictureInfo): string {
  requireTwoInputs(complex);
  const view = viewBox(complex);
  const frame = plotFrame(view, info.inputNames);
  const body: string[] = [];
  for (const d of drawCells(complex, view)) {
    const key = formatSigns(complex.arrangement, (complex.cells[d.cell] as { signs: Int8Array }).signs);
    body.push(`<polygon points="${frame.points(d.polygon)}" fill="${colour(key)}" stroke="#222" stroke-width="0.7"><title>${key}</title></polygon>`);
  }
  for (const v of complex.vertices) {
    const [x, y] = v.point as [Fraction, Fraction];
    body.push(`<circle cx="${frame.X(x).toFixed(2)}" cy="${frame.Y(y).toFixed(2)}" r="2.6" fill="#000"><title>(${formatRational(x)}, ${formatRational(y)}) ${formatSigns(complex.arrangement, v.signs)}</title></circle>`);
  }
  const f = complex.fVector;
  const where = complex.arrangement.box === undefined ? 'R^2 (view: vertices’ bounding box)' : 'the box';
  return frame.document(
    `${escapeXml(info.title)}: canonical polyhedral complex on ${where}`,
    `f-vector (${f.join(', ')}), χ = ${complex.euler}; one colour per top cell (hover: sign sequence), black dots: the ${f[0]} vertices`,
    body,
  );
}
