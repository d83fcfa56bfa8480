/**
 * The deciders, in the order the engine asks them about a neuron: cheapest and most specific
 * first, the certified LP (which always decides) last. A new decider is one module here and one
 * entry in this list.
 */
import type { Decider } from '../decider.js';
import { certifiedLpDecider } from './certifiedLp.js';
import { constantDecider } from './constant.js';
import { intervalDecider } from './interval.js';
import { layerEntryDecider } from './layerEntry.js';
import { orderConeDecider } from './orderCone.js';
import { pointsDecider } from './points.js';
import { projectedPathDecider } from './projectedPath.js';
import { rayDecider } from './ray.js';
import { vertexSetDecider } from './vertexSet.js';

export { certifiedLpDecider, constantDecider, intervalDecider, layerEntryDecider, orderConeDecider, pointsDecider, projectedPathDecider, rayDecider, vertexSetDecider };

/** The node deciders of the region engine, in order. */
export const DEFAULT_DECIDERS: readonly Decider[] = [
  constantDecider,
  intervalDecider,
  vertexSetDecider,
  layerEntryDecider,
  pointsDecider,
  projectedPathDecider,
  rayDecider,
  orderConeDecider,
  certifiedLpDecider,
];
