/** Kept for the renderers' imports: the cleaning itself lives in src/util/clean.ts (no render/ dependency for api/ and status/). */
export { sanitize } from "../util/clean.js";
