/**
 * Server text (detail, error_msg) is stripped of control characters and escape
 * sequences before it reaches a terminal: CSI/OSC/DCS sequences as a whole, then
 * every remaining C0 and C1 control character (and DEL). Printable Unicode stays.
 */
// ESC [ … final byte; ESC ] … BEL or ST; ESC P/X/^/_ … ST; ESC + intermediates + final
// byte (e.g. `ESC ( B`, `ESC # 8`); any other ESC + one char.
const ESCAPES =
  /\u001b\[[0-?]*[ -/]*[@-~]?|\u009b[0-?]*[ -/]*[@-~]?|\u001b[\]PX^_][\s\S]*?(?:\u0007|\u001b\\|\u009c|$)|[\u009d\u0090\u0098\u009e\u009f][\s\S]*?(?:\u0007|\u001b\\|\u009c|$)|\u001b(?:[ -/]+[0-~]?|[\s\S]?)/g;
const CONTROLS = /[\u0000-\u001f\u007f-\u009f]/g;

export function sanitize(text: string): string {
  return text.replace(ESCAPES, "").replace(CONTROLS, (c) => (c === "\n" || c === "\t" || c === "\r" ? " " : ""));
}
