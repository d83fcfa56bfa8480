import Fraction from 'fraction.js';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { checkCertificate } from '../../../src/checker/index.js';
import { equivalenceCertificate, sortCertificate } from '../../../src/properties/sorting/certificate.js';
import { bitonicSchedule, comparatorNetwork, maxNetwork, oddEvenSchedule, sorterNetwork } from '../../../src/construct/constructions.js';
import { sort2Gadget } from '../../../src/construct/gadgets.js';
import { evaluate } from '../../../src/network/evaluate.js';
import { type Network, denseLayer } from '../../../src/network/model.js';
import { referenceNetwork, verifyEquivalent } from '../../../src/properties/sorting/equivalence.js';
import { sortAscending, verifySort } from '../../../src/properties/sorting/verifySort.js';
import { parseBox } from '../../../src/regions/domain.js';
import { registerVerifyEquiv, registerVerifySort } from '../../../src/cli/commands/verifySort.js';
import { formatNetworkFile } from '../../../src/network/json.js';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../../../src/errors.js';
import { rejectedOnSeal, reseal } from '../../support/reseal.js';

function holdsWithCertificate(net: Network, regions?: number): void {
  const result = verifySort(net);
  expect(result.status).toBe('holds');
  if (result.status !== 'holds') return;
  if (regions !== undefined) expect(result.stats.regions).toBe(regions);
  const cert = sortCertificate(net, { kind: 'all' }, result);
  const checked = checkCertificate(JSON.parse(JSON.stringify(cert)));
  expect(checked).toMatchObject({ valid: true, verdict: 'holds' });
}

function perturbed(net: Network): Network {
  const first = net.layers[0];
  if (first === undefined) throw new Error('no layer');
  const row0 = first.rows[0];
  if (row0 === undefined) throw new Error('no row');
  const values = row0.values.map((v, i) => (i === 0 ? v.add(new Fraction(1, 1000)) : v));
  return { ...net, metadata: {}, layers: [{ ...first, rows: [{ cols: row0.cols, values }, ...first.rows.slice(1)] }, ...net.layers.slice(1)] };
}


/**
 * sort2 plus a tent of height 1/1000 on the slab 0 < x − y < 2/1000 added to the min output:
 * wrong only on that thin slab (random sampling of a large box would almost surely miss it).
 */
function thinBug(): Network {
  const f = (v: number | string): Fraction => new Fraction(v);
  const e = f('1/1000');
  const hidden = denseLayer(
    [[1, -1], [-1, 1], [0, 1], [0, -1], [1, -1], [1, -1], [1, -1]].map((r) => r.map(f)),
    [f(0), f(0), f(0), f(0), f(0), e.neg(), e.mul(-2)],
    'relu',
  );
  const out = denseLayer(
    [[0, -1, 1, -1, 1, -2, 1], [1, 0, 1, -1, 0, 0, 0]].map((r) => r.map(f)),
    [f(0), f(0)],
    'identity',
  );
  return { inputs: 2, layers: [hidden, out] };
}

describe('verifySort', () => {
  // With pass-through pairs taken as linear, the leaves of a comparator sorter are its linear
  // pieces, and those are exactly the n! order cones x_{σ(0)} < … < x_{σ(n−1)}: on a piece the
  // network applies one permutation, which sorts only one cone, and no comparator hyperplane
  // x_u = x_v cuts an order cone. (The 4 and 108 activation regions are tested in test/regions.)
  it('sort2 holds on R^2 (2! = 2 linear pieces), with a valid certificate', () => holdsWithCertificate(sort2Gadget(), 2));
  it('bitonic-4 holds on R^4 (4! = 24 linear pieces)', () => holdsWithCertificate(sorterNetwork(4, 'bitonic'), 24));
  it('odd-even-5 holds on R^5 (5! = 120 linear pieces)', () => holdsWithCertificate(sorterNetwork(5, 'odd-even'), 120), 60_000);
  it('odd-even-5 is proved without LPs: every decision and ordering inequality on R^n is a graph question on an order cone', () => {
    const result = verifySort(sorterNetwork(5, 'odd-even'));
    expect(result.status).toBe('holds');
    if (result.status !== 'holds') return;
    expect(result.enumeration.stats.lps).toBe(0);
    expect(result.enumeration.stats.orderCone).toBeGreaterThan(0);
    expect(result.stats.orderingLps).toBe(0);
    expect(result.stats.orderingPaths).toBe(120 * 4);
  });

  it('holds on a box too', () => {
    const net = sorterNetwork(3, 'odd-even');
    const domain = parseBox('-1:2', 3);
    const result = verifySort(net, domain);
    expect(result.status).toBe('holds');
    const cert = sortCertificate(net, domain, result);
    expect(checkCertificate(JSON.parse(JSON.stringify(cert)))).toMatchObject({ valid: true });
  });

  it('a sorter with one comparator removed is violated, with a checked counterexample', () => {
    const schedule = oddEvenSchedule(4).map((stage) => [...stage]);
    schedule[schedule.length - 1]?.pop();
    const net = comparatorNetwork(4, schedule);
    const result = verifySort(net);
    expect(result.status).toBe('violated');
    if (result.status !== 'violated') return;
    expect(evaluate(net, result.x).map(String)).toEqual(result.output.map(String));
    expect(result.output.map(String)).not.toEqual(sortAscending(result.x).map(String));
    const cert = sortCertificate(net, { kind: 'all' }, result);
    expect(checkCertificate(JSON.parse(JSON.stringify(cert)))).toMatchObject({ valid: true, verdict: 'violated' });
  });

  it('a sorter with one weight perturbed by 1/1000 is violated', () => {
    const net = perturbed(sorterNetwork(4, 'bitonic'));
    const result = verifySort(net);
    expect(result.status).toBe('violated');
    if (result.status !== 'violated') return;
    expect(evaluate(net, result.x).map(String)).toEqual(result.output.map(String));
    expect(result.output.map(String)).not.toEqual(sortAscending(result.x).map(String));
  });

  it('finds an error confined to a slab of width 2/1000', () => {
    const net = thinBug();
    const result = verifySort(net);
    expect(result.status).toBe('violated');
    if (result.status !== 'violated') return;
    const gap = (result.x[0] as Fraction).sub(result.x[1] as Fraction);
    expect(gap.compare(0) > 0 && gap.compare(new Fraction(2, 1000)) < 0).toBe(true);
    expect(evaluate(net, result.x).map(String)).not.toEqual(sortAscending(result.x).map(String));
    const cert = sortCertificate(net, { kind: 'all' }, result);
    expect(checkCertificate(JSON.parse(JSON.stringify(cert)))).toMatchObject({ valid: true, verdict: 'violated' });
  });

  it('rejects mutated certificates (permutation entry, multiplier, counterexample)', () => {
    const net = sorterNetwork(3, 'odd-even');
    const result = verifySort(net);
    const cert = JSON.parse(JSON.stringify(sortCertificate(net, { kind: 'all' }, result)));
    const perm = JSON.parse(JSON.stringify(cert));
    const p = perm.evidence.leaves[0].permutation;
    [p[0], p[1]] = [p[1], p[0]];
    expect(checkCertificate(perm).valid).toBe(false);
    const mult = JSON.parse(JSON.stringify(cert));
    const y = mult.evidence.leaves[0].multipliers[0];
    const k = y.findIndex((v: string) => v !== '0');
    y[k] = `${y[k]}1`;
    expect(checkCertificate(mult).valid).toBe(false);
    const neg = JSON.parse(JSON.stringify(cert));
    neg.evidence.leaves[1].multipliers[1] = neg.evidence.leaves[1].multipliers[1].map((v: string) => (v === '0' ? '0' : `-${v}`));
    expect(checkCertificate(neg).valid).toBe(false);
    const broken = comparatorNetwork(3, [[{ min: 0, max: 1 }]]);
    const bad = verifySort(broken);
    const cex = JSON.parse(JSON.stringify(sortCertificate(broken, { kind: 'all' }, bad)));
    expect(checkCertificate(cex)).toMatchObject({ valid: true, verdict: 'violated' });
    cex.evidence.output[0] = '12345';
    expect(checkCertificate(cex).valid).toBe(false);
  });

  it('rejects structural changes of the tree and of the leaf proofs', () => {
    const net = sorterNetwork(3, 'odd-even');
    const cert = JSON.parse(JSON.stringify(sortCertificate(net, { kind: 'all' }, verifySort(net))));
    const variants: ((c: { evidence: { nodes: unknown[]; leaves: unknown[] } }) => void)[] = [
      (c) => void c.evidence.nodes.pop(),
      (c) => void c.evidence.leaves.pop(),
      (c) => void c.evidence.leaves.reverse(),
      (c) => {
        const i = c.evidence.nodes.indexOf('s');
        c.evidence.nodes[i] = 'leaf';
      },
      (c) => {
        const i = c.evidence.nodes.findIndex((node) => Array.isArray(node));
        const node = c.evidence.nodes[i] as [string, unknown];
        c.evidence.nodes[i] = [node[0] === '+' ? '-' : '+', node[1]];
      },
    ];
    for (const change of variants) {
      const doc = JSON.parse(JSON.stringify(cert));
      change(doc);
      expect(checkCertificate(doc).valid).toBe(false);
    }
  });

  it('bad sizes are an InputError', () => {
    expect(() => verifySort(maxNetwork(3))).toThrow(InputError);
  });
});

describe('verifyEquivalent', () => {
  it('certificates: holds (max-5 vs reference) and violated, both checked; mutations rejected', () => {
    const a = maxNetwork(5);
    const b = referenceNetwork('max', 5);
    const cert = JSON.parse(JSON.stringify(equivalenceCertificate(a, b, { kind: 'all' }, verifyEquivalent(a, b))));
    expect(checkCertificate(cert)).toMatchObject({ valid: true, verdict: 'holds' });
    const dropped = JSON.parse(JSON.stringify(cert));
    dropped.evidence.inner.pop();
    expect(checkCertificate(dropped).valid).toBe(false);
    const swapped = JSON.parse(JSON.stringify(cert));
    swapped.evidence.inner.reverse();
    expect(checkCertificate(swapped).valid).toBe(false);
    const s = sorterNetwork(4, 'bitonic');
    const p = perturbed(s);
    const cex = JSON.parse(JSON.stringify(equivalenceCertificate(s, p, { kind: 'all' }, verifyEquivalent(s, p))));
    expect(checkCertificate(cex)).toMatchObject({ valid: true, verdict: 'violated' });
    cex.evidence.otherOutput[0] = '7777';
    expect(checkCertificate(cex).valid).toBe(false);
    // Re-sealed with another second network: the mathematics (its trees or its maps) rejects it.
    const wrong = JSON.parse(JSON.stringify(equivalenceCertificate(s, s, { kind: 'all' }, verifyEquivalent(s, s))));
    wrong.claim.other = JSON.parse(JSON.stringify(equivalenceCertificate(s, p, { kind: 'all' }, verifyEquivalent(s, s)))).claim.other;
    const r = checkCertificate(reseal(wrong));
    expect(r.valid).toBe(false);
    expect(rejectedOnSeal(r), JSON.stringify(r)).toBe(false);
  });

  it('max-5 equals the reference max', () => {
    expect(verifyEquivalent(maxNetwork(5), referenceNetwork('max', 5)).status).toBe('holds');
  });
  it('bitonic-4 equals the odd-even reference sorter', () => {
    expect(verifyEquivalent(sorterNetwork(4, 'bitonic'), referenceNetwork('sort', 4)).status).toBe('holds');
  });
  it('finds where two networks differ', () => {
    const a = sorterNetwork(4, 'bitonic');
    const b = perturbed(a);
    const result = verifyEquivalent(a, b);
    expect(result.status).toBe('violated');
    if (result.status !== 'violated') return;
    expect(evaluate(a, result.x).map(String)).not.toEqual(evaluate(b, result.x).map(String));
  });
});

function cli(args: string[]): { code: number; out: string; err: string } {
  let code = 0;
  let out = '';
  let err = '';
  const io = { out: (s: string) => void (out += s), err: (s: string) => void (err += s) };
  const program = new Command().exitOverride();
  const verify = program.command('verify');
  registerVerifySort(verify, io as never, (c) => void (code = c));
  registerVerifyEquiv(verify, io as never, (c) => void (code = c));
  try {
    program.parse(['node', 'relucert', ...args]);
  } catch (e) {
    if (e instanceof InputError) return { code: 2, out, err: e.message };
    throw e;
  }
  return { code, out, err };
}

describe('CLI', () => {
  const dir = mkdtempSync(join(tmpdir(), 'relucert-sort-'));
  const write = (name: string, net: Network): string => {
    const file = join(dir, name);
    writeFileSync(file, formatNetworkFile(net));
    return file;
  };
  it('verify sort: holds (0), certificate, violated (1), bad sizes (2), --compositional', () => {
    const sorter = write('s4.json', sorterNetwork(4, 'bitonic'));
    const certFile = join(dir, 'c.json');
    expect(cli(['verify', 'sort', sorter, '--certificate', certFile]).code).toBe(0);
    expect(checkCertificate(JSON.parse(readFileSync(certFile, 'utf8'))).valid).toBe(true);
    expect(cli(['verify', 'sort', sorter, '--compositional']).code).toBe(0);
    const broken = write('b.json', comparatorNetwork(3, [[{ min: 0, max: 1 }]]));
    const r = cli(['verify', 'sort', broken, '--json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out).verdict).toBe('violated');
    expect(cli(['verify', 'sort', write('m.json', maxNetwork(3))]).code).toBe(2);
    expect(cli(['verify', 'sort', write('p.json', perturbed(sorterNetwork(4, 'bitonic'))), '--compositional']).code).toBe(2);
  });
  it('verify equiv: A B and --reference', () => {
    const a = write('a.json', maxNetwork(5));
    const certFile = join(dir, 'e.json');
    expect(cli(['verify', 'equiv', a, '--reference', 'max', '--certificate', certFile]).code).toBe(0);
    expect(checkCertificate(JSON.parse(readFileSync(certFile, 'utf8')))).toMatchObject({ valid: true, verdict: 'holds' });
    const s = write('s.json', sorterNetwork(4, 'bitonic'));
    const p = write('pp.json', perturbed(sorterNetwork(4, 'bitonic')));
    expect(cli(['verify', 'equiv', s, p]).code).toBe(1);
    expect(cli(['verify', 'equiv', a, s]).code).toBe(2);
    expect(cli(['verify', 'equiv', a]).code).toBe(2);
  });
});
