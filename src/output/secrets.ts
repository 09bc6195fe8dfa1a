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
export const MIN_SECRET_SLICE = 8;

export const MASK = "****";

/**
 * The spellings of a secret that the tool's own escaping gives it on the way
 * out: JSON (--json, --raw), percent-encoding, the Markdown summary's escaped
 * punctuation (render/markdown.ts escapeInline: `P\_a\<ss` renders as `P_a<ss`),
 * and a workflow command's message and property escaping (render/github.ts:
 * `%` is `%25`, `:` `%3A`, `,` `%2C`; the runner decodes them). A secret with
 * such a character at least every 7 characters has no 8 plain characters in a
 * row in those spellings, so each spelling is masked as a secret of its own.
 */
function forms(secret: string): string[] {
  const workflowMessage = secret.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
  const out = new Set([
    secret,
    JSON.stringify(secret).slice(1, -1),
    secret.replace(/[\\`*_[\]<>|~&#!]/g, "\\$&"),
    workflowMessage,
    workflowMessage.replace(/:/g, "%3A").replace(/,/g, "%2C"),
  ]);
  try {
    out.add(encodeURIComponent(secret));
  } catch {
    // a lone surrogate cannot be percent-encoded, nor sent in a header
  }
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

  /** Learns a secret (a resolved setting, an issued token); later output masks it too. */
  add(secret: string | null | undefined): void {
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
