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
import { demand } from './kernel/index.js';
import { integerDomainRows, refuteStrict, walkRegionTree } from './regionTree.js';
import type { Checked, WithNetwork } from './types.js';

/** Checks a parsed `regions` certificate whose network is resolved. */
export function checkRegions(cert: WithNetwork<'regions'>): Checked {
  const { claim, evidence, network } = cert;
  demand(cert.verdict === 'holds', 'a regions certificate states a count: its verdict is "holds"', 'verdict');
  demand(evidence.kind === 'region-tree', `a regions certificate needs region-tree evidence, not ${evidence.kind}`, 'evidence.kind');
  const n = network.inputs;
  const domain = integerDomainRows(claim.domain, n);
  if (evidence.emptyDomain !== undefined) {
    demand(evidence.nodes.length === 0, 'an empty domain has no tree', 'evidence.nodes');
    demand(claim.regions === 0, `the domain has an empty interior, so there are 0 regions, not ${claim.regions}`, 'claim.regions');
    refuteStrict(domain.rows, n, evidence.emptyDomain, 'evidence.emptyDomain');
    return { summary: 'the domain has an empty interior (Motzkin multipliers): 0 regions' };
  }
  // Every leaf must carry its interior point (the walker checks it strictly inside every row):
  // that is what makes each leaf a region with a nonempty interior.
  const leaves = walkRegionTree(network, domain, evidence.nodes, (leaf) => {
    demand(leaf.point !== undefined, 'a regions leaf must carry a point strictly inside it', leaf.path);
  });
  demand(leaves === claim.regions, `the tree has ${leaves} leaves, the claim states ${claim.regions} regions`, 'claim.regions');
  return { summary: `${leaves} activation regions with nonempty interior on the domain, covered by a split tree of ${evidence.nodes.length} nodes` };
}
