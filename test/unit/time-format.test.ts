import { describe, expect, it } from "vitest";
import { zoneFormatter } from "../../src/render/time-format.js";

/** The parts as Intl itself gives them, one formatToParts call per instant: the oracle. */
const oracles = new Map<string, Intl.DateTimeFormat>();
function oracle(ms: number, timeZone: string) {
  const fmt =
    oracles.get(timeZone) ??
    new Intl.DateTimeFormat("en-US", {
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      fractionalSecondDigits: 3,
      timeZone,
    });
  oracles.set(timeZone, fmt);
  const p = Object.fromEntries(fmt.formatToParts(ms).map((x) => [x.type, x.value]));
  return { day: `${p.year}-${p.month}-${p.day}`, clock: `${p.hour}:${p.minute}:${p.second}`, millis: p.fractionalSecond ?? "000" };
}

// Zones with DST, half- and quarter-hour offsets, a skipped day (Apia, 2011), a mid-hour change of
// offset (Kathmandu, 1986: +05:30 to +05:45), and local mean time with seconds (Amsterdam before 1937).
const ZONES = ["UTC", "Asia/Shanghai", "America/New_York", "Australia/Lord_Howe", "Asia/Kathmandu", "Pacific/Apia", "Europe/Amsterdam"];
const AROUND = [
  Date.UTC(2026, 2, 8, 6, 59, 59, 999), // New York springs forward at 07:00 UTC
  Date.UTC(2026, 10, 1, 5, 30, 0, 123), // New York falls back at 06:00 UTC
  Date.UTC(1985, 11, 31, 18, 14, 59, 500), // Kathmandu's change, at 18:15 UTC
  Date.UTC(2011, 11, 30, 9, 59, 59, 0), // Apia skips 30 December
  Date.UTC(1930, 5, 1, 12, 0, 0, 7),
  Date.UTC(1000, 0, 1, 0, 0, 0, 0),
  Date.UTC(9999, 11, 31, 23, 59, 59, 999),
  Date.UTC(2020, 9, 15, 10, 24, 48, 658),
];

describe("zoneFormatter", () => {
  it("gives Intl's own parts in every zone, around transitions, every few minutes for 4 hours either side", () => {
    for (const zone of ZONES) {
      const f = zoneFormatter(zone);
      for (const base of AROUND) {
        for (let m = -240; m <= 240; m += 9) {
          const ms = base + m * 60_000 + (m % 1000);
          expect(f.parts(ms), `${zone} ${new Date(ms).toISOString()}`).toEqual(oracle(ms, zone));
        }
      }
    }
  });

  it("years outside 1000–9999 come from the formatter itself", () => {
    const f = zoneFormatter("Asia/Shanghai");
    for (const ms of [Date.UTC(999, 5, 1), Date.UTC(10_000, 0, 1, 3), -62_135_596_800_000, 8.64e15]) {
      expect(f.parts(ms)).toEqual(oracle(ms, "Asia/Shanghai"));
    }
  });

  it("is made once per zone: the same formatter comes back (its cost is paid once a run, not once a cell)", () => {
    expect(zoneFormatter("Europe/Paris")).toBe(zoneFormatter("Europe/Paris"));
    expect(zoneFormatter("Mars/Olympus_Mons").zone).toBe("UTC");
  });
});
