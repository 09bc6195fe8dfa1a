/** Replaces every occurrence of each secret (4+ characters) with `****`: a last guard for traces and errors. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) {
    if (s.length >= 4) out = out.split(s).join("****");
  }
  return out;
}
