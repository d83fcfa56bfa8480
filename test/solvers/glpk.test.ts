import { describe, expect, it } from 'vitest';
import { loadGlpkSolver } from '../../solvers/glpk.js';

describe('glpk.js backend', async () => {
  const glpk = await loadGlpkSolver();

  it('is one instance per process', async () => {
    expect(await loadGlpkSolver()).toBe(glpk);
  });

  it('solves with free variables (not GLPK’s default x ≥ 0) and reports row duals', () => {
    // max x + y s.t. x + 2y ≤ 4, 3x + y ≤ 6, x ≥ −10 (row): optimum (8/5, 6/5), duals (2/5, 1/5, 0).
    const r = glpk.solve({
      direction: 'maximize',
      objective: [1, 1],
      rows: [
        { coefficients: [1, 2], lower: -Infinity, upper: 4 },
        { coefficients: [3, 1], lower: -Infinity, upper: 6 },
        { coefficients: [1, 0], lower: -10, upper: Infinity },
      ],
    });
    expect(r.status).toBe('optimal');
    expect(r.primal[0]).toBeCloseTo(1.6, 12);
    expect(r.primal[1]).toBeCloseTo(1.2, 12);
    expect(r.rowDuals[0]).toBeCloseTo(0.4, 12);
    expect(r.rowDuals[1]).toBeCloseTo(0.2, 12);
    expect(r.rowDuals[2]).toBeCloseTo(0, 12);
    const neg = glpk.solve({ direction: 'minimize', objective: [1], rows: [{ coefficients: [1], lower: -5, upper: Infinity }] });
    expect(neg.status).toBe('optimal');
    expect(neg.primal[0]).toBeCloseTo(-5, 12);
  });

  it('reports infeasible and unbounded problems', () => {
    const inf = glpk.solve({
      direction: 'maximize',
      objective: [1],
      rows: [
        { coefficients: [1], lower: -Infinity, upper: 1 },
        { coefficients: [1], lower: 2, upper: Infinity },
      ],
    });
    expect(inf.status).toBe('infeasible');
    const unb = glpk.solve({ direction: 'maximize', objective: [1, 0], rows: [{ coefficients: [0, 1], lower: -Infinity, upper: 1 }] });
    expect(unb.status).toBe('unbounded');
  });

  it('honours equality rows and variable bounds', () => {
    const r = glpk.solve({
      direction: 'maximize',
      objective: [1, 0],
      rows: [{ coefficients: [1, 1], lower: 3, upper: 3 }],
      bounds: [
        { lower: -Infinity, upper: Infinity },
        { lower: -1, upper: 2 },
      ],
    });
    expect(r.status).toBe('optimal');
    expect(r.primal[0]).toBeCloseTo(4, 12);
  });

  it('turns non-finite input into an error status instead of throwing', () => {
    const r = glpk.solve({ direction: 'maximize', objective: [Number.NaN], rows: [] });
    expect(r.status).toBe('error');
  });
});
