// `npm run bench:polite`: how polite is a run to a shared API?
// Against a loopback server that this script starts (it counts requests in
// flight and when each started), in one run:
//   - `watch` of WATCH_IDS ids (default 1000) at a 5 s interval for WATCH_S
//     seconds (default 120): peak requests in flight, the most requests started
//     in any 100 ms window, CPU time per poll (marginal: against a 10 s watch of
//     the same ids, so start-up and the final tables do not count), peak RSS;
//   - `get` of GET_IDS ids (default 1000): wall time and peak in flight.
// Every request loop is bounded: the watch by --timeout, the server by a cap.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { createServer } from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const bin = path.join(root, "bin", "bcs-status.js");
const watchIds = Number(process.env.WATCH_IDS ?? 1000);
const watchSeconds = Number(process.env.WATCH_S ?? 120);
const getIds = Number(process.env.GET_IDS ?? 1000);
const delayMs = Number(process.env.DELAY_MS ?? 20);
const MAX_REQUESTS = 200_000;

let inFlight = 0;
let peak = 0;
let starts = [];
let total = 0;
const body = JSON.stringify({ bcs: { status: "deploying", start_time: "2026-11-28T10:00:00Z", end_time: "", detail: "" } });
const server = createServer((_req, res) => {
  if (++total > MAX_REQUESTS) return res.destroy();
  inFlight++;
  peak = Math.max(peak, inFlight);
  starts.push(performance.now());
  setTimeout(() => {
    inFlight--;
    res.writeHead(200, { "content-type": "application/json" });
    res.end(body);
  }, delayMs);
});
server.listen(0, "127.0.0.1");
await once(server, "listening");
const url = `http://127.0.0.1:${server.address().port}`;
const env = { ...process.env, BCS_ENDPOINT: url, BCS_PROJECT_ID: "bench", BCS_TOKEN: "bench-token-0123456789", NO_COLOR: "1" };

function reset() {
  inFlight = 0;
  peak = 0;
  starts = [];
}

/** Runs the CLI under GNU time; returns wall ms, CPU s (user+sys), peak RSS MB and the exit code. */
async function run(args) {
  const t0 = performance.now();
  const child = spawn("/usr/bin/time", ["-f", "%U %S %M", process.execPath, bin, ...args], { env, stdio: ["ignore", "ignore", "pipe"] });
  let err = "";
  child.stderr.on("data", (d) => {
    err += d;
  });
  const [code] = await once(child, "close");
  const [user, sys, kib] = err.trim().split("\n").at(-1).split(" ").map(Number);
  return { ms: performance.now() - t0, cpu: user + sys, rssMb: kib / 1024, code };
}

/** The most requests started in any window of `ms` (two pointers over the sorted start times). */
function busiestWindow(ms) {
  const t = [...starts].sort((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; j < t.length; j++) {
    while (t[j] - t[i] >= ms) i++;
    best = Math.max(best, j - i + 1);
  }
  return best;
}

const ids = (n, prefix) => Array.from({ length: n }, (_, i) => `${prefix}-${i}`);

// A short watch of the same ids first: what start-up and the final tables cost, so that the long
// watch's CPU per poll is the marginal cost of a poll (the difference over the difference in polls).
reset();
const short = await run(["watch", ...ids(watchIds, "w"), "--interval", "5s", "--timeout", "10s", "--quiet"]);
const shortPolls = starts.length;
reset();
const w = await run(["watch", ...ids(watchIds, "w"), "--interval", "5s", "--timeout", `${watchSeconds}s`, "--quiet"]);
const polls = starts.length;
const watchPeak = peak;
const window100 = busiestWindow(100);
const even = Math.ceil((watchIds / 5000) * 100);
const marginal = ((w.cpu - short.cpu) * 1000) / Math.max(1, polls - shortPolls);

reset();
const g = await run(["get", ...ids(getIds, "g"), "--json"]);
const getPeak = peak;
server.close();

const f = (n, d = 1) => n.toFixed(d);
console.log(`server answers each request in ${delayMs} ms; loopback`);
console.log(`watch of ${watchIds} ids at 5s for ${watchSeconds}s (exit ${w.code}, 124 = timed out as planned):`);
console.log(`  polls                          ${polls}`);
console.log(`  peak requests in flight        ${watchPeak}   (goal <= 10)`);
console.log(`  most started in any 100 ms     ${window100}   (evenly spread: ~${even})`);
console.log(`  CPU per poll (marginal)        ${f(marginal, 3)} ms   (goal <= 0.5 ms; vs a 10 s watch of the same ids)`);
console.log(
  `  CPU per poll (all in)          ${f((w.cpu * 1000) / Math.max(1, polls), 3)} ms   (${f(w.cpu, 2)} s, start-up and 1,000 final tables included)`,
);
console.log(`  peak RSS                       ${f(w.rssMb)} MB   (goal <= 100 MB)`);
console.log(`get of ${getIds} ids (exit ${g.code}):`);
console.log(`  wall time                      ${f(g.ms / 1000, 2)} s`);
console.log(`  peak requests in flight        ${getPeak}   (goal <= 10)`);
console.log(`  peak RSS                       ${f(g.rssMb)} MB`);
