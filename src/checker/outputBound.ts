/**
 * Checks `output-bound` certificates. "violated" needs a counterexample: an input in the closed
 * box whose exact output (re-evaluated here) has objective·output > bound. "holds" would need
 * region-tree evidence, which this checker version does not verify: such certificates are
 * reported invalid (unsupported evidence), never accepted.
 */
import { type Q, type QVector, demand, trace as evaluateTrace, eq, q, qs, show, sign, sub, vector } from './kernel/index.js';
import { boxBounds } from './activationRegion.js';
import type { Checked, WithNetwork } from './types.js';

function at(v: QVector, i: number): Q {
  return { n: v.num[i] as bigint, d: v.den };
}

function compareVector(computed: QVector, recorded: readonly string[], path: string, what: string): void {
  demand(recorded.length === computed.num.length, `${recorded.length} ${what} recorded, the network computes ${computed.num.length}`, path);
  recorded.forEach((text, i) => {
    const r = q(text, `${path}[${i}]`);
    demand(eq(at(computed, i), r), `${what} ${i} is ${show(at(computed, i))} at the input, the certificate records ${show(r)}`, `${path}[${i}]`);
  });
}

/** Checks a parsed `output-bound` certificate whose network is resolved. */
export function checkOutputBound(cert: WithNetwork<'output-bound'>): Checked {
  const { claim, evidence, network } = cert;
  const box = boxBounds(claim.domain.box, network.inputs, 'claim.domain.box');
  const outputs = network.layers.length === 0 ? network.inputs : (network.layers[network.layers.length - 1]?.outputs ?? 0);
  demand(claim.objective.length === outputs, `the objective has ${claim.objective.length} coefficients, the network has ${outputs} outputs`, 'claim.objective');
  if (cert.verdict === 'holds') {
    demand(false, 'unsupported evidence: an output-bound "holds" certificate needs region-tree evidence, which this checker version does not verify', 'evidence.kind');
  }
  demand(evidence.kind === 'counterexample', `a "violated" output-bound certificate needs a counterexample, not ${evidence.kind} evidence`, 'evidence.kind');
  demand(evidence.input.length === network.inputs, `the input has ${evidence.input.length} coordinates, the network ${network.inputs}`, 'evidence.input');
  const input = qs(evidence.input, 'evidence.input');
  input.forEach((x, j) => {
    const { lo, hi } = box[j] as { lo: Q; hi: Q };
    demand(sign(sub(x, lo)) >= 0 && sign(sub(hi, x)) >= 0, `input ${j} = ${show(x)} is outside [${show(lo)}, ${show(hi)}]`, `evidence.input[${j}]`);
  });
  // An input the first layer does not read could change without changing any recorded value:
  // the canonical choice is the box's lower bound.
  const first = network.layers[0];
  if (first !== undefined) {
    for (let j = 0; j < network.inputs; j++) {
      if (first.rows.every((r) => !r.cols.includes(j))) {
        demand(eq(input[j] as Q, (box[j] as { lo: Q }).lo), `input ${j} is not read by the network, so it must be the box's lower bound`, `evidence.input[${j}]`);
      }
    }
  }
  const trace = evaluateTrace(network, vector(input, 'evidence.input'));
  demand(evidence.preactivations.length === network.layers.length, `${evidence.preactivations.length} layers of pre-activations recorded, the network has ${network.layers.length}`, 'evidence.preactivations');
  trace.preactivations.forEach((z, k) => compareVector(z, evidence.preactivations[k] as string[], `evidence.preactivations[${k}]`, 'pre-activation'));
  compareVector(trace.output, evidence.output, 'evidence.output', 'output');
  const c = vector(qs(claim.objective, 'claim.objective'), 'claim.objective');
  let acc = 0n;
  for (let i = 0; i < outputs; i++) acc += (c.num[i] as bigint) * (trace.output.num[i] as bigint);
  const value: Q = { n: acc, d: c.den * trace.output.den };
  const recorded = q(evidence.value, 'evidence.value');
  demand(eq(value, recorded), `objective·output is ${show(value)}, the certificate records ${show(recorded)}`, 'evidence.value');
  const bound = q(claim.bound, 'claim.bound');
  demand(sign(sub(value, bound)) > 0, `objective·output = ${show(value)} does not exceed the bound ${show(bound)}`, 'evidence.value');
  return { summary: `at input (${evidence.input.join(', ')}) in the box, objective·N(x) = ${show(value)} > ${show(bound)}` };
}
