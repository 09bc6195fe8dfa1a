// One single executable from one CommonJS file, for build-sea.mjs (the CLI) and bench.mjs (undici's
// floor in the same packaging): Node makes the blob with V8's code cache (useCodeCache), so start-up
// deserialises compiled code instead of compiling the bundle; postject injects it into a copy of the
// pinned Node 24 (Node 24 has no --build-sea); the result is copied once more, since postject
// writes the file in one write() and until it is copied its pages read 15-30 MB higher in the peak
// RSS of every run (page cache).
import { execFileSync } from "node:child_process";
import { copyFileSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { inject } from "postject";
import { seaNode } from "./sea-node.mjs";

// The fuse postject flips so that Node looks for the blob (Node's documentation of single executables).
const FUSE = "NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2";

/** Makes `exe` run `bundle`; the blob and its config are written beside `exe`. */
export async function makeSea(bundle, exe) {
  const node = seaNode();
  const blob = `${exe}.blob`;
  const config = `${exe}.sea-config.json`;
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
}
