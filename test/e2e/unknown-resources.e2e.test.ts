import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MockServer, runCli, SECRETS, startMockServer } from "../helpers/cli.js";

/** A resource as the API sends it. */
const res = (status: string, detail = "") => ({
  start_time: status === "waiting" ? "" : "2026-12-07T23:00:00.000000001+08:00",
  end_time: status === "finished" || status === "failed" ? "2026-12-07T23:05:00.5+08:00" : "",
  status,
  detail,
});

// Raw bodies (`body`, unchecked): what a future API, or a misplaced key, could send.
const BODIES: Record<string, unknown> = {
  // A new resource the tool does not know failed; everything it knows finished.
  "bc-dns": { bcs: res("finished"), eip: res("finished"), dns: res("failed", "record set quota exceeded"), version: "2", meta: { x: 1 } },
  // The cluster at the wrong level (top) and a new CCE resource nested where the API nests them.
  "bc-wrong": {
    bcs: res("finished"),
    "cce.cluster": res("failed", "insufficient quota"),
    cce: { network: res("finished"), node_pool: res("deploying") },
  },
  // Both the nested cluster and a top-level one: the nested one keeps the name.
  "bc-both": { cce: { cluster: res("deploying") }, "cce.cluster": res("failed", "at the top") },
  // Server text as a name: a workflow-command breaker, control characters, and far too long.
  "bc-odd": { bcs: res("finished"), "a:b,c\u001b[31m\r\n::error::x": res("failed", "boom"), ["x".repeat(500)]: res("finished") },
  // Unknown resources that finish: `--for` waits for one of them.
  "bc-for": { bcs: res("deploying"), dns: res("finished"), cce: { node_pool: res("finished") } },
};

let dir: string;
let sim: MockServer;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "bcs-unknown-"));
  const file = join(dir, "scenario.json");
  const ids = Object.fromEntries(Object.entries(BODIES).map(([id, body]) => [id, [{ at: "0s", body }]]));
  writeFileSync(file, JSON.stringify({ ids }));
  sim = await startMockServer(["--scenario", file, "--token", SECRETS.token]);
});
afterAll(async () => {
  await sim.stop();
  rmSync(dir, { recursive: true, force: true });
});

const env = (extra: NodeJS.ProcessEnv = {}) => ({ BCS_ENDPOINT: sim.url, BCS_PROJECT_ID: "proj-e2e", BCS_TOKEN: SECRETS.token, ...extra });
const names = (stdout: string) => JSON.parse(stdout).resources.map((r: { name: string }) => r.name);

describe("resources the tool does not know (built binary against mock-server)", () => {
  it("get --json shows an unknown resource after the known ones, and its failure fails the blockchain", async () => {
    const r = await runCli(["get", "bc-dns", "--json", "--exit-status"], { env: env() });
    expect(r.stderr).toBe("");
    expect(names(r.stdout)).toEqual(["bcs", "eip", "dns"]);
    expect(JSON.parse(r.stdout).overall).toBe("failed");
    expect(JSON.parse(r.stdout).resources[2]).toMatchObject({ status: "failed", detail: "record set quota exceeded" });
    expect(r.code).toBe(1);
  });

  it("a resource at the wrong level is shown under its key, nested unknown ones as cce.<key>, in the response's order", async () => {
    const r = await runCli(["get", "bc-wrong", "--json"], { env: env() });
    expect(r.code).toBe(0);
    expect(names(r.stdout)).toEqual(["bcs", "cce.network", "cce.cluster", "cce.node_pool"]);
    expect(JSON.parse(r.stdout).overall).toBe("failed");
  });

  it("beside the nested resource of the same name, the top-level one is `(top level)`", async () => {
    const r = await runCli(["get", "bc-both", "--json"], { env: env() });
    const doc = JSON.parse(r.stdout);
    expect(doc.resources.map((x: { name: string; status: string }) => `${x.name}=${x.status}`)).toEqual([
      "cce.cluster=deploying",
      "cce.cluster (top level)=failed",
    ]);
    expect(doc.overall).toBe("failed");
  });

  it("the table and the Markdown summary show them; --verbose names each ignored key once", async () => {
    const summary = join(dir, "sum.md");
    const r = await runCli(["get", "bc-dns", "bc-dns", "-v", "--summary-file", summary, "--retries", "0"], { env: env() });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ *dns +.*failed.*record set quota exceeded/m);
    expect(r.stdout).toMatch(/failed\s+2\/3/);
    expect(readFileSync(summary, "utf8")).toContain("`dns`");
    for (const key of ["version", "meta"]) {
      expect(r.stderr.match(new RegExp(`response key ${key} is not a resource`, "g")), r.stderr).toHaveLength(1);
    }
  });

  it("watch ends with 1 when an unknown resource fails", async () => {
    const r = await runCli(["watch", "bc-wrong", "--interval", "1s", "--timeout", "20s"], { env: env() });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/cce\.cluster .*insufficient quota/);
  });

  it("watch --for takes an unknown resource name seen in the response", async () => {
    const r = await runCli(
      ["watch", "bc-for", "--for", "dns", "--for", "cce.node_pool", "--interval", "1s", "--timeout", "20s", "--json"],
      {
        env: env(),
      },
    );
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
  });

  it("an unknown key is server text: cleaned, capped at 64 cells, escaped in workflow commands", async () => {
    const r = await runCli(["watch", "bc-odd", "--interval", "1s", "--timeout", "20s", "--no-color"], {
      env: env({ GITHUB_ACTIONS: "true", COLUMNS: "200" }),
    });
    expect(r.code).toBe(1);
    const all = r.stdout + r.stderr;
    expect(all).not.toContain("\u001b");
    const error = all.split("\n").find((l) => l.startsWith("::error"));
    expect(error).toBe("::error title=BCS bc-odd a%3Ab%2Cc  %3A%3Aerror%3A%3Ax failed::boom");
    expect(all.split("\n").filter((l) => l.startsWith("::error"))).toHaveLength(1);
    expect(all).toContain(`${"x".repeat(63)}…`);
    expect(all).not.toContain("x".repeat(64));
  });

  it("mock-server refuses a status with a key that is not a resource of the API, naming the file and the key", async () => {
    const cases: [unknown, string][] = [
      [{ "cce.cluster": res("failed") }, "status.cce.cluster: a resource at the wrong level"],
      [{ dns: res("failed") }, "status.dns: not a resource of the API"],
      [{ cce: { node_pool: res("waiting") } }, "status.cce.node_pool: not a resource of the API"],
      [{ cluster: res("waiting") }, "status.cluster: a resource at the wrong level"],
    ];
    for (const [status, message] of cases) {
      const file = join(dir, "bad.json");
      writeFileSync(file, JSON.stringify({ ids: { "bc-1": [{ at: "0s", status }] } }));
      const r = await runCli(["mock-server", "--port", "0", "--scenario", file], { timeoutMs: 10_000 });
      expect(r.code, r.stderr).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr).toContain(`scenario file ${file}: ids.bc-1[0].${message}`);
    }
  });
});
