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
import type { MultipliersJson, RegionNodeJson, SortNodeJson } from './schema/index.js';
import type { Network } from '../network/model.js';
import { type AffineMap, type Q, cmp, combine, demand, dotQ, eq, evaluate, expandMultipliers, located, point, q, qs, show, sign, sub, text } from './kernel/index.js';
import { type CheckedLeaf, type DomainClaim, type IntRow, integerDomainRows, refuteStrict, walkRegionTree } from './regionTree.js';
export { type CheckedLeaf, type IntRow, integerDomainRows, walkRegionTree } from './regionTree.js';
import type { Checked, WithNetwork } from './types.js';

/**
 * Sort and equivalence proofs show each leaf's map on the interior of its polyhedron and extend it
 * by continuity, which covers the domain only when the domain is the closure of its interior: all
 * of R^n, or a box with lo < hi in every coordinate (checked exactly). Polytope domains would need
 * an interior witness; they are refused.
 */
function requireFullDimensional(domain: DomainClaim): void {
  if (domain.kind === 'all') return;
  demand(domain.kind === 'box', 'sort and equivalence certificates support R^n and boxes only', 'claim.domain');
  domain.box.forEach(([lo, hi], j) => demand(sign(sub(q(hi, `claim.domain.box[${j}][1]`), q(lo, `claim.domain.box[${j}][0]`))) > 0, `the box is flat in coordinate ${j} (lo ≥ hi): the proof needs a full-dimensional domain`, `claim.domain.box[${j}]`));
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
    const x = point(evidence.input, 'evidence.input');
    domain.rows.forEach((r, t) => demand(located('evidence.input', () => sign(sub({ n: r.b, d: 1n }, dotQ(r.a, x)))) >= 0, `the input violates domain row ${t}`, 'evidence.input'));
    const out = evaluate(network, x);
    const claimed = qs(evidence.output, 'evidence.output');
    out.forEach((v, i) => demand(eq(v, claimed[i] as Q), `N(input)_${i} is ${text(v)}, the certificate says ${text(claimed[i] as Q)}`, `evidence.output[${i}]`));
    const sorted = [...x].sort(cmp);
    demand(
      out.some((v, i) => !eq(v, sorted[i] as Q)),
      'N(input) equals sort(input): not a counterexample',
      'evidence.input',
    );
    return { summary: `N(x) ≠ sort(x) at x = (${evidence.input.join(', ')}): N(x) = (${evidence.output.join(', ')})` };
  }
  demand(evidence.kind === 'sort-regions', `a holding sort certificate needs sort-regions evidence, not ${evidence.kind}`, 'evidence.kind');
  demand(
    evidence.emptyDomain === undefined,
    'a domain with an empty interior is not empty: the claim covers each of its points, so it cannot hold vacuously',
    'evidence.emptyDomain',
  );
  requireFullDimensional(claim.domain);
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
  }, { passThrough: true });
  demand(count === evidence.leaves.length, `the tree has ${count} leaves, the evidence ${evidence.leaves.length} sorting proofs`, 'evidence.leaves');
  return { summary: `N(x) = sort(x) on the domain: ${count} pieces, each with output map the permutation that sorts it (ordering proved by dual multipliers)` };
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
    const x = point(evidence.input, 'evidence.input');
    domain.rows.forEach((r, t) => demand(located('evidence.input', () => sign(sub({ n: r.b, d: 1n }, dotQ(r.a, x)))) >= 0, `the input violates domain row ${t}`, 'evidence.input'));
    const check = (net: Network, recorded: readonly string[], path: string): Q[] => {
      const out = evaluate(net, x);
      demand(recorded.length === out.length, `${recorded.length} recorded outputs, the network has ${out.length}`, path);
      const want = qs(recorded, path);
      out.forEach((v, i) => demand(eq(v, want[i] as Q), `output ${i} is ${text(v)}, the certificate says ${text(want[i] as Q)}`, `${path}[${i}]`));
      return out;
    };
    const a = check(network, evidence.output, 'evidence.output');
    const b = check(other, evidence.otherOutput, 'evidence.otherOutput');
    demand(a.some((v, i) => !eq(v, b[i] as Q)), 'both networks give the same output here: not a counterexample', 'evidence.input');
    return { summary: `the networks differ at x = (${evidence.input.join(', ')})` };
  }
  demand(evidence.kind === 'equivalence-regions', `a holding equivalence certificate needs equivalence-regions evidence, not ${evidence.kind}`, 'evidence.kind');
  requireFullDimensional(claim.domain);
  let common = 0;
  const outer = walkRegionTree(network, domain, evidence.nodes, (leaf) => {
    const nodes = evidence.inner[leaf.index];
    demand(nodes !== undefined, `leaf ${leaf.index} of the first tree has no inner tree`, 'evidence.inner');
    try {
      walkRegionTree(other, { rows: [...leaf.rows], box: undefined }, nodes, (sub) => {
        demand(sameAffine(leaf.output, sub.output), `on inner leaf ${sub.index} of outer leaf ${leaf.index} the networks' affine maps differ`, `evidence.inner[${leaf.index}]`);
        common++;
      }, { passThrough: true });
    } catch (e) {
      if (e instanceof Error && 'path' in e && typeof (e as { path?: unknown }).path === 'string') {
        const p = (e as { path: string }).path;
        (e as { path: string }).path = p.startsWith('evidence.nodes') ? p.replace('evidence.nodes', `evidence.inner[${leaf.index}]`) : p;
      }
      throw e;
    }
  }, { passThrough: true });
  demand(outer === evidence.inner.length, `the first tree has ${outer} leaves, the evidence ${evidence.inner.length} inner trees`, 'evidence.inner');
  return { summary: `the networks agree on the domain: ${outer} pieces of the first, ${common} common pieces, equal affine maps on each` };
}
