/**
 * The region split tree, walked by the checker: every pre-activation and every leaf's output map
 * is rebuilt from the network along the tree (never taken from the certificate), and every node is
 * checked — a split, or a fixed sign proved by a constant pre-activation, exact interval bounds
 * over the domain box, or Motzkin multipliers over the node's rows and the far side's row, all
 * made strict. Shared by the `regions`, `sort` and `equivalent` checks (see checkRegions in
 * regions.ts for why a checked tree proves coverage).
 */
import type { z } from 'zod';
import type { MultipliersJson, RegionNodeJson, SortNodeJson, DomainJson } from './schema/index.js';
import type { Network } from '../network/model.js';
import { type AffineMap, type KernelLayer, type LayerInput, NETWORK_INPUT, type Q, type Row, add, demand, dotQ, identityMap, kernelLayers, layerOutputMap, layerPreactivationMap, located, passThroughPairs, q, qs, refuteStrict, show, sign, sub, vector } from './kernel/index.js';

export { combine, dotQ, refuteStrict } from './kernel/index.js';

/** A tree node of the `region-tree`, `sort-regions` or `equivalence-regions` evidence. */
export type RegionNode = z.infer<typeof RegionNodeJson> | z.infer<typeof SortNodeJson>;
/** Multipliers, dense or sparse. */
export type Multipliers = z.infer<typeof MultipliersJson>;
/** A claim's domain. */
export type DomainClaim = z.infer<typeof DomainJson>;

/** A closed row a·x ≤ b with integer entries (the kernel's row with its defaults: den 1, `<=`). */
export type IntRow = Row;

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
    // The row over the lcm of its denominators (bounded: see MAX_COMMON_DENOMINATOR_DIGITS).
    const scaled = vector([...qs(c.coefficients, `${path}.coefficients`), q(c.rhs, `${path}.rhs`)], path);
    const a = scaled.num.slice(0, n);
    const b = scaled.num[n] as bigint;
    rows.push({ a, b });
    if (c.relation === '=') rows.push({ a: a.map((v) => -v), b: -b });
  });
  return { rows, box: undefined };
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

/** Per layer, each row's stored entries by column (built once: large layers have many pairs). */
const rowMaps = new WeakMap<KernelLayer, Map<number, bigint>[]>();

/** Entry (row i, column j) of a compiled layer's weight numerators (0 when not stored). */
function entry(layer: KernelLayer, i: number, j: number): bigint {
  if (layer.dense) return (layer.nums[i] as readonly bigint[])[j] ?? 0n;
  let maps = rowMaps.get(layer);
  if (maps === undefined) {
    maps = layer.cols.map((cols, r) => new Map([...cols].map((c, t) => [c, (layer.nums[r] as readonly bigint[])[t] as bigint])));
    rowMaps.set(layer, maps);
  }
  return (maps[i] as Map<number, bigint>).get(j) ?? 0n;
}

/**
 * Checks that neurons p and q of ReLU layer k form a pass-through pair: row_q = −row_p,
 * bias_q = −bias_p and, in the next layer, column_q = −column_p. Then the pair adds
 * column_p·(relu(z) − relu(−z)) = column_p·z to the next layer whatever its input, which is the
 * map the walker builds with p on and q off. (The pairing itself comes from kernel/passPairs.ts
 * as a hint; this check, not that code, is what the verdict rests on.)
 */
function checkPassPair(compiled: readonly KernelLayer[], k: number, p: number, q: number): void {
  const layer = compiled[k] as KernelLayer;
  const next = compiled[k + 1];
  const where = `network.layers[${k}]`;
  demand(layer.relu && next !== undefined && p !== q && p < layer.outputs && q < layer.outputs, `neurons ${p} and ${q} cannot form a pass-through pair`, where);
  demand((layer.bias[q] as bigint) === -(layer.bias[p] as bigint), `neurons ${p} and ${q}: biases are not negatives`, where);
  for (let j = 0; j < layer.inputs; j++) demand(entry(layer, q, j) === -entry(layer, p, j), `neurons ${p} and ${q}: weights from input ${j} are not negatives`, where);
  for (let r = 0; r < next.outputs; r++) demand(entry(next, r, q) === -entry(next, r, p), `neurons ${p} and ${q}: their weights into neuron ${r} of the next layer are not negatives`, where);
}

/** Options of {@link walkRegionTree}. */
export interface WalkOptions {
  /** Accept `"p"` nodes (pass-through neurons): for claims about the function, never for region counts. */
  readonly passThrough?: boolean;
}

/**
 * Walks a region split tree (preorder `nodes`, the `region-tree` node format) over the network and
 * domain, checking every node as the `regions` checker does, and calls `onLeaf` for each leaf with
 * its rows and its output map rebuilt from the network. Returns the number of leaves.
 */
export function walkRegionTree(
  network: Network,
  domain: { rows: IntRow[]; box: { lo: Q; hi: Q }[] | undefined },
  nodes: readonly RegionNode[],
  onLeaf: (leaf: CheckedLeaf) => void,
  options: WalkOptions = {},
): number {
  const n = network.inputs;
  const compiled = kernelLayers(network);
  const pairs = options.passThrough === true ? passThroughPairs(compiled) : undefined;
  pairs?.forEach((partners, k) =>
    partners.forEach((q, p) => {
      demand(partners.get(q) === p, `pass-through pairing of layer ${k} is not symmetric`, `network.layers[${k}]`);
      if (p < q) checkPassPair(compiled, k, p, q);
    }),
  );
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
  const visit = (k: number, i: number, zIn: AffineMap | undefined, input: LayerInput, on: boolean[], passed: boolean[], rows: readonly IntRow[]): void => {
    const layer: KernelLayer | undefined = compiled[k];
    if (layer === undefined) {
      const path = `evidence.nodes[${at}]`;
      const node = take();
      demand(node === 'leaf' || (typeof node === 'object' && !Array.isArray(node)), 'every neuron is decided here, so this node must be a leaf', path);
      let x: Q[] | undefined;
      if (node !== 'leaf') {
        demand(node.point.length === n, `the point has ${node.point.length} coordinates, the network ${n} inputs`, `${path}.point`);
        const p = qs(node.point, `${path}.point`);
        // Its common denominator is bounded like any point's (the sums below then stay bounded too).
        vector(p, `${path}.point`);
        rows.forEach((r, t) => demand(located(`${path}.point`, () => sign(sub({ n: r.b, d: 1n }, dotQ(r.a, p)))) > 0, `the leaf's point is not strictly inside row ${t} of its polyhedron`, `${path}.point`));
        x = p;
      }
      const output: AffineMap = input.map ?? identityMap(n);
      onLeaf({ rows, output, ...(x !== undefined ? { point: x } : {}), index: leaves, path });
      leaves++;
      return;
    }
    const zk = zIn ?? layerPreactivationMap(layer, input, n);
    if (!layer.relu || i >= layer.outputs) return visit(k + 1, 0, undefined, layerOutputMap(layer, zk, on), [], [], rows);
    const path = `evidence.nodes[${at}]`;
    const node = take();
    // A pass-through pair is taken as linear on both neurons or on neither (one alone would count
    // the pair's term once linearly and once through its ReLU).
    const partner = pairs?.[k]?.get(i);
    if (partner !== undefined && partner < i) {
      demand((node === 'p') === (passed[partner] === true), `layer ${k} neuron ${i}: its pass-through partner ${partner} was ${passed[partner] === true ? '' : 'not '}taken as linear, so this one must ${passed[partner] === true ? '' : 'not '}be "p"`, path);
    }
    if (node === 'p') {
      demand(pairs !== undefined, 'a "p" (pass-through) node is not allowed in this tree: it counts activation regions', path);
      demand(partner !== undefined, `layer ${k} neuron ${i} has no pass-through partner`, path);
      visit(k, i + 1, zk, input, [...on, i < partner], [...passed, true], rows);
      return;
    }
    const a = zk.num[i] as bigint[];
    const c = zk.offset[i] as bigint;
    const positiveRow: IntRow = { a: a.map((v) => -v), b: c }; // −z ≤ 0
    const negativeRow: IntRow = { a: [...a], b: -c }; // z ≤ 0
    if (node === 's') {
      visit(k, i + 1, zk, input, [...on, true], [...passed, false], [...rows, positiveRow]);
      visit(k, i + 1, zk, input, [...on, false], [...passed, false], [...rows, negativeRow]);
      return;
    }
    demand(Array.isArray(node), `layer ${k} neuron ${i} is undecided here: expected "s" or [sign, proof], got a leaf`, path);
    const [signText, proof] = node;
    const positive = signText === '+';
    if (proof === 'c') {
      demand(a.every((v) => v === 0n), `layer ${k} neuron ${i}: "c" claims a constant pre-activation, but it depends on the input`, `${path}[1]`);
      demand(positive ? c > 0n : c <= 0n, `layer ${k} neuron ${i}: the constant pre-activation does not have sign ${signText}`, `${path}[0]`);
    } else if (proof === 'i') {
      const { low, high } = located(`${path}[1]`, () => interval(a, c, zk.den));
      demand(positive ? sign(low) >= 0 : sign(high) <= 0, `layer ${k} neuron ${i}: interval bounds [${show(low)}, ${show(high)}] do not prove sign ${signText}`, `${path}[1]`);
    } else {
      refuteStrict([...rows, positive ? negativeRow : positiveRow], n, proof, `${path}[1]`);
    }
    visit(k, i + 1, zk, input, [...on, positive], [...passed, false], rows);
  };
  visit(0, 0, undefined, NETWORK_INPUT, [], [], domain.rows);
  demand(at === nodes.length, `the tree has ${nodes.length - at} nodes after its last leaf`, `evidence.nodes[${at}]`);
  return leaves;
}

