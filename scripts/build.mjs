// Bundles src/ into dist/ with esbuild: one entry, commands split into chunks
// loaded on demand, so `--version` and `--help` load none of the heavy modules.
//
// The chunks ship as CommonJS (dist/package.json says so). esbuild splits code
// only for ESM, so the split ESM output is turned into CommonJS file by file:
// `import` becomes `require`, and a dynamic `import()` a `require` inside a
// promise. Measured (README, "Benchmark"): Node compiles and links the same
// code as CommonJS faster than as ES modules, and holds less memory for it.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { build, transform } from "esbuild";
import { http2Stub, lazyModules } from "./build-plugins.mjs";

const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
rmSync(new URL("../dist", import.meta.url), { recursive: true, force: true });
const target = "node20";
const { outputFiles } = await build({
  entryPoints: ["src/cli.ts"],
  outdir: "dist",
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target,
  // Dependencies are bundled too: resolving and loading packages from node_modules
  // at start-up costs more than reading one file.
  packages: "bundle",
  define: { __VERSION__: JSON.stringify(pkg.version) },
  chunkNames: "chunks/[name]-[hash]",
  // Names are kept (a stack trace from a real bug names its functions); only
  // whitespace and comments go, which Node would otherwise read and scan at every start.
  minifyWhitespace: true,
  legalComments: "none",
  charset: "ascii",
  plugins: [http2Stub, lazyModules],
  logLevel: "warning",
  write: false,
});

for (const file of outputFiles) {
  const { code } = await transform(file.text, {
    format: "cjs",
    platform: "node",
    target,
    // import("./chunks/x.js") becomes Promise.resolve().then(() => require("./chunks/x.js")).
    supported: { "dynamic-import": false },
    // ES modules are strict; so stays every chunk (without it, CommonJS would run them sloppy).
    banner: '"use strict";',
    minifyWhitespace: true,
    charset: "ascii",
    loader: "js",
  });
  mkdirSync(path.dirname(file.path), { recursive: true });
  writeFileSync(file.path, code);
}
writeFileSync(new URL("../dist/package.json", import.meta.url), '{ "type": "commonjs" }\n');

// The completion scripts for packagers, generated from the command tree just built.
await import("./completions.mjs");
