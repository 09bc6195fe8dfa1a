import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatDuration, parseDuration } from "../../src/util/duration.js";

/**
 * The contract's grammar, as an oracle written apart from the parser: `500ms`,
 * `30s`, `5m` or `5min`, `1h`, `1h30m` (units at most once each, largest
 * first), each number whole or decimal (`1.5m`), or a plain number of seconds;
 * rounded to the millisecond, and not zero once rounded unless written as zero.
 * Surrounding whitespace is tolerated (a flag value from a script may carry a
 * trailing newline).
 */
function oracle(text: string): number | null {
  const t = text.trim();
  const units: Array<[string[], number]> = [
    [["h"], 3_600_000],
    [["m", "min"], 60_000],
    [["s"], 1000],
    [["ms"], 1],
  ];
  let exact: number;
  if (/^([0-9]+)(?:\.([0-9]+))?$/.test(t)) exact = Number(t) * 1000;
  else {
    let rest = t;
    let any = false;
    exact = 0;
    for (const [names, factor] of units) {
      const m = /^([0-9]+(?:\.[0-9]+)?)([a-z]+)/.exec(rest);
      if (m && names.includes(m[2] as string)) {
        exact += Number(m[1]) * factor;
        rest = rest.slice(m[0].length);
        any = true;
      }
    }
    if (!any || rest !== "") return null;
  }
  const ms = Math.round(exact);
  // Not zero but below 1 ms once rounded: refused, as 0 would mean "never".
  if (ms === 0 && exact !== 0) return null;
  return Number.isSafeInteger(ms) ? ms : null;
}

/** A canonical formatter: the exact inverse of the grammar for whole milliseconds. */
function canonical(ms: number): string {
  if (ms === 0) return "0s";
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = Math.floor((ms % 60_000) / 1000);
  const rest = ms % 1000;
  return `${h ? `${h}h` : ""}${m ? `${m}m` : ""}${s ? `${s}s` : ""}${rest ? `${rest}ms` : ""}`;
}

const num = fc.nat({ max: 100_000 });
const valid = fc
  .record({ h: fc.option(num), m: fc.option(num), s: fc.option(num), ms: fc.option(num) })
  .filter((p) => p.h !== null || p.m !== null || p.s !== null || p.ms !== null);

describe("parseDuration (property)", () => {
  it("accepts every h/m/s/ms combination in order and gives its value", () => {
    fc.assert(
      fc.property(valid, ({ h, m, s, ms }) => {
        const text = `${h !== null ? `${h}h` : ""}${m !== null ? `${m}m` : ""}${s !== null ? `${s}s` : ""}${ms !== null ? `${ms}ms` : ""}`;
        expect(parseDuration(text)).toBe((h ?? 0) * 3_600_000 + (m ?? 0) * 60_000 + (s ?? 0) * 1000 + (ms ?? 0));
      }),
      { numRuns: 1000 },
    );
  });

  it("accepts a plain number of seconds, whole or decimal", () => {
    fc.assert(
      fc.property(fc.nat({ max: 10_000_000 }), fc.option(fc.nat({ max: 999 })), (whole, frac) => {
        const text = frac === null ? String(whole) : `${whole}.${String(frac).padStart(3, "0")}`;
        expect(parseDuration(text)).toBe(whole * 1000 + (frac ?? 0));
      }),
    );
  });

  it("accepts exactly the grammar: near-misses from the grammar's own alphabet are rejected", () => {
    const alphabet = fc.constantFrom(..."0123456789hmsd.-+ ei", "ms", "min", "\t", "µ", "٣", "１", "H", "M", "S");
    fc.assert(
      fc.property(fc.string({ unit: alphabet, maxLength: 10 }), (text) => {
        expect(parseDuration(text)).toBe(oracle(text));
      }),
      { numRuns: 5000 },
    );
  });

  it("mutations of valid durations are rejected unless they are valid again", () => {
    const mutate = fc.tuple(valid, fc.nat(), fc.constantFrom("drop", "dup", "swap", "insert"), fc.constantFrom(..."hms .-x1"));
    fc.assert(
      fc.property(mutate, ([p, at, op, ch]) => {
        const text = `${p.h !== null ? `${p.h}h` : ""}${p.m !== null ? `${p.m}m` : ""}${p.s !== null ? `${p.s}s` : ""}${p.ms !== null ? `${p.ms}ms` : ""}`;
        const i = at % text.length;
        const mutated =
          op === "drop"
            ? text.slice(0, i) + text.slice(i + 1)
            : op === "dup"
              ? text + text
              : op === "swap"
                ? text.slice(i) + text.slice(0, i)
                : text.slice(0, i) + ch + text.slice(i);
        expect(parseDuration(mutated)).toBe(oracle(mutated));
      }),
      { numRuns: 3000 },
    );
  });

  it.each([
    "",
    " ",
    "ms",
    "h",
    "5 m",
    "5M",
    "5S",
    "0.1ms",
    "0.0004s",
    "0.000001m",
    "1.5.5m",
    "1mmin",
    "5minm",
    "-5s",
    "+5",
    ".5",
    "5.",
    "1e3",
    "0x10",
    "1_000",
    "5s30m",
    "30m1h",
    "1h1h",
    "5mm",
    "5sec",
    "5mins",
    "1d",
    "1h30",
    "１s",
    "٣s",
    "5s ms",
    "Infinity",
    "NaN",
    "99999999999999999999h",
  ])("rejects %j", (text) => {
    expect(parseDuration(text)).toBeNull();
  });

  it.each([
    ["0.1s", 100],
    ["1.5m", 90_000],
    ["45min", 2_700_000],
    ["1h30min", 5_400_000],
    ["0.5h", 1_800_000],
    ["1.5ms", 2],
    ["0.0005s", 1],
    ["2.25s", 2250],
  ])("accepts %j as %i ms", (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it("round-trips with a canonical formatter: parse(format(ms)) === ms", () => {
    fc.assert(
      fc.property(fc.nat({ max: 2 ** 40 }), (ms) => {
        expect(parseDuration(canonical(ms))).toBe(ms);
      }),
      { numRuns: 2000 },
    );
  });

  it("formatDuration's compact output is in the grammar, and parses back to ms truncated to its precision", () => {
    fc.assert(
      fc.property(fc.nat({ max: 2 ** 40 }), (ms) => {
        const back = parseDuration(formatDuration(ms));
        const precision = ms < 1000 ? 1 : ms < 3_600_000 ? 1000 : 60_000;
        expect(back).not.toBeNull();
        expect(ms - (back as number)).toBeGreaterThanOrEqual(0);
        expect(ms - (back as number)).toBeLessThan(precision);
      }),
      { numRuns: 2000 },
    );
  });
});
