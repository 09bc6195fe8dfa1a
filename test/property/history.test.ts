import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { etaOf } from "../../src/history/eta.js";
import { type Expected, expectationOf, MIN_SAMPLES, nearestRank } from "../../src/history/percentiles.js";
import type { BlockchainStatus, Resource } from "../../src/status/model.js";

const durations = fc.array(fc.integer({ min: 0, max: 10 * 3_600_000 }), { maxLength: 60 });

describe("percentiles (nearest rank)", () => {
  it("p25 ≤ p50 ≤ p75 ≤ p90, each one of the samples", () => {
    fc.assert(
      fc.property(durations, (ds) => {
        const e = expectationOf(ds);
        if (ds.length < MIN_SAMPLES) {
          expect(e).toBeNull();
          return;
        }
        if (!e) throw new Error("no expectation from enough samples");
        expect(e.p25).toBeLessThanOrEqual(e.p50);
        expect(e.p50).toBeLessThanOrEqual(e.p75);
        expect(e.p75).toBeLessThanOrEqual(e.p90);
        for (const p of [e.p25, e.p50, e.p75, e.p90]) expect(ds).toContain(p);
        expect(e.samples).toBe(ds.length);
      }),
    );
  });

  it("fewer than 3 samples claim nothing", () => {
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 2 }), (ds) => {
        expect(expectationOf(ds)).toBeNull();
      }),
    );
  });

  it("nearest rank: the value at ceil(p/100 × n)", () => {
    expect(nearestRank([15, 20, 35, 40, 50], 25)).toBe(20);
    expect(nearestRank([15, 20, 35, 40, 50], 50)).toBe(35);
    expect(nearestRank([15, 20, 35, 40, 50], 90)).toBe(50);
    expect(expectationOf([300, 100, 200])).toEqual({ p25: 100, p50: 200, p75: 300, p90: 300, samples: 3 });
  });
});

const NOW = Date.parse("2026-11-28T10:00:00Z");
const STATES = ["waiting", "deploying", "finished", "failed"] as const;

function resource(name: string, status: string, startMs: number | null): Resource {
  const ended = status === "finished" || status === "failed";
  return {
    name: name as Resource["name"],
    status,
    start_time: null,
    end_time: null,
    startMs: status === "waiting" ? null : startMs,
    endMs: ended && startMs !== null ? startMs + 1000 : null,
    duration_ms: ended ? 1000 : null,
    detail: "",
  };
}

const expectedArb: fc.Arbitrary<Expected> = fc
  .array(fc.integer({ min: 0, max: 3_600_000 }), { minLength: 3, maxLength: 10 })
  .map((ds) => expectationOf(ds) as Expected);

describe("ETA", () => {
  const cases = fc.record({
    rs: fc.array(
      fc.record({
        status: fc.constantFrom(...STATES),
        startAgo: fc.integer({ min: 0, max: 4 * 3_600_000 }),
        expected: fc.option(expectedArb, { nil: undefined }),
      }),
      { minLength: 1, maxLength: 8 },
    ),
  });

  it("is never before now; any unfinished resource without a history means none", () => {
    fc.assert(
      fc.property(cases, ({ rs }) => {
        const resources = rs.map((r, i) => resource(`r${i}`, r.status, NOW - r.startAgo));
        const expected = new Map<string, Expected>();
        rs.forEach((r, i) => {
          if (r.expected) expected.set(`r${i}`, r.expected);
        });
        const s: BlockchainStatus = { blockchain_id: "bc", overall: "deploying", checkedAt: NOW, resources };
        const eta = etaOf(s, expected, NOW);
        const open = rs.map((r, i) => ({ ...r, i })).filter((r) => r.status === "waiting" || r.status === "deploying");
        if (open.length === 0 || open.some((r) => !r.expected)) {
          expect(eta).toBeNull();
          return;
        }
        expect(eta).not.toBeNull();
        expect(eta as number).toBeGreaterThanOrEqual(NOW);
        // Waiting ones run after the started ones: at least now plus the sum of their medians.
        const queued = open.filter((r) => r.status === "waiting").reduce((n, r) => n + (r.expected as Expected).p50, 0);
        expect(eta as number).toBeGreaterThanOrEqual(NOW + queued);
      }),
    );
  });

  it("a started resource ends at its start plus its median; one past its median ends now; waiting ones follow in series", () => {
    const e = (p50: number): Expected => ({ p25: p50, p50, p75: p50, p90: p50, samples: 3 });
    const status = (rs: Resource[]): BlockchainStatus => ({ blockchain_id: "bc", overall: "deploying", checkedAt: NOW, resources: rs });
    const m = new Map([
      ["a", e(600_000)],
      ["b", e(60_000)],
      ["c", e(120_000)],
    ]);
    expect(etaOf(status([resource("a", "deploying", NOW - 120_000)]), m, NOW)).toBe(NOW + 480_000);
    expect(etaOf(status([resource("b", "deploying", NOW - 120_000)]), m, NOW)).toBe(NOW);
    expect(etaOf(status([resource("a", "deploying", NOW - 120_000), resource("c", "waiting", null)]), m, NOW)).toBe(NOW + 600_000);
    expect(etaOf(status([resource("a", "deploying", NOW), resource("x", "waiting", null)]), m, NOW)).toBeNull();
    expect(etaOf({ ...status([resource("a", "waiting", null)]), overall: "waiting" }, m, NOW)).toBeNull();
  });
});
