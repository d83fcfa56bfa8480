/**
 * The one integer row type of the engine side: a closed half-space a·x ≤ b with integer
 * coefficients. The region engine's polyhedra (domain rows, split rows), the vertex sets of
 * polyhedra/vertices.ts and the order cones of polyhedra/differenceCone.ts all speak it.
 */

/** A closed half-space a·x ≤ b with integer coefficients. */
export interface IntegerRow {
  readonly a: readonly bigint[];
  readonly b: bigint;
}
