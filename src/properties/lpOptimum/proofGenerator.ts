/** Proof-suite generator of `lp-optimum` certificates: the system, objective, sense and statement. */
import { z } from 'zod';
import * as pin from '../claimPinning.js';
import { LinearSystemJson, RationalText } from '../../checker/schema/index.js';
import { proofGenerator, rationals, systemFromJson } from '../proofGenerator.js';
import { lpOptimumCertificate } from './certificate.js';

/** Rebuilds an `lp-optimum` certificate (an unbounded LP has none). */
export const lpOptimumProofGenerator = proofGenerator(
  z.strictObject({ system: LinearSystemJson, objective: z.array(RationalText), sense: z.enum(['max', 'min']), statement: z.enum(['optimum', 'bound']) }),
  (g, _net, id) => {
    const outcome = lpOptimumCertificate(systemFromJson(g.system), rationals(g.objective), g.sense, g.statement);
    if (outcome.status === 'unbounded') throw new Error(`${id}: the LP is unbounded`);
    return outcome.certificate;
  },
  {
    claimFields: (g) => ({
      system: pin.system(g.system),
      objective: pin.rationals(g.objective),
      sense: pin.same(g.sense),
      statement: pin.same(g.statement),
      value: pin.RESULT,
    }),
  },
);
