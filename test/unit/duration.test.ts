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
    const { durationArg, positiveDurationArg, MAX_TIMER_MS } = await import("../../src/settings/parse.js");
    expect(durationArg("596h")).toBe(596 * 3_600_000);
    expect(() => durationArg("600h")).toThrow(/at most 596h \(24.8 days, the longest a timer can wait\)/);
    expect(596 * 3_600_000).toBeLessThanOrEqual(MAX_TIMER_MS);
    expect(() => positiveDurationArg("0")).toThrow(/more than zero/);
  });
});
