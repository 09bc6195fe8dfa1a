import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, SECRETS } from "../helpers/cli.js";

/**
 * `watch --timeout` end to end: the built binary against a loopback server
 * whose IAM login (`POST /v3/auth/tokens`) never answers, or answers slowly
 * with tokens that expire within the renewal margin. The deadline ends the
 * run with 124 whatever it was doing, never 130.
 */
let server: Server;
let base: string;
let cacheHome: string;
/** How IAM answers: never, or after 150 ms with a token valid for 1 s. */
let iam: "never" | "short" = "never";
const held = new Set<ServerResponse>();

function body(): string {
  return JSON.stringify({ cce: { cluster: { status: "deploying", start_time: "2026-11-28T10:00:00Z", end_time: "", detail: "" } } });
}

function handle(req: IncomingMessage, res: ServerResponse): void {
  req.resume();
  if (req.method === "POST" && req.url === "/v3/auth/tokens") {
    if (iam === "never") {
      held.add(res);
      res.on("close", () => held.delete(res));
      return;
    }
    setTimeout(() => {
      const expires = new Date(Date.now() + 1000).toISOString();
      res.writeHead(201, { "content-type": "application/json", "x-subject-token": `tok-short-${Date.now()}-ABCDEFGHIJ` });
      res.end(JSON.stringify({ token: { expires_at: expires } }));
    }, 150);
    return;
  }
  res.writeHead(200, { "content-type": "application/json" });
  res.end(body());
}

beforeAll(async () => {
  cacheHome = await mkdtemp(path.join(tmpdir(), "bcs-deadline-e2e-"));
  server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(async () => {
  for (const res of held) res.destroy();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await rm(cacheHome, { recursive: true, force: true });
});

function env(): NodeJS.ProcessEnv {
  return {
    BCS_ENDPOINT: base,
    BCS_IAM_ENDPOINT: base,
    BCS_PROJECT_ID: "proj-dl",
    BCS_USERNAME: "e2e-user",
    BCS_PASSWORD: SECRETS.password,
    BCS_DOMAIN_NAME: "e2e-domain",
    XDG_CACHE_HOME: cacheHome,
    BCS_NO_HISTORY: "1",
  };
}

describe("watch --timeout during an IAM login (built binary)", () => {
  it("a login that never answers: exit 124 at the deadline", async () => {
    iam = "never";
    const r = await runCli(["watch", "bc-1", "--timeout", "2s", "-q"], { env: env(), timeoutMs: 10_000 });
    expect(r.code).toBe(124);
    expect(r.stderr).toContain("timed out after 2s");
    expect(r.stderr).not.toContain("interrupted");
    expect(r.ms).toBeGreaterThanOrEqual(2000);
    expect(r.ms).toBeLessThan(5000);
  });

  it("with two ids: exit 124", async () => {
    iam = "never";
    const r = await runCli(["watch", "bc-1", "bc-2", "--timeout", "2s", "-q"], { env: env(), timeoutMs: 10_000 });
    expect(r.code).toBe(124);
    expect(r.stderr).not.toContain("interrupted");
    expect(r.ms).toBeLessThan(5000);
  });

  it("with --name, the list call waiting on the login: exit 124", async () => {
    iam = "never";
    const r = await runCli(["watch", "--name", "marbles", "--timeout", "1500ms", "-q"], { env: env(), timeoutMs: 10_000 });
    expect(r.code).toBe(124);
    expect(r.stderr).toContain("timed out");
    expect(r.stderr).not.toContain("interrupted");
  });

  it("tokens expiring within the renewal margin, each login 150 ms: exit 124 every time", async () => {
    iam = "short";
    for (let run = 0; run < 3; run++) {
      const r = await runCli(["watch", "bc-1", "bc-2", "--timeout", "1s", "--interval", "100ms", "-q"], {
        env: env(),
        timeoutMs: 10_000,
      });
      expect(r.code, r.stderr).toBe(124);
      expect(r.stderr).not.toContain("interrupted");
    }
  });
});
