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
    return maskWith(text, this.#slices, this.#folded);
  }
}

/** Secrets.mask over two sets of windows: exported so that its test can hand it sets of its own. */
export function maskWith(text: string, exact: Windows, fold: Windows): string {
  if ((exact.strings.size === 0 && fold.strings.size === 0) || text.length < exact.size) return text;
  const { key, from } = matchKey(text);
  if (key.length < exact.size) return text;
  const runs = windowRuns(key, exact, fold);
  if (runs === null) return text;
  // Runs on the key, as spans of the text: from the start of the first character to the start of
  // the next one shown. In order still; two runs apart on the key can meet in the text (a decomposed character).
  let out = "";
  let copied = 0;
  let runStart = -1;
  let runEnd = -1;
  for (let k = 0; k < runs.length; k += 2) {
    const a = from ? (from[runs[k] as number] as number) : (runs[k] as number);
    const b = from ? spanEnd(from, runs[k + 1] as number, text.length) : (runs[k + 1] as number);
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

/** Where the character holding key unit b - 1 ends in the text: the start of the next character in the key (a run can end inside a decomposed one). */
function spanEnd(from: Int32Array, b: number, textLength: number): number {
  const last = from[b - 1] as number;
  for (let k = b; k < from.length; k++) if (from[k] !== last) return from[k] as number;
  return textLength;
}

/**
 * Where a window of a set can end (Wu and Manber's multi-pattern search): for
 * each pair of code units, how far past it the nearest end of a window holding
 * that pair lies. A text is read at the end of a window-sized stretch; a pair
 * that no window ends with moves the stretch on by that distance (most of a
 * window's length where the pair is in no secret), and only a pair that ends
 * one makes the stretch a candidate, checked against a bitmap of window hashes
 * and then the set itself. Every document of a run is scanned whole, for both
 * window sizes: this reads a fraction of its characters, where a rolling hash
 * read each of them.
 */
const BASE = 0x01000193;

/** A code unit, with an ASCII capital letter in lower case when folding. */
const unitAt = (text: string, i: number, fold: boolean) => {
  const c = text.charCodeAt(i);
  return fold && c >= 65 && c <= 90 ? c + 32 : c;
};

/** The hash of text[start, end), folded or not. */
function hashOf(text: string, start: number, end: number, fold: boolean): number {
  let h = 0;
  for (let i = start; i < end; i++) h = (Math.imul(h, BASE) + unitAt(text, i, fold)) | 0;
  return h;
}

/** Bits of the filter's index: 2^20 bits (128 KiB), so a few thousand windows leave almost every bit clear. */
const FILTER_BITS = 20;
/** The filter's bit for a hash: its bits mixed (the low bits of a polynomial hash see only the low bits of the units), the top ones taken. */
const slotOf = (h: number) => Math.imul(h, 0x9e3779b1) >>> (32 - FILTER_BITS);
/** A pair of code units as an index of the shift table: distinct for every ASCII pair, shared (and so the smaller shift kept) beyond. */
const pairOf = (a: number, b: number) => ((a << 7) ^ b) & 0xffff;

/** A set of windows of one size, with the tables that find them. */
export class Windows {
  readonly strings = new Set<string>();
  readonly filter = new Int32Array(1 << (FILTER_BITS - 5));
  /** Per pair (pairOf), the distance from it to the nearest end of a window that holds it there; size - 1 for a pair in no window. */
  readonly shift: Uint8Array;
  constructor(
    readonly size: number,
    readonly fold: boolean,
  ) {
    this.shift = new Uint8Array(1 << 16).fill(size - 1);
  }
  add(window: string): void {
    this.strings.add(window);
    const slot = slotOf(hashOf(window, 0, window.length, this.fold));
    this.filter[slot >>> 5] = (this.filter[slot >>> 5] as number) | (1 << (slot & 31));
    for (let j = 1; j < window.length; j++) {
      const pair = pairOf(unitAt(window, j - 1, this.fold), unitAt(window, j, this.fold));
      this.shift[pair] = Math.min(this.shift[pair] as number, window.length - 1 - j);
    }
  }
  /** Whether the window of the key that ends before `end` is one of the set. */
  holds(key: string, end: number): boolean {
    const start = end - this.size;
    const slot = slotOf(hashOf(key, start, end, this.fold));
    if (((this.filter[slot >>> 5] as number) & (1 << (slot & 31))) === 0) return false;
    const slice = key.slice(start, end);
    return this.strings.has(this.fold ? asciiLower(slice) : slice);
  }
  /** The runs [start, end) of the key that windows of the set cover, overlapping or touching ones as one, as flat pairs in order; null when none. */
  runsIn(key: string): number[] | null {
    const { size, fold, shift } = this;
    if (this.strings.size === 0 || key.length < size) return null;
    let runs: number[] | null = null;
    for (let end = size; end <= key.length; ) {
      const skip = shift[pairOf(unitAt(key, end - 2, fold), unitAt(key, end - 1, fold))] as number;
      if (skip > 0) {
        end += skip;
        continue;
      }
      if (this.holds(key, end)) {
        runs ??= [];
        // Windows of one size are met in order of their start too: each either joins the last run or opens one.
        if (runs.length > 0 && (runs[runs.length - 1] as number) >= end - size) runs[runs.length - 1] = end;
        else runs.push(end - size, end);
      }
      end++;
    }
    return runs;
  }
}

/** The runs of both sets in one list, in order, runs that overlap or touch joined. */
function windowRuns(key: string, exact: Windows, fold: Windows): number[] | null {
  const a = exact.runsIn(key);
  const b = fold.runsIn(key);
  if (a === null || b === null) return a ?? b;
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const fromA = j >= b.length || (i < a.length && (a[i] as number) <= (b[j] as number));
    const start = (fromA ? a[i] : b[j]) as number;
    const end = (fromA ? a[i + 1] : b[j + 1]) as number;
    if (fromA) i += 2;
    else j += 2;
    if (out.length > 0 && (out[out.length - 1] as number) >= start) out[out.length - 1] = Math.max(out[out.length - 1] as number, end);
    else out.push(start, end);
  }
  return out;
}
