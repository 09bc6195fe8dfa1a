// `npm run bench`: start-up and one-GET cost of bcs-status, as ratios against
// baselines measured in the same run on the same machine (hyperfine, medians
// of BENCH_RUNS runs), plus the peak RSS of one `get` (GNU time).
//
// Two endpoints, each with its own baseline: the mock-server over http, and a
// loopback https server this script starts with a certificate made at run time
// (openssl), trusted through NODE_EXTRA_CA_CERTS. Baselines for `get`: a bare
// node:http(s) GET, and undici's own floor three ways: the parts bcs-status uses
// loaded from node_modules (undici-get.mjs); the same script bundled into one
// CommonJS file with node:http2 resolving to a module that throws (undici falls
// back without it); and bundled with the tool's lazy stand-ins as well
// (build-plugins.mjs), which is undici as the tool's build ships it.
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { http2Stub, lazyModules } from "./build-plugins.mjs";
import { makeSea } from "./sea-make.mjs";
import { seaNode } from "./sea-node.mjs";

const runs = Number(process.env.BENCH_RUNS ?? 30);
const root = fileURLToPath(new URL("..", import.meta.url));
const bin = path.join(root, "bin", "bcs-status.js");
const node = process.execPath;
const dir = mkdtempSync(path.join(tmpdir(), "bcs-bench-"));

function need(cmd, args = ["--version"]) {
  try {
    execFileSync(cmd, args, { stdio: "ignore" });
  } catch {
    console.error(`bench: ${cmd} is needed (Debian: apt-get install -y hyperfine time openssl)`);
    process.exit(2);
  }
}
need("hyperfine");
need("/usr/bin/time");
need("openssl", ["version"]);

/** A server's base URL: the first line it prints on stdout. */
function firstLine(child) {
  return new Promise((resolve) => {
    let out = "";
    child.stdout.on("data", (d) => {
      out += d;
      if (out.includes("\n")) resolve(out.split("\n")[0].trim());
    });
  });
}

// The http endpoint: the simulator.
const server = spawn(node, [bin, "mock-server", "--port", "0", "--scenario", "success"], { stdio: ["ignore", "pipe", "ignore"] });
const httpUrl = await firstLine(server);

// The https endpoint: a self-signed certificate for 127.0.0.1, made now, and a server that answers a status body.
const key = path.join(dir, "key.pem");
const cert = path.join(dir, "cert.pem");
execFileSync(
  "openssl",
  [
    "req",
    "-x509",
    "-newkey",
    "ec",
    "-pkeyopt",
    "ec_paramgen_curve:prime256v1",
    "-nodes",
    "-days",
    "1",
    "-keyout",
    key,
    "-out",
    cert,
    "-subj",
    "/CN=127.0.0.1",
    "-addext",
    "subjectAltName=IP:127.0.0.1",
  ],
  { stdio: "ignore" },
);
// In a process of its own: this one blocks in hyperfine while the commands run.
const tls = spawn(node, [path.join(root, "scripts", "https-server.mjs"), key, cert], { stdio: ["ignore", "pipe", "inherit"] });
const httpsUrl = await firstLine(tls);

// undici's floor, bundled: the same script in one CommonJS file, node:http2 throwing; and once more
// with the tool's lazy stand-ins (node:assert, the HTTP/2 client, the SOCKS5 agent: build-plugins.mjs).
async function bundle(outfile, plugins) {
  await build({
    entryPoints: [path.join(root, "scripts", "undici-get.mjs")],
    outfile,
    bundle: true,
    format: "cjs",
    platform: "node",
    target: "node20",
    plugins,
    logLevel: "warning",
  });
  return outfile;
}
const bundled = await bundle(path.join(dir, "undici-get.cjs"), [http2Stub]);
const trimmed = await bundle(path.join(dir, "undici-get-lazy.cjs"), [http2Stub, lazyModules]);

// The history of durations goes to the bench's own folder, never to the real home.
const env = {
  ...process.env,
  BCS_PROJECT_ID: "bench",
  BCS_TOKEN: "bench-token",
  NO_COLOR: "1",
  NODE_EXTRA_CA_CERTS: cert,
  XDG_STATE_HOME: path.join(dir, "state"),
};

/**
 * Medians (ms) of each command, from hyperfine's JSON export. hyperfine runs one command's runs
 * back to back; a shared machine's speed drifts over a minute, so the runs are taken in rounds
 * (each round runs every command in turn) and the median is over the runs of all rounds.
 */
function hyperfine(commands, extraEnv = {}) {
  const rounds = Math.min(runs, 5);
  const times = commands.map(() => []);
  for (let round = 0; round < rounds; round++) {
    const out = path.join(dir, `h${Math.random().toString(36).slice(2)}.json`);
    const n = Math.ceil(runs / rounds);
    execFileSync("hyperfine", ["--style", "none", "-N", "--warmup", "2", "--runs", String(n), "--export-json", out, ...commands], {
      env: { ...env, ...extraEnv },
      stdio: ["ignore", "ignore", "inherit"],
    });
    for (const [i, r] of JSON.parse(readFileSync(out, "utf8")).results.entries()) times[i].push(...r.times);
  }
  return times.map((t) => t.sort((a, b) => a - b)[Math.floor(t.length / 2)] * 1000);
}

/** Peak RSS in MB of one run (`node args`, or `exe args`), from GNU time's %M (KiB) on its last stderr line. */
function peakRssMb(args, extraEnv, exe = node) {
  const res = spawnSync("/usr/bin/time", ["-f", "%M", exe, ...args], {
    env: { ...env, ...extraEnv },
    encoding: "utf8",
    stdio: ["ignore", "ignore", "pipe"],
  });
  return Number(res.stderr.trim().split("\n").at(-1)) / 1024;
}
const median3 = (f) => [f(), f(), f()].sort((a, b) => a - b)[1];

const q = (s) => (s.includes(" ") ? `"${s}"` : s);
console.error("bench: node -e 0 and --version");
const [nodeE0, version] = hyperfine([`${q(node)} -e 0`, `${q(node)} ${q(bin)} --version`]);

/** One endpoint's four commands, in one hyperfine run. */
function pair(base) {
  console.error(`bench: ${base}`);
  const statusUrl = `${base}/v2/bench/blockchains/bc-bench-1/status`;
  const [bare, undiciFiles, undiciBundled, undiciTrimmed, get] = hyperfine(
    [
      `${q(node)} ${q(path.join(root, "scripts", "bare-get.mjs"))} ${statusUrl} bench-token`,
      `${q(node)} ${q(path.join(root, "scripts", "undici-get.mjs"))} ${statusUrl} bench-token`,
      `${q(node)} ${q(bundled)} ${statusUrl} bench-token`,
      `${q(node)} ${q(trimmed)} ${statusUrl} bench-token`,
      `${q(node)} ${q(bin)} get bc-bench-1 --json`,
    ],
    { BCS_ENDPOINT: base },
  );
  const rss = median3(() => peakRssMb([bin, "get", "bc-bench-1", "--json"], { BCS_ENDPOINT: base }));
  const bareRss = median3(() => peakRssMb([path.join(root, "scripts", "bare-get.mjs"), statusUrl, "bench-token"], {}));
  // undici as the tool ships it, and nothing else: the least any get built on it can peak at.
  const floorRss = median3(() => peakRssMb([trimmed, statusUrl, "bench-token"], {}));
  return { bare, undiciFiles, undiciBundled, undiciTrimmed, get, rss, bareRss, floorRss };
}
const f = (n) => n.toFixed(1);
const x = (a, b) => `${(a / b).toFixed(2)}x`;
const http = pair(httpUrl);
const https = pair(httpsUrl);

// The single executable (npm run build:sea), against baselines on the Node it is built on: the pinned
// Node 24, which may not be the Node running this script. Plain `node bin/` on that Node beside it.
const sea = path.join(root, "dist-sea", "bcs-status");
let seaLines = [`single executable: ${path.relative(root, sea)} is not built (npm run build:sea)`];
if (existsSync(sea)) {
  const node24 = seaNode();
  const v24 = execFileSync(node24, ["--version"], { encoding: "utf8" }).trim();
  console.error(`bench: the single executable, baselines on Node ${v24}`);
  // undici's floor (the trimmed bundle above) packaged the same way: what a single executable that
  // only does the GET with undici costs, so the executable's own part can be told from undici's.
  const floorSea = path.join(dir, "undici-floor");
  await makeSea(trimmed, floorSea);
  const [e0, seaVersion, plainVersion] = hyperfine([`${q(node24)} -e 0`, `${q(sea)} --version`, `${q(node24)} ${q(bin)} --version`]);
  const seaPair = (base) => {
    const statusUrl = `${base}/v2/bench/blockchains/bc-bench-1/status`;
    const [bare, seaFloor, seaGet, plainGet] = hyperfine(
      [
        `${q(node24)} ${q(path.join(root, "scripts", "bare-get.mjs"))} ${statusUrl} bench-token`,
        `${q(floorSea)} ${statusUrl} bench-token`,
        `${q(sea)} get bc-bench-1 --json`,
        `${q(node24)} ${q(bin)} get bc-bench-1 --json`,
      ],
      { BCS_ENDPOINT: base },
    );
    const rss = median3(() => peakRssMb(["get", "bc-bench-1", "--json"], { BCS_ENDPOINT: base }, sea));
    const plainRss = median3(() => peakRssMb([bin, "get", "bc-bench-1", "--json"], { BCS_ENDPOINT: base }, node24));
    return { bare, seaFloor, seaGet, plainGet, rss, plainRss };
  };
  const seaHttp = seaPair(httpUrl);
  const seaHttps = seaPair(httpsUrl);
  const bytes = readFileSync(sea);
  seaLines = [
    `single executable (${path.relative(root, sea)}, Node ${v24}): ${(bytes.length / 2 ** 20).toFixed(1)} MB, ${(gzipSync(bytes).length / 2 ** 20).toFixed(1)} MB gzipped`,
    `  node -e 0 (Node ${v24})                  ${f(e0)} ms`,
    `  single executable --version            ${f(seaVersion)} ms   ${x(seaVersion, e0)} node -e 0 (target <= 1.2x)`,
    `  node bin/bcs-status.js --version       ${f(plainVersion)} ms   ${x(plainVersion, e0)} node -e 0`,
  ];
  for (const [name, r] of [
    ["http (mock-server)", seaHttp],
    ["https (loopback TLS)", seaHttps],
  ]) {
    seaLines.push(
      `  ${name}:`,
      `    bare node GET (Node ${v24})          ${f(r.bare)} ms`,
      `    undici floor, single executable      ${f(r.seaFloor)} ms   ${x(r.seaFloor, r.bare)} the bare GET`,
      `    single executable get <id> --json    ${f(r.seaGet)} ms   ${x(r.seaGet, r.bare)} the bare GET (target <= 1.55x); ${x(r.seaGet, r.seaFloor)} the undici floor`,
      `    node bin/ get <id> --json            ${f(r.plainGet)} ms   ${x(r.plainGet, r.bare)} the bare GET`,
      `    peak RSS of get                      ${f(r.rss)} MB single executable, ${f(r.plainRss)} MB node bin/`,
    );
  }
}
server.kill("SIGTERM");
tls.kill("SIGTERM");

const lines = [
  `node ${process.version}; runs per command: ${runs} (medians)`,
  `node -e 0                                ${f(nodeE0)} ms`,
  `bcs-status --version                     ${f(version)} ms   ${x(version, nodeE0)} node -e 0 (target <= 1.2x)`,
];
for (const [name, r] of [
  ["http (mock-server)", http],
  ["https (loopback TLS)", https],
]) {
  lines.push(
    `${name}:`,
    `  bare node GET                          ${f(r.bare)} ms`,
    `  undici floor, files in node_modules    ${f(r.undiciFiles)} ms   ${x(r.undiciFiles, r.bare)} the bare GET`,
    `  undici floor, bundled, no http2        ${f(r.undiciBundled)} ms   ${x(r.undiciBundled, r.bare)} the bare GET`,
    `  … and the tool's lazy stand-ins        ${f(r.undiciTrimmed)} ms   ${x(r.undiciTrimmed, r.bare)} the bare GET`,
    `  bcs-status get <id> --json             ${f(r.get)} ms   ${x(r.get, r.bare)} the bare GET (target <= 1.5x); ${x(r.get, r.undiciTrimmed)} the trimmed undici floor`,
    `  peak RSS of get                        ${f(r.rss)} MB   (bare GET ${f(r.bareRss)} MB; the last undici floor ${f(r.floorRss)} MB; target <= 60 MB)`,
  );
}
lines.push(...seaLines);
console.log(lines.join("\n"));
writeFileSync(path.join(dir, "bench.txt"), `${lines.join("\n")}\n`);
