/**
 * Checks `activation-region` certificates. The checker builds the region's system itself from the
 * network (never from the certificate), in this documented row order:
 *
 * 1. layer by layer, neuron by neuron over ReLU layers only: with z the neuron's pre-activation as
 *    an affine function of the input given the pattern of the earlier layers
 *    (network/affine.ts `preactivationMaps`), the row −z < 0 for `+` and z < 0 for `-`;
 * 2. if a box is given: −x_j < −lo_j for j = 0..n−1, then x_j < hi_j for j = 0..n−1.
 *
 * Every row is strict. By induction over the layers, on the set where the earlier layers follow the
 * pattern strictly the true pre-activation equals that affine z, so the system's solution set is
 * exactly the claim's set; it is open, so it is nonempty iff it has a nonempty interior.
 */
import type { Network } from '../network/model.js';
import { type Q, type Row, checkMotzkin, checkPoint, demand, patternMaps, q, row } from './kernel/index.js';

/** Which ReLU neurons pass their pre-activation (true), per layer; entries of identity layers are empty. */
export type ActivationPattern = readonly (readonly boolean[])[];
import type { Checked, WithNetwork } from './types.js';

/** Reads and checks a box against the input size. */
export function boxBounds(box: readonly (readonly [string, string])[], inputs: number, path: string): { lo: Q; hi: Q }[] {
  demand(box.length === inputs, `the box has ${box.length} intervals, the network has ${inputs} inputs`, path);
  return box.map(([lo, hi], j) => ({ lo: q(lo, `${path}[${j}][0]`), hi: q(hi, `${path}[${j}][1]`) }));
}

/** Reads the pattern strings into booleans, checking one character per ReLU neuron and "" for identity layers. */
export function readPattern(net: Network, pattern: readonly string[]): ActivationPattern {
  demand(pattern.length === net.layers.length, `the pattern has ${pattern.length} layers, the network ${net.layers.length}`, 'claim.pattern');
  return net.layers.map((layer, k) => {
    const s = pattern[k] as string;
    const want = layer.activation === 'relu' ? layer.outputs : 0;
    demand(s.length === want, `layer ${k} (${layer.activation}, ${layer.outputs} neurons) needs ${want} signs, the pattern gives ${s.length}`, `claim.pattern[${k}]`);
    return Array.from(s, (c) => c === '+');
  });
}

/** The rows of the region's system in the documented order. */
export function regionRows(net: Network, pattern: ActivationPattern, box: readonly { lo: Q; hi: Q }[] | undefined): Row[] {
  const rows: Row[] = [];
  const maps = patternMaps(net, pattern).preactivations;
  net.layers.forEach((layer, k) => {
    if (layer.activation !== 'relu') return;
    const map = maps[k];
    demand(map !== undefined, `no affine map for layer ${k}`);
    map.num.forEach((coefficients, i) => {
      const offset = map.offset[i] as bigint;
      // z = (c·x + offset)/den; '+' requires z > 0, i.e. −c·x < offset; '-' requires c·x < −offset.
      rows.push(
        (pattern[k] as readonly boolean[])[i]
          ? { a: coefficients.map((v) => -v), b: offset, den: map.den, relation: '<' }
          : { a: [...coefficients], b: -offset, den: map.den, relation: '<' },
      );
    });
  });
  if (box !== undefined) {
    const n = net.inputs;
    const unit = (j: number, s: bigint): Q[] => Array.from({ length: n }, (_, t) => ({ n: t === j ? s : 0n, d: 1n }));
    box.forEach(({ lo }, j) => rows.push(row(unit(j, -1n), { n: -lo.n, d: lo.d }, '<')));
    box.forEach(({ hi }, j) => rows.push(row(unit(j, 1n), hi, '<')));
  }
  return rows;
}

/** Checks a parsed `activation-region` certificate whose network is resolved. */
export function checkActivationRegion(cert: WithNetwork<'activation-region'>): Checked {
  const { claim, evidence, network } = cert;
  const pattern = readPattern(network, claim.pattern);
  const box = claim.domain === undefined ? undefined : boxBounds(claim.domain.box, network.inputs, 'claim.domain.box');
  const rows = regionRows(network, pattern, box);
  const where = box === undefined ? '' : ' inside the open box';
  if (cert.verdict === 'holds') {
    demand(evidence.kind === 'point', `a "holds" activation-region certificate needs point evidence, not ${evidence.kind}`, 'evidence.kind');
    checkPoint(rows, network.inputs, evidence.point, evidence.slacks, 'evidence');
    return { summary: `the pattern ${JSON.stringify(claim.pattern)} holds strictly at (${evidence.point.join(', ')})${where}: the region has a nonempty interior` };
  }
  demand(evidence.kind === 'motzkin', `a "violated" activation-region certificate needs Motzkin multipliers, not ${evidence.kind} evidence`, 'evidence.kind');
  checkMotzkin(rows, network.inputs, evidence, 'evidence');
  return { summary: `no input${where} has the pattern ${JSON.stringify(claim.pattern)} strictly (${rows.length} rows refuted by Motzkin multipliers)` };
}

