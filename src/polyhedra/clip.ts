/**
 * Exact clipping of a convex polygon by half-planes (Sutherland–Hodgman on rationals): the
 * 2-D pictures draw every region as the exact polygon its half-spaces cut from the box.
 */
import Fraction from 'fraction.js';

/** A point of the plane with rational coordinates. */
export type Point2 = readonly [Fraction, Fraction];

/** The half-plane a0·x + a1·y ≤ b. */
export interface HalfPlane {
  readonly a: readonly [Fraction, Fraction];
  readonly b: Fraction;
}

/** The rectangle [x0, x1] × [y0, y1] as a counter-clockwise polygon. */
export function rectangle(x0: Fraction, x1: Fraction, y0: Fraction, y1: Fraction): Point2[] {
  return [
    [x0, y0],
    [x1, y0],
    [x1, y1],
    [x0, y1],
  ];
}

/** The part of a convex polygon inside a half-plane (possibly empty or degenerate). */
export function clipPolygon(polygon: readonly Point2[], h: HalfPlane): Point2[] {
  const value = (p: Point2): Fraction => h.a[0].mul(p[0]).add(h.a[1].mul(p[1])).sub(h.b); // ≤ 0 inside
  const out: Point2[] = [];
  for (let i = 0; i < polygon.length; i++) {
    const p = polygon[i] as Point2;
    const q = polygon[(i + 1) % polygon.length] as Point2;
    const vp = value(p);
    const vq = value(q);
    const pIn = vp.compare(0) <= 0;
    const qIn = vq.compare(0) <= 0;
    if (pIn) out.push(p);
    if (pIn !== qIn) {
      // The edge crosses the line: p + t (q − p) with t = vp / (vp − vq), exactly.
      const t = vp.div(vp.sub(vq));
      out.push([p[0].add(q[0].sub(p[0]).mul(t)), p[1].add(q[1].sub(p[1]).mul(t))]);
    }
  }
  // Drop repeated consecutive vertices (a vertex exactly on the line is kept once).
  return out.filter((p, i) => {
    const prev = out[(i + out.length - 1) % out.length] as Point2;
    return out.length === 1 || !(p[0].equals(prev[0]) && p[1].equals(prev[1]));
  });
}

/** Twice the signed area (exact). */
export function doubleArea(polygon: readonly Point2[]): Fraction {
  let s = new Fraction(0n);
  for (let i = 0; i < polygon.length; i++) {
    const p = polygon[i] as Point2;
    const q = polygon[(i + 1) % polygon.length] as Point2;
    s = s.add(p[0].mul(q[1]).sub(q[0].mul(p[1])));
  }
  return s;
}
