/**
 * `verify spec`: exact decision of an input→output specification (VNN-LIB violation set) on a
 * ReLU network. Falsify first (counterexample.ts), then prove every case by branch and bound on
 * input coordinates (expand.ts, search.ts). `holds` comes with one proof tree per case whose every
 * bound entry the checker's own leaf function has confirmed; `violated` with an exact point of the
 * violation set; `unknown` with the reason the run stopped. Nothing is decided in floating point.
 */
import type Fraction from 'fraction.js';
import { InputError } from '../../errors.js';
import { type Network, outputSize } from '../../network/model.js';
import { type Specification, requireBoundedInputs } from '../../specification/model.js';
import { type SpecCounterexample, falsifySpecification, shortenCounterexample } from './counterexample.js';
import { type ExpandOptions, SpecExpander, rootNode } from './expand.js';
import { type SpecProgress, type SpecProofNode, searchCase } from './search.js';

/** Statistics of a run. */
export interface SpecStats {
  seconds: number;
  falsifySeconds: number;
  nodes: number;
  leaves: number;
  maxDepth: number;
  /** Bound entries confirmed by the checker's leaf function (rigorous filter / exact fallback). */
  confirmed: number;
  rigorous: number;
  exact: number;
  /** Float bounds > 0 that the confirmation refused (the node was split further). */
  unconfirmed: number;
}

/** The verdict of {@link verifySpecification}. */
export type SpecResult =
  | { readonly status: 'holds'; readonly trees: readonly (readonly SpecProofNode[])[]; readonly stats: SpecStats }
  | ({ readonly status: 'violated'; readonly stats: SpecStats } & SpecCounterexample)
  | { readonly status: 'unknown'; readonly reason: string; readonly stats: SpecStats };

/** Options of {@link verifySpecification}. */
export interface SpecVerifyOptions extends ExpandOptions {
  /** Stop at this time (ms since the epoch). */
  readonly deadline?: number;
  /** Stop after this many nodes per case. */
  readonly maxNodes?: number;
  /** Skip the falsifier (the search still finds counterexamples at node centres). */
  readonly noFalsify?: boolean;
  /** Called with the running figures of the case being searched, every few nodes. */
  readonly onProgress?: (figures: SpecProgress) => void;
}

/**
 * Checks that the specification fits the network and the method: sizes and bounded boxes.
 * @throws InputError naming what does not fit.
 */
export function checkSpecificationFits(net: Network, spec: Specification, file?: string): (readonly [Fraction, Fraction])[][] {
  const m = outputSize(net);
  if (spec.inputs !== net.inputs || spec.outputs !== m) {
    throw new InputError('dimension', `the specification has ${spec.inputs} inputs and ${spec.outputs} outputs, the network ${net.inputs} and ${m}`, { file });
  }
  return requireBoundedInputs(spec);
}

/** Decides the specification (module comment). */
export function verifySpecification(net: Network, spec: Specification, options: SpecVerifyOptions = {}): SpecResult {
  const start = performance.now();
  const boxes = checkSpecificationFits(net, spec, spec.source?.file);
  const stats: SpecStats = { seconds: 0, falsifySeconds: 0, nodes: 0, leaves: 0, maxDepth: 0, confirmed: 0, rigorous: 0, exact: 0, unconfirmed: 0 };
  const done = (): SpecStats => {
    stats.seconds = (performance.now() - start) / 1000;
    return stats;
  };
  if (options.noFalsify !== true) {
    const ce = falsifySpecification(net, spec, boxes);
    stats.falsifySeconds = (performance.now() - start) / 1000;
    if (ce !== undefined) return { status: 'violated', ...ce, stats: done() };
  }
  const trees: SpecProofNode[][] = [];
  for (let k = 0; k < spec.cases.length; k++) {
    const root = rootNode(spec, k, boxes[k] as (readonly [Fraction, Fraction])[]);
    const expander = new SpecExpander(net, spec, k, root, options);
    const outcome = searchCase(expander, root, {
      case: k,
      ...(options.deadline !== undefined ? { deadline: options.deadline } : {}),
      ...(options.maxNodes !== undefined ? { maxNodes: options.maxNodes } : {}),
      ...(options.onProgress !== undefined ? { onProgress: options.onProgress } : {}),
    });
    const c = expander.counts;
    stats.nodes += c.nodes;
    stats.confirmed += c.confirmed;
    stats.rigorous += c.rigorous;
    stats.exact += c.exact;
    stats.unconfirmed += c.unconfirmed;
    if (outcome.status === 'violated') return { status: 'violated', ...shortenCounterexample(net, spec, outcome.counterexample), stats: done() };
    if (outcome.status === 'stopped') return { status: 'unknown', reason: `${outcome.reason} (case ${k + 1} of ${spec.cases.length}, ${c.nodes} nodes searched)`, stats: done() };
    stats.leaves += outcome.leaves;
    stats.maxDepth = Math.max(stats.maxDepth, outcome.maxDepth);
    trees.push(outcome.nodes);
  }
  return { status: 'holds', trees, stats: done() };
}
