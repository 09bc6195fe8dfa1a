/**
 * The shortest secret searched for. A shorter one is likely to be an ordinary
 * word or number in server text ("wrong", "401"), and masking it there would
 * tell the reader what the secret is ("The username or password is ****").
 */
export const MIN_REDACTED_LENGTH = 8;

/** Replaces every occurrence of each secret (8+ characters) with `****`: a last guard for traces and errors. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) {
    if (s.length >= MIN_REDACTED_LENGTH) out = out.split(s).join("****");
  }
  return out;
}
