/** Proof-suite generator of `linear-system` certificates: the system and the question. */
import { z } from 'zod';
import * as pin from '../claimPinning.js';
import { LinearSystemJson } from '../../checker/schema/index.js';
import { proofGenerator, systemFromJson } from '../proofGenerator.js';
import { linearSystemCertificate } from './certificate.js';

/** Rebuilds a `linear-system` certificate. */
export const linearSystemProofGenerator = proofGenerator(z.strictObject({ system: LinearSystemJson, question: z.enum(['feasible', 'interior-nonempty']) }), (g) =>
  linearSystemCertificate(systemFromJson(g.system), g.question),
  { claimFields: (g) => ({ system: pin.system(g.system), question: pin.same(g.question) }) },
);
