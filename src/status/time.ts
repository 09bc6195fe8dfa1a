/**
 * API time strings: RFC 3339 with up to nanosecond fractions and an offset,
 * e.g. `2020-10-15T18:24:48.658236618+08:00`. Date.parse only keeps
 * milliseconds, so the instant is kept in nanoseconds to subtract exactly.
 */
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:?\d{2})?$/i;

/** Epoch nanoseconds, or null when the text is not such a time. */
export function parseApiTimeNs(text: string | null | undefined): bigint | null {
  if (typeof text !== "string") return null;
  const m = RFC3339.exec(text.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, s, frac = "", zone = "Z"] = m;
  const wholeMs = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  if (!Number.isFinite(wholeMs) || Number(mo) > 12 || Number(d) > 31 || Number(h) > 23 || Number(mi) > 59 || Number(s) > 60) return null;
  // Date.UTC reads years 0-99 as 1900-1999: year 0001 (an unset time in Go) is no instant, never 1901.
  if (Number(y) < 1000) return null;
  let offsetMin = 0;
  if (zone.toUpperCase() !== "Z") {
    const sign = zone.startsWith("-") ? -1 : 1;
    const digits = zone.slice(1).replace(":", "");
    offsetMin = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2)));
    // Real offsets run from -12:00 to +14:00; beyond ±14:00 the string is no instant.
    if (Math.abs(offsetMin) > 14 * 60 || Number(digits.slice(2)) > 59) return null;
  }
  const ns = BigInt(wholeMs - offsetMin * 60_000) * 1_000_000n + BigInt(frac.padEnd(9, "0"));
  return ns;
}

/** Epoch milliseconds (floored), or null. */
export function parseApiTime(text: string | null | undefined): number | null {
  const ns = parseApiTimeNs(text);
  return ns === null ? null : Number(ns / 1_000_000n);
}

/** end - start in milliseconds, rounded from the nanosecond difference; null unless both parse. */
export function durationMs(start: string | null, end: string | null): number | null {
  const a = parseApiTimeNs(start);
  const b = parseApiTimeNs(end);
  if (a === null || b === null) return null;
  const diff = b - a;
  return Number((diff + (diff >= 0n ? 500_000n : -500_000n)) / 1_000_000n);
}
