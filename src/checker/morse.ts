/**
 * Checks `morse` certificates: the PL Morse analysis of a scalar network on C(F).
 *
 * The complex is verified as for `complex` (src/checker/complex.ts). Then, from the network:
 * - F(v) is evaluated exactly at every vertex, and the derivative of F along each edge is
 *   recomputed as ∇F·d on the edge's pattern, with the edge direction d of the complex check
 *   (∇z_axis·d = side; Brooks & Masden 2024, Lemmas 9–10, Theorem 4); the recorded values must
 *   be exactly these;
 * - every vertex is classified by Def. 5 (a zero derivative: degenerate; an axis with one
 *   descending and one ascending edge, or a lone inward edge that descends: regular; otherwise
 *   critical of index #axes with both edges descending), and the claim's regular count,
 *   degenerate points and critical points (point, value, index, interior) must match exactly;
 * - on a box without degenerate vertices, the recorded pairs must be a matching of facet pairs of
 *   the complex, acyclic (no directed cycle in the Hasse diagram with matched edges reversed),
 *   each pair inside one lower star (both cells have their maximum of F at the same vertex, which
 *   must be unique), and the unmatched cells must be one per critical vertex, in its lower star,
 *   of dimension = index; then the claim's critical cells by dimension, the Z/2 Betti numbers of
 *   the complex and of the sublevel complexes K_t (cells whose maximum vertex has F ≤ t, at the
 *   midpoints between consecutive critical values and at the largest vertex value) are
 *   recomputed, and the Morse inequalities and χ = Σ(−1)^k c_k are verified.
 */
import { type Q, add, cmp, demand, div, eq, evaluate, mul, patternMaps, point, q, reduce, text } from './kernel/index.js';
import { type CheckedCell, bettiNumbers, verifyComplex } from './complex.js';
import type { Checked, WithNetwork } from './types.js';

/** Checks a parsed `morse` certificate whose network is resolved. */
export function checkMorse(cert: WithNetwork<'morse'>): Checked {
  const { claim, evidence, network } = cert;
  demand(cert.verdict === 'holds', 'a morse certificate states facts: its verdict is "holds"', 'verdict');
  demand(evidence.kind === 'morse-vertices', `a morse certificate needs morse-vertices evidence, not ${evidence.kind}`, 'evidence.kind');
  const last = network.layers[network.layers.length - 1];
  const outputs = last === undefined ? network.inputs : last.outputs;
  demand(outputs === 1, `Morse analysis needs one output, the network has ${outputs}`, 'claim.network');
  const cx = verifyComplex(network, claim.domain as { kind: string; box?: [string, string][] }, false, evidence.vertices, 'evidence.vertices');
  const n = cx.n;
  demand(claim.vertices === cx.vertices.length, `the complex has ${cx.vertices.length} vertices, the claim states ${claim.vertices}`, 'claim.vertices');
  const values = cx.vertices.map((v) => evaluate(network, v.x)[0] as Q);
  let regular = 0;
  const degenerate: string[] = [];
  const critical = new Map<string, { value: Q; index: number; interior: boolean; vertex: number }>();
  const descends: boolean[][] = [];
  cx.vertices.forEach((v, i) => {
    const at = `evidence.vertices[${i}].derivatives`;
    const recorded = (evidence.vertices[i] as { derivatives: string[] }).derivatives;
    demand(recorded.length === v.edges.length, `${recorded.length} derivatives recorded for ${v.edges.length} edges`, at);
    const derivs = v.edges.map((e, k) => {
      const grad = patternMaps(network, e.pattern).output;
      let s: Q = { n: 0n, d: 1n };
      (grad.num[0] as bigint[]).forEach((a, j) => {
        if (a !== 0n) s = add(s, mul(e.d[j] as Q, { n: a, d: 1n }));
      });
      const value = reduce(div(s, { n: grad.den, d: 1n }));
      const r = q(recorded[k] as string, `${at}[${k}]`);
      demand(eq(value, r), `the derivative of F along edge ${k} is ${text(value)}, the certificate records ${recorded[k]}`, `${at}[${k}]`);
      return { axis: e.axis, value };
    });
    descends.push(derivs.map((d) => d.value.n < 0n));
    if (derivs.some((d) => d.value.n === 0n)) {
      degenerate.push(v.x.map(text).join(','));
      return;
    }
    let index = 0;
    let isRegular = false;
    for (const axis of v.zeros) {
      const ds = derivs.filter((d) => d.axis === axis);
      const down = ds.filter((d) => d.value.n < 0n).length;
      if (down > 0 && down < ds.length) isRegular = true;
      else if (ds.length === 1 && down === 1) isRegular = true;
      else if (ds.length === 2 && down === 2) index++;
    }
    if (isRegular) regular++;
    else critical.set(v.x.map(text).join(','), { value: values[i] as Q, index, interior: v.zeros.every((p) => cx.planes[p]?.kind !== 'facet'), vertex: i });
  });
  demand(claim.regular === regular, `${regular} vertices are regular, the claim states ${claim.regular}`, 'claim.regular');
  const claimedDegenerate = claim.degenerate.map((p, k) => point(p, `claim.degenerate[${k}]`).map(text).join(','));
  demand(claimedDegenerate.length === degenerate.length && claimedDegenerate.every((p) => degenerate.includes(p)), `the degenerate vertices are [${degenerate.map((p) => `(${p})`).join(' ')}], the claim lists others`, 'claim.degenerate');
  demand(new Set(claimedDegenerate).size === claimedDegenerate.length, 'a degenerate vertex is listed twice', 'claim.degenerate');
  demand(claim.critical.length === critical.size, `${critical.size} vertices are critical, the claim lists ${claim.critical.length}`, 'claim.critical');
  const seen = new Set<string>();
  claim.critical.forEach((c, k) => {
    const at = `claim.critical[${k}]`;
    const p = point(c.point, `${at}.point`).map(text).join(',');
    const found = critical.get(p);
    demand(found !== undefined && !seen.has(p), `(${p}) is not a critical vertex (or is listed twice)`, `${at}.point`);
    seen.add(p);
    const val = q(c.value, `${at}.value`);
    demand(eq(found.value, val), `F at (${p}) is ${text(found.value)}, the claim states ${c.value}`, `${at}.value`);
    demand(found.index === c.index, `the vertex (${p}) has index ${found.index}, the claim states ${c.index}`, `${at}.index`);
    demand(found.interior === c.interior, `the vertex (${p}) is ${found.interior ? '' : 'not '}interior`, `${at}.interior`);
  });
  const discrete = cx.boxed && degenerate.length === 0;
  if (!discrete) {
    for (const k of ['criticalCells', 'bettiZ2', 'sublevels'] as const) demand(claim[k] === undefined, `${k} is defined only on a box without degenerate vertices`, `claim.${k}`);
    demand(evidence.pairs === undefined, 'pairs are defined only on a box without degenerate vertices', 'evidence.pairs');
    return { summary: `${cx.vertices.length} vertices classified from exact edge derivatives: ${regular} regular, ${critical.size} critical, ${degenerate.length} degenerate` };
  }
  // The owner of each cell: the unique vertex of the cell where F is largest.
  const cells = cx.cells;
  const owner = cells.map((c, i) => {
    let best = -1;
    let tie = false;
    for (const v of c.vertices) {
      if (best < 0) best = v;
      else {
        const c = cmp(values[v] as Q, values[best] as Q);
        if (c > 0) {
          best = v;
          tie = false;
        } else if (c === 0) tie = true;
      }
    }
    demand(!tie && best >= 0, `cell ${c.key} has no unique highest vertex`, `evidence (cell ${i})`);
    return best;
  });
  demand(evidence.pairs !== undefined, 'on a box without degenerate vertices the discrete gradient (pairs) is required', 'evidence.pairs');
  const matched = new Int32Array(cells.length).fill(-1);
  const up = new Int32Array(cells.length).fill(-1);
  evidence.pairs.forEach(([fk, ck], k) => {
    const at = `evidence.pairs[${k}]`;
    const a = cx.cellIndex.get(fk);
    const b = cx.cellIndex.get(ck);
    demand(a !== undefined && b !== undefined, 'a paired sign sequence is not a cell of the complex', at);
    demand((cells[b] as CheckedCell).facets.has(a), 'the face is not a facet of the coface', at);
    demand(matched[a] === -1 && matched[b] === -1, 'a cell is paired twice', at);
    demand(owner[a] === owner[b], 'the pair straddles two lower stars', at);
    matched[a] = b;
    matched[b] = a;
    up[a] = b;
  });
  // Acyclicity (Kahn): edges b → a for facets a of b, reversed for matched pairs.
  const out: number[][] = cells.map(() => []);
  const indegree = new Int32Array(cells.length);
  cells.forEach((c, b) => {
    for (const a of c.facets) {
      if (up[a] === b) (out[a] as number[]).push(b);
      else (out[b] as number[]).push(a);
    }
  });
  for (const es of out) for (const t of es) indegree[t] = (indegree[t] as number) + 1;
  const stack: number[] = [];
  indegree.forEach((d, i) => {
    if (d === 0) stack.push(i);
  });
  let removed = 0;
  while (stack.length > 0) {
    const x = stack.pop() as number;
    removed++;
    for (const t of out[x] as number[]) {
      indegree[t] = (indegree[t] as number) - 1;
      if (indegree[t] === 0) stack.push(t);
    }
  }
  demand(removed === cells.length, 'the matching has a closed gradient path (a cycle)', 'evidence.pairs');
  const criticalCells = new Array<number>(n + 1).fill(0);
  const criticalVertices = new Set<number>();
  cells.forEach((c, i) => {
    if (matched[i] !== -1) return;
    const v = owner[i] as number;
    const info = critical.get((cx.vertices[v] as { x: Q[] }).x.map(text).join(','));
    demand(info !== undefined && info.index === c.dim && !criticalVertices.has(v), `the unmatched cell ${c.key} does not correspond to a critical point of index ${c.dim}`, 'evidence.pairs');
    criticalVertices.add(v);
    criticalCells[c.dim] = (criticalCells[c.dim] as number) + 1;
  });
  demand(criticalVertices.size === critical.size, 'a critical point has no unmatched cell', 'evidence.pairs');
  const same = (a: readonly number[] | undefined, b: readonly number[]): boolean => a !== undefined && a.length === b.length && a.every((x, k) => x === b[k]);
  demand(same(claim.criticalCells, criticalCells), `the critical cells by dimension are (${criticalCells.join(', ')})`, 'claim.criticalCells');
  const betti = bettiNumbers(cells, n, false);
  demand(same(claim.bettiZ2, betti), `the Z/2 Betti numbers of the complex are (${betti.join(', ')})`, 'claim.bettiZ2');
  // Morse inequalities (weak, strong) and χ.
  for (let k = 0; k <= n; k++) {
    let s = 0;
    for (let j = 0; j <= k; j++) s += ((k - j) % 2 === 0 ? 1 : -1) * ((criticalCells[j] as number) - (betti[j] as number));
    demand(s >= 0 && (criticalCells[k] as number) >= (betti[k] as number), `the Morse inequalities fail at k = ${k}`, 'claim.criticalCells');
  }
  const chi = (xs: readonly number[]): number => xs.reduce((acc, x, k) => acc + (k % 2 === 0 ? x : -x), 0);
  demand(chi(criticalCells) === chi(betti), `Σ(−1)^k c_k = ${chi(criticalCells)} differs from χ = ${chi(betti)}`, 'claim.criticalCells');
  // Sublevel complexes at the canonical levels.
  const critValues = [...critical.values()].map((c) => c.value).sort(cmp);
  const distinct: Q[] = [];
  for (const v of critValues) if (distinct.length === 0 || !eq(distinct[distinct.length - 1] as Q, v)) distinct.push(v);
  const top = values.reduce((m, v) => (cmp(v, m) > 0 ? v : m), values[0] as Q);
  const levels = distinct.map((c, j) => (j + 1 < distinct.length ? reduce(div(add(c, distinct[j + 1] as Q), { n: 2n, d: 1n })) : top));
  if (levels.length === 0) levels.push(top);
  const sub = claim.sublevels;
  demand(sub !== undefined && sub.length === levels.length, `expected ${levels.length} sublevels (midpoints between critical values, then the largest vertex value)`, 'claim.sublevels');
  levels.forEach((t, j) => {
    const at = `claim.sublevels[${j}]`;
    const s = sub[j] as { t: string; bettiZ2: number[] };
    const r = q(s.t, `${at}.t`);
    demand(eq(t, r), `the level should be ${text(t)}`, `${at}.t`);
    const b = bettiNumbers(cells, n, false, (c) => cmp(values[owner[c] as number] as Q, t) <= 0);
    demand(same(s.bettiZ2, b), `the Z/2 Betti numbers of F ≤ ${text(t)} are (${b.join(', ')})`, `${at}.bettiZ2`);
    const below = [...critical.values()].filter((c) => cmp(c.value, t) <= 0).reduce((acc, c) => acc + (c.index % 2 === 0 ? 1 : -1), 0);
    demand(chi(b) === below, `χ(F ≤ ${text(t)}) = ${chi(b)} but the critical points below give ${below}`, `${at}.bettiZ2`);
  });
  return {
    summary: `${cx.vertices.length} vertices classified from exact edge derivatives (${regular} regular, ${critical.size} critical); an acyclic lower-star gradient with critical cells (${criticalCells.join(', ')}) matching them; Betti numbers of ${levels.length} sublevel sets and the Morse inequalities verified`,
  };
}
