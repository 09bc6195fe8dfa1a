/** The package version, inlined by the build (scripts/build.mjs) and by vitest.config.ts. */
declare const __VERSION__: string;
