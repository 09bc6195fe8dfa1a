/**
 * Server text (detail, status, error_msg, header values) is cleaned where it
 * enters the process: CSI/OSC/DCS sequences go as a whole, then every remaining
 * C0 and C1 control character (and DEL); CR, LF and TAB become spaces.
 * Printable Unicode stays. Linear in the input (no pattern here backtracks: a
 * match attempt either fails on its first character or succeeds), idempotent.
 * Masking of secrets happens later, at the output boundary, on clean text.
 */
// ESC [ … final byte; ESC ] … BEL or ST; ESC P/X/^/_ … ST; ESC + intermediates + final
// byte (e.g. `ESC ( B`, `ESC # 8`); any other ESC + one char.
const ESCAPES =
  /\u001b\[[0-?]*[ -/]*[@-~]?|\u009b[0-?]*[ -/]*[@-~]?|\u001b[\]PX^_][\s\S]*?(?:\u0007|\u001b\\|\u009c|$)|[\u009d\u0090\u0098\u009e\u009f][\s\S]*?(?:\u0007|\u001b\\|\u009c|$)|\u001b(?:[ -/]+[0-~]?|[\s\S]?)/g;
/** Controls that are dropped: every C0 but TAB, LF, CR; DEL; every C1. */
const DROPPED = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]+/g;
/** Controls that become a space. */
const SPACED = /[\t\n\r]/g;
const ANY_CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

export function sanitize(text: string): string {
  // Fast path: most server text has no control character at all.
  if (!ANY_CONTROL.test(text)) return text;
  return text.replace(ESCAPES, "").replace(DROPPED, "").replace(SPACED, " ");
}
