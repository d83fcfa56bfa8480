/** The relucert version recorded in every certificate's `engine.version` (kept equal to package.json's). */
export const RELUCERT_VERSION = '0.1.0';
