/**
 * Checks on what a process wrote: pieces of secrets (any 8-character slice,
 * the output boundary's unit, see src/output/secrets.ts) and bytes a terminal
 * would act on (ESC, C1, a bare CR and the other C0 controls).
 */

/** The shortest piece of a secret that must never be seen (src/output/secrets.ts MIN_SECRET_SLICE). */
export const SLICE = 8;

/** The spellings of a secret searched for: as it is, and JSON-escaped. */
function spellings(secret: string): string[] {
  return [...new Set([secret, JSON.stringify(secret).slice(1, -1)])];
}

/**
 * Every secret that has an 8-character slice (of itself or of its JSON-escaped
 * form) in the text: one line per secret, naming the secret, the slice and
 * where it appeared, with some context. Empty when nothing leaked.
 */
export function leaks(text: string, secrets: Record<string, string>, opts: { ignoreCase?: boolean } = {}): string[] {
  const haystack = opts.ignoreCase ? text.toLowerCase() : text;
  const found: string[] = [];
  for (const [name, secret] of Object.entries(secrets)) {
    search: for (const form of spellings(secret)) {
      for (let i = 0; i + SLICE <= form.length; i++) {
        const slice = form.slice(i, i + SLICE);
        const at = haystack.indexOf(opts.ignoreCase ? slice.toLowerCase() : slice);
        if (at < 0) continue;
        const context = text.slice(Math.max(0, at - 60), at + SLICE + 60);
        found.push(`${name}: characters ${i}-${i + SLICE} ${JSON.stringify(slice)} at offset ${at}: …${JSON.stringify(context)}…`);
        break search;
      }
    }
  }
  return found;
}

/** Markdown as GitHub shows it: backslash escapes and the HTML entities a renderer decodes. */
export function markdownAsShown(text: string): string {
  return text
    .replace(/\\([!-/:-@[-`{-~])/g, "$1")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#0*39;/g, "'")
    .replace(/&amp;/g, "&");
}

/** Workflow command lines (`::error title=…::msg`) as the runner decodes them (actions/toolkit escaping). */
export function workflowCommandsAsShown(text: string): string {
  return text
    .split("\n")
    .map((line) =>
      line.startsWith("::")
        ? line.replace(/%0D/gi, "\r").replace(/%0A/gi, "\n").replace(/%3A/gi, ":").replace(/%2C/gi, ",").replace(/%25/g, "%")
        : line,
    )
    .join("\n");
}

/** What a pseudo-terminal run may hold: cursor moves, erase, show/hide cursor, colour. */
export const CURSOR_OR_SGR = /\u001b\[[0-9;?]*[A-Za-z]/g;

/**
 * Every byte a terminal would act on, with its offset and context: ESC (so any
 * escape sequence; an OSC `ESC ]` is named as such), C1 (U+0080–U+009F), a CR
 * (bare or not: the product writes "\n" only), DEL and the other C0 controls
 * but LF and TAB. Empty when the text is clean.
 */
export function unclean(text: string): string[] {
  const found: string[] = [];
  const re = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
  for (let m = re.exec(text); m !== null && found.length < 10; m = re.exec(text)) {
    const c = m[0];
    const what =
      c === "\u001b"
        ? text[m.index + 1] === "]"
          ? "OSC (ESC ])"
          : "ESC"
        : c === "\r"
          ? "CR"
          : `U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`;
    found.push(`${what} at offset ${m.index}: …${JSON.stringify(text.slice(Math.max(0, m.index - 40), m.index + 40))}…`);
  }
  return found;
}
