/**
 * How text from the user's files, flags and environment is shown in errors,
 * warnings and `config`: never a control character or escape sequence (a
 * config key can hold an OSC title or `ESC[2J`), never the password of an
 * endpoint URL, never a secret, and never more than a line's worth of it.
 */

/**
 * What JSON.stringify leaves as is but a terminal must not get: DEL and the C1
 * controls (U+009B is CSI on its own), plus invisible format characters that
 * reorder or hide text (bidi overrides and isolates, zero-width characters, the
 * line and paragraph separators).
 */
const UNSAFE_LEFT_BY_JSON = /[\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]/g;

const escapeCode = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`;

/** The first `max` code points of `text`, and `…` when there were more. */
function cap(text: string, max: number): string {
  if (text.length <= max) return text;
  const points = Array.from(text);
  return points.length <= max ? text : `${points.slice(0, max).join("")}…`;
}

/**
 * Text in double quotes, JSON-escaped (every control as `\u001b`, `\n`…, and
 * the invisible characters above too), cut to `max` code points with `…`:
 * `quoteText("prod")` is `"prod"`, as the messages printed it before.
 */
export function quoteText(text: string, max = 64): string {
  return JSON.stringify(cap(text, max)).replace(UNSAFE_LEFT_BY_JSON, escapeCode);
}

/**
 * Text shown without quotes (a path), with the same escapes for what a terminal
 * must not get; quotes and backslashes stay as they are.
 */
export function showText(text: string, max = 256): string {
  return cap(text, max)
    .replace(/[\u0000-\u001f]/g, escapeCode)
    .replace(UNSAFE_LEFT_BY_JSON, escapeCode);
}

/** `scheme://` at the start (after white space, which the URL parser skips). */
const SCHEME = /^\s*[A-Za-z][A-Za-z0-9+.-]*:\/\//;

/**
 * An endpoint as it may be shown: any userinfo (`user:pass@`) becomes `****@`,
 * whether the text parses as a URL or not. Everything up to the last `@` counts
 * as userinfo, so a password holding `/`, `#` or `@` is hidden whole; other text
 * is left as is: `https://admin:pw@bcs.example.com/` is `https://****@bcs.example.com/`.
 */
export function displayUrl(text: string): string {
  const at = text.lastIndexOf("@");
  if (at < 0) return text;
  const prefix = SCHEME.exec(text)?.[0] ?? "";
  if (at < prefix.length) return text;
  return `${prefix}****${text.slice(at)}`;
}

/**
 * The password in an endpoint URL's userinfo, as written and percent-decoded,
 * for the output boundary to mask (it also covers URLs that do not parse).
 * Several readings are given when they differ (up to the first `/` or up to the
 * last `@`): one too many is harmless to a mask. A userinfo without `:` is a
 * user name, not a password, and gives nothing.
 */
export function urlSecrets(text: string): string[] {
  const found: string[] = [];
  const add = (password: string | undefined) => {
    if (!password) return;
    found.push(password);
    try {
      found.push(decodeURIComponent(password));
    } catch {
      // Not valid percent-encoding: the text as written is all there is.
    }
  };
  try {
    add(new URL(text).password);
  } catch {
    // Not a URL: the readings below still find a password.
  }
  const prefix = SCHEME.exec(text)?.[0] ?? "";
  const rest = text.slice(prefix.length);
  const authority = /^[^/\\?#]*/.exec(rest)?.[0] ?? "";
  for (const part of [authority, rest]) {
    const at = part.lastIndexOf("@");
    const userinfo = at < 0 ? "" : part.slice(0, at);
    const colon = userinfo.indexOf(":");
    if (colon >= 0) add(userinfo.slice(colon + 1));
  }
  return [...new Set(found)].filter((s) => s !== "");
}

/** A secret shown as its last 4 characters: `****abcd` (short secrets show nothing). */
export function mask(secret: string): string {
  return secret.length > 8 ? `****${secret.slice(-4)}` : "****";
}

/**
 * A setting's value as `config` shows it: a secret masked, a URL without its
 * userinfo, and no control character (a value may come from a file).
 */
export function displayValue(def: { secret: boolean; url?: boolean }, value: string): string {
  return showText(def.secret ? mask(value) : def.url ? displayUrl(value) : value, 2000);
}
