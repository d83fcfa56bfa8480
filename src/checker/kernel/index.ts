/**
 * The checker's kernel: one rational type, one row type, the Motzkin and point checks, and the
 * checker's own network evaluator, region-wise affine maps, pass-through pairs and small exact
 * linear algebra. Imports nothing outside this folder (test/checker/independence.test.ts).
 */
export * from './affine.js';
export * from './failure.js';
export * from './matrix.js';
export * from './network.js';
export * from './passPairs.js';
export * from './rational.js';
export * from './rows.js';
