/**
 * At scale: what a run holds does not grow with the number of ids, the first
 * signal stops long printing, names are matched in one pass, and the summary
 * draws only what fits. Small sizes, counted rather than timed.
 */
import { readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { ListedBlockchain } from "../../src/api/blockchain-list.js";
import { main } from "../../src/cli/main.js";
import { idsForNames } from "../../src/commands/targets.js";
import { renderMarkdownSummary } from "../../src/render/markdown.js";
import type { BlockchainStatus } from "../../src/status/model.js";
import { normalize } from "../../src/status/normalize.js";
import { apiBody, testDeps } from "../helpers/deps.js";
import { API_ENV, JSON_HEADERS, ORIGIN, PATH, useMockAgent } from "../helpers/mock-api.js";

const api = useMockAgent();
const LIST = "/v2/proj-1/blockchains";
const ids = (n: number) => Array.from({ length: n }, (_, i) => `bc-${i}`);

function setup(o: { signal?: AbortSignal } = {}) {
  const t = testDeps({ dispatcher: api.agent, env: API_ENV, ...o });
  const out = t.io.stdout;
  let writes = 0;
  const onWrite: Array<(n: number) => void> = [];
  const write = out.write.bind(out);
  out.write = (text: string) => {
    write(text);
    writes++;
    for (const f of onWrite) f(writes);
  };
  return {
    ...t,
    onWrite,
    printed: () =>
      out
        .text()
        .split("\n")
        .filter((l) => l.startsWith("{")).length,
  };
}

describe("get streams: each document as soon as it and those before it are done", () => {
  it("30 ids at --concurrency 2: the first document is out before the last id is asked for, and never more than 4 ids are ahead of what is printed", async () => {
    const t = setup();
    const pool = api.agent.get(ORIGIN);
    const ahead: number[] = [];
    let asked = 0;
    for (const id of ids(30)) {
      pool.intercept({ path: PATH(id) }).reply(() => {
        asked++;
        ahead.push(asked - t.printed());
        return { statusCode: 200, data: JSON.stringify(apiBody()), responseOptions: { headers: JSON_HEADERS } };
      });
    }
    const code = await main(["get", ...ids(30), "--json", "--concurrency", "2"], t.deps);
    expect(code).toBe(0);
    expect(t.printed()).toBe(30);
    expect(
      t.io.stdout
        .text()
        .split("\n")
        .slice(0, 30)
        .map((l) => JSON.parse(l).blockchain_id),
    ).toEqual(ids(30));
    // Held at once: the window (twice --concurrency), whatever the number of ids.
    expect(Math.max(...ahead)).toBeLessThanOrEqual(4);
  });

  it("list --json the same way: a window of twice --concurrency, by name", async () => {
    const t = setup();
    const pool = api.agent.get(ORIGIN);
    const names = ids(20).map((id, i) => ({ id, name: `n-${String(i).padStart(2, "0")}` }));
    pool.intercept({ path: LIST }).reply(200, { blockchains: names, count: names.length }, { headers: JSON_HEADERS });
    const ahead: number[] = [];
    let asked = 0;
    for (const id of ids(20)) {
      pool.intercept({ path: PATH(id) }).reply(() => {
        asked++;
        ahead.push(asked - t.printed());
        return { statusCode: 200, data: JSON.stringify(apiBody()), responseOptions: { headers: JSON_HEADERS } };
      });
    }
    expect(await main(["list", "--json", "--concurrency", "3"], t.deps)).toBe(0);
    expect(t.printed()).toBe(20);
    expect(Math.max(...ahead)).toBeLessThanOrEqual(6);
  });
});

describe("the first signal stops long printing", () => {
  it("a signal that comes while documents are printed ends the run there: exit 130, the rest not printed", async () => {
    const controller = new AbortController();
    const t = setup({ signal: controller.signal });
    t.onWrite.push((n) => {
      if (n === 1) controller.abort(new Error("SIGINT"));
    });
    let asked = 0;
    api.agent
      .get(ORIGIN)
      .intercept({ path: /\/status$/ })
      .reply(() => {
        asked++;
        return { statusCode: 200, data: JSON.stringify(apiBody()), responseOptions: { headers: JSON_HEADERS } };
      })
      .persist();
    const code = await main(["get", ...ids(60), "--json"], t.deps);
    expect(code).toBe(130);
    expect(t.printed()).toBe(1);
    expect(t.io.stderr.text()).toBe("bcs-status: interrupted\n");
    // The run stopped asking too: no more than the window (twice --concurrency) had started.
    expect(asked).toBeLessThanOrEqual(21);
  });

  it("a signal heard only once the last result is printed still ends the run: exit 130, no summary and no history written", async () => {
    const controller = new AbortController();
    const t = setup({ signal: controller.signal });
    // The clock stands still, so no result ends a slice: the first turn of the event loop is the one after the last result.
    let turns = 0;
    t.deps.yieldToLoop = async () => {
      turns++;
      controller.abort(new Error("SIGINT"));
    };
    const pool = api.agent.get(ORIGIN);
    for (const id of ids(3)) pool.intercept({ path: PATH(id) }).reply(200, apiBody(), { headers: JSON_HEADERS });
    const summary = path.join(t.deps.env.XDG_STATE_HOME as string, "summary.md");
    const code = await main(["get", ...ids(3), "--json", "--summary-file", summary], t.deps);
    expect(code).toBe(130);
    expect(turns).toBe(1);
    expect(t.printed()).toBe(3);
    expect(t.io.stderr.text()).toBe("bcs-status: interrupted\n");
    expect(readdirSync(t.deps.env.XDG_STATE_HOME as string)).toEqual([]);
  });

  it("a signal heard once the summary is written ends the run before the history: exit 130, the summary kept, no history", async () => {
    const controller = new AbortController();
    const t = setup({ signal: controller.signal });
    // The clock stands still: the first turn is the one after the last result, the second the one after the summary.
    let turns = 0;
    t.deps.yieldToLoop = async () => {
      if (++turns === 2) controller.abort(new Error("SIGINT"));
    };
    const pool = api.agent.get(ORIGIN);
    for (const id of ids(3)) pool.intercept({ path: PATH(id) }).reply(200, apiBody(), { headers: JSON_HEADERS });
    const summary = path.join(t.deps.env.XDG_STATE_HOME as string, "summary.md");
    const code = await main(["get", ...ids(3), "--json", "--summary-file", summary], t.deps);
    expect(code).toBe(130);
    expect(turns).toBe(2);
    expect(t.io.stderr.text()).toBe("bcs-status: interrupted\n");
    expect(readdirSync(t.deps.env.XDG_STATE_HOME as string)).toEqual(["summary.md"]);
  });

  it("long printing turns the event loop once per slice of work (where a signal's handler runs), not once per table", async () => {
    const t = setup();
    let turns = 0;
    t.deps.yieldToLoop = async () => {
      turns++;
    };
    // Each table takes 8 ms of (simulated) work: 40 tables are 320 ms, about 16 slices of 20 ms.
    t.onWrite.push(() => t.clock.advance(8));
    const pool = api.agent.get(ORIGIN);
    for (const id of ids(40)) pool.intercept({ path: PATH(id) }).reply(200, apiBody(), { headers: JSON_HEADERS });
    expect(await main(["get", ...ids(40)], t.deps)).toBe(0);
    expect(turns).toBeGreaterThanOrEqual(10);
    expect(turns).toBeLessThanOrEqual(20);
  });
});

describe("--name: one pass over the list", () => {
  it("300 names against 1,000 entries read each entry a bounded number of times (O(names + list), not names × list)", () => {
    const entries: ListedBlockchain[] = Array.from({ length: 1000 }, (_, i) => ({ id: `b${i}`, name: `n${i}` }));
    let reads = 0;
    const list = new Proxy(entries, {
      get(target, key, receiver) {
        if (typeof key === "string" && /^\d+$/.test(key)) reads++;
        return Reflect.get(target, key, receiver);
      },
    });
    const names = Array.from({ length: 300 }, (_, i) => `n${i * 3}`);
    expect(idsForNames(names, list, "p1")).toEqual(names.map((n) => `b${n.slice(1)}`));
    expect(reads).toBeLessThanOrEqual(2 * (names.length + entries.length));
  });
});

describe("the Markdown summary draws only what fits", () => {
  it("of 5,000 blockchains, only those that fit the budget are drawn; the rest are counted", () => {
    const base = normalize("bc-x", apiBody(), Date.parse("2026-11-28T10:00:00Z"));
    let drawn = 0;
    const items: BlockchainStatus[] = ids(5000).map((id) => {
      const item = { ...base, blockchain_id: id };
      return Object.defineProperty(item, "resources", {
        get() {
          drawn++;
          return base.resources;
        },
      });
    });
    const md = renderMarkdownSummary(items, { budgetBytes: 20_000, timeZone: "UTC" });
    expect(Buffer.byteLength(md)).toBeLessThanOrEqual(20_000);
    expect(md).toMatch(/: 4,9\d\d of 5,000 blockchains not shown(; the last one shown is cut short)?\._\n$/);
    // The verdict line looks at each item once (5,000 reads); each drawn section reads its resources a few
    // times more, so drawing all 5,000 sections would be tens of thousands of reads.
    expect(drawn).toBeLessThan(5_000 + 1_000);
  });
});
