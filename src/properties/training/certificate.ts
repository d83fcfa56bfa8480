/**
 * `training-optimum` certificates: the exact global optimum of one-hidden-layer training
 * (Arora, Basu, Mianjy, Mukherjee, ICLR 2018, Thm 4.1 / Alg. 1), with the dichotomies and their
 * realizing hyperplanes, the dual bounds of the search, and an optimal network. The checker
 * (src/checker/training.ts) re-derives the dichotomies by its own method and rebuilds every LP.
 */
import type Fraction from 'fraction.js';
import { formatRational } from '../../exact/rational.js';
import { networkToJson } from '../../network/json.js';
import type { TrainingData, TrainingLoss } from './data.js';
import type { SparseDual, TrainResult } from './search.js';
import { seal, texts } from '../../certificates/encode.js';
import type { Certificate, MultipliersDoc } from '../../checker/schema/index.js';

/** Sparse multipliers in certificate JSON: dense when short or dense, sparse otherwise. */
function dualToJson(dual: SparseDual): MultipliersDoc {
  if (dual.length <= 8 || 3 * dual.rows.length >= dual.length) {
    const dense: string[] = new Array<string>(dual.length).fill('0');
    dual.rows.forEach((r, k) => {
      dense[r] = formatRational(dual.values[k] as Fraction);
    });
    return dense;
  }
  return { rows: [...dual.rows], values: texts(dual.values) };
}

/** The claim part: the data (exact), the model class and the optimum. */
export function trainingClaim(data: TrainingData, width: number, loss: TrainingLoss, outputBias: boolean, optimum: Fraction) {
  return {
    property: 'training-optimum' as const,
    data: { inputNames: [...data.inputNames], targetName: data.targetName, inputs: data.inputs.map((x) => texts(x)), targets: texts(data.targets) },
    width,
    loss,
    outputBias,
    optimum: formatRational(optimum),
  };
}

/**
 * Assembles the certificate of an optimal search result. Nothing is checked here: that is the
 * checker's job. The search must have run with `collectBounds` (the default).
 */
export function trainingCertificate(
  data: TrainingData,
  options: { readonly width: number; readonly loss: TrainingLoss; readonly outputBias: boolean },
  result: Extract<TrainResult, { status: 'optimal' }>,
): Certificate {
  const claim = trainingClaim(data, options.width, options.loss, options.outputBias, result.optimum);
  const s = result.stats;
  const stats: Record<string, number | string> = {
    dichotomies: s.dichotomies,
    dichotomyLps: s.dichotomyLps,
    leaves: s.leaves,
    leafLps: s.leafLps,
    boundLps: s.boundLps,
    prunedLeaves: s.prunedLeaves,
    lpsSolved: s.lpsSolved,
    naiveLps: s.naiveLps,
    milliseconds: s.milliseconds,
  };
  return seal(
    claim,
    'holds',
    {
      kind: 'training-search',
      dichotomies: result.dichotomies.map((d) => ({ labels: d.key, normal: texts(d.normal), offset: formatRational(d.offset) })),
      bounds: result.bounds.map((b) => ({
        units: b.units.map((u) => [u.dichotomy, u.sign] as [number, 1 | -1]),
        ...(b.relaxed !== undefined ? { relaxed: b.relaxed, relaxedFrom: b.relaxedFrom ?? 0 } : {}),
        value: formatRational(b.value),
        dual: dualToJson(b.dual),
      })),
      network: networkToJson(result.best.network, 'all') as Record<string, unknown> & { format: 'relucert.network/1' },
    },
    stats,
  );
}
