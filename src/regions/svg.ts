/**
 * The picture of the activation regions of a network with two inputs: every region is the exact
 * polygon its half-spaces cut from the box (clipped in rationals), neighbours in different
 * colours, with axes and labels. Floats appear only as SVG drawing coordinates.
 */
import Fraction from 'fraction.js';
import { InputError } from '../errors.js';
import { formatRational } from '../exact/rational.js';
import { type Point2, clipPolygon, doubleArea, rectangle } from '../polyhedra/clip.js';
import type { Domain } from './domain.js';
import type { Region } from './enumerate.js';

function toNumber(f: Fraction): number {
  return Number(f.valueOf());
}

/** A stable colour for a pattern: hue from a string hash, alternating lightness for contrast (the complex pictures' cells). */
export function colour(key: string): string {
  let h = 2166136261;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16777619) >>> 0;
  const hue = h % 360;
  const light = 62 + ((h >>> 9) % 3) * 8;
  return `hsl(${hue}, 65%, ${light}%)`;
}

/** Round-ish tick values covering [lo, hi]. */
function ticks(lo: number, hi: number): number[] {
  const span = hi - lo;
  const raw = span / 5;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => span / s <= 6) ?? 10 * mag;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + 1e-12; v += step) out.push(Number(v.toPrecision(12)));
  return out;
}

/** What the picture is of, for its title. */
export interface RegionsPictureInfo {
  readonly title: string;
  readonly inputNames?: readonly string[];
}

/**
 * A plot of the rectangle [x0, x1] × [y0, y1]: float drawing coordinates (exact rationals are
 * converted only here, to draw), axes with ticks and labels, and the SVG document around a body.
 * Shared by the regions picture and the complex / Morse pictures.
 */
export interface PlotFrame {
  /** Drawing x coordinate of a rational abscissa. */
  readonly X: (v: Fraction) => number;
  /** Drawing y coordinate of a rational ordinate. */
  readonly Y: (v: Fraction) => number;
  /** A polygon's `points` attribute. */
  readonly points: (polygon: readonly (readonly [Fraction, Fraction])[]) => string;
  /** The SVG document: title line, subtitle line, body, axes (drawn last, on top). */
  readonly document: (title: string, subtitle: string, body: readonly string[], extraHeight?: number) => string;
}

/** A {@link PlotFrame} for a box (two rational intervals). */
export function plotFrame(box: readonly (readonly [Fraction, Fraction])[], inputNames?: readonly string[]): PlotFrame {
  const [[x0, x1], [y0, y1]] = box as [[Fraction, Fraction], [Fraction, Fraction]];
  const size = 560;
  const margin = { left: 70, right: 20, top: 50, bottom: 60 };
  const fx0 = toNumber(x0);
  const fx1 = toNumber(x1);
  const fy0 = toNumber(y0);
  const fy1 = toNumber(y1);
  const scale = size / Math.max(fx1 - fx0, fy1 - fy0);
  const w = (fx1 - fx0) * scale;
  const h = (fy1 - fy0) * scale;
  const Xn = (v: number): number => margin.left + (v - fx0) * scale;
  const Yn = (v: number): number => margin.top + h - (v - fy0) * scale;
  const X = (v: Fraction): number => Xn(toNumber(v));
  const Y = (v: Fraction): number => Yn(toNumber(v));
  const points = (polygon: readonly (readonly [Fraction, Fraction])[]): string => polygon.map(([px, py]) => `${X(px).toFixed(2)},${Y(py).toFixed(2)}`).join(' ');
  const names = inputNames ?? ['x1', 'x2'];
  const axis: string[] = [];
  axis.push(`<rect x="${margin.left}" y="${margin.top}" width="${w.toFixed(2)}" height="${h.toFixed(2)}" fill="none" stroke="#000" stroke-width="1.2"/>`);
  for (const t of ticks(fx0, fx1)) {
    axis.push(`<line x1="${Xn(t).toFixed(2)}" y1="${(margin.top + h).toFixed(2)}" x2="${Xn(t).toFixed(2)}" y2="${(margin.top + h + 6).toFixed(2)}" stroke="#000"/>`);
    axis.push(`<text x="${Xn(t).toFixed(2)}" y="${(margin.top + h + 20).toFixed(2)}" text-anchor="middle" font-size="12">${t}</text>`);
  }
  for (const t of ticks(fy0, fy1)) {
    axis.push(`<line x1="${margin.left - 6}" y1="${Yn(t).toFixed(2)}" x2="${margin.left}" y2="${Yn(t).toFixed(2)}" stroke="#000"/>`);
    axis.push(`<text x="${margin.left - 10}" y="${(Yn(t) + 4).toFixed(2)}" text-anchor="end" font-size="12">${t}</text>`);
  }
  axis.push(`<text x="${(margin.left + w / 2).toFixed(2)}" y="${(margin.top + h + 45).toFixed(2)}" text-anchor="middle" font-size="14">${escapeXml(names[0] ?? 'x1')}</text>`);
  axis.push(
    `<text x="20" y="${(margin.top + h / 2).toFixed(2)}" text-anchor="middle" font-size="14" transform="rotate(-90 20 ${(margin.top + h / 2).toFixed(2)})">${escapeXml(names[1] ?? 'x2')}</text>`,
  );
  const document = (title: string, subtitle: string, body: readonly string[], extraHeight = 0): string => {
    const width = margin.left + w + margin.right;
    const height = margin.top + h + margin.bottom + extraHeight;
    return [
      `<svg xmlns="http://www.w3.org/2000/svg" width="${width.toFixed(0)}" height="${height.toFixed(0)}" viewBox="0 0 ${width.toFixed(2)} ${height.toFixed(2)}" font-family="sans-serif">`,
      `<rect width="100%" height="100%" fill="#fff"/>`,
      `<text x="${margin.left}" y="22" font-size="15" font-weight="bold">${title}</text>`,
      `<text x="${margin.left}" y="40" font-size="11" fill="#444">${subtitle}</text>`,
      ...body,
      ...axis,
      '</svg>',
      '',
    ].join('\n');
  };
  return { X, Y, points, document };
}

/** A palette of well-separated fills for neighbouring regions (drawing only). */
const PALETTE = ['#8dd3c7', '#fdb462', '#bebada', '#fb8072', '#80b1d3', '#b3de69', '#fccde5', '#ffffb3', '#bc80bd', '#ccebc5', '#ffed6f', '#d9d9d9'];

/**
 * Colours such that regions sharing a boundary segment differ: a greedy colouring of the
 * adjacency graph (float geometry: this only chooses fills, it decides nothing). Two polygons are
 * neighbours when an edge of one overlaps an edge of the other along a segment of positive length.
 */
function neighbourColours(polygons: readonly (readonly [number, number][])[]): string[] {
  const boxes = polygons.map((p) => {
    const xs = p.map(([x]) => x);
    const ys = p.map(([, y]) => y);
    return [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)] as const;
  });
  const scale = Math.max(1e-12, ...boxes.map(([a, b, c, d]) => Math.max(b - a, d - c)));
  const eps = 1e-9 * scale;
  const touch = (p: readonly [number, number][], q: readonly [number, number][]): boolean => {
    for (let i = 0; i < p.length; i++) {
      const [ax, ay] = p[i] as [number, number];
      const [bx, by] = p[(i + 1) % p.length] as [number, number];
      const dx = bx - ax;
      const dy = by - ay;
      const len = Math.hypot(dx, dy);
      if (len < eps) continue;
      for (let j = 0; j < q.length; j++) {
        const [cx, cy] = q[j] as [number, number];
        const [ex, ey] = q[(j + 1) % q.length] as [number, number];
        // Both endpoints of q's edge on p's edge line, and their projections overlapping it.
        if (Math.abs(dx * (cy - ay) - dy * (cx - ax)) > eps * len || Math.abs(dx * (ey - ay) - dy * (ex - ax)) > eps * len) continue;
        const t1 = ((cx - ax) * dx + (cy - ay) * dy) / (len * len);
        const t2 = ((ex - ax) * dx + (ey - ay) * dy) / (len * len);
        const overlap = Math.min(1, Math.max(t1, t2)) - Math.max(0, Math.min(t1, t2));
        if (overlap * len > eps) return true;
      }
    }
    return false;
  };
  const colours: string[] = [];
  polygons.forEach((p, i) => {
    const used = new Set<string>();
    const [a0, a1, b0, b1] = boxes[i] as readonly [number, number, number, number];
    for (let k = 0; k < i; k++) {
      const [c0, c1, d0, d1] = boxes[k] as readonly [number, number, number, number];
      if (c0 > a1 + eps || a0 > c1 + eps || d0 > b1 + eps || b0 > d1 + eps) continue;
      if (touch(p, polygons[k] as readonly [number, number][])) used.add(colours[k] as string);
    }
    colours.push(PALETTE.find((c) => !used.has(c)) ?? (PALETTE[i % PALETTE.length] as string));
  });
  return colours;
}

/** The SVG text of the regions of a 2-input network on a box domain. */
export function regionsSvg(regions: readonly Region[], domain: Domain, info: RegionsPictureInfo & { readonly partial?: string }): string {
  if (domain.kind !== 'box' || domain.box.length !== 2) {
    throw new InputError('usage', 'a picture needs a network with 2 inputs and a --box domain to clip the regions to', { path: '--svg' });
  }
  const [[x0, x1], [y0, y1]] = domain.box as [[Fraction, Fraction], [Fraction, Fraction]];
  if (x0.compare(x1) >= 0 || y0.compare(y1) >= 0) {
    throw new InputError('usage', 'a picture needs a box with lo < hi in both coordinates (a flat box has no area to draw)', { path: '--svg' });
  }
  const frame = plotFrame(domain.box, info.inputNames);
  const shapes: { polygon: Point2[]; key: string }[] = [];
  for (const region of regions) {
    let polygon: Point2[] = rectangle(x0, x1, y0, y1);
    for (const row of region.halfSpaces) {
      polygon = clipPolygon(polygon, { a: [new Fraction(row.a[0] as bigint), new Fraction(row.a[1] as bigint)], b: new Fraction(row.b) });
      if (polygon.length < 3) break;
    }
    if (polygon.length < 3 || doubleArea(polygon).n === 0n) continue;
    shapes.push({ polygon, key: region.pattern.map((l) => l.map((b) => (b ? '+' : '-')).join('')).join('|') });
  }
  const fills = neighbourColours(shapes.map(({ polygon }) => polygon.map(([px, py]): [number, number] => [toNumber(px), toNumber(py)])));
  const parts = shapes.map(
    ({ polygon, key }, i) => `<polygon points="${frame.points(polygon)}" fill="${fills[i]}" stroke="#333" stroke-width="0.6"><title>pattern ${key}</title></polygon>`,
  );
  const box = `[${formatRational(x0)}, ${formatRational(x1)}] × [${formatRational(y0)}, ${formatRational(y1)}]`;
  const title = `${escapeXml(info.title)}: ${info.partial === undefined ? '' : 'PARTIAL, '}${regions.length} activation regions`;
  const subtitle =
    info.partial === undefined
      ? `on ${box}, exact polygons; neighbours differ in colour; hover for a pattern`
      : `on ${box}; ${escapeXml(info.partial)}: the blank part was not explored`;
  return frame.document(title, subtitle, parts);
}

/** Text escaped for SVG/XML. */
export function escapeXml(text: string): string {
  return text.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c] as string);
}
