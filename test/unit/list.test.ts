import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { apiBody, testDeps } from "../helpers/deps.js";
import { API_ENV, JSON_HEADERS, ORIGIN, PATH, TOKEN, useMockAgent } from "../helpers/mock-api.js";

const api = useMockAgent();
const LIST = "/v2/proj-1/blockchains";

function run(args: string[], env: NodeJS.ProcessEnv = {}) {
  const t = testDeps({ dispatcher: api.agent, env: { ...API_ENV, ...env } });
  return main(args, t.deps).then((code) => ({ code, out: t.io.stdout.text(), err: t.io.stderr.text() }));
}

const listed = (...pairs: Array<[string, string]>) => ({ blockchains: pairs.map(([id, name]) => ({ id, name })), count: pairs.length });
const failedBody = apiBody({ eip: { status: "failed", start_time: "", end_time: "", detail: "quota" } });
const deployingBody = apiBody({ kafka: { status: "deploying", start_time: "2020-10-15T18:24:40.5+08:00", end_time: "" } });
const waitingBody = { bcs: { status: "waiting", start_time: "", end_time: "", detail: "" } };

describe("the list client (GET /v2/{project_id}/blockchains)", () => {
  it("sends the token to the documented path, once, then one status query per blockchain", async () => {
    const pool = api.agent.get(ORIGIN);
    pool
      .intercept({ path: LIST, method: "GET", headers: { "x-auth-token": TOKEN } })
      .reply(200, listed(["bc-1", "marbles"]), { headers: JSON_HEADERS });
    pool.intercept({ path: PATH("bc-1") }).reply(200, apiBody(), { headers: JSON_HEADERS });
    const r = await run(["list", "--json"]);
    expect(r.code).toBe(0);
    expect(r.err).toBe("");
    const doc = JSON.parse(r.out);
    expect(Object.keys(doc)).toEqual(["blockchain_id", "name", "overall", "checked_at", "resources"]);
    expect(doc).toMatchObject({ blockchain_id: "bc-1", name: "marbles", overall: "finished" });
  });

  it.each([
    ["no blockchains array", { count: 0 }],
    ["blockchains not an array", { blockchains: {} }],
    ["an entry that is not an object", { blockchains: ["bc-1"] }],
    ["an id that is not a string", { blockchains: [{ id: 7, name: "x" }] }],
    ["a name that is not a string", { blockchains: [{ id: "bc-1", name: 7 }] }],
    ["an array", [{ id: "bc-1", name: "x" }]],
  ])("a body with %s is not the documented JSON: exit 5, no status query", async (_what, body) => {
    api.agent.get(ORIGIN).intercept({ path: LIST }).reply(200, body, { headers: JSON_HEADERS });
    const r = await run(["list"]);
    expect(r.code).toBe(5);
    expect(r.out).toBe("");
    expect(r.err.trim().split("\n")).toHaveLength(1);
  });

  it("a body that is not JSON at all is exit 5", async () => {
    api.agent
      .get(ORIGIN)
      .intercept({ path: LIST })
      .reply(200, "<html>", { headers: { "content-type": "text/html" } });
    expect((await run(["list"])).code).toBe(5);
  });

  it.each([
    [401, { error_code: "BCS.4010401", error_msg: "Incorrect token or token resolution failed" }, 3],
    [403, { error_code: "BCS.4030403", error_msg: "No permissions to request this method" }, 3],
    [404, { error_code: "BCS.4040404", error_msg: "Not Found:the url is not found" }, 4],
    [500, { error_code: "BCS.5000500", error_msg: "Internal Server Error" }, 5],
  ])("HTTP %i from the list API → exit %#", async (status, body, code) => {
    api.agent.get(ORIGIN).intercept({ path: LIST }).reply(status, body, { headers: JSON_HEADERS });
    const r = await run(["list", "--retries", "0"]);
    expect(r.code).toBe(code);
    expect(r.err).toContain(`HTTP ${status} ${body.error_code}`);
    expect(r.out).toBe("");
  });

  it("names are cleaned where they enter; an id that fails the id rule is skipped with a warning and never requested", async () => {
    const pool = api.agent.get(ORIGIN);
    pool
      .intercept({ path: LIST })
      .reply(200, listed(["bc-1", "mar\u001b[31mbles\u0007"], ["../etc", "evil"], ["bc-1", "again"]), { headers: JSON_HEADERS });
    pool.intercept({ path: PATH("bc-1") }).reply(200, apiBody(), { headers: JSON_HEADERS });
    const r = await run(["list", "--json"]);
    expect(r.code).toBe(0);
    expect(r.out.trim().split("\n")).toHaveLength(1);
    expect(JSON.parse(r.out).name).toBe("marbles");
    expect(r.err).toBe('bcs-status: warning: skipping "../etc" from the blockchain list: not a valid blockchain id\n');
  });

  it("an empty project: one line on stderr, nothing on stdout, exit 0", async () => {
    api.agent.get(ORIGIN).intercept({ path: LIST }).reply(200, listed(), { headers: JSON_HEADERS });
    const r = await run(["list"]);
    expect(r).toEqual({ code: 0, out: "", err: "bcs-status: no blockchains in project proj-1\n" });
  });
});

describe("list", () => {
  function project() {
    const pool = api.agent.get(ORIGIN);
    pool
      .intercept({ path: LIST })
      .reply(200, listed(["id-done", "zeta"], ["id-wait", "alpha"], ["id-fail", "omega"], ["id-dep", "beta"], ["id-gone", "gamma"]), {
        headers: JSON_HEADERS,
      });
    pool.intercept({ path: PATH("id-done") }).reply(200, apiBody(), { headers: JSON_HEADERS });
    pool.intercept({ path: PATH("id-wait") }).reply(200, waitingBody, { headers: JSON_HEADERS });
    pool.intercept({ path: PATH("id-fail") }).reply(200, failedBody, { headers: JSON_HEADERS });
    pool.intercept({ path: PATH("id-dep") }).reply(200, deployingBody, { headers: JSON_HEADERS });
    pool
      .intercept({ path: PATH("id-gone") })
      .reply(400, { error_code: "BCS.4001011", error_msg: "The blockchain does not exist or has been deleted" }, { headers: JSON_HEADERS });
  }

  it("one row each, failed first, then error, deploying, waiting, finished; a failed query is a row and a line on stderr", async () => {
    project();
    const r = await run(["list"]);
    const rows = r.out.trim().split("\n");
    expect(rows[0]).toMatch(/^NAME +ID +STATE +DONE +ELAPSED$/);
    expect(rows.slice(1).map((l) => l.split(/\s+/).slice(0, 2))).toEqual([
      ["omega", "id-fail"],
      ["gamma", "id-gone"],
      ["beta", "id-dep"],
      ["alpha", "id-wait"],
      ["zeta", "id-done"],
    ]);
    expect(rows[1]).toMatch(/✗ failed +2\/3/);
    expect(rows[2]).toMatch(/✗ error +- +-$/);
    expect(rows[5]).toMatch(/✓ finished +3\/3 +1m21s$/);
    expect(r.err).toBe(
      "bcs-status: id-gone: HTTP 400 BCS.4001011: The blockchain does not exist or has been deleted (check the blockchain id, the project id and the region)\n",
    );
    expect(r.code).toBe(4);
  });

  it("--exit-status: the worst state wins, as for get", async () => {
    project();
    expect((await run(["list", "--exit-status"])).code).toBe(4);
    const pool = api.agent.get(ORIGIN);
    pool.intercept({ path: LIST }).reply(200, listed(["a", "a"], ["b", "b"]), { headers: JSON_HEADERS });
    pool.intercept({ path: PATH("a") }).reply(200, apiBody(), { headers: JSON_HEADERS });
    pool.intercept({ path: PATH("b") }).reply(200, deployingBody, { headers: JSON_HEADERS });
    expect((await run(["list", "--exit-status"])).code).toBe(8);
    pool.intercept({ path: LIST }).reply(200, listed(["a", "a"], ["b", "b"]), { headers: JSON_HEADERS });
    pool.intercept({ path: PATH("a") }).reply(200, failedBody, { headers: JSON_HEADERS });
    pool.intercept({ path: PATH("b") }).reply(200, deployingBody, { headers: JSON_HEADERS });
    expect((await run(["list", "--exit-status"])).code).toBe(1);
  });

  it("--json: the get document per blockchain with its name, by name (each printed as soon as it is done); a failed query is the error document", async () => {
    project();
    const r = await run(["list", "--json"]);
    const docs = r.out
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(docs.map((d) => [d.name, d.overall ?? "error"])).toEqual([
      ["alpha", "waiting"],
      ["beta", "deploying"],
      ["gamma", "error"],
      ["omega", "failed"],
      ["zeta", "finished"],
    ]);
    expect(docs[2]).toEqual({
      blockchain_id: "id-gone",
      name: "gamma",
      error: { http_status: 400, error_code: "BCS.4001011", error_msg: "The blockchain does not exist or has been deleted" },
    });
  });
});
