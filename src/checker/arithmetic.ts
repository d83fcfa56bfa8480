/** The checker's exact arithmetic, now the kernel's (kept for existing importers). */
export * from './kernel/failure.js';
export * from './kernel/rational.js';
export * from './kernel/rows.js';
