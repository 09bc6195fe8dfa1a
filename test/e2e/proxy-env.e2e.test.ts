import { createServer } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MockServer, runCli, SECRETS, startMockServer } from "../helpers/cli.js";

/**
 * Proxy variables as people write them: without a scheme (read as http://, as
 * curl does), broken (a configuration error naming the variable, exit 2, only
 * for a command that would use it), with credentials (never shown), and a
 * proxy that refuses connections (an error of the proxy, naming it).
 */
const PROXY_PASSWORD = "e2e-PROXYPW-4b8d2f6a1c";
const API = { BCS_TOKEN: SECRETS.token, BCS_PROJECT_ID: "proj-px", BCS_REGION: "cn-north-4" };

let sim: MockServer;
let closedPort: number;
beforeAll(async () => {
  sim = await startMockServer();
  // A loopback port that nothing listens on: bound, then closed.
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  closedPort = (probe.address() as { port: number }).port;
  await new Promise((resolve) => probe.close(resolve));
});
afterAll(async () => {
  await sim?.stop();
});

function oneLine(stderr: string): string {
  const lines = stderr.trim().split("\n");
  expect(lines, stderr).toHaveLength(1);
  expect(stderr).not.toContain("internal error");
  expect(stderr).not.toMatch(/\n\s+at /);
  return lines[0] as string;
}

describe("proxy variables", () => {
  it.each([
    ["HTTPS_PROXY", "::::"],
    ["HTTP_PROXY", "::::"],
    ["HTTPS_PROXY", "http://[::1"],
  ])("%s=%j does not parse: exit 2 naming the variable, before any request", async (variable, value) => {
    const r = await runCli(["get", "bc-1", "--retries", "0"], { env: { ...API, [variable]: value } });
    expect(r.code).toBe(2);
    expect(oneLine(r.stderr)).toContain(`${variable} is not a proxy URL`);
    expect(r.ms).toBeLessThan(5000);
  });

  it("a broken proxy value never shows its credentials", async () => {
    const r = await runCli(["get", "bc-1"], { env: { ...API, HTTPS_PROXY: `http://alice:${PROXY_PASSWORD}@[::1` } });
    expect(r.code).toBe(2);
    const line = oneLine(r.stderr);
    expect(line).toContain("HTTPS_PROXY");
    expect(line).not.toContain(PROXY_PASSWORD);
    expect(line).not.toContain("alice");
  });

  it("broken proxy variables do not stop a command that would not use them (a loopback endpoint is never proxied)", async () => {
    const r = await runCli(["get", "bc-px-1", "--json"], {
      env: { ...API, BCS_ENDPOINT: sim.url, HTTP_PROXY: "::::", HTTPS_PROXY: "proxy.corp:3128", http_proxy: "10.0.0.1:3128" },
    });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).blockchain_id).toBe("bc-px-1");
  });

  it("config makes no request, so a broken proxy is not its problem", async () => {
    const r = await runCli(["config"], { env: { ...API, HTTPS_PROXY: "::::" } });
    expect(r.stderr).not.toContain("internal error");
    expect(r.code).toBe(0);
  });

  it("a scheme-less proxy is read as http://; one that refuses connections is named as the failure, without its credentials", async () => {
    for (const value of [`127.0.0.1:${closedPort}`, `http://alice:${PROXY_PASSWORD}@127.0.0.1:${closedPort}`]) {
      const r = await runCli(["get", "bc-1", "--retries", "0"], { env: { ...API, HTTPS_PROXY: value } });
      expect(r.code).toBe(5);
      const line = oneLine(r.stderr);
      expect(line).toContain(`cannot reach the proxy http://127.0.0.1:${closedPort} (HTTPS_PROXY)`);
      expect(line).toContain("ECONNREFUSED");
      expect(line).not.toContain(PROXY_PASSWORD);
      expect(line).not.toContain("alice");
    }
  });
});
