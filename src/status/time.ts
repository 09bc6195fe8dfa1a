/**
 * API time strings: RFC 3339 with up to nanosecond fractions and an offset,
 * e.g. `2020-10-15T18:24:48.658236618+08:00`. Date.parse only keeps
 * milliseconds, so an instant is kept as two exact numbers: the epoch
 * milliseconds of its whole second and the nanoseconds of its fraction.
 * Plain numbers, no BigInt and no Date: every answer parses a dozen of these,
 * and a run of thousands of answers spent more time allocating them than
 * doing anything else with the answers.
 */
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:?\d{2})?$/i;

/** An instant: `ms` the epoch milliseconds of its whole second (offset applied), `ns` its fraction (0 to 999,999,999). */
export interface ApiInstant {
  ms: number;
  ns: number;
}

/** Days in a month of the proleptic Gregorian calendar (month 1–12). */
function daysIn(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Days from 1970-01-01 to a date of the proleptic Gregorian calendar, any year (the civil-from-days inverse, in eras of 400 years). */
function epochDays(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** The largest UTC offset in use (Kiribati, +14:00); one beyond it names no place, so no instant. */
const MAX_OFFSET_MIN = 14 * 60;

/** The zone's offset in minutes (`Z`, `+08:00`, `-0130`), or null when it names no place. */
function offsetMinutes(zone: string | undefined): number | null {
  if (zone === undefined || zone === "Z" || zone === "z") return 0;
  const digits = zone.length === 6 ? zone.slice(1, 3) + zone.slice(4) : zone.slice(1);
  const offM = Number(digits.slice(2));
  if (offM > 59) return null;
  const offsetMin = (zone.charCodeAt(0) === 45 ? -1 : 1) * (Number(digits.slice(0, 2)) * 60 + offM);
  return Math.abs(offsetMin) > MAX_OFFSET_MIN ? null : offsetMin;
}

/**
 * The instant, or null when the text is not one: not such a time, or one
 * whose fields do not name a moment (month 00 or 13, day 00 or 31 April, hour
 * 24, minute 60, offset minutes over 59 or an offset beyond ±14:00, a year
 * before 1000). Nothing rolls over into a neighbouring date. Year 0001 is how
 * an unset time is often written (Go's zero time): it is no instant, and
 * never 1901 as Date.UTC would read it. Second 60 (a leap second) is read as
 * the second after :59.
 */
export function parseApiInstant(text: string | null | undefined): ApiInstant | null {
  if (typeof text !== "string") return null;
  const m = RFC3339.exec(text.trim());
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const hour = Number(m[4]);
  const minute = Number(m[5]);
  const second = Number(m[6]);
  if (year < 1000 || month < 1 || month > 12 || day < 1 || day > daysIn(year, month) || hour > 23 || minute > 59 || second > 60)
    return null;
  const offsetMin = offsetMinutes(m[8]);
  if (offsetMin === null) return null;
  const frac = m[7];
  // Four-digit years keep every figure here far below 2^53: the sums are exact.
  const seconds = epochDays(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second - offsetMin * 60;
  return { ms: seconds * 1000, ns: frac === undefined ? 0 : Number(frac) * 10 ** (9 - frac.length) };
}

/** Epoch milliseconds of an instant, floored (before 1970 too): the fraction only ever adds. */
export function instantMs(t: ApiInstant): number {
  return t.ms + Math.floor(t.ns / 1_000_000);
}

/** b - a in milliseconds, rounded half away from zero from the exact nanosecond difference. */
export function instantDiffMs(a: ApiInstant, b: ApiInstant): number {
  const ns = b.ns - a.ns;
  // The difference as whole milliseconds m plus r nanoseconds, 0 <= r < 1,000,000: m >= 0 exactly when the difference is.
  const k = Math.floor(ns / 1_000_000);
  const m = b.ms - a.ms + k;
  const r = ns - k * 1_000_000;
  return m + (m >= 0 ? (r >= 500_000 ? 1 : 0) : r > 500_000 ? 1 : 0);
}

/**
 * Epoch milliseconds (floored, before 1970 too), or null when the text is not
 * an instant (parseApiInstant). What a number in output is made from: a time
 * that is not an instant is null there, never a wrong date.
 */
export function parseApiTime(text: string | null | undefined): number | null {
  const t = parseApiInstant(text);
  return t === null ? null : instantMs(t);
}

/** end - start in milliseconds, rounded from the nanosecond difference; null unless both parse. */
export function durationMs(start: string | null, end: string | null): number | null {
  const a = parseApiInstant(start);
  const b = parseApiInstant(end);
  return a === null || b === null ? null : instantDiffMs(a, b);
}
