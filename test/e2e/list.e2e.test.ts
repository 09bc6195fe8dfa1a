import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import stringWidth from "string-width";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BUILTIN_BLOCKCHAINS } from "../../src/simulator/scenarios.js";
import { type MockServer, runCli, SECRETS, startMockServer } from "../helpers/cli.js";

const [MARBLES, BCS_API, SUPPLY] = BUILTIN_BLOCKCHAINS.map((b) => b.id) as [string, string, string];
const RANK = ["failed", "error", "deploying", "waiting", "unknown", "finished"];
const STEP = [{ at: "0s", status: { eip: { start_time: "", end_time: "", status: "waiting", detail: "" } } }];

const work = mkdtempSync(path.join(tmpdir(), "bcs-list-e2e-"));
function scenarioFile(name: string, content: unknown): string {
  const file = path.join(work, name);
  writeFileSync(file, JSON.stringify(content));
  return file;
}

let sim: MockServer;
let empty: MockServer;
let twins: MockServer;
beforeAll(async () => {
  // Speed 0.01: the named blockchains hold their states (failed, deploying, waiting) for as long as the tests run.
  [sim, empty, twins] = await Promise.all([
    startMockServer(["--scenario", "failure", "--speed", "0.01", "--token", SECRETS.token]),
    startMockServer(["--scenario", scenarioFile("empty.json", { default: STEP })]),
    startMockServer([
      "--scenario",
      scenarioFile("twins.json", { default: STEP, names: { "bc-a": "ledger", "bc-b": "ledger", "bc-c": "orders" } }),
    ]),
  ]);
});
afterAll(async () => {
  await Promise.all([sim.stop(), empty.stop(), twins.stop()]);
  rmSync(work, { recursive: true, force: true });
});

const env = (s: MockServer = sim, extra: NodeJS.ProcessEnv = {}) => ({
  BCS_ENDPOINT: s.url,
  BCS_PROJECT_ID: "proj-e2e",
  BCS_TOKEN: SECRETS.token,
  ...extra,
});
const lines = (text: string) => text.replace(/\n$/, "").split("\n");

describe("list against mock-server (built binary)", () => {
  it("a table, one row per blockchain, failed first, by state; exit 0", async () => {
    const r = await runCli(["list"], { env: env() });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain("\u001b");
    const [head, ...rows] = lines(r.stdout);
    expect(head).toMatch(/^NAME +ID +STATE +DONE +ELAPSED$/);
    expect(rows[0]).toMatch(new RegExp(`^marbles +${MARBLES} +✗ failed +6/8 +\\S+$`));
    expect(rows.find((l) => l.includes(BCS_API))).toMatch(/^bcs-api +\S+ +● deploying +\d\/8 +\S+$/);
    expect(rows.find((l) => l.includes(SUPPLY))).toMatch(/^supply-chain +\S+ +○ waiting +0\/8 +-$/);
    const states = rows.map((l) => /(failed|error|deploying|waiting|unknown|finished)/.exec(l)?.[1] ?? "?");
    expect(states.map((s) => RANK.indexOf(s))).toEqual(states.map((s) => RANK.indexOf(s)).sort((a, b) => a - b));
  });

  it("--json: the get document per blockchain, with its name right after blockchain_id", async () => {
    const r = await runCli(["list", "--json"], { env: env() });
    expect(r.code).toBe(0);
    const docs = lines(r.stdout).map((l) => JSON.parse(l));
    for (const d of docs) expect(Object.keys(d)).toEqual(["blockchain_id", "name", "overall", "checked_at", "resources"]);
    expect(docs.find((d) => d.name === "marbles")).toMatchObject({ blockchain_id: MARBLES, name: "marbles", overall: "failed" });
    expect(docs.map((d) => d.name)).toEqual(expect.arrayContaining(["marbles", "bcs-api", "supply-chain"]));
  });

  it("--exit-status: the worst state wins (a failed blockchain: 1)", async () => {
    expect((await runCli(["list", "--exit-status"], { env: env() })).code).toBe(1);
  });

  it("an empty project: one line on stderr, exit 0", async () => {
    const r = await runCli(["list"], { env: env(empty) });
    expect(r).toMatchObject({ code: 0, stdout: "", stderr: "bcs-status: no blockchains in project proj-e2e\n" });
  });

  it("a refused token (401): exit 3, one line, and no status query", async () => {
    const before = (await sim.stats()).status;
    const r = await runCli(["list"], { env: env(sim, { BCS_TOKEN: "wrong-token" }) });
    expect(r.code).toBe(3);
    expect(r.stdout).toBe("");
    expect(lines(r.stderr)).toHaveLength(1);
    expect(r.stderr).toMatch(/^bcs-status: HTTP 401 BCS\.4010401/);
    expect((await sim.stats()).status).toBe(before);
  });

  it.each([60, 80])("COLUMNS=%i: every line fits, every id is shown whole", async (columns) => {
    const r = await runCli(["list"], { env: env(sim, { COLUMNS: String(columns) }) });
    expect(r.code).toBe(0);
    for (const line of lines(r.stdout)) expect(stringWidth(line)).toBeLessThanOrEqual(columns);
    for (const id of [MARBLES, BCS_API, SUPPLY]) expect(r.stdout).toContain(id);
    // 80 columns: one line per blockchain; 60: each id on a line of its own.
    expect(lines(r.stdout).some((l) => l.trim() === MARBLES)).toBe(columns === 60);
  });
});

describe("--name and --all against mock-server", () => {
  it("--name: the blockchain of that name", async () => {
    const r = await runCli(["get", "--name", "marbles", "--json"], { env: env() });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ blockchain_id: MARBLES, overall: "failed" });
  });

  it("--name with no match: exit 4 naming the name and the nearest names, and no status query", async () => {
    const before = (await sim.stats()).status;
    const r = await runCli(["get", "--name", "marble"], { env: env() });
    expect(r.code).toBe(4);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^bcs-status: no blockchain named "marble" in project proj-e2e; did you mean "marbles"\?/);
    expect((await sim.stats()).status).toBe(before);
  });

  it("--name of two blockchains: exit 2 naming both ids", async () => {
    const r = await runCli(["get", "--name", "ledger"], { env: env(twins) });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('bcs-status: 2 blockchains in project proj-e2e are named "ledger": bc-a and bc-b; pass the id instead\n');
  });

  it("--name mixed with ids: the ids first, then the names', one list call", async () => {
    const before = await twins.stats();
    const r = await runCli(["get", "bc-z", "--name", "orders", "--json"], { env: env(twins) });
    expect(r.code).toBe(0);
    expect(lines(r.stdout).map((l) => JSON.parse(l).blockchain_id)).toEqual(["bc-z", "bc-c"]);
    const after = await twins.stats();
    expect([(after.list ?? 0) - (before.list ?? 0), (after.status ?? 0) - (before.status ?? 0)]).toEqual([1, 2]);
  });

  it("--all: every blockchain of the project, by name", async () => {
    const r = await runCli(["get", "--all", "--json"], { env: env() });
    expect(r.code).toBe(0);
    const names = new Map(BUILTIN_BLOCKCHAINS.map((b) => [b.id, b.name]));
    const ids = lines(r.stdout).map((l) => JSON.parse(l).blockchain_id as string);
    expect(ids).toEqual(expect.arrayContaining([MARBLES, BCS_API, SUPPLY]));
    const shown = ids.map((id) => names.get(id) ?? id);
    expect(shown).toEqual([...shown].sort((a, b) => a.localeCompare(b, "en", { numeric: true, sensitivity: "base" })));
  });

  it("--all in an empty project: one line, exit 0", async () => {
    const r = await runCli(["get", "--all"], { env: env(empty) });
    expect(r).toMatchObject({ code: 0, stdout: "", stderr: "bcs-status: no blockchains in project proj-e2e\n" });
  });

  it("watch --name: resolved once, then watched (a failed blockchain ends it with 1)", async () => {
    const r = await runCli(["watch", "--name", "marbles", "--json", "--interval", "1s"], { env: env() });
    expect(r.code).toBe(1);
    expect(JSON.parse(lines(r.stdout).at(-1) as string)).toMatchObject({ blockchain_id: MARBLES, overall: "failed" });
  });

  it("no ids, no --name, no --all: a usage error, nothing requested", async () => {
    const before = await sim.stats();
    for (const cmd of ["get", "watch"]) {
      const r = await runCli([cmd], { env: env() });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^bcs-status: missing required argument 'id': give one or more blockchain ids, --name NAME, or --all/);
    }
    expect((await sim.stats()).requests).toBe(before.requests);
  });
});

describe("list is polite", () => {
  let server: Server;
  let base = "";
  let inFlight = 0;
  let peak = 0;
  const ids = Array.from({ length: 12 }, (_, i) => `bc-${i}`);
  beforeAll(async () => {
    server = createServer((req, res) => {
      const json = (body: unknown) => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
      if (req.url?.endsWith("/blockchains")) return json({ blockchains: ids.map((id) => ({ id, name: id })), count: ids.length });
      inFlight++;
      peak = Math.max(peak, inFlight);
      setTimeout(() => {
        inFlight--;
        json({ bcs: { status: "finished", start_time: "", end_time: "", detail: "" } });
      }, 100).unref();
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it("the state queries share the run's bound: --concurrency 3 is at most 3 in flight", async () => {
    const r = await runCli(["list", "--concurrency", "3", "--json"], {
      env: { BCS_ENDPOINT: base, BCS_PROJECT_ID: "p-1", BCS_TOKEN: SECRETS.token },
      timeoutMs: 20_000,
    });
    expect(r.code).toBe(0);
    expect(lines(r.stdout)).toHaveLength(12);
    expect(peak).toBe(3);
  });
});
