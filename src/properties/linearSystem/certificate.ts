/**
 * `linear-system` certificates: the question's system is decided by exact Fourier–Motzkin
 * elimination (src/polyhedra/fourierMotzkin.ts); this module states the question and encodes
 * the point or the Motzkin multipliers.
 */
import { InputError } from '../../errors.js';
import { fourierMotzkin } from '../../polyhedra/fourierMotzkin.js';
import type { LinearSystem } from '../../polyhedra/system.js';
import { seal, systemToJson } from '../../certificates/encode.js';
import { feasibilityEvidence } from '../../certificates/feasibility.js';
import type { Certificate } from '../../checker/schema/index.js';

/** The question a linear-system certificate answers. */
export type SystemQuestion = 'feasible' | 'interior-nonempty';

/**
 * The system whose feasibility answers the question: the system itself, or for
 * `interior-nonempty` every inequality with a nonzero coefficient vector made strict (the
 * interior of {a·x ≤ b} is {a·x < b} row by row; a zero row is a constant and keeps its relation).
 * @throws InputError for an `interior-nonempty` question about a system with equality rows.
 */
export function questionSystem(system: LinearSystem, question: SystemQuestion): LinearSystem {
  if (question === 'feasible') return system;
  const i = system.constraints.findIndex((c) => c.relation === '=');
  if (i >= 0) throw new InputError('unsupported', 'an "interior-nonempty" question cannot be asked of a system with "=" rows', { path: `constraints[${i}]` });
  return {
    variables: system.variables,
    constraints: system.constraints.map((c) => (c.relation === '<=' && c.coefficients.some((v) => v.n !== 0n) ? { ...c, relation: '<' } : c)),
  };
}

/**
 * Decides whether a small system is feasible (or has a nonempty interior) and returns the
 * certificate: a point with its slacks, or Motzkin multipliers.
 */
export function linearSystemCertificate(system: LinearSystem, question: SystemQuestion): Certificate {
  const decided = questionSystem(system, question);
  const claim = { property: 'linear-system' as const, system: systemToJson(system), question };
  const result = fourierMotzkin(decided);
  const stats = { method: 'fourier-motzkin', rows: system.constraints.length, variables: system.variables };
  const { verdict, evidence } = feasibilityEvidence(system, decided, result);
  return seal(claim, verdict, evidence, stats);
}
