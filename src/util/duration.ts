/**
 * Durations as the contract writes them: `500ms`, `30s`, `5m` (or `5min`),
 * `1h`, `1h30m`, decimals (`0.5s`, `1.5m`), or a plain number of seconds.
 * Units appear at most once each, largest first.
 */
const NUMBER = String.raw`\d+(?:\.\d+)?`;
const GRAMMAR = new RegExp(`^(?:(${NUMBER})h)?(?:(${NUMBER})(?:min|m(?!s)))?(?:(${NUMBER})s)?(?:(${NUMBER})ms)?$`);

/** What a plain number of seconds is: digits, optionally a fraction. */
const PLAIN_SECONDS = /^\d+(\.\d+)?$/;

/** The text's value in ms before rounding, or null when it is not a duration. */
function exactMs(t: string): number | null {
  if (PLAIN_SECONDS.test(t)) return Number(t) * 1000;
  const m = t === "" ? null : GRAMMAR.exec(t);
  if (!m) return null;
  const [, h, min, s, ms] = m;
  return Number(h ?? 0) * 3_600_000 + Number(min ?? 0) * 60_000 + Number(s ?? 0) * 1000 + Number(ms ?? 0);
}

/**
 * Milliseconds, or null when the text is not a duration. A duration is
 * rounded to the millisecond; one that is not zero but rounds to 0 (`0.0004`,
 * `0.1ms`) is not a duration either: 0 means "never" to --timeout, so a tiny
 * wait must not silently become an endless one.
 */
export function parseDuration(text: string): number | null {
  const exact = exactMs(text.trim());
  if (exact === null || !Number.isFinite(exact)) return null;
  const ms = Math.round(exact);
  if (ms === 0 && exact !== 0) return null;
  return Number.isSafeInteger(ms) ? ms : null;
}

/** Why parseDuration refused the text, in one line for a usage error. */
export function durationProblem(text: string): string {
  const exact = exactMs(text.trim());
  if (exact !== null && exact > 0 && Math.round(exact) === 0) {
    return "must be 0 or at least 1ms: a shorter duration rounds to 0, which means never";
  }
  return "expected a duration like 500ms, 30s, 1.5m, 45min, 1h30m, or a number of seconds";
}

/** A compact human duration: `850ms`, `42s`, `1m05s`, `2h03m`. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return "-";
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const totalSeconds = Math.floor(ms / 1000);
  const h = Math.floor(totalSeconds / 3600);
  const m = Math.floor((totalSeconds % 3600) / 60);
  const s = totalSeconds % 60;
  if (h > 0) return `${h}h${String(m).padStart(2, "0")}m`;
  if (m > 0) return `${m}m${String(s).padStart(2, "0")}s`;
  return `${s}s`;
}
