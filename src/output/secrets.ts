/**
 * Every secret the run knows, and the masking that the output boundary applies
 * to each byte it lets out (docs/RELIABILITY.md, "The output boundary").
 *
 * Not only whole secrets are masked: any run of 8 or more characters taken from
 * a secret is. A server may echo part of a token, a cap may cut one in two, and
 * JSON may escape one; none of these may carry a recognisable piece of it out.
 * Shorter secrets are not searched for: masking an ordinary word or number in
 * server text ("wrong", "401") would tell the reader what the secret is.
 */
import { sanitize } from "../util/clean.js";
import { asciiLower, matchKey } from "./match-key.js";
import { cleanStreamText } from "./terminal-text.js";

export const MIN_SECRET_SLICE = 8;

export const MASK = "****";

/** render/github.ts escapeData: `%`, CR, LF percent-encoded, and `##[` spelled `## [`. */
const workflowData = (s: string) => s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A").replace(/##\[/g, "## [");
/** render/markdown.ts escapeInline (after cleaning): whitespace runs as one space, Markdown punctuation (and what starts an autolink) backslash-escaped. */
const markdownEscaped = (s: string, collapse: boolean) =>
  (collapse ? s.replace(/\s+/g, " ") : s).replace(/[\\`*_[\]<>|~&#!@]/g, "\\$&").replace(/:(?=\/)|(?<=www)\./gi, "\\$&");
/** render/json.ts: JSON.stringify's spelling, DEL, C1 controls and the line and paragraph separators then escaped (terminalSafe). */
const jsonEscaped = (s: string) =>
  JSON.stringify(s)
    .slice(1, -1)
    .replace(/[\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);

/**
 * The spellings of a secret that the tool's own cleaning and escaping give it
 * on the way out. Cleaning: server text is cleaned where it enters
 * (util/clean.ts: a TAB, CR or LF becomes a space, escape sequences and other
 * controls go), and every write is cleaned at the boundary (terminal-text.ts:
 * controls and invisible characters go) before it is masked, so a secret with
 * such a character is looked for as each cleaning leaves it. Escaping: JSON
 * (--json, --raw; C1 controls as `\u0085`), percent-encoding, the Markdown
 * summary's escaped punctuation (render/markdown.ts escapeInline: `P\_a\<ss`
 * renders as `P_a<ss`, whitespace runs as one space) and its code spans (a
 * backtick becomes `'`), and a workflow command's message and property
 * escaping (render/github.ts: `%` is `%25`, `:` `%3A`, `,` `%2C`, `##[` is
 * `## [`; the runner decodes the percent escapes). A secret with such a
 * character at least every 7 characters has no 8 plain characters in a row in
 * those spellings, so each spelling is masked as a secret of its own.
 */
function forms(secret: string): string[] {
  const out = new Set<string>();
  for (const text of new Set([secret, sanitize(secret)])) {
    const message = workflowData(text);
    out.add(text);
    out.add(jsonEscaped(text));
    out.add(markdownEscaped(text, false));
    out.add(markdownEscaped(text, true));
    out.add(text.replace(/`/g, "'"));
    out.add(message);
    out.add(message.replace(/:/g, "%3A").replace(/,/g, "%2C"));
    try {
      out.add(encodeURIComponent(text));
    } catch {
      // a lone surrogate cannot be percent-encoded, nor sent in a header
    }
  }
  // Every write is cleaned at the boundary before it is masked: each spelling as that cleaning leaves it.
  for (const form of [...out]) out.add(cleanStreamText(form, false));
  return [...out];
}

/** Secrets of this many characters or more are also matched in any ASCII letter case, in windows of this length. */
export const MIN_FOLDED_SLICE = 16;

export class Secrets {
  readonly #known = new Set<string>();
  /**
   * Every window of MIN_SECRET_SLICE characters of every form of every
   * secret, as matchKey spells it (no invisible characters, NFD). Letter case
   * counts here: folding it would mask ordinary words of the tool's own text
   * ("password") that match a slice of a user's password, and so tell the
   * reader what the password holds.
   */
  readonly #slices = new Windows(MIN_SECRET_SLICE, false);
  /**
   * Every window of MIN_FOLDED_SLICE characters of every form of a secret of
   * that length or more, ASCII letters in lower case: an upper-cased echo of a
   * token (or a host name the server lower-cased) is masked too, and no word
   * of the tool's own is that long.
   */
  readonly #folded = new Windows(MIN_FOLDED_SLICE, true);
  /** Who is told of each secret as it is learned (output/boundary.ts, for a GitHub Action's `::add-mask::`). */
  readonly #listeners: ((secret: string) => void)[] = [];
  /** Every secret told to the listeners, short ones too: the runner masks a secret of any length. */
  readonly #told = new Set<string>();

  /** Calls fn with every secret learned from now on, once each, before add() returns. */
  onLearn(fn: (secret: string) => void): void {
    this.#listeners.push(fn);
  }

  /** Learns a secret (a resolved setting, an issued token); later output masks it too. */
  add(secret: string | null | undefined): void {
    if (secret && this.#listeners.length > 0 && !this.#told.has(secret)) {
      this.#told.add(secret);
      for (const fn of this.#listeners) fn(secret);
    }
    if (!secret || secret.length < MIN_SECRET_SLICE || this.#known.has(secret)) return;
    this.#known.add(secret);
    const long = matchKey(secret).key.length >= MIN_FOLDED_SLICE;
    for (const form of forms(secret)) {
      const key = matchKey(form).key;
      for (let i = 0; i + MIN_SECRET_SLICE <= key.length; i++) this.#slices.add(key.slice(i, i + MIN_SECRET_SLICE));
      if (!long) continue;
      const folded = asciiLower(key);
      for (let i = 0; i + MIN_FOLDED_SLICE <= folded.length; i++) this.#folded.add(folded.slice(i, i + MIN_FOLDED_SLICE));
    }
  }

  /** How many secrets are known (for tests and traces; never the values). */
  get size(): number {
    return this.#known.size;
  }

  /** Whether the text holds any slice of a secret. */
  reveals(text: string): boolean {
    return this.mask(text) !== text;
  }

  /**
   * The text with every run that overlaps a secret slice replaced by `****`.
   * Slices are looked for in the text's match key (output/match-key.ts: no
   * invisible characters, NFD, and for long secrets any ASCII case); what is
   * replaced is the span of the text itself that shows the run, so the rest
   * of the text stays as it was. Linear in the text's length.
   */
  mask(text: string): string {
    if (this.#slices.strings.size === 0 || text.length < MIN_SECRET_SLICE) return text;
    const { key, from } = matchKey(text);
    if (key.length < MIN_SECRET_SLICE) return text;
    const runs = windowRuns(key, this.#slices);
    const folded = windowRuns(key, this.#folded);
    const all = folded.length > 0 ? runs.concat(folded) : runs;
    if (all.length === 0) return text;
    // Runs on the key, as spans of the text: from the start of the first character to the start of the next one shown.
    const spans = from ? all.map(([a, b]): [number, number] => [from[a] as number, spanEnd(from, b, text.length)]) : all;
    spans.sort((x, y) => x[0] - y[0]);
    let out = "";
    let copied = 0;
    let runStart = -1;
    let runEnd = -1;
    for (const [a, b] of spans) {
      if (a > runEnd) {
        if (runStart >= 0) {
          out += `${text.slice(copied, runStart)}${MASK}`;
          copied = runEnd;
        }
        runStart = a;
      }
      runEnd = Math.max(runEnd, b);
    }
    return `${out}${text.slice(copied, runStart)}${MASK}${text.slice(runEnd)}`;
  }
}

/** Where the character holding key unit b - 1 ends in the text: the start of the next character in the key (a run can end inside a decomposed one). */
function spanEnd(from: Int32Array, b: number, textLength: number): number {
  const last = from[b - 1] as number;
  for (let k = b; k < from.length; k++) if (from[k] !== last) return from[k] as number;
  return textLength;
}

/** A rolling hash of windows of code units (ASCII letters folded when `fold`): only a window whose hash is known is sliced and looked up. */
const BASE = 0x01000193;
const unitAt = (key: string, i: number, fold: boolean) => {
  const c = key.charCodeAt(i);
  return fold && c >= 65 && c <= 90 ? c + 32 : c;
};
function hashOf(window: string): number {
  let h = 0;
  for (let i = 0; i < window.length; i++) h = (Math.imul(h, BASE) + window.charCodeAt(i)) | 0;
  return h;
}

/** A set of windows of one size, with their hashes. */
class Windows {
  readonly strings = new Set<string>();
  readonly hashes = new Set<number>();
  /** BASE to the power size - 1, what the window's first unit weighs in its hash. */
  readonly top: number;
  constructor(
    readonly size: number,
    readonly fold: boolean,
  ) {
    let p = 1;
    for (let i = 1; i < size; i++) p = Math.imul(p, BASE);
    this.top = p;
  }
  add(window: string): void {
    this.strings.add(window);
    this.hashes.add(hashOf(window));
  }
}

/** The runs [start, end) of the key that known windows cover, overlapping or touching windows as one. One pass, linear in the key. */
function windowRuns(key: string, w: Windows): Array<[number, number]> {
  const runs: Array<[number, number]> = [];
  const { size, fold, top, hashes, strings } = w;
  if (key.length < size || strings.size === 0) return runs;
  let h = 0;
  for (let i = 0; i < size; i++) h = (Math.imul(h, BASE) + unitAt(key, i, fold)) | 0;
  let runStart = -1;
  let runEnd = -1;
  const last = key.length - size;
  for (let i = 0; ; i++) {
    if (hashes.has(h)) {
      const slice = key.slice(i, i + size);
      if (strings.has(fold ? asciiLower(slice) : slice)) {
        if (i > runEnd) {
          if (runStart >= 0) runs.push([runStart, runEnd]);
          runStart = i;
        }
        runEnd = i + size;
      }
    }
    if (i === last) break;
    h = (Math.imul(h - Math.imul(unitAt(key, i, fold), top), BASE) + unitAt(key, i + size, fold)) | 0;
  }
  if (runStart >= 0) runs.push([runStart, runEnd]);
  return runs;
}
