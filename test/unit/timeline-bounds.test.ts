import { stripVTControlCharacters } from "node:util";
import { Chalk } from "chalk";
import { describe, expect, it } from "vitest";
import { renderTimeline } from "../../src/render/timeline.js";
import { axisLabels, axisRule, chooseAxis } from "../../src/render/timeline-axis.js";
import type { BlockchainStatus, Resource } from "../../src/status/model.js";
import { fastestMs } from "../helpers/timing.js";

/**
 * The axis used to try every tick step from 1 s up, building an array
 * per try (30 days: 2.3 s and 468 MB; 1 year: 35 s; 1970: out of memory; year 1
 * to 9999: RangeError). The work must follow the width, not the span.
 */
const plain = new Chalk({ level: 0 });
const NOW = Date.UTC(2026, 0, 15, 12, 0, 0);
const DAY = 86_400_000;
const BUDGET_MS = 50;

function resource(start: number | null, end: number | null, status = "finished"): Resource {
  return {
    name: "bcs",
    status,
    start_time: start === null ? null : "x",
    end_time: end === null ? null : "x",
    startMs: start,
    endMs: end,
    duration_ms: start !== null && end !== null ? end - start : null,
    detail: "",
  };
}

function status(resources: Resource[]): BlockchainStatus {
  return { blockchain_id: "bc", overall: "finished", checkedAt: NOW, resources };
}

function timed(s: BlockchainStatus, width: number, now = NOW): { out: string; ms: number } {
  const render = () => renderTimeline(s, { chalk: plain, width, ascii: false, now });
  return { out: render(), ms: fastestMs(render, BUDGET_MS) };
}

function columns(line: string): number {
  return [...stripVTControlCharacters(line)].length;
}

const CASES: Array<[string, number, number | null, string]> = [
  ["30 days", NOW - 30 * DAY, NOW, "finished"],
  ["1 year", NOW - 365 * DAY, NOW, "finished"],
  ["1970 to now (a common 'no date' value, still running)", 0, null, "deploying"],
  ["year 1 to 9999", Date.UTC(1, 0, 1) - 1900 * 365.2425 * DAY, Date.UTC(9999, 11, 31, 23, 59, 59), "finished"],
  ["the whole Date range (±8.64e15 ms)", -8.64e15, 8.64e15, "finished"],
];

describe("timeline work is bounded by the width, not the span", () => {
  for (const [name, start, end, state] of CASES) {
    it(`${name}: renders within ${BUDGET_MS} ms, ticks and all lines within the width`, () => {
      for (const width of [20, 40, 80, 200, 400]) {
        const { out, ms } = timed(status([resource(start, end, state)]), width);
        expect(ms, `width ${width}`).toBeLessThan(BUDGET_MS);
        const lines = out.split("\n");
        for (const line of lines) expect(columns(line), JSON.stringify(line)).toBeLessThanOrEqual(width);
        expect(out).not.toMatch(/NaN|Infinity|undefined/);
        if (width >= 40) expect(lines[1]).toMatch(/[├┼┤]/);
      }
    });
  }

  it("year 1 to 9999 labels its ticks in years", () => {
    const out = timed(status([resource(-62135596800000, 253402300799000)]), 80).out;
    expect(out.split("\n")[0]).toMatch(/\b0s\s+\d+y\b/);
  });

  it("30 days labels its ticks in days or weeks", () => {
    const out = timed(status([resource(NOW - 30 * DAY, NOW)]), 80).out;
    expect(out.split("\n")[0]).toMatch(/\b0s\s+\d+[dw]\b/);
  });

  it.each([
    ["NaN", Number.NaN],
    ["Infinity", Number.POSITIVE_INFINITY],
    ["-Infinity", Number.NEGATIVE_INFINITY],
    ["negative", -5 * DAY],
    ["zero", 0],
    ["huge", 1e300],
    ["max", Number.MAX_VALUE],
  ])("chooseAxis with a %s span: quick, finite, within the width", (_, span) => {
    const t = performance.now();
    for (const cells of [2, 10, 60, 400]) {
      const axis = chooseAxis(span, cells);
      expect(Number.isFinite(axis.span) && axis.span > 0).toBe(true);
      expect(axis.ticks.length).toBeLessThanOrEqual(cells + 1);
      for (const tick of axis.ticks) expect(tick.col >= 0 && tick.col <= cells).toBe(true);
      expect(columns(axisLabels(axis, cells + 8))).toBeLessThanOrEqual(cells + 8);
      expect(columns(axisRule(axis, cells, false))).toBeLessThanOrEqual(cells + 1);
    }
    expect(performance.now() - t).toBeLessThan(BUDGET_MS);
  });

  it.each([
    ["NaN start", Number.NaN, NOW],
    ["Infinity end", NOW - DAY, Number.POSITIVE_INFINITY],
    ["-Infinity start", Number.NEGATIVE_INFINITY, NOW],
    ["end before start (negative span)", NOW, NOW - 30 * DAY],
    ["beyond the Date range", -1e300, 1e300],
  ])("renderTimeline with a %s: quick, no NaN, within the width", (_, start, end) => {
    const { out, ms } = timed(status([resource(start, end)]), 80);
    expect(ms).toBeLessThan(BUDGET_MS);
    expect(out).not.toMatch(/NaN|Infinity/);
    for (const line of out.split("\n")) expect(columns(line)).toBeLessThanOrEqual(80);
  });

  it("a NaN or absurd 'now' for a running resource draws no NaN", () => {
    for (const now of [Number.NaN, Number.POSITIVE_INFINITY, -1e300, 1e300]) {
      const { out, ms } = timed(status([resource(NOW - DAY, null, "deploying")]), 80, now);
      expect(ms).toBeLessThan(BUDGET_MS);
      expect(out).not.toMatch(/NaN|Infinity/);
      for (const line of out.split("\n")) expect(columns(line)).toBeLessThanOrEqual(80);
    }
  });
});
