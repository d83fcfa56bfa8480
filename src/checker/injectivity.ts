/**
 * Checks `injectivity` certificates (see docs/injectivity.md). Three kinds of evidence:
 *
 * - `injectivity-pair` (violated): x ≠ y in the closed domain with N(x) = N(y) = output, all
 *   re-evaluated exactly here.
 * - `injectivity-layers` (holds): the checker folds the network into stages itself (identity layers
 *   composed exactly into the following ReLU layer; trailing identity layers one affine stage) and
 *   verifies per stage: a cell tree (coverage re-verified by the `regions` checker on the stage's
 *   domain — the claim's domain for stage 0, the nonnegative orthant for later stages, which only
 *   ever receive ReLU outputs) with, per leaf, rows that are on in the leaf and have a nonzero minor
 *   (the cell criterion: injective on a convex domain iff every cell's positive rows have rank n);
 *   or a Froese–Grillo–Skutella tree (bias-free stage 0 on R^n: each node's Farkas multipliers
 *   force one of its support rows outside C to be active, so the children cover every x, and
 *   every leaf has a full-rank minor); or, for the final affine stage, a nonzero minor (full column
 *   rank). A composition of maps each injective on what it receives is injective.
 * - `injectivity-regions` (holds): the network's region tree (coverage re-verified), exact output
 *   bounds (dual multipliers) and one proof per pair of regions p ≤ q that x ∈ R̄_p, y ∈ R̄_q,
 *   A_p x + c_p = A_q y + c_q imply x = y (a minor, separated bounds, Farkas multipliers, or 2n
 *   dual bounds max ±(x_i − y_i) ≤ 0). Every row system is rebuilt here from the network.
 */
import type { z } from 'zod';
import { CERTIFICATE_FORMAT, type MinorJson, type RegionNodeJson } from './schema/index.js';
import { ratio } from '../exact/rational.js';
import { type Layer, type Network, denseLayer } from '../network/model.js';
import { type AffineMap, type LayerInput, NETWORK_INPUT, type Q, evaluate, fromModel, identityMap, integerDeterminant, kernelLayers, layerOutputMap, layerPreactivationMap, mul, reduce, text, type Row, CheckFailure, Q0, add, combineRows, demand, eq, expandMultipliers, point, q, qs, row, show, sign, slack, sub, vector } from './kernel/index.js';
import { checkRegions } from './regions.js';
import type { Checked, WithNetwork } from './types.js';

type Minor = z.infer<typeof MinorJson>;
type RegionNode = z.infer<typeof RegionNodeJson>;
type DomainDoc = WithNetwork<'injectivity'>['claim']['domain'];

/** The claim's domain as closed rows (box: −x_j ≤ −lo_j then x_j ≤ hi_j; polytope rows as written). */
function domainRowsOf(domain: DomainDoc, n: number): Row[] {
  const unit = (j: number, s: Q): Q[] => Array.from({ length: n }, (_, t) => (t === j ? s : Q0));
  if (domain.kind === 'all') return [];
  if (domain.kind === 'box') {
    demand(domain.box.length === n, `the box has ${domain.box.length} intervals, the network has ${n} inputs`, 'claim.domain.box');
    const lo = domain.box.map(([l], j) => q(l, `claim.domain.box[${j}][0]`));
    const hi = domain.box.map(([, h], j) => q(h, `claim.domain.box[${j}][1]`));
    return [...lo.map((l, j) => row(unit(j, { n: -1n, d: 1n }), { n: -l.n, d: l.d }, '<=')), ...hi.map((h, j) => row(unit(j, { n: 1n, d: 1n }), h, '<='))];
  }
  return domain.constraints.map((c, i) => {
    demand(c.relation !== '<', 'domain rows are closed (<= or =)', `claim.domain.constraints[${i}].relation`);
    demand(c.coefficients.length === n, `${c.coefficients.length} coefficients for ${n} inputs`, `claim.domain.constraints[${i}].coefficients`);
    return row(qs(c.coefficients, `claim.domain.constraints[${i}].coefficients`), q(c.rhs, `claim.domain.constraints[${i}].rhs`), c.relation, `claim.domain.constraints[${i}]`);
  });
}

/** The nonnegative orthant of R^m as a polytope domain document. */
function orthantDoc(m: number): DomainDoc {
  return {
    kind: 'polytope',
    constraints: Array.from({ length: m }, (_, j) => ({ coefficients: Array.from({ length: m }, (_, t) => (t === j ? '-1' : '0')), relation: '<=' as const, rhs: '0' })),
  };
}

// ---------------------------------------------------------------------------------------------
// Stages: the checker's own folding of identity layers (exact composition).

interface CheckedStage {
  readonly kind: 'relu' | 'affine';
  readonly network: Network;
}

function stagesOf(net: Network): CheckedStage[] {
  const stages: CheckedStage[] = [];
  let pending: { M: Q[][]; c: Q[] } | undefined;
  let width = net.inputs;
  const compose = (layer: Layer): { M: Q[][]; c: Q[] } => {
    const W = layer.rows.map((r) => {
      const dense: Q[] = new Array<Q>(layer.inputs).fill(Q0);
      r.cols.forEach((j, t) => (dense[j] = fromModel(r.values[t] as Parameters<typeof fromModel>[0])));
      return dense;
    });
    const bias = layer.bias.map(fromModel);
    if (pending === undefined) return { M: W, c: bias };
    const P = pending;
    const cols = P.M[0]?.length ?? 0;
    return {
      M: W.map((r) => Array.from({ length: cols }, (_, j) => reduce(r.reduce((s, w, k) => add(s, mul(w, (P.M[k] as Q[])[j] as Q)), Q0)))),
      c: W.map((r, i) => reduce(r.reduce((s, w, k) => add(s, mul(w, P.c[k] as Q)), bias[i] as Q))),
    };
  };
  // The stage is a network of the model (its numbers as the model's rationals).
  const model = (m: readonly Q[][]) => m.map((r) => r.map((v) => ratio(v.n, v.d)));
  for (const layer of net.layers) {
    const { M: MQ, c: cQ } = compose(layer);
    const M = model(MQ);
    const c = model([cQ])[0] as ReturnType<typeof ratio>[];
    if (layer.activation === 'relu') {
      stages.push({ kind: 'relu', network: { inputs: width, layers: [denseLayer(M, c, 'relu', width)] } });
      pending = undefined;
      width = layer.outputs;
    } else pending = { M: MQ, c: cQ };
  }
  if (pending !== undefined || stages.length === 0) {
    const P = pending ?? {
      M: Array.from({ length: width }, (_, i) => Array.from({ length: width }, (_, j) => ({ n: i === j ? 1n : 0n, d: 1n }))),
      c: Array.from({ length: width }, () => Q0),
    };
    stages.push({ kind: 'affine', network: { inputs: width, layers: [denseLayer(model(P.M), model([P.c])[0] as ReturnType<typeof ratio>[], 'identity', width)] } });
  }
  return stages;
}

/** The one-layer stage's pre-activation map (integer rows over one denominator, as the region checker builds it). */
function stageMap(stage: CheckedStage): AffineMap {
  const layer = kernelLayers(stage.network)[0];
  demand(layer !== undefined, 'internal: a stage without a layer');
  return layerPreactivationMap(layer, NETWORK_INPUT, stage.network.inputs);
}

// ---------------------------------------------------------------------------------------------
// Minors and the tree walk.

/** Checks that `minor` names `size` distinct rows of num/den (increasing, among `allowed`) with the recorded nonzero determinant. */
function checkMinor(minor: Minor, num: readonly (readonly bigint[])[], den: bigint, size: number, allowed: (i: number) => boolean, path: string): void {
  demand(minor.rows.length === size, `a minor needs ${size} rows, got ${minor.rows.length}`, `${path}.rows`);
  minor.rows.forEach((i, k) => {
    demand(i < num.length, `row ${i} is out of range (the matrix has ${num.length} rows)`, `${path}.rows[${k}]`);
    demand(k === 0 || i > (minor.rows[k - 1] as number), 'minor rows must be strictly increasing', `${path}.rows[${k}]`);
    demand(allowed(i), `row ${i} may not be used here (it is not active)`, `${path}.rows[${k}]`);
  });
  const det: Q = { n: integerDeterminant(minor.rows.map((i) => num[i] as bigint[])), d: den ** BigInt(size) };
  const recorded = q(minor.determinant, `${path}.determinant`);
  demand(eq(det, recorded), `the determinant of rows [${minor.rows.join(', ')}] is ${show(det)}, the certificate records ${show(recorded)}`, `${path}.determinant`);
  demand(det.n !== 0n, `rows [${minor.rows.join(', ')}] have determinant 0`, `${path}.determinant`);
}

/** A leaf of a region tree: pattern per layer, split rows along its path, the output map. */
interface Leaf {
  readonly pattern: readonly (readonly boolean[])[];
  readonly splitRows: readonly Row[];
  readonly output: AffineMap;
}

/**
 * Walks a region tree (structure and proofs already verified by checkRegions) and lists its leaves
 * in preorder, rebuilding each leaf's split rows and output map from the network.
 */
function leavesOf(network: Network, nodes: readonly RegionNode[]): Leaf[] {
  const compiled = kernelLayers(network);
  const n = network.inputs;
  const leaves: Leaf[] = [];
  let at = 0;
  const visit = (k: number, i: number, z: AffineMap | undefined, input: LayerInput, on: boolean[], done: (readonly boolean[])[], rows: readonly Row[]): void => {
    const layer = compiled[k];
    if (layer === undefined) {
      at++;
      leaves.push({ pattern: done, splitRows: rows, output: input.map ?? identityMap(n) });
      return;
    }
    const zk = z ?? layerPreactivationMap(layer, input, n);
    if (!layer.relu || i >= layer.outputs) {
      return visit(k + 1, 0, undefined, layerOutputMap(layer, zk, on), [], [...done, layer.relu ? on : []], rows);
    }
    const node = nodes[at++];
    const a = zk.num[i] as bigint[];
    const c = zk.offset[i] as bigint;
    const positiveRow: Row = { a: a.map((v) => -v), b: c, den: 1n, relation: '<=' };
    const negativeRow: Row = { a: [...a], b: -c, den: 1n, relation: '<=' };
    if (node === 's') {
      visit(k, i + 1, zk, input, [...on, true], done, [...rows, positiveRow]);
      visit(k, i + 1, zk, input, [...on, false], done, [...rows, negativeRow]);
      return;
    }
    demand(Array.isArray(node), 'internal: the region tree changed shape');
    visit(k, i + 1, zk, input, [...on, node[0] === '+'], done, rows);
  };
  visit(0, 0, undefined, NETWORK_INPUT, [], [], []);
  return leaves;
}

/** Coverage of a region tree, by the `regions` checker, with its error paths moved under `path`. */
function checkCoverage(network: Network, domain: DomainDoc, nodes: readonly RegionNode[], engine: WithNetwork<'injectivity'>['engine'], path: string): number {
  const leaves = nodes.filter((node) => typeof node === 'object' && !Array.isArray(node)).length;
  demand(nodes.length > 0, 'a region tree needs at least one node (the domain must have a nonempty interior)', path);
  try {
    checkRegions({
      format: CERTIFICATE_FORMAT,
      claim: { property: 'regions', network: { sha256: '0'.repeat(64) }, domain, regions: leaves },
      verdict: 'holds',
      evidence: { kind: 'region-tree', claimSha256: '0'.repeat(64), nodes: [...nodes] },
      engine,
      network,
    });
  } catch (e) {
    if (e instanceof CheckFailure) throw new CheckFailure(e.message, e.path?.replace(/^evidence\.nodes/, path) ?? path);
    throw e;
  }
  return leaves;
}

// ---------------------------------------------------------------------------------------------
// The three kinds of evidence.

function checkPair(cert: WithNetwork<'injectivity'>): Checked {
  const { evidence, network } = cert;
  demand(evidence.kind === 'injectivity-pair', 'unreachable');
  demand(cert.verdict === 'violated', 'a counterexample pair proves "violated"', 'verdict');
  const n = network.inputs;
  demand(evidence.x.length === n && evidence.y.length === n, `x and y need ${n} coordinates each`, 'evidence.x');
  const x = point(evidence.x, 'evidence.x');
  const y = point(evidence.y, 'evidence.y');
  demand(x.some((v, j) => !eq(v, y[j] as Q)), 'x and y are the same point', 'evidence.y');
  const rows = domainRowsOf(cert.claim.domain, n);
  for (const [name, point] of [['x', x], ['y', y]] as const) {
    const v = vector(point, `evidence.${name}`);
    rows.forEach((r, i) => {
      const s = sign(slack(r, v));
      demand(r.relation === '=' ? s === 0 : s >= 0, `${name} violates row ${i} of the domain`, `evidence.${name}`);
    });
  }
  const fx = evaluate(network, x);
  const fy = evaluate(network, y);
  demand(evidence.output.length === fx.length, `${evidence.output.length} outputs recorded, the network has ${fx.length}`, 'evidence.output');
  fx.forEach((v, k) => {
    const recorded = q(evidence.output[k] as string, `evidence.output[${k}]`);
    demand(eq(v, recorded), `output ${k} at x is ${text(v)}, the certificate records ${text(recorded)}`, `evidence.output[${k}]`);
    demand(eq(v, fy[k] as Q), `output ${k} differs: N(x) = ${text(v)}, N(y) = ${text(fy[k] as Q)}`, `evidence.output[${k}]`);
  });
  return { summary: 'two distinct inputs of the domain have the same output (exact evaluation): not injective' };
}

function checkSearch(nodes: readonly unknown[], W: AffineMap, n: number, path: string): void {
  const m = W.num.length;
  let at = 0;
  const refuted = new Set<string>();
  const visit = (C: readonly number[]): void => {
    const here = `${path}[${at}]`;
    demand(at < nodes.length, 'the search tree ends early: a node is missing', here);
    const node = nodes[at++] as 'seen' | { minor: Minor } | { farkas: { rows: number[]; values: string[] } };
    const key = C.join(',');
    if (node === 'seen') {
      demand(refuted.has(key), `"seen" but the set {${key}} was not refuted earlier`, here);
      return;
    }
    const inC = new Array<boolean>(m).fill(false);
    for (const i of C) inC[i] = true;
    if ('minor' in node) {
      checkMinor(node.minor, W.num, W.den, n, (i) => inC[i] === true, `${here}.minor`);
      refuted.add(key);
      return;
    }
    // Farkas multipliers for {−w_i·x ≤ 0 (i ∈ C), w_i·x ≤ −1 (i ∉ C)} over the stage's integer rows.
    const f = node.farkas;
    demand(f.rows.length === f.values.length && f.rows.length > 0, 'the multipliers need matching, nonempty rows and values', `${here}.farkas`);
    const sum = new Array<bigint>(n).fill(0n);
    let den = 1n;
    let negatives: Q = Q0;
    let acc: bigint[] = sum;
    f.rows.forEach((i, k) => {
      demand(i < m && (k === 0 || i > (f.rows[k - 1] as number)), 'rows must be increasing indices of the layer', `${here}.farkas.rows[${k}]`);
      const y = q(f.values[k] as string, `${here}.farkas.values[${k}]`);
      demand(y.n > 0n, 'Farkas multipliers are positive', `${here}.farkas.values[${k}]`);
      const s = inC[i] ? -1n : 1n;
      // acc/den + s·y·w_i over the common denominator den·y.d.
      const w = W.num[i] as bigint[];
      acc = acc.map((v, j) => v * y.d + s * y.n * (w[j] as bigint) * den);
      den *= y.d;
      if (!inC[i]) negatives = add(negatives, y);
    });
    const j = acc.findIndex((v) => v !== 0n);
    demand(j < 0, `Σ yᵢ aᵢ is not 0 in coordinate ${j}`, `${here}.farkas`);
    demand(sign(negatives) > 0, 'no row outside C has a positive multiplier: Σ yᵢ bᵢ = 0, no contradiction', `${here}.farkas`);
    for (const i of f.rows) {
      if (inC[i]) continue;
      visit([...C, i].sort((a, b) => a - b));
    }
    refuted.add(key);
  };
  visit([]);
  demand(at === nodes.length, `the search tree has ${nodes.length - at} nodes after its end`, `${path}[${at}]`);
}

function checkLayers(cert: WithNetwork<'injectivity'>): Checked {
  const { evidence, network, claim } = cert;
  demand(evidence.kind === 'injectivity-layers', 'unreachable');
  demand(cert.verdict === 'holds', 'a layer-wise proof proves "holds"', 'verdict');
  const stages = stagesOf(network);
  demand(evidence.stages.length === stages.length, `the network has ${stages.length} stages (identity layers folded into the next ReLU layer), the certificate proves ${evidence.stages.length}`, 'evidence.stages');
  const kinds: string[] = [];
  stages.forEach((stage, s) => {
    const proof = evidence.stages[s] as (typeof evidence.stages)[number];
    const path = `evidence.stages[${s}]`;
    const map = stageMap(stage);
    const d = stage.network.inputs;
    if ('minor' in proof) {
      demand(stage.kind === 'affine', `stage ${s} is a ReLU layer: a minor alone does not prove it injective`, path);
      checkMinor(proof.minor, map.num, map.den, d, () => true, `${path}.minor`);
      kinds.push('affine map of full column rank');
      return;
    }
    demand(stage.kind === 'relu', `stage ${s} is affine: its proof is a minor`, path);
    if ('search' in proof) {
      demand(s === 0 && claim.domain.kind === 'all', 'a search tree proves injectivity of the first stage on all of R^n only', path);
      demand(map.offset.every((v) => v === 0n), 'a search tree needs a bias-free layer', path);
      checkSearch(proof.search, map, d, `${path}.search`);
      kinds.push('FGS search tree');
      return;
    }
    const domain = s === 0 ? claim.domain : orthantDoc(d);
    const leaves = checkCoverage(stage.network, domain, proof.cells, cert.engine, `${path}.cells`);
    demand(proof.minors.length === leaves, `${leaves} cells but ${proof.minors.length} minors`, `${path}.minors`);
    const walked = leavesOf(stage.network, proof.cells);
    walked.forEach((leaf, t) => {
      const on = leaf.pattern[0] as readonly boolean[];
      checkMinor(proof.minors[t] as Minor, map.num, map.den, d, (i) => on[i] === true, `${path}.minors[${t}]`);
    });
    kinds.push(`${leaves} cells on ${s === 0 ? 'the domain' : 'the nonnegative orthant'}`);
  });
  return { summary: `injective: every stage is injective on what it receives (${kinds.join('; ')})` };
}

/** The rows of a region's closure: the domain's rows, then its split rows. */
function regionRows(domainRows: readonly Row[], leaf: Leaf): Row[] {
  return [...domainRows, ...leaf.splitRows];
}

function pad(r: Row, before: number, after: number): Row {
  return { a: [...new Array<bigint>(before).fill(0n), ...r.a, ...new Array<bigint>(after).fill(0n)], b: r.b, den: r.den ?? 1n, relation: r.relation ?? '<=' };
}

function checkRegionPairs(cert: WithNetwork<'injectivity'>): Checked {
  const { evidence, network, claim } = cert;
  demand(evidence.kind === 'injectivity-regions', 'unreachable');
  demand(cert.verdict === 'holds', 'a pairwise proof proves "holds"', 'verdict');
  const n = network.inputs;
  const R = checkCoverage(network, claim.domain, evidence.nodes, cert.engine, 'evidence.nodes');
  const leaves = leavesOf(network, evidence.nodes);
  const dom = domainRowsOf(claim.domain, n);
  const rows = leaves.map((leaf) => regionRows(dom, leaf));
  const outputs = leaves[0]?.output.num.length ?? 0;
  const A = (p: number, k: number): Q[] => {
    const map = (leaves[p] as Leaf).output;
    return (map.num[k] as bigint[]).map((v) => ({ n: v, d: map.den }));
  };
  const c = (p: number, k: number): Q => {
    const map = (leaves[p] as Leaf).output;
    return { n: map.offset[k] as bigint, d: map.den };
  };
  // Bounds.
  evidence.bounds.forEach((b, t) => {
    const path = `evidence.bounds[${t}]`;
    demand(b.region < R && b.output < outputs, 'region or output out of range', path);
    const sys = rows[b.region] as Row[];
    const y = expandMultipliers(b.dual, sys.length, `${path}.dual`);
    const { coefficients, rhs } = combineRows(sys, y, n, b.dual, `${path}.dual`);
    const s = b.sense === 'max' ? 1n : -1n;
    A(b.region, b.output).forEach((a, j) => {
      demand(eq({ n: coefficients.num[j] as bigint, d: coefficients.den }, { n: s * a.n, d: a.d }), `Σ yᵢ aᵢ differs from ${b.sense === 'max' ? '' : '−'}A_p[${b.output}] in coordinate ${j}`, `${path}.dual`);
    });
    const value = b.sense === 'max' ? add(rhs, c(b.region, b.output)) : sub(c(b.region, b.output), rhs);
    demand(eq(value, q(b.value, `${path}.value`)), `the multipliers bound output ${b.output} by ${show(value)}, the certificate records ${b.value}`, `${path}.value`);
  });
  // Pairs, in order p ≤ q.
  demand(evidence.pairs.length === (R * (R + 1)) / 2, `${R} regions need ${(R * (R + 1)) / 2} pair proofs, the certificate has ${evidence.pairs.length}`, 'evidence.pairs');
  let t = 0;
  for (let p = 0; p < R; p++) {
    for (let qq = p; qq < R; qq++, t++) {
      const proof = evidence.pairs[t] as (typeof evidence.pairs)[number];
      const path = `evidence.pairs[${t}]`;
      demand(proof.p === p && proof.q === qq, `expected the pair (${p}, ${qq}) here`, path);
      if ('minor' in proof) {
        demand(p === qq, 'a minor proves a region against itself only', path);
        const map = (leaves[p] as Leaf).output;
        checkMinor(proof.minor, map.num, map.den, n, () => true, `${path}.minor`);
        continue;
      }
      if ('separated' in proof) {
        const [u, l] = proof.separated;
        const bu = evidence.bounds[u];
        const bl = evidence.bounds[l];
        demand(bu !== undefined && bl !== undefined, 'bound index out of range', `${path}.separated`);
        demand(bu.sense === 'max' && bl.sense === 'min' && bu.output === bl.output, 'separation needs a max and a min of the same output', `${path}.separated`);
        demand((bu.region === p && bl.region === qq) || (bu.region === qq && bl.region === p), 'the bounds are not about this pair', `${path}.separated`);
        demand(sign(sub(q(bl.value), q(bu.value))) > 0, `max ${bu.value} is not below min ${bl.value}`, `${path}.separated`);
        continue;
      }
      // The pair system in (x, y): rows of p on x, rows of q on y, then A_p x − A_q y = c_q − c_p.
      const sys: Row[] = [
        ...(rows[p] as Row[]).map((r) => pad(r, 0, n)),
        ...(rows[qq] as Row[]).map((r) => pad(r, n, 0)),
        ...Array.from({ length: outputs }, (_, k) => row([...A(p, k), ...A(qq, k).map((a) => ({ n: -a.n, d: a.d }))], sub(c(qq, k), c(p, k)), '=')),
      ];
      if ('farkas' in proof) {
        const y = expandMultipliers(proof.farkas, sys.length, `${path}.farkas`);
        const { coefficients, rhs } = combineRows(sys, y, 2 * n, proof.farkas, `${path}.farkas`);
        demand(coefficients.num.every((v) => v === 0n), 'Σ yᵢ aᵢ is not 0', `${path}.farkas`);
        demand(sign(rhs) < 0, `Σ yᵢ bᵢ = ${show(rhs)} is not negative: no contradiction`, `${path}.farkas`);
        continue;
      }
      demand(proof.duals.length === 2 * n, `${2 * n} dual vectors needed (±(x_i − y_i) for each i), got ${proof.duals.length}`, `${path}.duals`);
      proof.duals.forEach((dual, r) => {
        const i = Math.floor(r / 2);
        const s = r % 2 === 0 ? 1n : -1n;
        const y = expandMultipliers(dual, sys.length, `${path}.duals[${r}]`);
        const { coefficients, rhs } = combineRows(sys, y, 2 * n, dual, `${path}.duals[${r}]`);
        for (let j = 0; j < 2 * n; j++) {
          const want = j === i ? s : j === n + i ? -s : 0n;
          demand((coefficients.num[j] as bigint) === want * coefficients.den, `Σ yᵢ aᵢ is not ${s > 0n ? '' : '−'}(e_${i}, −e_${i}) in coordinate ${j}`, `${path}.duals[${r}]`);
        }
        demand(sign(rhs) <= 0, `the bound on ${s > 0n ? '' : '−'}(x_${i} − y_${i}) is ${show(rhs)} > 0`, `${path}.duals[${r}]`);
      });
    }
  }
  return { summary: `injective: ${R} regions cover the domain and no two points of any pair of them (${t} pairs) share an output` };
}

/** Checks a parsed `injectivity` certificate whose network is resolved. */
export function checkInjectivity(cert: WithNetwork<'injectivity'>): Checked {
  switch (cert.evidence.kind) {
    case 'injectivity-pair':
      return checkPair(cert);
    case 'injectivity-layers':
      return checkLayers(cert);
    case 'injectivity-regions':
      return checkRegionPairs(cert);
    default:
      throw new CheckFailure(`an injectivity certificate needs injectivity-pair, injectivity-layers or injectivity-regions evidence, not ${cert.evidence.kind}`, 'evidence.kind');
  }
}
