/**
 * The rigorous float64 leaf bound lives in the checker (src/checker/leafRigorous.ts), as the
 * filter in front of the exact one. Re-exported here for the bounds code and its tests.
 */
export * from '../checker/leafRigorous.js';
