/**
 * The certificate format now lives with the checker, in src/checker/schema/ (composed from
 * per-property parts). This re-export keeps existing importers working until they move.
 */
export * from '../checker/schema/index.js';
