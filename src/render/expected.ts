/**
 * The words of what past runs say: `usually 6m–8m`, `longer than usual (90%
 * took ≤ 7m)`, `ETA ~15:32`. Pure: the expectation, the time and the zone in,
 * text out.
 */
import type { Expected } from "../history/percentiles.js";
import type { Expectations, Resource } from "../status/model.js";
import { elapsedOf } from "../status/summary.js";
import { formatDuration } from "../util/duration.js";
import { zoneFormatter } from "./time-format.js";

/** Above this, a range is told in whole minutes; below, in seconds. */
const MINUTES_ABOVE_MS = 2 * 60_000;

/** One end of a range: whole minutes above 2 m (`7m`, `1h05m`), whole seconds below (`45s`, `1m50s`). */
export function roughDuration(ms: number): string {
  const rounded = ms > MINUTES_ABOVE_MS ? Math.round(ms / 60_000) * 60_000 : Math.max(1000, Math.round(ms / 1000) * 1000);
  return formatDuration(rounded).replace(/m00s$/, "m");
}

/** `6m–8m` (p25–p75), or `7m` when both ends round alike. */
export function usualRange(e: Expected, ascii = false): string {
  const lo = roughDuration(e.p25);
  const hi = roughDuration(e.p75);
  return lo === hi ? lo : `${lo}${ascii ? "-" : "–"}${hi}`;
}

/** Whether a resource still running has passed the 90th percentile of its past durations. */
export function pastUsual(r: Resource, e: Expected, now: number): boolean {
  const el = elapsedOf(r, now);
  return el?.running === true && el.ms > e.p90;
}

/** `longer than usual (90% took ≤ 7m)`. */
export function longerText(e: Expected, ascii = false): string {
  return `longer than usual (90% took ${ascii ? "<=" : "≤"} ${roughDuration(e.p90)})`;
}

/** What to say of a resource not yet ended, as of `now`: `usually 6m–8m`, or past p90 the longer-than-usual words; null without a history. */
export function expectationText(r: Resource, x: Expectations | undefined, now: number, ascii = false): string | null {
  const e = x?.resources.get(r.name);
  if (!e) return null;
  return pastUsual(r, e, now) ? longerText(e, ascii) : `usually ${usualRange(e, ascii)}`;
}

/** `ETA ~15:32` in the viewer's zone, with the date when it falls on another day than `now`. */
export function etaText(eta: number, now: number, timeZone?: string): string {
  const f = zoneFormatter(timeZone);
  const at = f.parts(eta);
  const clock = at.clock.slice(0, 5);
  return `ETA ~${at.day === f.parts(now).day ? clock : `${at.day} ${clock}`}`;
}
