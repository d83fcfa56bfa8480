/**
 * Checks `sort` certificates: N(x) = sort(x) (ascending) on the domain.
 *
 * Violated (`sort-counterexample`): the input lies in the domain, the network evaluated exactly at
 * it gives the recorded output, and that output is not the input sorted ascending.
 *
 * Holds (`sort-regions`): {@link walkRegionTree} rebuilds every pre-activation and every leaf's
 * output map from the network along the split tree (never from the certificate) and checks the
 * tree as the `regions` checker does (splits, fixed signs by constant / interval / Motzkin
 * multipliers), so the leaves' closed polyhedra cover the domain and each leaf's output map is
 * exact on its closed polyhedron (a fixed sign is proved on the closed polyhedron; on a split
 * row z = 0 both sides' maps agree). Leaves are written `"leaf"` without a point: the claim
 * needs coverage, not full-dimensional leaves (a lower-dimensional leaf only adds a check). Per leaf it then checks that the
 * output map is x ↦ (x_{σ(0)}, …, x_{σ(n−1)}) (a permutation matrix, zero offset) and, for each
 * adjacent pair, that the multipliers y ≥ 0 over the leaf's rows a_r·x ≤ b_r satisfy
 * Σ y_r a_r = e_{σ(i)} − e_{σ(i+1)} and Σ y_r b_r ≤ 0, so x_{σ(i)} − x_{σ(i+1)} ≤ 0 on the leaf
 * (weak duality). Hence N(x) = P_σ x is sorted and is a rearrangement of x, i.e. sort(x), on
 * every leaf, so on the whole domain.
 */
import type { z } from 'zod';
import type { MultipliersJson, RegionNodeJson, SortNodeJson } from '../certificates/schema.js';
import { type AffineMap, type LayerInput, NETWORK_INPUT, layerOutputMap, layerPreactivationMap } from '../network/affine.js';
import { type CompiledLayer, compileNetwork } from '../network/compiled.js';
import { evaluate } from '../network/evaluate.js';
import Fraction from 'fraction.js';
import type { Network } from '../network/model.js';
import { type Q, Q0, add, demand, expandMultipliers, mul, q, qs, show, sign, sub } from './arithmetic.js';
import type { Checked, WithNetwork } from './types.js';

type RegionNode = z.infer<typeof RegionNodeJson> | z.infer<typeof SortNodeJson>;
type Multipliers = z.infer<typeof MultipliersJson>;
type DomainClaim = WithNetwork<'sort'>['claim']['domain'];

/** A closed row a·x ≤ b with integer entries (the region engine's form of a half-space). */
export interface IntRow {
  readonly a: readonly bigint[];
  readonly b: bigint;
}

function lcm(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  const p = x * y;
  while (y !== 0n) [x, y] = [y, x % y];
  return x === 0n ? 0n : p / x;
}

/**
 * The domain's closed rows in the engine's order and scaling: a box gives −lo.d·x_j ≤ −lo.n for
 * every j, then hi.d·x_j ≤ hi.n; a polytope its rows scaled by the lcm of their denominators, an
 * equality as the row followed by its negation. Also the box, for interval proofs.
 */
export function integerDomainRows(domain: DomainClaim, n: number): { rows: IntRow[]; box: { lo: Q; hi: Q }[] | undefined } {
  const unit = (j: number, s: bigint): bigint[] => Array.from({ length: n }, (_, t) => (t === j ? s : 0n));
  if (domain.kind === 'all') return { rows: [], box: undefined };
  if (domain.kind === 'box') {
    demand(domain.box.length === n, `the box has ${domain.box.length} intervals, the network has ${n} inputs`, 'claim.domain.box');
    const box = domain.box.map(([lo, hi], j) => ({ lo: q(lo, `claim.domain.box[${j}][0]`), hi: q(hi, `claim.domain.box[${j}][1]`) }));
    return { rows: [...box.map(({ lo }, j) => ({ a: unit(j, -lo.d), b: -lo.n })), ...box.map(({ hi }, j) => ({ a: unit(j, hi.d), b: hi.n }))], box };
  }
  const rows: IntRow[] = [];
  domain.constraints.forEach((c, i) => {
    const path = `claim.domain.constraints[${i}]`;
    demand(c.relation !== '<', 'domain rows are closed (<= or =)', `${path}.relation`);
    demand(c.coefficients.length === n, `${c.coefficients.length} coefficients for ${n} inputs`, `${path}.coefficients`);
    const coef = qs(c.coefficients, `${path}.coefficients`);
    const rhs = q(c.rhs, `${path}.rhs`);
    let den = rhs.d;
    for (const v of coef) den = lcm(den, v.d);
    const a = coef.map((v) => v.n * (den / v.d));
    const b = rhs.n * (den / rhs.d);
    rows.push({ a, b });
    if (c.relation === '=') rows.push({ a: a.map((v) => -v), b: -b });
  });
  return { rows, box: undefined };
}

function dotQ(a: readonly bigint[], x: readonly Q[]): Q {
  let s: Q = Q0;
  a.forEach((aj, j) => {
    if (aj !== 0n) s = add(s, mul({ n: aj, d: 1n }, x[j] as Q));
  });
  return s;
}

/** Σ y_r (a_r, b_r) after checking y ≥ 0. */
function combine(rows: readonly IntRow[], y: readonly Q[], n: number, path: string): { a: Q[]; b: Q } {
  const a: Q[] = Array.from({ length: n }, () => Q0);
  let b: Q = Q0;
  rows.forEach((r, i) => {
    const yi = y[i] as Q;
    if (yi.n === 0n) return;
    demand(sign(yi) > 0, `multiplier ${i} is ${show(yi)}; multipliers of inequalities must be ≥ 0`, path);
    r.a.forEach((v, j) => {
      if (v !== 0n) a[j] = add(a[j] as Q, mul(yi, { n: v, d: 1n }));
    });
    b = add(b, mul(yi, { n: r.b, d: 1n }));
  });
  return { a, b };
}

/** Checks Motzkin multipliers refuting the rows all made strict: Σ y a = 0 and Σ y b ≤ 0 with y ≠ 0 (< 0 not needed). */
function refuteStrict(rows: readonly IntRow[], n: number, m: Multipliers, path: string): void {
  const y = expandMultipliers(m as string[] | { rows: number[]; values: string[] }, rows.length, path);
  const { a, b } = combine(rows, y, n, path);
  const j = a.findIndex((v) => v.n !== 0n);
  demand(j < 0, `Σ yᵢ aᵢ is not 0: its coordinate ${j} is ${show(a[j] ?? Q0)}`, path);
  demand(sign(b) < 0 || (sign(b) === 0 && y.some((v) => v.n !== 0n)), `the multipliers give 0 < ${show(b)}: no contradiction`, path);
}

/** A checked leaf: its closed rows (domain rows, then one per split on its path), exact output map, interior point. */
export interface CheckedLeaf {
  readonly rows: readonly IntRow[];
  readonly output: AffineMap;
  /** The leaf's interior point, when the node format records one (checked strictly inside). */
  readonly point?: readonly Q[];
  /** Index of the leaf in preorder. */
  readonly index: number;
  /** JSON path of the leaf node. */
  readonly path: string;
}

/**
 * Walks a region split tree (preorder `nodes`, the `region-tree` node format) over the network and
 * domain, checking every node as the `regions` checker does, and calls `onLeaf` for each leaf with
 * its rows and its output map rebuilt from the network. Returns the number of leaves.
 */
export function walkRegionTree(network: Network, domain: { rows: IntRow[]; box: { lo: Q; hi: Q }[] | undefined }, nodes: readonly RegionNode[], onLeaf: (leaf: CheckedLeaf) => void): number {
  const n = network.inputs;
  const compiled = compileNetwork(network);
  const box = domain.box;
  let at = 0;
  let leaves = 0;
  const take = (): RegionNode => {
    demand(at < nodes.length, 'the tree ends early: a node is missing', `evidence.nodes[${at}]`);
    return nodes[at++] as RegionNode;
  };
  const interval = (a: readonly bigint[], c: bigint, den: bigint): { low: Q; high: Q } => {
    demand(box !== undefined, 'an interval proof needs a box domain', `evidence.nodes[${at - 1}]`);
    let low: Q = { n: c, d: den };
    let high: Q = { n: c, d: den };
    a.forEach((aj, j) => {
      if (aj === 0n) return;
      const { lo, hi } = box[j] as { lo: Q; hi: Q };
      const atLo: Q = { n: aj * lo.n, d: den * lo.d };
      const atHi: Q = { n: aj * hi.n, d: den * hi.d };
      const [mn, mx] = aj > 0n ? [atLo, atHi] : [atHi, atLo];
      low = add(low, mn);
      high = add(high, mx);
    });
    return { low, high };
  };
  const visit = (k: number, i: number, zIn: AffineMap | undefined, input: LayerInput, on: boolean[], rows: readonly IntRow[]): void => {
    const layer: CompiledLayer | undefined = compiled.layers[k];
    if (layer === undefined) {
      const path = `evidence.nodes[${at}]`;
      const node = take();
      demand(node === 'leaf' || (typeof node === 'object' && !Array.isArray(node)), 'every neuron is decided here, so this node must be a leaf', path);
      let x: Q[] | undefined;
      if (node !== 'leaf') {
        demand(node.point.length === n, `the point has ${node.point.length} coordinates, the network ${n} inputs`, `${path}.point`);
        const p = qs(node.point, `${path}.point`);
        rows.forEach((r, t) => demand(sign(sub({ n: r.b, d: 1n }, dotQ(r.a, p))) > 0, `the leaf's point is not strictly inside row ${t} of its polyhedron`, `${path}.point`));
        x = p;
      }
      const output: AffineMap = input.map ?? { num: Array.from({ length: n }, (_, r) => Array.from({ length: n }, (_, c) => (r === c ? 1n : 0n))), offset: new Array<bigint>(n).fill(0n), den: 1n };
      onLeaf({ rows, output, ...(x !== undefined ? { point: x } : {}), index: leaves, path });
      leaves++;
      return;
    }
    const zk = zIn ?? layerPreactivationMap(layer, input, n);
    if (!layer.relu || i >= layer.outputs) return visit(k + 1, 0, undefined, layerOutputMap(layer, zk, on), [], rows);
    const path = `evidence.nodes[${at}]`;
    const node = take();
    const a = zk.num[i] as bigint[];
    const c = zk.offset[i] as bigint;
    const positiveRow: IntRow = { a: a.map((v) => -v), b: c }; // −z ≤ 0
    const negativeRow: IntRow = { a: [...a], b: -c }; // z ≤ 0
    if (node === 's') {
      visit(k, i + 1, zk, input, [...on, true], [...rows, positiveRow]);
      visit(k, i + 1, zk, input, [...on, false], [...rows, negativeRow]);
      return;
    }
    demand(Array.isArray(node), `layer ${k} neuron ${i} is undecided here: expected "s" or [sign, proof], got a leaf`, path);
    const [signText, proof] = node;
    const positive = signText === '+';
    if (proof === 'c') {
      demand(a.every((v) => v === 0n), `layer ${k} neuron ${i}: "c" claims a constant pre-activation, but it depends on the input`, `${path}[1]`);
      demand(positive ? c > 0n : c <= 0n, `layer ${k} neuron ${i}: the constant pre-activation does not have sign ${signText}`, `${path}[0]`);
    } else if (proof === 'i') {
      const { low, high } = interval(a, c, zk.den);
      demand(positive ? sign(low) >= 0 : sign(high) <= 0, `layer ${k} neuron ${i}: interval bounds [${show(low)}, ${show(high)}] do not prove sign ${signText}`, `${path}[1]`);
    } else {
      refuteStrict([...rows, positive ? negativeRow : positiveRow], n, proof, `${path}[1]`);
    }
    visit(k, i + 1, zk, input, [...on, positive], rows);
  };
  visit(0, 0, undefined, NETWORK_INPUT, [], domain.rows);
  demand(at === nodes.length, `the tree has ${nodes.length - at} nodes after its last leaf`, `evidence.nodes[${at}]`);
  return leaves;
}

function qToFraction(v: Q): Fraction {
  return new Fraction(v.n, v.d);
}

/** Checks a parsed `sort` certificate whose network is resolved. */
export function checkSort(cert: WithNetwork<'sort'>): Checked {
  const { claim, evidence, network } = cert;
  const n = network.inputs;
  const m = network.layers[network.layers.length - 1]?.outputs ?? n;
  demand(m === n, `a sorter maps R^n to R^n; the network has ${n} inputs and ${m} outputs`, 'claim.network');
  const domain = integerDomainRows(claim.domain, n);
  if (cert.verdict === 'violated') {
    demand(evidence.kind === 'sort-counterexample', `a violated sort certificate needs sort-counterexample evidence, not ${evidence.kind}`, 'evidence.kind');
    demand(evidence.input.length === n && evidence.output.length === n, `input and output need ${n} coordinates`, 'evidence.input');
    const x = qs(evidence.input, 'evidence.input');
    domain.rows.forEach((r, t) => demand(sign(sub({ n: r.b, d: 1n }, dotQ(r.a, x))) >= 0, `the input violates domain row ${t}`, 'evidence.input'));
    const out = evaluate(network, x.map(qToFraction));
    const claimed = qs(evidence.output, 'evidence.output').map(qToFraction);
    out.forEach((v, i) => demand(v.equals(claimed[i] as Fraction), `N(input)_${i} is ${v.toFraction()}, the certificate says ${(claimed[i] as Fraction).toFraction()}`, `evidence.output[${i}]`));
    const sorted = x.map(qToFraction).sort((p, r) => p.compare(r));
    demand(
      out.some((v, i) => !v.equals(sorted[i] as Fraction)),
      'N(input) equals sort(input): not a counterexample',
      'evidence.input',
    );
    return { summary: `N(x) ≠ sort(x) at x = (${evidence.input.join(', ')}): N(x) = (${evidence.output.join(', ')})` };
  }
  demand(evidence.kind === 'sort-regions', `a holding sort certificate needs sort-regions evidence, not ${evidence.kind}`, 'evidence.kind');
  if (evidence.emptyDomain !== undefined) {
    demand(evidence.nodes.length === 0 && evidence.leaves.length === 0, 'an empty domain has no tree', 'evidence.nodes');
    refuteStrict(domain.rows, n, evidence.emptyDomain, 'evidence.emptyDomain');
    return { summary: 'the domain has an empty interior (Motzkin multipliers): the claim holds vacuously' };
  }
  const count = walkRegionTree(network, domain, evidence.nodes, (leaf) => {
    const path = `evidence.leaves[${leaf.index}]`;
    const proof = evidence.leaves[leaf.index];
    demand(proof !== undefined, `leaf ${leaf.index} of the tree has no sorting proof`, 'evidence.leaves');
    const sigma = proof.permutation;
    demand(sigma.length === n && new Set(sigma).size === n && sigma.every((v) => v < n), `the permutation must list 0..${n - 1} once each`, `${path}.permutation`);
    const { num, offset, den } = leaf.output;
    offset.forEach((v, i) => demand(v === 0n, `on this leaf output ${i} has the nonzero offset ${show({ n: v, d: den })}`, `${path}.permutation`));
    num.forEach((row, i) =>
      row.forEach((v, j) => demand(v === (j === sigma[i] ? den : 0n), `on this leaf output ${i} is not x_${sigma[i]}: its coefficient of x_${j} is ${show({ n: v, d: den })}`, `${path}.permutation[${i}]`)),
    );
    demand(proof.multipliers.length === n - 1, `${proof.multipliers.length} ordering proofs for ${n - 1} adjacent pairs`, `${path}.multipliers`);
    proof.multipliers.forEach((mult, i) => {
      const at = `${path}.multipliers[${i}]`;
      const y = expandMultipliers(mult as string[] | { rows: number[]; values: string[] }, leaf.rows.length, at);
      const { a, b } = combine(leaf.rows, y, n, at);
      const lo = sigma[i] as number;
      const hi = sigma[i + 1] as number;
      a.forEach((v, j) => {
        const want = j === lo ? 1n : j === hi ? -1n : 0n;
        demand(v.n === want * v.d, `Σ y_r a_r is not e_${lo} − e_${hi}: its coordinate ${j} is ${show(v)}`, at);
      });
      demand(sign(b) <= 0, `Σ y_r b_r = ${show(b)} > 0: this does not prove x_${lo} ≤ x_${hi}`, at);
    });
  });
  demand(count === evidence.leaves.length, `the tree has ${count} leaves, the evidence ${evidence.leaves.length} sorting proofs`, 'evidence.leaves');
  return { summary: `N(x) = sort(x) on the domain: ${count} regions, each with output map the permutation that sorts it (ordering proved by dual multipliers)` };
}

function sameAffine(p: AffineMap, r: AffineMap): boolean {
  // p.num/p.den = r.num/r.den entrywise ⇔ p.num·r.den = r.num·p.den (both denominators positive).
  return (
    p.offset.every((v, i) => v * r.den === (r.offset[i] as bigint) * p.den) &&
    p.num.every((row, i) => row.every((v, j) => v * r.den === ((r.num[i] as bigint[])[j] as bigint) * p.den))
  );
}

/**
 * Checks a parsed `equivalent` certificate: `network` (resolved) and `other` (embedded).
 * Violated: both networks evaluated exactly at the input give the recorded, different outputs,
 * and the input lies in the domain. Holds: the first tree is walked over `network` on the domain;
 * for each of its leaves, the inner tree is walked over `other` with the leaf's rows as its
 * domain rows, and on every inner leaf the two rebuilt output maps must be equal. The inner
 * leaves cover each outer leaf, the outer leaves cover the domain, and on an inner leaf both
 * networks equal their maps, so the networks agree on the whole domain.
 */
export function checkEquivalent(cert: WithNetwork<'equivalent'>, other: Network): Checked {
  const { claim, evidence, network } = cert;
  const n = network.inputs;
  const outputs = (net: Network): number => net.layers[net.layers.length - 1]?.outputs ?? net.inputs;
  demand(other.inputs === n && outputs(other) === outputs(network), `the networks have sizes ${n}→${outputs(network)} and ${other.inputs}→${outputs(other)}`, 'claim.other');
  const domain = integerDomainRows(claim.domain, n);
  if (cert.verdict === 'violated') {
    demand(evidence.kind === 'equivalence-counterexample', `a violated equivalence certificate needs equivalence-counterexample evidence, not ${evidence.kind}`, 'evidence.kind');
    demand(evidence.input.length === n, `the input needs ${n} coordinates`, 'evidence.input');
    const x = qs(evidence.input, 'evidence.input');
    domain.rows.forEach((r, t) => demand(sign(sub({ n: r.b, d: 1n }, dotQ(r.a, x))) >= 0, `the input violates domain row ${t}`, 'evidence.input'));
    const xf = x.map(qToFraction);
    const check = (net: Network, recorded: readonly string[], path: string): Fraction[] => {
      const out = evaluate(net, xf);
      demand(recorded.length === out.length, `${recorded.length} recorded outputs, the network has ${out.length}`, path);
      const want = qs(recorded, path).map(qToFraction);
      out.forEach((v, i) => demand(v.equals(want[i] as Fraction), `output ${i} is ${v.toFraction()}, the certificate says ${(want[i] as Fraction).toFraction()}`, `${path}[${i}]`));
      return out;
    };
    const a = check(network, evidence.output, 'evidence.output');
    const b = check(other, evidence.otherOutput, 'evidence.otherOutput');
    demand(a.some((v, i) => !v.equals(b[i] as Fraction)), 'both networks give the same output here: not a counterexample', 'evidence.input');
    return { summary: `the networks differ at x = (${evidence.input.join(', ')})` };
  }
  demand(evidence.kind === 'equivalence-regions', `a holding equivalence certificate needs equivalence-regions evidence, not ${evidence.kind}`, 'evidence.kind');
  let common = 0;
  const outer = walkRegionTree(network, domain, evidence.nodes, (leaf) => {
    const nodes = evidence.inner[leaf.index];
    demand(nodes !== undefined, `leaf ${leaf.index} of the first tree has no inner tree`, 'evidence.inner');
    try {
      walkRegionTree(other, { rows: [...leaf.rows], box: undefined }, nodes, (sub) => {
        demand(sameAffine(leaf.output, sub.output), `on inner leaf ${sub.index} of outer leaf ${leaf.index} the networks' affine maps differ`, `evidence.inner[${leaf.index}]`);
        common++;
      });
    } catch (e) {
      if (e instanceof Error && 'path' in e && typeof (e as { path?: unknown }).path === 'string') {
        const p = (e as { path: string }).path;
        (e as { path: string }).path = p.startsWith('evidence.nodes') ? p.replace('evidence.nodes', `evidence.inner[${leaf.index}]`) : p;
      }
      throw e;
    }
  });
  demand(outer === evidence.inner.length, `the first tree has ${outer} leaves, the evidence ${evidence.inner.length} inner trees`, 'evidence.inner');
  return { summary: `the networks agree on the domain: ${outer} regions of the first, ${common} common regions, equal affine maps on each` };
}
