/**
 * Every secret the run knows, and the masking that the output boundary applies
 * to each byte it lets out (SPEC "Secrets").
 *
 * Not only whole secrets are masked: any run of 8 or more characters taken from
 * a secret is. A server may echo part of a token, a cap may cut one in two, and
 * JSON may escape one; none of these may carry a recognisable piece of it out.
 * Shorter secrets are not searched for: masking an ordinary word or number in
 * server text ("wrong", "401") would tell the reader what the secret is.
 */
import { sanitize } from "../util/clean.js";
import { cleanStreamText } from "./terminal-text.js";

export const MIN_SECRET_SLICE = 8;

export const MASK = "****";

/** render/github.ts escapeData: `%`, CR, LF percent-encoded, and `##[` spelled `## [`. */
const workflowData = (s: string) => s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A").replace(/##\[/g, "## [");
/** render/markdown.ts escapeInline (after cleaning): whitespace runs as one space, Markdown punctuation backslash-escaped. */
const markdownEscaped = (s: string, collapse: boolean) => (collapse ? s.replace(/\s+/g, " ") : s).replace(/[\\`*_[\]<>|~&#!]/g, "\\$&");
/** render/json.ts: JSON.stringify's spelling, DEL and C1 controls then escaped (terminalSafe). */
const jsonEscaped = (s: string) =>
  JSON.stringify(s)
    .slice(1, -1)
    .replace(/[\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);

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

export class Secrets {
  readonly #known = new Set<string>();
  /**
   * Every window of MIN_SECRET_SLICE characters of every form of every secret.
   * Letter case counts: folding it would mask ordinary words of the tool's own
   * text ("password") that match a slice of a user's password, and so tell the
   * reader what the password holds. The tool never changes the case of server
   * text it shows (a redirect's host is shown as the server sent it).
   */
  readonly #slices = new Set<string>();
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
    for (const form of forms(secret)) {
      for (let i = 0; i + MIN_SECRET_SLICE <= form.length; i++) this.#slices.add(form.slice(i, i + MIN_SECRET_SLICE));
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

  /** The text with every run that overlaps a secret slice replaced by `****`. Linear in the text's length. */
  mask(text: string): string {
    if (this.#slices.size === 0 || text.length < MIN_SECRET_SLICE) return text;
    let out = "";
    let copied = 0;
    let runStart = -1;
    let runEnd = -1;
    const last = text.length - MIN_SECRET_SLICE;
    for (let i = 0; i <= last; i++) {
      if (!this.#slices.has(text.slice(i, i + MIN_SECRET_SLICE))) continue;
      if (i > runEnd) {
        if (runStart >= 0) {
          out += `${text.slice(copied, runStart)}${MASK}`;
          copied = runEnd;
        }
        runStart = i;
      }
      runEnd = i + MIN_SECRET_SLICE;
    }
    if (runStart < 0) return text;
    return `${out}${text.slice(copied, runStart)}${MASK}${text.slice(runEnd)}`;
  }
}
