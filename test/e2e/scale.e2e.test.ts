/**
 * The first signal ends a run within 1 s even when thousands of results are
 * being printed: `get --all` of 200 blockchains (tables, and with
 * --summary-file), SIGINT 20 ms after the server's last answer. The server
 * counts its answers, so the signal lands when the printing used to start.
 * (`npm run bench:scale` does the same with 30,000.)
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN, baseEnv } from "../helpers/cli.js";

const N = 200;
const work = mkdtempSync(path.join(tmpdir(), "bcs-scale-"));
const at = (s: number) => new Date(Date.UTC(2026, 10, 28, 10, 0, 0) + s * 1000).toISOString().replace("Z", "+08:00");
const res = (status: string, start?: number, end?: number) => ({
  status,
  start_time: start ? at(start) : "",
  end_time: end ? at(end) : "",
  detail: "",
});
const body = JSON.stringify({
  bcs: res("deploying", 60),
  eip: res("finished", 1, 4),
  sfs: res("finished", 4, 12),
  obs: res("finished", 4, 20),
  kafka: res("deploying", 30),
  cce: { cluster: res("finished", 8, 58), network: res("finished", 8, 9), security_group: res("waiting") },
});
const list = JSON.stringify({ blockchains: Array.from({ length: N }, (_, i) => ({ id: `b${i}`, name: `n${i}` })), count: N });

let server: Server;
let url = "";
let answered = 0;
let onAnswered: (() => void) | null = null;

beforeAll(async () => {
  server = createServer((req, reply) => {
    const isList = /\/blockchains$/.test(req.url ?? "");
    reply.writeHead(200, { "content-type": "application/json" });
    reply.end(isList ? list : body, () => {
      if (!isList && ++answered === N) onAnswered?.();
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
  rmSync(work, { recursive: true, force: true });
});

/** Runs the CLI, sends SIGINT 20 ms after the server's last answer; how it ended and how long after the signal. */
async function interruptAfterLastAnswer(args: string[]) {
  answered = 0;
  const child = spawn(process.execPath, [BIN, ...args], {
    env: baseEnv({ BCS_TOKEN: "tok-scale-0123456789", BCS_ENDPOINT: url, BCS_PROJECT_ID: "p-1", TZ: "Asia/Shanghai" }),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = 0;
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => {
    stdout += d.length;
  });
  child.stderr.on("data", (d) => {
    stderr += d;
  });
  let tables = 0;
  child.stdout.on("data", (d: Buffer) => {
    tables += (d.toString().match(/ finished {2}elapsed /g) ?? []).length;
  });
  const exited = once(child, "exit") as Promise<[number | null, NodeJS.Signals | null]>;
  let signalledAt = 0;
  let runningAtSignal = false;
  onAnswered = () => {
    setTimeout(() => {
      runningAtSignal = child.exitCode === null;
      signalledAt = performance.now();
      child.kill("SIGINT");
    }, 20);
  };
  // Bounded: a run that ignores the signal is killed, and fails below.
  const killer = setTimeout(() => child.kill("SIGKILL"), 50_000);
  const [code, signal] = await exited;
  clearTimeout(killer);
  onAnswered = null;
  return { code, signal, tables, afterSignalMs: performance.now() - signalledAt, runningAtSignal, stdout, stderr };
}

describe("the first signal ends a run within 1 s while thousands of results are printed", () => {
  it("get --all of 200 blockchains: SIGINT 20 ms after the last answer ends it within 1 s, exit 130", { timeout: 60_000 }, async () => {
    const r = await interruptAfterLastAnswer(["get", "--all"]);
    expect(r.afterSignalMs).toBeLessThan(1000);
    // Printed as the answers came: most of it is out before the signal.
    expect(r.stdout).toBeGreaterThan(0);
    // A run that had printed everything when the signal came may end as it was (0), or be ended by the
    // signal while it exits (a shell reads that as 130 too); one still at work ends with 130, saying so.
    if (r.code === 0) expect(r.tables).toBe(N);
    else if (r.signal !== "SIGINT" && r.runningAtSignal) {
      expect(r.code).toBe(130);
      expect(r.stderr).toMatch(/bcs-status: interrupted\n$/);
    }
  });

  it("get --all --summary-file of 200 blockchains: the same", { timeout: 60_000 }, async () => {
    const r = await interruptAfterLastAnswer(["get", "--all", "--summary-file", path.join(work, "summary.md")]);
    expect(r.afterSignalMs).toBeLessThan(1000);
    if (r.code === 0) expect(r.tables).toBe(N);
    else if (r.signal !== "SIGINT" && r.runningAtSignal) expect(r.code).toBe(130);
    expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
  });
});
