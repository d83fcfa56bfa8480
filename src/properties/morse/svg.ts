/**
 * The Morse picture of a network with two inputs: the top cells of C(F) shaded by F (blue low,
 * red high), level sets of F (thin lines; critical levels darker), every vertex marked by its
 * class — minima blue discs, saddles green diamonds, maxima red triangles, regular vertices
 * small grey dots, degenerate ones black crosses; a critical point on the box boundary has a
 * white centre. A legend explains the marks. Levels are exact rationals; floats only draw.
 */
import Fraction from 'fraction.js';
import { formatRational } from '../../exact/rational.js';
import type { Point2 } from '../../polyhedra/clip.js';
import { escapeXml, plotFrame } from '../../regions/svg.js';
import type { LinearForm } from '../complex/hyperplanes.js';
import { drawCells, viewBox } from '../complex/svg.js';
import type { MorseAnalysis } from './morse.js';

function formAt(f: LinearForm, p: Point2): Fraction {
  return new Fraction(f.c).add(p[0].mul(f.a[0] as bigint)).add(p[1].mul(f.a[1] as bigint)).div(f.den);
}

/** Blue → white → red for s in [0, 1]. */
function heat(s: number): string {
  const t = Math.max(0, Math.min(1, s));
  // Piecewise linear through (40, 90, 200) → (245, 245, 245) → (205, 45, 40).
  const mix = (a: number, b: number, u: number): number => Math.round(a + (b - a) * u);
  if (t < 0.5) return `rgb(${mix(40, 245, 2 * t)},${mix(90, 245, 2 * t)},${mix(200, 245, 2 * t)})`;
  return `rgb(${mix(245, 205, 2 * t - 1)},${mix(245, 45, 2 * t - 1)},${mix(245, 40, 2 * t - 1)})`;
}

/** Gradient stops from colour level s0 to s1 (several, so that the colour map's white middle shows). */
function stops(s0: number, s1: number): string {
  const out: string[] = [];
  for (let k = 0; k <= 6; k++) out.push(`<stop offset="${(k / 6).toFixed(3)}" stop-color="${heat(s0 + ((s1 - s0) * k) / 6)}"/>`);
  return out.join('');
}

/** The level set F = t inside a polygon on which F has the form f: a segment or nothing. */
function levelSegment(polygon: readonly Point2[], f: LinearForm, t: Fraction): [Point2, Point2] | undefined {
  const pts: Point2[] = [];
  for (let i = 0; i < polygon.length; i++) {
    const p = polygon[i] as Point2;
    const q = polygon[(i + 1) % polygon.length] as Point2;
    const vp = formAt(f, p).sub(t);
    const vq = formAt(f, q).sub(t);
    if (vp.n === 0n) pts.push(p);
    else if (vq.n !== 0n && vp.s !== vq.s) {
      const u = vp.div(vp.sub(vq));
      pts.push([p[0].add(q[0].sub(p[0]).mul(u)), p[1].add(q[1].sub(p[1]).mul(u))]);
    }
  }
  if (pts.length < 2) return undefined;
  return [pts[0] as Point2, pts[pts.length - 1] as Point2];
}

/** The SVG of a Morse analysis of a 2-input network. */
export function morseSvg(analysis: MorseAnalysis, info: { readonly title: string; readonly inputNames?: readonly string[] }): string {
  const complex = analysis.complex;
  const view = viewBox(complex);
  const frame = plotFrame(view, info.inputNames);
  const cells = drawCells(complex, view);
  const values = analysis.vertices.map((v) => v.value);
  const lo = values.reduce((m, x) => (x.compare(m) < 0 ? x : m), values[0] ?? new Fraction(0n));
  const hi = values.reduce((m, x) => (x.compare(m) > 0 ? x : m), values[0] ?? new Fraction(1n));
  const span = hi.sub(lo).n === 0n ? new Fraction(1n) : hi.sub(lo);
  const shade = (v: Fraction): number => Number(v.sub(lo).div(span).valueOf());
  const body: string[] = [];
  // Each cell is shaded by a linear gradient along ∇F (F is affine there, so its level lines are
  // the gradient's stripes): from the polygon's lowest vertex to the level of its highest.
  const defs: string[] = [];
  cells.forEach((d, k) => {
    const f = d.outputs[0] as LinearForm;
    const vals = d.polygon.map((p) => formAt(f, p));
    let iMin = 0;
    let iMax = 0;
    vals.forEach((v, i) => {
      if (v.compare(vals[iMin] as Fraction) < 0) iMin = i;
      if (v.compare(vals[iMax] as Fraction) > 0) iMax = i;
    });
    const pMin = d.polygon[iMin] as Point2;
    const pMax = d.polygon[iMax] as Point2;
    const gx = Number(new Fraction(f.a[0] as bigint).valueOf());
    const gy = -Number(new Fraction(f.a[1] as bigint).valueOf()); // the drawing's y axis points down
    const norm = Math.hypot(gx, gy);
    const ax = frame.X(pMin[0]);
    const ay = frame.Y(pMin[1]);
    const bx = frame.X(pMax[0]);
    const by = frame.Y(pMax[1]);
    const along = norm === 0 ? 0 : ((bx - ax) * gx + (by - ay) * gy) / norm;
    const ux = norm === 0 ? 1 : gx / norm;
    const uy = norm === 0 ? 0 : gy / norm;
    const id = `g${k}`;
    defs.push(
      `<linearGradient id="${id}" gradientUnits="userSpaceOnUse" x1="${ax.toFixed(2)}" y1="${ay.toFixed(2)}" x2="${(ax + ux * Math.max(along, 1e-6)).toFixed(2)}" y2="${(ay + uy * Math.max(along, 1e-6)).toFixed(2)}">${stops(shade(vals[iMin] as Fraction), shade(vals[iMax] as Fraction))}</linearGradient>`,
    );
    body.push(`<polygon points="${frame.points(d.polygon)}" fill="url(#${id})" stroke="#555" stroke-width="0.6"/>`);
  });
  body.unshift(`<defs>${defs.join('')}</defs>`);
  // Level sets: seven evenly spaced levels between the lowest and highest vertex values, and the critical values when there are at most five.
  const levels: { t: Fraction; critical: boolean }[] = [];
  for (let k = 1; k < 8; k++) levels.push({ t: lo.add(span.mul(BigInt(k)).div(8n)), critical: false });
  // Critical levels only when few (they would hide the picture otherwise).
  const criticalLevels = new Set(analysis.critical.map((v) => formatRational(v.value))).size <= 5 ? analysis.critical : [];
  for (const v of criticalLevels) {
    const same = levels.find((l) => l.t.equals(v.value));
    if (same !== undefined) same.critical = true;
    else levels.push({ t: v.value, critical: true });
  }
  for (const { t, critical } of levels) {
    const segs: string[] = [];
    for (const d of cells) {
      const s = levelSegment(d.polygon, d.outputs[0] as LinearForm, t);
      if (s !== undefined) segs.push(`M${frame.X(s[0][0]).toFixed(2)},${frame.Y(s[0][1]).toFixed(2)}L${frame.X(s[1][0]).toFixed(2)},${frame.Y(s[1][1]).toFixed(2)}`);
    }
    if (segs.length > 0) body.push(`<path d="${segs.join('')}" fill="none" stroke="#000" stroke-opacity="${critical ? 0.9 : 0.55}" stroke-width="${critical ? 1.4 : 0.9}" stroke-dasharray="${critical ? '6,3' : '2,3'}"><title>F = ${formatRational(t)}</title></path>`);
  }
  const marks: string[] = [];
  analysis.vertices.forEach((m) => {
    const v = complex.vertices[m.vertex] as { point: readonly Fraction[] };
    const x = frame.X(v.point[0] as Fraction);
    const y = frame.Y(v.point[1] as Fraction);
    const label = `(${(v.point as Fraction[]).map(formatRational).join(', ')}) F = ${formatRational(m.value)}`;
    const c = m.classification;
    if (c.kind === 'regular') marks.push(`<circle cx="${x.toFixed(2)}" cy="${y.toFixed(2)}" r="2" fill="#888"><title>regular ${label}</title></circle>`);
    else if (c.kind === 'degenerate') marks.push(`<path d="M${x - 4},${y - 4}L${x + 4},${y + 4}M${x - 4},${y + 4}L${x + 4},${y - 4}" stroke="#000" stroke-width="2"><title>degenerate ${label}</title></path>`);
    else marks.push(criticalMark(c.index, 2, x, y, m.interior, `index ${c.index} ${label}`));
  });
  body.push(...marks);
  const count = analysis.counts;
  const legendY = frame.Y(view[1]?.[0] as Fraction) + 62;
  const legend = [
    criticalMark(0, 2, 80, legendY, true, 'minimum'),
    `<text x="92" y="${legendY + 4}" font-size="12">minimum (${count.critical[0] ?? 0})</text>`,
    criticalMark(1, 2, 210, legendY, true, 'saddle'),
    `<text x="222" y="${legendY + 4}" font-size="12">saddle (${count.critical[1] ?? 0})</text>`,
    criticalMark(2, 2, 330, legendY, true, 'maximum'),
    `<text x="342" y="${legendY + 4}" font-size="12">maximum (${count.critical[2] ?? 0})</text>`,
    `<circle cx="460" cy="${legendY}" r="2" fill="#888"/><text x="468" y="${legendY + 4}" font-size="12">regular (${count.regular})</text>`,
    `<text x="80" y="${legendY + 22}" font-size="11" fill="#444">white centre: critical only for F on the box (boundary); ✕: degenerate (${count.degenerate})</text>`,
    `<text x="80" y="${legendY + 36}" font-size="11" fill="#444">dotted: level sets of F; dashed, darker: levels of critical values</text>`,
  ];
  return frame.document(`${escapeXml(info.title)}: PL Morse critical points`, 'F shaded blue (low) to red (high); vertices classified by exact edge derivatives', [...body, ...legend], 54);
}

/** A critical point mark: disc (index 0), diamond (index 1), triangle (index n), coloured by index. */
function criticalMark(index: number, n: number, x: number, y: number, interior: boolean, title: string): string {
  const colourOf = index === 0 ? '#1f4fd1' : index === n ? '#d11f1f' : '#129a3a';
  const centre = interior ? '' : `<circle cx="${x.toFixed(2)}" cy="${y.toFixed(2)}" r="2.5" fill="#fff"/>`;
  let shape: string;
  if (index === 0) shape = `<circle cx="${x.toFixed(2)}" cy="${y.toFixed(2)}" r="7" fill="${colourOf}" stroke="#fff" stroke-width="1.5"/>`;
  else if (index === n) shape = `<path d="M${x},${y - 9}L${x + 8},${y + 6}L${x - 8},${y + 6}Z" fill="${colourOf}" stroke="#fff" stroke-width="1.5"/>`;
  else shape = `<path d="M${x},${y - 9}L${x + 8},${y}L${x},${y + 9}L${x - 8},${y}Z" fill="${colourOf}" stroke="#fff" stroke-width="1.5"/>`;
  return `<g><title>${escapeXml(title)}</title>${shape}${centre}</g>`;
}
