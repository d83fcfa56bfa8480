/**
 * Proof-suite generator of `training-optimum` certificates: a manifest entry's `generate` block
 * holds the data (inputs and targets as rational strings), the width, the loss and the
 * output-bias choice; the generator reruns the exact search (Arora et al. 2018, Alg. 1) and
 * assembles the certificate.
 */
import { z } from 'zod';
import * as pin from '../claimPinning.js';
import { RationalText } from '../../checker/schema/index.js';
import { parseRational } from '../../exact/rational.js';
import { proofGenerator } from '../proofGenerator.js';
import { trainingCertificate } from './certificate.js';
import { trainingData } from './data.js';
import { trainOptimal } from './search.js';

/** The `generate` block of a training-optimum entry. */
export const TrainingGenerateJson = z.strictObject({
  inputNames: z.array(z.string()).optional(),
  targetName: z.string().optional(),
  inputs: z.array(z.array(RationalText)),
  targets: z.array(RationalText),
  width: z.int().positive(),
  loss: z.enum(['l1', 'linf', 'hinge']),
  outputBias: z.boolean().optional(),
});

/** Reruns the search for a `generate` block and returns its certificate (no network: the data are the claim). */
export const trainingProofGenerator = proofGenerator(TrainingGenerateJson, (g, _net, id) => {
  const data = trainingData(
    g.inputs.map((x) => x.map((t) => parseRational(t))),
    g.targets.map((t) => parseRational(t)),
    { ...(g.inputNames !== undefined ? { inputs: g.inputNames } : {}), ...(g.targetName !== undefined ? { target: g.targetName } : {}) },
  );
  const outputBias = g.outputBias ?? false;
  const result = trainOptimal(data, { width: g.width, loss: g.loss, outputBias });
  if (result.status !== 'optimal') throw new Error(`${id}: the search did not finish`);
  return trainingCertificate(data, { width: g.width, loss: g.loss, outputBias }, result);
}, {
  claimFields: (g) => ({
    data: pin.record({
      // Names the entry leaves out are the engine's defaults: any names will do.
      inputNames: g.inputNames === undefined ? pin.RESULT : pin.same(g.inputNames),
      targetName: g.targetName === undefined ? pin.RESULT : pin.same(g.targetName),
      inputs: pin.list((g.inputs as string[][]).map(pin.rationals)),
      targets: pin.rationals(g.targets),
    }),
    width: pin.same(g.width),
    loss: pin.same(g.loss),
    outputBias: pin.same(g.outputBias ?? false),
    optimum: pin.RESULT,
  }),
});
