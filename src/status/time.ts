/**
 * API time strings: RFC 3339 with up to nanosecond fractions and an offset,
 * e.g. `2020-10-15T18:24:48.658236618+08:00`. Date.parse only keeps
 * milliseconds, so the instant is kept in nanoseconds to subtract exactly.
 */
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:?\d{2})?$/i;

/** Days in a month of the proleptic Gregorian calendar (month 1–12). */
function daysIn(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** The largest UTC offset in use (Kiribati, +14:00); one beyond it names no place, so no instant. */
const MAX_OFFSET_MIN = 14 * 60;

/**
 * Epoch nanoseconds, or null when the text is not an instant: not such a
 * time, or one whose fields do not name a moment (month 00 or 13, day 00 or
 * 31 April, hour 24, minute 60, offset minutes over 59 or an offset beyond
 * ±14:00, a year before 1000). Nothing rolls over into a neighbouring date.
 * Year 0001 is how an unset time is often written (Go's zero time): it is no
 * instant, and never 1901 as Date.UTC would read it. Second 60 (a leap second)
 * is read as the second after :59.
 */
export function parseApiTimeNs(text: string | null | undefined): bigint | null {
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
    const offH = Number(digits.slice(0, 2));
    const offM = Number(digits.slice(2));
    if (offM > 59) return null;
    offsetMin = sign * (offH * 60 + offM);
    if (Math.abs(offsetMin) > MAX_OFFSET_MIN) return null;
  }
  // setUTCFullYear takes the year as written; Date.UTC maps 0–99 to 1900–1999.
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, 0);
  const wholeMs = date.getTime();
  if (!Number.isFinite(wholeMs)) return null;
  return BigInt(wholeMs - offsetMin * 60_000) * 1_000_000n + BigInt(frac.padEnd(9, "0"));
}

/**
 * Epoch milliseconds (floored, before 1970 too), or null when the text is not
 * an instant (parseApiTimeNs). What a number in output is made from: a time
 * that is not an instant is null there, never a wrong date.
 */
export function parseApiTime(text: string | null | undefined): number | null {
  const ns = parseApiTimeNs(text);
  if (ns === null) return null;
  const ms = ns / 1_000_000n;
  return Number(ns < 0n && ms * 1_000_000n !== ns ? ms - 1n : ms);
}

/** end - start in milliseconds, rounded from the nanosecond difference; null unless both parse. */
export function durationMs(start: string | null, end: string | null): number | null {
  const a = parseApiTimeNs(start);
  const b = parseApiTimeNs(end);
  if (a === null || b === null) return null;
  const diff = b - a;
  return Number((diff + (diff >= 0n ? 500_000n : -500_000n)) / 1_000_000n);
}
