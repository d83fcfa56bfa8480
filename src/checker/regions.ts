/**
 * Checks `regions` certificates: the split tree of the region engine.
 *
 * The checker rebuilds every affine pre-activation itself from the network and the path (never
 * from the certificate), walks the tree in preorder and verifies at each node:
 * - a split `"s"`: nothing (both children are checked; their rows are −z ≤ 0 and z ≤ 0);
 * - a fixed sign: `"c"` the pre-activation's linear part is zero and its constant has the sign
 *   (0 counts as off); `"i"` exact interval bounds of z over the domain box; or Motzkin
 *   multipliers showing that the node's rows plus the far side's row, all strict, are infeasible;
 * - a leaf: after the last ReLU neuron, a point strictly inside every row of its polyhedron.
 *
 * Why this proves the count. Each node's closed polyhedron is covered by its children's (a split
 * covers it by z ≥ 0 and z ≤ 0; a fixed sign keeps it whole), so the leaves' polyhedra cover the
 * domain. On the interior of a leaf's polyhedron every ReLU pre-activation has one strict sign
 * (for a fixed sign: an affine z ≥ 0 on a full-dimensional convex set is > 0 on its interior unless
 * z is constant, which "c" covers) — so the interior lies in one activation region, and leaves
 * differ in the sign of some split neuron. A region with a nonempty interior meets some leaf's
 * interior (the leaves' interiors are dense in the domain), so the regions are exactly the
 * leaves' patterns: their number is the number of leaves, each with a witness of its interior.
 */
import { type AffineMap, type LayerInput, NETWORK_INPUT, layerOutputMap, layerPreactivationMap } from '../network/affine.js';
import { type CompiledLayer, compileNetwork } from '../network/compiled.js';
import type { Network } from '../network/model.js';
import type { z } from 'zod';
import type { RegionNodeJson } from '../certificates/schema.js';
import { type Q, type Row, combineRows, demand, expandMultipliers, q, qs, show, sign, slack, vector } from './arithmetic.js';
import type { Checked, WithNetwork } from './types.js';

type RegionNode = z.infer<typeof RegionNodeJson>;

/** The domain's closed rows in the documented order, and the box when the domain is one. */
function domainRowsOf(claim: WithNetwork<'regions'>['claim'], n: number): { rows: Row[]; box: { lo: Q; hi: Q }[] | undefined } {
  const domain = claim.domain;
  const unit = (j: number, s: bigint): bigint[] => Array.from({ length: n }, (_, t) => (t === j ? s : 0n));
  if (domain.kind === 'all') return { rows: [], box: undefined };
  if (domain.kind === 'box') {
    demand(domain.box.length === n, `the box has ${domain.box.length} intervals, the network has ${n} inputs`, 'claim.domain.box');
    const box = domain.box.map(([lo, hi], j) => ({ lo: q(lo, `claim.domain.box[${j}][0]`), hi: q(hi, `claim.domain.box[${j}][1]`) }));
    const rows: Row[] = [
      ...box.map(({ lo }, j): Row => ({ num: unit(j, -lo.d), rhs: -lo.n, den: lo.d, relation: '<=' })),
      ...box.map(({ hi }, j): Row => ({ num: unit(j, hi.d), rhs: hi.n, den: hi.d, relation: '<=' })),
    ];
    // Row (num/den)·x ≤ rhs/den: scaling a unit row by den keeps it exact with integer entries.
    return { rows, box };
  }
  const rows = domain.constraints.map((c, i): Row => {
    demand(c.relation !== '<', 'domain rows are closed (<= or =)', `claim.domain.constraints[${i}].relation`);
    demand(c.coefficients.length === n, `${c.coefficients.length} coefficients for ${n} inputs`, `claim.domain.constraints[${i}].coefficients`);
    const v = vector([...qs(c.coefficients, `claim.domain.constraints[${i}].coefficients`), q(c.rhs, `claim.domain.constraints[${i}].rhs`)]);
    return { num: v.num.slice(0, n), rhs: v.num[n] as bigint, den: v.den, relation: c.relation };
  });
  return { rows, box: undefined };
}

/** Strict twin of closed rows; equalities stay (they make the interior empty, which strictness exposes). */
function strict(rows: readonly Row[]): Row[] {
  return rows.flatMap((r): Row[] =>
    r.relation === '=' ? [{ ...r, relation: '<' }, { num: r.num.map((v) => -v), rhs: -r.rhs, den: r.den, relation: '<' }] : [{ ...r, relation: '<' }],
  );
}

/** Motzkin refutation of all-strict rows by multipliers (dense or sparse), without recorded sums. */
function refute(rows: readonly Row[], n: number, multipliers: string[] | { rows: number[]; values: string[] }, path: string): void {
  const y = expandMultipliers(multipliers, rows.length, path);
  const { coefficients, rhs, strictSum } = combineRows(rows, y, n, multipliers, path);
  const j = coefficients.num.findIndex((v) => v !== 0n);
  demand(j < 0, `Σ yᵢ aᵢ is not 0: its coordinate ${j} is ${show({ n: coefficients.num[j] ?? 0n, d: coefficients.den })}`, path);
  const s = sign(rhs);
  demand(s < 0 || (s === 0 && sign(strictSum) > 0), `the multipliers give 0 < ${show(rhs)}: no contradiction`, path);
}

/** Checks a parsed `regions` certificate whose network is resolved. */
export function checkRegions(cert: WithNetwork<'regions'>): Checked {
  const { claim, evidence, network } = cert;
  demand(cert.verdict === 'holds', 'a regions certificate states a count: its verdict is "holds"', 'verdict');
  demand(evidence.kind === 'region-tree', `a regions certificate needs region-tree evidence, not ${evidence.kind}`, 'evidence.kind');
  const n = network.inputs;
  const { rows: domainRows, box } = domainRowsOf(claim, n);
  if (evidence.emptyDomain !== undefined) {
    demand(evidence.nodes.length === 0, 'an empty domain has no tree', 'evidence.nodes');
    demand(claim.regions === 0, `the domain has an empty interior, so there are 0 regions, not ${claim.regions}`, 'claim.regions');
    refute(strict(domainRows), n, evidence.emptyDomain as string[], 'evidence.emptyDomain');
    return { summary: 'the domain has an empty interior (Motzkin multipliers): 0 regions' };
  }
  const compiled = compileNetwork(network);
  const nodes = evidence.nodes;
  let at = 0;
  let leaves = 0;

  const take = (): RegionNode => {
    demand(at < nodes.length, 'the tree ends early: a node is missing', `evidence.nodes[${at}]`);
    return nodes[at++] as RegionNode;
  };

  const leaf = (rows: readonly Row[]): void => {
    const path = `evidence.nodes[${at}]`;
    const node = take();
    demand(typeof node === 'object' && !Array.isArray(node), 'every neuron is decided here, so this node must be a leaf {point}', path);
    demand(node.point.length === n, `the point has ${node.point.length} coordinates, the network ${n} inputs`, `${path}.point`);
    const x = vector(qs(node.point, `${path}.point`));
    rows.forEach((r, i) => {
      demand(sign(slack(r, x)) > 0, `the leaf's point is not strictly inside row ${i} of its polyhedron`, `${path}.point`);
    });
    leaves++;
  };

  const interval = (a: readonly bigint[], c: bigint, den: bigint): { low: Q; high: Q } => {
    demand(box !== undefined, 'an interval proof needs a box domain', `evidence.nodes[${at - 1}]`);
    // z = (a·x + c)/den over the box: each term at its lower or upper end.
    let low: Q = { n: c, d: den };
    let high: Q = { n: c, d: den };
    a.forEach((aj, j) => {
      if (aj === 0n) return;
      const { lo, hi } = box[j] as { lo: Q; hi: Q };
      const atLo: Q = { n: aj * lo.n, d: den * lo.d };
      const atHi: Q = { n: aj * hi.n, d: den * hi.d };
      const [mn, mx] = aj > 0n ? [atLo, atHi] : [atHi, atLo];
      low = { n: low.n * mn.d + mn.n * low.d, d: low.d * mn.d };
      high = { n: high.n * mx.d + mx.n * high.d, d: high.d * mx.d };
    });
    return { low, high };
  };

  // Walks neuron i of layer k; z holds layer k's pre-activation maps given the earlier pattern.
  const visit = (k: number, i: number, z: AffineMap | undefined, input: LayerInput, on: boolean[], rows: readonly Row[]): void => {
    const layer: CompiledLayer | undefined = compiled.layers[k];
    if (layer === undefined) return leaf(rows);
    const zk = z ?? layerPreactivationMap(layer, input, n);
    if (!layer.relu || i >= layer.outputs) {
      const output = layerOutputMap(layer, zk, on);
      return visit(k + 1, 0, undefined, output, [], rows);
    }
    const path = `evidence.nodes[${at}]`;
    const node = take();
    const a = zk.num[i] as bigint[];
    const c = zk.offset[i] as bigint;
    const positiveRow: Row = { num: a.map((v) => -v), rhs: c, den: 1n, relation: '<=' }; // −z ≤ 0
    const negativeRow: Row = { num: [...a], rhs: -c, den: 1n, relation: '<=' }; // z ≤ 0
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
      demand(positive ? c > 0n : c <= 0n, `layer ${k} neuron ${i}: the constant pre-activation ${show({ n: c, d: zk.den })} does not have sign ${signText}`, `${path}[0]`);
    } else if (proof === 'i') {
      const { low, high } = interval(a, c, zk.den);
      demand(
        positive ? sign(low) >= 0 : sign(high) <= 0,
        `layer ${k} neuron ${i}: over the box the pre-activation ranges over [${show(low)}, ${show(high)}], which does not prove sign ${signText}`,
        `${path}[1]`,
      );
    } else {
      const far = positive ? negativeRow : positiveRow;
      refute(strict([...rows, far]), n, proof, `${path}[1]`);
    }
    visit(k, i + 1, zk, input, [...on, positive], rows);
  };

  visit(0, 0, undefined, NETWORK_INPUT, [], domainRows);
  demand(at === nodes.length, `the tree has ${nodes.length - at} nodes after its last leaf`, `evidence.nodes[${at}]`);
  demand(leaves === claim.regions, `the tree has ${leaves} leaves, the claim states ${claim.regions} regions`, 'claim.regions');
  return { summary: `${leaves} activation regions with nonempty interior on the domain, covered by a split tree of ${nodes.length} nodes` };
}
