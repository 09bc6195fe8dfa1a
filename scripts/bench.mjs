// `npm run bench`: start-up and one-GET cost of bcs-status, as ratios against
// baselines measured in the same run on the same machine (hyperfine, medians
// of --runs runs), plus the peak RSS of one `get` (GNU time). Two baselines for
// `get`: a bare node:http GET and the same GET through undici alone (undici-get.mjs).
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const runs = Number(process.env.BENCH_RUNS ?? 30);
const root = fileURLToPath(new URL("..", import.meta.url));
const bin = path.join(root, "bin", "bcs-status.js");
const node = process.execPath;

function need(cmd) {
  try {
    execFileSync(cmd, ["--version"], { stdio: "ignore" });
  } catch {
    console.error(`bench: ${cmd} is needed (Debian: apt-get install -y hyperfine time)`);
    process.exit(2);
  }
}
need("hyperfine");
need("/usr/bin/time");

const server = spawn(node, [bin, "mock-server", "--port", "0", "--scenario", "success"], { stdio: ["ignore", "pipe", "ignore"] });
const url = await new Promise((resolve) => {
  let out = "";
  server.stdout.on("data", (d) => {
    out += d;
    if (out.includes("\n")) resolve(out.split("\n")[0].trim());
  });
});
const env = { ...process.env, BCS_ENDPOINT: url, BCS_PROJECT_ID: "bench", BCS_TOKEN: "bench-token", NO_COLOR: "1" };
const dir = mkdtempSync(path.join(tmpdir(), "bcs-bench-"));

/** Medians (ms) of each command, from hyperfine's JSON export. */
function hyperfine(commands) {
  const out = path.join(dir, `h${Math.random().toString(36).slice(2)}.json`);
  execFileSync("hyperfine", ["--style", "none", "-N", "--warmup", "3", "--runs", String(runs), "--export-json", out, ...commands], {
    env,
    stdio: ["ignore", "ignore", "inherit"],
  });
  return JSON.parse(readFileSync(out, "utf8")).results.map((r) => r.median * 1000);
}

/** Peak RSS in MB of one run, from GNU time's %M (KiB) on its last stderr line. */
function peakRssMb(args) {
  const res = spawnSync("/usr/bin/time", ["-f", "%M", node, ...args], { env, encoding: "utf8", stdio: ["ignore", "ignore", "pipe"] });
  return Number(res.stderr.trim().split("\n").at(-1)) / 1024;
}

const q = (s) => (s.includes(" ") ? `"${s}"` : s);
const [nodeE0, version] = hyperfine([`${q(node)} -e 0`, `${q(node)} ${q(bin)} --version`]);
const statusUrl = `${url}/v2/bench/blockchains/bc-bench-1/status`;
const [bare, undiciOnly, get] = hyperfine([
  `${q(node)} ${q(path.join(root, "scripts", "bare-get.mjs"))} ${statusUrl} bench-token`,
  `${q(node)} ${q(path.join(root, "scripts", "undici-get.mjs"))} ${statusUrl} bench-token`,
  `${q(node)} ${q(bin)} get bc-bench-1 --json`,
]);
const rss = [1, 2, 3].map(() => peakRssMb([bin, "get", "bc-bench-1", "--json"])).sort((a, b) => a - b)[1];
const bareRss = [1, 2, 3]
  .map(() => peakRssMb([path.join(root, "scripts", "bare-get.mjs"), statusUrl, "bench-token"]))
  .sort((a, b) => a - b)[1];
server.kill("SIGTERM");

const f = (n) => n.toFixed(1);
console.log(`runs per command: ${runs} (medians)`);
console.log(`node -e 0                         ${f(nodeE0)} ms`);
console.log(`bcs-status --version              ${f(version)} ms   ratio ${(version / nodeE0).toFixed(2)}x  (target <= 1.3x)`);
console.log(`bare node:http GET                ${f(bare)} ms`);
console.log(`undici-only GET (its floor)       ${f(undiciOnly)} ms   ratio ${(undiciOnly / bare).toFixed(2)}x the bare GET`);
console.log(
  `bcs-status get <id> --json        ${f(get)} ms   ratio ${(get / bare).toFixed(2)}x  (target <= 1.5x); ${(get / undiciOnly).toFixed(2)}x the undici-only GET`,
);
console.log(`peak RSS of get                   ${f(rss)} MB   (bare GET ${f(bareRss)} MB; target <= 70 MB)`);
