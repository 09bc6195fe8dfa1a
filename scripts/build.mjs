// Bundles src/ into dist/ with esbuild: one entry, commands split into chunks
// loaded on demand, so `--version` and `--help` load none of the heavy modules.
//
// The chunks ship as CommonJS (dist/package.json says so). esbuild splits code
// only for ESM, so the split ESM output is turned into CommonJS file by file:
// `import` becomes `require`, and a dynamic `import()` a `require` inside a
// promise. Measured (docs/PERFORMANCE.md): Node compiles and links the same
// code as CommonJS faster than as ES modules, and holds less memory for it.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { build } from "esbuild";
import { http2Stub, lazyModulesPlugin, transformOrFail } from "./build-plugins.mjs";

/** The build stops at the first surprise: a warning or a stand-in rule gone stale is an error, not a line to scroll past. */
function fail(message) {
  console.error(`build: ${message}`);
  process.exit(1);
}

const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
rmSync(new URL("../dist", import.meta.url), { recursive: true, force: true });
const target = "node20";
const lazy = lazyModulesPlugin();
const { outputFiles, warnings } = await build({
  entryPoints: ["src/cli/cli.ts"],
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
  plugins: [http2Stub, lazy.plugin],
  logLevel: "warning",
  write: false,
});
if (warnings.length > 0) fail(`esbuild warned ${warnings.length} time(s) (printed above)`);
const stale = lazy.unmatched();
if (stale.length > 0) fail(`lazy stand-in rule(s) matched no import (did a dependency move the module?):\n  ${stale.join("\n  ")}`);

for (const file of outputFiles) {
  const { code } = await transformOrFail(file.text, {
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
  }).catch((err) => fail(`${path.relative(process.cwd(), file.path)}: ${err.message}`));
  mkdirSync(path.dirname(file.path), { recursive: true });
  writeFileSync(file.path, code);
}
writeFileSync(new URL("../dist/package.json", import.meta.url), '{ "type": "commonjs" }\n');

// The completion scripts for packagers, generated from the command tree just built.
await import("./completions.mjs");
