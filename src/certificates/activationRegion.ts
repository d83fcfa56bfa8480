/** Moved next to the region code: src/regions/activationRegionCertificate.ts (kept for old imports). */
export * from '../regions/activationRegionCertificate.js';
