import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { BUILTIN_BLOCKCHAINS, resolveScenario } from "../../src/simulator/scenarios.js";
import { type Simulator, type SimulatorOptions, startSimulator } from "../../src/simulator/server.js";
import { normalize } from "../../src/status/normalize.js";
import { UsageError } from "../../src/util/errors.js";
import { fakeClock } from "../helpers/deps.js";

const clock = fakeClock(Date.parse("2026-11-28T10:00:00.000Z"));
let sims: Simulator[] = [];
afterEach(async () => {
  await Promise.all(sims.map((s) => s.close()));
  sims = [];
});

async function sim(opts: SimulatorOptions = {}): Promise<Simulator> {
  const s = await startSimulator({ host: "127.0.0.1", port: 0, now: clock.now, ...opts });
  sims.push(s);
  return s;
}

async function call(s: Simulator, p: string, init: RequestInit = { headers: { "X-Auth-Token": "tok" } }) {
  const res = await fetch(`${s.url}${p}`, init);
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> };
}
const list = (s: Simulator, init?: RequestInit) => call(s, "/v2/p1/blockchains", init);

function scenarioFile(content: unknown): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), "bcs-sim-list-")), "s.json");
  writeFileSync(file, JSON.stringify(content));
  return file;
}

const STEP = [{ at: "0s", status: { eip: { start_time: "", end_time: "", status: "waiting", detail: "" } } }];

describe("the simulated list API", () => {
  it("built-in scenarios: the blockchains they name, then every id requested so far (named by its id), in the documented shape", async () => {
    const s = await sim();
    expect(await list(s)).toMatchObject({
      status: 200,
      body: { blockchains: BUILTIN_BLOCKCHAINS.map(({ id, name }) => ({ id, name })), count: 3 },
    });
    await call(s, "/v2/p1/blockchains/bc-9/status");
    await call(s, "/v2/p1/blockchains/missing-1/status");
    const after = (await list(s)).body;
    expect(after.blockchains).toEqual([...BUILTIN_BLOCKCHAINS.map(({ id, name }) => ({ id, name })), { id: "bc-9", name: "bc-9" }]);
    expect(after.count).toBe(4);
    expect(s.stats().list).toBe(2);
  });

  it("the named blockchains of a built-in scenario start with a head start: finished (or failed), deploying, waiting", async () => {
    const states = async (scenario: string) => {
      const s = await sim({ scenario });
      const out: string[] = [];
      for (const b of BUILTIN_BLOCKCHAINS) {
        const r = await call(s, `/v2/p1/blockchains/${b.id}/status`);
        out.push(normalize(b.id, r.body, clock.now()).overall);
      }
      return out;
    };
    expect(await states("success")).toEqual(["finished", "deploying", "waiting"]);
    expect(await states("failure")).toEqual(["failed", "deploying", "waiting"]);
  });

  it("checks authentication as the status route does", async () => {
    const s = await sim({ token: "right" });
    expect(await list(s, { headers: {} })).toMatchObject({ status: 401, body: { error_code: "BCS.4010401" } });
    expect(await list(s, { headers: { "X-Auth-Token": "wrong" } })).toMatchObject({ status: 401 });
    expect((await list(s, { headers: { "X-Auth-Token": "right" } })).status).toBe(200);
    expect(s.stats().rejected).toBe(2);
  });

  it("another method is 405; an ill-formed project id is 404", async () => {
    const s = await sim();
    expect(await call(s, "/v2/p1/blockchains", { method: "POST", headers: { "X-Auth-Token": "t" } })).toMatchObject({ status: 405 });
    expect(await call(s, "/v2/p.1/blockchains")).toMatchObject({ status: 404, body: { error_code: "BCS.4040404" } });
  });

  it('a scenario file names its blockchains with "names"; ids with steps and no name are listed under their id', async () => {
    const file = scenarioFile({ default: STEP, ids: { "bc-1": STEP, "bc-2": STEP }, names: { "bc-1": "marbles", "bc-3": "marbles" } });
    const s = await sim({ scenario: file });
    expect((await list(s)).body.blockchains).toEqual([
      { id: "bc-1", name: "marbles" },
      { id: "bc-2", name: "bc-2" },
      { id: "bc-3", name: "marbles" },
    ]);
  });

  it("a file with only a default names nothing: an empty project", async () => {
    const s = await sim({ scenario: scenarioFile({ default: STEP }) });
    expect((await list(s)).body).toEqual({ blockchains: [], count: 0 });
  });

  it.each([
    [{ default: STEP, names: [] }, /names: expected an object of id → name/],
    [{ default: STEP, names: { "a/b": "x" } }, /names\.a\/b: not a blockchain id/],
    [{ default: STEP, names: { "bc-1": 7 } }, /names\.bc-1: a name must be a string/],
    [{ default: STEP, names: { "bc-1": "" } }, /names\.bc-1: a name must be a string/],
    [{ default: STEP, nmaes: {} }, /unknown key: expected "default", "ids" or "names"/],
  ])('a bad "names" is a usage error naming the place: %j', async (content, message) => {
    const file = scenarioFile(content);
    await expect(resolveScenario(file)).rejects.toThrow(UsageError);
    await expect(resolveScenario(file)).rejects.toThrow(message);
  });
});
