/**
 * Rationals read as float64 with a rigorous error model: the one place the engine's float
 * filters (the evaluator's sign filter, network/evaluate.ts; the vertex sign filter,
 * polyhedra/vertices.ts) take their conversion and its error bound from. The checker states
 * the same model itself (checker/leafNetwork.ts), so that it borrows nothing from the engine.
 */

/** Unit roundoff of binary64, u = 2^-53. */
export const UNIT_ROUNDOFF = 2 ** -53;
/**
 * δ bounds |fl(w) − w| / |fl(w)| for a rational converted as fl(fl(p)/fl(q)): three correctly
 * rounded steps give |fl(w) − w| ≤ γ_3 |w| and |w| ≤ |fl(w)|/(1 − γ_3), hence ≤ 2^-51 |fl(w)|;
 * 2^-50 leaves a factor 2 of slack (Higham, Accuracy and Stability of Numerical Algorithms, §2.2, §3.1).
 */
export const FLOAT_CONVERSION_DELTA = 2 ** -50;
/** Smallest and largest magnitude for which a converted value is trusted (well inside the normal range). */
export const FLOAT_MIN_MAGNITUDE = 2 ** -1020;
export const FLOAT_MAX_MAGNITUDE = 2 ** 1020;

/**
 * fl(p/q) for a rational, or NaN when the relative error model cannot be trusted for it
 * (nonzero but outside [{@link FLOAT_MIN_MAGNITUDE}, {@link FLOAT_MAX_MAGNITUDE}]).
 * Number(bigint) rounds to nearest (ECMA-262 §21.1.1.1), division is correctly rounded.
 */
export function rationalToFloat(p: bigint, q: bigint): number {
  if (p === 0n) return 0;
  const v = Number(p) / Number(q);
  const a = Math.abs(v);
  return a >= FLOAT_MIN_MAGNITUDE && a <= FLOAT_MAX_MAGNITUDE ? v : Number.NaN;
}
