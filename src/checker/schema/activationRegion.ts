/** The `activation-region` part of the certificate format (an activation pattern holds somewhere (point, Motzkin evidence of linear-system)): its claim and the evidence kinds it introduces. */
import { z } from 'zod';
import { BoxJson, NetworkRefJson } from './common.js';

/**
 * `activation-region`: the set of inputs (strictly inside the box, if given) where every ReLU
 * pre-activation has the pattern's strict sign is nonempty (it is open, so nonempty = nonempty
 * interior). One pattern string per layer: `+`/`-` per ReLU neuron, `""` for identity layers.
 */
export const ActivationRegionClaim = z.strictObject({
  property: z.literal('activation-region'),
  network: NetworkRefJson,
  pattern: z.array(z.string().regex(/^[+-]*$/, 'expected a string of "+" and "-"')),
  domain: z.strictObject({ box: BoxJson }).optional(),
});

export const activationRegionPart = { property: 'activation-region', claim: ActivationRegionClaim, evidence: [] } as const;
