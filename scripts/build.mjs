// Bundles src/ into dist/ with esbuild: one entry, commands split into chunks
// loaded on demand, so `--version` and `--help` load none of the heavy modules.
import { readFileSync, rmSync } from "node:fs";
import { build } from "esbuild";
import { http2Stub, lazyChildProcess } from "./build-plugins.mjs";

const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
rmSync(new URL("../dist", import.meta.url), { recursive: true, force: true });
await build({
  entryPoints: ["src/cli.ts"],
  outdir: "dist",
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  // Dependencies are bundled too: resolving and loading packages from node_modules
  // at start-up costs more than reading one file. CommonJS ones (commander,
  // cli-table3, undici) need a real `require` inside ESM chunks.
  packages: "bundle",
  banner: { js: 'import { createRequire as __bcsCreateRequire } from "node:module"; const require = __bcsCreateRequire(import.meta.url);' },
  define: { __VERSION__: JSON.stringify(pkg.version) },
  chunkNames: "chunks/[name]-[hash]",
  minify: false,
  plugins: [http2Stub, lazyChildProcess],
  logLevel: "warning",
});

// The completion scripts for packagers, generated from the command tree just built.
await import("./completions.mjs");
