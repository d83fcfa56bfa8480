/** Moved next to the engine that produces it: src/regions/certificate.ts (kept for old imports). */
export * from '../regions/certificate.js';
