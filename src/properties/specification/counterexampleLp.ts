/**
 * Exact counterexamples inside one linear region, by linear programming.
 *
 * Sampling, gradient descent and node centres only hit a violation set with volume: a set that
 * touches the network's image at a single point (margin exactly 0, a violation under VNN-LIB's
 * closed semantics) is missed by every float point. But with the activation pattern P of a
 * candidate point fixed, the network is the exact affine map N_P on the closure of P's region
 * (ReLU is continuous, so a neuron with pre-activation exactly 0 may be read on or off), and
 *
 *   { x ∈ box : A x ≤ b (input constraints), z_i(x) ≥ 0 (i on in P), z_i(x) ≤ 0 (i off),
 *               r.output · N_P(x) + r.input · x ≤ r.rhs for every row r of the conjunction }
 *
 * is a polyhedron: every row is linear in x (the pre-activations z_i are the exact maps of
 * src/network/affine.ts). Any rational point of it is a counterexample. The certified LP layer
 * (solvers/certified.ts: glpk.js proposes, the point is made rational and checked exactly, the
 * exact simplex answers when that fails) finds one or proves there is none; the point is then
 * evaluated exactly through the network and counts only when that evaluation lies in the
 * violation set (src/properties/specification/rows.ts) — the LP only proposes.
 *
 * This is the "LP inside a candidate region" step of complete verifiers' falsification (e.g. the
 * LP-based attacks of nnenum and α,β-CROWN's BaB, which look for an adversarial point in the
 * relaxation of a leaf); here the region is exact, so the point found is a real violation.
 */
import Fraction from 'fraction.js';
import { feasiblePoint } from '../../../solvers/certified.js';
import type { LinearConstraint, LinearSystem } from '../../polyhedra/system.js';
import { type ActivationPattern, type AffineMap, preactivationMaps } from '../../network/affine.js';
import type { Network } from '../../network/model.js';
import type { Specification } from '../../specification/model.js';
import type { SpecCounterexample } from './counterexample.js';
import { violatesConjunction } from './rows.js';

/** Counters of the LP stage (for statistics). */
export interface RegionLpStats {
  /** Regions whose LP was solved. */
  attempts: number;
  /** Counterexamples found (each confirmed by exact evaluation). */
  found: number;
  /** Points the LP proposed that the exact evaluation refused (a bug if ever > 0; kept for the record). */
  refused: number;
}

/** A fresh, zeroed {@link RegionLpStats}. */
export function createRegionLpStats(): RegionLpStats {
  return { attempts: 0, found: 0, refused: 0 };
}

/** Float weights of a network, for the activation pattern of float points. */
interface FloatRow {
  readonly cols: readonly number[];
  readonly values: Float64Array;
}

interface FloatLayers {
  readonly w: readonly (readonly FloatRow[])[];
  readonly b: readonly Float64Array[];
}

const floatCache = new WeakMap<Network, FloatLayers>();

function floatLayers(net: Network): FloatLayers {
  let f = floatCache.get(net);
  if (f === undefined) {
    f = {
      w: net.layers.map((l) => l.rows.map((r) => ({ cols: r.cols, values: Float64Array.from(r.values, (v) => v.valueOf()) }))),
      b: net.layers.map((l) => Float64Array.from(l.bias, (v) => v.valueOf())),
    };
    floatCache.set(net, f);
  }
  return f;
}

/**
 * The activation pattern of a point, from a float forward pass (on ⇔ pre-activation > 0). It is
 * only a proposal: a wrong sign makes the region smaller or empty, never a wrong answer, since
 * the point the LP returns is evaluated exactly.
 */
export function floatActivationPattern(net: Network, x: ArrayLike<number>): boolean[][] {
  const f = floatLayers(net);
  let h = Float64Array.from(x as ArrayLike<number>);
  return net.layers.map((layer, k) => {
    const rows = f.w[k] as readonly FloatRow[];
    const bias = f.b[k] as Float64Array;
    const z = new Float64Array(layer.outputs);
    for (let i = 0; i < layer.outputs; i++) {
      const r = rows[i] as FloatRow;
      let s = bias[i] as number;
      for (let t = 0; t < r.cols.length; t++) s += (r.values[t] as number) * (h[r.cols[t] as number] as number);
      z[i] = s;
    }
    const on = Array.from(z, (v) => layer.activation !== 'relu' || v > 0);
    if (layer.activation === 'relu') for (let i = 0; i < z.length; i++) if (!(on[i] as boolean)) z[i] = 0;
    h = z;
    return on;
  });
}

/** Row i of an affine map as rationals: coefficients num_i / den and constant offset_i / den. */
function mapRow(map: AffineMap, i: number): { a: Fraction[]; c: Fraction } {
  return { a: (map.num[i] as bigint[]).map((v) => new Fraction(v, map.den)), c: new Fraction(map.offset[i] as bigint, map.den) };
}

/**
 * The closed polyhedron of points of case k's input set in the closure of the pattern's region
 * whose exact outputs satisfy every row of conjunction j (module comment), over the inputs.
 */
export function regionViolationSystem(net: Network, spec: Specification, k: number, j: number, box: readonly (readonly [Fraction, Fraction])[], pattern: ActivationPattern): LinearSystem {
  const c = spec.cases[k];
  const conj = c?.outputs[j];
  if (c === undefined || conj === undefined) throw new RangeError(`no conjunction ${j} in case ${k}`);
  const n = net.inputs;
  const rows: LinearConstraint[] = [];
  const unit = (t: number, s: number): Fraction[] => Array.from({ length: n }, (_, q) => new Fraction(q === t ? s : 0));
  box.forEach(([lo, hi], t) => {
    rows.push({ coefficients: unit(t, 1), relation: '<=', rhs: hi });
    rows.push({ coefficients: unit(t, -1), relation: '<=', rhs: lo.neg() });
  });
  for (const ic of c.inputConstraints) rows.push({ coefficients: ic.coefficients, relation: '<=', rhs: ic.rhs });
  const maps = preactivationMaps(net, pattern);
  maps.forEach((map, layer) => {
    if (net.layers[layer]?.activation !== 'relu') return;
    const on = pattern[layer] as readonly boolean[];
    for (let i = 0; i < map.num.length; i++) {
      const { a, c: off } = mapRow(map, i);
      // on: −z(x) ≤ 0, i.e. −a·x ≤ off; off: z(x) ≤ 0, i.e. a·x ≤ −off.
      rows.push(on[i] === true ? { coefficients: a.map((v) => v.neg()), relation: '<=', rhs: off } : { coefficients: a, relation: '<=', rhs: off.neg() });
    }
  });
  // The output map: the last pre-activation, with the pattern applied when the last layer is ReLU.
  const last = maps[maps.length - 1] as AffineMap;
  const lastOn = net.layers[net.layers.length - 1]?.activation === 'relu' ? (pattern[net.layers.length - 1] as readonly boolean[]) : undefined;
  const outputs = last.num.map((_, i) => (lastOn === undefined || lastOn[i] === true ? mapRow(last, i) : { a: new Array<Fraction>(n).fill(new Fraction(0)), c: new Fraction(0) }));
  for (const r of conj.rows) {
    // r.output · (A x + c) + r.input · x ≤ rhs  ⇔  (r.output A + r.input) · x ≤ rhs − r.output · c.
    const coefficients = r.input.slice();
    let rhs = r.rhs;
    r.output.forEach((w, i) => {
      if (w.n === 0n) return;
      const o = outputs[i] as { a: Fraction[]; c: Fraction };
      o.a.forEach((v, t) => {
        if (v.n !== 0n) coefficients[t] = (coefficients[t] as Fraction).add(w.mul(v));
      });
      rhs = rhs.sub(w.mul(o.c));
    });
    rows.push({ coefficients, relation: '<=', rhs });
  }
  return { variables: n, constraints: rows };
}

/**
 * A counterexample of conjunction j of case k in the linear region of `pattern` (the closure of
 * the set where it holds), or undefined when that region has none. The LP's point is confirmed
 * by exact evaluation (module comment).
 */
export function regionCounterexample(
  net: Network,
  spec: Specification,
  k: number,
  j: number,
  box: readonly (readonly [Fraction, Fraction])[],
  pattern: ActivationPattern,
  stats: RegionLpStats = createRegionLpStats(),
): SpecCounterexample | undefined {
  stats.attempts++;
  const answer = feasiblePoint(regionViolationSystem(net, spec, k, j, box, pattern));
  if (answer.kind !== 'feasible') return undefined;
  const y = violatesConjunction(net, spec, k, j, answer.point);
  if (y === undefined) {
    stats.refused++;
    return undefined;
  }
  stats.found++;
  return { case: k, conjunction: j, input: answer.point, output: y };
}

/** Options of {@link RegionLpSearch}. */
export interface RegionLpOptions {
  /** At most one LP per this many nodes offered (default 8): keeps the stage cheap on instances that hold. */
  readonly every?: number;
  /** Nodes offered before the first LP (default 16: the centres and bounds of the first splits are cheaper and usually settle it). */
  readonly after?: number;
  /** LPs at the rate `every`; past them, at most one per `slowEvery` nodes (default 64). */
  readonly fast?: number;
  /** The rate past the first `fast` LPs (default 64 nodes per LP). */
  readonly slowEvery?: number;
}

/**
 * The LP stage inside the branch and bound of one case: offered each open node's centre, it
 * solves the region LP of the centre's pattern for the open conjunctions, throttled
 * deterministically (none in the first `after` nodes, then at most one LP per `every` nodes for
 * the first `fast` LPs and one per `slowEvery` nodes after them, each pattern and conjunction
 * once), so that it never changes a proof tree and its cost stays a fraction of the bound
 * computations: at one per 8 nodes throughout, an ACAS Xu tree of thousands of nodes (3_3 φ2)
 * spent 21 % of its time in these LPs (≈ 300 pattern rows, 35–100 ms each) for nothing, while the
 * touching points they exist for show up in the first few LPs of small trees. Not run after the falsifier: there it would replace the
 * counterexamples the node centres find (and the committed certificates in proofs/).
 */
export class RegionLpSearch {
  readonly stats: RegionLpStats = createRegionLpStats();
  private offered = 0;
  private readonly tried = new Set<string>();
  private readonly every: number;
  private readonly after: number;
  private readonly fast: number;
  private readonly slowEvery: number;

  constructor(
    private readonly net: Network,
    private readonly spec: Specification,
    private readonly k: number,
    private readonly box: readonly (readonly [Fraction, Fraction])[],
    options: RegionLpOptions = {},
  ) {
    this.every = Math.max(1, options.every ?? 8);
    this.after = Math.max(0, options.after ?? 16);
    this.fast = Math.max(0, options.fast ?? 64);
    this.slowEvery = Math.max(1, options.slowEvery ?? 64);
  }

  /** Whether the throttle lets an LP run now (class comment). */
  private allowed(): boolean {
    const n = this.offered - this.after;
    if (n <= 0) return false;
    const done = this.stats.attempts;
    if (done < this.fast) return done * this.every <= n;
    return (done - this.fast) * this.slowEvery <= n - this.fast * this.every;
  }

  /** Offers an open node's centre (float); returns a counterexample when the throttle lets an LP run and it finds one. */
  offer(centre: ArrayLike<number>, open: readonly number[]): SpecCounterexample | undefined {
    this.offered++;
    if (!this.allowed()) return undefined;
    const pattern = floatActivationPattern(this.net, centre);
    const key = pattern.map((l) => l.map((b) => (b ? '1' : '0')).join('')).join('|');
    for (const j of open) {
      const id = `${j}:${key}`;
      if (this.tried.has(id)) continue;
      this.tried.add(id);
      const found = regionCounterexample(this.net, this.spec, this.k, j, this.box, pattern, this.stats);
      if (found !== undefined) return found;
    }
    return undefined;
  }
}
