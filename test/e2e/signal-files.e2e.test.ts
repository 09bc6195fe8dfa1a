/**
 * Exit 130 (docs/RELIABILITY.md, "Signals during long work"), end to end: the first signal ends any
 * phase within 1 s, including reading a file from a pipe whose writer never
 * writes (`--token-file <(pass show bcs)` waiting for a PIN), writing the
 * summary to a FIFO nobody reads, and loading a mock-server scenario from a
 * FIFO. A blocking read, open or write in libuv's thread pool would hold the
 * process past its exit; none may be left there.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { baseEnv, cli, cliLine, runCli } from "../helpers/cli.js";

const posix = process.platform !== "win32";
const linux = process.platform === "linux";
const work = mkdtempSync(path.join(tmpdir(), "bcs-signal-files-"));
let server: Server;
let url = "";
const body = { bcs: { status: "finished", start_time: "2026-11-28T10:00:00Z", end_time: "2026-11-28T10:01:00Z", detail: "" } };

beforeAll(async () => {
  server = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
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

const env = (extra: NodeJS.ProcessEnv = {}) =>
  baseEnv({ BCS_TOKEN: "tok-signal-files-0123", BCS_ENDPOINT: url, BCS_PROJECT_ID: "p-1", ...extra });

let fifoCount = 0;
function mkfifo(): string {
  const fifo = path.join(work, `f${++fifoCount}.fifo`);
  execFileSync("mkfifo", ["-m", "600", fifo]);
  return fifo;
}

interface Watched {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  closed: Promise<number | null>;
}

function watch(child: ChildProcess): Watched {
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (d) => {
    stdout += d;
  });
  child.stderr?.on("data", (d) => {
    stderr += d;
  });
  // Its exit, not the close of its stdio: the `sleep` of a process substitution holds bash's stdout and stderr too.
  const closed = once(child, "exit").then(async ([code]) => {
    await new Promise((r) => setTimeout(r, 50));
    return code as number | null;
  });
  return { child, stdout: () => stdout, stderr: () => stderr, closed };
}

/** The binary, started by bash so that `<(...)` is a real process substitution; its own process group, for cleaning up. */
function viaBash(line: string, extra: NodeJS.ProcessEnv = {}): Watched {
  const child = spawn("bash", ["-c", `exec ${cliLine([])} ${line}`], {
    env: env(extra),
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  return watch(child);
}

function direct(args: string[], extra: NodeJS.ProcessEnv = {}): Watched {
  return watch(spawn(...cli(args), { env: env(extra), stdio: ["ignore", "pipe", "pipe"], detached: true }));
}

/** Waits for `ready` (or 400 ms), sends SIGTERM, and gives the exit code and how long the process took to end (at most 3 s, then it is killed). */
async function sigterm(w: Watched, ready: () => boolean = () => true): Promise<{ code: number | null; ms: number }> {
  try {
    for (let t = 0; t < 100 && !ready(); t++) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 400));
    const sent = performance.now();
    w.child.kill("SIGTERM");
    const code = await Promise.race([w.closed, new Promise<"hung">((r) => setTimeout(() => r("hung"), 3000))]);
    return { code: code === "hung" ? null : code, ms: performance.now() - sent };
  } finally {
    // The process and whatever it left behind (the `sleep` of a process substitution).
    try {
      process.kill(-(w.child.pid as number), "SIGKILL");
    } catch {}
  }
}

describe.skipIf(!linux)("a pipe whose writer never writes (process substitution)", () => {
  it("get --token-file <(sleep 8): SIGTERM ends it within 1 s, exit 130", async () => {
    const w = viaBash("get bc-1 --token-file <(sleep 8)", { BCS_TOKEN: "" });
    const r = await sigterm(w);
    expect(r.code, w.stderr()).toBe(130);
    expect(r.ms).toBeLessThan(1500);
    expect(w.stderr()).toBe("bcs-status: interrupted\n");
  });

  it("config --config <(sleep 8): SIGTERM ends it within 1 s, exit 130", async () => {
    const w = viaBash("config --config <(sleep 8)");
    const r = await sigterm(w);
    expect(r.code, w.stderr()).toBe(130);
    expect(r.ms).toBeLessThan(1500);
  });

  it("get --token-file <(printf tok): a pipe that is written is still read", async () => {
    const w = viaBash("get bc-1 --token-file <(printf tok-from-a-pipe)", { BCS_TOKEN: "" });
    const code = await w.closed;
    expect(code, w.stderr()).toBe(0);
    expect(w.stdout()).toContain("bc-1");
  });
});

describe.skipIf(!posix)("a summary written to a FIFO nobody reads", () => {
  it("get --summary-file FIFO: the results print, then SIGTERM ends the wait within 1 s, exit 130", async () => {
    const fifo = mkfifo();
    const w = direct(["get", "bc-1", "--summary-file", fifo]);
    const r = await sigterm(w, () => w.stdout().includes("bc-1"));
    expect(w.stdout()).toContain("bc-1");
    expect(r.code, w.stderr()).toBe(130);
    expect(r.ms).toBeLessThan(1500);
    expect(w.stderr()).toBe("bcs-status: interrupted\n");
  });

  it("a FIFO at $GITHUB_STEP_SUMMARY: SIGTERM ends the wait within 1 s, exit 130", async () => {
    const fifo = mkfifo();
    const w = direct(["get", "bc-1"], { GITHUB_ACTIONS: "true", GITHUB_STEP_SUMMARY: fifo });
    const r = await sigterm(w, () => w.stdout().includes("bc-1"));
    expect(r.code, w.stderr()).toBe(130);
    expect(r.ms).toBeLessThan(1500);
  });

  it("get --summary-file FIFO with a reader: the reader gets the summary, exit 0", async () => {
    const fifo = mkfifo();
    const reader = spawn("cat", [fifo], { stdio: ["ignore", "pipe", "ignore"] });
    const readerClosed = once(reader, "close");
    let read = "";
    reader.stdout.on("data", (d) => {
      read += d;
    });
    const r = await runCli(["get", "bc-1", "--summary-file", fifo], {
      env: { BCS_TOKEN: "tok-signal-files-0123", BCS_ENDPOINT: url, BCS_PROJECT_ID: "p-1" },
    });
    await readerClosed;
    expect(r.code, r.stderr).toBe(0);
    expect(read).toContain("bc-1");
  });

  it.skipIf(!linux)("get --summary-file >(cat > FILE): process substitution gets the summary, exit 0", async () => {
    const out = path.join(work, "summary-from-pipe.md");
    const w = viaBash(`get bc-1 --summary-file >(cat > ${out})`);
    expect(await w.closed, w.stderr()).toBe(0);
    for (let t = 0; t < 40 && !readFileSync(out, "utf8").includes("bc-1"); t++) await new Promise((r) => setTimeout(r, 50));
    expect(readFileSync(out, "utf8")).toContain("bc-1");
  });
});

describe.skipIf(!posix)("mock-server --scenario", () => {
  it("a FIFO nobody writes to: SIGTERM ends it within 1 s, exit 130", async () => {
    const fifo = mkfifo();
    const w = direct(["mock-server", "--port", "0", "--scenario", fifo]);
    const r = await sigterm(w);
    expect(r.code, w.stderr()).toBe(130);
    expect(r.ms).toBeLessThan(1500);
  });

  it.skipIf(!linux)("/dev/zero is refused within 1 s: one line, exit 2", async () => {
    const r = await runCli(["mock-server", "--port", "0", "--scenario", "/dev/zero"], { timeoutMs: 5000 });
    expect(r.code).toBe(2);
    expect(r.ms).toBeLessThan(2000);
    expect(r.stderr).toBe("bcs-status: scenario file /dev/zero is larger than 1 MiB\n");
  });
});
