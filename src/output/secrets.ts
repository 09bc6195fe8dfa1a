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

/** The forms a secret can take in output: as it is, JSON-escaped, and percent-encoded. */
function forms(secret: string): string[] {
  const out = new Set([secret, JSON.stringify(secret).slice(1, -1)]);
  try {
    out.add(encodeURIComponent(secret));
  } catch {
    // a lone surrogate cannot be percent-encoded, nor sent in a header
  }
  return [...out];
}

export class Secrets {
  readonly #known = new Set<string>();
  /** Every window of MIN_SECRET_SLICE characters of every form of every secret. */
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
