// `npm run bench:scale`: does a run hold at scale? Against a loopback server in a process of its
// own (it counts requests and says when it has answered them all), three properties, each beside
// a small run of the same kind as its baseline:
//   - memory: `get --all --json` of MEM_IDS ids (1,000) each answering ~BODY_KB (900) KB: peak
//     RSS (/usr/bin/time -v) stays under 400 MB, against the same with 20 ids;
//   - signal: `get --all` of SIG_IDS ids (30,000, short ids so the list fits the 1 MiB response
//     cap), with and without --summary-file: SIGINT 20 ms after the server's last answer ends
//     the run within 1 s, exit 130;
//   - names: NAMES (10,000) `--name`s against a list of SIG_IDS entries finish in under 2 s
//     (and the matching itself: from the list's answer to the first status request).
// Every request loop is bounded: the server answers at most MAX_REQUESTS, every run has a timeout.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const self = fileURLToPath(import.meta.url);
const root = fileURLToPath(new URL("..", import.meta.url));
const bin = path.join(root, "bin", "bcs-status.js");
const MAX_REQUESTS = 200_000;
const RUN_TIMEOUT_MS = 600_000;
// BENCH_ONLY=memory|signal|names runs one part (the parts can then run side by side).
const only = process.env.BENCH_ONLY;

/**
 * The server: the list API with LIST_N entries (`b0`…, named `n0`…), the status API answering
 * each id with a body of about BODY_BYTES. Its first stdout line is its URL; `answered` when it
 * has answered LIST_N status requests; `stats` on stdin prints its counters as one JSON line.
 */
function serve() {
  const n = Number(process.env.LIST_N);
  const bodyBytes = Number(process.env.BODY_BYTES ?? 0);
  const at = (s) => new Date(Date.UTC(2026, 10, 28, 10, 0, 0) + s * 1000).toISOString().replace("Z", "+08:00");
  const res = (status, start, end, detail = "") => ({ status, start_time: start ? at(start) : "", end_time: end ? at(end) : "", detail });
  const doc = {
    bcs: res("deploying", 60),
    eip: res("finished", 1, 4),
    sfs: res("finished", 4, 12),
    obs: res("finished", 4, 20),
    kafka: res("deploying", 30),
    cce: { cluster: res("finished", 8, 58), network: res("finished", 8, 9), security_group: res("waiting") },
  };
  const small = JSON.stringify(doc);
  doc.bcs.detail = "x".repeat(Math.max(0, bodyBytes - small.length));
  const body = Buffer.from(JSON.stringify(doc));
  const list = Buffer.from(
    JSON.stringify({ blockchains: Array.from({ length: n }, (_, i) => ({ id: `b${i}`, name: `n${i}` })), count: n }),
  );
  const stats = {
    requests: 0,
    status: 0,
    inFlight: 0,
    peakInFlight: 0,
    listAnsweredAt: 0,
    firstStatusAt: 0,
    bodyBytes: body.length,
    listBytes: list.length,
  };
  const server = createServer((req, res) => {
    if (++stats.requests > MAX_REQUESTS) return res.destroy();
    const isList = /\/blockchains$/.test(req.url ?? "");
    if (!isList && stats.firstStatusAt === 0) stats.firstStatusAt = performance.now() + performance.timeOrigin;
    stats.inFlight++;
    stats.peakInFlight = Math.max(stats.peakInFlight, stats.inFlight);
    res.writeHead(200, { "content-type": "application/json", "content-length": (isList ? list : body).length });
    res.end(isList ? list : body, () => {
      stats.inFlight--;
      if (isList) stats.listAnsweredAt = performance.now() + performance.timeOrigin;
      else if (++stats.status === n) process.stdout.write("answered\n");
    });
  });
  server.listen(0, "127.0.0.1", () => process.stdout.write(`http://127.0.0.1:${server.address().port}\n`));
  createInterface({ input: process.stdin }).on("line", (line) => {
    if (line === "stats") process.stdout.write(`${JSON.stringify(stats)}\n`);
    if (line === "exit") process.exit(0);
  });
  process.stdin.on("end", () => process.exit(0));
}

/** A server process for one case; resolves with its URL, its line reader and a stats() query. */
async function startServer(listN, bodyBytes) {
  const child = spawn(process.execPath, [self, "--serve"], {
    env: { ...process.env, LIST_N: String(listN), BODY_BYTES: String(bodyBytes) },
    stdio: ["pipe", "pipe", "inherit"],
  });
  const lines = createInterface({ input: child.stdout });
  const waiting = [];
  const listeners = new Set();
  lines.on("line", (line) => {
    for (const l of listeners) l(line);
    waiting.shift()?.(line);
  });
  const next = () => new Promise((resolve) => waiting.push(resolve));
  const url = await next();
  return {
    url,
    onLine: (fn) => listeners.add(fn),
    stats: async () => {
      child.stdin.write("stats\n");
      return JSON.parse(await next());
    },
    close: async () => {
      child.stdin.end("exit\n");
      await once(child, "exit");
    },
  };
}

/**
 * Runs the CLI (under /usr/bin/time -v when measuring memory). stdout is read and counted, never
 * kept. `onServerLine` sees the server's lines with the child in hand (for the signal case).
 */
async function runCli(server, args, o = {}) {
  const env = {
    ...process.env,
    BCS_ENDPOINT: server.url,
    BCS_PROJECT_ID: "bench",
    BCS_TOKEN: "bench-token-0123456789",
    NO_COLOR: "1",
    TZ: "Asia/Shanghai",
  };
  const dir = mkdtempSync(path.join(tmpdir(), "bench-scale-"));
  const timeFile = path.join(dir, "time.txt");
  const cmd = o.memory ? "/usr/bin/time" : process.execPath;
  const argv = o.memory ? ["-v", "-o", timeFile, process.execPath, bin, ...args] : [bin, ...args];
  const t0 = performance.now();
  const child = spawn(cmd, argv, { env, stdio: ["ignore", "pipe", "pipe"] });
  let outBytes = 0;
  let outLines = 0;
  child.stdout.on("data", (d) => {
    outBytes += d.length;
    for (let i = d.indexOf(10); i !== -1; i = d.indexOf(10, i + 1)) outLines++;
  });
  let err = "";
  child.stderr.on("data", (d) => {
    if (err.length < 4000) err += d;
  });
  let signalledAt = null;
  if (o.sigintAfterLastAnswerMs !== undefined) {
    server.onLine((line) => {
      if (line !== "answered" || signalledAt !== null) return;
      setTimeout(() => {
        signalledAt = performance.now();
        child.kill("SIGINT");
      }, o.sigintAfterLastAnswerMs);
    });
  }
  const killer = setTimeout(() => child.kill("SIGKILL"), RUN_TIMEOUT_MS);
  const [code, signal] = await once(child, "exit");
  const endedAt = performance.now();
  clearTimeout(killer);
  let rssMb = null;
  if (o.memory) {
    const m = readFileSync(timeFile, "utf8").match(/Maximum resident set size \(kbytes\): (\d+)/);
    rssMb = m ? Number(m[1]) / 1024 : null;
    const st = readFileSync(timeFile, "utf8").match(/Exit status: (\d+)/);
    if (st) return finish(Number(st[1]));
  }
  return finish(code ?? signal);

  function finish(exit) {
    rmSync(dir, { recursive: true, force: true });
    return {
      exit,
      wallMs: endedAt - t0,
      rssMb,
      outBytes,
      outLines,
      afterSignalMs: signalledAt === null ? null : endedAt - signalledAt,
      stderrHead: err.split("\n").slice(0, 3).join(" | "),
    };
  }
}

const f = (n, d = 0) => (n === null ? "-" : n.toLocaleString("en-US", { maximumFractionDigits: d, minimumFractionDigits: d }));

async function memoryCase(ids, bodyKb, args) {
  if (process.env.BENCH_DEBUG) console.error("memory case", ids, bodyKb, args);
  const server = await startServer(ids, bodyKb * 1024);
  const r = await runCli(server, args, { memory: true });
  if (process.env.BENCH_DEBUG) console.error("ran", r);
  const st = await server.stats();
  await server.close();
  return { ...r, ...st };
}

async function signalCase(ids, extra) {
  const server = await startServer(ids, 0);
  const dir = mkdtempSync(path.join(tmpdir(), "bench-scale-sum-"));
  const args = ["get", "--all", ...(extra === "summary" ? ["--summary-file", path.join(dir, "summary.md")] : [])];
  const r = await runCli(server, args, { sigintAfterLastAnswerMs: 20 });
  const st = await server.stats();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
  return { ...r, ...st };
}

async function namesCase(listN, names) {
  const server = await startServer(listN, 0);
  const step = Math.max(1, Math.floor(listN / names));
  const args = ["get", "--json"];
  for (let i = 0; i < names; i++) args.push("--name", `n${(i * step) % listN}`);
  const r = await runCli(server, args);
  const st = await server.stats();
  await server.close();
  return { ...r, ...st, matchMs: st.firstStatusAt - st.listAnsweredAt };
}

async function bench() {
  const memIds = Number(process.env.MEM_IDS ?? 1000);
  const bodyKb = Number(process.env.BODY_KB ?? 900);
  const sigIds = Number(process.env.SIG_IDS ?? 30_000);
  const names = Number(process.env.NAMES ?? 10_000);
  console.log(`node ${process.version}; server on loopback in its own process; TZ=Asia/Shanghai`);

  const rows = [];
  const mem = async (label, ids, args) => {
    const r = await memoryCase(ids, bodyKb, args);
    rows.push([
      label,
      `exit ${r.exit}`,
      `${f(r.rssMb, 1)} MB peak RSS`,
      `${f(r.outLines)} lines, ${f(r.outBytes / 1e6, 1)} MB out`,
      `${f(r.wallMs / 1000, 2)} s`,
      `peak in flight ${r.peakInFlight}`,
      r.exit === 0 ? "" : r.stderrHead,
    ]);
    return r;
  };
  const skip = { memory: only && only !== "memory", signal: only && only !== "signal", names: only && only !== "names" };
  const none = { exit: null, rssMb: null, afterSignalMs: null, wallMs: null, matchMs: null };
  const m0 = skip.memory ? none : await mem(`get --all --json, 20 ids x ${f(bodyKb)} KB (baseline)`, 20, ["get", "--all", "--json"]);
  const m1 = skip.memory ? none : await mem(`get --all --json, ${f(memIds)} ids x ${f(bodyKb)} KB`, memIds, ["get", "--all", "--json"]);
  const m2 = skip.memory ? none : await mem(`list --json, ${f(memIds)} ids x ${f(bodyKb)} KB`, memIds, ["list", "--json"]);
  const m3 = skip.memory ? none : await mem(`get --all --raw, ${f(memIds)} ids x ${f(bodyKb)} KB`, memIds, ["get", "--all", "--raw"]);

  const sig = async (label, ids, extra) => {
    const r = await signalCase(ids, extra);
    rows.push([
      label,
      `exit ${r.exit}`,
      `${f(r.afterSignalMs)} ms after SIGINT`,
      `${f(r.wallMs / 1000, 2)} s in all`,
      `${f(r.outLines)} lines out`,
      r.exit === 130 ? "" : r.stderrHead,
    ]);
    return r;
  };
  const s0 = skip.signal ? none : await sig("get --all, 1,000 ids, SIGINT 20 ms after the last answer (baseline)", 1000);
  const s1 = skip.signal ? none : await sig(`get --all, ${f(sigIds)} ids, SIGINT 20 ms after the last answer`, sigIds);
  const s2 = skip.signal
    ? none
    : await sig(`get --all --summary-file, ${f(sigIds)} ids, SIGINT 20 ms after the last answer`, sigIds, "summary");

  const nm = async (label, listN, n) => {
    const r = await namesCase(listN, n);
    rows.push([
      label,
      `exit ${r.exit}`,
      `${f(r.wallMs / 1000, 2)} s in all`,
      `matching ${f(r.matchMs)} ms (list answered to first status request)`,
      `${f(r.outLines)} lines out`,
      r.exit === 0 ? "" : r.stderrHead,
    ]);
    return r;
  };
  const n0 = skip.names ? none : await nm(`get --json, 10 --names against ${f(sigIds)} entries (baseline)`, sigIds, 10);
  const n1 = skip.names ? none : await nm(`get --json, ${f(names)} --names against ${f(sigIds)} entries`, sigIds, names);

  for (const r of rows) console.log(`${r[0]}\n    ${r.slice(1).filter(Boolean).join("; ")}`);
  console.log("goals:");
  const ok = (b) => (b ? "ok  " : "MISS");
  console.log(
    `  ${ok(m1.exit === 0 && m1.rssMb < 400)} get --all --json of ${f(memIds)} ids under 400 MB: ${f(m1.rssMb, 1)} MB (${f(m1.rssMb / m0.rssMb, 2)}x the 20-id run)`,
  );
  console.log(`  ${ok(m2.exit === 0 && m2.rssMb < 400)} list --json of ${f(memIds)} ids under 400 MB: ${f(m2.rssMb, 1)} MB`);
  console.log(`  ${ok(m3.exit === 0 && m3.rssMb < 400)} get --all --raw of ${f(memIds)} ids under 400 MB: ${f(m3.rssMb, 1)} MB`);
  for (const [s, what] of [
    [s1, "get --all"],
    [s2, "get --all --summary-file"],
  ]) {
    console.log(
      `  ${ok(s.exit === 130 && s.afterSignalMs < 1000)} ${what} of ${f(sigIds)} ids: exit ${s.exit} ${f(s.afterSignalMs)} ms after SIGINT (1,000 ids: ${f(s0.afterSignalMs)} ms)`,
    );
  }
  console.log(
    `  ${ok(n1.exit === 0 && n1.wallMs < 2000)} ${f(names)} --names against ${f(sigIds)} entries under 2 s: ${f(n1.wallMs / 1000, 2)} s (10 names: ${f(n0.wallMs / 1000, 2)} s; matching ${f(n1.matchMs)} ms vs ${f(n0.matchMs)} ms)`,
  );
}

if (process.argv[2] === "--serve") serve();
else await bench();
