#!/usr/bin/env node
/**
 * Soak: `watch` of 20 ids against `mock-server` for at least 10,000 polls on
 * loopback at a short interval. Samples the watch process's RSS (VmRSS), CPU
 * time and open file descriptors after the first 1,000 polls and at the end (and at
 * every 1,000 in between), and checks that every state of every id's
 * timeline was printed exactly once, in order (`--json`).
 *
 * Fails (exit 1) when RSS grows by 10 MB or more, when the descriptors grow,
 * when a transition is missing or repeated, or when fewer polls were made.
 * Linux only (/proc). Run with `npm run soak`; figures are in docs/RELIABILITY.md.
 *
 * Knobs (environment): SOAK_IDS (20), SOAK_POLLS (10000), SOAK_INTERVAL (50ms),
 * SOAK_FINISH_S (seconds after an id's first request when it finishes: 40), SOAK_BASELINE (the
 * poll count of the first sample that growth is measured from: 1000), SOAK_NODE_ARGS (more
 * flags for the watch's node, for investigating).
 */
import { spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const BIN = join(ROOT, "bin", "bcs-status.js");
const IDS = Number(process.env.SOAK_IDS ?? 20);
const POLLS = Number(process.env.SOAK_POLLS ?? 10_000);
const INTERVAL = process.env.SOAK_INTERVAL ?? "50ms";
const FINISH_S = Number(process.env.SOAK_FINISH_S ?? 40);
const BASELINE = Number(process.env.SOAK_BASELINE ?? 1000);
const MAX_RSS_GROWTH_KB = 10 * 1024;
const TOKEN = "soak-token-not-a-secret";

if (!readdirSync("/proc").length) throw new Error("the soak needs Linux /proc");
const build = spawnSync(process.execPath, [join(ROOT, "scripts", "build.mjs")], { stdio: "inherit" });
if (build.status !== 0) process.exit(1);

// ---- the scenario: each id's timeline changes state a few times, then finishes --------

const T = (s) => new Date(Date.UTC(2026, 10, 28, 10, 0, 0) + s * 1000).toISOString().replace("Z", "+00:00");
const res = (status, start = "", end = "", detail = "") => ({ start_time: start, end_time: end, status, detail });

/** The ok steps of id number i: [at seconds, status body]. Every step differs from the one before. */
function timeline(i) {
  // Step times scale with the run's length (40 s by default), staggered a little per id.
  const scale = FINISH_S / 40;
  const d = (s) => Math.round((s + i * 0.15) * scale * 100) / 100;
  const steps = [
    [0, { eip: res("waiting"), sfs: res("waiting"), bcs: res("waiting"), cce: { cluster: res("waiting") } }],
    [d(1), { eip: res("deploying", T(1)), sfs: res("waiting"), bcs: res("waiting"), cce: { cluster: res("waiting") } }],
    [d(4), { eip: res("finished", T(1), T(4)), sfs: res("deploying", T(4)), bcs: res("waiting"), cce: { cluster: res("waiting") } }],
    [
      d(8),
      { eip: res("finished", T(1), T(4)), sfs: res("deploying", T(4)), bcs: res("waiting"), cce: { cluster: res("deploying", T(8)) } },
    ],
    [
      d(12),
      {
        eip: res("finished", T(1), T(4)),
        sfs: res("finished", T(4), T(12)),
        bcs: res("waiting"),
        cce: { cluster: res("deploying", T(8)) },
      },
    ],
    [
      d(18),
      {
        eip: res("finished", T(1), T(4)),
        sfs: res("finished", T(4), T(12)),
        bcs: res("deploying", T(18)),
        cce: { cluster: res("finished", T(8), T(18)) },
      },
    ],
    [
      FINISH_S + i * 0.05,
      {
        eip: res("finished", T(1), T(4)),
        sfs: res("finished", T(4), T(12)),
        bcs: res("finished", T(18), T(FINISH_S)),
        cce: { cluster: res("finished", T(8), T(18)) },
      },
    ],
  ];
  return steps;
}

/** The state key of a body, as the CLI's JSON shows it: overall and each resource's status, in the contract's order (docs/OUTPUT.md). */
function keyOfBody(body) {
  const order = [
    ["bcs", body.bcs],
    ["eip", body.eip],
    ["sfs", body.sfs],
    ["cce.cluster", body.cce?.cluster],
  ];
  const statuses = order.filter(([, r]) => r).map(([n, r]) => `${n}=${r.status}`);
  const all = order.filter(([, r]) => r).map(([, r]) => r.status);
  const overall = all.includes("failed")
    ? "failed"
    : all.every((s) => s === "finished")
      ? "finished"
      : all.some((s) => s === "deploying" || s === "finished")
        ? "deploying"
        : all.every((s) => s === "waiting")
          ? "waiting"
          : "unknown";
  return `${overall}|${statuses.join(",")}`;
}
const keyOfDoc = (doc) => `${doc.overall}|${doc.resources.map((r) => `${r.name}=${r.status}`).join(",")}`;

const ids = Array.from({ length: IDS }, (_, i) => `soak-${String(i + 1).padStart(2, "0")}`);
const scenario = { ids: {} };
const expected = new Map();
ids.forEach((id, i) => {
  const ok = timeline(i);
  expected.set(
    id,
    ok.map(([, body]) => keyOfBody(body)),
  );
  const steps = ok.map(([at, status]) => ({ at, status }));
  // Every fourth id also rides out a second of 503s (Retry-After: 0) mid-way: the error path is soaked too.
  if (i % 4 === 0) {
    const busy = FINISH_S / 40;
    const busyAt = ok[3][0] + busy;
    steps.push(
      { at: busyAt, http_status: 503, body: { error_code: "BCS.5030503", error_msg: "busy" }, headers: { "Retry-After": "0" } },
      { at: busyAt + busy, status: ok[3][1] },
    );
    steps.sort((a, b) => a.at - b.at);
  }
  scenario.ids[id] = steps;
});

const dir = mkdtempSync(join(tmpdir(), "bcs-soak-"));
const scenarioFile = join(dir, "soak-scenario.json");
writeFileSync(scenarioFile, JSON.stringify(scenario, null, 2));

// ---- run -----------------------------------------------------------------------

const cleanEnv = { PATH: process.env.PATH, HOME: dir, LANG: "C.UTF-8", TZ: "UTC", XDG_CONFIG_HOME: dir, XDG_CACHE_HOME: dir };
const sim = spawn(process.execPath, [BIN, "mock-server", "--host", "127.0.0.1", "--port", "0", "--scenario", scenarioFile], {
  env: cleanEnv,
  stdio: ["ignore", "pipe", "pipe"],
});
let simLog = 0;
let simErr = "";
sim.stderr.on("data", (d) => {
  simLog += String(d).split("\n").length - 1;
  if (simErr.length < 4000) simErr += d;
});
const url = await new Promise((resolve, reject) => {
  let out = "";
  const timer = setTimeout(() => reject(new Error(`mock-server did not start: ${simErr}`)), 10_000);
  sim.stdout.on("data", (d) => {
    out += d;
    if (out.includes("\n")) {
      clearTimeout(timer);
      resolve(out.split("\n")[0].trim());
    }
  });
  sim.once("exit", (c) => reject(new Error(`mock-server exited ${c}: ${simErr}`)));
});
const stats = async () => (await (await fetch(`${url}/__sim/stats`)).json()).status;

const started = performance.now();
const nodeArgs = (process.env.SOAK_NODE_ARGS ?? "").split(" ").filter(Boolean);
// --trace-gc only prints a line per collection (to stdout, next to the JSON lines): the live heap after
// each full collection is the clearest sign of a leak, apart from how V8 sizes its heap.
const watch = spawn(
  process.execPath,
  ["--trace-gc", ...nodeArgs, BIN, "watch", ...ids, "--json", "--interval", INTERVAL, "--timeout", "30m"],
  {
    env: { ...cleanEnv, BCS_ENDPOINT: url, BCS_PROJECT_ID: "proj-soak", BCS_TOKEN: TOKEN },
    stdio: ["ignore", "pipe", "pipe"],
  },
);
let stdout = "";
let stderr = "";
watch.stdout.on("data", (d) => {
  stdout += d;
});
watch.stderr.on("data", (d) => {
  stderr += d;
});
const exited = once(watch, "exit");
let alive = true;
exited.then(() => {
  alive = false;
});

function sample() {
  const status = readFileSync(`/proc/${watch.pid}/status`, "utf8");
  const rssKb = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1]);
  const hwmKb = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1]);
  const fds = readdirSync(`/proc/${watch.pid}/fd`);
  const kinds = { socket: 0, pipe: 0, anon: 0, file: 0 };
  for (const fd of fds) {
    const target = readlinkSafe(`/proc/${watch.pid}/fd/${fd}`);
    if (target.startsWith("socket:")) kinds.socket++;
    else if (target.startsWith("pipe:")) kinds.pipe++;
    else if (target.startsWith("anon_inode:")) kinds.anon++;
    else kinds.file++;
  }
  // utime and stime (fields 14 and 15, in clock ticks of 1/100 s), after the command name in parentheses.
  const stat = readFileSync(`/proc/${watch.pid}/stat`, "utf8");
  const [utime, stime] = stat
    .slice(stat.lastIndexOf(")") + 2)
    .split(" ")
    .slice(11, 13)
    .map(Number);
  return { rssKb, hwmKb, cpuS: (utime + stime) / 100, fds: fds.length, kinds };
}
function readlinkSafe(p) {
  try {
    return readlinkSync(p);
  } catch {
    return "";
  }
}

/** Samples taken at each 1,000 polls: [polls, seconds, sample]. */
const samples = [];
let nextMark = 1000;
let first = null;
let last = null;
while (alive) {
  await new Promise((r) => setTimeout(r, 20));
  let polls;
  try {
    polls = await stats();
  } catch {
    continue;
  }
  if (polls >= nextMark && alive) {
    try {
      const s = { polls, seconds: (performance.now() - started) / 1000, ...sample() };
      samples.push(s);
      if (!first && polls >= BASELINE) first = s;
      if (polls >= POLLS) last = s;
      nextMark = (Math.floor(polls / 1000) + 1) * 1000;
    } catch {
      // the process ended between the check and the read
    }
  }
}
const [code] = await exited;
const seconds = (performance.now() - started) / 1000;
const totalPolls = await stats();
sim.kill("SIGTERM");
await once(sim, "exit");
rmSync(dir, { recursive: true, force: true });

// ---- checks --------------------------------------------------------------------

const problems = [];
if (code !== 0) problems.push(`watch exited ${code}, expected 0: ${stderr.slice(0, 500)}`);
if (stderr !== "") problems.push(`watch wrote to stderr: ${stderr.slice(0, 500)}`);
if (totalPolls < POLLS) problems.push(`only ${totalPolls} polls (wanted ${POLLS}): raise SOAK_FINISH_S`);
const out = stdout.split("\n");
const lines = out.filter((l) => l.startsWith("{"));
/** Full collections: seconds since start, and the heap in use after it (MB). */
const majors = out
  .map((l) => /\s(\d+) ms: Mark-Compact (?:\(reduce\) )?[\d.]+ \([\d.]+\) -> ([\d.]+) \(/.exec(l))
  .filter(Boolean)
  .map((m) => ({ seconds: Number(m[1]) / 1000, liveMb: Number(m[2]) }));
const seen = new Map(ids.map((id) => [id, []]));
for (const line of lines) {
  const doc = JSON.parse(line);
  seen.get(doc.blockchain_id)?.push(keyOfDoc(doc));
}
let transitions = 0;
for (const id of ids) {
  const want = expected.get(id);
  const got = seen.get(id);
  transitions += got.length;
  const counts = new Map();
  for (const k of got) counts.set(k, (counts.get(k) ?? 0) + 1);
  const repeated = [...counts].filter(([, n]) => n !== 1);
  if (repeated.length > 0) problems.push(`${id}: states printed more than once: ${repeated.map(([k, n]) => `${k} ×${n}`).join("; ")}`);
  if (JSON.stringify(got) !== JSON.stringify(want)) problems.push(`${id}: states ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`);
}
const mb = (kb) => `${(kb / 1024).toFixed(1)} MB`;
if (!first || !last) problems.push(`not enough samples (first ${!!first}, end ${!!last}); raise SOAK_FINISH_S`);

console.log(`\nsoak: ${IDS} ids, interval ${INTERVAL}, ${totalPolls} polls in ${seconds.toFixed(1)} s, exit ${code}`);
console.log(
  `${"polls".padStart(7)} ${"time".padStart(7)} ${"RSS".padStart(9)} ${"peak".padStart(9)} ${"CPU".padStart(7)} ${"fds".padStart(4)}  (sockets/pipes/anon/files)`,
);
for (const s of samples) {
  console.log(
    `${String(s.polls).padStart(7)} ${`${s.seconds.toFixed(1)}s`.padStart(7)} ${mb(s.rssKb).padStart(9)} ${mb(s.hwmKb).padStart(9)} ${`${s.cpuS.toFixed(2)}s`.padStart(7)} ${String(s.fds).padStart(4)}  (${s.kinds.socket}/${s.kinds.pipe}/${s.kinds.anon}/${s.kinds.file})`,
  );
}
if (first && last) {
  const growth = last.rssKb - first.rssKb;
  console.log(
    `RSS after ${first.polls} polls ${mb(first.rssKb)}, at ${last.polls} polls ${mb(last.rssKb)}: ${growth >= 0 ? "+" : ""}${mb(growth)} (limit +10 MB)`,
  );
  console.log(
    `open fds after ${first.polls} polls ${first.fds} (${first.kinds.socket} sockets), at ${last.polls} polls ${last.fds} (${last.kinds.socket} sockets)`,
  );
  const mid = samples.find((x) => x.polls >= last.polls / 2) ?? first;
  console.log(
    `RSS over the second half (${mid.polls} → ${last.polls} polls): ${mb(mid.rssKb)} → ${mb(last.rssKb)} (${last.rssKb >= mid.rssKb ? "+" : ""}${mb(last.rssKb - mid.rssKb)})`,
  );
  if (growth >= MAX_RSS_GROWTH_KB)
    problems.push(
      `RSS grew by ${mb(growth)} from ${first.polls} polls to ${last.polls} (see the second half and the live heap above for whether it is V8's heap warming up or a leak)`,
    );
  // Keep-alive sockets come and go with the pool (at most one per request in flight, so one per id);
  // everything else (pipes, event fds, files) must not grow at all.
  const others = (x) => x.fds - x.kinds.socket;
  if (others(last) > others(first)) problems.push(`non-socket descriptors grew from ${others(first)} to ${others(last)}`);
  const maxSockets = Math.max(...samples.map((x) => x.kinds.socket));
  if (maxSockets > IDS + 2) problems.push(`${maxSockets} sockets open at once for ${IDS} ids: connections leak`);
  if (last.fds > first.fds && last.kinds.socket > IDS) problems.push(`open file descriptors grew from ${first.fds} to ${last.fds}`);
}
if (first && majors.length > 0) {
  const after = majors.filter((g) => g.seconds >= first.seconds);
  const from = after[0] ?? majors.at(-1);
  const to = majors.at(-1);
  console.log(
    `live heap after full GC: ${majors.map((g) => g.liveMb.toFixed(1)).join(", ")} MB (${majors.length} full GCs; from ${from.liveMb} MB after the baseline to ${to.liveMb} MB at the end)`,
  );
}
console.log(
  `transitions: ${transitions} JSON lines for ${IDS} ids, each state exactly once: ${problems.some((p) => p.includes("states")) ? "NO" : "yes"}`,
);
console.log(`mock-server logged ${simLog} requests`);
if (problems.length > 0) {
  console.error(`\nsoak FAILED:\n  ${problems.join("\n  ")}`);
  process.exit(1);
}
console.log("soak passed");
