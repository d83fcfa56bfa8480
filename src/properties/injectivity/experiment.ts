/**
 * The injectivity-capacity experiment: how likely is a random bias-free ReLU network with
 * Gaussian weights to be injective, as a function of the expansion α = m/n per layer?
 *
 * Sampling. A seeded PRNG (mulberry32) drives Box–Muller; every Gaussian sample z is rounded to
 * the dyadic grid 2^−10 (round(z·1024)/1024, computed on an exact integer) — so the weights are
 * exact rationals, reproducible from the seed, and the networks decided are exactly the ones
 * written. The rounding is a (tiny) deviation from the Gaussian model; it can only create ties
 * (equal or zero weights) with probability ≈ 2^−10 per pair, which the exact decisions handle.
 * Each trial's generator is seeded from (seed, n, widths, trial), so equal widths reuse samples.
 *
 * Widths. Layer ℓ has m_ℓ = round(α·m_{ℓ−1}) outputs (m_0 = n): every layer has expansion α
 * relative to its input, as in Stojnic's deep setting; the effective α of the first layer is m_1/n.
 *
 * Decisions. Each network is decided exactly by {@link verifyInjective} without certificates
 * (FGS for the first layer; deeper layers layer-wise or by region pairs). A trial that reaches the
 * per-trial time limit is counted as unknown and left out of P (the table says how many).
 *
 * Statistics. P(injective) with the Wilson score interval (Wilson 1927; z = 1.96), and the α where
 * P crosses 1/2 by linear interpolation between the two grid points around the first upward
 * crossing. Floats appear only in these statistics, never in a decision.
 *
 * Reference values (n → ∞, one layer; NOTES.md B.2): α = 2 necessary (m ≥ 2n; [B; −B] attains it);
 * ≈ 6.698 replica full-RSB (Maillard et al. 2023); ≈ 6.7004 Stojnic, fully lifted RDT; 7.6477
 * replica-symmetric = Gordon bound; ≈ 8.34 Euler-characteristic heuristic; proven bracket
 * 3.4 ≤ α* ≤ 10.5 (Puthawala et al.). At small n the transition is broad and shifted: finite-size
 * effects dominate, so the crossings here are not estimates of the n → ∞ thresholds.
 */
import Fraction from 'fraction.js';
import { InputError, LimitReached } from '../../errors.js';
import { formatRational, parseRational } from '../../exact/rational.js';
import { type Network, denseLayer } from '../../network/model.js';
import { verifyInjective } from './verify.js';
import { mulberry32Uint32 as mulberry32 } from '../../random/prng.js';

/** Bits of the dyadic grid the Gaussian samples are rounded to (2^−10). */
export const WEIGHT_GRID_BITS = 10;

/** Literature reference lines (α), with labels. */
export const REFERENCE_ALPHAS: readonly { readonly alpha: number; readonly label: string }[] = [
  { alpha: 2, label: 'α = 2 necessary' },
  { alpha: 6.698, label: '6.698 full-RSB (Maillard et al.)' },
  { alpha: 6.7004, label: '6.7004 fl-RDT (Stojnic)' },
  { alpha: 7.6477, label: '7.6477 RS / Gordon' },
  { alpha: 8.34, label: '8.34 Euler characteristic' },
];

/** The proven bracket of the one-layer threshold (Puthawala et al.). */
export const PROVEN_BRACKET: readonly [number, number] = [3.4, 10.5];

/** The finite-size caveat printed with every result. */
export const FINITE_SIZE_CAVEAT =
  'finite-size caveat: the literature values are n → ∞ limits for one layer; at n ≤ 5 the transition is broad and shifted, so these crossings are not estimates of those thresholds';

/** Printed when some trials reached the time limit. */
export const UNKNOWN_CAVEAT =
  'trials that reached the time limit are left out of P; proving injectivity (all pairs of regions) takes longer than finding a pair, so P is then biased low';


/** A seed mixed from several integers (a multiply–xorshift hash). */
export function mixSeed(values: readonly number[]): number {
  let h = 0x811c9dc5;
  for (const v of values) {
    h = Math.imul(h ^ (v >>> 0), 0x01000193) >>> 0;
    h ^= h >>> 13;
    h = Math.imul(h, 0x5bd1e995) >>> 0;
  }
  return h >>> 0;
}

/** Standard Gaussian samples by Box–Muller, rounded to the grid 2^−bits as exact integers (numerators over 2^bits). */
export function gaussianGrid(random: () => number, count: number, bits = WEIGHT_GRID_BITS): bigint[] {
  const out: bigint[] = [];
  const scale = 2 ** bits;
  while (out.length < count) {
    // u ∈ (0, 1): (k + 1/2)/2^32 never hits 0, so log(u) is finite.
    const u1 = (random() + 0.5) / 4294967296;
    const u2 = (random() + 0.5) / 4294967296;
    const radius = Math.sqrt(-2 * Math.log(u1));
    for (const z of [radius * Math.cos(2 * Math.PI * u2), radius * Math.sin(2 * Math.PI * u2)]) {
      if (out.length < count) out.push(BigInt(Math.round(z * scale)));
    }
  }
  return out;
}

/** A random bias-free network with the given widths (n, m_1, …, m_L), all ReLU layers, weights on the dyadic grid. */
export function randomNetwork(widths: readonly number[], random: () => number, bits = WEIGHT_GRID_BITS): Network {
  const den = 1n << BigInt(bits);
  const layers = widths.slice(1).map((m, k) => {
    const inputs = widths[k] as number;
    const w = gaussianGrid(random, m * inputs, bits);
    const W = Array.from({ length: m }, (_, i) => Array.from({ length: inputs }, (_, j) => new Fraction(w[i * inputs + j] as bigint, den)));
    return denseLayer(W, W.map(() => new Fraction(0n)), 'relu', inputs);
  });
  return { inputs: widths[0] as number, layers };
}

/** The widths n, round(α n), round(α² n), … (round half up, exactly). */
export function layerWidths(n: number, alpha: Fraction, depth: number): number[] {
  const widths = [n];
  for (let l = 0; l < depth; l++) {
    const m = alpha.mul(widths[l] as number).add(new Fraction(1n, 2n)).floor();
    widths.push(Number(m.n));
  }
  return widths;
}

/**
 * Parses an α grid `start:stop:step` (or a single value): exact rationals, start ≥ 1, step > 0,
 * start ≤ stop, at most 10 000 values.
 */
export function parseAlphaGrid(text: string, option = '--alpha'): Fraction[] {
  const parts = text.split(':');
  if (parts.length !== 1 && parts.length !== 3) throw new InputError('usage', `expected start:stop:step (e.g. 2:12:0.5) or one value, got ${JSON.stringify(text)}`, { path: option });
  let values: Fraction[];
  try {
    values = parts.map((p) => parseRational(p));
  } catch (e) {
    throw e instanceof InputError ? new InputError('usage', e.detail, { path: option }) : e;
  }
  const [start, stop, stepSize] = parts.length === 1 ? [values[0] as Fraction, values[0] as Fraction, new Fraction(1n)] : (values as [Fraction, Fraction, Fraction]);
  if (start.compare(1) < 0) throw new InputError('usage', `α must be at least 1 (a layer with fewer outputs than inputs is never injective), got ${formatRational(start)}`, { path: option });
  if (stepSize.compare(0) <= 0) throw new InputError('usage', `the step must be positive, got ${formatRational(stepSize)}`, { path: option });
  if (start.compare(stop) > 0) throw new InputError('usage', `the range is empty: start ${formatRational(start)} exceeds stop ${formatRational(stop)}`, { path: option });
  const count = stop.sub(start).div(stepSize).floor();
  if (count.compare(10000) > 0) throw new InputError('usage', 'more than 10 000 α values', { path: option });
  return Array.from({ length: Number(count.n) + 1 }, (_, k) => start.add(stepSize.mul(k)));
}

/** Wilson score interval for k successes in t trials (z = 1.96 by default). [0, 1] when t = 0. */
export function wilsonInterval(k: number, t: number, z = 1.96): [number, number] {
  if (t === 0) return [0, 1];
  const p = k / t;
  const z2 = z * z;
  const centre = (p + z2 / (2 * t)) / (1 + z2 / t);
  const half = (z * Math.sqrt((p * (1 - p)) / t + z2 / (4 * t * t))) / (1 + z2 / t);
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

/** One grid point of the experiment. */
export interface ExperimentRow {
  readonly n: number;
  readonly depth: number;
  /** The α asked for. */
  readonly alpha: Fraction;
  /** n, m_1, …, m_L. */
  readonly widths: readonly number[];
  /** m_1 / n. */
  readonly effectiveAlpha: number;
  readonly trials: number;
  readonly injective: number;
  /** Trials stopped by the time limit (left out of P). */
  readonly unknown: number;
  readonly p: number;
  readonly wilson: readonly [number, number];
  readonly seconds: number;
}

/** Where P crosses 1/2 for one (n, depth). */
export interface Crossing {
  readonly n: number;
  readonly depth: number;
  /** Interpolated α (by effective α), or undefined when P never crosses 1/2 upward on the grid. */
  readonly alpha: number | undefined;
  /** The two effective α values around the crossing. */
  readonly between: readonly [number, number] | undefined;
  /** `below-range`: P ≥ 1/2 already at the first α; `above-range`: P < 1/2 everywhere. */
  readonly note?: 'below-range' | 'above-range';
}

/** Options of {@link runInjectivityExperiment}. */
export interface ExperimentOptions {
  readonly ns: readonly number[];
  readonly depths: readonly number[];
  readonly alphas: readonly Fraction[];
  readonly trials: number;
  readonly seed: number;
  /** Per-trial time limit in seconds (unknown beyond). Default 60. */
  readonly trialSeconds?: number;
  /** One-layer method (default auto = FGS). */
  readonly method?: 'auto' | 'cells' | 'fgs';
  /** Called after every grid point. */
  readonly onRow?: (row: ExperimentRow) => void;
  /** Called after every trial (for progress). */
  readonly onTrial?: (done: number, total: number) => void;
}

/** The whole experiment. */
export interface ExperimentResult {
  readonly rows: readonly ExperimentRow[];
  readonly crossings: readonly Crossing[];
  readonly seed: number;
  readonly trials: number;
  readonly gridBits: number;
  readonly seconds: number;
}

/** Runs the experiment (see the module comment). */
export function runInjectivityExperiment(options: ExperimentOptions): ExperimentResult {
  if (!Number.isSafeInteger(options.trials) || options.trials < 1) throw new InputError('usage', `expected a positive number of trials, got ${options.trials}`, { path: '--trials' });
  if (options.alphas.length === 0) throw new InputError('usage', 'the α range is empty', { path: '--alpha' });
  const started = Date.now();
  const rows: ExperimentRow[] = [];
  const cache = new Map<string, { injective: number; unknown: number; seconds: number }>();
  const total = options.ns.length * options.depths.length * options.alphas.length * options.trials;
  let done = 0;
  for (const n of options.ns) {
    for (const depth of options.depths) {
      for (const alpha of options.alphas) {
        const widths = layerWidths(n, alpha, depth);
        const key = widths.join(',');
        let counts = cache.get(key);
        if (counts === undefined) {
          let injective = 0;
          let unknown = 0;
          const t0 = Date.now();
          for (let t = 0; t < options.trials; t++) {
            const random = mulberry32(mixSeed([options.seed, ...widths, t]));
            const net = randomNetwork(widths, random);
            try {
              const r = verifyInjective(net, { certify: false, method: options.method ?? 'auto', deadline: Date.now() + (options.trialSeconds ?? 60) * 1000 });
              if (r.status === 'holds') injective++;
              else if (r.status === 'unknown') unknown++;
            } catch (e) {
              // An interrupt ends the experiment (the rows so far were reported); it is no trial's answer.
              if (!(e instanceof LimitReached) || e.limit === 'interrupted') throw e;
              unknown++;
            }
            options.onTrial?.(++done, total);
          }
          counts = { injective, unknown, seconds: (Date.now() - t0) / 1000 };
          cache.set(key, counts);
        } else {
          done += options.trials;
          options.onTrial?.(done, total);
        }
        const decided = options.trials - counts.unknown;
        const row: ExperimentRow = {
          n,
          depth,
          alpha,
          widths,
          effectiveAlpha: (widths[1] as number) / n,
          trials: options.trials,
          injective: counts.injective,
          unknown: counts.unknown,
          p: decided === 0 ? Number.NaN : counts.injective / decided,
          wilson: wilsonInterval(counts.injective, decided),
          seconds: counts.seconds,
        };
        rows.push(row);
        options.onRow?.(row);
      }
    }
  }
  const crossings: Crossing[] = [];
  for (const n of options.ns) for (const depth of options.depths) crossings.push(crossingOf(rows.filter((r) => r.n === n && r.depth === depth), n, depth));
  return { rows, crossings, seed: options.seed, trials: options.trials, gridBits: WEIGHT_GRID_BITS, seconds: (Date.now() - started) / 1000 };
}

/** The first upward crossing of P = 1/2 along the rows (by effective α), linearly interpolated. */
export function crossingOf(rows: readonly ExperimentRow[], n: number, depth: number): Crossing {
  // Distinct effective α only (several α can round to the same width).
  const points: { a: number; p: number }[] = [];
  for (const r of rows) {
    if (Number.isNaN(r.p)) continue;
    if (points.length > 0 && (points[points.length - 1] as { a: number }).a === r.effectiveAlpha) continue;
    points.push({ a: r.effectiveAlpha, p: r.p });
  }
  if (points.length === 0) return { n, depth, alpha: undefined, between: undefined, note: 'above-range' };
  if ((points[0] as { p: number }).p >= 0.5) return { n, depth, alpha: undefined, between: undefined, note: 'below-range' };
  for (let k = 0; k + 1 < points.length; k++) {
    const lo = points[k] as { a: number; p: number };
    const hi = points[k + 1] as { a: number; p: number };
    if (lo.p < 0.5 && hi.p >= 0.5) {
      const alpha = lo.a + ((0.5 - lo.p) / (hi.p - lo.p)) * (hi.a - lo.a);
      return { n, depth, alpha, between: [lo.a, hi.a] };
    }
  }
  return { n, depth, alpha: undefined, between: undefined, note: 'above-range' };
}

/** CSV of the rows (header line first). */
export function experimentCsv(result: ExperimentResult): string {
  const lines = ['n,depth,alpha,effective_alpha,widths,trials,injective,unknown,p,wilson_low,wilson_high,seconds'];
  for (const r of result.rows) {
    lines.push(
      [r.n, r.depth, formatRational(r.alpha), r.effectiveAlpha.toFixed(4), r.widths.join('-'), r.trials, r.injective, r.unknown, Number.isNaN(r.p) ? '' : r.p.toFixed(4), r.wilson[0].toFixed(4), r.wilson[1].toFixed(4), r.seconds.toFixed(3)].join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}

const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b', '#e377c2', '#17becf'];

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * An SVG plot: P(injective) against the effective α per (n, depth), Wilson intervals as error
 * bars, the line P = 1/2, the literature's reference values as vertical lines and the proven
 * bracket 3.4–10.5 shaded, with the finite-size caveat as a footnote.
 */
export function experimentSvg(result: ExperimentResult, title = 'P(injective) of random ReLU layers'): string {
  const width = 900;
  const height = 560;
  const left = 70;
  const right = 250;
  const top = 66;
  const bottom = 90;
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const alphas = result.rows.map((r) => r.effectiveAlpha);
  const xMin = Math.min(1.5, ...alphas);
  const xMax = Math.max(11, ...alphas);
  const X = (a: number): number => left + ((a - xMin) / (xMax - xMin)) * plotW;
  const Y = (p: number): number => top + (1 - p) * plotH;
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`);
  out.push(`<rect width="${width}" height="${height}" fill="white"/>`);
  out.push(`<text x="${left}" y="24" font-size="16" font-weight="bold">${escapeXml(title)}</text>`);
  out.push(`<text x="${left}" y="40" fill="#555">${escapeXml(`${result.trials} trials per point, seed ${result.seed}, Gaussian weights rounded to 2^-${result.gridBits}, exact decisions; error bars: Wilson 95%`)}</text>`);
  // Proven bracket.
  out.push(`<rect x="${X(PROVEN_BRACKET[0]).toFixed(1)}" y="${top}" width="${(X(PROVEN_BRACKET[1]) - X(PROVEN_BRACKET[0])).toFixed(1)}" height="${plotH}" fill="#f2e6c9" opacity="0.6"/>`);
  out.push(`<text x="${(X(PROVEN_BRACKET[0]) + 4).toFixed(1)}" y="${top + plotH - 6}" fill="#8a6d1f">proven bracket 3.4 ≤ α* ≤ 10.5 (Puthawala et al.)</text>`);
  // Axes and grid.
  out.push(`<rect x="${left}" y="${top}" width="${plotW}" height="${plotH}" fill="none" stroke="#333"/>`);
  for (let p = 0; p <= 1.0001; p += 0.25) {
    out.push(`<line x1="${left}" y1="${Y(p).toFixed(1)}" x2="${left + plotW}" y2="${Y(p).toFixed(1)}" stroke="#ddd"/>`);
    out.push(`<text x="${left - 8}" y="${(Y(p) + 4).toFixed(1)}" text-anchor="end">${p.toFixed(2)}</text>`);
  }
  for (let a = Math.ceil(xMin); a <= xMax; a++) {
    out.push(`<line x1="${X(a).toFixed(1)}" y1="${top + plotH}" x2="${X(a).toFixed(1)}" y2="${top + plotH + 5}" stroke="#333"/>`);
    out.push(`<text x="${X(a).toFixed(1)}" y="${top + plotH + 18}" text-anchor="middle">${a}</text>`);
  }
  out.push(`<text x="${left + plotW / 2}" y="${top + plotH + 36}" text-anchor="middle">expansion α = m/n (effective, per layer)</text>`);
  out.push(`<text x="18" y="${top + plotH / 2}" text-anchor="middle" transform="rotate(-90 18 ${top + plotH / 2})">P(injective)</text>`);
  out.push(`<line x1="${left}" y1="${Y(0.5).toFixed(1)}" x2="${left + plotW}" y2="${Y(0.5).toFixed(1)}" stroke="#888" stroke-dasharray="6 4"/>`);
  // Reference lines, labels stacked at the top.
  REFERENCE_ALPHAS.forEach((ref, k) => {
    const x = X(ref.alpha);
    out.push(`<line x1="${x.toFixed(1)}" y1="${top}" x2="${x.toFixed(1)}" y2="${top + plotH}" stroke="#555" stroke-dasharray="${k === 0 ? '2 2' : '4 3'}"/>`);
    // Labels above the plot area, alternating between two rows so that 6.698 / 6.7004 / 7.6477 do not collide.
    const anchor = 'middle';
    const lx = x;
    out.push(`<text x="${lx.toFixed(1)}" y="${top - 5 - (k % 2) * 11}" font-size="10" fill="#444" text-anchor="${anchor}">${escapeXml(String(ref.alpha))}</text>`);
  });
  // Curves.
  const series = [...new Set(result.rows.map((r) => `${r.n}|${r.depth}`))];
  series.forEach((key, s) => {
    const color = COLORS[s % COLORS.length] as string;
    const rows = result.rows.filter((r) => `${r.n}|${r.depth}` === key && !Number.isNaN(r.p));
    const pts = rows.map((r) => `${X(r.effectiveAlpha).toFixed(1)},${Y(r.p).toFixed(1)}`).join(' ');
    out.push(`<polyline points="${pts}" fill="none" stroke="${color}" stroke-width="2"/>`);
    for (const r of rows) {
      const x = X(r.effectiveAlpha).toFixed(1);
      out.push(`<line x1="${x}" y1="${Y(r.wilson[0]).toFixed(1)}" x2="${x}" y2="${Y(r.wilson[1]).toFixed(1)}" stroke="${color}" stroke-width="1"/>`);
      out.push(`<circle cx="${x}" cy="${Y(r.p).toFixed(1)}" r="3" fill="${color}"/>`);
    }
  });
  // Legend.
  const lx = left + plotW + 16;
  let ly = top + 10;
  out.push(`<text x="${lx}" y="${ly}" font-weight="bold">series</text>`);
  series.forEach((key, s) => {
    ly += 18;
    const [n, depth] = key.split('|');
    const crossing = result.crossings.find((c) => `${c.n}|${c.depth}` === key);
    const cross = crossing?.alpha === undefined ? (crossing?.note ?? '') : `P=½ at α≈${crossing.alpha.toFixed(2)}`;
    out.push(`<rect x="${lx}" y="${ly - 9}" width="14" height="4" fill="${COLORS[s % COLORS.length]}"/>`);
    out.push(`<text x="${lx + 20}" y="${ly}">n=${n}, depth ${depth}: ${escapeXml(cross)}</text>`);
  });
  ly += 30;
  out.push(`<text x="${lx}" y="${ly}" font-weight="bold">reference α (n → ∞, one layer)</text>`);
  for (const ref of REFERENCE_ALPHAS) {
    ly += 18;
    out.push(`<text x="${lx}" y="${ly}">${escapeXml(ref.label)}</text>`);
  }
  // The caveat, wrapped at the first ';'.
  const [first, second] = FINITE_SIZE_CAVEAT.split('; ');
  out.push(`<text x="${left}" y="${height - 34}" fill="#a33">${escapeXml(`${first ?? ''};`)}</text>`);
  out.push(`<text x="${left}" y="${height - 18}" fill="#a33">${escapeXml(second ?? '')}</text>`);
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
