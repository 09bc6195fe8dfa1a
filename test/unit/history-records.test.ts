import { describe, expect, it } from "vitest";
import { deploymentHash, historyKey, MAX_RESOURCES, recordsOf } from "../../src/history/records.js";
import { expectationsByResource } from "../../src/history/run.js";
import type { Resource } from "../../src/status/model.js";
import * as f from "./render-fixtures.js";

describe("what a run records", () => {
  it("is keyed by region, but by host name (no port) for a loopback endpoint or without a region", () => {
    expect(historyKey(new URL("https://bcs.cn-north-4.myhuaweicloud.com"), "cn-north-4", false)).toBe("cn-north-4");
    expect(historyKey(new URL("http://127.0.0.1:8080"), "cn-north-4", true)).toBe("127.0.0.1");
    expect(historyKey(new URL("https://bcs.example.test:8443"), undefined, false)).toBe("bcs.example.test");
  });

  it("each resource that ended with both times, with a hash instead of the id", () => {
    const records = recordsOf(f.failed, "cn-north-4");
    expect(records.map((r) => [r.resource, r.outcome])).toEqual(
      f.failed.resources
        .filter((r) => r.endMs !== null && (r.status === "finished" || r.status === "failed"))
        .map((r) => [r.name, r.status]),
    );
    expect(JSON.stringify(records)).not.toContain(f.failed.blockchain_id);
    const first = Math.min(...f.failed.resources.flatMap((r) => (r.startMs === null ? [] : [r.startMs])));
    for (const r of records) expect(r.deployment).toBe(deploymentHash(f.failed.blockchain_id, first));
    expect(recordsOf(f.deploying, "k").map((r) => r.resource)).toEqual(["eip", "sfs"]);
  });

  it("names that are not clean or wider than 64 cells are not recorded; at most 20 resources per deployment", () => {
    const done = (name: string): Resource => ({
      ...f.res("eip", "finished", "2020-10-15T18:24:31+08:00", "2020-10-15T18:24:33+08:00"),
      name: name as Resource["name"],
    });
    const s = f.chain("bc-x", "finished", [
      done("dns"),
      done("bad\u001b[31mname"),
      done("x".repeat(65)),
      done(" padded"),
      done("漢".repeat(33)),
    ]);
    expect(recordsOf(s, "k").map((r) => r.resource)).toEqual(["dns"]);
    const many = f.chain(
      "bc-y",
      "finished",
      Array.from({ length: 30 }, (_, i) => done(`res${i}`)),
    );
    expect(recordsOf(many, "k")).toHaveLength(MAX_RESOURCES);
  });

  it("expectations count finished durations of the key only (failures are kept, not counted)", () => {
    const r = (key: string, duration_ms: number, outcome: "finished" | "failed" = "finished") => ({
      key,
      resource: "bcs",
      duration_ms,
      outcome,
      ended_at: "2026-11-28T10:00:00.000Z",
      deployment: `d${duration_ms}`,
    });
    const records = [r("a", 1), r("a", 2), r("b", 3), r("a", 100, "failed")];
    expect(expectationsByResource(records, "a").size).toBe(0);
    expect(expectationsByResource([...records, r("a", 4)], "a").get("bcs")).toEqual({ p25: 1, p50: 2, p75: 4, p90: 4, samples: 3 });
  });
});
