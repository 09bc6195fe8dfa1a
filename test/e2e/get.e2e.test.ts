import { spawn } from "node:child_process";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { baseEnv, cli, collect, type MockServer, runCli, SECRETS, startMockServer, whenCatching } from "../helpers/cli.js";

let sim: MockServer;
beforeAll(async () => {
  sim = await startMockServer(["--scenario", "success", "--token", SECRETS.token]);
});
afterAll(async () => {
  await sim.stop();
});

const env = () => ({ BCS_ENDPOINT: sim.url, BCS_PROJECT_ID: "proj-e2e", BCS_TOKEN: SECRETS.token });

describe("get against mock-server (built binary)", () => {
  it("prints the JSON shape and exits 0", async () => {
    const r = await runCli(["get", "bc-e2e-1", "--json"], { env: env() });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(Object.keys(doc)).toEqual(["blockchain_id", "overall", "checked_at", "resources"]);
    expect(doc.blockchain_id).toBe("bc-e2e-1");
    for (const res of doc.resources)
      expect(Object.keys(res)).toEqual(["name", "status", "start_time", "end_time", "start_ms", "end_ms", "duration_ms", "detail"]);
  });

  it("a proxy in the environment is not used for a loopback endpoint (a proxy elsewhere cannot reach it)", async () => {
    const proxyEnv = { HTTP_PROXY: "http://127.0.0.1:1", http_proxy: "http://127.0.0.1:1", HTTPS_PROXY: "http://127.0.0.1:1" };
    const r = await runCli(["get", "bc-e2e-proxy", "--json", "--retries", "0"], { env: { ...env(), ...proxyEnv } });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).blockchain_id).toBe("bc-e2e-proxy");
  });

  it("prints a table with no escape codes when not a terminal", async () => {
    const r = await runCli(["get", "bc-e2e-2"], { env: env() });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^bc-e2e-2 {2}/);
    expect(r.stdout).toContain("RESOURCE");
    expect(r.stdout).not.toContain("\u001b");
  });

  it("colours with FORCE_COLOR and not with NO_COLOR or --no-color", async () => {
    expect((await runCli(["get", "bc-e2e-3"], { env: { ...env(), FORCE_COLOR: "1" } })).stdout).toContain("\u001b[");
    expect((await runCli(["get", "bc-e2e-3", "--no-color"], { env: { ...env(), FORCE_COLOR: "1" } })).stdout).not.toContain("\u001b[");
  });

  it("a wrong token exits 3 with a one-line error", async () => {
    const r = await runCli(["get", "bc-e2e-1"], { env: { ...env(), BCS_TOKEN: "wrong-token" } });
    expect(r.code).toBe(3);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toContain("401");
  });

  it("reads the token from stdin with --token-file -", async () => {
    const r = await runCli(["get", "bc-e2e-1", "--token-file", "-", "--json"], {
      env: { ...env(), BCS_TOKEN: "" },
      input: `${SECRETS.token}\n`,
    });
    expect(r.code).toBe(0);
  });

  it("the verbose trace shows method, URL, status and time, and never the token", async () => {
    const r = await runCli(["get", "bc-e2e-1", "-v", "--json"], { env: env() });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(new RegExp(`GET ${sim.url}/v2/proj-e2e/blockchains/bc-e2e-1/status -> 200 \\(\\d+ ms\\)`));
  });

  it("usage errors exit 2 and make no request", async () => {
    const before = (await sim.stats()).status;
    for (const args of [
      ["get", "../x"],
      ["get", "a/b"],
      ["get", "x".repeat(65)],
      ["get", "bc-1", "--nope"],
    ]) {
      const r = await runCli(args, { env: env() });
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split("\n")[0]).toMatch(/^bcs-status: /);
    }
    expect((await runCli(["get", "bc-1"], { env: { ...env(), BCS_TOKEN: "" } })).stderr).toMatch(/no credentials/);
    expect((await sim.stats()).status).toBe(before);
  });
});

describe("get against a misbehaving server", () => {
  let server: Server;
  let base = "";
  let hits = 0;
  beforeAll(async () => {
    server = createServer((req, res) => {
      hits++;
      const id = req.url?.split("/")[4] ?? "";
      if (id === "html502") {
        res.writeHead(502, { "content-type": "text/html" }).end("<html><body>502 Bad Gateway</body></html>");
      } else if (id === "badjson") {
        res.writeHead(200, { "content-type": "application/json" }).end('{"bcs": ');
      } else if (id === "huge") {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(`{"x":"${"y".repeat(2 * 1024 * 1024)}"}`);
      } else if (id.startsWith("reset")) {
        // The first request of each such id is cut off; the retry gets an answer.
        if (hits % 2 === 1) req.socket.destroy();
        else res.writeHead(200, { "content-type": "application/json" }).end('{"bcs":{"status":"finished"}}');
      } else if (id === "slow") {
        setTimeout(() => res.writeHead(200, { "content-type": "application/json" }).end("{}"), 3000).unref();
      } else if (id === "retryafter") {
        if (hits % 2 === 1)
          res.writeHead(503, { "retry-after": "1", "content-type": "application/json" }).end('{"error_code":"X","error_msg":"busy"}');
        else res.writeHead(200, { "content-type": "application/json" }).end('{"bcs":{"status":"finished"}}');
      } else if (id === "escapes") {
        res
          .writeHead(200, { "content-type": "application/json" })
          .end(JSON.stringify({ bcs: { status: "failed", detail: "bad\u001b]0;owned\u0007\u001b[31mred\u001b[0m\u009b2J done" } }));
      }
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });
  const envFor = () => ({ BCS_ENDPOINT: base, BCS_PROJECT_ID: "p", BCS_TOKEN: SECRETS.token });

  it.each([
    ["html502", ["--retries", "0"], 5, /HTTP 502 Bad Gateway/],
    ["badjson", [], 5, /not valid JSON/],
    ["huge", [], 5, /exceeds the 1 MiB limit/],
  ])("%s → exit $2, one line", async (id, extra, code, message) => {
    const r = await runCli(["get", id, ...extra], { env: envFor() });
    expect(r.code).toBe(code);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it("slow → exit 5, one line, and the request timeout is honoured promptly", async () => {
    const r = await runCli(["get", "slow", "--request-timeout", "500ms", "--retries", "0"], { env: envFor() });
    expect(r.code).toBe(5);
    expect(r.stderr).toMatch(/timed out after 500 ms/);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.ms).toBeLessThan(2500);
  });

  it("Ctrl-C during a slow request stops at once with 130", async () => {
    const started = performance.now();
    const child = spawn(...cli(["get", "slow"]), { env: baseEnv(envFor()), stdio: ["pipe", "pipe", "pipe"] });
    const r = collect(child, started, { timeoutMs: 10_000 });
    await whenCatching(child.pid, "SIGINT");
    const sent = performance.now();
    child.kill("SIGINT");
    const rr = await r;
    expect(rr.code).toBe(130);
    expect(performance.now() - sent).toBeLessThan(2000);
    expect(rr.stderr.trim()).toBe("bcs-status: interrupted");
  });

  it("a connection reset then success", async () => {
    hits = 0;
    const r = await runCli(["get", "reset-1", "--json"], { env: envFor() });
    expect(r.code).toBe(0);
  });

  it("Retry-After is honoured", async () => {
    hits = 0;
    const r = await runCli(["get", "retryafter", "-v", "--json"], { env: envFor() });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("retry 1 of 3 in 1000 ms after HTTP 503");
    expect(r.ms).toBeGreaterThanOrEqual(1000);
  });

  it("escape sequences in detail never reach the terminal", async () => {
    const r = await runCli(["get", "escapes"], { env: envFor() });
    expect(r.stdout).toContain("bad");
    expect(r.stdout).toContain("done");
    expect(r.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    const json = await runCli(["get", "escapes", "--json"], { env: envFor() });
    expect(json.stdout).not.toMatch(/[\u001b\u0007\u009b]/);
    // Server text is cleaned where it enters: --json carries the same clean detail.
    expect(JSON.parse(json.stdout).resources[0].detail).toBe("badred done");
  });

  it("refuses plain http to a non-loopback host before any request", async () => {
    const r = await runCli(["get", "bc-1", "--endpoint", "http://bcs.example.com"], { env: envFor() });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/plain http/);
  });
});
