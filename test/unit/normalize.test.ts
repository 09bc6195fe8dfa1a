import { describe, expect, it } from "vitest";
import { normalize, overallState } from "../../src/status/normalize.js";
import { durationMs, parseApiTime } from "../../src/status/time.js";
import { apiBody } from "../helpers/deps.js";

const at = 1_700_000_000_000;

describe("parseApiTime / durationMs", () => {
  it("reads nanosecond timestamps with offsets", () => {
    expect(parseApiTime("2020-10-15T18:24:48.658236618+08:00")).toBe(Date.parse("2020-10-15T10:24:48.658Z"));
    expect(parseApiTime("2020-10-15T10:24:48Z")).toBe(Date.parse("2020-10-15T10:24:48Z"));
    expect(parseApiTime("2020-10-15T10:24:48.5-0130")).toBe(Date.parse("2020-10-15T11:54:48.500Z"));
  });
  it("rounds the nanosecond difference to the millisecond", () => {
    expect(durationMs("2020-10-15T18:24:48.658236618+08:00", "2020-10-15T18:25:53.552512674+08:00")).toBe(64_894);
    expect(durationMs("2020-10-15T18:24:48.000000000+08:00", "2020-10-15T18:24:48.000600000+08:00")).toBe(1);
    expect(durationMs("2020-10-15T18:24:48.000000000+08:00", "2020-10-15T10:24:49Z")).toBe(1000);
  });
  it("gives null for empty, missing and malformed times", () => {
    for (const bad of ["", "  ", "yesterday", "2020-13-40T99:99:99Z", null, undefined]) expect(parseApiTime(bad)).toBeNull();
    expect(durationMs("", "2020-10-15T10:24:49Z")).toBeNull();
  });
});

describe("normalize", () => {
  it("orders resources as docs/OUTPUT.md lists them and computes durations", () => {
    const s = normalize(
      "bc-1",
      apiBody({ cce: { cluster: { status: "deploying", start_time: "2020-10-15T18:26:00.000000001+08:00", end_time: "" } } }),
      at,
    );
    expect(s.resources.map((r) => r.name)).toEqual(["bcs", "eip", "sfs", "cce.cluster"]);
    expect(s.resources[0]).toMatchObject({ status: "finished", duration_ms: 64_894, detail: "" });
    expect(s.resources[3]).toMatchObject({ status: "deploying", end_time: null, duration_ms: null });
    expect(s.overall).toBe("deploying");
    expect(s.checkedAt).toBe(at);
  });
  it("survives any shape: null, arrays, strings, empty objects, nulls inside, extra fields", () => {
    for (const body of [
      null,
      [],
      "x",
      42,
      {},
      { bcs: null },
      { bcs: {} },
      { cce: [] },
      { cce: { cluster: null } },
      { bcs: { status: null, start_time: 5 } },
    ]) {
      const s = normalize("bc", body, at);
      expect(s.resources).toEqual([]);
      expect(s.overall).toBe("unknown");
    }
    const s = normalize("bc", { bcs: { status: "finished", extra: { deep: true } }, unrelated: 1 }, at);
    expect(s.resources).toHaveLength(1);
    expect(s.overall).toBe("finished");
  });
  it("keeps an unknown status string as it is", () => {
    const s = normalize("bc", { bcs: { status: "rolling_back" }, eip: { status: "waiting" } }, at);
    expect(s.resources[0]?.status).toBe("rolling_back");
    expect(s.overall).toBe("unknown");
  });
});

describe("normalize: resources the tool does not know", () => {
  it("an unknown key with a status string, or an object of them, is a resource after the known ones", () => {
    const ignored: string[] = [];
    const body = {
      dns: { status: "failed" },
      bcs: { status: "finished" },
      cce: { node_pool: { status: "deploying" }, cluster: { status: "finished" }, version: "3" },
      gateway: { a: { status: "waiting" }, b: { status: "finished" }, note: "x" },
      meta: { build: 7 },
      count: 2,
    };
    const s = normalize("bc", body, at, (k) => ignored.push(k));
    expect(s.resources.map((r) => r.name)).toEqual(["bcs", "cce.cluster", "dns", "cce.node_pool", "gateway.a", "gateway.b"]);
    expect(s.overall).toBe("failed");
    expect(ignored).toEqual(["cce.version", "gateway.note", "meta", "count"]);
  });
  it("a top-level key of a nested resource is shown under its key; beside the nested one it is `(top level)`", () => {
    expect(normalize("bc", { "cce.cluster": { status: "failed" } }, at).resources.map((r) => r.name)).toEqual(["cce.cluster"]);
    const both = normalize("bc", { "cce.cluster": { status: "failed" }, cce: { cluster: { status: "deploying" } } }, at);
    expect(both.resources.map((r) => `${r.name} ${r.status}`)).toEqual(["cce.cluster deploying", "cce.cluster (top level) failed"]);
  });
  it("names are cleaned and capped at 64 cells", () => {
    const s = normalize("bc", { "a\u001b[2Jb\nc": { status: "waiting" }, ["字".repeat(100)]: { status: "waiting" } }, at);
    expect(s.resources[0]?.name).toBe("ab c");
    expect(s.resources[1]?.name).toBe(`${"字".repeat(31)}…`);
  });
});

describe("overallState follows the rules of docs/OUTPUT.md", () => {
  const of = (...statuses: string[]) => overallState(statuses.map((status) => ({ status })));
  it.each([
    [["finished", "failed", "deploying"], "failed"],
    [["finished", "finished"], "finished"],
    [["finished", "waiting"], "deploying"],
    [["deploying", "weird"], "deploying"],
    [["waiting", "waiting"], "waiting"],
    [["waiting", "weird"], "unknown"],
    [[], "unknown"],
  ])("%j → %s", (statuses, expected) => {
    expect(of(...statuses)).toBe(expected);
  });
});

describe("parseApiTime: a time that is not an instant is null, never a wrong date", () => {
  it("year 0001 (an unset time) is no instant, never 1901 as Date.UTC reads it; 9999 and leap days as written", () => {
    expect(parseApiTime("0001-01-01T00:00:00Z")).toBeNull();
    expect(parseApiTime("0999-02-03T04:05:06.789Z")).toBeNull();
    expect(new Date(parseApiTime("1000-02-03T04:05:06.789Z") ?? Number.NaN).toISOString()).toBe("1000-02-03T04:05:06.789Z");
    expect(parseApiTime("0099-12-31T23:59:59Z")).toBeNull();
    expect(new Date(parseApiTime("2024-02-29T12:00:00+14:00") ?? Number.NaN).toISOString()).toBe("2024-02-28T22:00:00.000Z");
    expect(parseApiTime("9999-12-31T23:59:59.999999999-12:00")).toBe(Date.parse("+010000-01-01T11:59:59.999Z"));
  });

  it("before 1970, milliseconds are floored like after it", () => {
    expect(parseApiTime("1969-12-31T23:59:59.9995Z")).toBe(-1);
  });

  it.each([
    "2020-00-15T10:00:00Z",
    "2020-10-00T10:00:00Z",
    "2020-02-30T10:00:00Z",
    "2023-02-29T10:00:00Z",
    "2020-04-31T10:00:00Z",
    "2020-10-15T24:00:00Z",
    "2020-10-15T10:60:00Z",
    "2020-10-15T10:00:61Z",
    "2020-10-15T10:00:00+99:99",
    "2020-10-15T10:00:00+08:60",
    "2020-10-15T10:00:00+14:01",
    "2020-10-15T10:00:00-1430",
  ])("%s is not an instant: null, and no duration", (text) => {
    expect(parseApiTime(text)).toBeNull();
    expect(durationMs(text, "2020-10-15T11:00:00Z")).toBeNull();
  });

  it("the widest real offsets are instants", () => {
    expect(parseApiTime("2020-10-15T10:00:00+14:00")).toBe(Date.parse("2020-10-14T20:00:00Z"));
    expect(parseApiTime("2020-10-15T10:00:00-12:00")).toBe(Date.parse("2020-10-15T22:00:00Z"));
  });
});
