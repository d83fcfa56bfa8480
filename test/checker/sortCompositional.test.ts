/**
 * `sort-compositional` certificates (issue 4, part 5): the producer's certificates of built sorters
 * are accepted, and forged ones are rejected — a comparator list that differs from the weights, a
 * network with a comparator removed (the producer gives a counterexample, never `holds`; forged
 * `holds` certificates for it fail in (b) or in (c)), wrong gadget lemma trees, a missing or
 * misplaced merge block. Known answers from mathematics: Batcher's bitonic networks and odd–even
 * transposition sort (Batcher 1968; Knuth TAOCP vol. 3 §5.3.4); a network that fails on a 0-1
 * input does not sort (the input itself is the counterexample, found here by exact evaluation of
 * the ReLU network, independently of the producer and the checker).
 */
import Fraction from 'fraction.js';
import { describe, expect, it } from 'vitest';
import { compositionalSortCertificate } from '../../src/properties/sorting/compositionalCertificate.js';
import { type Certificate, claimSha256 } from '../../src/checker/schema/index.js';
import { networkRef } from '../../src/certificates/encode.js';
import { formatCertificate } from '../../src/certificates/write.js';
import { type CheckResult, checkCertificate } from '../../src/checker/index.js';
import { type Comparator, bitonicSchedule, comparatorNetwork, oddEvenSchedule, sorterNetwork } from '../../src/construct/constructions.js';
import { evaluate } from '../../src/network/evaluate.js';
import type { Layer, Network } from '../../src/network/model.js';

type Json = Record<string, any>;

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

function holds(net: Network, options: Parameters<typeof compositionalSortCertificate>[1] = {}): Certificate {
  const outcome = compositionalSortCertificate(net, options);
  if (outcome.status !== 'holds') throw new Error(`expected a holds certificate, got ${outcome.status}: ${'reason' in outcome ? outcome.reason : ''}`);
  return outcome.certificate;
}

function check(doc: unknown, network?: Network): CheckResult {
  return checkCertificate(doc, network === undefined ? {} : { network });
}

function expectRejected(doc: unknown, pattern: RegExp, network?: Network): void {
  const r = check(doc, network);
  expect(r.valid, JSON.stringify(r)).toBe(false);
  if (!r.valid) expect(r.reason).toMatch(pattern);
}

/** The same evidence about another network (claim re-pointed, digest recomputed). */
function repoint(cert: Certificate, net: Network): Json {
  const doc = clone(cert) as Json;
  doc.claim.network = networkRef(net, true);
  doc.evidence.claimSha256 = claimSha256(doc.claim);
  return doc;
}

/** Evidence edited in place (the claim unchanged, so the digest stays valid). */
function edited(cert: Certificate, edit: (evidence: Json) => void): Json {
  const doc = clone(cert) as Json;
  edit(doc.evidence);
  return doc;
}

/** The stages of a network's construction trace as certificate pairs (independent of the producer). */
function tracePairs(net: Network): number[][] {
  const trace = net.metadata?.trace as { stages: { ops: { gadget: string; in: number[] }[] }[] };
  return trace.stages.map((st) => st.ops.flatMap((op) => (op.gadget === 'sort2' ? [op.in[0] as number, op.in[1] as number] : [op.in[0] as number, op.in[0] as number])));
}

/** Does the ReLU network sort every 0-1 input? Exact evaluation of all 2^n of them. */
function sortsAllZeroOne(net: Network): boolean {
  const n = net.inputs;
  for (let x = 0; x < 2 ** n; x++) {
    const input = Array.from({ length: n }, (_, j) => new Fraction(BigInt((x >> j) & 1)));
    const y = evaluate(net, input);
    const ones = input.filter((v) => v.equals(1)).length;
    if (!y.every((v, i) => v.equals(i >= n - ones ? 1 : 0))) return false;
  }
  return true;
}

const without = (schedule: Comparator[][], s: number, k: number): Comparator[][] => schedule.map((st, t) => (t === s ? st.filter((_, i) => i !== k) : st));

describe('sort-compositional: honest certificates', () => {
  it('built bitonic sorters n = 2..64 are proved, by the 0-1 principle and by recursive merging', () => {
    for (const n of [2, 4, 8, 16, 32, 64]) {
      const net = sorterNetwork(n);
      for (const method of n <= 16 ? (['zero-one', 'merge'] as const) : (['merge'] as const)) {
        const cert = holds(net, { method });
        expect(cert.evidence.kind).toBe('sort-compositional');
        expect(check(cert), `n = ${n}, ${method}`).toMatchObject({ valid: true, verdict: 'holds', property: 'sort' });
        const ev = cert.evidence as Json;
        expect(ev.stages).toHaveLength((Math.log2(n) * (Math.log2(n) + 1)) / 2);
        expect(ev.lemmas.identity).toBeUndefined();
        if (method === 'merge') expect(ev.sorting.phases.map((p: Json) => p.directions.length)).toEqual(Array.from({ length: Math.log2(n) }, (_, i) => n / 2 ** (i + 1)));
      }
    }
  });

  it('odd–even transposition sorters n = 2..9 are proved with both gadget lemmas (n ≥ 3 carries wires)', () => {
    for (let n = 2; n <= 9; n++) {
      const cert = holds(sorterNetwork(n, 'odd-even'));
      expect(check(cert), `n = ${n}`).toMatchObject({ valid: true, verdict: 'holds' });
      expect((cert.evidence as Json).lemmas.identity !== undefined).toBe(n >= 3);
    }
  });

  it('a network named by hash only needs --network, and the network must match', () => {
    const net = sorterNetwork(8);
    const cert = holds(net, { embed: false });
    expect(check(cert, net).valid).toBe(true);
    expectRejected(cert, /does not embed it/);
    expectRejected(cert, /hashes to/, sorterNetwork(8, 'odd-even'));
  });

  it('n = 1024: compact evidence, checked in seconds', () => {
    const net = sorterNetwork(1024);
    const t0 = performance.now();
    const cert = holds(net, { embed: false });
    const t1 = performance.now();
    const r = check(cert, net);
    const t2 = performance.now();
    const bytes = formatCertificate(cert).length;
    console.info(`n = 1024: certificate ${bytes} bytes without the network; produced in ${(t1 - t0).toFixed(0)} ms, checked in ${(t2 - t1).toFixed(0)} ms`);
    expect(r).toMatchObject({ valid: true, verdict: 'holds' });
    expect((cert.evidence as Json).sorting.method).toBe('merge');
    expect(bytes).toBeLessThan(400_000);
    expect(t2 - t1).toBeLessThan(30_000);
  }, 120_000);
});

describe('sort-compositional: forged certificates are rejected', () => {
  const n = 8;
  const net = sorterNetwork(n);
  const zeroOne = holds(net, { method: 'zero-one' });
  const merge = holds(net, { method: 'merge' });

  it('a comparator list that differs from the weights (b)', () => {
    // One comparator reversed: (3, 2) → (2, 3): a different comparator network, a different layer 0.
    expectRejected(
      edited(zeroOne, (ev) => {
        ev.stages[0].splice(2, 2, 2, 3);
      }),
      /layer 0 weight/,
    );
    // Two comparators of a stage listed in the other neuron order.
    expectRejected(
      edited(zeroOne, (ev) => {
        const s = ev.stages[3] as number[];
        ev.stages[3] = [...s.slice(2, 4), ...s.slice(0, 2), ...s.slice(4)];
      }),
      /layer 3 weight/,
    );
    // The stages of another sorting network (odd–even transposition), honest about itself: not this network.
    const other = holds(sorterNetwork(n, 'odd-even'), { method: 'zero-one' });
    expectRejected(
      edited(zeroOne, (ev) => {
        ev.stages = (other.evidence as Json).stages;
        ev.lemmas = (other.evidence as Json).lemmas;
      }),
      /layers|layer \d+/,
    );
    // A wire in two comparators, a wire in none, a wire outside the network, a stage dropped.
    expectRejected(edited(zeroOne, (ev) => ev.stages[1].splice(0, 2, 1, 3)), /wire 1 is written twice|wire \d+ is written twice/);
    expectRejected(edited(zeroOne, (ev) => ev.stages[1].splice(0, 2)), /neither compared nor carried/);
    expectRejected(edited(zeroOne, (ev) => ev.stages[1].splice(0, 2, 0, 8)), /outside 0\.\.7/);
    expectRejected(edited(zeroOne, (ev) => ev.stages.pop()), /layers, 5 recorded stages/);
  });

  it('a weight perturbed by 10^-12 with the honest comparator list (b)', () => {
    const layers = net.layers.map((layer, k): Layer => {
      if (k !== 3) return layer;
      const rows = layer.rows.map((row, i) => (i === 5 ? { cols: row.cols, values: row.values.map((v, t) => (t === 0 ? v.add(new Fraction(1n, 10n ** 12n)) : v)) } : row));
      return { ...layer, rows };
    });
    const perturbed: Network = { ...net, layers };
    expectRejected(repoint(zeroOne, perturbed), /layer 3 weight \[5, \d+\] is -?\d+\/1000000000000/);
  });

  it('a network with one comparator removed: never a holds certificate; forged ones fail in (b) or (c)', () => {
    const schedule = bitonicSchedule(n);
    const identityLemma = (holds(sorterNetwork(5, 'odd-even')).evidence as Json).lemmas.identity;
    let cases = 0;
    schedule.forEach((stage, s) =>
      stage.forEach((_, k) => {
        const broken = comparatorNetwork(n, without(schedule, s, k));
        // The known answer: the ReLU network leaves some 0-1 input unsorted (exact evaluation).
        expect(sortsAllZeroOne(broken), `stage ${s} comparator ${k}`).toBe(false);
        const outcome = compositionalSortCertificate(broken);
        expect(outcome.status).toBe('violated');
        if (outcome.status === 'violated') {
          expect(outcome.certificate.evidence.kind).toBe('sort-counterexample');
          expect(check(outcome.certificate)).toMatchObject({ valid: true, verdict: 'violated' });
        }
        // The sorter's own evidence, re-pointed to the broken network: the weights differ (b).
        expectRejected(repoint(zeroOne, broken), /layer \d+ weight|layer \d+ has shape/);
        // Evidence honest about the broken network's comparators: (a) and (b) pass, (c) fails.
        const forged = (base: Certificate): Json => {
          const doc = repoint(base, broken);
          doc.evidence.stages = tracePairs(broken);
          doc.evidence.lemmas.identity = identityLemma;
          return doc;
        };
        expectRejected(forged(zeroOne), /does not sort the 0-1 input/);
        expectRejected(forged(merge), /merger leaves the test input|sorts in descending order/);
        cases++;
      }),
    );
    expect(cases).toBe(24);
  });

  it('small networks (fewer than 5 wires, one bit-sliced word): a removed comparator or round is caught', () => {
    const identityLemma = (holds(sorterNetwork(5, 'odd-even')).evidence as Json).lemmas.identity;
    const sort2Lemma = (zeroOne.evidence as Json).lemmas.sort2;
    const broken: Network[] = [
      ...bitonicSchedule(4).flatMap((stage, s) => stage.map((_, k) => comparatorNetwork(4, without(bitonicSchedule(4), s, k)))),
      comparatorNetwork(3, oddEvenSchedule(3).slice(0, -1)),
      comparatorNetwork(2, []),
    ];
    for (const net of broken) {
      expect(sortsAllZeroOne(net)).toBe(false);
      expect(compositionalSortCertificate(net).status).toBe('violated');
      const doc = repoint(zeroOne, net);
      doc.evidence.stages = tracePairs(net);
      doc.evidence.lemmas = {
        ...(tracePairs(net).some((p) => p.some((w, i) => i % 2 === 0 && w !== p[i + 1])) ? { sort2: sort2Lemma } : {}),
        ...(tracePairs(net).some((p) => p.some((w, i) => i % 2 === 0 && w === p[i + 1])) ? { identity: identityLemma } : {}),
      };
      expectRejected(doc, /does not sort the 0-1 input/);
    }
  });

  it('a wrong gadget lemma (a)', () => {
    const identity = (holds(sorterNetwork(5, 'odd-even')).evidence as Json).lemmas.identity;
    // The identity pair's tree does not prove the sort2 lemma.
    expectRejected(
      edited(zeroOne, (ev) => {
        ev.lemmas.sort2 = identity;
      }),
      /sort2 lemma/,
    );
    // Leaf permutations swapped: sort2 is not the identity where x > y.
    expectRejected(
      edited(zeroOne, (ev) => {
        const [a, b] = ev.lemmas.sort2.leaves;
        [a.permutation, b.permutation] = [b.permutation, a.permutation];
      }),
      /sort2 lemma/,
    );
    // A node missing, a leaf proof missing, the lemma missing, an unused identity lemma added.
    expectRejected(edited(zeroOne, (ev) => ev.lemmas.sort2.nodes.shift()), /sort2 lemma/);
    expectRejected(edited(zeroOne, (ev) => ev.lemmas.sort2.leaves.pop()), /sort2 lemma/);
    expectRejected(edited(zeroOne, (ev) => delete ev.lemmas.sort2), /its lemma is missing/);
    expectRejected(
      edited(zeroOne, (ev) => {
        ev.lemmas.identity = identity;
      }),
      /drop the identity lemma/,
    );
    // The failure is located inside the lemma.
    const r = check(edited(zeroOne, (ev) => ev.lemmas.sort2.leaves[0].multipliers[0].splice(0, 1, '-1')));
    expect(r.valid === false && r.path).toMatch(/^evidence\.lemmas\.sort2\./);
    // The odd–even sorter needs the identity lemma.
    const oe = holds(sorterNetwork(5, 'odd-even'));
    expectRejected(edited(oe, (ev) => delete ev.lemmas.identity), /their lemma is missing/);
  });

  it('a missing, shortened or misplaced merge block (c)', () => {
    const phases = (merge.evidence as Json).sorting.phases as { stages: [number, number]; directions: string }[];
    expect(phases.map((p) => p.stages)).toEqual([
      [0, 1],
      [1, 3],
      [3, 6],
    ]);
    // A phase dropped (its stages then uncovered, or the count wrong).
    expectRejected(edited(merge, (ev) => ev.sorting.phases.splice(1, 1)), /needs 3 merge phases/);
    // A block missing from a phase's directions.
    expectRejected(
      edited(merge, (ev) => {
        ev.sorting.phases[0].directions = 'ada';
      }),
      /4 blocks of 2 wires/,
    );
    // The last phase stops before the last stage: its comparators would be left out.
    expectRejected(
      edited(merge, (ev) => {
        ev.sorting.phases[2].stages = [3, 5];
      }),
      /phases end at stage 5/,
    );
    // A gap or an overlap between phases.
    expectRejected(
      edited(merge, (ev) => {
        ev.sorting.phases[1].stages = [2, 3];
      }),
      /phase 2 must cover stages \[1/,
    );
    // Stage 1 (distance 2 comparators) moved into phase 1: its comparators leave blocks of 2 wires.
    expectRejected(
      edited(merge, (ev) => {
        ev.sorting.phases[0].stages = [0, 2];
        ev.sorting.phases[1].stages = [2, 3];
      }),
      /joins two blocks of 2 wires in phase 1/,
    );
    // A block's direction flipped: its merger does not sort that way.
    expectRejected(
      edited(merge, (ev) => {
        ev.sorting.phases[1].directions = 'aa';
      }),
      /phase 2, block 1 .*unsorted descending|phase 2, block 1 .*unsorted ascending/,
    );
    // Descending at the end is not sort(x): the mirrored bitonic network sorts descending.
    const mirrored = comparatorNetwork(
      n,
      bitonicSchedule(n).map((st) => st.map((c) => ({ min: c.max, max: c.min }))),
    );
    const forged = repoint(merge, mirrored);
    forged.evidence.stages = tracePairs(mirrored);
    forged.evidence.sorting.phases = phases.map((p) => ({ ...p, directions: [...p.directions].map((d) => (d === 'a' ? 'd' : 'a')).join('') }));
    expectRejected(forged, /descending order, not ascending/);
    forged.evidence.sorting.phases[2].directions = 'a';
    expectRejected(forged, /phase 3, block 0/);
    expectRejected({ ...forged, evidence: { ...forged.evidence, sorting: { method: 'zero-one' } } }, /does not sort the 0-1 input/);
  });

  it('the claim must be about all of R^n with verdict holds', () => {
    const box = clone(zeroOne) as Json;
    box.claim.domain = { kind: 'box', box: Array.from({ length: n }, () => ['-1', '1']) };
    box.evidence.claimSha256 = claimSha256(box.claim);
    expectRejected(box, /all of R\^n/);
    expectRejected({ ...clone(zeroOne), verdict: 'violated' }, /verdict must be holds|sort-counterexample/);
  });

  it('the merge method needs n = 2^L, the zero-one method n ≤ 26', () => {
    const oe = holds(sorterNetwork(6, 'odd-even'));
    expectRejected(edited(oe, (ev) => (ev.sorting = { method: 'merge', phases: [] })), /n = 2\^L/);
    expect(compositionalSortCertificate(sorterNetwork(6, 'odd-even'), { method: 'merge' }).status).toBe('unknown');
    expect(oddEvenSchedule(6)).toHaveLength(6);
  });
});
