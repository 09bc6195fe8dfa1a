/**
 * Durations as the SPEC writes them: `500ms`, `30s`, `5m`, `1h`, `1h30m`, or a
 * plain number of seconds. Units appear at most once each, largest first.
 */
const GRAMMAR = /^(?:(\d+)h)?(?:(\d+)m(?!s))?(?:(\d+)s)?(?:(\d+)ms)?$/;

/** What a plain number of seconds is: digits, optionally a fraction. */
const PLAIN_SECONDS = /^\d+(\.\d+)?$/;

/**
 * Milliseconds, or null when the text is not a duration. A plain number of
 * seconds is rounded to the millisecond; one that is not zero but rounds to 0
 * (`0.0004`) is not a duration either: 0 means "never" to --timeout, so a
 * tiny wait must not silently become an endless one (SPEC "Flags").
 */
export function parseDuration(text: string): number | null {
  const t = text.trim();
  if (PLAIN_SECONDS.test(t)) {
    const seconds = Number(t);
    if (!Number.isFinite(seconds)) return null;
    const ms = Math.round(seconds * 1000);
    return ms === 0 && seconds !== 0 ? null : ms;
  }
  const m = GRAMMAR.exec(t);
  if (!m || t === "") return null;
  const [, h, min, s, ms] = m;
  const total = Number(h ?? 0) * 3_600_000 + Number(min ?? 0) * 60_000 + Number(s ?? 0) * 1000 + Number(ms ?? 0);
  return Number.isSafeInteger(total) ? total : null;
}

/** Why parseDuration refused the text, in one line for a usage error. */
export function durationProblem(text: string): string {
  const t = text.trim();
  if (PLAIN_SECONDS.test(t) && Number(t) > 0 && Math.round(Number(t) * 1000) === 0) {
    return "must be 0 or at least 1ms: a shorter duration rounds to 0, which means never";
  }
  return "expected a duration like 500ms, 30s, 5m, 1h30m, or a number of seconds";
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
