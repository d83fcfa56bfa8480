/**
 * Specifications whose answers follow from mathematics, for the tests of `verify spec`:
 * the maximum of n inputs is at least each input (max networks of the construction library), and
 * bounds on a network's output over a box.
 */
import { parseVnnlib } from '../../src/formats/vnnlib.js';
import type { Specification } from '../../src/specification/model.js';

function declarations(n: number, lo: string, hi: string): string[] {
  return [
    ...Array.from({ length: n }, (_, i) => `(declare-const X_${i} Real)`),
    '(declare-const Y_0 Real)',
    ...Array.from({ length: n }, (_, i) => `(assert (>= X_${i} ${lo}))\n(assert (<= X_${i} ${hi}))`),
  ];
}

/** The violation set Y_0 ≥ bound over [−1, 1]^n (the spec holds iff N < bound on the box). */
export function aboveSpec(n: number, bound: string): Specification {
  return parseVnnlib([...declarations(n, '-1', '1'), `(assert (>= Y_0 ${bound}))`].join('\n'), { inputs: n, file: 'above.vnnlib' });
}

/**
 * The violation set Y_0 ≤ X_which − margin over [−1, 2]^n: empty for margin > 0 when Y_0 is the
 * maximum of the inputs (it holds), met exactly where x_which is the maximum for margin ≤ 0.
 */
export function maxSpec(n: number, which: number, margin = '0.000000001'): Specification {
  const row = margin === '0' ? `(assert (<= Y_0 X_${which}))` : margin.startsWith('-') ? `(assert (<= Y_0 (+ X_${which} ${margin.slice(1)})))` : `(assert (<= Y_0 (- X_${which} ${margin})))`;
  return parseVnnlib([...declarations(n, '-1', '2'), row].join('\n'), { inputs: n, file: `max${n}.vnnlib` });
}
