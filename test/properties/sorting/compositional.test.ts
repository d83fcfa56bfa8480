/**
 * Compositional sorting proofs: (b) the trace check (weights = composition of the traced
 * gadgets) and (c) the 0-1 and recursive proofs that a comparator network sorts. Known answers
 * come from the mathematics: Batcher's and odd–even transposition networks sort; removing a
 * comparator or the last odd–even round breaks them (the counterexamples are re-run by hand).
 */
import type Fraction from 'fraction.js';
import { describe, expect, it } from 'vitest';
import { bitonicSchedule, comparatorNetwork, maxNetwork, medianNetwork, oddEvenSchedule, sawtoothNetwork, sorterNetwork, squareNetwork, zigzagNetwork } from '../../../src/construct/constructions.js';
import { formatRational, ratio } from '../../../src/exact/rational.js';
import { type Layer, type Network, weightAt } from '../../../src/network/model.js';
import { type ComparatorNetwork, runComparators } from '../../../src/properties/sorting/comparatorNetwork.js';
import { compositionalSortProof } from '../../../src/properties/sorting/compositional.js';
import { type SortingVerdict, proveSorts, proveSortsRecursive, proveSortsZeroOne } from '../../../src/properties/sorting/sortingProof.js';
import { checkTrace } from '../../../src/properties/sorting/traceCheck.js';

const isSorted = (y: readonly number[]): boolean => y.every((v, i) => i === 0 || (y[i - 1] as number) <= v);

function matched(net: Network): Extract<ReturnType<typeof checkTrace>, { status: 'match' }> {
  const t = checkTrace(net);
  if (t.status !== 'match') throw new Error(`trace mismatch: ${t.mismatch.message}`);
  return t;
}

/** A refutation must be a 0/1 input the comparator network really leaves unsorted. */
function expectRefuted(cn: ComparatorNetwork, v: SortingVerdict): void {
  expect(v.status).toBe('refuted');
  if (v.status !== 'refuted') return;
  expect(v.input.every((b) => b === 0 || b === 1)).toBe(true);
  expect(runComparators(cn, v.input)).toEqual(v.output);
  expect(isSorted(v.output)).toBe(false);
}

/** The network with one weight replaced. */
function withWeight(net: Network, k: number, i: number, col: number, value: Fraction): Network {
  const layers = net.layers.map((layer, kk) => {
    if (kk !== k) return layer;
    const rows = layer.rows.map((row, ii) => {
      if (ii !== i) return row;
      const at = row.cols.indexOf(col);
      return at === -1
        ? { cols: [...row.cols, col].sort((a, b) => a - b), values: [...row.cols, col].sort((a, b) => a - b).map((c) => (c === col ? value : (row.values[row.cols.indexOf(c)] as Fraction))) }
        : { cols: row.cols, values: row.values.map((v, t) => (t === at ? value : v)) };
    });
    return { ...layer, rows } as Layer;
  });
  return { ...net, layers };
}

describe('(b) trace checking', () => {
  it('accepts every built sorter and returns its comparator network (the schedule it was built from)', () => {
    for (const n of [2, 4, 8, 16, 32, 64]) {
      const t = matched(sorterNetwork(n, 'bitonic'));
      expect(t.comparatorNetwork).toEqual({ wires: n, stages: bitonicSchedule(n) });
      expect(t.gadgets).toEqual({ sort2: ((n / 2) * Math.log2(n) * (Math.log2(n) + 1)) / 2 });
    }
    for (let n = 2; n <= 9; n++) {
      const t = matched(sorterNetwork(n, 'odd-even'));
      expect(t.comparatorNetwork).toEqual({ wires: n, stages: oddEvenSchedule(n) });
    }
  });

  it('accepts the other constructions (max, median, sawtooth, zigzag, x² folding) and says they are no comparator networks', () => {
    for (const net of [maxNetwork(7), medianNetwork(6), medianNetwork(5, 'odd-even'), sawtoothNetwork(4), zigzagNetwork(3, 3), squareNetwork(4)]) {
      const t = matched(net);
      expect(t.comparatorNetwork).toBeNull();
      expect(t.note).toMatch(/stage \d+/);
    }
  });

  it('rejects a sorter with one comparator removed (trace unchanged) at the first differing weight', () => {
    const n = 16;
    const schedule = bitonicSchedule(n);
    const original = sorterNetwork(n);
    const broken = comparatorNetwork(
      n,
      schedule.map((step, s) => (s === 4 ? step.filter((_, k) => k !== 3) : step)),
    );
    const forged: Network = { ...broken, metadata: original.metadata };
    const t = checkTrace(forged);
    expect(t.status).toBe('mismatch');
    if (t.status !== 'mismatch') return;
    const m = t.mismatch;
    expect(m.kind).toBe('weight');
    // Step 4's comparator sits in layers 4 (its hidden rows, merged with step 3's outputs) and 5.
    expect([4, 5]).toContain(m.layer);
    const actual = weightAt(forged.layers[m.layer as number] as Layer, m.row as number, m.col as number);
    const expected = weightAt(original.layers[m.layer as number] as Layer, m.row as number, m.col as number);
    expect(m.actual).toBe(formatRational(actual));
    expect(m.expected).toBe(formatRational(expected));
    expect(m.expected).not.toBe(m.actual);
  });

  it('rejects one perturbed weight and one perturbed bias, naming layer, row, column and both values', () => {
    const net = sorterNetwork(8);
    const layer = net.layers[3] as Layer;
    const row = layer.rows[5];
    const col = row?.cols[1] as number;
    const old = row?.values[1] as Fraction;
    const tiny = ratio(1n, 10n ** 12n);
    const t = checkTrace(withWeight(net, 3, 5, col, old.add(tiny)));
    expect(t).toEqual({
      status: 'mismatch',
      mismatch: {
        kind: 'weight',
        layer: 3,
        row: 5,
        col,
        expected: formatRational(old),
        actual: formatRational(old.add(tiny)),
        message: `layer 3 weight [5, ${col}] is ${formatRational(old.add(tiny))}, the trace gives ${formatRational(old)}`,
      },
    });
    // A weight where the trace has a zero.
    const zeroCol = [...Array(layer.inputs).keys()].find((c) => !(row?.cols ?? []).includes(c)) as number;
    const z = checkTrace(withWeight(net, 3, 5, zeroCol, tiny));
    expect(z.status === 'mismatch' && [z.mismatch.col, z.mismatch.expected, z.mismatch.actual]).toEqual([zeroCol, '0', '1/1000000000000']);
    const biased: Network = { ...net, layers: net.layers.map((l, k) => (k === 2 ? { ...l, bias: l.bias.map((b, i) => (i === 7 ? tiny : b)) } : l)) };
    const b = checkTrace(biased);
    expect(b.status === 'mismatch' && [b.mismatch.kind, b.mismatch.layer, b.mismatch.row, b.mismatch.expected]).toEqual(['bias', 2, 7, '0']);
  });

  it('rejects malformed traces precisely', () => {
    const net = sorterNetwork(4);
    const trace = net.metadata?.trace as { stages: { layer: number; ops: { gadget: string; in: number[]; out: number[] }[] }[] };
    const variant = (edit: (t: typeof trace) => void): Network => {
      const t = structuredClone(trace);
      edit(t);
      return { ...net, metadata: { trace: t } };
    };
    const reason = (n: Network): string => {
      const t = checkTrace(n);
      return t.status === 'mismatch' ? `${t.mismatch.kind}: ${t.mismatch.message}` : 'match';
    };
    expect(reason({ inputs: net.inputs, layers: net.layers })).toMatch(/^trace: the network has no construction trace/);
    expect(
      reason(
        variant((t) => {
          (t.stages[1] as { layer: number }).layer = 5;
        }),
      ),
    ).toMatch(/stage 1: starts at layer 5/);
    expect(
      reason(
        variant((t) => {
          (t.stages[0]?.ops[1] as { out: number[] }).out = [0, 1];
        }),
      ),
    ).toMatch(/output wire 0 is written by ops 0 and 1/);
    expect(
      reason(
        variant((t) => {
          (t.stages[2]?.ops[0] as { gadget: string }).gadget = 'magic';
        }),
      ),
    ).toMatch(/unknown gadget "magic"/);
    expect(
      reason(
        variant((t) => {
          t.stages.pop();
        }),
      ),
    ).toMatch(/^trace: .*outputs|^layers:/);
    // Swapping a comparator's outputs is a well-formed trace of a different network: a weight differs.
    expect(
      reason(
        variant((t) => {
          (t.stages[0]?.ops[0] as { out: number[] }).out = [1, 0];
        }),
      ),
    ).toMatch(/^weight: layer 1/);
  });

  it('n = 1024: the trace check matches and yields the 55-stage bitonic network', () => {
    const net = sorterNetwork(1024);
    const t0 = performance.now();
    const t = matched(net);
    console.info(`trace check n = 1024: ${(performance.now() - t0).toFixed(0)} ms, ${t.entriesCompared} entries compared`);
    expect(t.comparatorNetwork?.stages.length).toBe(55);
    expect(t.comparatorNetwork).toEqual({ wires: 1024, stages: bitonicSchedule(1024) });
  });
});

describe('(c)(i) the 0-1 principle, bit-sliced', () => {
  it('proves bitonic n = 2..16 and odd–even n = 2..14, checking all 2^n inputs', () => {
    for (const n of [2, 4, 8, 16]) {
      const v = proveSortsZeroOne({ wires: n, stages: bitonicSchedule(n) });
      expect(v.status === 'proved' && v.proof.method === 'zero-one' && v.proof.inputsChecked).toBe(String(2 ** n));
    }
    for (let n = 2; n <= 14; n++) expect(proveSortsZeroOne({ wires: n, stages: oddEvenSchedule(n) }).status).toBe('proved');
  });

  it('proves odd–even n = 22 (2^22 inputs in chunks)', () => {
    expect(proveSortsZeroOne({ wires: 22, stages: oddEvenSchedule(22) }).status).toBe('proved');
  });

  it('refutes networks with a comparator removed, or the last odd–even round removed', () => {
    for (const n of [4, 8, 16]) {
      const stages = bitonicSchedule(n);
      for (let s = 0; s < stages.length; s++) {
        const cn = { wires: n, stages: stages.map((st, t) => (t === s ? st.slice(1) : st)) };
        expectRefuted(cn, proveSortsZeroOne(cn));
      }
    }
    for (let n = 3; n <= 9; n++) {
      const cn = { wires: n, stages: oddEvenSchedule(n).slice(0, -1) };
      expectRefuted(cn, proveSortsZeroOne(cn));
    }
  });

  it('declines sizes beyond its limit and malformed networks', () => {
    expect(proveSortsZeroOne({ wires: 40, stages: [] }).status).toBe('unknown');
    expect(proveSortsZeroOne({ wires: 4, stages: [[{ min: 0, max: 1 }, { min: 1, max: 2 }]] })).toEqual({ status: 'unknown', reason: 'stage 0: wire 1 is in two comparators' });
  });
});

describe('(c)(ii) the recursive merge proof', () => {
  it('proves bitonic n = 2..256 with (k/2 + 1)² inputs per distinct merger', () => {
    for (let L = 1; L <= 8; L++) {
      const n = 2 ** L;
      const v = proveSortsRecursive({ wires: n, stages: bitonicSchedule(n) });
      expect(v.status).toBe('proved');
      if (v.status !== 'proved' || v.proof.method !== 'recursive-merge') continue;
      expect(v.proof.phases.map((p) => p.blockSize)).toEqual(Array.from({ length: L }, (_, i) => 2 ** (i + 1)));
      // Bitonic: after phase p, block b is ascending iff b is even (the last phase: ascending).
      for (const p of v.proof.phases) expect(p.directions).toBe(Array.from({ length: p.blocks }, (_, b) => (b % 2 === 0 ? 'a' : 'd')).join(''));
      const top = v.proof.phases[L - 1];
      expect(top?.inputsChecked).toBe((n / 2 + 1) ** 2);
    }
  });

  it('proves bitonic n = 1024', () => {
    const cn = { wires: 1024, stages: bitonicSchedule(1024) };
    const t0 = performance.now();
    const v = proveSortsRecursive(cn);
    console.info(`recursive proof n = 1024: ${(performance.now() - t0).toFixed(0)} ms`);
    expect(v.status).toBe('proved');
    expect(v.status === 'proved' && v.proof.method === 'recursive-merge' && v.proof.phases.length).toBe(10);
  });

  it('refutes bitonic networks with one comparator removed, with a real counterexample', () => {
    for (const n of [8, 16, 64]) {
      const stages = bitonicSchedule(n);
      for (const s of [0, Math.floor(stages.length / 2), stages.length - 1]) {
        const cn = { wires: n, stages: stages.map((st, t) => (t === s ? st.filter((_, k) => k !== st.length - 1) : st)) };
        expectRefuted(cn, proveSortsRecursive(cn));
      }
    }
  });

  it('refutes a descending sorter and declines networks not built by recursive merging', () => {
    const n = 16;
    const mirrored = { wires: n, stages: bitonicSchedule(n).map((st) => st.map((c) => ({ min: c.max, max: c.min }))) };
    expectRefuted(mirrored, proveSortsRecursive(mirrored));
    const oe = proveSortsRecursive({ wires: 8, stages: oddEvenSchedule(8) });
    expect(oe.status).toBe('unknown');
    expect(proveSortsRecursive({ wires: 6, stages: oddEvenSchedule(6) }).status).toBe('unknown');
    // proveSorts falls back to the 0-1 check for those.
    expect(proveSorts({ wires: 8, stages: oddEvenSchedule(8) }).status).toBe('proved');
  });
});

describe('(b) + (c) together', () => {
  it('proves built sorters and lists the gadget lemmas the conclusion rests on', () => {
    const bitonic = compositionalSortProof(sorterNetwork(32));
    expect(bitonic.status).toBe('proved');
    if (bitonic.status === 'proved') {
      expect(bitonic.sorting.status === 'proved' && bitonic.sorting.proof.method).toBe('recursive-merge');
      expect(bitonic.gadgetLemmas).toHaveLength(1);
    }
    const oe = compositionalSortProof(sorterNetwork(7, 'odd-even'));
    expect(oe.status).toBe('proved');
    if (oe.status === 'proved') expect(oe.gadgetLemmas).toHaveLength(2);
    expect(compositionalSortProof(maxNetwork(4)).status).toBe('not-a-comparator-network');
  });

  it('a network whose honest trace lacks a comparator passes (b) and is refuted in (c)', () => {
    const n = 8;
    const stages = bitonicSchedule(n).map((st, t) => (t === 5 ? st.slice(1) : st));
    const result = compositionalSortProof(comparatorNetwork(n, stages));
    expect(result.status).toBe('refuted');
    if (result.status === 'refuted') expectRefuted({ wires: n, stages }, result.sorting);
  });
});
