/**
 * Caps at the edge: server text shown to people (a resource's detail, an
 * error_msg) beyond PEOPLE_MAX characters is cut, with a note of how much was
 * left out. Machine output (--json, --raw) is never capped.
 */

/** A detail or error_msg shown to people beyond 2,000 characters is cut with a note (--json and --raw keep it whole). */
export const PEOPLE_MAX = 2000;

/**
 * For a line that carries capped server text plus words of ours (`HTTP 503
 * BCS.5030503: <error_msg capped>`): capping it again at this length leaves the
 * server text's own note in place.
 */
export const LINE_MAX = PEOPLE_MAX + 500;

/** A status string or an error code: a word, not prose. */
export const WORD_MAX = 200;

/** Room kept for the note, so that a capped text (note included) is at most `max` characters and capping again changes nothing. */
const NOTE_ROOM = 40;

export interface CapOptions {
  /** Characters (code points) shown at most, the note included. */
  max?: number;
  /** `...` instead of `…`. */
  ascii?: boolean;
}

/** 12345 → "12,345" (the same in every locale, so tests and logs agree). */
export function groupDigits(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/**
 * The text as it is when it has at most `max` code points; else its first
 * code points and `… (12,345 more characters)`, `max` code points in all.
 * Never splits a surrogate pair. Cost: one pass over the UTF-16 units, no
 * copy of the input beyond the part kept.
 */
export function capForPeople(text: string, o: CapOptions = {}): string {
  const max = Math.max(NOTE_ROOM * 2, o.max ?? PEOPLE_MAX);
  if (text.length <= max) return text;
  const total = codePoints(text);
  if (total <= max) return text;
  const keep = max - NOTE_ROOM;
  // The UTF-16 index just after the first `keep` code points.
  let end = 0;
  for (let n = 0; n < keep; n++) end += isPairAt(text, end) ? 2 : 1;
  const dots = o.ascii ? "..." : "…";
  return `${text.slice(0, end)}${dots} (${groupDigits(total - keep)} more characters)`;
}

function isPairAt(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  if (c < 0xd800 || c > 0xdbff) return false;
  const d = s.charCodeAt(i + 1);
  return d >= 0xdc00 && d <= 0xdfff;
}

function codePoints(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    n++;
    if (isPairAt(s, i)) i++;
  }
  return n;
}
