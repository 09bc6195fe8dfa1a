import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { checkTargets, idsForNames } from "../../src/commands/targets.js";
import { byName, type ListEntry, sortForScan } from "../../src/status/list-order.js";
import type { QueryResult } from "../../src/status/model.js";
import { ApiError, exitCodeFor, UsageError } from "../../src/util/errors.js";
import { editDistance, nearest, suggest } from "../../src/util/nearest.js";
import { apiBody, testDeps } from "../helpers/deps.js";
import { API_ENV, JSON_HEADERS, ORIGIN, PATH, useMockAgent } from "../helpers/mock-api.js";
import { failedResult as failed, stateResult as ok } from "../helpers/results.js";

const api = useMockAgent();
const LIST = "/v2/proj-1/blockchains";

const PROJECT = [
  { id: "b268e1ca", name: "marbles" },
  { id: "75022dfb", name: "bcs-api" },
  { id: "3c9e0f4a", name: "supply-chain" },
  { id: "dup-1", name: "twin" },
  { id: "dup-2", name: "twin" },
];

function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (err) {
    return err;
  }
  throw new Error("did not throw");
}

describe("name resolution (pure)", () => {
  it("a name gives its id; several names in the order given", () => {
    expect(idsForNames(["bcs-api", "marbles"], PROJECT, "p1")).toEqual(["75022dfb", "b268e1ca"]);
  });

  it("names match exactly (letter case counts)", () => {
    expect(exitCodeFor(thrown(() => idsForNames(["Marbles"], PROJECT, "p1")))).toBe(4);
  });

  it("no match: exit 4, naming the name and the nearest names", () => {
    const err = thrown(() => idsForNames(["marble"], PROJECT, "p1"));
    expect(err).toBeInstanceOf(ApiError);
    expect(exitCodeFor(err)).toBe(4);
    expect((err as Error).message).toBe('no blockchain named "marble" in project p1; did you mean "marbles"?');
    const far = thrown(() => idsForNames(["zzzzzzzzzz"], PROJECT, "p1")) as Error;
    expect(far.message).toMatch(/^no blockchain named "zzzzzzzzzz" in project p1; the nearest names are "[^"]+", "[^"]+" and "[^"]+"$/);
  });

  it("no match in an empty project says the project has none", () => {
    expect((thrown(() => idsForNames(["x"], [], "p1")) as Error).message).toBe(
      'no blockchain named "x" in project p1: the project has no blockchains',
    );
  });

  it("two blockchains of that name: exit 2 naming both ids", () => {
    const err = thrown(() => idsForNames(["twin"], PROJECT, "p1"));
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message).toBe('2 blockchains in project p1 are named "twin": dup-1 and dup-2; pass the id instead');
  });

  it("a name from the command line is shown escaped", () => {
    expect((thrown(() => idsForNames(["a\u001b[31mb"], PROJECT, "p1")) as Error).message).toContain('"a\\u001b[31mb"');
  });
});

describe("what get and watch were given", () => {
  it.each([
    [[], {}, /missing required argument 'id'/],
    [["bc-1"], { all: true }, /--all already means every blockchain/],
    [[], { all: true, name: ["x"] }, /--all already means every blockchain/],
    [["../x"], {}, /invalid blockchain id/],
    [[], { name: [""] }, /--name needs a blockchain name/],
  ])("%j %j is a usage error", (ids, flags, message) => {
    const err = thrown(() => checkTargets(ids, flags));
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message).toMatch(message);
  });

  it.each([
    [["bc-1"], {}],
    [[], { name: ["x"] }],
    [[], { all: true }],
    [["bc-1"], { name: ["x", "y"] }],
  ])("%j %j is fine", (ids, flags) => {
    expect(() => checkTargets(ids, flags)).not.toThrow();
  });
});

describe("nearest names", () => {
  it("edit distance, letter case aside", () => {
    expect(editDistance("kitten", "sitting")).toBe(3);
    expect(editDistance("Marbles", "marbles")).toBe(0);
    expect(editDistance("", "abc")).toBe(3);
  });

  it("the nearest first, ties in the order given, each once", () => {
    expect(nearest("bcs", ["bcs-api", "bcx", "abc", "bcx"], 2)).toEqual(["bcx", "abc"]);
  });

  it("close ones when there are, else the nearest anyway", () => {
    expect(suggest("marble", ["bcs-api", "marbles"])).toEqual({ close: true, names: ["marbles"] });
    expect(suggest("prod", ["marbles", "bcs-api"])).toMatchObject({ close: false });
  });

  it("the cost is bounded by the compared length, whatever the server sent", () => {
    const started = performance.now();
    nearest(
      "x".repeat(10_000),
      Array.from({ length: 200 }, (_, i) => `${"y".repeat(10_000)}${i}`),
    );
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe("the order of list", () => {
  it("failed, error, deploying, waiting, unknown, finished; by name within each", () => {
    const e = (id: string, name: string, result: QueryResult): ListEntry => ({ id, name, result });
    const sorted = sortForScan([
      e("1", "b", ok("1", "finished")),
      e("2", "a", ok("2", "unknown")),
      e("3", "c", ok("3", "waiting")),
      e("4", "b", ok("4", "deploying")),
      e("5", "a", ok("5", "deploying")),
      e("6", "z", failed("6")),
      e("7", "y", ok("7", "failed")),
      e("8", "x", ok("8", "failed")),
    ]);
    expect(sorted.map((x) => x.id)).toEqual(["8", "7", "6", "5", "4", "3", "2", "1"]);
  });

  it("names as people read them: case aside, numbers in order; then by id", () => {
    const names = [
      { id: "c", name: "bc-10" },
      { id: "b", name: "bc-2" },
      { id: "a", name: "BC-2" },
      { id: "d", name: "alpha" },
    ].sort(byName);
    expect(names.map((n) => n.id)).toEqual(["d", "a", "b", "c"]);
  });
});

describe("get --name / --all against the API (one list call before any status query)", () => {
  function run(args: string[]) {
    const t = testDeps({ dispatcher: api.agent, env: API_ENV });
    return main(args, t.deps).then((code) => ({ code, out: t.io.stdout.text(), err: t.io.stderr.text() }));
  }
  const list = { blockchains: PROJECT, count: PROJECT.length };

  it("--name mixed with ids: the ids first, then the names', each once", async () => {
    const pool = api.agent.get(ORIGIN);
    pool.intercept({ path: LIST }).reply(200, list, { headers: JSON_HEADERS });
    for (const id of ["bc-9", "b268e1ca", "75022dfb"]) pool.intercept({ path: PATH(id) }).reply(200, apiBody(), { headers: JSON_HEADERS });
    const r = await run(["get", "bc-9", "--name", "marbles", "b268e1ca", "--name", "bcs-api", "--json"]);
    expect(r.code).toBe(0);
    expect(
      r.out
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l).blockchain_id),
    ).toEqual(["bc-9", "b268e1ca", "75022dfb"]);
  });

  it("a name that matches nothing: exit 4 and no status query at all", async () => {
    api.agent.get(ORIGIN).intercept({ path: LIST }).reply(200, list, { headers: JSON_HEADERS });
    const r = await run(["get", "bc-9", "--name", "marble"]);
    expect(r.code).toBe(4);
    expect(r.out).toBe("");
    expect(r.err).toMatch(/^bcs-status: no blockchain named "marble" in project proj-1; did you mean "marbles"\?/);
  });

  it("--all: every blockchain, by name; an empty project says so and exits 0", async () => {
    const pool = api.agent.get(ORIGIN);
    pool.intercept({ path: LIST }).reply(200, list, { headers: JSON_HEADERS });
    for (const b of PROJECT) pool.intercept({ path: PATH(b.id) }).reply(200, apiBody(), { headers: JSON_HEADERS });
    const r = await run(["get", "--all", "--json"]);
    expect(
      r.out
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l).blockchain_id),
    ).toEqual(["75022dfb", "b268e1ca", "3c9e0f4a", "dup-1", "dup-2"]);
    pool.intercept({ path: LIST }).reply(200, { blockchains: [], count: 0 }, { headers: JSON_HEADERS });
    expect(await run(["get", "--all"])).toEqual({ code: 0, out: "", err: "bcs-status: no blockchains in project proj-1\n" });
  });

  it("a list call refused (401) is exit 3 before any status query", async () => {
    api.agent
      .get(ORIGIN)
      .intercept({ path: LIST })
      .reply(401, { error_code: "BCS.4010401", error_msg: "Incorrect token or token resolution failed" }, { headers: JSON_HEADERS });
    expect((await run(["watch", "--name", "marbles"])).code).toBe(3);
  });
});
