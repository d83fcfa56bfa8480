/**
 * The exact leaf bound lives in the checker (src/checker/leafExact.ts): the engine confirms every
 * bound entry with the checker's own function before writing it. Re-exported here for the bounds
 * code and its tests.
 */
export * from '../checker/leafExact.js';
