import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { durationMs, parseApiTime } from "../../src/status/time.js";

/**
 * The parser as it was written first, kept here as the oracle: the instant in
 * BigInt nanoseconds through Date's own calendar. The parser of the tool
 * computes the same with plain numbers and its own day count, so every field,
 * offset and fraction is checked against this one.
 */
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:?\d{2})?$/i;
function daysIn(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}
function oracleNs(text: string | null): bigint | null {
  if (typeof text !== "string") return null;
  const m = RFC3339.exec(text.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, s, frac = "", zone = "Z"] = m;
  const [year, month, day, hour, minute, second] = [y, mo, d, h, mi, s].map(Number) as [number, number, number, number, number, number];
  if (year < 1000 || month < 1 || month > 12 || day < 1 || day > daysIn(year, month) || hour > 23 || minute > 59 || second > 60)
    return null;
  let offsetMin = 0;
  if (zone.toUpperCase() !== "Z") {
    const sign = zone.startsWith("-") ? -1 : 1;
    const digits = zone.slice(1).replace(":", "");
    const offM = Number(digits.slice(2));
    if (offM > 59) return null;
    offsetMin = sign * (Number(digits.slice(0, 2)) * 60 + offM);
    if (Math.abs(offsetMin) > 14 * 60) return null;
  }
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, 0);
  return BigInt(date.getTime() - offsetMin * 60_000) * 1_000_000n + BigInt(frac.padEnd(9, "0"));
}
function oracleMs(text: string | null): number | null {
  const ns = oracleNs(text);
  if (ns === null) return null;
  const ms = ns / 1_000_000n;
  return Number(ns < 0n && ms * 1_000_000n !== ns ? ms - 1n : ms);
}
function oracleDuration(start: string | null, end: string | null): number | null {
  const a = oracleNs(start);
  const b = oracleNs(end);
  if (a === null || b === null) return null;
  const diff = b - a;
  return Number((diff + (diff >= 0n ? 500_000n : -500_000n)) / 1_000_000n);
}

const pad = (n: number, width: number) => String(n).padStart(width, "0");
/** Times near and beyond every limit: years 0000–9999 (0001 and 0999 among them), day 00–32, hour 24, minute and second 60–61, offsets up to ±15:99, 0–9 fraction digits. */
const time = fc
  .record({
    year: fc.oneof(fc.integer({ min: 0, max: 9999 }), fc.constantFrom(1, 999, 1000, 1969, 1970, 2000, 2024, 9999)),
    month: fc.integer({ min: 0, max: 13 }),
    day: fc.integer({ min: 0, max: 32 }),
    hour: fc.integer({ min: 0, max: 24 }),
    minute: fc.integer({ min: 0, max: 60 }),
    second: fc.integer({ min: 0, max: 61 }),
    frac: fc.option(fc.stringMatching(/^\d{1,9}$/), { nil: undefined }),
    sep: fc.constantFrom("T", "t", " "),
    zone: fc.oneof(
      fc.constantFrom("", "Z", "z", "+00:00", "-00:00", "+14:00", "-14:00", "+14:01", "-1400", "+0130"),
      fc
        .tuple(fc.constantFrom("+", "-"), fc.integer({ min: 0, max: 15 }), fc.integer({ min: 0, max: 99 }), fc.boolean())
        .map(([sign, h, m, colon]) => `${sign}${pad(h, 2)}${colon ? ":" : ""}${pad(m, 2)}`),
    ),
    space: fc.constantFrom("", " ", "\t"),
  })
  .map(
    (t) =>
      `${t.space}${pad(t.year, 4)}-${pad(t.month, 2)}-${pad(t.day, 2)}${t.sep}${pad(t.hour, 2)}:${pad(t.minute, 2)}:${pad(t.second, 2)}${t.frac === undefined ? "" : `.${t.frac}`}${t.zone}${t.space}`,
  );
/** Mostly real instants, with what does not parse among them. */
const anyText = fc.oneof(
  { weight: 8, arbitrary: time },
  { weight: 1, arbitrary: fc.string() },
  { weight: 1, arbitrary: fc.constant(null) },
);

describe("parseApiTime and durationMs: exactly the BigInt nanosecond reading", () => {
  it("gives the same milliseconds (or null) for every time", () => {
    fc.assert(
      fc.property(anyText, (text) => {
        expect(parseApiTime(text)).toBe(oracleMs(text));
      }),
      { numRuns: 5_000 },
    );
  });

  it("gives the same rounded duration for every pair, across days, offsets and fractions", () => {
    fc.assert(
      fc.property(anyText, anyText, (a, b) => {
        expect(durationMs(a, b)).toBe(oracleDuration(a, b));
      }),
      { numRuns: 5_000 },
    );
  });

  it("rounds half a millisecond away from zero either way, as the nanosecond difference does", () => {
    // Two instants in the same minute whose difference is a whole number of ms and a half (or just off it).
    const at = (ns: number) => `2020-10-15T10:00:${pad(Math.floor(ns / 1e9), 2)}.${pad(ns % 1e9, 9)}Z`;
    const near = fc.constantFrom(499_999, 500_000, 500_001, -499_999, -500_000, -500_001, 0);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 999_999_999 }), fc.integer({ min: -2000, max: 2000 }), near, (x, wholeMs, half) => {
        const a = at(3e9 + x);
        const b = at(3e9 + x + wholeMs * 1_000_000 + half);
        expect(durationMs(a, b)).toBe(oracleDuration(a, b));
        expect(durationMs(b, a)).toBe(oracleDuration(b, a));
      }),
      { numRuns: 5_000 },
    );
  });
});
