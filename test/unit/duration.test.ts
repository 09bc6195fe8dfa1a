import { describe, expect, it } from "vitest";
import { formatDuration, parseDuration } from "../../src/util/duration.js";

describe("parseDuration", () => {
  it.each([
    ["500ms", 500],
    ["30s", 30_000],
    ["5m", 300_000],
    ["1h", 3_600_000],
    ["1h30m", 5_400_000],
    ["1m30s", 90_000],
    ["45", 45_000],
    ["0", 0],
    ["1.5", 1500],
  ])("%s → %d ms", (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });
  it.each(["", "ms", "5x", "-5s", "1m1h", "5 m", "1e3", "s5", "5mm"])("rejects %j", (text) => {
    expect(parseDuration(text)).toBeNull();
  });
});

describe("formatDuration", () => {
  it.each([
    [850, "850ms"],
    [42_000, "42s"],
    [65_000, "1m05s"],
    [7_380_000, "2h03m"],
  ])("%d → %s", (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});

describe("duration flags", () => {
  it("refuse what a timer cannot wait (over 596h), and a zero request timeout", async () => {
    const { durationArg, positiveDurationArg } = await import("../../src/settings/parse.js");
    const { MAX_TIMER_MS } = await import("../../src/deps/deps.js");
    expect(durationArg("596h")).toBe(596 * 3_600_000);
    expect(() => durationArg("600h")).toThrow(/at most 596h \(24.8 days, the longest a timer can wait\)/);
    expect(596 * 3_600_000).toBeLessThanOrEqual(MAX_TIMER_MS);
    expect(() => positiveDurationArg("0")).toThrow(/more than zero/);
  });
});

describe("a duration that is not zero but rounds below 1 ms", () => {
  it.each(["0.0004", "0.0001", "0.00049", " 0.0004 "])("%j is refused, not taken as 0 (which means never)", async (text) => {
    const { durationArg } = await import("../../src/settings/parse.js");
    expect(parseDuration(text)).toBeNull();
    expect(() => durationArg(text)).toThrow(/must be 0 or at least 1ms: a shorter duration rounds to 0, which means never/);
  });
  it.each([
    ["0", 0],
    ["0.0", 0],
    ["0.0000", 0],
    ["0ms", 0],
    ["0.0005", 1],
    ["0.001", 1],
    ["1.0004", 1000],
  ])("%j is still %d ms", (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });
  it("a text that is no duration at all keeps the general message", async () => {
    const { durationArg } = await import("../../src/settings/parse.js");
    expect(() => durationArg("5x")).toThrow(/expected a duration like 500ms, 30s, 1.5m, 45min, 1h30m, or a number of seconds/);
  });
});
