/**
 * End to end: nothing the tool does can run away. Output that cannot
 * be written ends with one line and exit 5; the first signal ends a read that
 * would never end; a run never has more than --concurrency requests in flight
 * nor more sockets; a 1970 start time does not blow up the timeline.
 */
import { execFileSync, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, openSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { baseEnv, cli, runCli, whenCatching } from "../helpers/cli.js";

const work = mkdtempSync(path.join(tmpdir(), "bcs-runaway-"));
const TOKEN = "tok-runaway-0123456789";
let server: Server;
let url = "";
let inFlight = 0;
let peakInFlight = 0;
let sockets = 0;
let peakSockets = 0;
let requests = 0;
let delayMs = 0;
let body: object = { bcs: { status: "finished", start_time: "2026-11-28T10:00:00Z", end_time: "2026-11-28T10:01:00Z", detail: "" } };

beforeAll(async () => {
  server = createServer((_req, res) => {
    requests++;
    inFlight++;
    peakInFlight = Math.max(peakInFlight, inFlight);
    const answer = () => {
      inFlight--;
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    if (requests > 2000) return res.destroy();
    if (delayMs > 0) setTimeout(answer, delayMs);
    else answer();
  });
  server.on("connection", (socket) => {
    sockets++;
    peakSockets = Math.max(peakSockets, sockets);
    socket.on("close", () => {
      sockets--;
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  server.close();
  rmSync(work, { recursive: true, force: true });
});

const env = () => ({ BCS_TOKEN: TOKEN, BCS_ENDPOINT: url, BCS_PROJECT_ID: "p-1" });

/** Runs the binary with stdout on /dev/full. */
async function toFullDisk(args: string[]) {
  const child = spawn(...cli(args), { env: baseEnv(env()), stdio: ["ignore", openSync("/dev/full", "w"), "pipe"] });
  let stderr = "";
  child.stderr?.on("data", (d) => {
    stderr += d;
  });
  const [code] = (await once(child, "close")) as [number | null];
  return { code, stderr };
}

describe.skipIf(process.platform !== "linux")("output that cannot be written (/dev/full)", () => {
  for (const args of [["get", "bc-1"], ["get", "bc-1", "--json"], ["--help"], ["--version"], ["get", "--help"]]) {
    it(`${args.join(" ")} >/dev/full: one line on stderr, exit 5, no stack trace`, async () => {
      const r = await toFullDisk(args);
      expect(r.code).toBe(5);
      expect(r.stderr).toBe("bcs-status: cannot write to stdout: ENOSPC\n");
    });
  }
});

describe("the first signal ends a read that would never end", () => {
  it("--token-file - from a pipe that never ends: SIGTERM ends it within 1 s, exit 130", async () => {
    const child = spawn(...cli(["get", "bc-1", "--token-file", "-"]), {
      env: baseEnv({ BCS_ENDPOINT: url, BCS_PROJECT_ID: "p-1" }),
      stdio: ["pipe", "pipe", "pipe"],
    });
    child.stdin.write("partial-tok");
    await whenCatching(child.pid, "SIGTERM");
    const sent = performance.now();
    child.kill("SIGTERM");
    const [code] = (await once(child, "close")) as [number | null];
    expect(performance.now() - sent).toBeLessThan(1500);
    expect(code).toBe(130);
  });

  it.skipIf(process.platform === "win32")(
    "--token-file naming a FIFO nobody writes to: SIGTERM ends it within about 1 s, exit 130",
    async () => {
      const fifo = path.join(work, "token.fifo");
      execFileSync("mkfifo", [fifo]);
      const child = spawn(...cli(["get", "bc-1", "--token-file", fifo]), {
        env: baseEnv({ BCS_ENDPOINT: url, BCS_PROJECT_ID: "p-1" }),
        stdio: ["ignore", "pipe", "pipe"],
      });
      await whenCatching(child.pid, "SIGTERM");
      const sent = performance.now();
      child.kill("SIGTERM");
      const [code] = (await once(child, "close")) as [number | null];
      expect(performance.now() - sent).toBeLessThan(2000);
      expect(code).toBe(130);
    },
  );
});

describe("a run is polite to a shared API", () => {
  it("get of 40 ids against a server that answers in 200 ms: at most 10 requests in flight and 10 sockets (default --concurrency)", async () => {
    peakInFlight = 0;
    peakSockets = 0;
    delayMs = 200;
    const ids = Array.from({ length: 40 }, (_, i) => `bc-${i}`);
    const r = await runCli(["get", ...ids, "--json"], { env: env(), timeoutMs: 20_000 });
    delayMs = 0;
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split("\n")).toHaveLength(40);
    expect(peakInFlight).toBeLessThanOrEqual(10);
    expect(peakInFlight).toBeGreaterThan(1);
    expect(peakSockets).toBeLessThanOrEqual(10);
  });

  it("--concurrency 3 is the bound for the whole run", async () => {
    peakInFlight = 0;
    delayMs = 100;
    const ids = Array.from({ length: 12 }, (_, i) => `bc-${i}`);
    const r = await runCli(["get", ...ids, "--json", "--concurrency", "3"], { env: env(), timeoutMs: 20_000 });
    delayMs = 0;
    expect(r.code).toBe(0);
    expect(peakInFlight).toBe(3);
  });
});

describe("work bounded by the screen, not the data", () => {
  it("get --timeline of a resource that started on 1970-01-01: prints within seconds, exit 0", async () => {
    body = {
      bcs: { status: "deploying", start_time: "1970-01-01T00:00:00Z", end_time: "", detail: "" },
      eip: { status: "finished", start_time: "2026-11-28T10:00:00Z", end_time: "2026-11-28T10:01:00Z", detail: "" },
    };
    const r = await runCli(["get", "bc-1", "--timeline"], { env: { ...env(), COLUMNS: "80" }, timeoutMs: 10_000 });
    expect(r.code).toBe(0);
    expect(r.ms).toBeLessThan(5000);
    expect(r.stdout).toContain("bcs");
  });
});
