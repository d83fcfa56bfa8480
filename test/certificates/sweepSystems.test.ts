/**
 * The certificate sweep, library producers of linear-algebra claims (the `demo` writes two of
 * them): `linear-system`, `lp-optimum`, `activation-region`, `output-bound`, on seeded random
 * inputs with repeated rows, positive multiples of rows, zero rows (0 ≤ 0, 0 = 0, 0 ≤ b), and
 * networks with duplicated, opposite, zero and constant neurons. Every certificate produced must
 * be accepted by the independent checker; each block fails below its minimum of checked cases.
 */
import { describe, it } from 'vitest';
import { activationRegionCertificate } from '../../src/certificates/activationRegion.js';
import { linearSystemCertificate } from '../../src/properties/linearSystem/certificate.js';
import { lpOptimumCertificate } from '../../src/properties/lpOptimum/certificate.js';
import { outputBoundCounterexample } from '../../src/properties/outputBound/certificate.js';
import { evaluate } from '../../src/network/evaluate.js';
import type { LinearConstraint, LinearSystem, Relation } from '../../src/polyhedra/system.js';
import { type Draw, F, Tally, degenerate, draw, randomBox, randomSpec, toNetwork } from './sweepHelpers.js';

/** A random system with repeated rows, positive multiples and zero rows mixed in. */
function degenerateSystem(d: Draw, variables: number, relations: readonly Relation[]): LinearSystem {
  const fresh = (): LinearConstraint => ({
    coefficients: Array.from({ length: variables }, () => F(d.int(-2, 2))),
    relation: d.pick(relations),
    rhs: F(d.int(-3, 3)),
  });
  const rows: LinearConstraint[] = Array.from({ length: d.int(2, 5) }, fresh);
  for (let t = d.int(1, 4); t > 0; t--) {
    const source = d.pick(rows);
    const kind = d.int(0, 3);
    if (kind === 0) rows.push({ ...source, coefficients: [...source.coefficients] });
    else if (kind === 1) {
      const f = F(d.pick([2, 3]), d.pick([1, 2]));
      rows.push({ coefficients: source.coefficients.map((v) => v.mul(f)), relation: source.relation, rhs: source.rhs.mul(f) });
    } else if (kind === 2) rows.push({ coefficients: source.coefficients.map(() => F(0)), relation: d.pick(relations), rhs: F(d.int(0, 1)) });
    else rows.push(fresh());
  }
  // Shuffle so that copies come before and after their originals.
  for (let i = rows.length - 1; i > 0; i--) {
    const j = d.int(0, i);
    [rows[i], rows[j]] = [rows[j] as LinearConstraint, rows[i] as LinearConstraint];
  }
  return { variables, constraints: rows };
}

describe('certificate sweep: every certificate a system producer writes is accepted by the checker', () => {
  it('linear-system, both questions, repeated / scaled / zero rows', () => {
    const tally = new Tally();
    for (let seed = 1; seed <= 300; seed++) {
      const d = draw(10_000 + seed);
      const question = d.chance(0.5) ? 'feasible' : 'interior-nonempty';
      const relations: Relation[] = question === 'feasible' ? ['<=', '<', '='] : ['<=', '<'];
      const system = degenerateSystem(d, d.int(1, 3), relations);
      tally.accept(`linear-system seed ${seed} ${question}`, linearSystemCertificate(system, question));
    }
    tally.expectAll(300);
    tally.expectVerdicts(['linear-system holds', 'linear-system violated']);
  });

  it('lp-optimum, max and min, optimum and bound, repeated / scaled / zero rows', () => {
    const tally = new Tally();
    for (let seed = 1; seed <= 300; seed++) {
      const d = draw(11_000 + seed);
      const n = d.int(1, 3);
      const rows = [...degenerateSystem(d, n, ['<=', '<=', '=']).constraints];
      // A box keeps most LPs bounded (its rows may repeat rows of the system too).
      if (d.chance(0.8)) {
        for (let j = 0; j < n; j++) {
          for (const s of [1, -1]) rows.push({ coefficients: Array.from({ length: n }, (_, t) => F(t === j ? s : 0)), relation: '<=', rhs: F(3) });
        }
      }
      const system: LinearSystem = { variables: n, constraints: rows };
      const objective = Array.from({ length: n }, () => F(d.int(-2, 2)));
      const sense = d.chance(0.5) ? 'max' : 'min';
      const statement = d.chance(0.7) ? 'optimum' : 'bound';
      const outcome = lpOptimumCertificate(system, objective, sense, statement);
      if (outcome.status === 'unbounded') tally.skip();
      else tally.accept(`lp seed ${seed} ${sense} ${statement}`, outcome.certificate);
    }
    tally.expectAll(200);
    tally.expectVerdicts(['lp-optimum holds', 'linear-system violated']);
  });

  it('activation-region (sampled and random patterns) and output-bound (degenerate neurons)', () => {
    const tally = new Tally();
    for (let seed = 1; seed <= 150; seed++) {
      const d = draw(12_000 + seed);
      const n = d.int(1, 2);
      const widths = d.pick([[n, 2, 1], [n, 3, 1], [n, 2, 2, 1]]);
      const { spec, applied } = degenerate(d, randomSpec(d, widths), d.int(0, 3));
      const net = toNetwork(spec);
      const box = d.chance(0.5) ? randomBox(d, n) : undefined;
      // Half of the patterns are observed at a point (often nonempty), half drawn at random (often empty).
      let pattern: string[];
      if (d.chance(0.5)) {
        const x = Array.from({ length: n }, () => F(d.int(-40, 40), 7));
        pattern = net.layers.map((l, k) => {
          // Layer k's pre-activations: the network cut after layer k, with that layer linear.
          const partial = { ...net, layers: net.layers.slice(0, k + 1).map((m, t) => (t === k ? { ...m, activation: 'identity' as const } : m)) };
          const z = evaluate(partial, x);
          return l.activation === 'relu' ? z.map((v) => (v.compare(0) > 0 ? '+' : '-')).join('') : '';
        });
      } else {
        pattern = net.layers.map((l) => (l.activation === 'relu' ? Array.from({ length: l.outputs }, () => (d.chance(0.5) ? '+' : '-')).join('') : ''));
      }
      const embed = d.chance(0.7);
      tally.accept(`activation-region seed ${seed} ${applied.join(' ')} ${JSON.stringify(pattern)}`, activationRegionCertificate(net, pattern, { ...(box !== undefined ? { box } : {}), embed }), embed ? undefined : net);
      const cex = outputBoundCounterexample(net, box ?? randomBox(d, n), [F(d.pick([1, -1]))], F(d.int(-2, 2)), { samples: 50, seed, embed });
      if (cex === undefined) tally.skip();
      else tally.accept(`output-bound seed ${seed} ${applied.join(' ')}`, cex, embed ? undefined : net);
    }
    tally.expectAll(200);
    tally.expectVerdicts(['activation-region holds', 'activation-region violated', 'output-bound violated']);
  });
});
